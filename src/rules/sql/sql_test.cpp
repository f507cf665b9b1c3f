// rules/sql/sql_test.cpp — the generated SQL is accepted by SQLite and reads
// the tables it declares. (Agreement with the other engines on real
// households is tested in src/sqldb/, which loads populations.)
#include "rules/sql/sql.h"

#include <sqlite3.h>

#include <string>

#include <gtest/gtest.h>

#include "rules/rules.h"

namespace rules::sql {
namespace {

RuleBase LoadRights() {
  base::Diagnostics d;
  auto rules = Load({std::string(RECHTOP_SOURCE_DIR) + "/rights"}, d);
  EXPECT_TRUE(rules.has_value()) << d.Format();
  return std::move(*rules);
}

std::string Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) return "";
  std::string message = error ? error : "?";
  sqlite3_free(error);
  return message;
}

TEST(SqlViews, SqliteAcceptsTablesAndViewsOfEveryRight) {
  RuleBase rules = LoadRights();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  EXPECT_EQ(Exec(db, TablesSql()), "");
  const std::string views = ViewsSql(rules.program, Dialect::kSqlite);
  EXPECT_EQ(Exec(db, views), "");
  EXPECT_EQ(Exec(db, "INSERT INTO scan_date VALUES ('2025-06-01'); SELECT * FROM right_results;"), "");
  sqlite3_close(db);
}

}  // namespace
}  // namespace rules::sql
