// scan/scan_test.cpp — the population scan end to end on a synthetic
// population: every worklist row is a household the interpreter finds
// eligible and not yet receiving; cohorts filter; errors name the place.
#include "scan/scan.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "population/synth.h"

namespace scan {
namespace {

std::vector<rules::SourceFile> Rights() {
  base::Diagnostics diagnostics;
  auto sources = rules::ReadSources({std::string(RECHTOP_SOURCE_DIR) + "/rights"}, diagnostics);
  EXPECT_TRUE(sources) << diagnostics.Format();
  return sources.value_or(std::vector<rules::SourceFile>{});
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Scan, ListsEligibleHouseholdsThatDoNotReceiveTheRight) {
  const base::Date date = *base::Date::Parse("2025-03-01");
  std::stringstream population;
  population::Synthesize(3000, 5, population, date);
  Options options;
  options.reference_date = date;
  options.rights = {"leefloon", "verhoogde_tegemoetkoming", "inkomensgarantie_ouderen"};
  options.chunk_persons = 500;  // several chunks and both threads
  std::ostringstream worklist, counts;
  auto summary = scan::Run(Rights(), population, "pop.csv", options, worklist, &counts);
  ASSERT_TRUE(summary.ok()) << summary.error().message();
  EXPECT_EQ(summary->persons, 3000u);
  auto rows = Lines(worklist.str());
  ASSERT_GT(rows.size(), 1u);
  EXPECT_EQ(rows[0], "household_id,neighbourhood,right,right_name,amount,period,reason");
  EXPECT_EQ(rows.size() - 1, summary->worklist_rows);
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_NE(rows[i].find("U hebt waarschijnlijk recht op"), std::string::npos) << rows[i];
  }
  // The counts add up to the worklist.
  size_t not_receiving = 0;
  auto count_rows = Lines(counts.str());
  for (size_t i = 1; i < count_rows.size(); ++i) {
    std::vector<std::string> cells;
    std::stringstream row(count_rows[i]);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    not_receiving += std::stoul(cells[3]);
  }
  EXPECT_EQ(not_receiving, summary->worklist_rows);
}

// The benchmark rule on the benchmark population's own columns
// (shared/spec/bench-rule.md): the spec's worked example, a couple with a
// child, gets €585 in 2025-01; a single person who already receives the
// allowance is not on the worklist.
TEST(Scan, FindsTheBenchmarkPopulationsNonTakeUp) {
  base::Diagnostics diagnostics;
  auto sources = rules::ReadSources({std::string(RECHTOP_SOURCE_DIR) + "/bench/allowance"}, diagnostics);
  ASSERT_TRUE(sources) << diagnostics.Format();
  std::istringstream population(
      "person_id,household_id,birth_date,monthly_income,receives_allowance\n"
      "0,0,1980-05-01,900.0,False\n"
      "1,0,1982-03-15,700.0,False\n"
      "2,0,2015-07-20,0.0,False\n"
      "3,1,1950-01-01,1200.5,True\n");
  Options options;
  options.reference_date = *base::Date::Parse("2025-01-01");
  options.rights = {"allowance"};
  std::ostringstream worklist;
  auto summary = scan::Run(*sources, population, "pop_1e5.csv", options, worklist, nullptr);
  ASSERT_TRUE(summary.ok()) << summary.error().message();
  auto rows = Lines(worklist.str());
  ASSERT_EQ(rows.size(), 2u) << worklist.str();
  EXPECT_EQ(rows[1].substr(0, rows[1].find(",month,")), "0,,allowance,Gezinstoelage (benchmark),585.00");
}

TEST(Scan, OutputDoesNotDependOnThreadsOrChunkSize) {
  const base::Date date = *base::Date::Parse("2025-03-01");
  std::stringstream population;
  population::Synthesize(2500, 11, population, date);
  const std::string text = population.str();
  auto run = [&](int threads, size_t chunk_persons, std::string& worklist, std::string& counts) {
    Options options;
    options.reference_date = date;
    options.threads = threads;
    options.chunk_persons = chunk_persons;
    std::istringstream in(text);
    std::ostringstream w, c;
    auto summary = scan::Run(Rights(), in, "pop.csv", options, w, &c);
    ASSERT_TRUE(summary.ok()) << summary.error().message();
    worklist = w.str();
    counts = c.str();
  };
  std::string one_w, one_c, two_w, two_c, three_w, three_c;
  run(1, 100000, one_w, one_c);  // one chunk
  run(2, 300, two_w, two_c);
  run(3, 77, three_w, three_c);  // more sets of chunks than threads, an odd last set
  EXPECT_GT(Lines(one_w).size(), 10u);
  EXPECT_GT(Lines(one_c).size(), 10u);
  EXPECT_EQ(two_w, one_w);
  EXPECT_EQ(two_c, one_c);
  EXPECT_EQ(three_w, one_w);
  EXPECT_EQ(three_c, one_c);
}

// The compiled engine is the default; the batch engine must give the same
// worklist and counts, and is what runs when the rules cannot be compiled.
TEST(Scan, TheEnginesWriteTheSameWorklist) {
  const base::Date date = *base::Date::Parse("2025-03-01");
  std::stringstream population;
  population::Synthesize(3000, 5, population, date);
  const std::string text = population.str();
  auto run = [&](Engine engine, std::string& worklist, std::string& counts) {
    Options options;
    options.reference_date = date;
    options.engine = engine;
    std::istringstream in(text);
    std::ostringstream w, c;
    auto summary = scan::Run(Rights(), in, "pop.csv", options, w, &c);
    EXPECT_TRUE(summary.ok()) << summary.error().message();
    worklist = w.str();
    counts = c.str();
    return summary.ok() ? *summary : Summary{};
  };
  std::string compiled_w, compiled_c, batch_w, batch_c, fallback_w, fallback_c;
  const Summary compiled = run(Engine::kCompiled, compiled_w, compiled_c);
  EXPECT_EQ(compiled.engine, "compiled") << compiled.engine_note;
  const Summary batch = run(Engine::kBatch, batch_w, batch_c);
  EXPECT_EQ(batch.engine, "batch");
  EXPECT_EQ(batch.engine_note, "");
  EXPECT_GT(Lines(compiled_w).size(), 10u);
  EXPECT_EQ(compiled_w, batch_w);
  EXPECT_EQ(compiled_c, batch_c);

  // No working compiler: the batch engine runs and the summary says why.
  const char* saved = std::getenv("RECHTOP_CXX");
  const std::string saved_value = saved ? saved : "";
  ::setenv("RECHTOP_CXX", "no-such-compiler-rechtop", 1);
  const Summary fallback = run(Engine::kCompiled, fallback_w, fallback_c);
  if (saved) ::setenv("RECHTOP_CXX", saved_value.c_str(), 1);
  else ::unsetenv("RECHTOP_CXX");
  EXPECT_EQ(fallback.engine, "batch");
  EXPECT_NE(fallback.engine_note.find("no-such-compiler-rechtop"), std::string::npos) << fallback.engine_note;
  EXPECT_EQ(fallback_w, compiled_w);
  EXPECT_EQ(fallback_c, compiled_c);
}

TEST(Scan, CountsOnlyWritesTheSameCountsAndNoWorklist) {
  const base::Date date = *base::Date::Parse("2025-03-01");
  std::stringstream population;
  population::Synthesize(2000, 3, population, date);
  const std::string text = population.str();
  auto run = [&](bool write_worklist, std::string& worklist, std::string& counts) {
    Options options;
    options.reference_date = date;
    options.write_worklist = write_worklist;
    std::istringstream in(text);
    std::ostringstream w, c;
    auto summary = scan::Run(Rights(), in, "pop.csv", options, w, &c);
    EXPECT_TRUE(summary.ok()) << summary.error().message();
    worklist = w.str();
    counts = c.str();
    return summary.ok() ? summary->worklist_rows : 0;
  };
  std::string full_w, full_c, only_w, only_c;
  const size_t full_rows = run(true, full_w, full_c);
  const size_t only_rows = run(false, only_w, only_c);
  EXPECT_GT(full_rows, 10u);
  EXPECT_EQ(only_rows, full_rows);
  EXPECT_EQ(only_c, full_c);
  EXPECT_EQ(only_w, "");
}

TEST(Scan, RestrictsTheWorklistToACohort) {
  const base::Date date = *base::Date::Parse("2025-03-01");
  std::stringstream population;
  population::Synthesize(2000, 9, population, date);
  std::string text = population.str();
  Options options;
  options.reference_date = date;
  std::ostringstream everyone, seniors;
  std::istringstream a(text), b(text);
  auto all = scan::Run(Rights(), a, "pop.csv", options, everyone, nullptr);
  options.cohort = "applicant.age >= 70 and count(m in members) == 1";
  auto cohort = scan::Run(Rights(), b, "pop.csv", options, seniors, nullptr);
  ASSERT_TRUE(all.ok() && cohort.ok());
  EXPECT_GT(cohort->in_cohort, 0u);
  EXPECT_LT(cohort->in_cohort, all->in_cohort);
  EXPECT_LT(cohort->worklist_rows, all->worklist_rows);
}

TEST(Scan, NamesTheMistakeInACohort) {
  std::istringstream population("person_id,household_id\np1,h1\n");
  Options options;
  options.cohort = "applicant.agee >= 70";
  std::ostringstream worklist;
  auto result = scan::Run(Rights(), population, "pop.csv", options, worklist, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "--cohort: column 1: a person has no field 'agee' (did you mean 'age'?)\n");
}

TEST(Scan, NamesTheRowOfATruncatedLine) {
  std::istringstream population("person_id,household_id,birth_date\np1,h1,1990-01-01\np2,h2\n");
  Options options;
  std::ostringstream worklist;
  auto result = scan::Run(Rights(), population, "pop.csv", options, worklist, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "pop.csv:3: the row has 2 cells but the header has 3 columns");
}

}  // namespace
}  // namespace scan
