// rules/check/lower.cpp — grants, presumptions and bounds as plain IR.
//
// Each construct is a rewrite that keeps Kleene semantics sound, so the five
// engines need nothing new but kIsKnown (and two hidden parameters per indexed
// parameter, which they read like any other):
//   presumed c          →  t or not known(t)                    (t = c, a hidden let)
//   granted_by status s →  g or c  for every condition          (g = held and known(held))
//   x <= E, E rising    →  (B and x < floor(E)) or x <= E       (B: a parameter of E is past its last value)
//   x >= E              →  not (B and x < floor(E)) and x >= E
// where floor(E) is E with each indexed parameter at its last value, a lower
// bound of E's real value; the original comparison stays unknown while B
// holds, so it decides nothing there, and the first term decides only what
// the bound makes certain.
#include "rules/check/lower.h"

#include <functional>
#include <map>
#include <set>

namespace rules::check {

using ir::Node;
using ir::NodePtr;
using ir::Op;
using ir::Type;

NodePtr MakeNode(Op op, Type type, const base::SourceSpan& span) {
  auto n = std::make_unique<Node>();
  n->op = op;
  n->type = type;
  n->span = span;
  return n;
}

namespace {

// A copy of `node` whose arguments are `child` of the node's.
template <typename Child>
NodePtr CopyWith(const Node& node, Child&& child) {
  auto n = MakeNode(node.op, node.type, node.span);
  n->imm = node.imm;
  n->index = node.index;
  n->slot = node.slot;
  n->text = node.text;
  n->source_text = node.source_text;
  for (const auto& a : node.args) n->args.push_back(a ? child(*a) : nullptr);
  return n;
}

}  // namespace

NodePtr Clone(const Node& node) {
  return CopyWith(node, [](const Node& a) { return Clone(a); });
}

NodePtr LetRef(const ir::Right& right, uint32_t let) {
  auto n = MakeNode(Op::kLet, right.lets[let].type, right.lets[let].span);
  n->index = let;
  n->source_text = right.lets[let].name;
  return n;
}

NodePtr Logic(Op op, NodePtr a, NodePtr b) {
  auto n = MakeNode(op, Type::kBool, a->span);
  n->source_text = a->source_text + (op == Op::kAnd ? " and " : " or ") + b->source_text;
  n->args.push_back(std::move(a));
  n->args.push_back(std::move(b));
  return n;
}

NodePtr Not(NodePtr a) {
  auto n = MakeNode(Op::kNot, Type::kBool, a->span);
  n->source_text = "not " + a->source_text;
  n->args.push_back(std::move(a));
  return n;
}

NodePtr IsKnown(NodePtr a) {
  auto n = MakeNode(Op::kIsKnown, Type::kBool, a->span);
  n->source_text = "known(" + a->source_text + ")";
  n->args.push_back(std::move(a));
  return n;
}

namespace {

NodePtr IfThenElse(NodePtr test, NodePtr then, NodePtr otherwise) {
  auto n = MakeNode(Op::kIf, then->type, then->span);
  n->source_text = then->source_text;
  n->args.push_back(std::move(test));
  n->args.push_back(std::move(then));
  n->args.push_back(std::move(otherwise));
  return n;
}

NodePtr Compare(ir::CompareOp op, NodePtr a, NodePtr b) {
  auto n = MakeNode(Op::kCompare, Type::kBool, a->span);
  n->imm = static_cast<int64_t>(op);
  n->args.push_back(std::move(a));
  n->args.push_back(std::move(b));
  return n;
}

}  // namespace

uint32_t AddHiddenLet(ir::Right& right, std::string name, NodePtr value) {
  ir::Let let;
  let.name = std::move(name);
  let.type = value->type;
  let.span = value->span;
  let.value = std::move(value);
  right.lets.push_back(std::move(let));
  return static_cast<uint32_t>(right.lets.size() - 1);
}

void Presume(ir::Program& program, uint32_t r, uint32_t c, std::string sentence, std::string source) {
  ir::Right& right = program.rights[r];
  const std::string name = right.conditions[c].name;
  const uint32_t t = AddHiddenLet(right, "presumed " + name, std::move(right.conditions[c].test));
  ir::Condition& cond = right.conditions[c];
  cond.test = Logic(Op::kOr, LetRef(right, t), Not(IsKnown(LetRef(right, t))));
  cond.test->source_text = right.lets[t].value->source_text;
  ir::Assumption a;
  a.id = right.id + "." + name;
  a.sentence = std::move(sentence);
  a.source = std::move(source);
  a.right = r;
  a.let = t;
  a.used = Not(IsKnown(LetRef(right, t)));
  cond.presumption = static_cast<uint32_t>(program.assumptions.size());
  right.assumptions.push_back(*cond.presumption);
  program.assumptions.push_back(std::move(a));
}

void Grant(ir::Program& program, uint32_t r, std::string status, bool any_member, NodePtr held,
           NodePtr status_category) {
  ir::Right& right = program.rights[r];
  const uint32_t h = AddHiddenLet(right, "holds " + status, std::move(held));
  const uint32_t g =
      AddHiddenLet(right, "granted by " + status, Logic(Op::kAnd, LetRef(right, h), IsKnown(LetRef(right, h))));
  right.grant = ir::Grant{std::move(status), any_member, g};
  for (auto& cond : right.conditions) {
    std::string text = cond.test->source_text;
    cond.test = Logic(Op::kOr, LetRef(right, g), std::move(cond.test));
    cond.test->source_text = std::move(text);
  }
  for (uint32_t a : right.assumptions) {
    auto& used = program.assumptions[a].used;
    used = Logic(Op::kAnd, Not(LetRef(right, g)), std::move(used));
  }
  if (right.category && status_category) {
    // The status' own category where it has one: the granting body decided it.
    auto has_category =
        Compare(ir::CompareOp::kNe, Clone(*status_category), MakeNode(Op::kConst, Type::kText, right.span));
    std::string text = right.category->source_text;
    right.category = IfThenElse(Logic(Op::kAnd, LetRef(right, g), std::move(has_category)), std::move(status_category),
                                std::move(right.category));
    right.category->source_text = std::move(text);
  }
}

void AssumeWhenGranted(ir::Program& program, uint32_t r, uint32_t let, NodePtr value, std::string sentence) {
  ir::Right& right = program.rights[r];
  const uint32_t g = right.grant->held_let;
  const std::string name = right.lets[let].name;
  const std::string text = right.lets[let].value->source_text;
  const uint32_t given = AddHiddenLet(right, name + " (given)", std::move(right.lets[let].value));
  auto used = [&] { return Logic(Op::kAnd, LetRef(right, g), Not(IsKnown(LetRef(right, given)))); };
  right.lets[let].value = IfThenElse(used(), std::move(value), LetRef(right, given));
  right.lets[let].value->source_text = text;
  ir::Assumption a;
  a.id = right.id + "." + name;
  a.sentence = std::move(sentence);
  a.right = r;
  a.let = given;
  a.used = used();
  right.assumptions.push_back(static_cast<uint32_t>(program.assumptions.size()));
  program.assumptions.push_back(std::move(a));
}

namespace {

// How a numeric value moves with the indexed parameters it reads.
struct Mono {
  enum Kind { kNone, kRises, kLost } kind = kNone;
  std::set<uint32_t> params;  // the indexed parameters it rises with (kRises)
};

Mono Combine(const Mono& a, const Mono& b) {
  if (a.kind == Mono::kLost || b.kind == Mono::kLost) return {Mono::kLost, {}};
  Mono out = a;
  if (b.kind == Mono::kRises) {
    out.kind = Mono::kRises;
    out.params.insert(b.params.begin(), b.params.end());
  }
  return out;
}

class BoundLowering {
 public:
  BoundLowering(ir::Program& program, base::Diagnostics& diagnostics) : p_(program), diag_(diagnostics) {}

  void Run() {
    AddHiddenParameters();
    if (floor_of_.empty()) return;
    for (auto& d : p_.defines) Rewrite(d.value);
    for (uint32_t r = 0; r < p_.rights.size(); ++r) {
      right_ = static_cast<int>(r);
      ir::Right& right = p_.rights[r];
      for (auto& l : right.lets) Rewrite(l.value);
      for (auto& c : right.conditions) Rewrite(c.test);
      for (uint32_t a : right.assumptions) Rewrite(p_.assumptions[a].used);
      if (right.route) Rewrite(right.route);
      if (right.category) Rewrite(right.category);
      if (right.amount && right.amount->value) {
        Rewrite(right.amount->value);
        LowerAmount(right);
      }
      right_ = -1;
    }
    const std::function<void(const Node&)> refuse_bounded_amounts = [&](const Node& n) {
      if (n.op == Op::kRightAmount && p_.rights[n.index].amount && !p_.rights[n.index].amount->bounded_by.empty()) {
        diag_.Error(n.span, "amount(" + p_.rights[n.index].id +
                                ") may be a lower bound (it rises with an indexed parameter) and cannot be read");
      }
      for (const auto& a : n.args) {
        if (a) refuse_bounded_amounts(*a);
      }
    };
    ir::ForEachExpression(p_, refuse_bounded_amounts);
  }

 private:
  void AddHiddenParameters() {
    const size_t declared = p_.parameters.size();
    for (uint32_t i = 0; i < declared; ++i) {
      if (p_.parameters[i].indexed_source.empty() || !p_.parameters[i].until || p_.parameters[i].values.empty()) {
        continue;
      }
      ir::Parameter floor = p_.parameters[i];  // the values without the end
      floor.name += "#floor";
      floor.label += " (het laatst gepubliceerde bedrag)";
      floor.until.reset();
      floor.indexed_source.clear();
      floor.derived_from = i;
      ir::Parameter bounded;
      bounded.name = p_.parameters[i].name + "#bounded";
      bounded.label = p_.parameters[i].label + " (na het laatst gepubliceerde bedrag)";
      bounded.type = Type::kBool;
      bounded.span = p_.parameters[i].span;
      bounded.derived_from = i;
      // Known false before the first value too, so that only the declared
      // parameter is missing there.
      const auto& first = p_.parameters[i].values.front();
      bounded.values.push_back({base::Date::FromYmd(base::kFirstSupportedYear, 1, 1), 0, first.source, first.span});
      bounded.values.push_back(
          {p_.parameters[i].until->PlusDays(1), 1, p_.parameters[i].indexed_source, p_.parameters[i].span});
      floor_of_[i] = static_cast<uint32_t>(p_.parameters.size());
      p_.parameters.push_back(std::move(floor));
      bounded_of_[i] = static_cast<uint32_t>(p_.parameters.size());
      p_.parameters.push_back(std::move(bounded));
    }
  }

  Mono Analyze(const Node& n) {
    switch (n.op) {
      case Op::kParam: {
        uint32_t p = p_.parameters[n.index].derived_from.value_or(n.index);
        if (floor_of_.count(p)) return {Mono::kRises, {p}};
        return {};
      }
      case Op::kLet: {
        auto key = std::make_pair(right_, n.index);
        if (auto it = let_memo_.find(key); it != let_memo_.end()) return it->second;
        return let_memo_[key] = Analyze(*p_.rights[static_cast<size_t>(right_)].lets[n.index].value);
      }
      case Op::kDefine: {
        if (auto it = define_memo_.find(n.index); it != define_memo_.end()) return it->second;
        return define_memo_[n.index] = Analyze(*p_.defines[n.index].value);
      }
      case Op::kPersonDefine: {
        Mono m = Analyze(*p_.defines[n.index].value);
        return m.kind == Mono::kNone ? Mono{} : Mono{Mono::kLost, {}};
      }
      case Op::kRightAmount: {
        const auto& amount = p_.rights[n.index].amount;
        return amount && !amount->bounded_by.empty() ? Mono{Mono::kLost, {}} : Mono{};
      }
      case Op::kArith: {
        Mono a = Analyze(*n.args[0]), b = Analyze(*n.args[1]);
        switch (static_cast<ir::ArithOp>(n.imm)) {
          case ir::ArithOp::kAdd:
            return Combine(a, b);
          case ir::ArithOp::kSub:
            return b.kind == Mono::kNone ? a : Mono{Mono::kLost, {}};
          case ir::ArithOp::kMul:
            if (a.kind == Mono::kNone && b.kind == Mono::kNone) return {};
            if (a.kind == Mono::kRises && b.kind == Mono::kNone && NonNegative(*n.args[1])) return a;
            if (b.kind == Mono::kRises && a.kind == Mono::kNone && NonNegative(*n.args[0])) return b;
            return {Mono::kLost, {}};
          case ir::ArithOp::kDiv:
            if (b.kind == Mono::kNone && (a.kind == Mono::kNone || Positive(*n.args[1]))) return a;
            return {Mono::kLost, {}};
        }
        return {Mono::kLost, {}};
      }
      case Op::kIf: {
        if (Analyze(*n.args[0]).kind != Mono::kNone) return {Mono::kLost, {}};
        return Combine(Analyze(*n.args[1]), Analyze(*n.args[2]));
      }
      case Op::kCase: {
        Mono out;
        for (size_t i = 0; i + 1 < n.args.size(); i += 2) {
          if (Analyze(*n.args[i]).kind != Mono::kNone) return {Mono::kLost, {}};
          out = Combine(out, Analyze(*n.args[i + 1]));
        }
        return Combine(out, Analyze(*n.args.back()));
      }
      case Op::kBuiltin: {
        const auto b = static_cast<ir::Builtin>(n.imm);
        if (b == ir::Builtin::kMin || b == ir::Builtin::kMax) return Combine(Analyze(*n.args[0]), Analyze(*n.args[1]));
        if (b == ir::Builtin::kMonthly || b == ir::Builtin::kYearly) return Analyze(*n.args[0]);
        break;
      }
      default:
        break;
    }
    // Anything else that reads an indexed parameter does not keep a bound.
    for (const auto& a : n.args) {
      if (a && Analyze(*a).kind != Mono::kNone) return {Mono::kLost, {}};
    }
    return {};
  }

  // A factor that keeps a bound: a constant or parameter that is never
  // negative, or a count.
  bool NonNegative(const Node& n) const {
    if (n.op == Op::kConst) return n.imm >= 0;
    if (n.op == Op::kAggregate) return static_cast<ir::AggregateKind>(n.imm) == ir::AggregateKind::kCount;
    if (n.op == Op::kParam) {
      for (const auto& v : p_.parameters[n.index].values) {
        if (v.value < 0) return false;
      }
      return true;
    }
    return false;
  }
  bool Positive(const Node& n) const { return n.op == Op::kConst && n.imm > 0; }

  // `n` with every indexed parameter at its last value (n rises with them).
  NodePtr Floor(const Node& n) {
    if (Analyze(n).kind == Mono::kNone) return Clone(n);
    switch (n.op) {
      case Op::kParam: {
        auto out = Clone(n);
        out->index = floor_of_.at(p_.parameters[n.index].derived_from.value_or(n.index));
        return out;
      }
      case Op::kLet:
        return Floor(*p_.rights[static_cast<size_t>(right_)].lets[n.index].value);
      case Op::kDefine:
        return Floor(*p_.defines[n.index].value);
      default:
        break;
    }
    return CopyWith(n, [this](const Node& a) { return Floor(a); });
  }

  NodePtr AnyBounded(const std::set<uint32_t>& params, const base::SourceSpan& span) {
    NodePtr out;
    for (uint32_t p : params) {
      auto b = MakeNode(Op::kParam, Type::kBool, span);
      b->index = bounded_of_.at(p);
      b->source_text = p_.parameters[p].name;
      out = out ? Logic(Op::kOr, std::move(out), std::move(b)) : std::move(b);
    }
    return out;
  }

  void Warn(const Node& n, const std::string& what) {
    diag_.Warning(n.span, what +
                              " rises or falls with an indexed parameter in a way that keeps no bound (only adding, "
                              "subtracting a value without one, or multiplying by a constant or count that is never "
                              "negative do): after its last value it stays unknown");
  }

  void Rewrite(NodePtr& n) {
    for (auto& a : n->args) {
      if (a) Rewrite(a);
    }
    if (n->op != Op::kCompare) return;
    const Type t = n->args[0]->type;
    if (t != Type::kMoney && t != Type::kInt && t != Type::kRate) return;
    Mono lhs = Analyze(*n->args[0]), rhs = Analyze(*n->args[1]);
    if (lhs.kind == Mono::kNone && rhs.kind == Mono::kNone) return;
    auto op = static_cast<ir::CompareOp>(n->imm);
    bool mirrored = false;
    if (lhs.kind == Mono::kRises && rhs.kind == Mono::kNone)
      mirrored = true;
    else if (!(lhs.kind == Mono::kNone && rhs.kind == Mono::kRises)) {
      Warn(*n, "this comparison");
      return;
    }
    if (op == ir::CompareOp::kEq || op == ir::CompareOp::kNe) {
      diag_.Warning(n->span,
                    "an (in)equality with a value that rises with an indexed parameter cannot use its last "
                    "value as a bound: after it, this stays unknown");
      return;
    }
    if (mirrored) {  // E op x  ==  x op' E
      op = op == ir::CompareOp::kLt   ? ir::CompareOp::kGt
           : op == ir::CompareOp::kLe ? ir::CompareOp::kGe
           : op == ir::CompareOp::kGt ? ir::CompareOp::kLt
                                      : ir::CompareOp::kLe;
    }
    const Node& x = *n->args[mirrored ? 1 : 0];
    const Node& e = *n->args[mirrored ? 0 : 1];
    const Mono& rises = mirrored ? lhs : rhs;
    auto below = Logic(Op::kAnd, AnyBounded(rises.params, n->span), Compare(ir::CompareOp::kLt, Clone(x), Floor(e)));
    std::string text = n->source_text;
    const bool at_most = op == ir::CompareOp::kLt || op == ir::CompareOp::kLe;
    n = at_most ? Logic(Op::kOr, std::move(below), std::move(n)) : Logic(Op::kAnd, Not(std::move(below)), std::move(n));
    n->source_text = std::move(text);
  }

  void LowerAmount(ir::Right& right) {
    auto& amount = *right.amount;
    Mono m = Analyze(*amount.value);
    if (m.kind == Mono::kLost) {
      Warn(*amount.value, "the amount of '" + right.id + "'");
      return;
    }
    if (m.kind == Mono::kNone) return;
    for (uint32_t p : m.params) amount.bounded_by.push_back(bounded_of_.at(p));
    std::string text = amount.value->source_text;
    auto floor = Floor(*amount.value);
    auto bounded = AnyBounded(m.params, amount.value->span);
    amount.value = IfThenElse(std::move(bounded), std::move(floor), std::move(amount.value));
    amount.value->source_text = std::move(text);
  }

  ir::Program& p_;
  base::Diagnostics& diag_;
  std::map<uint32_t, uint32_t> floor_of_, bounded_of_;  // declared parameter → hidden one
  std::map<std::pair<int, uint32_t>, Mono> let_memo_;
  std::map<uint32_t, Mono> define_memo_;
  int right_ = -1;
};

}  // namespace

void LowerBounds(ir::Program& program, base::Diagnostics& diagnostics) { BoundLowering(program, diagnostics).Run(); }

}  // namespace rules::check
