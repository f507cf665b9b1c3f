// fuzz/population_fuzz.cpp — libFuzzer target for the population CSV reader.
//
// Any input must be read without crashing: every chunk holds whole
// households with parallel ids and columns of one row per person (or
// household), and a failure carries a message that names the source and a
// line ("fuzz.csv:N: ...").
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "household/columns.h"
#include "population/population.h"

namespace {

// Every given column has `rows` rows, and text only where it has text at all.
bool WholeRows(const std::vector<household::FactColumn>& facts, size_t rows) {
  for (const household::FactColumn& column : facts) {
    if (!column.given()) continue;
    if (column.number.size() != rows || column.present.size() != rows) return false;
    if (!column.text.empty() && column.text.size() != rows) return false;
  }
  return true;
}

// One list per owner, with offsets that end at the entries' end.
template <typename Entry>
bool WholeLists(const household::ListColumn<Entry>& list, size_t owners) {
  return list.known.size() == owners && list.first.size() == owners + 1 && list.first.back() == list.entries.size();
}

}  // namespace

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
    if (chunk.size() != chunk.household_ids.size() || chunk.size() != chunk.person_ids.size() ||
        chunk.size() != chunk.neighbourhoods.size()) {
      std::abort();
    }
    const household::Columns& columns = chunk.columns;
    for (size_t h = 0; h < chunk.size(); ++h) {
      const size_t members = columns.first_person[h + 1] - columns.first_person[h];
      if (members == 0 || members != chunk.person_ids[h].size()) std::abort();
    }
    if (!WholeRows(columns.person_facts, columns.persons()) || !WholeRows(columns.household_facts, chunk.size()) ||
        !WholeLists(columns.incomes, columns.persons()) || !WholeLists(columns.statuses, columns.persons()) ||
        !WholeLists(columns.real_estate, chunk.size())) {
      std::abort();
    }
    persons += chunk.persons();
  }
  if (persons != reader->persons_read()) std::abort();
  return 0;
}
