// rules/batch/batch.h
//
// The column-wise engine: evaluates every right for a chunk of households at
// once, one IR node at a time over whole columns (a value and a known flag
// per household or per person), instead of walking the tree per household.
// It computes what population scans need — status, amount, category — and
// must agree with the reference interpreter (eval/) on every household; the
// differential tests check that. It reads households in the column form
// (household/columns.h), which the population reader writes directly. It does not track which inputs are missing.
//
// Why columns: one pass per node over contiguous arrays has no per-household
// dispatch or memo lookups, and chunks keep memory bounded by the chunk size,
// not by the population. Every construct of the IR is vectorised, nested
// aggregates and aggregates over real estate included; nothing falls back to
// the interpreter.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "household/columns.h"
#include "household/model.h"
#include "rules/eval/eval.h"
#include "rules/ir/ir.h"

namespace rules::batch {

// One right's results for a chunk, one entry per household. A category
// is a view into the program or the evaluated columns: it stays valid while
// they and the evaluator live (and until the evaluator's next call when it
// converted the households itself).
struct RightColumns {
  std::vector<eval::Status> status;
  std::vector<int64_t> amount_cents;          // meaningful where amount_known
  std::vector<uint8_t> amount_known;          // eligible and the amount is known
  std::vector<std::string_view> category;     // "" where unknown or not eligible
  std::vector<uint8_t> category_known;
  // The assumptions made (ir::AssumptionMask): bit a for Program::assumptions[a].
  std::vector<uint64_t> assumptions;
  // The grant mode that applies (ir::Right::route): -1 where unknown, not
  // eligible, or the right has no routes.
  std::vector<int8_t> route;
};

// Evaluates a program over chunks. Not thread-safe: use one per thread;
// `program` must outlive it.
class Evaluator {
 public:
  explicit Evaluator(const ir::Program& program);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // Every right of the program, in program order, for households
  // [begin, end) of `columns` on `reference_date`. A range lets one Columns
  // holding a whole population be evaluated in cache-sized chunks.
  std::vector<RightColumns> EvaluateAll(const household::Columns& columns, size_t begin, size_t end,
                                        base::Date reference_date);
  // Every household of `columns`.
  std::vector<RightColumns> EvaluateAll(const household::Columns& columns, base::Date reference_date);
  // The same for households in the document form (converted to columns first).
  std::vector<RightColumns> EvaluateAll(std::span<const household::Household> households, base::Date reference_date);

 private:
  class Impl;
  Impl* impl_;
  household::Columns converted_;  // the last households converted, which categories may view
};

}  // namespace rules::batch
