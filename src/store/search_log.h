// store/search_log.h
//
// The search log: searches that found nothing, per municipality, so that
// editors see what residents look for and do not find (issue 21). Only the
// normalised query text (search::NormalizeQuery), a count and the first and
// last day are kept: no person, address, request id or time of day. SQL
// (SQLite, PostgreSQL) on db/, and in memory for tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/result.h"

namespace store {

// One query that found nothing in one municipality.
struct SearchMiss {
  std::string municipality;  // the municipality's id (slug); "" when none was chosen
  std::string query;         // normalised, 1..kMaxSearchMissQueryBytes bytes
  int64_t count = 0;         // how often it was searched and found nothing
  base::Date first_seen;
  base::Date last_seen;

  friend bool operator==(const SearchMiss&, const SearchMiss&) = default;
};

// For test failures: "leuven, fietsherstel, 2, 2026-12-07..2026-12-08".
std::ostream& operator<<(std::ostream& out, const SearchMiss& miss);

// Bounds of the log. A longer query or municipality id is refused; a
// municipality keeps at most kMaxSearchMissesPerMunicipality queries: a new
// one beyond that pushes out the one least recently seen (the least searched
// on a tie).
inline constexpr size_t kMaxSearchMissQueryBytes = 100;
inline constexpr size_t kMaxSearchMissMunicipalityBytes = 64;
inline constexpr size_t kMaxSearchMissesPerMunicipality = 1000;

// Implementations are thread-safe, and several processes may write one
// database at once.
class SearchLog {
 public:
  virtual ~SearchLog() = default;

  // Counts a search for `query` in `municipality` ("" for none) on `day` that
  // found nothing: a new row with count 1, or the existing row's count + 1 and
  // last_seen = the later of the two days. Error::InvalidInput for an empty
  // query or one longer than kMaxSearchMissQueryBytes, or a municipality id
  // longer than kMaxSearchMissMunicipalityBytes (nothing is written);
  // Error::Io when the storage fails. Error messages never hold the query.
  [[nodiscard]] virtual base::Status RecordMiss(std::string_view municipality, std::string_view query,
                                                base::Date day) = 0;

  // The misses of `municipality` ("" for the searches without one), or of
  // every municipality when nullopt: by municipality, then most searched
  // first, then most recently seen, then by query. Error::Io when the
  // storage cannot be read.
  [[nodiscard]] virtual base::Result<std::vector<SearchMiss>> ListMisses(
      const std::optional<std::string>& municipality) = 0;
};

// Opens the search log in `target`, like store::Open (a SQLite file or a
// PostgreSQL URI; the schema is migrated). Same errors as store::Open.
// `max_per_municipality` (at least 1) is the bound of rows per municipality.
[[nodiscard]] base::Result<std::unique_ptr<SearchLog>> OpenSearchLog(
    const std::string& target, size_t max_per_municipality = kMaxSearchMissesPerMunicipality);

// A fresh, empty search log that lives in memory only. Never fails.
std::unique_ptr<SearchLog> OpenMemorySearchLog(size_t max_per_municipality = kMaxSearchMissesPerMunicipality);

// The check every implementation makes before writing (see RecordMiss).
[[nodiscard]] base::Status CheckSearchMiss(std::string_view municipality, std::string_view query);

// Sorts `misses` into ListMisses' order, comparing text byte by byte (the
// same on every engine, whatever its collation).
void SortSearchMisses(std::vector<SearchMiss>& misses);

}  // namespace store
