// sqldb/sqldb.cpp — chunks of households held in memory (see sqldb.h).
#include "sqldb/sqldb.h"

#include "household/columns.h"
#include "household/schema.h"

namespace sqldb {

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
