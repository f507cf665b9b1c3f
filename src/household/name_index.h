// household/name_index.h
//
// The position of a name in a small list of short names (status names, the
// statuses a compiled program asks about), found without hashing every byte.
//
// Why: the population reader looks up every status it reads, and the
// compiled engine every status of every person of a chunk; std::hash over
// the whole name cost more than the rest of that work. Names of such a list
// mostly differ in length, first or last letter, so a table indexed by those
// finds the one candidate and a single comparison confirms it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace household {

class NameIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  NameIndex() { Build(); }
  explicit NameIndex(std::vector<std::string> names) : names_(std::move(names)) { Build(); }

  // The position of `name` in the list, or kNone.
  uint32_t Find(std::string_view name) const {
    const uint32_t i = table_[Slot(name)];
    if (i != kNone && names_[i] == name) return i;
    if (collided_) {
      for (size_t k = 0; k < names_.size(); ++k) {
        if (names_[k] == name) return static_cast<uint32_t>(k);
      }
    }
    return kNone;
  }
  bool empty() const { return names_.empty(); }
  size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  void Build() {
    for (uint32_t& slot : table_) slot = kNone;
    for (size_t i = 0; i < names_.size(); ++i) {
      uint32_t& slot = table_[Slot(names_[i])];
      if (slot != kNone) {
        collided_ = true;  // the later name is found by the full search
        continue;
      }
      slot = static_cast<uint32_t>(i);
    }
  }
  static size_t Slot(std::string_view name) {
    if (name.empty()) return 0;
    const size_t key =
        name.size() * 131 + static_cast<unsigned char>(name.front()) * 7 + static_cast<unsigned char>(name.back());
    return key % kSlots;
  }
  static constexpr size_t kSlots = 257;
  std::vector<std::string> names_;
  uint32_t table_[kSlots];
  bool collided_ = false;
};

}  // namespace household
