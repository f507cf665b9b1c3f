// db/postgres.cpp — the PostgreSQL Connection (see db.h), on libpqxx 6.4
// (Debian bookworm). Statements outside a transaction run in one of their
// own; BulkInsert streams COPY lines (pqxx::stream_to).
#include <charconv>
#include <memory>
#include <pqxx/pqxx>
#include <utility>

#include "db/db.h"

namespace db {
namespace detail {

// One row already in COPY text format.
struct CopyLine {
  std::string text;
};

// libpqxx 6.4's stream_to writes only std::tuple rows, but our rows are as
// wide as the table. stream_to::operator<< renders a row with an unqualified
// separated_list(...) call, so argument-dependent lookup picks this overload
// and the preformatted line goes through unchanged.
std::string separated_list(const std::string&, const CopyLine& line, const pqxx::internal::TypedCopyEscaper&) {
  return line.text;
}

}  // namespace detail

namespace {

static_assert(PQXX_VERSION_MAJOR == 6, "the stream_to hook above is written for libpqxx 6 (Debian bookworm)");

constexpr pqxx::oid kBoolOid = 16;  // pg_type.oid of boolean

// COPY text format: tab-separated, \N is NULL, and backslash, tab, newline
// and carriage return inside a value are backslash-escaped.
void AppendCopyLine(const Params& row, std::string& out) {
  out.clear();
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += '\t';
    if (std::holds_alternative<std::nullptr_t>(row[i])) {
      out += "\\N";
    } else if (const int64_t* number = std::get_if<int64_t>(&row[i])) {
      char buffer[24];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *number);
      out.append(buffer, end);
    } else {
      for (char c : std::get<std::string>(row[i])) {
        switch (c) {
          case '\\':
            out += "\\\\";
            break;
          case '\t':
            out += "\\t";
            break;
          case '\n':
            out += "\\n";
            break;
          case '\r':
            out += "\\r";
            break;
          default:
            out += c;
        }
      }
    }
  }
}

// pqxx messages end in a newline and may span lines; keep them, minus the end.
std::string Message(const std::exception& e) {
  std::string text = e.what();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

bool IsBlank(std::string_view sql) { return sql.find_first_not_of(" \t\r\n;") == std::string_view::npos; }

std::vector<Row> ToRows(const pqxx::result& result) {
  std::vector<bool> is_bool(result.columns());
  for (size_t c = 0; c < is_bool.size(); ++c) {
    is_bool[c] = result.column_type(static_cast<pqxx::row::size_type>(c)) == kBoolOid;
  }
  std::vector<Row> rows;
  rows.reserve(result.size());
  for (const auto& tuple : result) {
    Row& row = rows.emplace_back(is_bool.size());
    for (size_t c = 0; c < is_bool.size(); ++c) {
      const pqxx::field field = tuple[static_cast<pqxx::row::size_type>(c)];
      if (field.is_null()) continue;
      if (is_bool[c]) {  // PostgreSQL prints booleans as t/f; SQLite stores 1/0.
        row[c].emplace(field.c_str()[0] == 't' ? "1" : "0");
      } else {
        row[c].emplace(field.c_str(), field.size());
      }
    }
  }
  return rows;
}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(const std::string& conninfo) : connection_(conninfo) {
    // ISO dates whatever the server's default; no NOTICE chatter on stderr.
    connection_.set_variable("DateStyle", "'ISO, YMD'");
    connection_.set_variable("client_min_messages", "warning");
    // The rule views are large expressions: JIT would spend seconds compiling
    // them for every query, far more than it saves.
    connection_.set_variable("jit", "off");
  }

  Engine engine() const override { return Engine::kPostgres; }

  base::Status ExecScript(std::string_view sql) override {
    if (IsBlank(sql)) return base::Ok{};
    return InWork<base::Ok>([&](pqxx::transaction_base& work) -> base::Status {
      work.exec(std::string(sql));
      return base::Ok{};
    });
  }

  base::Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
    return InWork<std::vector<Row>>(
        [&](pqxx::transaction_base& work) -> base::Result<std::vector<Row>> { return ToRows(Run(work, sql, params)); });
  }

  base::Result<int64_t> Exec(std::string_view sql, const Params& params) override {
    return InWork<int64_t>([&](pqxx::transaction_base& work) -> base::Result<int64_t> {
      return static_cast<int64_t>(Run(work, sql, params).affected_rows());
    });
  }

  base::Status BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                          const RowSource& source) override {
    return InWork<base::Ok>([&](pqxx::transaction_base& work) -> base::Status {
      pqxx::stream_to stream(work, std::string(table), columns);
      detail::CopyLine line;
      base::Status status = source([&](const Params& row) -> base::Status {
        AppendCopyLine(row, line.text);
        stream << line;
        return base::Ok{};
      });
      stream.complete();
      return status;
    });
  }

  base::Status LockForTransaction(std::string_view name) override {
    if (!work_) return base::Error::Internal("a lock is taken inside a write transaction");
    auto locked = Query("SELECT pg_advisory_xact_lock(hashtext(?1))", {std::string(name)});
    if (!locked.ok()) return locked.error();
    return base::Ok{};
  }

  base::Status Begin(TransactionMode mode) override {
    if (work_) return base::Error::Internal("a transaction is already open");
    try {
      // Writers read committed and lock the rows they change; a reader gets
      // one snapshot for all its statements, as on SQLite.
      work_ = std::make_unique<pqxx::work>(connection_);
      if (mode == TransactionMode::kRead) work_->exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      return base::Ok{};
    } catch (const pqxx::broken_connection& e) {
      return base::Error::Io(Message(e));
    } catch (const std::exception& e) {
      return base::Error::InvalidInput(Message(e));
    }
  }

  base::Status Commit() override {
    if (!work_) return base::Error::Internal("no transaction is open");
    std::unique_ptr<pqxx::work> work = std::move(work_);
    try {
      work->commit();
      return base::Ok{};
    } catch (const pqxx::broken_connection& e) {
      return base::Error::Io(Message(e));
    } catch (const std::exception& e) {
      return base::Error::InvalidInput(Message(e));
    }
  }

  void Rollback() override {
    std::unique_ptr<pqxx::work> work = std::move(work_);
    if (!work) return;
    try {
      work->abort();
    } catch (const std::exception&) {  // the connection is gone; the server rolls back itself
    }
  }

  bool InTransaction() const override { return work_ != nullptr; }

 private:
  static pqxx::result Run(pqxx::transaction_base& work, std::string_view sql, const Params& params) {
    if (params.empty()) return work.exec(std::string(sql));
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);  // nullptr is SQL NULL
    for (size_t i = 0; i < params.size(); ++i) {
      if (const int64_t* number = std::get_if<int64_t>(&params[i])) {
        texts[i] = std::to_string(*number);
        values[i] = texts[i].c_str();
      } else if (const std::string* text = std::get_if<std::string>(&params[i])) {
        values[i] = text->c_str();
      }
    }
    return work.exec_params(ToPostgresPlaceholders(sql), pqxx::prepare::make_dynamic_params(values));
  }

  // Runs `body` in the open transaction, or in one of its own that commits
  // when `body` succeeds. An error inside an open transaction aborts it, as
  // PostgreSQL does: the caller then rolls back.
  template <typename T, typename Body>
  base::Result<T> InWork(Body body) {
    try {
      if (work_) return body(*work_);
      pqxx::work work(connection_);
      base::Result<T> result = body(work);
      if (result.ok()) work.commit();
      return result;
    } catch (const pqxx::broken_connection& e) {
      return base::Error::Io(Message(e));
    } catch (const std::exception& e) {
      return base::Error::InvalidInput(Message(e));
    }
  }

  pqxx::connection connection_;
  std::unique_ptr<pqxx::work> work_;
};

}  // namespace

base::Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& conninfo) {
  try {
    return std::unique_ptr<Connection>(std::make_unique<PostgresConnection>(conninfo));
  } catch (const std::exception& e) {
    // The conninfo is left out of the message: it may hold a password.
    return base::Error::Io("cannot connect: " + Message(e));
  }
}

}  // namespace db
