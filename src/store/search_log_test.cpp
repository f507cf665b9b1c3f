// store/search_log_test.cpp — the SearchLog contract, run on SQLite,
// PostgreSQL and in memory: counting, days, municipalities, bounds, order;
// on the SQL engines also reopening, several writers at once and the schema.
#include "store/search_log.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <thread>

#include "db/migrate.h"
#include "db/test_targets.h"

namespace store {
namespace {

using base::Date;
using db::testing::TestTarget;

std::string ParamName(const testing::TestParamInfo<std::string>& info) { return info.param; }

const Date kMonday = Date::FromYmd(2026, 12, 7);
const Date kTuesday = Date::FromYmd(2026, 12, 8);
const Date kFriday = Date::FromYmd(2026, 12, 11);

class SearchLogContract : public testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<SearchLog> OpenLog(size_t max_per_municipality = kMaxSearchMissesPerMunicipality) {
    if (GetParam() == "memory") return OpenMemorySearchLog(max_per_municipality);
    if (!target_) target_.emplace(GetParam(), "search_log");
    base::Result<std::unique_ptr<SearchLog>> opened = OpenSearchLog(target_->target(), max_per_municipality);
    EXPECT_TRUE(opened.ok()) << opened.error().message();
    return opened.ok() ? std::move(*opened) : nullptr;
  }
  std::vector<SearchMiss> List(SearchLog& log, std::optional<std::string> municipality = std::nullopt) {
    base::Result<std::vector<SearchMiss>> listed = log.ListMisses(municipality);
    EXPECT_TRUE(listed.ok()) << listed.error().message();
    return listed.ok() ? *listed : std::vector<SearchMiss>{};
  }

  std::optional<TestTarget> target_;
};

TEST_P(SearchLogContract, StartsEmpty) {
  std::unique_ptr<SearchLog> log = OpenLog();
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(List(*log), std::vector<SearchMiss>{});
  EXPECT_EQ(List(*log, "leuven"), std::vector<SearchMiss>{});
}

TEST_P(SearchLogContract, CountsAQueryWithItsFirstAndLastDay) {
  std::unique_ptr<SearchLog> log = OpenLog();
  ASSERT_TRUE(log->RecordMiss("leuven", "boodschappen", kTuesday).ok());
  ASSERT_TRUE(log->RecordMiss("leuven", "boodschappen", kFriday).ok());
  // A late writer with an earlier day moves first_seen back and leaves last_seen.
  ASSERT_TRUE(log->RecordMiss("leuven", "boodschappen", kMonday).ok());
  EXPECT_EQ(List(*log), (std::vector<SearchMiss>{{"leuven", "boodschappen", 3, kMonday, kFriday}}));
}

TEST_P(SearchLogContract, KeepsMunicipalitiesApartAndListsOneOrAll) {
  std::unique_ptr<SearchLog> log = OpenLog();
  ASSERT_TRUE(log->RecordMiss("leuven", "fietsherstel", kMonday).ok());
  ASSERT_TRUE(log->RecordMiss("herent", "fietsherstel", kMonday).ok());
  ASSERT_TRUE(log->RecordMiss("", "fietsherstel", kTuesday).ok());
  ASSERT_TRUE(log->RecordMiss("leuven", "fietsherstel", kTuesday).ok());
  EXPECT_EQ(List(*log, "leuven"), (std::vector<SearchMiss>{{"leuven", "fietsherstel", 2, kMonday, kTuesday}}));
  EXPECT_EQ(List(*log, ""), (std::vector<SearchMiss>{{"", "fietsherstel", 1, kTuesday, kTuesday}}));
  EXPECT_EQ(List(*log, "balen"), std::vector<SearchMiss>{});
  EXPECT_EQ(List(*log), (std::vector<SearchMiss>{{"", "fietsherstel", 1, kTuesday, kTuesday},
                                                 {"herent", "fietsherstel", 1, kMonday, kMonday},
                                                 {"leuven", "fietsherstel", 2, kMonday, kTuesday}}));
}

TEST_P(SearchLogContract, ListsTheMostSearchedFirstThenTheLatestThenByText) {
  std::unique_ptr<SearchLog> log = OpenLog();
  ASSERT_TRUE(log->RecordMiss("leuven", "zwembad", kMonday).ok());
  ASSERT_TRUE(log->RecordMiss("leuven", "Zwembad", kMonday).ok());  // byte order: 'Z' < 'z', on every engine
  ASSERT_TRUE(log->RecordMiss("leuven", "afval", kFriday).ok());
  ASSERT_TRUE(log->RecordMiss("leuven", "fiets", kTuesday).ok());
  ASSERT_TRUE(log->RecordMiss("leuven", "fiets", kTuesday).ok());
  std::vector<std::string> queries;
  for (const SearchMiss& miss : List(*log, "leuven")) queries.push_back(miss.query);
  EXPECT_EQ(queries, (std::vector<std::string>{"fiets", "afval", "Zwembad", "zwembad"}));
}

TEST_P(SearchLogContract, RefusesEmptyAndOverlongValuesWithoutWritingOrQuotingThem) {
  std::unique_ptr<SearchLog> log = OpenLog();
  base::Status empty = log->RecordMiss("leuven", "", kMonday);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code(), base::Error::Code::kInvalidInput);
  EXPECT_EQ(empty.error().message(), "search log: an empty query is not logged");
  const std::string long_query(kMaxSearchMissQueryBytes + 1, 'q');
  base::Status too_long = log->RecordMiss("leuven", long_query, kMonday);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().message(), "search log: a query of 101 bytes is longer than 100");
  base::Status town = log->RecordMiss(std::string(65, 'm'), "fiets", kMonday);
  ASSERT_FALSE(town.ok());
  EXPECT_EQ(town.error().message(), "search log: a municipality id of 65 bytes is longer than 64");
  EXPECT_TRUE(log->RecordMiss("leuven", std::string(kMaxSearchMissQueryBytes, 'q'), kMonday).ok());
  EXPECT_EQ(List(*log).size(), 1u);
}

TEST_P(SearchLogContract, KeepsAtMostTheBoundPerMunicipalityDroppingTheLeastRecentlySeen) {
  std::unique_ptr<SearchLog> log = OpenLog(3);
  ASSERT_TRUE(log->RecordMiss("leuven", "oud", kMonday).ok());
  ASSERT_TRUE(log->RecordMiss("leuven", "vaak", kMonday).ok());
  ASSERT_TRUE(log->RecordMiss("leuven", "vaak", kMonday).ok());
  ASSERT_TRUE(log->RecordMiss("leuven", "dinsdag", kTuesday).ok());
  ASSERT_TRUE(log->RecordMiss("herent", "ander", kMonday).ok());  // another town's bound is its own
  ASSERT_TRUE(log->RecordMiss("leuven", "nieuw", kFriday).ok());
  // "oud" and "vaak" were both last seen on Monday; "oud" was searched less.
  EXPECT_EQ(List(*log, "leuven"), (std::vector<SearchMiss>{{"leuven", "vaak", 2, kMonday, kMonday},
                                                           {"leuven", "nieuw", 1, kFriday, kFriday},
                                                           {"leuven", "dinsdag", 1, kTuesday, kTuesday}}));
  EXPECT_EQ(List(*log, "herent").size(), 1u);
  // A query already there is counted, and pushes nothing out.
  ASSERT_TRUE(log->RecordMiss("leuven", "dinsdag", kFriday).ok());
  EXPECT_EQ(List(*log, "leuven").size(), 3u);
}

TEST_P(SearchLogContract, CountsEveryMissFromSeveralThreadsAtOnce) {
  std::unique_ptr<SearchLog> log = OpenLog();
  auto search = [&] {
    for (int i = 0; i < 10; ++i) EXPECT_TRUE(log->RecordMiss("leuven", "fiets", kMonday).ok());
  };
  std::thread a(search), b(search);
  a.join();
  b.join();
  ASSERT_EQ(List(*log).size(), 1u);
  EXPECT_EQ(List(*log).front().count, 20);
}

INSTANTIATE_TEST_SUITE_P(SearchLog, SearchLogContract, testing::Values("sqlite", "postgresql", "memory"), ParamName);

// What only the SQL engines have.
class SearchLogSql : public testing::TestWithParam<std::string> {
 protected:
  SearchLogSql() : target_(GetParam(), "search_log_sql") {}
  std::unique_ptr<SearchLog> OpenLog() {
    base::Result<std::unique_ptr<SearchLog>> opened = OpenSearchLog(target_.target());
    EXPECT_TRUE(opened.ok()) << opened.error().message();
    return opened.ok() ? std::move(*opened) : nullptr;
  }
  TestTarget target_;
};

TEST_P(SearchLogSql, KeepsTheLogAcrossReopening) {
  ASSERT_TRUE(OpenLog()->RecordMiss("leuven", "fiets", kMonday).ok());
  std::unique_ptr<SearchLog> reopened = OpenLog();
  ASSERT_TRUE(reopened->RecordMiss("leuven", "fiets", kTuesday).ok());
  EXPECT_EQ(*reopened->ListMisses(std::nullopt), (std::vector<SearchMiss>{{"leuven", "fiets", 2, kMonday, kTuesday}}));
}

TEST_P(SearchLogSql, TwoProcessesCountIntoOneDatabase) {
  std::unique_ptr<SearchLog> first = OpenLog(), second = OpenLog();
  auto search = [](SearchLog& log) {
    for (int i = 0; i < 10; ++i) EXPECT_TRUE(log.RecordMiss("leuven", "fiets", kMonday).ok());
  };
  std::thread a(search, std::ref(*first)), b(search, std::ref(*second));
  a.join();
  b.join();
  EXPECT_EQ(first->ListMisses("leuven")->front().count, 20);
}

TEST_P(SearchLogSql, TheTableHoldsOnlyTheQueryItsCountAndItsDays) {
  ASSERT_NE(OpenLog(), nullptr);
  auto connection = target_.Connect();
  auto rows = connection->Query("SELECT * FROM search_miss");
  ASSERT_TRUE(rows.ok()) << rows.error().message();
  std::string_view columns = GetParam() == "sqlite" ? "SELECT name FROM pragma_table_info('search_miss') ORDER BY cid"
                                                    : "SELECT column_name FROM information_schema.columns WHERE "
                                                      "table_schema = current_schema() AND table_name = 'search_miss' "
                                                      "ORDER BY ordinal_position";
  auto names = connection->Query(columns);
  ASSERT_TRUE(names.ok()) << names.error().message();
  std::vector<std::string> found;
  for (const db::Row& r : *names) found.push_back(db::Text(r, 0));
  EXPECT_EQ(found, (std::vector<std::string>{"municipality", "query", "searches", "first_seen", "last_seen"}));
  // The migration is recorded under its own name, whatever number it has.
  auto recorded = connection->Query("SELECT COUNT(*) FROM schema_migrations WHERE name = 'search_log'");
  ASSERT_TRUE(recorded.ok()) << recorded.error().message();
  EXPECT_EQ(db::Int(recorded->front(), 0), 1);
}

INSTANTIATE_TEST_SUITE_P(SearchLog, SearchLogSql, testing::Values("sqlite", "postgresql"), ParamName);

}  // namespace
}  // namespace store
