// store/store_test.cpp — the Store contract, run on SQLite and in memory, plus
// SQLite specifics: reopening, migrations, WAL, rollback on a failed replace.
#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>

namespace store {
namespace {

using base::Date;
using catalog::Directory;

Directory Sample() {
  Directory d;
  d.municipalities.push_back(catalog::Municipality{"leuven", "Leuven", {"3000", "3001"}, "leuven/logo.png", "#9b1b30",
                                                   "#ffd166"});
  d.organizations.push_back(catalog::Organization{"ocmw", "OCMW Leuven", "sociale dienst", "", "x@example.org"});
  catalog::Location office{"loc", "OCMW", catalog::Address{"Voorbeeldstraat 1", "3000", "Leuven"}, {}, {}, {}};
  office.hours = {{1, "09:00", "12:00"}, {3, "13:30", "16:00"}};
  office.exceptions = {{Date::FromYmd(2026, 12, 24), false, "09:00", "11:00", "Kerstavond"},
                       {Date::FromYmd(2026, 12, 25), true, "", "", "Kerstmis"}};
  office.phones = {{"000 00 00 00", "voorbeeldnummer"}};
  d.locations.push_back(office);
  d.locations.push_back(catalog::Location{"empty", "Telefonisch", {}, {}, {}, {}});
  d.services.push_back(catalog::Service{"sd", "Sociale dienst", "leefloon", "ocmw", {"loc", "empty"},
                                        {"leefloon", "energiefonds_ocmw"}, {"identiteitskaart"}, "leuven", true});
  d.services.push_back(catalog::Service{"zf", "Ziekenfonds", "", "ocmw", {}, {"maximumfactuur"}, {}, "", false});
  return d;
}

std::filesystem::path TempDatabase() {
  static std::atomic<int> counter{0};
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("rechtop_store_test_" + std::to_string(getpid()) + "_" +
                                std::to_string(counter++) + ".db");
  std::filesystem::remove(path);
  return path;
}

void RemoveDatabase(const std::filesystem::path& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

// Runs raw SQL on the database file behind the store's back.
void RawSql(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.string().c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

std::string RawScalar(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.string().c_str(), &db);
  sqlite3_stmt* statement = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

class StoreContract : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      store_ = OpenMemory();
      return;
    }
    path_ = TempDatabase();
    base::Result<std::unique_ptr<Store>> opened = OpenSqlite(path_);
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    store_ = std::move(*opened);
  }
  void TearDown() override {
    store_.reset();
    if (!path_.empty()) RemoveDatabase(path_);
  }

  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContract, StartsEmpty) {
  base::Result<Directory> loaded = store_->LoadDirectory();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(*loaded, Directory{});
}

TEST_P(StoreContract, ReplacesAndLoadsTheDirectory) {
  ASSERT_TRUE(store_->ReplaceDirectory(Sample()).ok());
  base::Result<Directory> loaded = store_->LoadDirectory();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(*loaded, Sample());

  Directory smaller = Sample();
  smaller.services.pop_back();
  smaller.locations[0].exceptions.clear();
  ASSERT_TRUE(store_->ReplaceDirectory(smaller).ok());
  EXPECT_EQ(*store_->LoadDirectory(), smaller);
}

TEST_P(StoreContract, RejectsAnInvalidDirectoryAndKeepsTheOldOne) {
  ASSERT_TRUE(store_->ReplaceDirectory(Sample()).ok());
  Directory bad = Sample();
  bad.services[0].location_ids.push_back("gone");
  base::Status status = store_->ReplaceDirectory(bad);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "service 'sd': unknown location 'gone'");
  EXPECT_EQ(*store_->LoadDirectory(), Sample());
}

INSTANTIATE_TEST_SUITE_P(Store, StoreContract, testing::Values("sqlite", "memory"),
                         [](const testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(StoreSqlite, ReopeningKeepsTheData) {
  std::filesystem::path path = TempDatabase();
  {
    base::Result<std::unique_ptr<Store>> store = OpenSqlite(path);
    ASSERT_TRUE(store.ok()) << store.error().message();
    ASSERT_TRUE((*store)->ReplaceDirectory(Sample()).ok());
  }
  base::Result<std::unique_ptr<Store>> reopened = OpenSqlite(path);
  ASSERT_TRUE(reopened.ok()) << reopened.error().message();
  EXPECT_EQ(*(*reopened)->LoadDirectory(), Sample());
  reopened->reset();
  RemoveDatabase(path);
}

TEST(StoreSqlite, UsesWalAndRecordsTheSchemaVersion) {
  std::filesystem::path path = TempDatabase();
  {
    base::Result<std::unique_ptr<Store>> store = OpenSqlite(path);
    ASSERT_TRUE(store.ok());
    EXPECT_EQ(RawScalar(path, "PRAGMA journal_mode;"), "wal");
    EXPECT_EQ(RawScalar(path, "PRAGMA user_version;"), "1");
  }
  RemoveDatabase(path);
}

TEST(StoreSqlite, RollsBackAFailedReplace) {
  std::filesystem::path path = TempDatabase();
  base::Result<std::unique_ptr<Store>> store = OpenSqlite(path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->ReplaceDirectory(Sample()).ok());
  // A valid directory that the database refuses half-way: after the deletes
  // and the first inserts, the insert of service 'boom' aborts.
  RawSql(path,
         "CREATE TRIGGER fail_on_boom BEFORE INSERT ON service WHEN NEW.id = 'boom' "
         "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END;");
  Directory next = Sample();
  next.organizations[0].name = "Renamed";
  next.services.push_back(catalog::Service{"boom", "Boom", "", "ocmw", {}, {}, {}, "", true});
  base::Status status = (*store)->ReplaceDirectory(next);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "replacing directory: storing service 'boom': refused by test trigger");
  EXPECT_EQ(*(*store)->LoadDirectory(), Sample());
  // The store stays usable after the failure.
  next.services.pop_back();
  ASSERT_TRUE((*store)->ReplaceDirectory(next).ok());
  EXPECT_EQ((*store)->LoadDirectory()->organizations[0].name, "Renamed");
  store->reset();
  RemoveDatabase(path);
}

TEST(StoreSqlite, RefusesANewerSchema) {
  std::filesystem::path path = TempDatabase();
  RawSql(path, "PRAGMA user_version = 99;");
  base::Result<std::unique_ptr<Store>> store = OpenSqlite(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().message(),
            path.string() + ": database schema version 99 is newer than this build supports (1)");
  RemoveDatabase(path);
}

TEST(StoreSqlite, ReportsAnUnopenableFile) {
  base::Result<std::unique_ptr<Store>> store = OpenSqlite("/nonexistent-dir/rechtop.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code(), base::Error::Code::kIo);
}

}  // namespace
}  // namespace store
