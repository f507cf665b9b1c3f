// base/read_file.h
//
// Reading a whole input into memory, bounded: a command given /dev/urandom or
// a huge file reads at most one byte more than its limit and stops, instead
// of growing without end.
#pragma once

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>

namespace base {

enum class ReadStatus {
  kOk,
  kTooLarge,    // the input holds more than the limit
  kCannotRead,  // the file cannot be opened, or reading failed
};

// Reads `in` to its end into `text` when it holds at most `max_bytes`; else
// stops after max_bytes + 1 bytes and returns kTooLarge. Never throws.
ReadStatus ReadAtMost(std::istream& in, size_t max_bytes, std::string& text);

// ReadAtMost on the file at `path` (binary); a directory cannot be read.
ReadStatus ReadFileAtMost(const std::filesystem::path& path, size_t max_bytes, std::string& text);

}  // namespace base
