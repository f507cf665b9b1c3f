// sqldb/database.cpp — the population Database on the database layer
// (db/db.h): SQLite or PostgreSQL, with messages that start with the dialect.
// Load writes each table with one bulk insert (a prepared INSERT on SQLite,
// COPY on PostgreSQL), all tables of a chunk in one transaction.
#include <utility>

#include "db/db.h"
#include "sqldb/rows.h"
#include "sqldb/sqldb.h"

namespace sqldb {
namespace {

using detail::Cell;
using detail::Table;

db::Value ToValue(const Cell& cell) {
  switch (cell.kind) {
    case Cell::Kind::kNull:
      return nullptr;
    case Cell::Kind::kInt:
      return cell.number;
    case Cell::Kind::kText:
      break;
  }
  return cell.text;
}

}  // namespace

Database::Database(std::unique_ptr<db::Connection> connection) : connection_(std::move(connection)) {}
Database::~Database() = default;

rules::sql::Dialect Database::dialect() const {
  return connection_->engine() == db::Engine::kSqlite ? rules::sql::Dialect::kSqlite : rules::sql::Dialect::kPostgres;
}

base::Error Database::Failure(const base::Error& error, const std::string& what) const {
  std::string message =
      std::string(dialect() == rules::sql::Dialect::kSqlite ? "sqlite: " : "postgres: ") + what + error.message();
  return error.code() == base::Error::Code::kIo ? base::Error::Io(message) : base::Error::InvalidInput(message);
}

base::Status Database::Exec(std::string_view sql) {
  auto done = connection_->ExecScript(sql);
  if (!done.ok()) return Failure(done.error(), "");
  return base::Ok{};
}

base::Result<std::vector<Row>> Database::Query(std::string_view sql) {
  auto rows = connection_->Query(sql);
  if (!rows.ok()) return Failure(rows.error(), "");
  return rows;
}

base::Status Database::Load(const population::Chunk& chunk) {
  auto transaction = db::Transaction::Begin(*connection_, db::TransactionMode::kWrite);
  if (!transaction.ok()) return Failure(transaction.error(), "");
  for (Table table : detail::kTables) {
    // A row the chunk itself cannot give (vectors not parallel) is reported
    // as it is; a row the database refuses names the household on SQLite,
    // and the table and COPY line on PostgreSQL (the server's own context).
    bool source_failed = false;
    base::Status loaded = connection_->BulkInsert(
        detail::TableName(table), detail::QuotedColumns(table), [&](const db::Connection::Emit& emit) {
          db::Params values;
          base::Status rows =
              detail::ForEachRow(chunk, table, [&](const std::vector<Cell>& row, size_t h) -> base::Status {
                values.clear();
                for (const Cell& cell : row) values.push_back(ToValue(cell));
                auto emitted = emit(values);
                if (!emitted.ok()) {
                  return Failure(emitted.error(), "loading household '" + chunk.household_ids[h] + "' into " +
                                                      detail::TableName(table) + ": ");
                }
                return base::Ok{};
              });
          source_failed = !rows.ok();
          return rows;
        });
    if (!loaded.ok()) {
      if (source_failed) return loaded.error();
      return Failure(loaded.error(), "loading a chunk of " + std::to_string(chunk.size()) + " households: ");
    }
  }
  if (auto committed = transaction->Commit(); !committed.ok()) return Failure(committed.error(), "");
  return base::Ok{};
}

base::Status Database::CreateTables() { return Exec(rules::sql::TablesSql()); }

base::Status Database::SetReferenceDate(base::Date date) {
  // A plain string literal: both dialects store it in the DATE column as ISO text.
  return Exec("DELETE FROM scan_date;\nINSERT INTO scan_date (reference_date) VALUES ('" + date.ToString() + "');");
}

base::Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path) {
  // A population database is scratch: it is rebuilt from the population file.
  auto connection = db::OpenSqlite(path, db::SqliteOptions{.durable = false});
  if (!connection.ok()) return base::Error::Io("sqlite: " + path + ": " + connection.error().message());
  return std::make_unique<Database>(std::move(*connection));
}

base::Result<std::unique_ptr<Database>> OpenPostgres(const std::string& conninfo) {
  auto connection = db::OpenPostgres(conninfo);
  // The conninfo is left out of the message: it may hold a password.
  if (!connection.ok()) return base::Error::Io("postgres: " + connection.error().message());
  return std::make_unique<Database>(std::move(*connection));
}

}  // namespace sqldb
