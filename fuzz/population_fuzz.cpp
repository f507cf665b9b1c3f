// fuzz/population_fuzz.cpp — libFuzzer target for the population CSV reader.
//
// Any input must be read without crashing: every chunk holds whole
// households with parallel ids and columns of one row per person (or
// household), and a failure carries a message that names the source and a
// line ("fuzz.csv:N: ..."). The parallel path (Reader::NextPiece, a
// PieceParser, Reader::Admit) must read the same households and fail with
// the same message.
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

// What a read gave: the household ids in order, then the error or "".
struct Outcome {
  std::vector<std::string> households;
  std::string error;
};

// The parallel path, on one thread, in pieces of about `target_bytes`.
Outcome ReadInPieces(const std::string& text, size_t target_bytes) {
  Outcome out;
  std::istringstream in(text);
  auto reader = population::Reader::Open(in, "fuzz.csv");
  if (!reader.ok()) std::abort();  // the sequential read opened it
  population::PieceParser parser = reader->Parser();
  population::Piece piece;
  population::PieceHouseholds households;
  population::Chunk chunk;
  for (;;) {
    auto more = reader->NextPiece(piece, target_bytes);
    if (!more.ok()) {
      out.error = more.error().message();
      return out;
    }
    if (!*more) return out;
    parser.Start(piece);
    std::vector<std::string> ids;
    std::string parse_error;
    for (;;) {
      auto next = parser.Next(chunk, 2);
      if (!next.ok()) {
        parse_error = next.error().message();
        break;
      }
      if (!*next) break;
      ids.insert(ids.end(), chunk.household_ids.begin(), chunk.household_ids.end());
    }
    parser.Finish(piece, households);
    if (auto admitted = reader->Admit(households); !admitted.ok()) {
      out.error = admitted.error().message();
      return out;
    }
    if (!parse_error.empty()) {
      out.error = parse_error;
      return out;
    }
    out.households.insert(out.households.end(), ids.begin(), ids.end());
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::istringstream in(text);
  auto reader = population::Reader::Open(in, "fuzz.csv");
  if (!reader.ok()) {
    if (reader.error().message().rfind("fuzz.csv:", 0) != 0) std::abort();
    return 0;
  }
  Outcome sequential;
  // The piece size comes from the input, so the fuzzer explores the cuts.
  const size_t target_bytes = 1 + (size == 0 ? 0 : data[size / 2] % 64);
  auto same_as_pieces = [&] {
    const Outcome pieces = ReadInPieces(text, target_bytes);
    if (pieces.error != sequential.error) std::abort();
    // After an error the pieces hold fewer households: only those before the failing piece.
    if (sequential.error.empty() && pieces.households != sequential.households) std::abort();
  };
  population::Chunk chunk;
  size_t persons = 0;
  for (;;) {
    // Small chunks exercise the carrying of a household across reads.
    auto more = reader->Next(chunk, 3);
    if (!more.ok()) {
      if (more.error().message().rfind("fuzz.csv:", 0) != 0) std::abort();
      sequential.error = more.error().message();
      same_as_pieces();
      return 0;
    }
    if (!*more) break;
    sequential.households.insert(sequential.households.end(), chunk.household_ids.begin(), chunk.household_ids.end());
    if (chunk.size() != chunk.household_ids.size() || chunk.size() != chunk.neighbourhoods.size()) std::abort();
    const household::Columns& columns = chunk.columns;
    for (size_t h = 0; h < chunk.size(); ++h) {
      const size_t members = columns.first_person[h + 1] - columns.first_person[h];
      if (members == 0) std::abort();
      for (size_t k = 0; k < members; ++k) {
        if (chunk.person_id(h, k).empty()) std::abort();
      }
    }
    if (columns.status_bits.size() != columns.persons()) std::abort();
    for (size_t p = 0; p < columns.persons(); ++p) {
      const uint64_t bits = columns.statuses.known[p] ? household::StatusBits(columns.statuses.Of(p)) : 0;
      if (columns.status_bits[p] != bits) std::abort();
    }
    if (!WholeRows(columns.person_facts, columns.persons()) || !WholeRows(columns.household_facts, chunk.size()) ||
        !WholeLists(columns.incomes, columns.persons()) || !WholeLists(columns.statuses, columns.persons()) ||
        !WholeLists(columns.real_estate, chunk.size())) {
      std::abort();
    }
    persons += chunk.persons();
  }
  if (persons != reader->persons_read()) std::abort();
  same_as_pieces();
  return 0;
}
