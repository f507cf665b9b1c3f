// sqldb/engines_test.cpp — the three engines agree on every household.
//
// The reference interpreter (rules/eval), the column-wise engine
// (rules/batch), the compiled engine (rules/compiled) and the SQL views (rules/sql) run on SQLite and on a real
// PostgreSQL evaluate every right of rights/ for 100,000 synthetic persons on
// two dates, and for every household of the rights' example cases (which carry
// real estate, status dates and categories that the population file cannot)
// on each case's date. Status, amount (and whether it is a lower bound),
// category, the assumption bits and the route must be equal everywhere.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "household/json_reader.h"
#include "population/population.h"
#include "population/synth.h"
#include "rules/batch/batch.h"
#include "rules/compiled/compiled.h"
#include "rules/rules.h"
#include "rules/sql/sql.h"
#include "sqldb/sqldb.h"

namespace sqldb {
namespace {

namespace fs = std::filesystem;
using rules::eval::Status;

// One right's result for one household, as the three engines can all say it.
struct Outcome {
  std::string status;
  std::optional<int64_t> amount_cents;  // eligible and known
  std::optional<std::string> category;  // not ineligible and known
  uint64_t assumptions = 0;
  std::optional<int64_t> route;  // not ineligible and known
  bool lower_bound = false;      // the amount is a lower bound

  bool operator==(const Outcome&) const = default;
  std::string ToString() const {
    return status + " amount=" + (amount_cents ? std::to_string(*amount_cents) : "-") +
           (lower_bound ? " (at least)" : "") + " category=" + (category ? "'" + *category + "'" : "-") +
           " assumptions=" + std::to_string(assumptions) + " route=" + (route ? std::to_string(*route) : "-");
  }
  // The engines report the lower-bound flag through the program (ir::AmountIsLowerBound).
  void SetLowerBound(const rules::ir::Program& program, size_t right, base::Date date) {
    lower_bound = amount_cents && rules::ir::AmountIsLowerBound(program, program.rights[right], date);
  }
};

// A set of households with their ids and the interpreter's results per date.
struct Population {
  std::vector<population::Chunk> chunks;
  std::vector<base::Date> dates;
  // expected[date index][household id] = one outcome per right.
  std::vector<std::unordered_map<std::string, std::vector<Outcome>>> expected;
  size_t persons = 0;
};

rules::RuleBase LoadRules(const std::string& dir) {
  base::Diagnostics d;
  auto loaded = rules::Load({std::string(RECHTOP_SOURCE_DIR) + "/" + dir}, d);
  if (!loaded) throw std::runtime_error(d.Format());
  return std::move(*loaded);
}

// The rule base of the product.
const rules::RuleBase& Rights() {
  static const rules::RuleBase rules = LoadRules("rights");
  return rules;
}

// Rules that use every construct SQL compiles (tests/engines/common/): nested
// and real-estate aggregates, every built-in, parameters that end.
const rules::RuleBase& EngineRules() {
  static const rules::RuleBase rules = LoadRules("tests/engines/common");
  return rules;
}

std::vector<Outcome> Interpret(rules::eval::Evaluator& evaluator, const household::Household& hh, base::Date date) {
  std::vector<Outcome> out;
  for (const auto& o : evaluator.EvaluateAll(hh, date, rules::eval::Options{})) {
    Outcome r{rules::eval::StatusName(o.status), std::nullopt, o.category};
    if (o.amount) r.amount_cents = o.amount->cents();
    r.lower_bound = o.amount && o.amount_lower_bound;
    r.assumptions = o.assumption_bits;
    if (o.route) r.route = *o.route;
    out.push_back(std::move(r));
  }
  return out;
}

// Evaluates `pop` with the interpreter (the expectation) and checks the batch
// and compiled engines against it. Returns the number of disagreements.
size_t InterpretBatchAndCompiled(const rules::RuleBase& rules, Population& pop, std::vector<std::string>& report) {
  const auto& program = rules.program;
  rules::eval::Evaluator evaluator(program);
  rules::batch::Evaluator batch(program);
  auto library = rules::compiled::Compile(program, rules::compiled::CompileOptions{"", RECHTOP_JIT_TEST_CACHE});
  EXPECT_TRUE(library.ok()) << library.error().message();
  if (!library.ok()) return 1;
  rules::compiled::Evaluator compiled(program, *library);
  size_t mismatches = 0;
  auto check = [&](const char* engine, const std::vector<rules::batch::RightColumns>& columns, size_t h,
                   const std::string& id, base::Date date, const std::vector<Outcome>& expected) {
    for (size_t r = 0; r < expected.size(); ++r) {
      const auto& c = columns[r];
      Outcome got{rules::eval::StatusName(c.status[h]), std::nullopt, std::nullopt};
      if (c.amount_known[h]) got.amount_cents = c.amount_cents[h];
      if (c.category_known[h]) got.category = std::string(c.category[h]);
      got.assumptions = c.assumptions[h];
      if (c.route[h] >= 0) got.route = c.route[h];
      got.SetLowerBound(program, r, date);
      if (got != expected[r] && ++mismatches <= 10) {
        report.push_back(std::string(engine) + ", " + id + " on " + date.ToString() + ", " + program.rights[r].id +
                         ": " + got.ToString() + ", interpreter: " + expected[r].ToString());
      }
    }
  };
  pop.expected.assign(pop.dates.size(), {});
  for (size_t d = 0; d < pop.dates.size(); ++d) {
    for (const auto& chunk : pop.chunks) {
      const auto batch_columns = batch.EvaluateAll(chunk.columns, pop.dates[d]);
      const auto compiled_columns = compiled.EvaluateAll(chunk.columns, pop.dates[d]);
      for (size_t h = 0; h < chunk.size(); ++h) {
        std::vector<Outcome> expected = Interpret(evaluator, chunk.Household(h), pop.dates[d]);
        check("batch", batch_columns, h, chunk.household_ids[h], pop.dates[d], expected);
        check("compiled", compiled_columns, h, chunk.household_ids[h], pop.dates[d], expected);
        pop.expected[d][chunk.household_ids[h]] = std::move(expected);
      }
    }
  }
  return mismatches;
}

// Loads `pop` into `db`, creates the views and compares them with the
// interpreter on every date. Returns the number of disagreements.
size_t CompareSql(const rules::RuleBase& rules, Database& db, const Population& pop,
                  std::vector<std::string>& report) {
  const auto& program = rules.program;
  const std::string name = rules::sql::DialectName(db.dialect());
  auto status = db.CreateTables();
  EXPECT_TRUE(status.ok()) << status.error().message();
  auto views = rules::sql::ViewsSql(program, db.dialect());
  EXPECT_TRUE(views.ok()) << views.error().message();
  if (!views.ok()) return 1;
  status = db.Exec(*views);
  EXPECT_TRUE(status.ok()) << status.error().message();
  for (const auto& chunk : pop.chunks) {
    status = db.Load(chunk);
    EXPECT_TRUE(status.ok()) << status.error().message();
  }
  size_t mismatches = 0;
  for (size_t d = 0; d < pop.dates.size(); ++d) {
    status = db.SetReferenceDate(pop.dates[d]);
    EXPECT_TRUE(status.ok()) << status.error().message();
    auto rows = db.Query("SELECT * FROM household_results");
    EXPECT_TRUE(rows.ok()) << rows.error().message();
    if (!rows.ok()) return 1;
    EXPECT_EQ(rows->size(), pop.expected[d].size());
    for (const Row& row : *rows) {
      const auto found = pop.expected[d].find(row.at(0).value_or(""));
      if (found == pop.expected[d].end()) {
        ++mismatches;
        report.push_back(name + ": unexpected household " + row.at(0).value_or("NULL"));
        continue;
      }
      for (size_t r = 0; r < program.rights.size(); ++r) {
        const auto& status_cell = row.at(2 + 5 * r);
        const auto& amount_cell = row.at(3 + 5 * r);
        Outcome got{status_cell.value_or("NULL"), std::nullopt, row.at(4 + 5 * r)};
        if (amount_cell) got.amount_cents = std::stoll(*amount_cell);
        got.assumptions = static_cast<uint64_t>(std::stoll(row.at(5 + 5 * r).value_or("0")));
        if (const auto& route = row.at(6 + 5 * r)) got.route = std::stoll(*route);
        got.SetLowerBound(program, r, pop.dates[d]);
        if (got != found->second[r] && ++mismatches <= 10) {
          report.push_back(name + ", " + found->first + " on " + pop.dates[d].ToString() + ", " +
                           program.rights[r].id + ": " + got.ToString() + ", interpreter: " +
                           found->second[r].ToString());
        }
      }
    }
  }
  return mismatches;
}

// 100,000 synthetic persons (docs/population.md), read in chunks.
Population Synthetic(size_t persons, std::vector<base::Date> dates) {
  Population pop;
  pop.dates = std::move(dates);
  std::stringstream csv;
  population::Synthesize(persons, 7, csv, pop.dates[0]);
  auto reader = population::Reader::Open(csv, "synthetic.csv");
  EXPECT_TRUE(reader.ok());
  for (;;) {
    population::Chunk chunk;
    auto more = reader->Next(chunk, 10'000);
    EXPECT_TRUE(more.ok()) << more.error().message();
    if (!more.ok() || !*more) break;
    pop.persons += chunk.persons();
    pop.chunks.push_back(std::move(chunk));
  }
  return pop;
}

// The household of every example case of every right, grouped by date.
std::map<base::Date, std::vector<household::Household>> CaseHouseholds() {
  std::map<base::Date, std::vector<household::Household>> by_date;
  for (const auto& entry : fs::recursive_directory_iterator(std::string(RECHTOP_SOURCE_DIR) + "/rights")) {
    const std::string path = entry.path().string();
    if (!path.ends_with(".cases.json")) continue;
    std::ifstream in(path);
    const auto doc = nlohmann::json::parse(in);
    for (const auto& c : doc["cases"]) {
      auto hh = household::ReadHousehold(c["household"].dump(), path);
      EXPECT_TRUE(hh.ok()) << hh.error().message();
      if (!hh.ok()) continue;
      std::optional<base::Date> date;
      if (c.contains("date")) date = base::Date::Parse(c["date"].get<std::string>());
      by_date[rules::ReferenceDate(*hh, date, base::Date::FromYmd(2025, 1, 1))].push_back(std::move(*hh));
    }
  }
  return by_date;
}

// Each case date is its own population: the views have one reference date.
std::vector<Population> Cases() {
  std::vector<Population> out;
  for (auto& [date, households] : CaseHouseholds()) {
    Population pop;
    pop.dates = {date};
    pop.chunks.push_back(MakeChunk(std::move(households)));
    pop.persons = pop.chunks.back().persons();
    out.push_back(std::move(pop));
  }
  return out;
}

std::unique_ptr<Database> Postgres() {
  const char* conninfo = std::getenv("RECHTOP_TEST_POSTGRES");
  if (!conninfo) {
    ADD_FAILURE() << "RECHTOP_TEST_POSTGRES is not set: run the tests with `make test` or scripts/with-postgres.sh";
    return nullptr;
  }
  auto db = OpenPostgres(conninfo);
  EXPECT_TRUE(db.ok()) << db.error().message();
  if (!db.ok()) return nullptr;
  // A schema of its own, so the test starts empty and leaves nothing behind.
  const std::string schema = "engines_test_" + std::to_string(::getpid());
  EXPECT_TRUE((*db)->Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema +
                          "; SET search_path TO " + schema)
                  .ok());
  return std::move(*db);
}

void DropPostgresSchema(Database& db) {
  EXPECT_TRUE(db.Exec("DROP SCHEMA engines_test_" + std::to_string(::getpid()) + " CASCADE").ok());
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += "\n  " + line;
  return out;
}

// Interpreter, batch, compiled, SQLite and PostgreSQL on one population.
void ExpectAgreement(const rules::RuleBase& rules, Population& pop) {
  std::vector<std::string> report;
  EXPECT_EQ(InterpretBatchAndCompiled(rules, pop, report), 0u) << Join(report);

  auto sqlite = OpenSqlite(":memory:");
  ASSERT_TRUE(sqlite.ok()) << sqlite.error().message();
  report.clear();
  EXPECT_EQ(CompareSql(rules, **sqlite, pop, report), 0u) << Join(report);

  auto postgres = Postgres();
  ASSERT_NE(postgres, nullptr);
  report.clear();
  EXPECT_EQ(CompareSql(rules, *postgres, pop, report), 0u) << Join(report);
  DropPostgresSchema(*postgres);
}

TEST(Engines, AgreeOnHundredThousandSyntheticPersons) {
  Population pop = Synthetic(100'000, {base::Date::FromYmd(2025, 6, 1), base::Date::FromYmd(2024, 1, 15)});
  ASSERT_EQ(pop.persons, 100'000u);
  ExpectAgreement(Rights(), pop);
}

TEST(Engines, AgreeOnEveryConstructOfTheLanguage) {
  // 2025-03-31 and 2025-04-01: the last day of test.grens and the first without it.
  Population pop = Synthetic(20'000, {base::Date::FromYmd(2025, 3, 31), base::Date::FromYmd(2025, 4, 1),
                                      base::Date::FromYmd(2021, 2, 28)});
  ExpectAgreement(EngineRules(), pop);
  for (auto& cases : Cases()) ExpectAgreement(EngineRules(), cases);
}

TEST(Engines, AgreeOnEveryExampleCaseHousehold) {
  std::vector<Population> pops = Cases();
  size_t households = 0;
  for (const auto& pop : pops) households += pop.chunks[0].size();
  ASSERT_GT(households, 650u);  // the 693 example cases of rights/
  for (auto& pop : pops) ExpectAgreement(Rights(), pop);
}

}  // namespace
}  // namespace sqldb
