// fuzz/population_fuzz.cpp — libFuzzer target for the population CSV reader.
//
// Any input must be read without crashing: every chunk holds whole
// households with parallel ids, and a failure carries a message that names
// the source and a line ("fuzz.csv:N: ...").
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "population/population.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto reader = population::Reader::Open(in, "fuzz.csv");
  if (!reader.ok()) {
    if (reader.error().message().rfind("fuzz.csv:", 0) != 0) std::abort();
    return 0;
  }
  population::Chunk chunk;
  size_t persons = 0;
  for (;;) {
    // Small chunks exercise the carrying of a household across reads.
    auto more = reader->Next(chunk, 3);
    if (!more.ok()) {
      if (more.error().message().rfind("fuzz.csv:", 0) != 0) std::abort();
      return 0;
    }
    if (!*more) break;
    if (chunk.households.size() != chunk.household_ids.size() ||
        chunk.households.size() != chunk.person_ids.size() ||
        chunk.households.size() != chunk.neighbourhoods.size()) {
      std::abort();
    }
    for (size_t h = 0; h < chunk.households.size(); ++h) {
      if (chunk.households[h].persons.empty() ||
          chunk.households[h].persons.size() != chunk.person_ids[h].size()) {
        std::abort();
      }
    }
    persons += chunk.persons();
  }
  if (persons != reader->persons_read()) std::abort();
  return 0;
}
