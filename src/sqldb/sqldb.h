// sqldb/sqldb.h
//
// A population inside a SQL database: loads households into the tables of
// rules::sql::TablesSql() (docs/sql.md) and runs SQL text against SQLite or
// PostgreSQL (through the database layer, db/), so the views of rules/sql/
// can be evaluated there. This module never writes SQL of its own beyond
// loading those tables.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/result.h"
#include "db/db.h"
#include "household/model.h"
#include "population/population.h"
#include "rules/sql/sql.h"

namespace sqldb {

// One result row, a cell per column: the value as text, nullopt for NULL.
// Booleans are "1"/"0" and dates "YYYY-MM-DD" in both dialects.
using Row = db::Row;

// A population database, on one connection of the database layer (db/).
// Every method reports failure as an Error whose message starts with the
// dialect ("sqlite: ...", "postgres: ...") and carries the database's own
// message; nothing throws. Not thread-safe.
class Database {
 public:
  explicit Database(std::unique_ptr<db::Connection> connection);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  rules::sql::Dialect dialect() const;

  // Runs `sql`, which may hold several statements; rows are discarded.
  [[nodiscard]] base::Status Exec(std::string_view sql);

  // Runs `sql` and returns the rows of its last statement.
  [[nodiscard]] base::Result<std::vector<Row>> Query(std::string_view sql);

  // Creates the population tables (rules::sql::TablesSql()).
  [[nodiscard]] base::Status CreateTables();

  // Inserts the households of `chunk`, in one transaction: either all of
  // them are stored or none. Ids must be unique across loads.
  [[nodiscard]] base::Status Load(const population::Chunk& chunk);

  // Makes `date` the one row of `scan_date`, the reference date of the views.
  [[nodiscard]] base::Status SetReferenceDate(base::Date date);

 private:
  base::Error Failure(const base::Error& error, const std::string& what) const;

  std::unique_ptr<db::Connection> connection_;
};

// Opens (creating if needed) the SQLite database at `path`; ":memory:" gives
// a private in-memory database. Error::Io when it cannot be opened.
[[nodiscard]] base::Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path);

// Connects to PostgreSQL with a libpq conninfo ("host=/tmp/x port=5432
// dbname=d user=u"). Error::Io when the connection fails.
[[nodiscard]] base::Result<std::unique_ptr<Database>> OpenPostgres(const std::string& conninfo);

// A chunk of `households` with generated ids "h1", "h2", ... in order; a
// person's id is its "id" fact. Neighbourhoods are empty. For tests and callers that hold
// households rather than a population file.
population::Chunk MakeChunk(const std::vector<household::Household>& households);

}  // namespace sqldb
