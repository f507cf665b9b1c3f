// db/db.cpp — what both engines share (see db.h).
#include "db/db.h"

#include <charconv>

namespace db {

std::string_view EngineName(Engine engine) { return engine == Engine::kSqlite ? "sqlite" : "postgresql"; }

std::string Text(const Row& row, size_t column) {
  return column < row.size() && row[column] ? *row[column] : std::string();
}

int64_t Int(const Row& row, size_t column) {
  if (column >= row.size() || !row[column]) return 0;
  const std::string& text = *row[column];
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : 0;
}

base::Result<Transaction> Transaction::Begin(Connection& connection, TransactionMode mode) {
  if (auto begun = connection.Begin(mode); !begun.ok()) return begun.error();
  return Transaction(connection);
}

base::Status Transaction::Commit() {
  if (connection_ == nullptr) return base::Error::Internal("transaction committed twice");
  Connection* connection = connection_;
  connection_ = nullptr;
  base::Status committed = connection->Commit();
  if (!committed.ok()) connection->Rollback();
  return committed;
}

bool IsPostgresTarget(std::string_view target) {
  return target.starts_with("postgresql://") || target.starts_with("postgres://") ||
         target.find("dbname=") != std::string_view::npos || target.find("host=") != std::string_view::npos;
}

base::Result<std::unique_ptr<Connection>> Open(const std::string& target, SqliteOptions options) {
  return IsPostgresTarget(target) ? OpenPostgres(target) : OpenSqlite(target, options);
}

std::string Redacted(std::string_view target) {
  std::string out(target);
  if (target.starts_with("postgresql://") || target.starts_with("postgres://")) {
    size_t scheme = out.find("://") + 3;
    size_t at = out.find('@', scheme);
    size_t slash = out.find('/', scheme);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      size_t colon = out.find(':', scheme);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
    // A password may also come as a query parameter (?password=...).
  }
  for (size_t at = out.find("password="); at != std::string::npos; at = out.find("password=", at + 1)) {
    size_t start = at + 9;
    size_t end = out.find_first_of(" &", start);
    out.replace(start, (end == std::string::npos ? out.size() : end) - start, "***");
  }
  return out;
}

std::string ToPostgresPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int next = 1;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {  // a literal or a quoted identifier; '' and "" escape themselves
      size_t end = sql.find(c, i + 1);
      while (end != std::string_view::npos && end + 1 < sql.size() && sql[end + 1] == c) end = sql.find(c, end + 2);
      size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '?') {
      size_t digits = i + 1;
      while (digits < sql.size() && sql[digits] >= '0' && sql[digits] <= '9') ++digits;
      out += '$';
      if (digits > i + 1) {
        out.append(sql.substr(i + 1, digits - i - 1));
        i = digits - 1;
      } else {
        out += std::to_string(next++);
      }
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace db
