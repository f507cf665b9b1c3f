// rules/batch/batch.cpp — column-wise evaluation of the IR (see batch.h).
//
// Each node is evaluated once per chunk into a column at one of two levels:
// one entry per household, or one entry per person (inside an aggregate over
// members, or in a per-person define). Household columns are broadcast to
// persons where a person-level expression reads them. The semantics copy
// eval.cpp case by case; the differential tests hold the two together.
#include "rules/batch/batch.h"

#include <algorithm>
#include <cassert>
#include <functional>
#include <map>

#include "household/schema.h"

namespace rules::batch {
namespace {

using household::Entity;
using ir::Node;
using ir::Op;
using ir::Type;

enum class Level : uint8_t { kHousehold, kPerson };

struct Col {
  std::vector<int64_t> v;
  std::vector<uint8_t> k;  // 1 = known
  std::vector<std::string_view> s;  // text values (text-typed nodes only)
  size_t size() const { return k.size(); }
  void Resize(size_t n, bool text) {
    v.assign(n, 0);
    k.assign(n, 0);
    if (text) s.assign(n, {});
    else s.clear();
  }
};

// Whether the batch engine can evaluate `n` in a context where `person_slot`
// (or none, when -1) is the binder of the enclosing members aggregate.
bool Supported(const ir::Program& p, const ir::Right* right, const Node& n, int person_slot,
               std::vector<uint8_t>& define_seen) {
  switch (n.op) {
    case Op::kVar:
      return n.slot == person_slot;
    case Op::kEstates:
    case Op::kEstateField:
      return false;
    case Op::kAggregate:
      if (person_slot >= 0) return false;  // nested aggregate
      if (n.args[0]->op != Op::kMembers) return false;
      for (size_t i = 1; i < n.args.size(); ++i) {
        if (n.args[i] && !Supported(p, right, *n.args[i], n.slot, define_seen)) return false;
      }
      return true;
    case Op::kDefine:
    case Op::kPersonDefine: {
      if (n.op == Op::kPersonDefine && !Supported(p, right, *n.args[0], person_slot, define_seen)) return false;
      if (define_seen[n.index]) return define_seen[n.index] == 1;
      define_seen[n.index] = 1;
      const ir::Define& d = p.defines[n.index];
      bool ok = Supported(p, nullptr, *d.value, d.per_person ? d.this_slot : -1, define_seen);
      define_seen[n.index] = ok ? 1 : 2;
      return ok;
    }
    case Op::kLet:
      return right && Supported(p, right, *right->lets[n.index].value, -1, define_seen);
    default:
      for (const auto& a : n.args) {
        if (a && !Supported(p, right, *a, person_slot, define_seen)) return false;
      }
      return true;
  }
}

}  // namespace

class Evaluator::Impl {
 public:
  explicit Impl(const ir::Program& program) : p_(program), interpreter_(program) {
    assert(household::StatusValues().size() <= 64);
    delegated_flag_.assign(p_.rights.size(), 0);
    for (uint32_t r = 0; r < p_.rights.size(); ++r) {
      std::vector<uint8_t> seen(p_.defines.size(), 0);
      const ir::Right& right = p_.rights[r];
      bool ok = true;
      for (const auto& c : right.conditions) ok = ok && Supported(p_, &right, *c.test, -1, seen);
      if (right.category) ok = ok && Supported(p_, &right, *right.category, -1, seen);
      if (right.amount) ok = ok && Supported(p_, &right, *right.amount->value, -1, seen);
      if (!ok) {
        delegated_flag_[r] = 1;
        delegated_.push_back(right.id);
      }
    }
  }

  std::vector<RightColumns> EvaluateAll(std::span<const household::Household> households, base::Date date) {
    Prepare(households, date);
    std::vector<RightColumns> out;
    out.reserve(p_.rights.size());
    for (uint32_t r = 0; r < p_.rights.size(); ++r) out.push_back(Right(r));
    return out;
  }

  const std::vector<std::string>& delegated() const { return delegated_; }

 private:
  void Prepare(std::span<const household::Household> households, base::Date date) {
    hh_ = households;
    ref_ = date;
    persons_.clear();
    person_household_.clear();
    status_mask_.clear();
    status_listed_.clear();
    const auto& known = household::StatusValues();
    first_.assign(hh_.size() + 1, 0);
    applicant_.assign(hh_.size(), 0);
    static const auto rel = household::FindField(Entity::kPerson, "relationship_to_applicant");
    for (size_t h = 0; h < hh_.size(); ++h) {
      first_[h] = static_cast<uint32_t>(persons_.size());
      applicant_[h] = first_[h];
      bool found = false;
      for (const auto& person : hh_[h].persons) {
        if (!found && *rel < person.facts.size() && person.facts[*rel].present && person.facts[*rel].text == "self") {
          applicant_[h] = static_cast<int64_t>(persons_.size());
          found = true;
        }
        persons_.push_back(&person);
        person_household_.push_back(static_cast<uint32_t>(h));
        uint64_t mask = 0;
        if (person.statuses) {
          for (const auto& s : *person.statuses) {
            auto it = std::find(known.begin(), known.end(), s.status);
            if (it != known.end()) mask |= uint64_t{1} << (it - known.begin());
          }
        }
        status_mask_.push_back(mask);
        status_listed_.push_back(person.statuses.has_value());
      }
    }
    first_[hh_.size()] = static_cast<uint32_t>(persons_.size());
    define_h_.assign(p_.defines.size(), std::nullopt);
    define_p_.assign(p_.defines.size(), std::nullopt);
    let_memo_.assign(p_.rights.size(), {});
    right_memo_.assign(p_.rights.size(), std::nullopt);
    current_right_ = -1;
  }

  size_t Size(Level lv) const { return lv == Level::kHousehold ? hh_.size() : persons_.size(); }

  Col Broadcast(const Col& h, bool text) const {
    Col out;
    out.Resize(persons_.size(), text);
    for (size_t p = 0; p < persons_.size(); ++p) {
      uint32_t hh = person_household_[p];
      out.v[p] = h.v[hh];
      out.k[p] = h.k[hh];
      if (text) out.s[p] = h.s[hh];
    }
    return out;
  }

  Col Constant(Level lv, int64_t value, std::string_view text, bool is_text, bool known = true) const {
    Col c;
    c.Resize(Size(lv), is_text);
    std::fill(c.v.begin(), c.v.end(), value);
    std::fill(c.k.begin(), c.k.end(), known ? 1 : 0);
    if (is_text) std::fill(c.s.begin(), c.s.end(), text);
    return c;
  }

  const household::Fact* PersonFact(int64_t person, uint32_t field) const {
    const auto& facts = persons_[static_cast<size_t>(person)]->facts;
    return field < facts.size() ? &facts[field] : nullptr;
  }

  // Applies `f(i, person)` to each element, with the person indices of `who`.
  template <typename F>
  Col PerPerson(const Node& n, Level lv, int person_slot, F f) {
    Col who = Eval(*n.args[0], lv, person_slot);
    Col out;
    out.Resize(who.size(), n.type == Type::kText);
    for (size_t i = 0; i < who.size(); ++i) f(i, who.v[i], out);
    return out;
  }

  const Col& DefineHousehold(uint32_t index) {
    if (!define_h_[index]) define_h_[index] = Eval(*p_.defines[index].value, Level::kHousehold, -1);
    return *define_h_[index];
  }

  const Col& DefinePerson(uint32_t index) {
    if (!define_p_[index]) {
      const ir::Define& d = p_.defines[index];
      int saved_right = current_right_;
      current_right_ = -1;
      define_p_[index] = Eval(*d.value, Level::kPerson, d.this_slot);
      current_right_ = saved_right;
    }
    return *define_p_[index];
  }

  Col Eval(const Node& n, Level lv, int person_slot);
  Col Aggregate(const Node& n);
  const RightColumns& RightMemo(uint32_t r);
  RightColumns Right(uint32_t r) { return RightMemo(r); }
  void DelegateAll();

  const ir::Program& p_;
  eval::Evaluator interpreter_;
  std::vector<uint8_t> delegated_flag_;
  std::vector<std::string> delegated_;

  std::span<const household::Household> hh_;
  base::Date ref_;
  std::vector<const household::Person*> persons_;
  std::vector<uint32_t> person_household_;
  std::vector<uint64_t> status_mask_;   // bit i: the person has StatusValues()[i]
  std::vector<uint8_t> status_listed_;  // the person's statuses are known
  std::vector<uint32_t> first_;
  std::vector<int64_t> applicant_;
  std::vector<std::optional<Col>> define_h_;
  std::vector<std::optional<Col>> define_p_;
  std::vector<std::map<uint32_t, Col>> let_memo_;
  std::vector<std::optional<RightColumns>> right_memo_;
  int current_right_ = -1;
};

Col Evaluator::Impl::Eval(const Node& n, Level lv, int person_slot) {
  const bool text = n.type == Type::kText;
  switch (n.op) {
    case Op::kConst: return Constant(lv, n.imm, n.text, text);
    case Op::kReferenceDate: return Constant(lv, ref_.days(), {}, false);
    case Op::kApplicant: {
      Col c;
      c.Resize(hh_.size(), false);
      for (size_t h = 0; h < hh_.size(); ++h) {
        c.v[h] = applicant_[h];
        c.k[h] = 1;
      }
      return lv == Level::kHousehold ? c : Broadcast(c, false);
    }
    case Op::kMembers: return Constant(lv, 0, {}, false);  // only read through aggregates
    case Op::kEstates:
    case Op::kEstateField: return Constant(lv, 0, {}, text, false);  // delegated rights only
    case Op::kVar: {
      Col c;
      c.Resize(persons_.size(), false);
      for (size_t p = 0; p < persons_.size(); ++p) {
        c.v[p] = static_cast<int64_t>(p);
        c.k[p] = 1;
      }
      return c;
    }
    case Op::kHouseholdField: {
      Col c;
      c.Resize(hh_.size(), text);
      for (size_t h = 0; h < hh_.size(); ++h) {
        const auto& fact = hh_[h].facts[n.index];
        c.k[h] = fact.present;
        c.v[h] = fact.number;
        if (text) c.s[h] = fact.text;
      }
      return lv == Level::kHousehold ? c : Broadcast(c, text);
    }
    case Op::kPersonField:
      return PerPerson(n, lv, person_slot, [&](size_t i, int64_t person, Col& out) {
        const household::Fact* fact = PersonFact(person, n.index);
        if (!fact || !fact->present) return;
        out.k[i] = 1;
        out.v[i] = fact->number;
        if (text) out.s[i] = fact->text;
      });
    case Op::kPersonAge:
    case Op::kPersonAgeOn: {
      static const auto birth = household::FindField(Entity::kPerson, "birth_date");
      static const auto age = household::FindField(Entity::kPerson, "age");
      Col on = n.op == Op::kPersonAgeOn ? Eval(*n.args[1], lv, person_slot) : Constant(lv, ref_.days(), {}, false);
      return PerPerson(n, lv, person_slot, [&](size_t i, int64_t person, Col& out) {
        if (!on.k[i]) return;
        const household::Fact* b = PersonFact(person, *birth);
        if (b && b->present) {
          out.k[i] = 1;
          out.v[i] = base::AgeOn(base::Date::FromDays(static_cast<int32_t>(b->number)),
                                 base::Date::FromDays(static_cast<int32_t>(on.v[i])));
          return;
        }
        const household::Fact* a = PersonFact(person, *age);
        if (n.op == Op::kPersonAge && a && a->present) {
          out.k[i] = 1;
          out.v[i] = a->number;
        }
      });
    }
    case Op::kHasStatus: {
      // A bit test per person: status names were turned into a mask once per chunk.
      const auto& known = household::StatusValues();
      const uint64_t bit = uint64_t{1} << (std::find(known.begin(), known.end(), n.text) - known.begin());
      return PerPerson(n, lv, person_slot, [&](size_t i, int64_t person, Col& out) {
        if (!status_listed_[static_cast<size_t>(person)]) return;
        out.k[i] = 1;
        out.v[i] = (status_mask_[static_cast<size_t>(person)] & bit) != 0;
      });
    }
    case Op::kStatusMonths:
    case Op::kStatusCategory:
      return PerPerson(n, lv, person_slot, [&](size_t i, int64_t person, Col& out) {
        const auto& statuses = persons_[static_cast<size_t>(person)]->statuses;
        if (!statuses) return;
        const household::Status* found = nullptr;
        for (const auto& s : *statuses) {
          if (s.status == n.text) {
            found = &s;
            break;
          }
        }
        if (n.op == Op::kStatusCategory) {
          out.k[i] = 1;
          out.s[i] = found ? std::string_view(found->category) : std::string_view();
        } else if (!found) {
          out.k[i] = 1;
        } else if (found->since) {
          out.k[i] = 1;
          out.v[i] = std::max(0, base::MonthsBetween(*found->since, ref_));
        }
      });
    case Op::kIncome:
      return PerPerson(n, lv, person_slot, [&](size_t i, int64_t person, Col& out) {
        const auto& incomes = persons_[static_cast<size_t>(person)]->incomes;
        if (!incomes) return;
        const auto basis = n.imm / 2 ? household::IncomeBasis::kGrossTaxable : household::IncomeBasis::kNet;
        int64_t monthly = 0, yearly = 0;
        for (const auto& income : *incomes) {
          if (income.basis != basis || (!n.text.empty() && income.kind != n.text)) continue;
          (income.period == household::IncomePeriod::kMonth ? monthly : yearly) += income.amount.cents();
        }
        out.k[i] = 1;
        out.v[i] = n.imm % 2 ? yearly + monthly * 12 : monthly + base::DivRound(yearly, 12);
      });
    case Op::kParam: {
      const ir::ParameterValue* v = p_.parameters[n.index].ValueOn(ref_);
      return Constant(lv, v ? v->value : 0, {}, false, v != nullptr);
    }
    case Op::kDefine: {
      const Col& c = DefineHousehold(n.index);
      return lv == Level::kHousehold ? c : Broadcast(c, text);
    }
    case Op::kPersonDefine: {
      const Col& all = DefinePerson(n.index);
      return PerPerson(n, lv, person_slot, [&](size_t i, int64_t person, Col& out) {
        out.k[i] = all.k[static_cast<size_t>(person)];
        out.v[i] = all.v[static_cast<size_t>(person)];
        if (text) out.s[i] = all.s[static_cast<size_t>(person)];
      });
    }
    case Op::kLet: {
      auto& memo = let_memo_[current_right_];
      auto it = memo.find(n.index);
      if (it == memo.end()) {
        it = memo.emplace(n.index, Eval(*p_.rights[current_right_].lets[n.index].value, Level::kHousehold, -1)).first;
      }
      return lv == Level::kHousehold ? it->second : Broadcast(it->second, text);
    }
    case Op::kRightEligible:
    case Op::kRightAmount: {
      const RightColumns& r = RightMemo(n.index);
      Col c;
      c.Resize(hh_.size(), false);
      for (size_t h = 0; h < hh_.size(); ++h) {
        switch (r.status[h]) {
          case eval::Status::kEligible:
            c.k[h] = n.op == Op::kRightEligible || r.amount_known[h] || !p_.rights[n.index].amount;
            c.v[h] = n.op == Op::kRightEligible ? 1 : (p_.rights[n.index].amount ? r.amount_cents[h] : 0);
            break;
          case eval::Status::kNotEligible:
            c.k[h] = 1;
            c.v[h] = 0;
            break;
          case eval::Status::kUndetermined: break;
        }
      }
      return lv == Level::kHousehold ? c : Broadcast(c, false);
    }
    case Op::kNot: {
      Col c = Eval(*n.args[0], lv, person_slot);
      for (size_t i = 0; i < c.size(); ++i) c.v[i] = !c.v[i];
      return c;
    }
    case Op::kAnd:
    case Op::kOr: {
      const int64_t decisive = n.op == Op::kOr;
      Col a = Eval(*n.args[0], lv, person_slot);
      Col b = Eval(*n.args[1], lv, person_slot);
      for (size_t i = 0; i < a.size(); ++i) {
        const bool a_decides = a.k[i] && (a.v[i] != 0) == (decisive != 0);
        const bool b_decides = b.k[i] && (b.v[i] != 0) == (decisive != 0);
        if (a_decides || b_decides) {
          a.k[i] = 1;
          a.v[i] = decisive;
        } else if (a.k[i] && b.k[i]) {
          a.v[i] = !decisive;
        } else {
          a.k[i] = 0;
        }
      }
      return a;
    }
    case Op::kIf: {
      Col t = Eval(*n.args[0], lv, person_slot);
      Col a = Eval(*n.args[1], lv, person_slot);
      Col b = Eval(*n.args[2], lv, person_slot);
      for (size_t i = 0; i < t.size(); ++i) {
        if (t.k[i]) {
          if (!t.v[i]) {
            a.k[i] = b.k[i];
            a.v[i] = b.v[i];
            if (text) a.s[i] = b.s[i];
          }
        } else if (!(a.k[i] && b.k[i] && a.v[i] == b.v[i] && (!text || a.s[i] == b.s[i]))) {
          a.k[i] = 0;
        }
      }
      return a;
    }
    case Op::kCase: {
      std::vector<Col> parts;
      for (const auto& arg : n.args) parts.push_back(Eval(*arg, lv, person_slot));
      Col out;
      out.Resize(parts.back().size(), text);
      for (size_t i = 0; i < out.size(); ++i) {
        const Col* chosen = &parts.back();
        bool unknown = false;
        for (size_t w = 0; w + 1 < parts.size(); w += 2) {
          if (!parts[w].k[i]) {
            unknown = true;
            break;
          }
          if (parts[w].v[i]) {
            chosen = &parts[w + 1];
            break;
          }
        }
        if (unknown) continue;
        out.k[i] = chosen->k[i];
        out.v[i] = chosen->v[i];
        if (text) out.s[i] = chosen->s[i];
      }
      return out;
    }
    case Op::kCompare: {
      Col a = Eval(*n.args[0], lv, person_slot);
      Col b = Eval(*n.args[1], lv, person_slot);
      const bool texts = n.args[0]->type == Type::kText;
      const auto op = static_cast<ir::CompareOp>(n.imm);
      Col out;
      out.Resize(a.size(), false);
      for (size_t i = 0; i < a.size(); ++i) {
        if (!a.k[i] || !b.k[i]) continue;
        int cmp = texts ? (a.s[i] < b.s[i] ? -1 : (a.s[i] == b.s[i] ? 0 : 1))
                        : (a.v[i] < b.v[i] ? -1 : (a.v[i] == b.v[i] ? 0 : 1));
        bool r = false;
        switch (op) {
          case ir::CompareOp::kEq: r = cmp == 0; break;
          case ir::CompareOp::kNe: r = cmp != 0; break;
          case ir::CompareOp::kLt: r = cmp < 0; break;
          case ir::CompareOp::kLe: r = cmp <= 0; break;
          case ir::CompareOp::kGt: r = cmp > 0; break;
          case ir::CompareOp::kGe: r = cmp >= 0; break;
        }
        out.k[i] = 1;
        out.v[i] = r;
      }
      return out;
    }
    case Op::kArith: {
      Col a = Eval(*n.args[0], lv, person_slot);
      Col b = Eval(*n.args[1], lv, person_slot);
      const auto op = static_cast<ir::ArithOp>(n.imm);
      const bool rate = n.type == Type::kMoney && n.args[1]->type == Type::kRate;
      for (size_t i = 0; i < a.size(); ++i) {
        a.k[i] = a.k[i] && b.k[i];
        if (!a.k[i]) continue;
        switch (op) {
          case ir::ArithOp::kAdd: a.v[i] += b.v[i]; break;
          case ir::ArithOp::kSub: a.v[i] -= b.v[i]; break;
          case ir::ArithOp::kMul:
            a.v[i] = rate ? base::Money::FromCents(a.v[i]).TimesRate(b.v[i]).cents() : a.v[i] * b.v[i];
            break;
          case ir::ArithOp::kDiv: a.v[i] = base::DivRound(a.v[i], b.v[i]); break;
        }
      }
      return a;
    }
    case Op::kNeg: {
      Col c = Eval(*n.args[0], lv, person_slot);
      for (size_t i = 0; i < c.size(); ++i) c.v[i] = -c.v[i];
      return c;
    }
    case Op::kIn: {
      Col c = Eval(*n.args[0], lv, person_slot);
      Col out;
      out.Resize(c.size(), false);
      for (size_t i = 0; i < c.size(); ++i) {
        if (!c.k[i]) continue;
        out.k[i] = 1;
        for (size_t j = 1; j < n.args.size(); ++j) {
          const Node& item = *n.args[j];
          if (item.type == Type::kText ? c.s[i] == item.text : c.v[i] == item.imm) {
            out.v[i] = 1;
            break;
          }
        }
      }
      return out;
    }
    case Op::kAggregate: {
      Col c = Aggregate(n);
      return lv == Level::kHousehold ? c : Broadcast(c, false);
    }
    case Op::kBuiltin: {
      std::vector<Col> args;
      for (const auto& a : n.args) args.push_back(Eval(*a, lv, person_slot));
      Col out;
      out.Resize(Size(lv), false);
      auto date = [](int64_t d) { return base::Date::FromDays(static_cast<int32_t>(d)); };
      for (size_t i = 0; i < out.size(); ++i) {
        bool known = true;
        for (const auto& a : args) known = known && a.k[i];
        if (!known) continue;
        out.k[i] = 1;
        switch (static_cast<ir::Builtin>(n.imm)) {
          case ir::Builtin::kYear: out.v[i] = date(args[0].v[i]).year(); break;
          case ir::Builtin::kMonth: out.v[i] = date(args[0].v[i]).month(); break;
          case ir::Builtin::kDate: {
            int64_t month = std::clamp<int64_t>(args[1].v[i], 1, 12);
            base::Date first = base::Date::FromYmd(static_cast<int>(args[0].v[i]), static_cast<unsigned>(month), 1);
            int64_t last_day = first.PlusMonths(1).PlusDays(-1).day();
            out.v[i] = first.PlusDays(static_cast<int32_t>(std::clamp<int64_t>(args[2].v[i], 1, last_day) - 1)).days();
            break;
          }
          case ir::Builtin::kAddMonths: out.v[i] = date(args[0].v[i]).PlusMonths(static_cast<int>(args[1].v[i])).days(); break;
          case ir::Builtin::kMonthsBetween: out.v[i] = base::MonthsBetween(date(args[0].v[i]), date(args[1].v[i])); break;
          case ir::Builtin::kStartOfMonth: out.v[i] = date(args[0].v[i]).StartOfMonth().days(); break;
          case ir::Builtin::kMonthly: out.v[i] = base::DivRound(args[0].v[i], 12); break;
          case ir::Builtin::kYearly: out.v[i] = args[0].v[i] * 12; break;
          case ir::Builtin::kMin: out.v[i] = std::min(args[0].v[i], args[1].v[i]); break;
          case ir::Builtin::kMax: out.v[i] = std::max(args[0].v[i], args[1].v[i]); break;
        }
      }
      return out;
    }
  }
  return Constant(lv, 0, {}, text, false);
}

Col Evaluator::Impl::Aggregate(const Node& n) {
  const auto kind = static_cast<ir::AggregateKind>(n.imm);
  const Node* filter = n.args[1].get();
  const Node* value = n.args[2].get();
  Col f = filter ? Eval(*filter, Level::kPerson, n.slot) : Col{};
  Col v = value ? Eval(*value, Level::kPerson, n.slot) : Col{};
  Col out;
  out.Resize(hh_.size(), false);
  for (size_t h = 0; h < hh_.size(); ++h) {
    bool any_unknown = false, found = false, have_extreme = false;
    int64_t count = 0, total = 0, extreme = 0;
    for (uint32_t p = first_[h]; p < first_[h + 1] && !found; ++p) {
      bool certain = true;
      if (filter) {
        if (f.k[p] && !f.v[p]) continue;
        if (!f.k[p]) {
          certain = false;
          any_unknown = true;
        }
      }
      const bool v_known = value ? v.k[p] != 0 : true;
      const int64_t v_value = value ? v.v[p] : 1;
      if (!v_known) {
        any_unknown = true;
        continue;
      }
      switch (kind) {
        case ir::AggregateKind::kCount:
          if (v_value && certain) ++count;
          break;
        case ir::AggregateKind::kAny:
          if (v_value && certain) found = true;
          break;
        case ir::AggregateKind::kAll:
          if (!v_value && certain) found = true;
          break;
        case ir::AggregateKind::kSum:
        case ir::AggregateKind::kMax:
        case ir::AggregateKind::kMin:
          if (!certain) break;
          total += v_value;
          if (!have_extreme || (kind == ir::AggregateKind::kMax ? v_value > extreme : v_value < extreme)) {
            extreme = v_value;
          }
          have_extreme = true;
          break;
      }
    }
    switch (kind) {
      case ir::AggregateKind::kAny:
        out.k[h] = found || !any_unknown;
        out.v[h] = found;
        break;
      case ir::AggregateKind::kAll:
        out.k[h] = found || !any_unknown;
        out.v[h] = !found;
        break;
      case ir::AggregateKind::kCount:
        out.k[h] = !any_unknown;
        out.v[h] = count;
        break;
      case ir::AggregateKind::kSum:
        out.k[h] = !any_unknown;
        out.v[h] = total;
        break;
      case ir::AggregateKind::kMax:
      case ir::AggregateKind::kMin:
        out.k[h] = !any_unknown;
        out.v[h] = have_extreme ? extreme : 0;
        break;
    }
  }
  return out;
}

// Runs every delegated right through the interpreter in one pass per
// household, so that what they share is evaluated once.
void Evaluator::Impl::DelegateAll() {
  std::vector<uint32_t> rights;
  for (uint32_t r = 0; r < p_.rights.size(); ++r) {
    if (delegated_flag_[r]) rights.push_back(r);
  }
  std::vector<RightColumns> columns(rights.size());
  for (const auto& hh : hh_) {
    auto outcomes = interpreter_.EvaluateSome(rights, hh, ref_, {});
    for (size_t i = 0; i < rights.size(); ++i) {
      const eval::RightOutcome& o = outcomes[i];
      RightColumns& out = columns[i];
      out.status.push_back(o.status);
      out.amount_known.push_back(o.amount.has_value());
      out.amount_cents.push_back(o.amount ? o.amount->cents() : 0);
      out.category_known.push_back(o.category.has_value());
      out.category.push_back(o.category.value_or(""));
    }
  }
  for (size_t i = 0; i < rights.size(); ++i) right_memo_[rights[i]] = std::move(columns[i]);
}

const RightColumns& Evaluator::Impl::RightMemo(uint32_t r) {
  if (right_memo_[r]) return *right_memo_[r];
  if (delegated_flag_[r]) {
    DelegateAll();
    return *right_memo_[r];
  }
  const int saved = current_right_;
  current_right_ = static_cast<int>(r);
  const ir::Right& right = p_.rights[r];
  const size_t n = hh_.size();
  std::vector<uint8_t> any_false(n, 0), any_unknown(n, 0);
  for (const auto& c : right.conditions) {
    Col t = Eval(*c.test, Level::kHousehold, -1);
    for (size_t h = 0; h < n; ++h) {
      if (!t.k[h]) any_unknown[h] = 1;
      else if (!t.v[h]) any_false[h] = 1;
    }
  }
  RightColumns out;
  out.status.resize(n);
  for (size_t h = 0; h < n; ++h) {
    out.status[h] = any_false[h]     ? eval::Status::kNotEligible
                    : any_unknown[h] ? eval::Status::kUndetermined
                                     : eval::Status::kEligible;
  }
  out.amount_cents.assign(n, 0);
  out.amount_known.assign(n, 0);
  if (right.amount) {
    Col a = Eval(*right.amount->value, Level::kHousehold, -1);
    for (size_t h = 0; h < n; ++h) {
      if (out.status[h] != eval::Status::kEligible || !a.k[h]) continue;
      out.amount_known[h] = 1;
      out.amount_cents[h] = a.v[h];
    }
  }
  out.category.assign(n, "");
  out.category_known.assign(n, 0);
  if (right.category) {
    Col c = Eval(*right.category, Level::kHousehold, -1);
    for (size_t h = 0; h < n; ++h) {
      if (out.status[h] == eval::Status::kNotEligible || !c.k[h]) continue;
      out.category_known[h] = 1;
      out.category[h] = std::string(c.s[h]);
    }
  }
  current_right_ = saved;
  right_memo_[r] = std::move(out);
  return *right_memo_[r];
}

Evaluator::Evaluator(const ir::Program& program) : impl_(new Impl(program)) {}
Evaluator::~Evaluator() { delete impl_; }

std::vector<RightColumns> Evaluator::EvaluateAll(std::span<const household::Household> households,
                                                 base::Date reference_date) {
  return impl_->EvaluateAll(households, reference_date);
}

const std::vector<std::string>& Evaluator::delegated() const { return impl_->delegated(); }

}  // namespace rules::batch
