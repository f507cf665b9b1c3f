// store/memory/memory_search_log.cpp — the in-memory search log: a map behind
// a mutex, with the bounds and order of the SQL one.
#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

#include "store/search_log.h"

namespace store {
namespace {

class MemorySearchLog final : public SearchLog {
 public:
  explicit MemorySearchLog(size_t max_per_municipality)
      : max_per_municipality_(std::max<size_t>(max_per_municipality, 1)) {}

  base::Status RecordMiss(std::string_view municipality, std::string_view query, base::Date day) override {
    if (auto valid = CheckSearchMiss(municipality, query); !valid.ok()) return valid;
    std::lock_guard<std::mutex> lock(mutex_);
    std::map<std::string, SearchMiss, std::less<>>& town = misses_[std::string(municipality)];
    auto found = town.find(query);
    if (found != town.end()) {
      SearchMiss& miss = found->second;
      ++miss.count;
      miss.first_seen = std::min(miss.first_seen, day);
      miss.last_seen = std::max(miss.last_seen, day);
      return base::Ok{};
    }
    town.emplace(std::string(query), SearchMiss{std::string(municipality), std::string(query), 1, day, day});
    if (town.size() > max_per_municipality_) {
      // Out goes the least recently seen, the least searched on a tie, as in the SQL store.
      auto oldest = town.begin();
      for (auto it = town.begin(); it != town.end(); ++it) {
        const SearchMiss& a = it->second;
        const SearchMiss& b = oldest->second;
        if (a.last_seen < b.last_seen || (a.last_seen == b.last_seen && a.count < b.count) ||
            (a.last_seen == b.last_seen && a.count == b.count && a.query > b.query)) {
          oldest = it;
        }
      }
      town.erase(oldest);
    }
    return base::Ok{};
  }

  base::Result<std::vector<SearchMiss>> ListMisses(const std::optional<std::string>& municipality) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<SearchMiss> out;
    for (const auto& [town, misses] : misses_) {
      if (municipality && town != *municipality) continue;
      for (const auto& [query, miss] : misses) out.push_back(miss);
    }
    SortSearchMisses(out);
    return out;
  }

 private:
  const size_t max_per_municipality_;
  std::mutex mutex_;
  std::map<std::string, std::map<std::string, SearchMiss, std::less<>>> misses_;
};

}  // namespace

std::unique_ptr<SearchLog> OpenMemorySearchLog(size_t max_per_municipality) {
  return std::make_unique<MemorySearchLog>(max_per_municipality);
}

}  // namespace store
