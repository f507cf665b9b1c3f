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
#include <cstdint>
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
  // "" when the file has no `neighbourhood` column or the household's cell is empty.
  std::vector<std::string> neighbourhoods;

  // Households in the chunk.
  size_t size() const { return columns.households(); }
  size_t persons() const { return columns.persons(); }
  // The id of person k of household i: its "id" fact, stored once ("" when
  // the chunk was built from documents without one).
  std::string_view person_id(size_t i, size_t k) const;
  // Household i in the document form, for the interpreter (household::HouseholdAt).
  household::Household Household(size_t i) const;
};

// A row longer than this is an error (it is almost always an unterminated quote).
inline constexpr size_t kMaxRowBytes = size_t{1} << 20;
// A household with more persons than this is an error; it bounds the memory
// of one chunk whatever `max_persons` says.
inline constexpr size_t kMaxHouseholdPersons = 10'000;

// Whole households of a population file as raw bytes, cut by
// Reader::NextPiece and parsed by a PieceParser, so that parsing, the costly
// part of reading, runs on as many threads as there are parsers.
struct Piece {
  std::unique_ptr<char[]> bytes;  // storage, passed between the reader and the parsers
  size_t capacity = 0;
  size_t begin = 0;  // the rows are bytes[begin, end)
  size_t end = 0;
  int64_t first_line = 1;  // line of the byte at `begin`
};

// The households a PieceParser read from one piece, in file order, for
// Reader::Admit: whether one reappears after other households can only be
// told in file order, across pieces.
struct PieceHouseholds {
  std::string ids;                // the household ids, one after the other
  std::vector<uint32_t> id_ends;  // household i's id is ids[id_ends[i-1], id_ends[i])
  std::vector<int64_t> lines;     // line of each household's first row
  size_t persons = 0;             // in the whole households
  // On a parse error, the last entry is the household whose rows were being
  // read: its id was already checked when the sequential reader failed.
  bool ends_open = false;

  size_t size() const { return id_ends.size(); }
  std::string_view id(size_t i) const;
  void Clear();
};

class PieceParser;

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

  // The parallel path (rechtop scan). Cuts about `target_bytes` of whole
  // households from the file into `piece` (reusing its storage): the cut
  // falls at the first change of household id after `target_bytes`, so a
  // piece can be longer. Returns false at the end of the file. Where the
  // rows go wrong (a malformed record, a row longer than kMaxRowBytes, a
  // household of more than kMaxHouseholdPersons rows) the piece ends just
  // after the fault and is the last: its parser reports the error, with the
  // message Next would give. Returns Error::Io when reading fails and
  // Error::InvalidInput when one household is larger than 1 GiB. Do not mix
  // with Next on one reader.
  [[nodiscard]] base::Result<bool> NextPiece(Piece& piece, size_t target_bytes);
  // A parser of this reader's pieces (same header, same error messages).
  PieceParser Parser() const;
  // Checks, in file order, that no household of the next piece reappears
  // after other households, and counts them in persons_read and
  // households_read. Returns the error naming the line ("pop.csv:12:
  // household 'h1' reappears ..."); the piece's own parse error, if any,
  // comes after it.
  [[nodiscard]] base::Status Admit(const PieceHouseholds& households);

  // The header's column names, in file order.
  const std::vector<std::string>& columns() const;
  // Persons and households returned so far.
  size_t persons_read() const;
  size_t households_read() const;

 private:
  friend class PieceParser;
  struct Impl;
  explicit Reader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Parses the pieces of one Reader into chunks; each thread has its own.
class PieceParser {
 public:
  PieceParser(PieceParser&&) noexcept;
  PieceParser& operator=(PieceParser&&) noexcept;
  ~PieceParser();

  // Starts on `piece`, taking its bytes until Finish.
  void Start(Piece& piece);
  // Reader::Next within the piece, with the same errors and line numbers,
  // except that reappearing households are left to Reader::Admit.
  [[nodiscard]] base::Result<bool> Next(Chunk& chunk, size_t max_persons);
  // Gives the bytes back to `piece` and the households read from it to
  // `households` (its contents replaced).
  void Finish(Piece& piece, PieceHouseholds& households);

 private:
  friend class Reader;
  explicit PieceParser(std::unique_ptr<Reader::Impl> impl);
  std::unique_ptr<Reader::Impl> impl_;
};

// Every column name the format accepts: the fixed columns, then the person
// fields and the household fields of the schema (household/schema.h).
std::vector<std::string> ColumnNames();

}  // namespace population
