// sqldb/postgres.cpp — the PostgreSQL Database (see sqldb.h), on libpqxx 6.4
// (Debian bookworm). Load streams each table with COPY (pqxx::stream_to),
// all tables of a chunk in one transaction.
#include <charconv>
#include <pqxx/pqxx>
#include <utility>

#include "sqldb/rows.h"
#include "sqldb/sqldb.h"

namespace sqldb {
namespace detail {

// One row already in COPY text format.
struct CopyLine {
  std::string text;
};

// libpqxx 6.4's stream_to writes only std::tuple rows, but our rows are as
// wide as the schema table. stream_to::operator<< renders a row with an
// unqualified separated_list(...) call, so argument-dependent lookup picks
// this overload and the preformatted line goes through unchanged.
std::string separated_list(const std::string&, const CopyLine& line, const pqxx::internal::TypedCopyEscaper&) {
  return line.text;
}

}  // namespace detail

namespace {

static_assert(PQXX_VERSION_MAJOR == 6, "the stream_to hook above is written for libpqxx 6 (Debian bookworm)");

using detail::Cell;
using detail::Table;

constexpr pqxx::oid kBoolOid = 16;  // pg_type.oid of boolean

// COPY text format: tab-separated, \N is NULL, and backslash, tab, newline
// and carriage return inside a value are backslash-escaped.
void AppendCopyLine(const std::vector<Cell>& row, std::string& out) {
  out.clear();
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += '\t';
    const Cell& cell = row[i];
    switch (cell.kind) {
      case Cell::Kind::kNull:
        out += "\\N";
        break;
      case Cell::Kind::kInt: {
        char buffer[24];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, cell.number);
        out.append(buffer, end);
        break;
      }
      case Cell::Kind::kText:
        for (char c : cell.text) {
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
        break;
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

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(const std::string& conninfo) : connection_(conninfo) {
    // ISO dates whatever the server's default; no NOTICE chatter on stderr.
    connection_.set_variable("DateStyle", "'ISO, YMD'");
    connection_.set_variable("client_min_messages", "warning");
    // The rule views are large expressions: JIT would spend seconds compiling
    // them for every query, far more than it saves on a population.
    connection_.set_variable("jit", "off");
  }

  rules::sql::Dialect dialect() const override { return rules::sql::Dialect::kPostgres; }

  base::Status Exec(std::string_view sql) override {
    if (IsBlank(sql)) return base::Ok{};
    try {
      pqxx::work work(connection_);
      work.exec(std::string(sql));
      work.commit();
      return base::Ok{};
    } catch (const pqxx::broken_connection& e) {
      return base::Error::Io("postgres: " + Message(e));
    } catch (const std::exception& e) {
      return base::Error::InvalidInput("postgres: " + Message(e));
    }
  }

  base::Result<std::vector<Row>> Query(std::string_view sql) override {
    try {
      pqxx::work work(connection_);
      pqxx::result result = work.exec(std::string(sql));
      work.commit();
      std::vector<bool> is_bool(result.columns());
      for (size_t c = 0; c < is_bool.size(); ++c)
        is_bool[c] = result.column_type(static_cast<pqxx::row::size_type>(c)) == kBoolOid;
      std::vector<Row> rows;
      rows.reserve(result.size());
      for (const auto& tuple : result) {
        Row& row = rows.emplace_back(is_bool.size());
        for (size_t c = 0; c < is_bool.size(); ++c) {
          const pqxx::field field = tuple[static_cast<pqxx::row::size_type>(c)];
          if (field.is_null()) continue;
          // PostgreSQL prints booleans as t/f; SQLite stores 1/0.
          if (is_bool[c]) {
            row[c].emplace(field.c_str()[0] == 't' ? "1" : "0");
          } else {
            row[c].emplace(field.c_str(), field.size());
          }
        }
      }
      return rows;
    } catch (const pqxx::broken_connection& e) {
      return base::Error::Io("postgres: " + Message(e));
    } catch (const std::exception& e) {
      return base::Error::InvalidInput("postgres: " + Message(e));
    }
  }

  base::Status Load(const population::Chunk& chunk) override {
    try {
      pqxx::work work(connection_);
      detail::CopyLine line;
      for (Table table : detail::kTables) {
        pqxx::stream_to stream(work, detail::TableName(table), detail::QuotedColumns(table));
        auto status = detail::ForEachRow(chunk, table, [&](const std::vector<Cell>& row, size_t) -> base::Status {
          AppendCopyLine(row, line.text);
          stream << line;
          return base::Ok{};
        });
        stream.complete();
        if (!status.ok()) return status;  // the work aborts when it goes out of scope
      }
      work.commit();
      return base::Ok{};
    } catch (const pqxx::broken_connection& e) {
      return base::Error::Io("postgres: " + Message(e));
    } catch (const std::exception& e) {
      // The server's message names the table and line ("CONTEXT: COPY persons, line 3").
      return base::Error::InvalidInput("postgres: loading a chunk of " + std::to_string(chunk.size()) +
                                       " households: " + Message(e));
    }
  }

 private:
  pqxx::connection connection_;
};

}  // namespace

base::Result<std::unique_ptr<Database>> OpenPostgres(const std::string& conninfo) {
  try {
    return std::unique_ptr<Database>(std::make_unique<PostgresDatabase>(conninfo));
  } catch (const std::exception& e) {
    // The conninfo is left out of the message: it may hold a password.
    return base::Error::Io("postgres: cannot connect: " + Message(e));
  }
}

}  // namespace sqldb
