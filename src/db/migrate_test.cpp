// db/migrate_test.cpp — numbered migrations on SQLite and PostgreSQL: from an
// empty database, from the previous version, several processes starting at
// once, a failing migration, and a database newer than the build.
#include "db/migrate.h"

#include <gtest/gtest.h>

#include <thread>

#include "db/test_targets.h"

namespace db {
namespace {

using testing::TestTarget;

using Files = std::vector<std::pair<std::string_view, std::string_view>>;

std::vector<Migration> Parsed(const Files& files) {
  auto parsed = ParseMigrations(files);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message();
  return parsed.ok() ? *parsed : std::vector<Migration>{};
}

const Files kTwo = {
    {"0001_people.sql", "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"},
    {"0002_people_email.sqlite.sql", "ALTER TABLE people ADD COLUMN email TEXT NOT NULL DEFAULT '';"},
    {"0002_people_email.postgresql.sql", "ALTER TABLE people ADD COLUMN email TEXT NOT NULL DEFAULT '';"},
};

TEST(MigrationFiles, AreNumberedWithoutGapsAndCoverBothEngines) {
  std::vector<Migration> two = Parsed(kTwo);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].version, 1);
  EXPECT_EQ(two[0].name, "people");
  EXPECT_EQ(two[0].sqlite, two[0].postgres);
  EXPECT_EQ(two[1].name, "people_email");

  auto error = [](const Files& files) {
    auto parsed = ParseMigrations(files);
    return parsed.ok() ? std::string("(accepted)") : parsed.error().message();
  };
  EXPECT_EQ(error({{"1_people.sql", ""}}),
            "migrations/1_people.sql: the name is NNNN_name.sql or NNNN_name.sqlite.sql / NNNN_name.postgresql.sql, "
            "with a four-digit number and a lower-case name");
  EXPECT_EQ(error({{"0001_People.sql", ""}}).substr(0, 26), "migrations/0001_People.sql");
  EXPECT_EQ(error({{"0001_a.sql", ""}, {"0003_c.sql", ""}}),
            "migrations/0003_c.sql: version 3 follows 1: versions run 1, 2, 3, ... without a gap");
  EXPECT_EQ(error({{"0001_a.sqlite.sql", ""}}),
            "migrations/0001_a.sqlite.sql: version 1 needs both a .sqlite.sql and a .postgresql.sql file");
  EXPECT_EQ(error({{"0001_a.sql", ""}, {"0001_a.postgresql.sql", ""}}),
            "migrations/0001_a.postgresql.sql: version 1 has a shared file and an engine's file");
  EXPECT_EQ(error({{"0001_a.sql", ""}, {"0001_b.sql", ""}}), "migrations/0001_b.sql: version 1 is also 0001_a.sql");
  EXPECT_EQ(error({{"0001_a.txt", ""}}), "migrations/0001_a.txt: a migration file ends in .sql");
}

TEST(MigrationFiles, TheBuiltInOnesParse) {
  auto parsed = ParseMigrations(EmbeddedMigrationFiles());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(parsed->size(), BuiltInMigrations().size());
  EXPECT_FALSE(BuiltInMigrations().empty());
}

class Migrations : public ::testing::TestWithParam<std::string> {
 protected:
  Migrations() : target_(GetParam(), "migrate") {}
  std::string Scalar(Connection& connection, const std::string& sql) {
    auto rows = connection.Query(sql);
    EXPECT_TRUE(rows.ok()) << sql << ": " << rows.error().message();
    return rows.ok() && !rows->empty() ? Text(rows->front(), 0) : "";
  }
  TestTarget target_;
};

TEST_P(Migrations, FromEmptyToTheNewest) {
  auto connection = target_.Connect();
  EXPECT_EQ(*SchemaVersion(*connection), 0);
  auto version = Migrate(*connection, Parsed(kTwo), "test.db");
  ASSERT_TRUE(version.ok()) << version.error().message();
  EXPECT_EQ(*version, 2);
  EXPECT_EQ(*SchemaVersion(*connection), 2);
  ASSERT_TRUE(connection->Exec("INSERT INTO people (id, name, email) VALUES (1, 'An', 'an@example.org')").ok());
  EXPECT_EQ(Scalar(*connection, "SELECT name FROM schema_migrations WHERE version = 2"), "people_email");
  // Starting again changes nothing.
  EXPECT_EQ(*Migrate(*connection, Parsed(kTwo), "test.db"), 2);
  EXPECT_EQ(Scalar(*connection, "SELECT COUNT(*) FROM schema_migrations"), "2");
}

TEST_P(Migrations, FromThePreviousVersionKeepingTheData) {
  auto connection = target_.Connect();
  ASSERT_EQ(*Migrate(*connection, Parsed({kTwo[0]}), "test.db"), 1);
  ASSERT_TRUE(connection->Exec("INSERT INTO people (id, name) VALUES (1, 'An')").ok());
  ASSERT_EQ(*Migrate(*connection, Parsed(kTwo), "test.db"), 2);
  EXPECT_EQ(Scalar(*connection, "SELECT name || '/' || email FROM people"), "An/");
}

TEST_P(Migrations, AFailingMigrationLeavesThePreviousVersion) {
  auto connection = target_.Connect();
  ASSERT_EQ(*Migrate(*connection, Parsed({kTwo[0]}), "test.db"), 1);
  Files broken = {kTwo[0],
                  {"0002_broken.sql", "ALTER TABLE people ADD COLUMN age INTEGER; CREATE TABLE people (x INTEGER);"}};
  auto version = Migrate(*connection, Parsed(broken), "test.db");
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.error().message().rfind("test.db: migration 2 (broken): ", 0), 0u) << version.error().message();
  EXPECT_EQ(*SchemaVersion(*connection), 1);
  // The half of the migration that ran is undone with it.
  EXPECT_FALSE(connection->Query("SELECT age FROM people").ok());
}

TEST_P(Migrations, ADatabaseNewerThanTheBuildIsRefused) {
  auto connection = target_.Connect();
  ASSERT_EQ(*Migrate(*connection, Parsed(kTwo), "test.db"), 2);
  auto version = Migrate(*connection, Parsed({kTwo[0]}), "test.db");
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.error().code(), base::Error::Code::kInvalidInput);
  EXPECT_EQ(version.error().message(),
            "test.db: the database is at schema version 2, newer than this build knows (1); run a newer Rechtop");
  EXPECT_EQ(Scalar(*connection, "SELECT COUNT(*) FROM schema_migrations"), "2") << "nothing was changed";
}

TEST_P(Migrations, SeveralProcessesStartingAtOnceMigrateOnce) {
  std::vector<Migration> migrations = Parsed(kTwo);
  std::vector<std::thread> starts;
  std::vector<std::string> errors(4);
  for (size_t i = 0; i < errors.size(); ++i) {
    starts.emplace_back([&, i] {
      auto connection = target_.Connect();
      auto version = Migrate(*connection, migrations, "test.db");
      if (!version.ok()) errors[i] = version.error().message();
    });
  }
  for (std::thread& start : starts) start.join();
  for (const std::string& error : errors) EXPECT_EQ(error, "");
  auto connection = target_.Connect();
  EXPECT_EQ(Scalar(*connection, "SELECT COUNT(*) FROM schema_migrations"), "2");
}

INSTANTIATE_TEST_SUITE_P(Db, Migrations, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace db
