// sqldb/sqlite.cpp — the SQLite Database (see sqldb.h), on the sqlite3 C API.
// Load binds typed values to one prepared INSERT per table, kept for the
// connection's life, inside one transaction per chunk.
#include <sqlite3.h>

#include <array>
#include <utility>

#include "sqldb/rows.h"
#include "sqldb/sqldb.h"

namespace sqldb {
namespace {

using detail::Cell;
using detail::Table;

// Finalises a statement on scope exit.
struct StatementGuard {
  sqlite3_stmt* statement;
  ~StatementGuard() { sqlite3_finalize(statement); }
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  ~SqliteDatabase() override {
    for (sqlite3_stmt* statement : inserts_) sqlite3_finalize(statement);
    sqlite3_close(db_);
  }
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  rules::sql::Dialect dialect() const override { return rules::sql::Dialect::kSqlite; }

  base::Status Exec(std::string_view sql) override {
    std::string text(sql);  // sqlite3_exec needs a terminating NUL
    char* message = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string error = message != nullptr ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      return base::Error::InvalidInput("sqlite: " + error);
    }
    return base::Ok{};
  }

  base::Result<std::vector<Row>> Query(std::string_view sql) override {
    std::vector<Row> rows;
    const char* next = sql.data();
    const char* end = sql.data() + sql.size();
    while (next < end) {
      sqlite3_stmt* statement = nullptr;
      if (sqlite3_prepare_v2(db_, next, static_cast<int>(end - next), &statement, &next) != SQLITE_OK) {
        return Failure("");
      }
      if (statement == nullptr) continue;  // only whitespace or a comment was left
      StatementGuard guard{statement};
      int columns = sqlite3_column_count(statement);
      if (columns > 0) rows.clear();  // the last statement with rows wins
      int rc;
      while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        Row& row = rows.emplace_back(columns);
        for (int c = 0; c < columns; ++c) {
          if (sqlite3_column_type(statement, c) == SQLITE_NULL) continue;
          const unsigned char* text = sqlite3_column_text(statement, c);
          row[c].emplace(reinterpret_cast<const char*>(text), sqlite3_column_bytes(statement, c));
        }
      }
      if (rc != SQLITE_DONE) return Failure("");
    }
    return rows;
  }

  base::Status Load(const population::Chunk& chunk) override {
    if (auto begun = Exec("BEGIN"); !begun.ok()) return begun;
    for (Table table : detail::kTables) {
      auto status = LoadTable(chunk, table);
      if (!status.ok()) {
        (void)Exec("ROLLBACK");
        return status;
      }
    }
    auto committed = Exec("COMMIT");
    if (!committed.ok()) (void)Exec("ROLLBACK");
    return committed;
  }

 private:
  base::Error Failure(const std::string& what) const {
    return base::Error::InvalidInput("sqlite: " + what + sqlite3_errmsg(db_));
  }

  base::Status LoadTable(const population::Chunk& chunk, Table table) {
    sqlite3_stmt*& insert = inserts_[static_cast<size_t>(table)];
    if (insert == nullptr) {
      const auto& columns = detail::QuotedColumns(table);
      std::string sql = std::string("INSERT INTO ") + detail::TableName(table) + " (";
      std::string values;
      for (size_t i = 0; i < columns.size(); ++i) {
        sql += (i == 0 ? "" : ", ") + columns[i];
        values += i == 0 ? "?" : ", ?";
      }
      sql += ") VALUES (" + values + ")";
      if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &insert, nullptr) != SQLITE_OK) {
        return Failure(std::string("loading table ") + detail::TableName(table) + ": ");
      }
    }
    return detail::ForEachRow(chunk, table, [&](const std::vector<Cell>& row, size_t h) -> base::Status {
      for (size_t i = 0; i < row.size(); ++i) {
        const Cell& cell = row[i];
        int index = static_cast<int>(i) + 1;
        // SQLITE_STATIC: the row outlives the step below.
        int rc = cell.kind == Cell::Kind::kNull  ? sqlite3_bind_null(insert, index)
                 : cell.kind == Cell::Kind::kInt ? sqlite3_bind_int64(insert, index, cell.number)
                                                 : sqlite3_bind_text(insert, index, cell.text.data(),
                                                                     static_cast<int>(cell.text.size()), SQLITE_STATIC);
        if (rc != SQLITE_OK) return Failure(Place(chunk, h, table));
      }
      int rc = sqlite3_step(insert);
      if (rc != SQLITE_DONE) {
        auto error = Failure(Place(chunk, h, table));
        sqlite3_reset(insert);
        return error;
      }
      sqlite3_reset(insert);
      return base::Ok{};
    });
  }

  static std::string Place(const population::Chunk& chunk, size_t h, Table table) {
    return "loading household '" + chunk.household_ids[h] + "' into " + detail::TableName(table) + ": ";
  }

  sqlite3* db_;
  std::array<sqlite3_stmt*, std::size(detail::kTables)> inserts_{};
};

}  // namespace

base::Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path) {
  sqlite3* db = nullptr;
  // NOMUTEX: a Database is not shared between threads (sqldb.h), so skip the locking.
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return base::Error::Io("sqlite: " + path + ": cannot open database: " + message);
  }
  return std::unique_ptr<Database>(std::make_unique<SqliteDatabase>(db));
}

}  // namespace sqldb
