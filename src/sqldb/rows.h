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

namespace sqldb::detail {

enum class Table { kHouseholds, kPersons, kPersonStatuses, kPersonIncomes, kHouseholdRealEstate };
inline constexpr Table kTables[] = {Table::kHouseholds, Table::kPersons, Table::kPersonStatuses, Table::kPersonIncomes,
                                    Table::kHouseholdRealEstate};

const char* TableName(Table table);

// The table's column names, each quoted as a SQL identifier ("\"housing.rent_monthly\""),
// in the order ForEachRow fills a row.
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
