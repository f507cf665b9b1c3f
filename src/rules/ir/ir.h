// rules/ir/ir.h
//
// The checked, typed intermediate representation shared by every engine
// (eval today; batch and sql next). Names are resolved to indices: inputs to
// household::FieldId, parameters/defines/rights to positions in Program, and
// binders to slots. Op is a closed set: every engine switches over it
// without a default, so adding an op makes the compiler list what to update.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/diagnostics.h"
#include "household/schema.h"

namespace rules::ir {

enum class Type : uint8_t {
  kBool,
  kInt,
  kMoney,
  kRate,
  kDate,
  kText,
  kPerson,   // one household member (value = person index)
  kEstate,   // one owned real-estate entry (value = index)
  kMembers,  // the collection of members
  kEstates,  // the collection of real-estate entries
  kList,     // a literal list (right-hand side of `in`)
};
const char* TypeName(Type type);

enum class Op : uint8_t {
  kConst,  // imm (bool/int/money/rate/date) or text
  kReferenceDate,
  kApplicant,
  kMembers,
  kEstates,
  kVar,             // binder slot `slot`
  kHouseholdField,  // field
  kPersonField,     // args[0] person; field
  kPersonAge,       // args[0] person; age on the reference date
  kPersonAgeOn,     // args[0] person, args[1] date
  kHasStatus,       // args[0] person; text = status
  kStatusMonths,    // args[0] person; text = status; imm 1: full calendar months (base::FullMonthsBefore)
  kStatusCategory,  // args[0] person; text = status
  kIncome,          // args[0] person; text = kind or ""; imm = basis (0 net, 1 gross) * 2 + period (0 month, 1 year)
  kEstateField,     // args[0] estate; imm = 0 type, 1 ki_non_indexed
  kParam,           // index
  kDefine,          // index (household define)
  kPersonDefine,    // args[0] person; index
  kLet,             // index into the right's lets
  kRightEligible,   // index of the right
  kRightAmount,     // index of the right
  kNot,
  kAnd,
  kOr,
  kIf,       // args: test, then, else
  kCase,     // args: when1, then1, ..., else
  kCompare,  // imm = CompareOp
  kArith,    // imm = ArithOp
  kNeg,
  kIn,         // args[0] value, args[1..] constants
  kAggregate,  // imm = AggregateKind; slot; args: collection, filter (may be null), value (may be null)
  kBuiltin,    // imm = Builtin; args
  kIsKnown,    // args[0]; bool, never unknown: whether args[0] is known
};

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
enum class ArithOp : uint8_t { kAdd, kSub, kMul, kDiv };
enum class AggregateKind : uint8_t { kCount, kAny, kAll, kSum, kMax, kMin };
enum class Builtin : uint8_t {
  kYear,
  kMonth,
  kDate,
  kAddMonths,
  kMonthsBetween,
  kStartOfMonth,
  kMonthly,
  kYearly,
  kMin,
  kMax,
  kDaysBetween
};

struct Node {
  Op op;
  Type type;
  base::SourceSpan span;
  int64_t imm = 0;
  uint32_t index = 0;           // field, parameter, define, let or right index
  uint16_t slot = 0;            // binder slot (kVar, kAggregate)
  std::string text;             // text constant, status, income kind
  std::string source_text;      // the expression as written, for explanations
  std::vector<std::unique_ptr<Node>> args;
};
using NodePtr = std::unique_ptr<Node>;

struct ParameterValue {
  base::Date from;
  int64_t value = 0;  // cents, ppm, int or bool
  std::string source;
  base::SourceSpan span;
};

struct Parameter {
  std::string name;
  Type type = Type::kMoney;
  std::string period;  // "", "month", "year"
  std::string label;
  std::vector<ParameterValue> values;  // sorted by `from`, strictly increasing
  std::optional<base::Date> until;
  // Declared `indexed`: the value never decreases (this source says so). The
  // checker then adds two hidden parameters (FloorOf, BoundedOf) with which
  // comparisons and amounts use the last value as a lower bound after `until`.
  std::string indexed_source;
  // For the hidden parameters: the declared parameter they derive from.
  std::optional<uint32_t> derived_from;
  base::SourceSpan span;

  // The value in force on `date`, or nullptr when none is.
  const ParameterValue* ValueOn(base::Date date) const;
};

struct Define {
  std::string name;
  std::string label;
  bool per_person = false;
  uint16_t this_slot = 0;  // per-person defines: the binder slot of `this`
  Type type = Type::kBool;
  NodePtr value;
  base::SourceSpan span;
};

struct Let {
  std::string name;
  std::string label;
  Type type = Type::kBool;
  NodePtr value;
  base::SourceSpan span;
};

// A condition text with `{name}` references resolved.
struct TextPart {
  std::string literal;
  NodePtr value;  // null for literal text
};

struct Condition {
  std::string name;
  std::vector<TextPart> text_true;
  std::vector<TextPart> text_false;  // empty: "niet: " + text_true
  NodePtr test;
  // A presumed condition: the index of its Assumption in Program::assumptions
  // (`test` then counts an unknown as true).
  std::optional<uint32_t> presumption;
  base::SourceSpan span;
};

// An assumption a result may rest on: a presumed condition that was unknown,
// or, for a granted right, an `assume` let that was unknown. Program-wide
// index = its bit in the engines' assumption masks.
struct Assumption {
  std::string id;        // "<right>.<condition>" or "<right>.<let>"
  std::string sentence;  // Dutch, for the person
  std::string source;    // legal ground (presumptions); "" for a grant's assumed let
  uint32_t right = 0;
  uint32_t let = 0;  // the right's let whose unknown value is assumed: its missing inputs are the paths
  NodePtr used;      // bool, never unknown, in the right's scope: whether the assumption was made
};

// A right's declared grant: a status that shows the right has been granted.
struct Grant {
  std::string status;
  bool any_member = false;  // else the applicant
  uint32_t held_let = 0;    // the right's let (bool, never unknown): the status is held on the reference date
};

enum class Level : uint8_t { kFederal, kFlemish, kProvincial, kMunicipal };
enum class ApplyMode : uint8_t { kAutomatic, kOnRequest, kOnRequestCourt };
enum class AmountPeriod : uint8_t { kMonth, kYear, kOnce };
const char* LevelName(Level level);
const char* ApplyModeName(ApplyMode mode);
const char* AmountPeriodName(AmountPeriod period);

// A grant mode that applies to some households (`route ... when ...`).
struct Route {
  ApplyMode mode = ApplyMode::kOnRequest;
  std::string text;
};

struct Source {
  std::string citation;
  std::string url;
};

struct Amount {
  AmountPeriod period = AmountPeriod::kMonth;
  bool lower_bound = false;
  NodePtr value;
  // The hidden BoundedOf parameters of the indexed parameters the value
  // rises with: on a date where one holds, the value is a lower bound.
  std::vector<uint32_t> bounded_by;
};

struct Right {
  std::string id;
  std::string name;
  Level level = Level::kFederal;
  std::string authority;
  std::vector<std::string> themes;
  std::vector<std::string> targets;
  ApplyMode apply_mode = ApplyMode::kOnRequest;
  std::string apply_text;
  std::string summary;
  std::vector<Source> sources;
  // Local rights only: the municipality's NIS code (its one id, geo/) and its
  // name for people, from the table.
  std::string municipality_nis;
  std::string municipality_name;
  // The id of the right in the catalogue of ../shared/spec (rights-v1.md):
  // a municipality's variant names the right it implements
  // ("uitpas_kansentarief"); every other right is its own id.
  std::string spec_id;
  std::vector<uint32_t> depends_on;  // right indices
  std::optional<Grant> grant;
  std::vector<Route> routes;
  // Which grant mode applies (int): 0 the `apply` mode, i the routes[i - 1];
  // null without routes. Engines evaluate it where the right is eligible.
  NodePtr route;
  std::vector<uint32_t> assumptions;  // this right's own, indices into Program::assumptions
  std::vector<Let> lets;              // the written ones, then the checker's hidden ones
  std::vector<Condition> conditions;
  NodePtr category;                  // may be null
  std::optional<Amount> amount;
  base::SourceSpan span;
};

struct Program {
  std::vector<Parameter> parameters;
  std::vector<Define> defines;
  std::vector<Right> rights;           // in a dependency order: a right follows those it reads
  std::vector<Assumption> assumptions;  // at most 64: one bit each
  uint16_t slot_count = 0;             // binder slots needed by the evaluator

  std::optional<uint32_t> FindRight(std::string_view id) const;
};

// The engines' per-right assumption mask, from the bits of the right's own
// assumptions that were made (`own`) and its dependencies' masks: zero when
// the right is not eligible (that answer rests on a known fact).
inline uint64_t AssumptionMask(bool not_eligible, uint64_t own, const Right& right, const uint64_t* masks) {
  if (not_eligible) return 0;
  for (uint32_t d : right.depends_on) own |= masks[d];
  return own;
}

// Whether right `r` has routes or may rest on assumptions (its own, or a
// dependency's): engines write its route and assumption mask only then.
bool HasRouteOrAssumptions(const Program& program, uint32_t r);
// Whether right `r` may rest on assumptions: its own, or a dependency's.
bool HasAssumptions(const Program& program, uint32_t r);

// Whether the amount of `right` on `date` is a lower bound: declared
// `at_least`, or rising with an indexed parameter past its last value.
bool AmountIsLowerBound(const Program& program, const Right& right, base::Date date);

// Calls `visit` with the root of every expression an engine evaluates: each
// define's value, then per right its lets, conditions, category and amount.
void ForEachExpression(const Program& program, const std::function<void(const Node&)>& visit);

// When `input` reads an enum field (kPersonField or kHouseholdField), the
// number a stored value equal to `text` has (household::EnumIndex; -1 when
// `text` is no value, which nothing equals), so engines can test == and != on
// numbers rather than texts. nullopt otherwise, and when `text` matches a
// pattern value such as `carer_*`, whose texts share one number.
std::optional<int64_t> EnumNumber(const Node& input, std::string_view text);

// Writes the IR in a readable form (the `dump --stage=ir` format).
std::string Print(const Program& program);
std::string Print(const Node& node, const Program& program);

}  // namespace rules::ir
