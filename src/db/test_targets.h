// db/test_targets.h — for tests only: fresh, empty databases on each engine.
// A SQLite target is a new file under the temp directory; a PostgreSQL target
// is a schema of its own on the server of RECHTOP_TEST_POSTGRES (set by
// scripts/with-postgres.sh), so tests running at once never see each other.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "db/db.h"

namespace db::testing {

// A target string for db::Open / store::Open, and its clean-up.
class TestTarget {
 public:
  // `engine` is "sqlite" or "postgresql"; `label` names the test in the schema or file name.
  TestTarget(const std::string& engine, const std::string& label) : engine_(engine) {
    static std::atomic<int> counter{0};
    std::string name = label + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    if (engine == "sqlite") {
      path_ = std::filesystem::temp_directory_path() / ("rechtop_" + name + ".db");
      Remove();
      target_ = path_.string();
      return;
    }
    const char* conninfo = std::getenv("RECHTOP_TEST_POSTGRES");
    if (conninfo == nullptr) {
      ADD_FAILURE() << "RECHTOP_TEST_POSTGRES is not set: run the tests with `make test` or scripts/with-postgres.sh";
      return;
    }
    server_ = conninfo;
    schema_ = "t_" + name;
    auto admin = OpenPostgres(server_);
    EXPECT_TRUE(admin.ok()) << admin.error().message();
    if (!admin.ok()) return;
    auto created = (*admin)->ExecScript("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_);
    EXPECT_TRUE(created.ok()) << created.error().message();
    target_ = server_ + " options='-c search_path=" + schema_ + "'";
  }
  ~TestTarget() {
    if (engine_ == "sqlite") {
      Remove();
    } else if (!schema_.empty()) {
      if (auto admin = OpenPostgres(server_); admin.ok()) {
        (void)(*admin)->ExecScript("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
      }
    }
  }
  TestTarget(const TestTarget&) = delete;
  TestTarget& operator=(const TestTarget&) = delete;

  const std::string& target() const { return target_; }
  const std::filesystem::path& sqlite_path() const { return path_; }

  // A connection of the test's own, beside the code under test.
  std::unique_ptr<Connection> Connect() const {
    auto connection = Open(target_);
    EXPECT_TRUE(connection.ok()) << connection.error().message();
    return connection.ok() ? std::move(*connection) : nullptr;
  }

 private:
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }

  std::string engine_;
  std::filesystem::path path_;
  std::string server_;
  std::string schema_;
  std::string target_;
};

}  // namespace db::testing
