// db/sqlite.cpp — the SQLite Connection (see db.h), on the sqlite3 C API.
// Prepared statements are cached by their text for the connection's life, so
// a statement run once per row (an insert, a bulk load) is parsed once.
#include <sqlite3.h>

#include <map>
#include <string>
#include <utility>

#include "db/db.h"

namespace db {
namespace {

bool IsIoFailure(int rc) {
  switch (rc & 0xff) {
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return true;
    default:
      return false;
  }
}

bool IsBlank(const char* begin, const char* end) {
  for (; begin < end; ++begin) {
    if (*begin != ' ' && *begin != '\t' && *begin != '\n' && *begin != '\r' && *begin != ';') return false;
  }
  return true;
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, statement] : cache_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Engine engine() const override { return Engine::kSqlite; }

  base::Status ExecScript(std::string_view sql) override {
    std::string text(sql);  // sqlite3_exec needs a terminating NUL
    char* message = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string error = message != nullptr ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      return IsIoFailure(rc) ? base::Error::Io(error) : base::Error::InvalidInput(error);
    }
    return base::Ok{};
  }

  base::Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    std::vector<Row> rows;
    base::Status status = Run(sql, params, &rows);
    if (!status.ok()) return status.error();
    return rows;
  }

  base::Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    base::Status status = Run(sql, params, nullptr);
    if (!status.ok()) return status.error();
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  base::Status BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                          const RowSource& source) override {
    std::string sql = "INSERT INTO " + std::string(table) + " (";
    std::string values;
    for (size_t i = 0; i < columns.size(); ++i) {
      sql += (i == 0 ? "" : ", ") + columns[i];
      values += i == 0 ? "?" : ", ?";
    }
    sql += ") VALUES (" + values + ")";
    auto statement = Cached(sql);
    if (!statement.ok()) return statement.error();
    return source([&](const Params& row) { return Step(*statement, row, nullptr); });
  }

  base::Status LockForTransaction(std::string_view) override {
    if (!InTransaction()) return base::Error::Internal("a lock is taken inside a write transaction");
    return base::Ok{};  // BEGIN IMMEDIATE took the database's one write lock
  }

  base::Status Begin(TransactionMode mode) override {
    return ExecScript(mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  base::Status Commit() override { return ExecScript("COMMIT"); }
  void Rollback() override {
    if (InTransaction()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  bool InTransaction() const override { return sqlite3_get_autocommit(db_) == 0; }

 private:
  base::Error Failure(int rc) const {
    std::string message = sqlite3_errmsg(db_);
    return IsIoFailure(rc) ? base::Error::Io(message) : base::Error::InvalidInput(message);
  }

  // The prepared statement for `sql`, parsed on first use. `sql` must be one statement.
  base::Result<sqlite3_stmt*> Cached(const std::string& sql) {
    if (auto found = cache_.find(sql); found != cache_.end()) return found->second;
    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    int rc =
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement, &tail);
    if (rc != SQLITE_OK) return Failure(rc);
    if (statement == nullptr) return base::Error::InvalidInput("empty statement");
    if (!IsBlank(tail, sql.data() + sql.size())) {
      sqlite3_finalize(statement);
      return base::Error::InvalidInput("one statement at a time, found more after: " +
                                       sql.substr(0, static_cast<size_t>(tail - sql.data())));
    }
    // Statements are few and fixed; a caller that builds SQL text with
    // values in it must not grow the cache without bound.
    if (cache_.size() >= kMaxCached) {
      for (auto& [text, cached] : cache_) sqlite3_finalize(cached);
      cache_.clear();
    }
    cache_.emplace(sql, statement);
    return statement;
  }

  // Binds `params`, steps `statement` to the end collecting rows into `rows`
  // (when given), and resets it for the next use.
  base::Status Step(sqlite3_stmt* statement, const Params& params, std::vector<Row>* rows) {
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(statement)) {
      return base::Error::InvalidInput("the statement takes " +
                                       std::to_string(sqlite3_bind_parameter_count(statement)) + " parameters, " +
                                       std::to_string(params.size()) + " given");
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      int rc = std::visit(
          [&](const auto& value) {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              return sqlite3_bind_null(statement, index);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              return sqlite3_bind_int64(statement, index, value);
            } else {
              return sqlite3_bind_text(statement, index, value.data(), static_cast<int>(value.size()),
                                       SQLITE_TRANSIENT);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) {
        sqlite3_reset(statement);
        return Failure(rc);
      }
    }
    int columns = sqlite3_column_count(statement);
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
      if (rows == nullptr) continue;
      Row& row = rows->emplace_back(static_cast<size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(statement, c) == SQLITE_NULL) continue;
        const unsigned char* text = sqlite3_column_text(statement, c);
        row[static_cast<size_t>(c)].emplace(reinterpret_cast<const char*>(text),
                                            static_cast<size_t>(sqlite3_column_bytes(statement, c)));
      }
    }
    base::Status status = rc == SQLITE_DONE ? base::Status(base::Ok{}) : base::Status(Failure(rc));
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    return status;
  }

  // Runs `sql`: one statement with `params`, or, without params, several
  // statements of which the last that returns rows fills `rows`.
  base::Status Run(std::string_view sql, const Params& params, std::vector<Row>* rows) {
    if (!params.empty() || HasOneStatement(sql)) {
      auto statement = Cached(std::string(sql));
      if (!statement.ok()) return statement.error();
      return Step(*statement, params, rows);
    }
    const char* next = sql.data();
    const char* end = sql.data() + sql.size();
    while (next < end) {
      sqlite3_stmt* statement = nullptr;
      int rc = sqlite3_prepare_v2(db_, next, static_cast<int>(end - next), &statement, &next);
      if (rc != SQLITE_OK) return Failure(rc);
      if (statement == nullptr) continue;  // only whitespace or a comment was left
      std::vector<Row> these;
      base::Status status = Step(statement, {}, &these);
      bool has_columns = sqlite3_column_count(statement) > 0;
      sqlite3_finalize(statement);
      if (!status.ok()) return status;
      if (rows != nullptr && has_columns) *rows = std::move(these);
    }
    return base::Ok{};
  }

  // A cheap test that keeps multi-statement scripts out of the cache: no ';'
  // before the last non-blank character (quotes are rare in such scripts and
  // at worst send a single statement down the uncached path).
  static bool HasOneStatement(std::string_view sql) {
    size_t last = sql.find_last_not_of(" \t\r\n;");
    return last == std::string_view::npos || sql.substr(0, last).find(';') == std::string_view::npos;
  }

  static constexpr size_t kMaxCached = 256;
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

}  // namespace

base::Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, SqliteOptions options) {
  sqlite3* db = nullptr;
  // NOMUTEX: a Connection is never shared between threads unserialised (db.h).
  int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return base::Error::Io("cannot open database: " + message);
  }
  auto connection = std::make_unique<SqliteConnection>(db);  // owns db from here on
  auto fail = [&](const base::Error& error) { return base::Error::Io(error.message()); };
  if (auto set = connection->ExecScript("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;"); !set.ok()) {
    return fail(set.error());
  }
  if (options.durable) {
    auto journal = connection->Query("PRAGMA journal_mode = WAL", {});
    if (!journal.ok()) return fail(journal.error());
    std::string mode = journal->empty() ? "" : Text(journal->front(), 0);
    if (mode != "wal" && path != ":memory:") {
      return base::Error::Io("cannot use the WAL journal (journal mode is '" + mode + "')");
    }
    if (auto set = connection->ExecScript("PRAGMA synchronous = FULL;"); !set.ok()) return fail(set.error());
  }
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace db
