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
  auto views = ViewsSql(rules.program, Dialect::kSqlite);
  ASSERT_TRUE(views.ok()) << views.error().message();
  EXPECT_EQ(Exec(db, *views), "");
  EXPECT_EQ(Exec(db, "INSERT INTO scan_date VALUES ('2025-06-01'); SELECT * FROM right_results;"), "");
  sqlite3_close(db);
}

TEST(SqlViews, NamesTheAggregateItCannotCompile) {
  base::Diagnostics d;
  auto rules = Compile({{"deep.rop", R"(
right r {
  name "R" level federal apply automatic "-" source "test"
  condition c "c": any(m in members: any(k in members: count(j in members where j.age > k.age and j.age < m.age) > 0))
}
)"}},
                       d);
  ASSERT_TRUE(rules.has_value()) << d.Format();
  for (Dialect dialect : {Dialect::kSqlite, Dialect::kPostgres}) {
    auto views = ViewsSql(rules->program, dialect);
    ASSERT_FALSE(views.ok());
    EXPECT_EQ(views.error().message(),
              "deep.rop:4:107: cannot compile to SQL: this binder is read by an aggregate nested two levels inside "
              "it; SQL compiles a nested aggregate that reads only the binder right around it");
  }
}

}  // namespace
}  // namespace rules::sql
