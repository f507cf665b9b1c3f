// rules/eval/eval.h
//
// The reference interpreter: evaluates the IR for one household on a
// reference date with Kleene three-valued logic. Every unknown value carries
// the inputs that would decide it; with `explain` each result also gets a
// one-sentence Dutch reason and a derivation tree. The batch and SQL engines
// must agree with this one.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/money.h"
#include "household/columns.h"
#include "household/model.h"
#include "rules/ir/ir.h"

namespace rules::eval {

enum class Status : uint8_t { kEligible, kNotEligible, kUndetermined };
const char* StatusName(Status status);  // "eligible", "not_eligible", "undetermined"

enum class Truth : uint8_t { kTrue, kFalse, kUnknown };

// One input whose absence keeps a value unknown.
struct MissingInput {
  enum class Kind : uint8_t { kHouseholdField, kPersonField, kIncomes, kStatuses, kEstates, kParameter };
  Kind kind;
  uint16_t person = 0;
  uint32_t index = 0;  // field or parameter index
  auto operator<=>(const MissingInput&) const = default;
};

// The JSON path of a missing input ("household.persons[0].birth_date"), or
// "parameter:<name>" when a parameter has no value on the reference date.
std::string MissingPath(const MissingInput& missing, const ir::Program& program);
// The Dutch description ("de geboortedatum van p1").
std::string MissingLabel(const MissingInput& missing, const ir::Program& program, const household::Household& hh);
// The Dutch question the screener asks for it ("Wat is de geboortedatum van p1?").
std::string MissingQuestion(const MissingInput& missing, const household::Household& hh);

struct ConditionOutcome {
  Truth truth = Truth::kUnknown;
  std::vector<MissingInput> missing;
  std::string text;  // the true or false text, values filled in (explain: those the sentence uses; tree: all)
};

// A node of the derivation tree: what was used, its value, and why.
struct Derivation {
  std::string label;
  std::string value;
  std::string note;  // source, validity, JSON path or expression
  std::vector<Derivation> children;
};

// An assumption the outcome rests on (ir::Program::assumptions[assumption]),
// with the inputs that, given, would replace it.
struct AssumptionOutcome {
  uint32_t assumption = 0;
  std::vector<MissingInput> missing;
};

struct RightOutcome {
  uint32_t right = 0;
  Status status = Status::kUndetermined;
  std::optional<base::Money> amount;     // when eligible and the right has an amount
  bool amount_lower_bound = false;       // the amount is a lower bound (at_least, or an indexed parameter's last value)
  // The right's declared grant holds: the status shows it has been granted.
  bool granted = false;
  std::optional<base::Date> granted_since;
  // Which grant mode applies: 0 the right's `apply`, i its routes[i - 1];
  // unset when the right is not eligible or the route is not known.
  std::optional<uint32_t> route;
  uint64_t assumption_bits = 0;                // one bit per ir::Program::assumptions entry
  std::vector<AssumptionOutcome> assumptions;  // the same, with their inputs
  std::optional<std::string> category;
  std::vector<MissingInput> missing;     // sorted; empty unless undetermined
  std::vector<ConditionOutcome> conditions;
  std::string sentence;                  // explain only
  std::optional<Derivation> derivation;  // explain only
};

struct Options {
  bool explain = false;  // the one-sentence Dutch reason per right (and condition texts)
  bool tree = false;     // also the full derivation tree (costs several times the evaluation)
  // The sentence ends with the assumptions it rests on ("Dit rust op een
  // aanname: ..."); false for a caller that shows RightOutcome::assumptions itself.
  bool sentence_lists_assumptions = true;
};

// Evaluates rights of `program` for one household. Holds per-household
// memo tables, so reuse one Evaluator for many households on one thread.
// Not thread-safe; `program` must outlive it.
class Evaluator {
 public:
  explicit Evaluator(const ir::Program& program);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // Every right, in program order. `hh` must stay alive during the call.
  std::vector<RightOutcome> EvaluateAll(const household::Household& hh, base::Date reference_date,
                                        const Options& options);
  // One right (and what it depends on).
  RightOutcome Evaluate(uint32_t right, const household::Household& hh, base::Date reference_date,
                        const Options& options);
  // Several rights of one household, sharing what they have in common
  // (defines, rights they read): cheaper than one Evaluate call per right.
  std::vector<RightOutcome> EvaluateSome(const std::vector<uint32_t>& rights, const household::Household& hh,
                                         base::Date reference_date, const Options& options);

 private:
  class Impl;
  Impl* impl_;
};

// The pieces of the semantics every engine that computes per value shares.
//
// income(kind, basis, period) over one person's incomes: `imm` as the kIncome
// node's (basis * 2 + period), `kind` "" for every kind. Monthly and yearly
// amounts are totalled apart and converted once, so rounding happens at most once.
// Inline: the batch and compiled engines call it for every person of a population.
inline int64_t IncomeOfPeriod(int64_t monthly, int64_t yearly, int64_t imm);
inline int64_t IncomeTotal(std::span<const household::Income> incomes, std::string_view kind, int64_t imm) {
  const auto basis = imm / 2 ? household::IncomeBasis::kGrossTaxable : household::IncomeBasis::kNet;
  int64_t monthly = 0, yearly = 0;
  for (const auto& income : incomes) {
    if (income.basis != basis || (!kind.empty() && income.kind != kind)) continue;
    (income.period == household::IncomePeriod::kMonth ? monthly : yearly) += income.amount.cents();
  }
  return IncomeOfPeriod(monthly, yearly, imm);
}
// The monthly and yearly totals of one basis as the period of `imm` asks.
inline int64_t IncomeOfPeriod(int64_t monthly, int64_t yearly, int64_t imm) {
  if (imm % 2) return yearly + monthly * 12;
  return monthly + (yearly == 0 ? 0 : base::DivRound(yearly, 12));
}
// One person's incomes of every kind, totalled by basis and period in one
// pass: what IncomeTotal adds up for kind "", for all four queries at once.
struct IncomeSums {
  int64_t cents[2][2] = {};  // [basis][period]

  explicit IncomeSums(std::span<const household::Income> incomes) {
    for (const auto& income : incomes) {
      cents[static_cast<int>(income.basis)][static_cast<int>(income.period)] += income.amount.cents();
    }
  }
  // IncomeTotal(incomes, "", imm).
  int64_t Total(int64_t imm) const {
    const int64_t* of_basis = cents[imm / 2 ? 1 : 0];
    return IncomeOfPeriod(of_basis[static_cast<int>(household::IncomePeriod::kMonth)],
                          of_basis[static_cast<int>(household::IncomePeriod::kYear)], imm);
  }
};
// The applicant of household `h` of `columns` (kApplicant): the member whose
// relationship_to_applicant is "self", else the first; its index within the household.
size_t ApplicantOf(const household::Columns& columns, size_t h);
// The ages on `ages`' date (kPersonAge) of persons [first, first + count) of
// `columns`: from the birth date, else the `age` input; `known` 0 where neither is given.
void PersonAges(const household::Columns& columns, size_t first, size_t count, const base::AgesOn& ages, int64_t* age,
                uint8_t* known);
// A built-in function on known arguments (dates as days).
int64_t ApplyBuiltin(ir::Builtin builtin, int64_t a, int64_t b, int64_t c);

// Renders a derivation tree as indented text lines.
std::string RenderTree(const Derivation& tree);

}  // namespace rules::eval
