// base/utf8.cpp — strict UTF-8 validation (see utf8.h).
#include "base/utf8.h"

#include <cstdint>
#include <cstring>

namespace base {

size_t Utf8SequenceLength(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  auto continuation = [&](size_t i) { return i < n && (p[i] & 0xC0) == 0x80; };
  const unsigned char lead = p[0];
  if (lead < 0x80) return 1;
  if (lead < 0xC2) return 0;  // a continuation byte, or C0/C1 (overlong two-byte forms)
  if (lead < 0xE0) return continuation(1) ? 2 : 0;
  if (lead < 0xF0) {
    if (n < 2) return 0;
    // E0: the second byte A0..BF (no overlong form); ED: 80..9F (no surrogate).
    if (lead == 0xE0 && p[1] < 0xA0) return 0;
    if (lead == 0xED && p[1] > 0x9F) return 0;
    return continuation(1) && continuation(2) ? 3 : 0;
  }
  if (lead < 0xF5) {
    if (n < 2) return 0;
    // F0: the second byte 90..BF (no overlong form); F4: 80..8F (up to U+10FFFF).
    if (lead == 0xF0 && p[1] < 0x90) return 0;
    if (lead == 0xF4 && p[1] > 0x8F) return 0;
    return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

size_t FirstInvalidUtf8(std::string_view text) {
  const char* const begin = text.data();
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // ASCII eight bytes at a time: no byte has its high bit set.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, begin + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    while (i < n && static_cast<unsigned char>(begin[i]) < 0x80) {
      ++i;
      if ((i & 7) == 0) break;  // back to the word loop
    }
    if (i >= n) break;
    if (static_cast<unsigned char>(begin[i]) < 0x80) continue;
    // A run of non-ASCII sequences.
    while (i < n && static_cast<unsigned char>(begin[i]) >= 0x80) {
      const size_t length = Utf8SequenceLength(text.substr(i));
      if (length == 0) return i;
      i += length;
    }
  }
  return std::string_view::npos;
}

}  // namespace base
