// bench/population.h
//
// A deterministic synthetic population for the "allowance" benchmark
// (shared/spec/bench-rule.md, "Population file"), built directly in the
// column form (household/columns.h) so the benchmark times evaluation, not
// parsing; ToHouseholds gives the document form the interpreter reads.
// Same distribution as the reference gen_population.py, not the same draws:
// compare totals with the spec only through the rule engine vs the
// hand-written reference (bench_main.cpp), never against the spec's CSV totals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/date.h"
#include "household/columns.h"
#include "household/model.h"

namespace bench {

struct PopulationOptions {
  size_t persons = 0;      // exactly this many; the last household is truncated
  uint64_t seed = 42;
  base::Date as_of = base::Date::FromYmd(2025, 1, 1);  // ages are drawn on this day
};

// Households of 1..5 members (p .35/.30/.15/.13/.07); member 0 is an adult,
// member 1 with p .6, others with p .15; adults 18–94 and children 0–17 on
// `as_of`, uniform in days; adult income 15 % zero else lognormal(7.0, 0.8)
// in cents, child income 95 % zero else a quarter of such a draw; member 0
// has the status "allowance" with p .10. Every person has a birth_date, one
// income {kind "other", month, net} (also when zero) and a statuses list.
// Deterministic for a given seed with one standard library (std::mt19937_64
// is portable; the distributions are not).
household::Columns GeneratePopulation(const PopulationOptions& options);

// Every household of `population` in the document form (facts sized from the
// schema table).
std::vector<household::Household> ToHouseholds(const household::Columns& population);

}  // namespace bench
