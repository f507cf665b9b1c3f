// fuzz/household_fuzz.cpp — libFuzzer target for the household JSON reader.
//
// Any input must be read without crashing; an accepted household must write
// out as JSON that reads back, and writes out again identically.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "household/json_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto household = household::ReadHousehold(text, "fuzz.json");
  if (!household.ok()) {
    if (household.error().message().empty()) std::abort();
    return 0;
  }
  std::string written = household::HouseholdToJson(*household);
  auto again = household::ReadHousehold(written, "rewritten.json");
  if (!again.ok()) {
    std::fprintf(stderr, "rewritten household does not read back: %s\n%s\n", again.error().message().c_str(),
                 written.c_str());
    std::abort();
  }
  if (household::HouseholdToJson(*again) != written) {
    std::fprintf(stderr, "canonical form is not stable:\n%s\n", written.c_str());
    std::abort();
  }
  return 0;
}
