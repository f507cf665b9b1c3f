// sqldb/sqldb.cpp — what both dialects share (see sqldb.h).
#include "sqldb/sqldb.h"

#include "household/columns.h"
#include "household/schema.h"

namespace sqldb {

base::Status Database::CreateTables() { return Exec(rules::sql::TablesSql()); }

base::Status Database::SetReferenceDate(base::Date date) {
  // A plain string literal: both dialects store it in the DATE column as ISO text.
  return Exec("DELETE FROM scan_date;\nINSERT INTO scan_date (reference_date) VALUES ('" + date.ToString() + "');");
}

population::Chunk MakeChunk(const std::vector<household::Household>& households) {
  population::Chunk chunk;
  for (size_t h = 0; h < households.size(); ++h) {
    std::string household_id = "h" + std::to_string(h + 1);
    chunk.household_ids.push_back(std::move(household_id));
    chunk.neighbourhoods.emplace_back();
    household::AppendHousehold(households[h], chunk.columns);
  }
  return chunk;
}

}  // namespace sqldb
