// population/population.h
//
// The population file (docs/population.md): CSV with a header row, one row per
// person, the rows of a household contiguous. Reader streams it in chunks of
// whole households, so memory is bounded by the chunk, not by the file; it is
// the input of `rechtop scan`. Synthesize (population/synth.h) writes it.
//
// Why hand-written: the file can hold 11.7 million persons, so the reader
// scans its own buffer with memchr, writes each cell straight into the
// chunk's columns (household/columns.h: one array per input, reused from
// chunk to chunk, never a Household object per person) and parses money and
// numbers by hand, exactly and without floating point.
#pragma once

#include <cstddef>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "household/columns.h"
#include "household/model.h"

namespace population {

// Whole households read from a population file, in file order, in the column
// form the batch engine reads: `columns` holds the households, and the three
// vectors below are parallel to them (entry i describes household i).
//
// Only the inputs the file has a column for are given (FactColumn::given):
// every person field column fills its person column with one row per person
// (an empty cell is an absent row), every household field column its
// household column with one row per household; every other input's column
// stays empty. The person field "id" is always given (the person id).
// `person_facts` and `household_facts` are sized by the schema, so any
// FieldId indexes them. `incomes` and `statuses` have one owner per person
// (unknown where the file cannot say), `real_estate` one unknown owner per
// household: the format cannot carry it.
struct Chunk {
  household::Columns columns;
  std::vector<std::string> household_ids;
  // person_ids[i][k] is the id of person k of household i (also its "id" fact).
  std::vector<std::vector<std::string>> person_ids;
  // "" when the file has no `neighbourhood` column or the household's cell is empty.
  std::vector<std::string> neighbourhoods;

  // Households in the chunk.
  size_t size() const { return columns.households(); }
  size_t persons() const { return columns.persons(); }
  // Household i in the document form, for the interpreter (household::HouseholdAt).
  household::Household Household(size_t i) const;
};

// A row longer than this is an error (it is almost always an unterminated quote).
inline constexpr size_t kMaxRowBytes = size_t{1} << 20;
// A household with more persons than this is an error; it bounds the memory
// of one chunk whatever `max_persons` says.
inline constexpr size_t kMaxHouseholdPersons = 10'000;

// Streams a population file. Not thread-safe; one reader per stream.
class Reader {
 public:
  // Reads and validates the header row of `in`. `in` must outlive the reader;
  // `source_name` prefixes every error message ("pop.csv:1234: ..."). Returns
  // Error::InvalidInput for an empty file, a missing required column, an
  // unknown or duplicate column (with "did you mean" suggestions), and
  // Error::Io when reading fails.
  [[nodiscard]] static base::Result<Reader> Open(std::istream& in, std::string source_name);

  Reader(Reader&&) noexcept;
  Reader& operator=(Reader&&) noexcept;
  ~Reader();

  // Replaces the contents of `chunk` with the next whole households: at most
  // `max_persons` persons, unless a single household is larger (it then comes
  // alone). Returns true when households were read, false at the end of the
  // file (with `chunk` empty). On malformed input returns Error::InvalidInput
  // naming the line and column ("pop.csv:1234: column 'birth_date': '2025-02-30'
  // is not a date (YYYY-MM-DD)"); `chunk` then holds the whole households this
  // call read before the failing household, and the reader is finished and
  // returns the same error again. The reader reuses the storage of what `chunk` held
  // (any chunk will do), so pass the same chunk back each time: the steady
  // state allocates almost nothing. Never throws on any input.
  [[nodiscard]] base::Result<bool> Next(Chunk& chunk, size_t max_persons);

  // The header's column names, in file order.
  const std::vector<std::string>& columns() const;
  // Persons and households returned so far.
  size_t persons_read() const;
  size_t households_read() const;

 private:
  struct Impl;
  explicit Reader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Every column name the format accepts: the fixed columns, then the person
// fields and the household fields of the schema (household/schema.h).
std::vector<std::string> ColumnNames();

}  // namespace population
