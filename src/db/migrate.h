// db/migrate.h
//
// Numbered schema migrations, the same sequence on SQLite and PostgreSQL.
// They live in migrations/ at the top of the project as NNNN_name.sql (one
// text for both engines) or as NNNN_name.sqlite.sql plus
// NNNN_name.postgresql.sql where the SQL differs, and are compiled in.
// Migrate applies the ones a database lacks, each in one transaction,
// recorded in schema_migrations; a database newer than the build is refused.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "db/db.h"

namespace db {

struct Migration {
  int version = 0;
  std::string name;      // "directory", from 0001_directory.sql
  std::string sqlite;    // the SQL for each engine
  std::string postgres;  // (the same text where one file serves both)
};

// The migrations from their files: (file name, text) pairs such as
// ("0001_directory.sql", "CREATE TABLE ..."). Error::InvalidInput naming the
// file when a name does not follow NNNN_name[.engine].sql, when versions do
// not run 1, 2, 3, ... without a gap, or when a version lacks an engine.
[[nodiscard]] base::Result<std::vector<Migration>> ParseMigrations(
    const std::vector<std::pair<std::string_view, std::string_view>>& files);

// The migrations compiled into this build (migrations/*.sql), parsed.
const std::vector<Migration>& BuiltInMigrations();

// The files behind BuiltInMigrations(), as compiled in (generated).
const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedMigrationFiles();

// Brings `connection` up to the last of `migrations`: each missing one runs
// in its own transaction together with its row in schema_migrations, so a
// failure leaves the database at the previous version. Several processes may
// start at once: on PostgreSQL an advisory lock, on SQLite the write lock,
// lets one migrate while the others wait and then find nothing to do.
//
// A SQLite database from before schema_migrations, versioned by PRAGMA
// user_version, counts its first user_version migrations as applied.
//
// Returns the database's version afterwards. Error::InvalidInput when the
// database is at a version newer than `migrations` knows (`what` names the
// database in that message); the error of the failing statement otherwise.
[[nodiscard]] base::Result<int> Migrate(Connection& connection, const std::vector<Migration>& migrations,
                                        std::string_view what);

// The version recorded in schema_migrations, 0 for a database without it.
[[nodiscard]] base::Result<int> SchemaVersion(Connection& connection);

}  // namespace db
