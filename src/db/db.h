// db/db.h
//
// The one database layer: a connection to SQLite (sqlite3) or PostgreSQL
// (libpqxx) with statements that bind their parameters, transactions, bulk
// loading, and every failure returned as a base::Error, never thrown. The
// directory store, the population database of sqldb/ and the migrations
// (db/migrate.h) all go through it, so both engines behave the same to them.
//
// SQL is written once with `?` or `?N` placeholders (SQLite's spelling); on
// PostgreSQL they become `$N`. Booleans read back as "1"/"0" and dates as
// "YYYY-MM-DD" on both engines.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"

namespace db {

enum class Engine { kSqlite, kPostgres };

// "sqlite" or "postgresql".
std::string_view EngineName(Engine engine);

// A bound parameter: SQL NULL, an integer (cents, counts, 0/1) or text.
using Value = std::variant<std::nullptr_t, int64_t, std::string>;
using Params = std::vector<Value>;

// One result row, a cell per column: the value as text, nullopt for NULL.
using Row = std::vector<std::optional<std::string>>;

// The text of a cell, "" for NULL; the integer of a cell, 0 for NULL or text
// that is not a whole number.
std::string Text(const Row& row, size_t column);
int64_t Int(const Row& row, size_t column);

enum class TransactionMode {
  kRead,   // a consistent snapshot of the database
  kWrite,  // takes the write lock up front (SQLite: BEGIN IMMEDIATE), so it never fails half-way on a busy lock
};

// One connection. Not thread-safe: callers that share one serialise it.
// Failures are Error::InvalidInput when the database refused the statement
// (syntax, a constraint, a trigger) and Error::Io when the connection or the
// file failed; the message is the database's own, without the engine name.
class Connection {
 public:
  virtual ~Connection() = default;

  virtual Engine engine() const = 0;

  // Runs `sql`, which may hold several statements and no parameters.
  [[nodiscard]] virtual base::Status ExecScript(std::string_view sql) = 0;

  // Runs the one statement `sql` with `params` bound to its placeholders
  // and returns its rows (none for a statement that gives none).
  [[nodiscard]] virtual base::Result<std::vector<Row>> Query(std::string_view sql, const Params& params = {}) = 0;

  // Runs the one statement `sql` and returns how many rows it changed.
  [[nodiscard]] virtual base::Result<int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;

  // Appends rows to `table` (`columns` already quoted as identifiers):
  // COPY on PostgreSQL, one prepared INSERT on SQLite. `source` calls `emit`
  // once per row, with one value per column; an error it returns stops the
  // load and is returned. Run it inside a transaction to make it all or nothing.
  using Emit = std::function<base::Status(const Params& row)>;
  using RowSource = std::function<base::Status(const Emit& emit)>;
  [[nodiscard]] virtual base::Status BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                                                const RowSource& source) = 0;

  // Inside a write transaction: waits until no other connection, of any
  // process, holds the lock `name`, and holds it until the transaction ends.
  // For work that must not run twice at once, such as an import or a
  // migration (PostgreSQL: an advisory lock; SQLite's write transaction
  // already excludes every other writer).
  [[nodiscard]] virtual base::Status LockForTransaction(std::string_view name) = 0;

  [[nodiscard]] virtual base::Status Begin(TransactionMode mode) = 0;
  [[nodiscard]] virtual base::Status Commit() = 0;
  // Never fails in a way a caller could act on; a no-op outside a transaction.
  virtual void Rollback() = 0;
  virtual bool InTransaction() const = 0;
};

// A transaction that rolls back when it goes out of scope uncommitted, so an
// early return on an error never leaves one open.
class Transaction {
 public:
  [[nodiscard]] static base::Result<Transaction> Begin(Connection& connection, TransactionMode mode);
  Transaction(Transaction&& other) noexcept : connection_(other.connection_) { other.connection_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction() {
    if (connection_ != nullptr) connection_->Rollback();
  }
  [[nodiscard]] base::Status Commit();

 private:
  explicit Transaction(Connection& connection) : connection_(&connection) {}
  Connection* connection_;
};

struct SqliteOptions {
  // WAL journal with synchronous=FULL, so a committed transaction survives a
  // power cut: what a database of personal data needs. Off for scratch
  // databases (a population loaded to run a scan), which keep SQLite's defaults.
  bool durable = true;
};

// Opens (creating if needed) the SQLite database at `path` (":memory:" for
// a private one), with foreign keys on and a busy timeout, so that several
// processes can share the file.
[[nodiscard]] base::Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, SqliteOptions options = {});

// Connects to PostgreSQL with a libpq URI ("postgresql://user@host/db") or
// conninfo ("host=/tmp/x port=5432 dbname=d").
[[nodiscard]] base::Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& conninfo);

// True for a target that names PostgreSQL: a "postgresql://" or
// "postgres://" URI, or a libpq conninfo holding "dbname=" or "host=".
bool IsPostgresTarget(std::string_view target);

// PostgreSQL for a PostgreSQL target, otherwise the SQLite file at `target`.
[[nodiscard]] base::Result<std::unique_ptr<Connection>> Open(const std::string& target, SqliteOptions options = {});

// `target` as it may be shown in messages and logs: a password in a URI
// ("postgresql://u:secret@h/db") or a conninfo ("password=secret") is replaced by "***".
std::string Redacted(std::string_view target);

// `sql` with its `?` and `?N` placeholders written as PostgreSQL's `$N`;
// text inside quotes and comments is left alone.
std::string ToPostgresPlaceholders(std::string_view sql);

}  // namespace db
