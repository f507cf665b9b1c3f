// base/read_file.cpp — bounded whole-input reads (see read_file.h).
#include "base/read_file.h"

#include <algorithm>
#include <fstream>
#include <vector>

namespace base {

ReadStatus ReadAtMost(std::istream& in, size_t max_bytes, std::string& text) {
  text.clear();
  // Blocks, not one buffer of the limit: most inputs are far smaller.
  std::vector<char> block(size_t{64} << 10);
  while (in) {
    const size_t want = std::min(block.size(), max_bytes + 1 - text.size());
    in.read(block.data(), static_cast<std::streamsize>(want));
    text.append(block.data(), static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) return ReadStatus::kTooLarge;
  }
  return in.bad() ? ReadStatus::kCannotRead : ReadStatus::kOk;
}

ReadStatus ReadFileAtMost(const std::filesystem::path& path, size_t max_bytes, std::string& text) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return ReadStatus::kCannotRead;
  std::ifstream in(path, std::ios::binary);
  if (!in) return ReadStatus::kCannotRead;
  return ReadAtMost(in, max_bytes, text);
}

}  // namespace base
