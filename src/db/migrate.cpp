// db/migrate.cpp — numbered migrations on both engines (see migrate.h).
#include "db/migrate.h"

#include <map>
#include <optional>

namespace db {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
constexpr std::string_view kCurrent = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kRecord =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, CAST(CURRENT_TIMESTAMP AS TEXT))";
constexpr std::string_view kRecordAdopted =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, 'before schema_migrations')";

bool IsLowerName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

base::Result<std::vector<Migration>> ParseMigrations(
    const std::vector<std::pair<std::string_view, std::string_view>>& files) {
  struct Parts {
    std::string name;
    std::optional<std::string> both, sqlite, postgres;
    std::string file;
  };
  std::map<int, Parts> by_version;
  for (const auto& [file, text] : files) {
    auto bad = [&](const std::string& why) {
      return base::Error::InvalidInput("migrations/" + std::string(file) + ": " + why);
    };
    if (!file.ends_with(".sql")) return bad("a migration file ends in .sql");
    std::string_view stem = file.substr(0, file.size() - 4);
    std::string_view engine;
    if (stem.ends_with(".sqlite")) {
      engine = "sqlite";
      stem.remove_suffix(7);
    } else if (stem.ends_with(".postgresql")) {
      engine = "postgresql";
      stem.remove_suffix(11);
    }
    if (stem.size() < 6 || stem[4] != '_' || stem.substr(0, 4).find_first_not_of("0123456789") != std::string::npos ||
        !IsLowerName(stem.substr(5))) {
      return bad("the name is NNNN_name.sql or NNNN_name.sqlite.sql / NNNN_name.postgresql.sql, " +
                 std::string("with a four-digit number and a lower-case name"));
    }
    int version = std::stoi(std::string(stem.substr(0, 4)));
    Parts& parts = by_version[version];
    std::string name(stem.substr(5));
    if (!parts.name.empty() && parts.name != name) {
      return bad("version " + std::to_string(version) + " is also " + parts.file);
    }
    parts.name = name;
    parts.file = std::string(file);
    std::optional<std::string>& slot = engine.empty() ? parts.both : engine == "sqlite" ? parts.sqlite : parts.postgres;
    if (slot) return bad("a second file for version " + std::to_string(version));
    slot = std::string(text);
  }
  std::vector<Migration> migrations;
  for (auto& [version, parts] : by_version) {
    auto bad = [&](const std::string& why) {
      return base::Error::InvalidInput("migrations/" + parts.file + ": " + why);
    };
    if (version != static_cast<int>(migrations.size()) + 1) {
      return bad("version " + std::to_string(version) + " follows " + std::to_string(migrations.size()) +
                 ": versions run 1, 2, 3, ... without a gap");
    }
    if (parts.both && (parts.sqlite || parts.postgres)) {
      return bad("version " + std::to_string(version) + " has a shared file and an engine's file");
    }
    if (!parts.both && (!parts.sqlite || !parts.postgres)) {
      return bad("version " + std::to_string(version) + " needs both a .sqlite.sql and a .postgresql.sql file");
    }
    migrations.push_back(Migration{version, parts.name, parts.both ? *parts.both : *parts.sqlite,
                                   parts.both ? *parts.both : *parts.postgres});
  }
  return migrations;
}

const std::vector<Migration>& BuiltInMigrations() {
  // The files are part of the build; a bad one fails the migration tests and
  // every start, so it cannot ship.
  static const std::vector<Migration> migrations = [] {
    auto parsed = ParseMigrations(EmbeddedMigrationFiles());
    return parsed.ok() ? std::move(parsed).value() : std::vector<Migration>{};
  }();
  return migrations;
}

base::Result<int> SchemaVersion(Connection& connection) {
  std::string_view exists =
      connection.engine() == Engine::kSqlite
          ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
          : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_name = 'schema_migrations'";
  auto found = connection.Query(exists);
  if (!found.ok()) return found.error();
  if (found->empty() || Int(found->front(), 0) == 0) return 0;
  auto current = connection.Query(kCurrent);
  if (!current.ok()) return current.error();
  return static_cast<int>(current->empty() ? 0 : Int(current->front(), 0));
}

base::Result<int> Migrate(Connection& connection, const std::vector<Migration>& migrations, std::string_view what) {
  if (migrations.empty()) return base::Error::Internal("no migrations in this build (migrations/*.sql)");
  const int newest = migrations.back().version;
  for (;;) {
    auto transaction = Transaction::Begin(connection, TransactionMode::kWrite);
    if (!transaction.ok()) return transaction.error();
    if (auto locked = connection.LockForTransaction("rechtop schema_migrations"); !locked.ok()) return locked.error();
    if (auto created = connection.ExecScript(kCreateTable); !created.ok()) return created.error();
    auto current_rows = connection.Query(kCurrent);
    if (!current_rows.ok()) return current_rows.error();
    int current = static_cast<int>(Int(current_rows->front(), 0));
    if (current == 0 && connection.engine() == Engine::kSqlite) {
      auto legacy = connection.Query("PRAGMA user_version");
      if (!legacy.ok()) return legacy.error();
      int adopted = static_cast<int>(Int(legacy->front(), 0));
      for (int v = 1; v <= adopted && adopted <= newest; ++v) {
        auto recorded = connection.Exec(kRecordAdopted, {int64_t{v}, migrations[static_cast<size_t>(v - 1)].name});
        if (!recorded.ok()) return recorded.error();
      }
      current = adopted;  // refused below when newer than this build
    }
    if (current > newest) {
      return base::Error::InvalidInput(std::string(what) + ": the database is at schema version " +
                                       std::to_string(current) + ", newer than this build knows (" +
                                       std::to_string(newest) + "); run a newer Rechtop");
    }
    if (current == newest) {
      if (auto committed = transaction->Commit(); !committed.ok()) return committed.error();
      return current;
    }
    const Migration& next = migrations[static_cast<size_t>(current)];
    auto applied = connection.ExecScript(connection.engine() == Engine::kSqlite ? next.sqlite : next.postgres);
    if (!applied.ok()) {
      std::string message = std::string(what) + ": migration " + std::to_string(next.version) + " (" + next.name +
                            "): " + applied.error().message();
      return applied.error().code() == base::Error::Code::kIo ? base::Error::Io(message)
                                                              : base::Error::InvalidInput(message);
    }
    if (auto recorded = connection.Exec(kRecord, {int64_t{next.version}, next.name}); !recorded.ok()) {
      return recorded.error();
    }
    if (auto committed = transaction->Commit(); !committed.ok()) return committed.error();
  }
}

}  // namespace db
