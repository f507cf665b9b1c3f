// sqldb/sqldb_test.cpp — households loaded into SQLite and PostgreSQL read back
// exactly: cents, ISO dates, 1/0 booleans, NULL for unknown, the list tables,
// and errors as values. Every test runs on both databases; PostgreSQL comes
// from scripts/with-postgres.sh (run by `make test`).
#include "sqldb/sqldb.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "household/json_reader.h"
#include "population/synth.h"

namespace sqldb {
namespace {

using rules::sql::Dialect;
using Cells = std::vector<std::optional<std::string>>;

constexpr std::optional<std::string> kNull = std::nullopt;

// Every kind of household value, and unknowns: no tax_year, no landlord, real
// estate known; a text with the characters COPY must escape.
constexpr char kFamily[] = R"({
  "municipality": {"name": "Sint-Niklaas\t'quoted' \\ back\nslash", "postcode": "9100", "region": "flanders"},
  "household": {
    "living_situation": "couple_with_children",
    "persons": [
      {
        "id": "mama",
        "birth_date": "1985-02-28",
        "relationship_to_applicant": "self",
        "pregnant": false,
        "domiciled_here": true,
        "disability": {"self_reliance_points": 9},
        "incomes": [
          {"kind": "employment", "amount": 1314.20, "period": "month", "basis": "net"},
          {"kind": "pension", "amount": 0.05, "period": "year", "basis": "gross_taxable"}
        ],
        "statuses": [
          {"status": "vt", "since": "2020-01-01"},
          {"status": "leefloon", "category": "cat2", "route": "ocmw"}
        ]
      },
      {
        "id": "kind",
        "age": 7,
        "relationship_to_applicant": "child",
        "incomes": [],
        "statuses": null
      }
    ]
  },
  "income_history": {
    "household_gross_taxable_income_annual": {"year": 2024, "amount": 25630.67}
  },
  "housing": {
    "tenure": "owner",
    "rent_monthly": 650.00,
    "collective_gas_heating": true,
    "shm_waiting_list_since": "2019-12-31",
    "owned_real_estate": [
      {"type": "own_home", "ki_non_indexed": 745.00},
      {"type": "land", "ki_non_indexed": 12.34}
    ]
  }
})";

// Almost nothing known: one person, no lists.
constexpr char kAlone[] = R"({
  "household": {"persons": [{"id": "solo"}]}
})";

household::Household Parse(const char* json) {
  auto household = household::ReadHousehold(json, "test.json");
  EXPECT_TRUE(household.ok()) << household.error().message();
  return household.ok() ? std::move(*household) : household::Household{};
}

std::string DialectTestName(const testing::TestParamInfo<Dialect>& info) { return DialectName(info.param); }

class SqldbTest : public testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kSqlite) {
      auto opened = OpenSqlite(":memory:");
      ASSERT_TRUE(opened.ok()) << opened.error().message();
      db_ = std::move(*opened);
    } else {
      const char* conninfo = std::getenv("RECHTOP_TEST_POSTGRES");
      ASSERT_NE(conninfo, nullptr) << "RECHTOP_TEST_POSTGRES is not set: run the PostgreSQL tests through "
                                      "`make test` or scripts/with-postgres.sh build/src/unit_tests";
      auto opened = OpenPostgres(conninfo);
      ASSERT_TRUE(opened.ok()) << opened.error().message();
      db_ = std::move(*opened);
      // ctest runs tests in parallel processes against one database: each gets its own schema.
      schema_ = "test_" + std::to_string(getpid());
      ASSERT_TRUE(db_->Exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_ +
                            "; SET search_path TO " + schema_)
                      .ok());
    }
    auto created = db_->CreateTables();
    ASSERT_TRUE(created.ok()) << created.error().message();
  }

  void TearDown() override {
    if (db_ && !schema_.empty()) {
      EXPECT_TRUE(db_->Exec("DROP SCHEMA " + schema_ + " CASCADE").ok());
    }
  }

  // The rows of `sql`, which must succeed.
  std::vector<Row> Rows(const std::string& sql) {
    auto rows = db_->Query(sql);
    EXPECT_TRUE(rows.ok()) << sql << ": " << rows.error().message();
    return rows.ok() ? *rows : std::vector<Row>{};
  }

  void LoadFamilyAndAlone() {
    std::vector<household::Household> households;
    households.push_back(Parse(kFamily));
    households.push_back(Parse(kAlone));
    auto loaded = db_->Load(MakeChunk(std::move(households)));
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  }

  std::unique_ptr<Database> db_;
  std::string schema_;
};

INSTANTIATE_TEST_SUITE_P(Sqldb, SqldbTest, testing::Values(Dialect::kSqlite, Dialect::kPostgres), DialectTestName);

TEST_P(SqldbTest, ReportsItsDialect) { EXPECT_EQ(db_->dialect(), GetParam()); }

TEST_P(SqldbTest, StoresHouseholdFactsAsColumnsWithNullForUnknown) {
  LoadFamilyAndAlone();
  auto rows = Rows(
      "SELECT household_id, neighbourhood, real_estate_known, \"municipality.name\", \"municipality.region\", "
      "\"household.living_situation\", \"housing.rent_monthly\", \"housing.collective_gas_heating\", "
      "\"housing.shm_waiting_list_since\", \"income_history.household_gross_taxable_income_annual.year\", "
      "\"income_history.household_gross_taxable_income_annual.amount\", \"housing.landlord\", \"tax_year\" "
      "FROM households ORDER BY household_id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Cells{"h1", kNull, "1", "Sint-Niklaas\t'quoted' \\ back\nslash", "flanders",
                            "couple_with_children", "65000", "1", "2019-12-31", "2024", "2563067", kNull, kNull}));
  EXPECT_EQ(rows[1], (Cells{"h2", kNull, "0", kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull}));
}

TEST_P(SqldbTest, StoresPersonsByPositionWithWhetherTheirListsAreKnown) {
  LoadFamilyAndAlone();
  auto rows = Rows(
      "SELECT household_id, person_index, statuses_known, incomes_known, \"id\", \"birth_date\", \"age\", "
      "\"relationship_to_applicant\", \"pregnant\", \"domiciled_here\", \"disability.self_reliance_points\" "
      "FROM persons ORDER BY household_id, person_index");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (Cells{"h1", "0", "1", "1", "mama", "1985-02-28", kNull, "self", "0", "1", "9"}));
  EXPECT_EQ(rows[1], (Cells{"h1", "1", "0", "1", "kind", kNull, "7", "child", kNull, kNull, kNull}));
  EXPECT_EQ(rows[2], (Cells{"h2", "0", "0", "0", "solo", kNull, kNull, kNull, kNull, kNull, kNull}));
}

TEST_P(SqldbTest, StoresIncomesInCentsWithPeriodAndBasis) {
  LoadFamilyAndAlone();
  auto rows = Rows(
      "SELECT household_id, person_index, kind, amount, period, basis FROM person_incomes "
      "ORDER BY amount DESC");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Cells{"h1", "0", "employment", "131420", "month", "net"}));
  EXPECT_EQ(rows[1], (Cells{"h1", "0", "pension", "5", "year", "gross_taxable"}));
}

TEST_P(SqldbTest, StoresStatusesWithIsoSinceOrNull) {
  LoadFamilyAndAlone();
  auto rows = Rows(
      "SELECT household_id, person_index, status, since, category, route FROM person_statuses "
      "ORDER BY status");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Cells{"h1", "0", "leefloon", kNull, "cat2", "ocmw"}));
  EXPECT_EQ(rows[1], (Cells{"h1", "0", "vt", "2020-01-01", "", ""}));
}

TEST_P(SqldbTest, StoresRealEstateByPositionInCents) {
  LoadFamilyAndAlone();
  auto rows = Rows("SELECT household_id, position, type, ki_non_indexed FROM household_real_estate ORDER BY position");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Cells{"h1", "0", "own_home", "74500"}));
  EXPECT_EQ(rows[1], (Cells{"h1", "1", "land", "1234"}));
}

TEST_P(SqldbTest, StoresTheNeighbourhoodOfAPopulationChunk) {
  population::Chunk chunk = MakeChunk({Parse(kAlone), Parse(kAlone)});
  chunk.household_ids = {"a", "b"};
  chunk.neighbourhoods = {"Centrum", ""};
  ASSERT_TRUE(db_->Load(chunk).ok());
  EXPECT_EQ(Rows("SELECT household_id, neighbourhood FROM households ORDER BY household_id"),
            (std::vector<Row>{{"a", "Centrum"}, {"b", kNull}}));
}

TEST_P(SqldbTest, SetReferenceDateReplacesTheOneRow) {
  ASSERT_TRUE(db_->SetReferenceDate(base::Date::FromYmd(2025, 3, 1)).ok());
  ASSERT_TRUE(db_->SetReferenceDate(base::Date::FromYmd(2024, 2, 29)).ok());
  EXPECT_EQ(Rows("SELECT reference_date FROM scan_date"), (std::vector<Row>{{"2024-02-29"}}));
}

TEST_P(SqldbTest, QueryReturnsTheRowsOfTheLastStatementAndBooleansAsOneOrZero) {
  EXPECT_EQ(Rows("INSERT INTO scan_date VALUES ('2025-01-01'); SELECT 1 = 1, 1 = 2, NULL, 'x';"),
            (std::vector<Row>{{"1", "0", kNull, "x"}}));
  EXPECT_EQ(Rows("SELECT reference_date FROM scan_date WHERE reference_date > '2030-01-01'"), std::vector<Row>{});
}

TEST_P(SqldbTest, EmptySqlIsNoOp) { EXPECT_TRUE(db_->Exec("").ok()); }

TEST_P(SqldbTest, BadSqlIsAnErrorCarryingTheDatabaseMessage) {
  std::string prefix = GetParam() == Dialect::kSqlite ? "sqlite: " : "postgres: ";
  auto exec = db_->Exec("CREATE TABLE households (x TEXT)");
  ASSERT_FALSE(exec.ok());
  EXPECT_EQ(exec.error().code(), base::Error::Code::kInvalidInput);
  EXPECT_EQ(exec.error().message().rfind(prefix, 0), 0u) << exec.error().message();
  EXPECT_NE(exec.error().message().find("already exists"), std::string::npos) << exec.error().message();

  auto query = db_->Query("SELEC 1");
  ASSERT_FALSE(query.ok());
  EXPECT_EQ(query.error().message().rfind(prefix, 0), 0u) << query.error().message();
  EXPECT_NE(query.error().message().find("syntax error"), std::string::npos) << query.error().message();

  // The connection stays usable after an error.
  EXPECT_EQ(Rows("SELECT 2"), (std::vector<Row>{{"2"}}));
}

TEST_P(SqldbTest, ALoadThatFailsStoresNothingOfItsChunk) {
  LoadFamilyAndAlone();
  population::Chunk chunk = MakeChunk({Parse(kAlone), Parse(kAlone)});
  chunk.household_ids = {"h3", "h1"};  // h1 is already there
  auto loaded = db_->Load(chunk);
  ASSERT_FALSE(loaded.ok());
  if (GetParam() == Dialect::kSqlite) {
    EXPECT_EQ(loaded.error().message(),
              "sqlite: loading household 'h1' into households: UNIQUE constraint failed: households.household_id");
  } else {
    EXPECT_NE(loaded.error().message().find("duplicate key value violates unique constraint"), std::string::npos)
        << loaded.error().message();
    EXPECT_NE(loaded.error().message().find("COPY households, line 2"), std::string::npos) << loaded.error().message();
  }
  EXPECT_EQ(Rows("SELECT count(*) FROM households"), (std::vector<Row>{{"2"}}));
  EXPECT_EQ(Rows("SELECT count(*) FROM persons"), (std::vector<Row>{{"3"}}));
}

TEST_P(SqldbTest, AChunkWhoseVectorsAreNotParallelIsRejected) {
  population::Chunk chunk = MakeChunk({Parse(kAlone)});
  chunk.household_ids.clear();
  auto loaded = db_->Load(chunk);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message(), "chunk has 1 households but 0 household ids");
  EXPECT_EQ(Rows("SELECT count(*) FROM persons"), (std::vector<Row>{{"0"}}));
}

TEST_P(SqldbTest, LoadsAPopulationFileChunkByChunk) {
  std::stringstream csv;
  population::Synthesize(2000, 7, csv, base::Date::FromYmd(2025, 3, 1));
  auto reader = population::Reader::Open(csv, "pop.csv");
  ASSERT_TRUE(reader.ok()) << reader.error().message();
  population::Chunk chunk;
  size_t incomes = 0, statuses = 0, estates = 0;
  std::map<std::string, int> per_neighbourhood;
  while (true) {
    auto more = reader->Next(chunk, 300);
    ASSERT_TRUE(more.ok()) << more.error().message();
    if (!*more) break;
    for (const auto& n : chunk.neighbourhoods) ++per_neighbourhood[n.empty() ? "(null)" : n];
    for (size_t i = 0; i < chunk.size(); ++i) {
      const household::Household h = chunk.Household(i);
      for (const auto& p : h.persons) {
        incomes += p.incomes ? p.incomes->size() : 0;
        statuses += p.statuses ? p.statuses->size() : 0;
      }
      estates += h.owned_real_estate ? h.owned_real_estate->size() : 0;
    }
    auto loaded = db_->Load(chunk);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  }
  auto count = [&](const std::string& table) { return Rows("SELECT count(*) FROM " + table)[0][0].value_or("?"); };
  EXPECT_EQ(count("persons"), "2000");
  EXPECT_EQ(count("households"), std::to_string(reader->households_read()));
  EXPECT_EQ(count("person_incomes"), std::to_string(incomes));
  EXPECT_EQ(count("person_statuses"), std::to_string(statuses));
  EXPECT_EQ(count("household_real_estate"), std::to_string(estates));
  EXPECT_GT(incomes, 0u);
  std::vector<Row> expected;
  for (const auto& [name, n] : per_neighbourhood) expected.push_back({name, std::to_string(n)});
  EXPECT_EQ(Rows("SELECT coalesce(neighbourhood, '(null)') AS n, count(*) FROM households GROUP BY n ORDER BY n"),
            expected);
  EXPECT_GT(per_neighbourhood.size(), 1u);
}

TEST(SqldbOpen, AnUnopenableSqliteFileIsAnIoError) {
  auto opened = OpenSqlite("/nonexistent-dir/x.db");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), base::Error::Code::kIo);
  EXPECT_EQ(opened.error().message(),
            "sqlite: /nonexistent-dir/x.db: cannot open database: unable to open database file");
}

TEST(SqldbOpen, AnUnreachablePostgresIsAnIoError) {
  auto opened = OpenPostgres("host=/nonexistent-dir port=1 connect_timeout=2");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), base::Error::Code::kIo);
  EXPECT_EQ(opened.error().message().rfind("postgres: cannot connect: ", 0), 0u) << opened.error().message();
  EXPECT_NE(opened.error().message().find("/nonexistent-dir/.s.PGSQL.1"), std::string::npos)
      << opened.error().message();
}

TEST(SqldbMakeChunk, GeneratesHouseholdIdsAndKeepsPersonIds) {
  population::Chunk chunk = MakeChunk({Parse(kFamily), Parse(kAlone)});
  EXPECT_EQ(chunk.household_ids, (std::vector<std::string>{"h1", "h2"}));
  EXPECT_EQ(chunk.person_id(0, 0), "mama");
  EXPECT_EQ(chunk.person_id(0, 1), "kind");
  EXPECT_EQ(chunk.person_id(1, 0), "solo");
  EXPECT_EQ(chunk.neighbourhoods, (std::vector<std::string>{"", ""}));
  EXPECT_EQ(chunk.persons(), 3u);
}

}  // namespace
}  // namespace sqldb
