// scan/scan.h
//
// Proactive detection: streams a population file through the compiled engine
// (rules/compiled; the column-wise batch engine where no C++ compiler runs)
// and lists, per right, the households that are probably entitled but do not
// receive it yet, with the one-line reason; optionally only for a cohort
// (a rule-language condition such as `applicant.age >= 70 and
// count(m in members) == 1`); and counts per neighbourhood. Memory is bounded
// by piece size times threads, not by the population.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "base/result.h"
#include "rules/rules.h"

namespace scan {

enum class Engine {
  kCompiled,  // rules/compiled, falling back to the batch engine when the rules cannot be compiled
  kBatch,     // rules/batch
};

struct Options {
  base::Date reference_date;
  std::string cohort;                 // rule-language condition on the household; empty = everyone
  std::vector<std::string> rights;    // right ids to report; empty = all
  // The workers parse and evaluate pieces of about this many bytes of the
  // file (population::Reader::NextPiece), in chunks of chunk_persons.
  size_t piece_bytes = size_t{1} << 20;
  size_t chunk_persons = 1024;  // larger chunks outgrow the CPU caches (docs/population.md)
  int threads = 2;
  Engine engine = Engine::kCompiled;
  // false: counts only. The worklist stays empty (no header either) and no
  // reasons are computed, so the interpreter never runs; worklist_rows still
  // says how many rows there would have been.
  bool write_worklist = true;
};

struct Summary {
  size_t persons = 0;
  size_t households = 0;
  size_t in_cohort = 0;
  size_t worklist_rows = 0;
  std::string engine;       // "compiled" or "batch": the engine that ran
  std::string engine_note;  // why the compiled engine did not run, when it was asked for
};

// Reads the population CSV from `population` (named `source_name` in
// errors), writes the worklist CSV to `worklist` and, when `counts` is not
// null, the counts per neighbourhood and right. Returns the first error (a
// malformed row names its line; a bad cohort names its column).
base::Result<Summary> Run(const std::vector<rules::SourceFile>& rule_sources, std::istream& population,
                          const std::string& source_name, const Options& options, std::ostream& worklist,
                          std::ostream* counts);

}  // namespace scan
