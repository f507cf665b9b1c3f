// sqldb/rows.h — internal to sqldb/: a chunk of households as the rows of the
// population tables, one typed cell per column, shared by the SQLite and the
// PostgreSQL loaders so both store exactly the same values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "population/population.h"
#include "rules/sql/sql.h"

namespace sqldb::detail {

using rules::sql::kTables;
using rules::sql::Table;
using rules::sql::TableName;

// The table's column names (rules::sql::TableColumns), each quoted as a SQL
// identifier ("\"housing.rent_monthly\""), in the order ForEachRow fills a row.
const std::vector<std::string>& QuotedColumns(Table table);

// One value: NULL, an integer (cents, counts, booleans as 0/1) or text (dates as ISO text).
struct Cell {
  enum class Kind { kNull, kInt, kText };
  Kind kind = Kind::kNull;
  int64_t number = 0;
  std::string text;
};

using EmitRow = std::function<base::Status(const std::vector<Cell>& row, size_t household_index)>;

// Calls `emit` for every row `chunk` gives `table`, in chunk order; the row is
// reused between calls. Stops at and returns the first error of `emit`;
// Error::InvalidInput when the chunk's vectors are not parallel.
[[nodiscard]] base::Status ForEachRow(const population::Chunk& chunk, Table table, const EmitRow& emit);

}  // namespace sqldb::detail
