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
  EXPECT_EQ(rows[0],
            "household_id,neighbourhood,right,right_name,amount,period,reason,amount_is_lower_bound,assumptions");
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

// What one scan of a population text writes.
struct ScanOutput {
  Summary summary;
  std::string worklist;
  std::string counts;
};

ScanOutput RunScan(const std::string& population, const Options& options) {
  std::istringstream in(population);
  std::ostringstream worklist, counts;
  auto summary = scan::Run(Rights(), in, "pop.csv", options, worklist, &counts);
  EXPECT_TRUE(summary.ok()) << summary.error().message();
  return {summary.ok() ? *summary : Summary{}, worklist.str(), counts.str()};
}

std::string SyntheticPopulation(size_t persons, uint64_t seed, base::Date date) {
  std::stringstream population;
  population::Synthesize(persons, seed, population, date);
  return population.str();
}

TEST(Scan, OutputDoesNotDependOnThreadsOrChunkSize) {
  const base::Date date = *base::Date::Parse("2025-03-01");
  const std::string text = SyntheticPopulation(2500, 11, date);
  auto run = [&](int threads, size_t chunk_persons, size_t piece_bytes) {
    Options options;
    options.reference_date = date;
    options.threads = threads;
    options.chunk_persons = chunk_persons;
    options.piece_bytes = piece_bytes;
    return RunScan(text, options);
  };
  const ScanOutput one = run(1, 100000, size_t{1} << 30);  // one piece, one chunk
  const ScanOutput two = run(2, 300, 20'000);
  const ScanOutput three = run(3, 77, 1);  // a piece per household or two, more pieces in flight than threads
  EXPECT_GT(Lines(one.worklist).size(), 10u);
  EXPECT_GT(Lines(one.counts).size(), 10u);
  EXPECT_EQ(two.worklist, one.worklist);
  EXPECT_EQ(two.counts, one.counts);
  EXPECT_EQ(three.worklist, one.worklist);
  EXPECT_EQ(three.counts, one.counts);
}

// The compiled engine is the default; the batch engine must give the same
// worklist and counts, and is what runs when the rules cannot be compiled.
TEST(Scan, TheEnginesWriteTheSameWorklist) {
  const base::Date date = *base::Date::Parse("2025-03-01");
  const std::string text = SyntheticPopulation(3000, 5, date);
  Options options;
  options.reference_date = date;
  options.engine = Engine::kCompiled;
  const ScanOutput compiled = RunScan(text, options);
  EXPECT_EQ(compiled.summary.engine, "compiled") << compiled.summary.engine_note;
  options.engine = Engine::kBatch;
  const ScanOutput batch = RunScan(text, options);
  EXPECT_EQ(batch.summary.engine, "batch");
  EXPECT_EQ(batch.summary.engine_note, "");
  EXPECT_GT(Lines(compiled.worklist).size(), 10u);
  EXPECT_EQ(compiled.worklist, batch.worklist);
  EXPECT_EQ(compiled.counts, batch.counts);

  // No working compiler: the batch engine runs and the summary says why.
  const char* saved = std::getenv("RECHTOP_CXX");
  const std::string saved_value = saved ? saved : "";
  ::setenv("RECHTOP_CXX", "no-such-compiler-rechtop", 1);
  options.engine = Engine::kCompiled;
  const ScanOutput fallback = RunScan(text, options);
  if (saved) ::setenv("RECHTOP_CXX", saved_value.c_str(), 1);
  else ::unsetenv("RECHTOP_CXX");
  EXPECT_EQ(fallback.summary.engine, "batch");
  EXPECT_NE(fallback.summary.engine_note.find("no-such-compiler-rechtop"), std::string::npos)
      << fallback.summary.engine_note;
  EXPECT_EQ(fallback.worklist, compiled.worklist);
  EXPECT_EQ(fallback.counts, compiled.counts);
}

TEST(Scan, CountsOnlyWritesTheSameCountsAndNoWorklist) {
  const base::Date date = *base::Date::Parse("2025-03-01");
  const std::string text = SyntheticPopulation(2000, 3, date);
  Options options;
  options.reference_date = date;
  const ScanOutput full = RunScan(text, options);
  options.write_worklist = false;
  const ScanOutput only = RunScan(text, options);
  EXPECT_GT(full.summary.worklist_rows, 10u);
  EXPECT_EQ(only.summary.worklist_rows, full.summary.worklist_rows);
  EXPECT_EQ(only.counts, full.counts);
  EXPECT_EQ(only.worklist, "");
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

// Pieces are evaluated out of order but merged in file order: the first
// error in the file is reported, with the rows of the pieces before it.
TEST(Scan, NamesTheFirstErrorInFileOrderWhateverThePieces) {
  const base::Date date = *base::Date::Parse("2025-03-01");
  const std::string text = SyntheticPopulation(1500, 21, date);
  const size_t lines = Lines(text).size();
  // A person of the first household on the last row, then a bad row.
  const std::string first_row = Lines(text)[1];
  const size_t comma = first_row.find(',');
  const std::string id = first_row.substr(comma + 1, first_row.find(',', comma + 1) - comma - 1);
  std::string reappears = text + "late" + first_row.substr(comma) + "\n";
  reappears += "bad,row\n";
  for (int threads : {1, 3}) {
    for (size_t piece_bytes : {size_t{1}, size_t{3000}, size_t{1} << 30}) {
      Options options;
      options.reference_date = date;
      options.threads = threads;
      options.piece_bytes = piece_bytes;
      std::istringstream in(reappears);
      std::ostringstream worklist;
      auto result = scan::Run(Rights(), in, "pop.csv", options, worklist, nullptr);
      ASSERT_FALSE(result.ok());
      EXPECT_EQ(result.error().message(), "pop.csv:" + std::to_string(lines + 1) + ": household '" + id +
                                              "' reappears after other households (the rows of a household must be "
                                              "contiguous)")
          << threads << " threads, pieces of " << piece_bytes << " bytes";
      // What was written is a beginning of the whole worklist.
      const ScanOutput whole = RunScan(text, options);
      EXPECT_EQ(whole.worklist.rfind(worklist.str(), 0), 0u);
    }
  }
}

TEST(Scan, NamesTheRowOfATruncatedLine) {
  std::istringstream population("person_id,household_id,birth_date\np1,h1,1990-01-01\np2,h2\n");
  Options options;
  std::ostringstream worklist;
  auto result = scan::Run(Rights(), population, "pop.csv", options, worklist, nullptr);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "pop.csv:3: the row has 2 cells but the header has 3 columns");
}

// Cells that hold a comma, a quote or a line break are quoted, their quotes
// doubled (RFC 4180), in the worklist and in the counts.
TEST(Scan, QuotesCellsThatHoldCommasQuotesOrLineBreaks) {
  const base::Date date = *base::Date::Parse("2025-03-01");
  std::string text = SyntheticPopulation(500, 3, date);
  Options options;
  options.reference_date = date;
  const std::vector<std::string> plain = Lines(RunScan(text, options).worklist);
  ASSERT_GT(plain.size(), 1u);
  const std::string id = plain[1].substr(0, plain[1].find(','));
  // The neighbourhood is the third cell of the household's first row.
  const size_t at = text.find("," + id + ",");
  ASSERT_NE(at, std::string::npos);
  const size_t from = at + id.size() + 2;
  text.replace(from, text.find(',', from) - from, "\"Oud \"\"Centrum\"\", Noord\nZuid\"");

  const ScanOutput quoted = RunScan(text, options);
  const std::string expected_start = id + ",\"Oud \"\"Centrum\"\", Noord\nZuid\",";
  EXPECT_EQ(quoted.worklist.find(expected_start), plain[0].size() + 1) << quoted.worklist.substr(0, 400);
  EXPECT_NE(quoted.counts.find("\n\"Oud \"\"Centrum\"\", Noord\nZuid\","), std::string::npos);
  // The reasons hold commas ("€ 1.314,20"): each is one quoted cell, before
  // the lower-bound and assumptions cells.
  size_t reasons = 0;
  for (size_t i = 1; i < plain.size(); ++i) {
    const size_t open = plain[i].find(",\"U hebt waarschijnlijk recht op");
    if (open == std::string::npos) continue;
    ++reasons;
    const size_t close = plain[i].find('"', open + 2);
    ASSERT_NE(close, std::string::npos) << plain[i];
    EXPECT_EQ(plain[i][close + 1], ',') << plain[i];
    EXPECT_EQ(std::count(plain[i].begin() + static_cast<long>(close), plain[i].end(), ','), 2) << plain[i];
  }
  EXPECT_GT(reasons, 0u);
}

// A right granted by a status leaves its holders off the worklist (they
// already receive it), and a row resting on a presumption names it.
TEST(Scan, LeavesOutGrantedHouseholdsAndMarksRowsThatRestOnAssumptions) {
  const std::vector<rules::SourceFile> sources = {{"grond.rop", R"(
right steun {
  name "Steun" level federal apply on_request "-" source "test"
  granted_by status "leefloon"
  condition verblijf "u verblijft in België" presumed "We gaan ervan uit dat u in België verblijft." source "test":
    applicant.resident_in_belgium
  condition volwassen "u bent volwassen": applicant.age >= 18
}
)"}};
  std::istringstream population(
      "person_id,household_id,birth_date,resident_in_belgium,statuses\n"
      "a,1,1980-01-01,,\n"            // unknown residence: presumed, listed
      "b,2,1980-01-01,true,\n"        // known: listed without assumption
      "c,3,1980-01-01,false,\n"       // known false: not eligible
      "d,4,1980-01-01,,leefloon\n");  // receives it: not listed
  Options options;
  options.reference_date = *base::Date::Parse("2025-01-01");
  std::ostringstream worklist;
  auto summary = scan::Run(sources, population, "pop.csv", options, worklist, nullptr);
  ASSERT_TRUE(summary.ok()) << summary.error().message();
  auto rows = Lines(worklist.str());
  ASSERT_EQ(rows.size(), 3u) << worklist.str();
  EXPECT_EQ(rows[1].substr(0, 2), "1,");
  EXPECT_TRUE(rows[1].ends_with(",,steun.verblijf")) << rows[1];
  EXPECT_NE(rows[1].find("Dit rust op een aanname"), std::string::npos) << rows[1];
  EXPECT_EQ(rows[2].substr(0, 2), "2,");
  EXPECT_TRUE(rows[2].ends_with(",,")) << rows[2];
}

}  // namespace
}  // namespace scan
