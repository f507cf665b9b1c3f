// rules/eval/eval.cpp — the reference interpreter (see eval.h).
//
// Why a tree walker: one household touches a few hundred IR nodes, and memo
// tables (reset per household by a generation counter, not by clearing) make
// every define, let and right evaluate at most once. That keeps a full
// catalogue check in the tens of microseconds without a compile step.
#include "rules/eval/eval.h"

#include <algorithm>
#include <bit>
#include <functional>
#include <set>

#include "household/schema.h"

namespace rules::eval {
namespace {

using household::Entity;
using ir::Node;
using ir::Op;
using ir::Type;

struct Value {
  bool known = true;
  int64_t n = 0;
  std::string_view s;
  std::vector<MissingInput> missing;  // sorted, unique; only when !known
};

Value Known(int64_t n) { return Value{true, n, {}, {}}; }
Value KnownText(std::string_view s) { return Value{true, 0, s, {}}; }
Value Unknown(MissingInput m) { return Value{false, 0, {}, {m}}; }

void MergeInto(std::vector<MissingInput>& into, const std::vector<MissingInput>& from) {
  if (from.empty()) return;
  if (into.empty()) {
    into = from;
    return;
  }
  std::vector<MissingInput> merged;
  merged.reserve(into.size() + from.size());
  std::set_union(into.begin(), into.end(), from.begin(), from.end(), std::back_inserter(merged));
  into = std::move(merged);
}

Value UnknownOf(const Value& a, const Value& b) {
  Value out{false, 0, {}, {}};
  if (!a.known) out.missing = a.missing;
  if (!b.known) MergeInto(out.missing, b.missing);
  return out;
}

const char* kDutchPeriod[] = {"per maand", "per jaar", "eenmalig"};

std::string FormatValue(const Value& v, Type type) {
  if (!v.known) return "onbekend";
  switch (type) {
    case Type::kBool: return v.n ? "ja" : "nee";
    case Type::kInt: return std::to_string(v.n);
    case Type::kMoney: return base::Money::FromCents(v.n).ToDutch();
    case Type::kRate: return base::RateToDutch(v.n);
    case Type::kDate: return base::Date::FromDays(static_cast<int32_t>(v.n)).ToDutch();
    case Type::kText: return "\"" + std::string(v.s) + "\"";
    case Type::kPerson: return "persoon " + std::to_string(v.n);
    case Type::kEstate: return "eigendom " + std::to_string(v.n);
    case Type::kMembers:
    case Type::kEstates:
    case Type::kList: return "";
  }
  return "";
}

std::string PersonName(const household::Household& hh, size_t person) {
  static const auto id_field = household::FindField(Entity::kPerson, "id");
  if (person < hh.persons.size() && id_field && *id_field < hh.persons[person].facts.size() &&
      hh.persons[person].facts[*id_field].present) {
    return hh.persons[person].facts[*id_field].text;
  }
  return "persoon " + std::to_string(person + 1);
}

// "of de persoon zwanger is" reads "of Sara zwanger is"; noun labels get "van Sara".
std::string PersonFieldLabel(const household::FieldSpec& spec, const std::string& who) {
  std::string label(spec.label);
  if (size_t at = label.find("de persoon"); at != std::string::npos) return label.replace(at, 10, who);
  return label + " van " + who;
}

}  // namespace

const char* StatusName(Status status) {
  switch (status) {
    case Status::kEligible: return "eligible";
    case Status::kNotEligible: return "not_eligible";
    case Status::kUndetermined: return "undetermined";
  }
  return "?";
}

std::string MissingPath(const MissingInput& m, const ir::Program& program) {
  using K = MissingInput::Kind;
  switch (m.kind) {
    case K::kHouseholdField: return std::string(household::Fields(Entity::kHousehold)[m.index].name);
    case K::kPersonField: return household::PersonPath(m.person, household::Fields(Entity::kPerson)[m.index].name);
    case K::kIncomes: return household::PersonPath(m.person, household::kIncomes);
    case K::kStatuses: return household::PersonPath(m.person, household::kStatuses);
    case K::kEstates: return std::string(household::kOwnedRealEstate);
    case K::kParameter: return "parameter:" + program.parameters[m.index].name;
  }
  return "?";
}

std::string MissingLabel(const MissingInput& m, const ir::Program& program, const household::Household& hh) {
  using K = MissingInput::Kind;
  const std::string who = PersonName(hh, m.person);
  const std::string of = " van " + who;
  switch (m.kind) {
    case K::kHouseholdField: return std::string(household::Fields(Entity::kHousehold)[m.index].label);
    case K::kPersonField: return PersonFieldLabel(household::Fields(Entity::kPerson)[m.index], who);
    case K::kIncomes: return "de inkomsten" + of;
    case K::kStatuses: return "de uitkeringen en statuten" + of;
    case K::kEstates: return "het onroerend goed van het gezin";
    case K::kParameter: {
      const auto& p = program.parameters[m.index];
      return "de waarde van '" + (p.label.empty() ? p.name : p.label) + "' op deze datum (nog niet gepubliceerd)";
    }
  }
  return "?";
}

std::string MissingQuestion(const MissingInput& m, const household::Household& hh) {
  using K = MissingInput::Kind;
  std::string who = PersonName(hh, m.person);
  switch (m.kind) {
    case K::kHouseholdField: return std::string(household::Fields(Entity::kHousehold)[m.index].question);
    case K::kPersonField: {
      std::string q(household::Fields(Entity::kPerson)[m.index].question);
      if (size_t at = q.find("deze persoon"); at != std::string::npos) return q.replace(at, 12, who);
      return q + " (" + who + ")";
    }
    case K::kIncomes: return "Welke inkomsten heeft " + who + " (soort, bedrag, per maand of per jaar)?";
    case K::kStatuses: return "Welke uitkeringen of statuten heeft " + who + " al (bv. leefloon, verhoogde tegemoetkoming)?";
    case K::kEstates: return "Welk onroerend goed bezit het gezin (met kadastraal inkomen)?";
    case K::kParameter: return "";  // not a question for the household: the value is not yet published
  }
  return "";
}

namespace {
// The column of person field `field` when the Columns give it, else null.
const household::FactColumn* GivenPersonField(const household::Columns& columns, household::FieldId field) {
  if (field >= columns.person_facts.size() || !columns.person_facts[field].given()) return nullptr;
  return &columns.person_facts[field];
}
}  // namespace

size_t ApplicantOf(const household::Columns& columns, size_t h) {
  static const auto field = *household::FindField(Entity::kPerson, "relationship_to_applicant");
  static const household::FieldSpec& spec = household::Fields(Entity::kPerson)[field];
  const household::FactColumn* relationship = GivenPersonField(columns, field);
  if (!relationship || relationship->text.empty()) return 0;
  for (size_t p = columns.first_person[h]; p < columns.first_person[h + 1]; ++p) {
    if (relationship->TextAt(spec, p) == "self") return p - columns.first_person[h];
  }
  return 0;
}

void PersonAges(const household::Columns& columns, size_t first, size_t count, const base::AgesOn& ages, int64_t* age,
                uint8_t* known) {
  static const auto birth_field = *household::FindField(Entity::kPerson, "birth_date");
  static const auto age_field = *household::FindField(Entity::kPerson, "age");
  const household::FactColumn* birth = GivenPersonField(columns, birth_field);
  const household::FactColumn* given_age = GivenPersonField(columns, age_field);
  for (size_t p = 0; p < count; ++p) {
    const size_t row = first + p;
    if (birth && birth->present[row]) {
      age[p] = ages.Of(base::Date::FromDays(static_cast<int32_t>(birth->number[row])));
      known[p] = 1;
    } else if (given_age && given_age->present[row]) {
      age[p] = given_age->number[row];
      known[p] = 1;
    } else {
      age[p] = 0;
      known[p] = 0;
    }
  }
}

int64_t ApplyBuiltin(ir::Builtin builtin, int64_t a, int64_t b, int64_t c) {
  auto date = [](int64_t days) { return base::Date::FromDays(static_cast<int32_t>(days)); };
  switch (builtin) {
    case ir::Builtin::kYear: return date(a).year();
    case ir::Builtin::kMonth: return date(a).month();
    case ir::Builtin::kDate: {
      int64_t month = std::clamp<int64_t>(b, 1, 12);
      base::Date first = base::Date::FromYmd(static_cast<int>(a), static_cast<unsigned>(month), 1);
      int64_t last_day = first.PlusMonths(1).PlusDays(-1).day();
      return first.PlusDays(static_cast<int32_t>(std::clamp<int64_t>(c, 1, last_day) - 1)).days();
    }
    case ir::Builtin::kAddMonths: return date(a).PlusMonths(static_cast<int>(b)).days();
    case ir::Builtin::kMonthsBetween: return base::MonthsBetween(date(a), date(b));
    case ir::Builtin::kStartOfMonth: return date(a).StartOfMonth().days();
    case ir::Builtin::kDaysBetween:
      return b - a;
    case ir::Builtin::kMonthly: return base::DivRound(a, 12);
    case ir::Builtin::kYearly: return a * 12;
    case ir::Builtin::kMin: return std::min(a, b);
    case ir::Builtin::kMax: return std::max(a, b);
  }
  return 0;
}

// ------------------------------------------------------------------ Impl --
class Evaluator::Impl {
 public:
  explicit Impl(const ir::Program& program) : p_(program) {
    for (uint32_t r = 0; r < p_.rights.size(); ++r) may_assume_.push_back(ir::HasAssumptions(p_, r));
    define_gen_.assign(p_.defines.size(), 0);
    define_value_.resize(p_.defines.size());
    size_t lets = 0;
    for (const auto& r : p_.rights) {
      let_offset_.push_back(lets);
      lets += r.lets.size();
    }
    let_gen_.assign(lets, 0);
    let_value_.resize(lets);
    right_gen_.assign(p_.rights.size(), 0);
    right_core_.resize(p_.rights.size());
    slots_.assign(std::max<size_t>(p_.slot_count, 1), 0);
  }

  void Reset(const household::Household& hh, base::Date reference_date) {
    hh_ = &hh;
    ref_ = reference_date;
    ++gen_;
    applicant_ = 0;
    static const auto rel = household::FindField(Entity::kPerson, "relationship_to_applicant");
    for (size_t i = 0; i < hh.persons.size(); ++i) {
      const auto& facts = hh.persons[i].facts;
      if (rel && *rel < facts.size() && facts[*rel].present && facts[*rel].text == "self") {
        applicant_ = static_cast<int64_t>(i);
        break;
      }
    }
    size_t cells = p_.defines.size() * hh.persons.size();
    if (person_define_gen_.size() < cells) {
      person_define_gen_.resize(cells, 0);
      person_define_value_.resize(cells);
    }
  }

  RightOutcome Outcome(uint32_t right, const Options& options);
  uint32_t right_count() const { return static_cast<uint32_t>(p_.rights.size()); }

 private:
  // Status, amount, category and conditions of a right: memoised because
  // other rights read them through eligible() and amount().
  struct Core {
    Status status = Status::kUndetermined;
    std::vector<Truth> truths;
    std::vector<std::vector<MissingInput>> condition_missing;
    std::vector<MissingInput> missing;
    Value amount;
    bool has_amount = false;
    Value category;
    bool has_category = false;
    bool granted = false;
    std::optional<uint32_t> route;
    uint64_t assumptions = 0;  // ir::AssumptionMask
  };

  const Core& EvaluateCore(uint32_t right);
  // " Het bedrag rekent met het laatst gepubliceerde bedrag: ..." where the amount is that bound.
  std::string LastPublished(const ir::Right& r) const;
  // The route's text (where the right has routes) and the assumptions' sentences.
  std::string RouteAndAssumptions(const ir::Right& r, const Core& core) const;
  // The start of the status that grants `right` (the applicant's, or the
  // first member's that holds it), when the entry gives one.
  std::optional<base::Date> GrantedSince(const ir::Right& right) const;
  Value Eval(const Node& n);
  Value EvalAggregate(const Node& n);
  Value EvalBuiltin(const Node& n);
  Value EvalIncome(const Node& n);
  const household::Fact* PersonFact(int64_t person, uint32_t field) const {
    const auto& facts = hh_->persons[static_cast<size_t>(person)].facts;
    return field < facts.size() ? &facts[field] : nullptr;
  }

  // Explanation.
  std::string RenderText(const std::vector<ir::TextPart>& parts);
  // `out` holds what Outcome derived already (the grant's start, whether the amount is a lower bound).
  bool sentence_lists_assumptions_ = true;
  std::vector<uint8_t>
      may_assume_;  // per right: ir::HasAssumptions  // Options::sentence_lists_assumptions of the current call
  std::string Sentence(uint32_t right, const Core& core, const RightOutcome& out,
                       const std::vector<std::string>& condition_texts);
  Derivation Tree(uint32_t right, const Core& core, const std::vector<std::string>& condition_texts);
  void CollectLeaves(const Node& n, std::vector<Derivation>& out, std::set<std::string>& seen, int depth);
  Derivation Leaf(const Node& n, int depth);

  const ir::Program& p_;
  const household::Household* hh_ = nullptr;
  base::Date ref_;
  int64_t applicant_ = 0;
  uint32_t gen_ = 0;
  int current_right_ = -1;
  std::vector<int64_t> slots_;
  std::vector<uint32_t> define_gen_;
  std::vector<Value> define_value_;
  std::vector<uint32_t> person_define_gen_;
  std::vector<Value> person_define_value_;
  std::vector<size_t> let_offset_;
  std::vector<uint32_t> let_gen_;
  std::vector<Value> let_value_;
  std::vector<uint32_t> right_gen_;
  std::vector<Core> right_core_;
};

Value Evaluator::Impl::Eval(const Node& n) {
  using MK = MissingInput::Kind;
  switch (n.op) {
    case Op::kConst:
      if (n.type == Type::kText) return KnownText(n.text);
      return Known(n.imm);
    case Op::kReferenceDate: return Known(ref_.days());
    case Op::kApplicant: return Known(applicant_);
    case Op::kMembers: return Known(static_cast<int64_t>(hh_->persons.size()));
    case Op::kEstates:
      if (!hh_->owned_real_estate) return Unknown({MK::kEstates});
      return Known(static_cast<int64_t>(hh_->owned_real_estate->size()));
    case Op::kVar: return Known(slots_[n.slot]);
    case Op::kHouseholdField: {
      const auto& fact = hh_->facts[n.index];
      if (!fact.present) return Unknown({MK::kHouseholdField, 0, n.index});
      return n.type == Type::kText ? KnownText(fact.text) : Known(fact.number);
    }
    case Op::kPersonField: {
      int64_t person = Eval(*n.args[0]).n;
      const household::Fact* fact = PersonFact(person, n.index);
      if (!fact || !fact->present) return Unknown({MK::kPersonField, static_cast<uint16_t>(person), n.index});
      return n.type == Type::kText ? KnownText(fact->text) : Known(fact->number);
    }
    case Op::kPersonAge:
    case Op::kPersonAgeOn: {
      int64_t person = Eval(*n.args[0]).n;
      static const auto birth = household::FindField(Entity::kPerson, "birth_date");
      static const auto age = household::FindField(Entity::kPerson, "age");
      base::Date on = ref_;
      if (n.op == Op::kPersonAgeOn) {
        Value d = Eval(*n.args[1]);
        if (!d.known) return d;
        on = base::Date::FromDays(static_cast<int32_t>(d.n));
      }
      const household::Fact* b = PersonFact(person, *birth);
      if (b && b->present) return Known(base::AgeOn(base::Date::FromDays(static_cast<int32_t>(b->number)), on));
      const household::Fact* a = PersonFact(person, *age);
      if (n.op == Op::kPersonAge && a && a->present) return Known(a->number);
      return Unknown({MK::kPersonField, static_cast<uint16_t>(person), *birth});
    }
    case Op::kHasStatus:
    case Op::kStatusMonths:
    case Op::kStatusCategory: {
      int64_t person = Eval(*n.args[0]).n;
      const auto& statuses = hh_->persons[static_cast<size_t>(person)].statuses;
      if (!statuses) return Unknown({MK::kStatuses, static_cast<uint16_t>(person)});
      const household::Status* found = household::HeldStatus(*statuses, n.text, ref_);
      if (n.op == Op::kHasStatus) return Known(found != nullptr);
      if (n.op == Op::kStatusCategory) return KnownText(found ? std::string_view(found->category) : "");
      if (!found) return Known(0);
      if (!found->LengthKnown()) return Unknown({MK::kStatuses, static_cast<uint16_t>(person)});
      return Known(n.imm ? base::FullMonthsBefore(*found->since, ref_)
                         : std::max(0, base::MonthsBetween(*found->since, ref_)));
    }
    case Op::kIncome: return EvalIncome(n);
    case Op::kEstateField: {
      int64_t index = Eval(*n.args[0]).n;
      const auto& entry = (*hh_->owned_real_estate)[static_cast<size_t>(index)];
      return n.imm == 0 ? KnownText(entry.type) : Known(entry.ki_non_indexed.cents());
    }
    case Op::kParam: {
      const ir::ParameterValue* v = p_.parameters[n.index].ValueOn(ref_);
      // A hidden parameter of an indexed one lacks a value only where the
      // declared one does: that is the input to name.
      if (!v) return Unknown({MK::kParameter, 0, p_.parameters[n.index].derived_from.value_or(n.index)});
      return Known(v->value);
    }
    case Op::kDefine: {
      if (define_gen_[n.index] != gen_) {
        define_value_[n.index] = Eval(*p_.defines[n.index].value);
        define_gen_[n.index] = gen_;
      }
      return define_value_[n.index];
    }
    case Op::kPersonDefine: {
      int64_t person = Eval(*n.args[0]).n;
      size_t cell = n.index * hh_->persons.size() + static_cast<size_t>(person);
      if (person_define_gen_[cell] != gen_) {
        const ir::Define& def = p_.defines[n.index];
        int64_t saved = slots_[def.this_slot];
        slots_[def.this_slot] = person;
        person_define_value_[cell] = Eval(*def.value);
        slots_[def.this_slot] = saved;
        person_define_gen_[cell] = gen_;
      }
      return person_define_value_[cell];
    }
    case Op::kLet: {
      size_t cell = let_offset_[current_right_] + n.index;
      if (let_gen_[cell] != gen_) {
        let_value_[cell] = Eval(*p_.rights[current_right_].lets[n.index].value);
        let_gen_[cell] = gen_;
      }
      return let_value_[cell];
    }
    case Op::kRightEligible: {
      const Core& core = EvaluateCore(n.index);
      if (core.status == Status::kUndetermined) return Value{false, 0, {}, core.missing};
      return Known(core.status == Status::kEligible);
    }
    case Op::kRightAmount: {
      const Core& core = EvaluateCore(n.index);
      if (core.status == Status::kNotEligible) return Known(0);
      if (core.status == Status::kUndetermined) return Value{false, 0, {}, core.missing};
      if (!core.has_amount) return Known(0);
      return core.amount;
    }
    case Op::kNot: {
      Value v = Eval(*n.args[0]);
      if (v.known) v.n = !v.n;
      return v;
    }
    case Op::kIsKnown:
      return Known(Eval(*n.args[0]).known);
    case Op::kAnd:
    case Op::kOr: {
      // Kleene: a decisive operand (false for and, true for or) wins over unknown.
      const int64_t decisive = n.op == Op::kOr;
      Value a = Eval(*n.args[0]);
      if (a.known && a.n == decisive) return a;
      Value b = Eval(*n.args[1]);
      if (b.known && b.n == decisive) return b;
      if (a.known && b.known) return Known(!decisive);
      return UnknownOf(a, b);
    }
    case Op::kIf: {
      Value test = Eval(*n.args[0]);
      if (test.known) return Eval(*n.args[test.n ? 1 : 2]);
      Value then = Eval(*n.args[1]);
      Value otherwise = Eval(*n.args[2]);
      if (then.known && otherwise.known && then.n == otherwise.n && then.s == otherwise.s) return then;
      Value out{false, 0, {}, test.missing};
      if (!then.known) MergeInto(out.missing, then.missing);
      if (!otherwise.known) MergeInto(out.missing, otherwise.missing);
      return out;
    }
    case Op::kCase: {
      for (size_t i = 0; i + 1 < n.args.size(); i += 2) {
        Value when = Eval(*n.args[i]);
        if (!when.known) return Value{false, 0, {}, when.missing};
        if (when.n) return Eval(*n.args[i + 1]);
      }
      return Eval(*n.args.back());
    }
    case Op::kCompare: {
      Value a = Eval(*n.args[0]);
      Value b = Eval(*n.args[1]);
      if (!a.known || !b.known) return UnknownOf(a, b);
      int cmp = 0;
      if (n.args[0]->type == Type::kText) cmp = a.s < b.s ? -1 : (a.s == b.s ? 0 : 1);
      else cmp = a.n < b.n ? -1 : (a.n == b.n ? 0 : 1);
      switch (static_cast<ir::CompareOp>(n.imm)) {
        case ir::CompareOp::kEq: return Known(cmp == 0);
        case ir::CompareOp::kNe: return Known(cmp != 0);
        case ir::CompareOp::kLt: return Known(cmp < 0);
        case ir::CompareOp::kLe: return Known(cmp <= 0);
        case ir::CompareOp::kGt: return Known(cmp > 0);
        case ir::CompareOp::kGe: return Known(cmp >= 0);
      }
      return Known(0);
    }
    case Op::kArith: {
      Value a = Eval(*n.args[0]);
      Value b = Eval(*n.args[1]);
      if (!a.known || !b.known) return UnknownOf(a, b);
      switch (static_cast<ir::ArithOp>(n.imm)) {
        case ir::ArithOp::kAdd: return Known(a.n + b.n);
        case ir::ArithOp::kSub: return Known(a.n - b.n);
        case ir::ArithOp::kMul:
          if (n.type == Type::kMoney && n.args[1]->type == Type::kRate) {
            return Known(base::Money::FromCents(a.n).TimesRate(b.n).cents());
          }
          return Known(a.n * b.n);
        case ir::ArithOp::kDiv: return Known(base::DivRound(a.n, b.n));  // divisor checked positive
      }
      return Known(0);
    }
    case Op::kNeg: {
      Value v = Eval(*n.args[0]);
      if (v.known) v.n = -v.n;
      return v;
    }
    case Op::kIn: {
      Value v = Eval(*n.args[0]);
      if (!v.known) return v;
      for (size_t i = 1; i < n.args.size(); ++i) {
        const Node& item = *n.args[i];
        if (item.type == Type::kText ? v.s == item.text : v.n == item.imm) return Known(1);
      }
      return Known(0);
    }
    case Op::kAggregate: return EvalAggregate(n);
    case Op::kBuiltin: return EvalBuiltin(n);
  }
  return Known(0);
}

Value Evaluator::Impl::EvalIncome(const Node& n) {
  int64_t person = Eval(*n.args[0]).n;
  const auto& incomes = hh_->persons[static_cast<size_t>(person)].incomes;
  if (!incomes) return Unknown({MissingInput::Kind::kIncomes, static_cast<uint16_t>(person)});
  return Known(IncomeTotal(*incomes, n.text, n.imm));
}

Value Evaluator::Impl::EvalAggregate(const Node& n) {
  const auto kind = static_cast<ir::AggregateKind>(n.imm);
  Value size = Eval(*n.args[0]);
  if (!size.known) return size;
  const Node* filter = n.args[1].get();
  const Node* value = n.args[2].get();
  const int64_t saved = slots_[n.slot];
  Value unknown{false, 0, {}, {}};
  bool any_unknown = false;
  int64_t count = 0, total = 0;
  bool found = false;  // any: a member satisfies; all: a member fails
  bool have_extreme = false;
  int64_t extreme = 0;
  for (int64_t i = 0; i < size.n && !found; ++i) {
    slots_[n.slot] = i;
    bool certain = true;
    if (filter) {
      Value f = Eval(*filter);
      if (f.known && !f.n) continue;
      if (!f.known) {
        certain = false;
        any_unknown = true;
        MergeInto(unknown.missing, f.missing);
      }
    }
    switch (kind) {
      case ir::AggregateKind::kCount:
      case ir::AggregateKind::kAny:
      case ir::AggregateKind::kAll: {
        Value v = value ? Eval(*value) : Known(1);
        if (!v.known) {
          any_unknown = true;
          MergeInto(unknown.missing, v.missing);
          break;
        }
        bool holds = v.n != 0;
        if (kind == ir::AggregateKind::kCount) {
          if (holds && certain) ++count;
          else if (holds) {}  // uncertain member: already marked unknown
        } else if (kind == ir::AggregateKind::kAny && holds && certain) {
          found = true;
        } else if (kind == ir::AggregateKind::kAll && !holds && certain) {
          found = true;
        }
        break;
      }
      case ir::AggregateKind::kSum:
      case ir::AggregateKind::kMax:
      case ir::AggregateKind::kMin: {
        Value v = Eval(*value);
        if (!v.known) {
          any_unknown = true;
          MergeInto(unknown.missing, v.missing);
          break;
        }
        if (!certain) break;
        total += v.n;
        if (!have_extreme || (kind == ir::AggregateKind::kMax ? v.n > extreme : v.n < extreme)) extreme = v.n;
        have_extreme = true;
        break;
      }
    }
  }
  slots_[n.slot] = saved;
  switch (kind) {
    case ir::AggregateKind::kAny:
      if (found) return Known(1);
      return any_unknown ? unknown : Known(0);
    case ir::AggregateKind::kAll:
      if (found) return Known(0);
      return any_unknown ? unknown : Known(1);
    case ir::AggregateKind::kCount: return any_unknown ? unknown : Known(count);
    case ir::AggregateKind::kSum: return any_unknown ? unknown : Known(total);
    case ir::AggregateKind::kMax:
    case ir::AggregateKind::kMin: return any_unknown ? unknown : Known(have_extreme ? extreme : 0);
  }
  return unknown;
}

Value Evaluator::Impl::EvalBuiltin(const Node& n) {
  Value args[3];
  Value unknown{false, 0, {}, {}};
  bool all_known = true;
  for (size_t i = 0; i < n.args.size() && i < 3; ++i) {
    args[i] = Eval(*n.args[i]);
    if (!args[i].known) {
      all_known = false;
      MergeInto(unknown.missing, args[i].missing);
    }
  }
  if (!all_known) return unknown;
  return Known(ApplyBuiltin(static_cast<ir::Builtin>(n.imm), args[0].n, args[1].n, args[2].n));
}

const Evaluator::Impl::Core& Evaluator::Impl::EvaluateCore(uint32_t right) {
  Core& core = right_core_[right];
  if (right_gen_[right] == gen_) return core;
  right_gen_[right] = gen_;  // dependency cycles are rejected by the checker
  const int saved_right = current_right_;
  current_right_ = static_cast<int>(right);
  const ir::Right& r = p_.rights[right];
  core.truths.assign(r.conditions.size(), Truth::kUnknown);
  core.condition_missing.assign(r.conditions.size(), {});
  core.missing.clear();
  bool any_false = false, any_unknown = false;
  for (size_t i = 0; i < r.conditions.size(); ++i) {
    Value v = Eval(*r.conditions[i].test);
    if (!v.known) {
      any_unknown = true;
      core.condition_missing[i] = std::move(v.missing);
    } else {
      core.truths[i] = v.n ? Truth::kTrue : Truth::kFalse;
      any_false = any_false || !v.n;
    }
  }
  core.status = any_false ? Status::kNotEligible : any_unknown ? Status::kUndetermined : Status::kEligible;
  if (core.status == Status::kUndetermined) {
    for (const auto& m : core.condition_missing) MergeInto(core.missing, m);
  }
  core.has_amount = false;
  if (r.amount && core.status == Status::kEligible) {
    core.amount = Eval(*r.amount->value);
    core.has_amount = true;
    if (!core.amount.known) MergeInto(core.missing, core.amount.missing);
  }
  core.has_category = false;
  if (r.category && core.status != Status::kNotEligible) {
    core.category = Eval(*r.category);
    core.has_category = core.category.known;
  }
  core.granted = r.grant && Eval(*r.lets[r.grant->held_let].value).n != 0;
  core.route.reset();
  if (r.route && core.status != Status::kNotEligible) {
    Value route = Eval(*r.route);
    if (route.known) core.route = static_cast<uint32_t>(route.n);
  }
  // As ir::AssumptionMask: a not-eligible answer rests on a known fact.
  uint64_t assumptions = 0;
  if (core.status != Status::kNotEligible) {
    for (uint32_t a : r.assumptions) {
      if (Eval(*p_.assumptions[a].used).n) assumptions |= uint64_t{1} << a;
    }
    // Only a dependency that may assume is asked: asking evaluates it.
    for (uint32_t d : r.depends_on) {
      if (may_assume_[d]) assumptions |= EvaluateCore(d).assumptions;
    }
  }
  current_right_ = saved_right;
  core.assumptions = assumptions;
  return core;
}

std::optional<base::Date> Evaluator::Impl::GrantedSince(const ir::Right& right) const {
  const auto since_of = [&](size_t person) -> std::optional<std::optional<base::Date>> {
    const auto& statuses = hh_->persons[person].statuses;
    if (!statuses) return std::nullopt;
    if (const auto* s = household::HeldStatus(*statuses, right.grant->status, ref_)) return s->since;
    return std::nullopt;
  };
  if (!right.grant->any_member) {
    if (auto since = since_of(static_cast<size_t>(applicant_))) return *since;
    return std::nullopt;
  }
  for (size_t p = 0; p < hh_->persons.size(); ++p) {
    if (auto since = since_of(p)) return *since;
  }
  return std::nullopt;
}

RightOutcome Evaluator::Impl::Outcome(uint32_t right, const Options& options) {
  const Core& core = EvaluateCore(right);
  RightOutcome out;
  out.right = right;
  out.status = core.status;
  if (core.has_amount && core.amount.known) {
    out.amount = base::Money::FromCents(core.amount.n);
    out.amount_lower_bound = ir::AmountIsLowerBound(p_, p_.rights[right], ref_);
  }
  out.granted = core.granted;
  if (core.granted) out.granted_since = GrantedSince(p_.rights[right]);
  out.route = core.route;
  out.assumption_bits = core.assumptions;
  for (uint32_t a = 0; a < p_.assumptions.size() && a < 64; ++a) {
    if (!(core.assumptions >> a & 1)) continue;
    const int saved = current_right_;
    current_right_ = static_cast<int>(p_.assumptions[a].right);
    Value v = Eval(*p_.rights[p_.assumptions[a].right].lets[p_.assumptions[a].let].value);
    current_right_ = saved;
    out.assumptions.push_back({a, std::move(v.missing)});
  }
  if (core.has_category) out.category = std::string(core.category.s);
  out.missing = core.missing;
  const ir::Right& r = p_.rights[right];
  out.conditions.resize(r.conditions.size());
  for (size_t i = 0; i < r.conditions.size(); ++i) {
    out.conditions[i].truth = core.truths[i];
    out.conditions[i].missing = core.condition_missing[i];
  }
  if (options.explain) {
    const int saved_right = current_right_;
    current_right_ = static_cast<int>(right);
    // The sentence needs every text of an eligible right but only the first
    // false one of a right that is not; the tree needs them all.
    std::vector<std::string> texts(r.conditions.size());
    bool decided = false;
    for (size_t i = 0; i < r.conditions.size(); ++i) {
      const auto& c = r.conditions[i];
      const bool is_false = core.truths[i] == Truth::kFalse;
      const bool needed = options.tree || core.status == Status::kEligible || (is_false && !decided);
      decided = decided || is_false;
      if (!needed) continue;
      std::string text = is_false && !c.text_false.empty() ? RenderText(c.text_false) : RenderText(c.text_true);
      if (is_false && c.text_false.empty()) text = "niet voldaan: " + text;
      out.conditions[i].text = text;
      texts[i] = std::move(text);
    }
    sentence_lists_assumptions_ = options.sentence_lists_assumptions;
    out.sentence = Sentence(right, core, out, texts);
    if (options.tree) out.derivation = Tree(right, core, texts);
    current_right_ = saved_right;
  }
  return out;
}

// ---------------------------------------------------------- explanation --
std::string Evaluator::Impl::RenderText(const std::vector<ir::TextPart>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (!part.value) {
      out += part.literal;
      continue;
    }
    Value v = Eval(*part.value);
    out += v.known && part.value->type == Type::kText ? std::string(v.s) : FormatValue(v, part.value->type);
  }
  return out;
}

std::string Evaluator::Impl::Sentence(uint32_t right, const Core& core, const RightOutcome& out,
                                      const std::vector<std::string>& texts) {
  const ir::Right& r = p_.rights[right];
  switch (core.status) {
    case Status::kEligible: {
      // Appended in place into room made once: the scan writes one such
      // sentence per worklist row, and temporaries cost more than the text.
      constexpr std::string_view kOpening = "U hebt waarschijnlijk recht op ";
      constexpr std::string_view kUnknownAmount = " (het bedrag op deze datum is niet gekend)";
      // The amount, "(minstens € 1.234,56 per maand)", takes no more room than kUnknownAmount.
      size_t size = kOpening.size() + r.name.size() + kUnknownAmount.size() + 3;
      for (const std::string& text : texts) size += text.size() + 2;
      std::string s;
      s.reserve(size);
      if (core.granted) {
        s += r.grant->any_member ? "Iemand in uw gezin ontvangt al " : "U ontvangt al ";
      } else {
        s += kOpening;
      }
      s += r.name;
      if (core.granted) {
        if (out.granted_since) s += ", sinds " + out.granted_since->ToDutch();
      }
      const bool lower_bound = out.amount_lower_bound;
      if (core.has_amount && core.amount.known) {
        s += " (";
        if (lower_bound) s += "minstens ";
        s += base::Money::FromCents(core.amount.n).ToDutch();
        s += ' ';
        s += kDutchPeriod[static_cast<int>(r.amount->period)];
        s += ')';
      } else if (core.has_amount) {
        s += kUnknownAmount;
      }
      if (core.granted) {
        s += ": de instantie die het toekent, heeft beslist.";
      } else {
        s += ": ";
        for (size_t i = 0; i < texts.size(); ++i) {
          if (i) s += "; ";
          s += texts[i];
        }
        s += '.';
      }
      if (core.has_amount && core.amount.known && lower_bound) s += LastPublished(r);
      s += RouteAndAssumptions(r, core);
      return s;
    }
    case Status::kNotEligible:
      for (size_t i = 0; i < texts.size(); ++i) {
        if (core.truths[i] == Truth::kFalse) return "U hebt geen recht op " + r.name + ": " + texts[i] + ".";
      }
      return "U hebt geen recht op " + r.name + ".";
    case Status::kUndetermined: {
      std::string s = "Of u recht hebt op " + r.name + ", kunnen we nog niet zeggen: we weten nog niet ";
      for (size_t i = 0; i < core.missing.size(); ++i) {
        if (i) s += i + 1 == core.missing.size() ? " en " : ", ";
        s += MissingLabel(core.missing[i], p_, *hh_);
      }
      return s + "." + RouteAndAssumptions(r, core);
    }
  }
  return "";
}

std::string Evaluator::Impl::LastPublished(const ir::Right& r) const {
  std::string s;
  for (uint32_t b : r.amount->bounded_by) {
    const ir::ParameterValue* past = p_.parameters[b].ValueOn(ref_);
    if (!past || !past->value) continue;
    const ir::Parameter& param = p_.parameters[*p_.parameters[b].derived_from];
    const ir::ParameterValue& last = param.values.back();
    Value v = Known(last.value);
    s += s.empty() ? " Het bedrag rekent met het laatst gepubliceerde bedrag: " : "; ";
    s += (param.label.empty() ? param.name : param.label) + " " + FormatValue(v, param.type) + " vanaf " +
         last.from.ToDutch() + " (gekend tot " + param.until->ToDutch() + ")";
  }
  return s.empty() ? s : s + "; een nieuwer, hoger bedrag kan gelden.";
}

std::string Evaluator::Impl::RouteAndAssumptions(const ir::Right& r, const Core& core) const {
  std::string s;
  if (core.route && !r.routes.empty()) {
    s += " ";
    s += *core.route == 0 ? r.apply_text : r.routes[*core.route - 1].text;
  }
  if (core.assumptions && sentence_lists_assumptions_) {
    s += " Dit rust op ";
    s += std::popcount(core.assumptions) == 1 ? "een aanname:" : "aannames:";
    for (uint32_t a = 0; a < p_.assumptions.size() && a < 64; ++a) {
      if (core.assumptions >> a & 1) s += " " + p_.assumptions[a].sentence;
    }
  }
  return s;
}

Derivation Evaluator::Impl::Leaf(const Node& n, int depth) {
  Derivation d;
  Value v = Eval(n);
  d.value = FormatValue(v, n.type);
  if (!v.known) {
    d.value += " (ontbreekt: ";
    for (size_t i = 0; i < v.missing.size(); ++i) d.value += (i ? ", " : "") + MissingPath(v.missing[i], p_);
    d.value += ")";
  }
  switch (n.op) {
    case Op::kParam: {
      const ir::Parameter& param = p_.parameters[n.index];
      d.label = param.label.empty() ? param.name : param.label + " (" + param.name + ")";
      if (const ir::ParameterValue* pv = param.ValueOn(ref_)) {
        d.note = "geldig vanaf " + pv->from.ToDutch() + "; bron: " + pv->source;
      } else {
        d.note = "geen waarde gekend op " + ref_.ToDutch();
      }
      break;
    }
    case Op::kDefine:
    case Op::kLet: {
      const std::string& label = n.op == Op::kDefine ? p_.defines[n.index].label
                                                     : p_.rights[current_right_].lets[n.index].label;
      const std::string& name = n.op == Op::kDefine ? p_.defines[n.index].name
                                                    : p_.rights[current_right_].lets[n.index].name;
      const Node& body = n.op == Op::kDefine ? *p_.defines[n.index].value
                                             : *p_.rights[current_right_].lets[n.index].value;
      d.label = label.empty() ? name : label;
      d.note = body.source_text;
      // A body that is itself one aggregate or input adds nothing the note does not say.
      const bool trivial = body.op == Op::kAggregate || body.op == Op::kHouseholdField || body.op == Op::kParam;
      if (depth < 6 && !trivial) {
        std::set<std::string> seen;
        CollectLeaves(body, d.children, seen, depth + 1);
      }
      break;
    }
    case Op::kHouseholdField: {
      const auto& spec = household::Fields(Entity::kHousehold)[n.index];
      d.label = std::string(spec.label);
      d.note = std::string(spec.name);
      break;
    }
    case Op::kRightEligible:
    case Op::kRightAmount:
      d.label = (n.op == Op::kRightEligible ? "recht op " : "bedrag van ") + p_.rights[n.index].name;
      d.note = "zie " + p_.rights[n.index].id;
      break;
    case Op::kPersonField:
    case Op::kPersonAge:
    case Op::kHasStatus:
    case Op::kStatusMonths:
    case Op::kStatusCategory:
    case Op::kIncome:
    case Op::kPersonDefine: {
      std::string who = PersonName(*hh_, static_cast<size_t>(applicant_));
      if (n.op == Op::kPersonField) {
        const auto& spec = household::Fields(Entity::kPerson)[n.index];
        d.label = PersonFieldLabel(spec, who);
        d.note = household::PersonPath(static_cast<size_t>(applicant_), spec.name);
      } else if (n.op == Op::kPersonDefine) {
        const auto& def = p_.defines[n.index];
        d.label = (def.label.empty() ? def.name : def.label) + " (" + who + ")";
        d.note = def.value->source_text;
      } else {
        d.label = n.source_text.empty() ? "gegeven van " + who : n.source_text;
        d.note = "over " + who;
      }
      break;
    }
    default:
      d.label = n.source_text;
      break;
  }
  return d;
}

void Evaluator::Impl::CollectLeaves(const Node& n, std::vector<Derivation>& out, std::set<std::string>& seen,
                                    int depth) {
  bool leaf = false;
  switch (n.op) {
    case Op::kParam:
    case Op::kDefine:
    case Op::kLet:
    case Op::kHouseholdField:
    case Op::kRightEligible:
    case Op::kRightAmount:
    case Op::kAggregate: leaf = true; break;
    case Op::kPersonField:
    case Op::kPersonAge:
    case Op::kHasStatus:
    case Op::kStatusMonths:
    case Op::kStatusCategory:
    case Op::kIncome:
    case Op::kPersonDefine: leaf = n.args[0]->op == Op::kApplicant; break;
    default: break;
  }
  if (leaf) {
    std::string key = std::to_string(static_cast<int>(n.op)) + ":" + std::to_string(n.index) + ":" + n.text + ":" +
                      std::to_string(n.imm) + ":" + n.source_text;
    if (seen.insert(key).second) out.push_back(Leaf(n, depth));
    return;
  }
  // Only the branches that were taken explain the value; an undecided test
  // leaves every branch possible.
  if (n.op == Op::kIf) {
    CollectLeaves(*n.args[0], out, seen, depth);
    Value test = Eval(*n.args[0]);
    if (test.known) {
      CollectLeaves(*n.args[test.n ? 1 : 2], out, seen, depth);
      return;
    }
  } else if (n.op == Op::kCase) {
    bool undecided = false;
    for (size_t i = 0; i + 1 < n.args.size() && !undecided; i += 2) {
      CollectLeaves(*n.args[i], out, seen, depth);
      Value when = Eval(*n.args[i]);
      undecided = !when.known;
      if (when.known && when.n) {
        CollectLeaves(*n.args[i + 1], out, seen, depth);
        return;
      }
    }
    if (!undecided) {
      CollectLeaves(*n.args.back(), out, seen, depth);
      return;
    }
  }
  for (const auto& a : n.args) {
    if (a) CollectLeaves(*a, out, seen, depth);
  }
}

Derivation Evaluator::Impl::Tree(uint32_t right, const Core& core, const std::vector<std::string>& texts) {
  const ir::Right& r = p_.rights[right];
  Derivation root;
  root.label = r.name + " (" + r.id + ")";
  root.value = core.status == Status::kEligible      ? "recht"
               : core.status == Status::kNotEligible ? "geen recht"
                                                     : "nog niet te bepalen";
  root.note = "peildatum " + ref_.ToDutch();
  for (size_t i = 0; i < r.conditions.size(); ++i) {
    Derivation c;
    c.label = "voorwaarde " + r.conditions[i].name + ": " + texts[i];
    c.value = core.truths[i] == Truth::kTrue ? "voldaan" : core.truths[i] == Truth::kFalse ? "niet voldaan" : "onbekend";
    c.note = r.conditions[i].test->source_text;
    std::set<std::string> seen;
    CollectLeaves(*r.conditions[i].test, c.children, seen, 0);
    root.children.push_back(std::move(c));
  }
  if (r.category && core.has_category) {
    Derivation c;
    c.label = "categorie";
    c.value = std::string(core.category.s);
    c.note = r.category->source_text;
    std::set<std::string> seen;
    CollectLeaves(*r.category, c.children, seen, 0);
    root.children.push_back(std::move(c));
  }
  if (r.amount && core.has_amount) {
    Derivation a;
    a.label = std::string(ir::AmountIsLowerBound(p_, r, ref_) ? "bedrag (ondergrens)" : "bedrag") + " " +
              kDutchPeriod[static_cast<int>(r.amount->period)];
    a.value = FormatValue(core.amount, Type::kMoney);
    a.note = r.amount->value->source_text;
    std::set<std::string> seen;
    CollectLeaves(*r.amount->value, a.children, seen, 0);
    root.children.push_back(std::move(a));
  }
  if (core.granted) {
    root.children.push_back(
        {"toegekend", "status " + r.grant->status, "de instantie die het toekent, heeft beslist", {}});
  }
  for (uint32_t i = 0; i < p_.assumptions.size() && i < 64; ++i) {
    if (core.assumptions >> i & 1) {
      const auto& a = p_.assumptions[i];
      root.children.push_back({"aanname", a.sentence, a.source.empty() ? a.id : a.source, {}});
    }
  }
  for (const auto& s : r.sources) {
    root.children.push_back({"bron", s.citation.empty() ? s.url : s.citation, s.url, {}});
  }
  return root;
}

// ------------------------------------------------------------- Evaluator --
Evaluator::Evaluator(const ir::Program& program) : impl_(new Impl(program)) {}
Evaluator::~Evaluator() { delete impl_; }

std::vector<RightOutcome> Evaluator::EvaluateAll(const household::Household& hh, base::Date reference_date,
                                                 const Options& options) {
  impl_->Reset(hh, reference_date);
  // Rights read by others are memoised, so each right runs once.
  std::vector<RightOutcome> out;
  out.reserve(impl_->right_count());
  for (uint32_t i = 0; i < impl_->right_count(); ++i) out.push_back(impl_->Outcome(i, options));
  return out;
}

std::vector<RightOutcome> Evaluator::EvaluateSome(const std::vector<uint32_t>& rights,
                                                  const household::Household& hh, base::Date reference_date,
                                                  const Options& options) {
  impl_->Reset(hh, reference_date);
  std::vector<RightOutcome> out;
  out.reserve(rights.size());
  for (uint32_t r : rights) out.push_back(impl_->Outcome(r, options));
  return out;
}

RightOutcome Evaluator::Evaluate(uint32_t right, const household::Household& hh, base::Date reference_date,
                                 const Options& options) {
  impl_->Reset(hh, reference_date);
  return impl_->Outcome(right, options);
}

std::string RenderTree(const Derivation& tree) {
  std::string out;
  std::function<void(const Derivation&, const std::string&, bool, bool)> walk =
      [&](const Derivation& d, const std::string& prefix, bool last, bool root) {
        out += root ? "" : prefix + (last ? "└─ " : "├─ ");
        out += d.label;
        if (!d.value.empty()) out += " = " + d.value;
        if (!d.note.empty()) out += "  [" + d.note + "]";
        out += "\n";
        std::string child_prefix = root ? "" : prefix + (last ? "   " : "│  ");
        for (size_t i = 0; i < d.children.size(); ++i) {
          walk(d.children[i], child_prefix, i + 1 == d.children.size(), false);
        }
      };
  walk(tree, "", true, true);
  return out;
}

}  // namespace rules::eval
