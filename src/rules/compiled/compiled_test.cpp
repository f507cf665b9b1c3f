// rules/compiled/compiled_test.cpp — the compiled engine against the
// column-wise one, its cache and its errors. (sqldb/engines_test.cpp holds
// every engine to the interpreter on 100,000 persons.)
#include "rules/compiled/compiled.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>

#include "population/population.h"
#include "population/synth.h"
#include "rules/compiled/codegen.h"
#include "rules/rules.h"

namespace rules::compiled {
namespace {

namespace fs = std::filesystem;

rules::RuleBase LoadRules(const std::string& dir) {
  base::Diagnostics d;
  auto loaded = rules::Load({std::string(RECHTOP_SOURCE_DIR) + "/" + dir}, d);
  if (!loaded) throw std::runtime_error(d.Format());
  return std::move(*loaded);
}

CompileOptions TestCache() { return CompileOptions{"", RECHTOP_JIT_TEST_CACHE}; }

std::vector<population::Chunk> Synthetic(size_t persons, base::Date date) {
  std::stringstream csv;
  population::Synthesize(persons, 11, csv, date);
  auto reader = population::Reader::Open(csv, "synthetic.csv");
  EXPECT_TRUE(reader.ok());
  std::vector<population::Chunk> chunks;
  for (;;) {
    population::Chunk chunk;
    auto more = reader->Next(chunk, 1024);
    EXPECT_TRUE(more.ok()) << more.error().message();
    if (!more.ok() || !*more) break;
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

// Every right of `dir` on every household of a synthetic population, on
// each date: the compiled engine writes what the batch engine writes.
void ExpectSameAsBatch(const std::string& dir, const std::vector<base::Date>& dates) {
  const rules::RuleBase rules = LoadRules(dir);
  auto library = Compile(rules.program, TestCache());
  ASSERT_TRUE(library.ok()) << library.error().message();
  Evaluator compiled(rules.program, *library);
  batch::Evaluator batch(rules.program);
  size_t households = 0, mismatches = 0;
  for (base::Date date : dates) {
    for (const auto& chunk : Synthetic(20'000, date)) {
      const auto want = batch.EvaluateAll(chunk.columns, date);
      const auto got = compiled.EvaluateAll(chunk.columns, date);
      ASSERT_EQ(got.size(), want.size());
      households += chunk.size();
      for (size_t r = 0; r < want.size(); ++r) {
        for (size_t h = 0; h < chunk.size(); ++h) {
          const bool same = got[r].status[h] == want[r].status[h] &&
                            got[r].amount_known[h] == want[r].amount_known[h] &&
                            (!want[r].amount_known[h] || got[r].amount_cents[h] == want[r].amount_cents[h]) &&
                            got[r].category_known[h] == want[r].category_known[h] &&
                            (!want[r].category_known[h] || got[r].category[h] == want[r].category[h]);
          if (!same && ++mismatches <= 5) {
            ADD_FAILURE() << rules.program.rights[r].id << ", " << chunk.household_ids[h] << " on " << date.ToString()
                          << ": compiled " << eval::StatusName(got[r].status[h]) << " " << got[r].amount_cents[h]
                          << " '" << got[r].category[h] << "', batch " << eval::StatusName(want[r].status[h]) << " "
                          << want[r].amount_cents[h] << " '" << want[r].category[h] << "'";
          }
        }
      }
    }
  }
  EXPECT_GT(households, 5'000u);
  EXPECT_EQ(mismatches, 0u);
}

TEST(Compiled, AgreesWithBatchOnTheRights) {
  ExpectSameAsBatch("rights", {base::Date::FromYmd(2025, 6, 1), base::Date::FromYmd(2024, 1, 15)});
}

TEST(Compiled, AgreesWithBatchOnEveryConstruct) {
  ExpectSameAsBatch("tests/engines/common", {base::Date::FromYmd(2025, 3, 31), base::Date::FromYmd(2025, 4, 1),
                                             base::Date::FromYmd(2021, 2, 28)});
  ExpectSameAsBatch("tests/engines/deep", {base::Date::FromYmd(2025, 1, 1)});
}

TEST(Compiled, AgreesWithBatchOnTheBenchRule) {
  ExpectSameAsBatch("bench/allowance", {base::Date::FromYmd(2025, 1, 1), base::Date::FromYmd(2024, 12, 1)});
}

// A scan passes one vector to EvaluateInto for every chunk; the columns of
// rights without an amount or a category are filled by the first call only.
// Chunk after chunk, larger and smaller, every column equals a fresh call's.
TEST(Compiled, EvaluateIntoTheSameVectorEqualsAFreshEvaluation) {
  const rules::RuleBase rules = LoadRules("rights");
  auto library = Compile(rules.program, TestCache());
  ASSERT_TRUE(library.ok()) << library.error().message();
  Evaluator reused(rules.program, *library);
  Evaluator fresh(rules.program, *library);
  const base::Date date = base::Date::FromYmd(2025, 6, 1);
  std::vector<population::Chunk> chunks = Synthetic(5'000, date);
  ASSERT_GE(chunks.size(), 3u);
  // A small chunk between large ones: the columns shrink, then grow again.
  std::vector<population::Chunk> small = Synthetic(40, date);
  chunks.insert(chunks.begin() + 1, std::move(small.front()));
  std::vector<batch::RightColumns> out;
  size_t without_amount = 0, without_category = 0;
  for (const auto& chunk : chunks) {
    reused.EvaluateInto(chunk.columns, 0, chunk.size(), date, out);
    const auto want = fresh.EvaluateAll(chunk.columns, date);
    ASSERT_EQ(out.size(), want.size());
    for (size_t r = 0; r < want.size(); ++r) {
      SCOPED_TRACE(rules.program.rights[r].id + " on a chunk of " + std::to_string(chunk.size()) + " households");
      EXPECT_EQ(out[r].status, want[r].status);
      EXPECT_EQ(out[r].amount_cents, want[r].amount_cents);
      EXPECT_EQ(out[r].amount_known, want[r].amount_known);
      EXPECT_EQ(out[r].category, want[r].category);
      EXPECT_EQ(out[r].category_known, want[r].category_known);
      if (!rules.program.rights[r].amount) {
        ++without_amount;
        EXPECT_EQ(std::count(out[r].amount_known.begin(), out[r].amount_known.end(), 0), chunk.size());
      }
      if (!rules.program.rights[r].category) ++without_category;
    }
  }
  EXPECT_GT(without_amount, 0u);
  EXPECT_GT(without_category, 0u);
}

TEST(Compiled, GeneratedSourceIsTheSameForTheSameProgram) {
  const rules::RuleBase rules = LoadRules("tests/engines/common");
  const std::string source = GenerateSource(rules.program);
  EXPECT_EQ(source, GenerateSource(LoadRules("tests/engines/common").program));
  EXPECT_NE(source.find("extern \"C\" void rechtop_evaluate"), std::string::npos);
  EXPECT_NE(source, GenerateSource(LoadRules("bench/allowance").program));
}

TEST(Compiled, ASecondCompileLoadsTheCachedLibrary) {
  const fs::path cache = fs::path(RECHTOP_JIT_TEST_CACHE) / "second-compile";
  fs::remove_all(cache);
  const rules::RuleBase rules = LoadRules("bench/allowance");
  auto first = Compile(rules.program, CompileOptions{"", cache.string()});
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_FALSE((*first)->from_cache());
  auto second = Compile(rules.program, CompileOptions{"", cache.string()});
  ASSERT_TRUE(second.ok()) << second.error().message();
  EXPECT_TRUE((*second)->from_cache());
  EXPECT_EQ((*first)->path(), (*second)->path());
  // Only the library stays: the source and the log of a good build go.
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(cache)) {
    ++files;
    EXPECT_EQ(entry.path().extension(), ".so") << entry.path();
  }
  EXPECT_EQ(files, 1u);
}

TEST(Compiled, AFailingCompilerIsAnErrorThatSaysSo) {
  const fs::path cache = fs::path(RECHTOP_JIT_TEST_CACHE) / "failing";
  fs::remove_all(cache);
  const rules::RuleBase rules = LoadRules("bench/allowance");
  auto failed = Compile(rules.program, CompileOptions{"false", cache.string()});
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message().find("the C++ compiler 'false' failed (exit 1)"), std::string::npos)
      << failed.error().message();
  auto missing = Compile(rules.program, CompileOptions{"no-such-compiler-rechtop", cache.string()});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("cannot run the C++ compiler 'no-such-compiler-rechtop'"), std::string::npos)
      << missing.error().message();
}

}  // namespace
}  // namespace rules::compiled
