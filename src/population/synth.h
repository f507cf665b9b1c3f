// population/synth.h
//
// A synthetic Flemish population in the population file format
// (docs/population.md), for `rechtop synth`, scans, tests and benchmarks:
// realistic household compositions, ages, incomes near the leefloon and IGO
// levels, statuses with non-take-up, housing and the fields the rights need.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>

#include "base/date.h"

namespace population {

// Writes a header row and exactly `persons` persons (whole households; the
// last households are single persons when a drawn household would not fit) to
// `out`, with ages and the income year computed on `reference_date`. The
// output depends only on the arguments: the same bytes on every platform and
// standard library (std::mt19937_64, and xoshiro256** for the inputs added
// later, with integer-only draws implemented here). Streams in constant
// memory. Write errors are left in `out`'s state.
void Synthesize(size_t persons, uint64_t seed, std::ostream& out, base::Date reference_date);

}  // namespace population
