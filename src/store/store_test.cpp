// store/store_test.cpp — the Store contract, run on SQLite, PostgreSQL and
// in memory, plus what only the SQL engines have: reopening, migrations, a
// re-import that keeps what others refer to, rollback on a failed replace.
#include "store/store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "db/migrate.h"
#include "db/test_targets.h"

namespace store {
namespace {

using base::Date;
using catalog::Directory;

Directory Sample() {
  Directory d;
  d.municipalities.push_back(catalog::Municipality{"leuven", "Leuven", {"3000", "3001"}, "leuven/logo.png", "#9b1b30",
                                                   "#ffd166", "24062"});
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

using db::testing::TestTarget;

std::string ParamName(const testing::TestParamInfo<std::string>& info) { return info.param; }

class StoreContract : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      store_ = OpenMemory();
      return;
    }
    target_.emplace(GetParam(), "store_contract");
    base::Result<std::unique_ptr<Store>> opened = Open(target_->target());
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    store_ = std::move(*opened);
  }
  void TearDown() override { store_.reset(); }

  std::optional<TestTarget> target_;
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

TEST_P(StoreContract, AReimportUpdatesRecordsAndBringsBackWhatReturns) {
  ASSERT_TRUE(store_->ReplaceDirectory(Sample()).ok());
  Directory changed = Sample();
  changed.services.erase(changed.services.begin());    // 'sd' is gone ...
  changed.locations.erase(changed.locations.begin());  // ... and its office
  changed.organizations[0].name = "Sociaal Huis Leuven";
  changed.municipalities[0].postcodes = {"3010"};
  ASSERT_TRUE(store_->ReplaceDirectory(changed).ok());
  EXPECT_EQ(*store_->LoadDirectory(), changed);

  // The next import has them again, in a new order and with new details.
  Directory back = Sample();
  std::swap(back.services[0], back.services[1]);
  back.locations[0].phones = {{"011 11 11 11", "nieuw nummer"}};
  back.municipalities[0].postcodes = {"3000", "3010"};
  ASSERT_TRUE(store_->ReplaceDirectory(back).ok());
  EXPECT_EQ(*store_->LoadDirectory(), back);
}

TEST_P(StoreContract, APostcodeCanMoveToAnotherMunicipality) {
  Directory d = Sample();
  d.municipalities.push_back(catalog::Municipality{"herent", "Herent", {"3020"}, "", "#123456", "#abcdef"});
  ASSERT_TRUE(store_->ReplaceDirectory(d).ok());
  d.municipalities[0].postcodes = {"3000"};
  d.municipalities[1].postcodes = {"3020", "3001"};
  ASSERT_TRUE(store_->ReplaceDirectory(d).ok()) << "3001 moved from leuven to herent";
  EXPECT_EQ(*store_->LoadDirectory(), d);
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

INSTANTIATE_TEST_SUITE_P(Store, StoreContract, testing::Values("sqlite", "postgresql", "memory"), ParamName);

// What only the SQL engines have, on each of them.
class StoreSql : public testing::TestWithParam<std::string> {
 protected:
  StoreSql() : target_(GetParam(), "store_sql") {}

  std::unique_ptr<Store> OpenStore() {
    base::Result<std::unique_ptr<Store>> opened = Open(target_.target());
    EXPECT_TRUE(opened.ok()) << opened.error().message();
    return opened.ok() ? std::move(*opened) : nullptr;
  }
  std::string Scalar(const std::string& sql) {
    auto connection = target_.Connect();
    auto rows = connection->Query(sql);
    EXPECT_TRUE(rows.ok()) << sql << ": " << rows.error().message();
    return rows.ok() && !rows->empty() ? db::Text(rows->front(), 0) : "";
  }
  void Sql(const std::string& sql) {
    auto connection = target_.Connect();
    auto done = connection->ExecScript(sql);
    EXPECT_TRUE(done.ok()) << sql << ": " << done.error().message();
  }

  TestTarget target_;
};

TEST_P(StoreSql, ReopeningKeepsTheData) {
  ASSERT_TRUE(OpenStore()->ReplaceDirectory(Sample()).ok());
  std::unique_ptr<Store> reopened = OpenStore();
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(*reopened->LoadDirectory(), Sample());
}

TEST_P(StoreSql, RecordsEveryMigrationOnce) {
  OpenStore();
  OpenStore();  // a second start finds nothing to do
  size_t count = db::BuiltInMigrations().size();
  ASSERT_GE(count, 2u);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM schema_migrations"), std::to_string(count));
  EXPECT_EQ(Scalar("SELECT MAX(version) FROM schema_migrations"), std::to_string(count));
  EXPECT_EQ(Scalar("SELECT name FROM schema_migrations WHERE version = 1"), "directory");
}

TEST_P(StoreSql, ARecordLeftOutIsKeptInactiveSoWhatRefersToItIsNotOrphaned) {
  std::unique_ptr<Store> store = OpenStore();
  ASSERT_TRUE(store->ReplaceDirectory(Sample()).ok());
  // A later table (a referral, a user of an organisation) refers to the records.
  Sql("CREATE TABLE referral (id INTEGER PRIMARY KEY, service_id TEXT NOT NULL REFERENCES service(id), "
      "organization_id TEXT NOT NULL REFERENCES organization(id), location_id TEXT NOT NULL REFERENCES location(id))");
  Sql("INSERT INTO referral VALUES (1, 'sd', 'ocmw', 'loc')");

  Directory without = Sample();
  without.services.erase(without.services.begin());
  without.locations.erase(without.locations.begin());
  without.organizations[0].id = "ocmw2";
  for (catalog::Service& s : without.services) s.organization_id = "ocmw2";
  base::Status replaced = store->ReplaceDirectory(without);
  ASSERT_TRUE(replaced.ok()) << replaced.error().message();
  EXPECT_EQ(*store->LoadDirectory(), without);

  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM referral"), "1");
  EXPECT_EQ(Scalar("SELECT active FROM service WHERE id = 'sd'"), "0");
  EXPECT_EQ(Scalar("SELECT active FROM organization WHERE id = 'ocmw'"), "0");
  EXPECT_EQ(Scalar("SELECT active FROM location WHERE id = 'loc'"), "0");
  EXPECT_EQ(Scalar("SELECT active FROM service WHERE id = 'zf'"), "1");
  // The inactive service keeps its own lists, for whoever looks it up later.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM service_right WHERE service_id = 'sd'"), "2");
}

// Regression: two processes seeding an empty PostgreSQL database at once
// collided on the postcodes each had inserted but not yet committed.
TEST_P(StoreSql, ImportsFromSeveralProcessesAtOnceRunOneAfterTheOther) {
  std::unique_ptr<Store> first = OpenStore(), second = OpenStore();
  Directory other = Sample();
  other.organizations[0].name = "Other";
  std::vector<std::string> errors;
  std::mutex errors_mutex;
  auto import = [&](Store& store, const Directory& directory) {
    for (int i = 0; i < 10; ++i) {
      base::Status status = store.ReplaceDirectory(directory);
      std::lock_guard lock(errors_mutex);
      if (!status.ok()) errors.push_back(status.error().message());
    }
  };
  std::thread a(import, std::ref(*first), Sample()), b(import, std::ref(*second), other);
  a.join();
  b.join();
  EXPECT_EQ(errors, std::vector<std::string>{});
  base::Result<Directory> loaded = OpenStore()->LoadDirectory();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_TRUE(*loaded == Sample() || *loaded == other);
}

TEST_P(StoreSql, RollsBackAFailedReplace) {
  std::unique_ptr<Store> store = OpenStore();
  ASSERT_TRUE(store->ReplaceDirectory(Sample()).ok());
  // A valid directory that the database refuses half-way: after the first
  // updates and inserts, the insert of service 'boom' aborts.
  if (GetParam() == "sqlite") {
    Sql("CREATE TRIGGER fail_on_boom BEFORE INSERT ON service WHEN NEW.id = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END;");
  } else {
    Sql("CREATE FUNCTION fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.id = 'boom' THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$; "
        "CREATE TRIGGER fail_on_boom BEFORE INSERT ON service FOR EACH ROW EXECUTE FUNCTION fail_on_boom();");
  }
  Directory next = Sample();
  next.organizations[0].name = "Renamed";
  next.services.push_back(catalog::Service{"boom", "Boom", "", "ocmw", {}, {}, {}, "", true});
  base::Status status = store->ReplaceDirectory(next);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message().rfind("replacing directory: storing service 'boom': ", 0), 0u)
      << status.error().message();
  EXPECT_NE(status.error().message().find("refused by test trigger"), std::string::npos) << status.error().message();
  EXPECT_EQ(*store->LoadDirectory(), Sample());
  // The store stays usable after the failure.
  next.services.pop_back();
  ASSERT_TRUE(store->ReplaceDirectory(next).ok());
  EXPECT_EQ(store->LoadDirectory()->organizations[0].name, "Renamed");
}

TEST_P(StoreSql, RefusesADatabaseNewerThanTheBuild) {
  OpenStore();
  Sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from_the_future', 'later')");
  base::Result<std::unique_ptr<Store>> store = Open(target_.target());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code(), base::Error::Code::kInvalidInput);
  EXPECT_EQ(store.error().message(), db::Redacted(target_.target()) +
                                         ": the database is at schema version 99, newer than this build knows (" +
                                         std::to_string(db::BuiltInMigrations().size()) + "); run a newer Rechtop");
}

// One municipality id (issue 20, item 2): a database from before migration
// 0003 keeps its municipalities, without a NIS code, until a re-import.
TEST_P(StoreSql, UpgradesADatabaseFromBeforeNisCodesAndAReimportFillsThemIn) {
  {
    auto connection = target_.Connect();
    std::vector<db::Migration> before(db::BuiltInMigrations().begin(), db::BuiltInMigrations().begin() + 2);
    auto version = db::Migrate(*connection, before, "test");
    ASSERT_TRUE(version.ok()) << version.error().message();
    ASSERT_EQ(*version, 2);
    ASSERT_TRUE(connection
                    ->ExecScript("INSERT INTO municipality (id, position, name, logo_path, primary_colour, "
                                 "accent_colour) VALUES ('leuven', 0, 'Leuven', '', '#9b1b30', '#ffd166')")
                    .ok());
  }
  std::unique_ptr<Store> store = OpenStore();
  ASSERT_NE(store, nullptr);
  auto old = store->LoadDirectory();
  ASSERT_TRUE(old.ok()) << old.error().message();
  ASSERT_EQ(old->municipalities.size(), 1u);
  EXPECT_EQ(old->municipalities[0].name, "Leuven");
  EXPECT_EQ(old->municipalities[0].nis, "");
  ASSERT_TRUE(store->ReplaceDirectory(Sample()).ok());
  EXPECT_EQ(store->LoadDirectory()->municipalities[0].nis, "24062");
  // The column refuses a code that is not five characters.
  auto connection = target_.Connect();
  EXPECT_FALSE(connection->ExecScript("UPDATE municipality SET nis = '2406'").ok());
}

INSTANTIATE_TEST_SUITE_P(Store, StoreSql, testing::Values("sqlite", "postgresql"), ParamName);

TEST(StoreSqlite, UsesWalAndUpgradesADatabaseOfThePreviousBuild) {
  TestTarget target("sqlite", "store_legacy");
  {
    // What the build before schema_migrations left: version 1 by user_version, with data.
    auto connection = target.Connect();
    ASSERT_TRUE(connection->ExecScript(db::BuiltInMigrations()[0].sqlite).ok());
    ASSERT_TRUE(connection
                    ->ExecScript("PRAGMA user_version = 1; INSERT INTO organization VALUES "
                                 "('ocmw', 0, 'OCMW Leuven', 'sociale dienst', '', 'x@example.org')")
                    .ok());
  }
  base::Result<std::unique_ptr<Store>> store = Open(target.target());
  ASSERT_TRUE(store.ok()) << store.error().message();
  EXPECT_EQ((*store)->LoadDirectory()->organizations,
            (std::vector<catalog::Organization>{{"ocmw", "OCMW Leuven", "sociale dienst", "", "x@example.org"}}));
  auto connection = target.Connect();
  EXPECT_EQ(db::Text(connection->Query("PRAGMA journal_mode")->front(), 0), "wal");
  EXPECT_EQ(db::Text(connection->Query("SELECT applied_at FROM schema_migrations WHERE version = 1")->front(), 0),
            "before schema_migrations");
  EXPECT_EQ(db::Int(connection->Query("SELECT MAX(version) FROM schema_migrations")->front(), 0),
            static_cast<int64_t>(db::BuiltInMigrations().size()));
}

TEST(StoreSqlite, RefusesAnOldDatabaseNewerThanTheBuild) {
  TestTarget target("sqlite", "store_old_newer");
  ASSERT_TRUE(target.Connect()->ExecScript("PRAGMA user_version = 99;").ok());
  base::Result<std::unique_ptr<Store>> store = Open(target.target());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message().find("schema version 99, newer than this build knows"), std::string::npos)
      << store.error().message();
}

TEST(StoreSqlite, ReportsAnUnopenableFile) {
  base::Result<std::unique_ptr<Store>> store = Open("/nonexistent-dir/rechtop.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code(), base::Error::Code::kIo);
  EXPECT_EQ(store.error().message(), "/nonexistent-dir/rechtop.db: cannot open database: unable to open database file");
}

}  // namespace
}  // namespace store
