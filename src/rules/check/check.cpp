// rules/check/check.cpp — resolves names and types of the AST into IR.
//
// Defines and lets are checked on first use (with cycle detection), so their
// order in the files does not matter. A sub-expression that fails to check
// yields nullptr, and its parents stay silent, so one mistake gives one error.
#include "rules/check/check.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "base/money.h"
#include "geo/geo.h"
#include "rules/check/lower.h"

namespace rules::check {
namespace {

using household::Entity;
using household::FieldSpec;
using household::FieldType;
using ir::Node;
using ir::NodePtr;
using ir::Op;
using ir::Type;
using syntax::Expr;
using syntax::ExprKind;

enum class Visit { kNew, kActive, kDone };

struct Binder {
  std::string name;
  uint16_t slot;
  Type type;
};

struct Scope {
  int right = -1;  // index of the right whose lets are visible, or -1
  std::vector<Binder> binders;
};

Type TypeOfField(FieldType t) {
  switch (t) {
    case FieldType::kBool: return Type::kBool;
    case FieldType::kInt: return Type::kInt;
    case FieldType::kMoney: return Type::kMoney;
    case FieldType::kDate: return Type::kDate;
    case FieldType::kText: return Type::kText;
    case FieldType::kEnum: return Type::kText;
  }
  return Type::kText;
}

class Checker {
 public:
  Checker(const std::vector<syntax::Module>& modules, base::Diagnostics& diagnostics)
      : modules_(modules), diag_(diagnostics) {}

  std::optional<ir::Program> Run();

 private:
  // Declarations.
  void CollectDeclarations();
  void CheckParameter(const syntax::Parameter& p);
  void CheckDefine(uint32_t index);
  void CheckRightHeader(uint32_t index);
  void CheckRightBody(uint32_t index);
  void CheckLet(uint32_t right, uint32_t let);
  void CheckDependencyCycles();
  void CheckGrant(uint32_t index, const syntax::Grant& grant);
  void CheckRoutes(uint32_t index, Scope& scope);
  std::vector<ir::TextPart> CheckText(const std::string& text, const base::SourceSpan& span, Scope& scope);

  // Expressions.
  NodePtr CheckExpr(const Expr& e, Scope& scope);
  NodePtr CheckName(const Expr& e, const std::vector<std::string>& segments, Scope& scope);
  NodePtr CheckMember(NodePtr base, const std::string& member, const Expr& e);
  NodePtr CheckCall(const Expr& e, Scope& scope);
  NodePtr CheckMethod(NodePtr receiver, const std::string& method, const Expr& e, Scope& scope);
  NodePtr CheckBinary(const Expr& e, Scope& scope);
  NodePtr CheckAggregate(const Expr& e, Scope& scope);
  NodePtr Literal(const Expr& e);
  std::optional<std::string> TextLiteralArg(const Expr& e, const std::string& what);
  void CheckEnumLiteral(const Node& field_node, const Node& literal);
  std::vector<std::string> NameCandidates(const Scope& scope) const;
  bool Expect(const NodePtr& n, Type type, const Expr& e, const std::string& what);

  const std::vector<syntax::Module>& modules_;
  base::Diagnostics& diag_;
  ir::Program program_;

  std::map<std::string, uint32_t> parameter_index_;
  std::map<std::string, uint32_t> define_index_;      // household defines
  std::map<std::string, uint32_t> person_define_index_;
  std::vector<const syntax::Define*> define_ast_;
  std::vector<Visit> define_state_;
  std::vector<const syntax::Right*> right_ast_;
  std::vector<std::vector<Visit>> let_state_;
  std::vector<std::map<std::string, uint32_t>> let_index_;
  std::vector<std::set<uint32_t>> right_reads_;  // rights read through eligible()/amount()
  std::set<uint32_t> parameter_used_;
  std::set<uint32_t> define_used_;
  int current_right_ = -1;
  uint16_t next_slot_ = 0;
};

std::optional<ir::Program> Checker::Run() {
  CollectDeclarations();
  for (uint32_t i = 0; i < define_ast_.size(); ++i) CheckDefine(i);
  for (uint32_t i = 0; i < right_ast_.size(); ++i) CheckRightHeader(i);
  for (uint32_t i = 0; i < right_ast_.size(); ++i) CheckRightBody(i);
  CheckDependencyCycles();
  if (program_.assumptions.size() > 64) {
    diag_.Error(program_.rights[program_.assumptions[64].right].span,
                "more than 64 presumptions and assumed lets in the rule base: the engines keep one bit for each");
  }
  if (!diag_.HasErrors()) LowerBounds(program_, diag_);
  // Unused declarations are only worth a warning once the rest checks: an
  // error in a user of a define would make it look unused.
  if (diag_.HasErrors()) return std::nullopt;
  for (uint32_t i = 0; i < program_.parameters.size(); ++i) {
    if (!parameter_used_.count(i) && !program_.parameters[i].derived_from) {
      diag_.Warning(program_.parameters[i].span, "parameter '" + program_.parameters[i].name + "' is never used");
    }
  }
  for (uint32_t i = 0; i < program_.defines.size(); ++i) {
    if (!define_used_.count(i)) {
      diag_.Warning(program_.defines[i].span, "define '" + program_.defines[i].name + "' is never used");
    }
  }
  if (diag_.HasErrors()) return std::nullopt;
  return std::move(program_);
}

void Checker::CollectDeclarations() {
  std::map<std::string, base::SourceSpan> seen;
  // Rights have their own namespace; parameters and defines share one.
  auto claim = [&](const std::string& name, const base::SourceSpan& span, const char* what) {
    std::string key = std::string(what) == "right" ? "right " + name : name;
    auto [it, fresh] = seen.emplace(key, span);
    if (!fresh) diag_.Error(span, std::string(what) + " '" + name + "' is already declared at " + it->second.ToString());
    return fresh;
  };
  for (const auto& m : modules_) {
    for (const auto& p : m.parameters) {
      if (claim(p.name, p.span, "parameter")) CheckParameter(p);
    }
  }
  for (const auto& m : modules_) {
    for (const auto& d : m.defines) {
      if (!d.value) continue;
      std::string key = (d.per_person ? "person." : "") + d.name;
      if (!claim(key, d.span, "define")) continue;
      uint32_t index = static_cast<uint32_t>(program_.defines.size());
      ir::Define def;
      def.name = d.name;
      def.label = d.label;
      def.per_person = d.per_person;
      def.span = d.span;
      program_.defines.push_back(std::move(def));
      define_ast_.push_back(&d);
      define_state_.push_back(Visit::kNew);
      (d.per_person ? person_define_index_ : define_index_)[d.name] = index;
    }
  }
  std::vector<const syntax::Right*> rights;
  for (const auto& m : modules_) {
    for (const auto& r : m.rights) rights.push_back(&r);
  }
  std::stable_sort(rights.begin(), rights.end(),
                   [](const syntax::Right* a, const syntax::Right* b) { return a->id < b->id; });
  for (const syntax::Right* r : rights) {
    if (!claim(r->id, r->span, "right")) continue;
    right_ast_.push_back(r);
    ir::Right right;
    right.id = r->id;
    right.span = r->span;
    program_.rights.push_back(std::move(right));
    std::map<std::string, uint32_t> lets;
    for (uint32_t i = 0; i < r->lets.size(); ++i) {
      if (!lets.emplace(r->lets[i].name, i).second) {
        diag_.Error(r->lets[i].span, "let '" + r->lets[i].name + "' is already defined in right '" + r->id + "'");
      }
    }
    let_index_.push_back(std::move(lets));
    let_state_.emplace_back(r->lets.size(), Visit::kNew);
    right_reads_.emplace_back();
  }
}

void Checker::CheckParameter(const syntax::Parameter& p) {
  ir::Parameter param;
  param.name = p.name;
  param.period = p.period;
  param.label = p.label;
  param.span = p.span;
  if (p.type == "money") param.type = Type::kMoney;
  else if (p.type == "int") param.type = Type::kInt;
  else if (p.type == "rate") param.type = Type::kRate;
  else param.type = Type::kBool;
  for (const auto& v : p.values) {
    auto from = base::Date::Parse(v.from);
    if (!from) {
      diag_.Error(v.span, "'" + v.from + "' is not a valid date");
      continue;
    }
    if (!param.values.empty() && *from <= param.values.back().from) {
      diag_.Error(v.span, "dated values of '" + p.name + "' must be in increasing date order");
    }
    if (v.source.empty()) {
      diag_.Error(v.span, "the value of '" + p.name + "' from " + v.from + " has no source: add source \"...\"");
    }
    bool negated = v.value->kind == ExprKind::kUnary && v.value->text == "-";
    const Expr& lit = negated ? *v.value->args[0] : *v.value;
    NodePtr node = Literal(lit);
    if (!node) {
      if (lit.kind != ExprKind::kInt && lit.kind != ExprKind::kMoney && lit.kind != ExprKind::kRate &&
          lit.kind != ExprKind::kBool && lit.kind != ExprKind::kDate && lit.kind != ExprKind::kString) {
        diag_.Error(v.value->span, "a parameter value must be a literal, like €1314.20, 18, 90% or true");
      }
      continue;
    }
    if (node->type != param.type) {
      diag_.Error(v.value->span, std::string("value of '") + p.name + "' must be " + ir::TypeName(param.type) +
                                     ", not " + ir::TypeName(node->type));
      continue;
    }
    if (node->op != Op::kConst || node->type == Type::kText) {
      diag_.Error(v.value->span, "a parameter value must be a literal");
      continue;
    }
    param.values.push_back({*from, negated ? -node->imm : node->imm, v.source, v.span});
  }
  if (!p.until.empty()) {
    auto until = base::Date::Parse(p.until);
    if (!until) diag_.Error(p.span, "'" + p.until + "' is not a valid date");
    else if (!param.values.empty() && *until < param.values.back().from) {
      diag_.Error(p.span, "'until " + p.until + "' lies before the last dated value of '" + p.name + "'");
    } else {
      param.until = until;
    }
  }
  if (!p.indexed_source.empty()) {
    if (param.type == Type::kBool) {
      diag_.Error(p.indexed_span, "a yes/no parameter cannot be indexed: only amounts, numbers and rates rise");
    } else if (!param.until) {
      diag_.Warning(p.indexed_span,
                    "'indexed' has no effect on '" + p.name + "' without an 'until': its last value holds without end");
    }
    param.indexed_source = p.indexed_source;
  }
  parameter_index_[p.name] = static_cast<uint32_t>(program_.parameters.size());
  program_.parameters.push_back(std::move(param));
}

void Checker::CheckDefine(uint32_t index) {
  if (define_state_[index] == Visit::kDone) return;
  if (define_state_[index] == Visit::kActive) {
    diag_.Error(define_ast_[index]->span, "define '" + define_ast_[index]->name + "' depends on itself");
    return;
  }
  define_state_[index] = Visit::kActive;
  const syntax::Define& d = *define_ast_[index];
  Scope scope;
  int saved_right = current_right_;
  current_right_ = -1;
  if (d.per_person) {
    program_.defines[index].this_slot = next_slot_;
    scope.binders.push_back({"this", next_slot_++, Type::kPerson});
    program_.slot_count = std::max<uint16_t>(program_.slot_count, next_slot_);
  }
  NodePtr value = CheckExpr(*d.value, scope);
  if (d.per_person) --next_slot_;
  current_right_ = saved_right;
  if (value) {
    if (value->type == Type::kPerson || value->type == Type::kMembers || value->type == Type::kEstates ||
        value->type == Type::kEstate || value->type == Type::kList) {
      diag_.Error(d.span, "define '" + d.name + "' must be a value, not " + ir::TypeName(value->type));
    }
    program_.defines[index].type = value->type;
    program_.defines[index].value = std::move(value);
  }
  define_state_[index] = Visit::kDone;
}

void Checker::CheckLet(uint32_t right, uint32_t let) {
  auto& state = let_state_[right][let];
  const syntax::Let& l = right_ast_[right]->lets[let];
  if (state == Visit::kDone) return;
  if (state == Visit::kActive) {
    diag_.Error(l.span, "let '" + l.name + "' depends on itself");
    return;
  }
  state = Visit::kActive;
  Scope scope;
  scope.right = static_cast<int>(right);
  NodePtr value = l.value ? CheckExpr(*l.value, scope) : nullptr;
  auto& lets = program_.rights[right].lets;
  if (lets.size() <= let) lets.resize(right_ast_[right]->lets.size());
  lets[let].name = l.name;
  lets[let].label = l.label;
  lets[let].span = l.span;
  if (value) {
    lets[let].type = value->type;
    lets[let].value = std::move(value);
  }
  let_state_[right][let] = Visit::kDone;
}

template <typename Enum>
std::optional<Enum> ParseWord(const syntax::Word& w, const std::vector<std::pair<std::string, Enum>>& table,
                              const std::string& what, base::Diagnostics& diag, const base::SourceSpan& fallback) {
  std::vector<std::string> names;
  for (const auto& [name, value] : table) {
    if (name == w.text) return value;
    names.push_back(name);
  }
  std::string all;
  for (size_t i = 0; i < names.size(); ++i) all += (i ? ", " : "") + names[i];
  if (w.text.empty()) {
    diag.Error(fallback, "missing '" + what + "' clause (" + all + ")");
  } else {
    diag.Error(w.span, "unknown " + what + " '" + w.text + "' (expected " + all + ")",
               base::ClosestMatches(w.text, names));
  }
  return std::nullopt;
}

void Checker::CheckRightHeader(uint32_t index) {
  const syntax::Right& r = *right_ast_[index];
  ir::Right& right = program_.rights[index];
  right.name = r.name;
  if (r.name.empty()) diag_.Error(r.span, "right '" + r.id + "' has no name: add name \"...\"");
  if (auto level = ParseWord<ir::Level>(r.level,
                                        {{"federal", ir::Level::kFederal},
                                         {"flemish", ir::Level::kFlemish},
                                         {"provincial", ir::Level::kProvincial},
                                         {"municipal", ir::Level::kMunicipal}},
                                        "level", diag_, r.span)) {
    right.level = *level;
  }
  if (auto mode = ParseWord<ir::ApplyMode>(r.apply_mode,
                                           {{"automatic", ir::ApplyMode::kAutomatic},
                                            {"on_request", ir::ApplyMode::kOnRequest},
                                            {"on_request_court", ir::ApplyMode::kOnRequestCourt}},
                                           "apply", diag_, r.span)) {
    right.apply_mode = *mode;
  }
  right.authority = r.authority;
  for (const auto& w : r.themes) right.themes.push_back(w.text);
  for (const auto& w : r.targets) right.targets.push_back(w.text);
  right.apply_text = r.apply_text;
  right.summary = r.summary;
  for (const auto& s : r.sources) right.sources.push_back({s.citation, s.url});
  if (r.sources.empty()) diag_.Error(r.span, "right '" + r.id + "' cites no source: add source \"...\"");
  if (r.conditions.empty()) diag_.Error(r.span, "right '" + r.id + "' has no condition");
  if (!r.municipality.text.empty()) {
    if (r.municipality_quoted) {
      const geo::Municipality* named = geo::ByName(r.municipality.text);
      diag_.Error(r.municipality.span, "municipality takes the NIS code, not a name: write municipality " +
                                           (named != nullptr ? named->nis + " for " + named->name
                                                             : std::string("NNNNN (data/municipalities.txt)")));
    } else if (const geo::Municipality* m = geo::ByNis(r.municipality.text); m == nullptr) {
      diag_.Error(r.municipality.span, "unknown NIS code '" + r.municipality.text +
                                           "': not a municipality of Flanders or Brussels (data/municipalities.txt)");
    } else {
      right.municipality_nis = m->nis;
      right.municipality_name = m->name;
    }
  }
  right.spec_id = r.spec_id.text.empty() ? r.id : r.spec_id.text;
  if (!r.spec_id.text.empty() && r.municipality.text.empty()) {
    diag_.Error(r.spec_id.span, "spec_id is for a municipality's variant of a right: add municipality NNNNN (its NIS code)");
  }
  if (right.level == ir::Level::kMunicipal && r.municipality.text.empty()) {
    diag_.Error(r.span, "municipal right '" + r.id + "' needs a municipality clause with its NIS code (municipality NNNNN)");
  }
  std::vector<std::string> ids;
  for (const auto& other : right_ast_) ids.push_back(other->id);
  for (const auto& dep : r.depends_on) {
    auto found = program_.FindRight(dep.text);
    if (!found) {
      diag_.Error(dep.span, "unknown right '" + dep.text + "' in depends_on", base::ClosestMatches(dep.text, ids));
    } else {
      right.depends_on.push_back(*found);
    }
  }
}

void Checker::CheckRightBody(uint32_t index) {
  const syntax::Right& r = *right_ast_[index];
  current_right_ = static_cast<int>(index);
  program_.rights[index].lets.resize(r.lets.size());
  for (uint32_t i = 0; i < r.lets.size(); ++i) CheckLet(index, i);
  Scope scope;
  scope.right = static_cast<int>(index);
  ir::Right& right = program_.rights[index];

  if (!right.municipality_nis.empty()) {
    // A local right holds only in its municipality: an implicit first condition.
    ir::Condition c;
    c.name = "gemeente";
    c.span = r.span;
    c.text_true.push_back({"u woont in " + right.municipality_name, nullptr});
    c.text_false.push_back({"dit recht bestaat alleen in " + right.municipality_name, nullptr});
    auto field = household::FindField(Entity::kHousehold, "municipality.nis");
    auto test = MakeNode(Op::kCompare, Type::kBool, r.span);
    test->imm = static_cast<int64_t>(ir::CompareOp::kEq);
    auto lhs = MakeNode(Op::kHouseholdField, Type::kText, r.span);
    lhs->index = *field;
    auto rhs = MakeNode(Op::kConst, Type::kText, r.span);
    rhs->text = right.municipality_nis;
    test->args.push_back(std::move(lhs));
    test->args.push_back(std::move(rhs));
    test->source_text = "municipality.nis == \"" + right.municipality_nis + "\"";
    c.test = std::move(test);
    right.conditions.push_back(std::move(c));
  }

  std::set<std::string> condition_names;
  for (const auto& c : r.conditions) {
    if (!condition_names.insert(c.name).second) {
      diag_.Error(c.span, "condition '" + c.name + "' appears twice in right '" + r.id + "'");
    }
    ir::Condition cond;
    cond.name = c.name;
    cond.span = c.span;
    cond.text_true = CheckText(c.text_true, c.span, scope);
    if (!c.text_false.empty()) cond.text_false = CheckText(c.text_false, c.span, scope);
    if (c.test) {
      cond.test = CheckExpr(*c.test, scope);
      Expect(cond.test, Type::kBool, *c.test, "a condition");
    }
    right.conditions.push_back(std::move(cond));
  }
  if (r.category) {
    right.category = CheckExpr(*r.category, scope);
    Expect(right.category, Type::kText, *r.category, "the category");
  }
  for (uint32_t i = 0; i < r.conditions.size(); ++i) {
    const auto& c = r.conditions[i];
    if (c.presumed.empty() || !c.test) continue;
    const uint32_t at = static_cast<uint32_t>(right.conditions.size() - r.conditions.size() + i);
    if (right.conditions[at].test) Presume(program_, index, at, c.presumed, c.presumed_source);
  }
  CheckRoutes(index, scope);
  if (r.amount && r.amount->value) {
    ir::Amount amount;
    amount.period = r.amount->period == "year"   ? ir::AmountPeriod::kYear
                    : r.amount->period == "once" ? ir::AmountPeriod::kOnce
                                                 : ir::AmountPeriod::kMonth;
    amount.lower_bound = r.amount->lower_bound;
    amount.value = CheckExpr(*r.amount->value, scope);
    Expect(amount.value, Type::kMoney, *r.amount->value, "the amount");
    right.amount = std::move(amount);
  }
  if (r.grant) CheckGrant(index, *r.grant);
  for (uint32_t read : right_reads_[index]) {
    if (std::find(right.depends_on.begin(), right.depends_on.end(), read) == right.depends_on.end()) {
      diag_.Error(r.span, "right '" + r.id + "' reads right '" + program_.rights[read].id +
                              "' but does not list it: add 'depends_on " + program_.rights[read].id + "'");
    }
  }
  current_right_ = -1;
}

void Checker::CheckGrant(uint32_t index, const syntax::Grant& grant) {
  ir::Right& right = program_.rights[index];
  const auto& known = household::StatusValues();
  if (std::find(known.begin(), known.end(), grant.status) == known.end()) {
    std::vector<std::string> names(known.begin(), known.end());
    diag_.Error(grant.span, "unknown status '" + grant.status + "' (docs/household.md lists the statuses)",
                base::ClosestMatches(grant.status, names));
    return;
  }
  auto has_status = [&](NodePtr person) {
    auto n = MakeNode(Op::kHasStatus, Type::kBool, grant.span);
    n->text = grant.status;
    n->source_text = "has_status(\"" + grant.status + "\")";
    n->args.push_back(std::move(person));
    return n;
  };
  NodePtr held, category;
  if (grant.any_member) {
    const uint16_t slot = next_slot_;
    program_.slot_count = std::max<uint16_t>(program_.slot_count, static_cast<uint16_t>(slot + 1));
    auto var = MakeNode(Op::kVar, Type::kPerson, grant.span);
    var->slot = slot;
    held = MakeNode(Op::kAggregate, Type::kBool, grant.span);
    held->imm = static_cast<int64_t>(ir::AggregateKind::kAny);
    held->slot = slot;
    held->source_text = "any(m in members: m.has_status(\"" + grant.status + "\"))";
    held->args.push_back(MakeNode(Op::kMembers, Type::kMembers, grant.span));
    held->args.push_back(nullptr);
    held->args.push_back(has_status(std::move(var)));
  } else {
    held = has_status(MakeNode(Op::kApplicant, Type::kPerson, grant.span));
    category = MakeNode(Op::kStatusCategory, Type::kText, grant.span);
    category->text = grant.status;
    category->args.push_back(MakeNode(Op::kApplicant, Type::kPerson, grant.span));
  }
  Grant(program_, index, grant.status, grant.any_member, std::move(held), std::move(category));
  Scope scope;
  scope.right = static_cast<int>(index);
  std::set<std::string> assumed;
  for (const auto& a : grant.assumes) {
    auto let = let_index_[index].find(a.let);
    if (let == let_index_[index].end()) {
      std::vector<std::string> names;
      for (const auto& [name, _] : let_index_[index]) names.push_back(name);
      diag_.Error(a.span, "'" + a.let + "' is no let of right '" + right.id + "'", base::ClosestMatches(a.let, names));
      continue;
    }
    if (!assumed.insert(a.let).second) {
      diag_.Error(a.span, "'" + a.let + "' is assumed twice");
      continue;
    }
    NodePtr value = a.value ? CheckExpr(*a.value, scope) : nullptr;
    if (!value || !right.lets[let->second].value) continue;
    if (value->type != right.lets[let->second].type) {
      diag_.Error(a.value->span, std::string("the assumed value of '") + a.let + "' must be " +
                                     ir::TypeName(right.lets[let->second].type) + ", not " + ir::TypeName(value->type));
      continue;
    }
    AssumeWhenGranted(program_, index, let->second, std::move(value), a.sentence);
  }
}

void Checker::CheckRoutes(uint32_t index, Scope& scope) {
  const syntax::Right& r = *right_ast_[index];
  if (r.routes.empty()) return;
  ir::Right& right = program_.rights[index];
  auto node = MakeNode(Op::kCase, Type::kInt, r.routes.front().span);
  for (size_t i = 0; i < r.routes.size(); ++i) {
    const auto& route = r.routes[i];
    auto mode = ParseWord<ir::ApplyMode>(route.mode,
                                         {{"automatic", ir::ApplyMode::kAutomatic},
                                          {"on_request", ir::ApplyMode::kOnRequest},
                                          {"on_request_court", ir::ApplyMode::kOnRequestCourt}},
                                         "route", diag_, route.span);
    NodePtr when = route.when ? CheckExpr(*route.when, scope) : nullptr;
    if (!mode || !when || !Expect(when, Type::kBool, *route.when, "the condition of a route")) return;
    right.routes.push_back({*mode, route.text});
    auto value = MakeNode(Op::kConst, Type::kInt, route.span);
    value->imm = static_cast<int64_t>(i + 1);
    node->args.push_back(std::move(when));
    node->args.push_back(std::move(value));
  }
  node->args.push_back(MakeNode(Op::kConst, Type::kInt, r.span));  // the `apply` mode
  node->source_text = "route";
  right.route = std::move(node);
}

void Checker::CheckDependencyCycles() {
  std::vector<Visit> state(program_.rights.size(), Visit::kNew);
  std::function<bool(uint32_t)> visit = [&](uint32_t i) {
    if (state[i] == Visit::kDone) return false;
    if (state[i] == Visit::kActive) return true;
    state[i] = Visit::kActive;
    for (uint32_t dep : program_.rights[i].depends_on) {
      if (visit(dep)) {
        if (state[i] == Visit::kActive) {
          diag_.Error(program_.rights[i].span, "right '" + program_.rights[i].id +
                                                   "' depends on itself through depends_on");
        }
        state[i] = Visit::kDone;
        return false;
      }
    }
    state[i] = Visit::kDone;
    return false;
  };
  for (uint32_t i = 0; i < program_.rights.size(); ++i) visit(i);
}

std::vector<ir::TextPart> Checker::CheckText(const std::string& text, const base::SourceSpan& span, Scope& scope) {
  std::vector<ir::TextPart> parts;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find('{', pos);
    if (open == std::string::npos) {
      parts.push_back({text.substr(pos), nullptr});
      break;
    }
    size_t close = text.find('}', open);
    if (close == std::string::npos) {
      diag_.Error(span, "unclosed '{' in text \"" + text + "\"");
      break;
    }
    if (open > pos) parts.push_back({text.substr(pos, open - pos), nullptr});
    std::string name = text.substr(open + 1, close - open - 1);
    Expr ref;
    ref.kind = ExprKind::kName;
    ref.span = span;
    size_t start = 0;
    for (size_t i = 0; i <= name.size(); ++i) {
      if (i == name.size() || name[i] == '.') {
        ref.segments.push_back(name.substr(start, i - start));
        start = i + 1;
      }
    }
    ref.source_text = name;
    NodePtr value = CheckName(ref, ref.segments, scope);
    if (value) parts.push_back({"", std::move(value)});
    pos = close + 1;
  }
  return parts;
}

bool Checker::Expect(const NodePtr& n, Type type, const Expr& e, const std::string& what) {
  if (!n) return false;
  if (n->type == type) return true;
  std::string hint;
  if (type == Type::kMoney && n->type == Type::kInt && n->op == Op::kConst) hint = " (write €" + e.text + " for money)";
  diag_.Error(e.span, what + " must be " + ir::TypeName(type) + ", not " + ir::TypeName(n->type) + hint);
  return false;
}

NodePtr Checker::Literal(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kInt: {
      auto n = MakeNode(Op::kConst, Type::kInt, e.span);
      if (e.text.size() > 15) {
        diag_.Error(e.span, "number " + e.text + " is too large");
        return nullptr;
      }
      n->imm = std::stoll(e.text);
      return n;
    }
    case ExprKind::kMoney: {
      auto money = base::Money::Parse(e.text);
      if (!money) {
        diag_.Error(e.span, "'€" + e.text + "' is not an amount in cents (at most two decimals)");
        return nullptr;
      }
      auto n = MakeNode(Op::kConst, Type::kMoney, e.span);
      n->imm = money->cents();
      return n;
    }
    case ExprKind::kRate: {
      auto rate = base::ParsePercent(e.text);
      if (!rate) {
        diag_.Error(e.span, "'" + e.text + "%' is not a percentage (at most four decimals)");
        return nullptr;
      }
      auto n = MakeNode(Op::kConst, Type::kRate, e.span);
      n->imm = *rate;  // percent scaled by 10^4 is parts per million
      return n;
    }
    case ExprKind::kDate: {
      auto date = base::Date::Parse(e.text);
      if (!date) {
        diag_.Error(e.span, "'" + e.text + "' is not a valid date");
        return nullptr;
      }
      auto n = MakeNode(Op::kConst, Type::kDate, e.span);
      n->imm = date->days();
      return n;
    }
    case ExprKind::kString: {
      auto n = MakeNode(Op::kConst, Type::kText, e.span);
      n->text = e.text;
      return n;
    }
    case ExprKind::kBool: {
      auto n = MakeNode(Op::kConst, Type::kBool, e.span);
      n->imm = e.text == "true";
      return n;
    }
    default: return nullptr;
  }
}

std::vector<std::string> Checker::NameCandidates(const Scope& scope) const {
  std::vector<std::string> names = {"members", "applicant", "reference_date", "real_estate"};
  for (const auto& b : scope.binders) names.push_back(b.name);
  if (scope.right >= 0) {
    for (const auto& [name, index] : let_index_[scope.right]) names.push_back(name);
  }
  for (const auto& [name, index] : define_index_) names.push_back(name);
  for (const auto& [name, index] : parameter_index_) names.push_back(name);
  for (const auto& f : household::Fields(Entity::kHousehold)) names.emplace_back(f.name);
  return names;
}

NodePtr Checker::CheckName(const Expr& e, const std::vector<std::string>& segments, Scope& scope) {
  std::string full;
  for (size_t i = 0; i < segments.size(); ++i) full += (i ? "." : "") + segments[i];
  auto rest = [&]() {
    std::string r;
    for (size_t i = 1; i < segments.size(); ++i) r += (i > 1 ? "." : "") + segments[i];
    return r;
  };
  for (auto it = scope.binders.rbegin(); it != scope.binders.rend(); ++it) {
    if (it->name != segments[0]) continue;
    auto var = MakeNode(Op::kVar, it->type, e.span);
    var->slot = it->slot;
    if (segments.size() == 1) return var;
    return CheckMember(std::move(var), rest(), e);
  }
  if (segments[0] == "applicant") {
    auto applicant = MakeNode(Op::kApplicant, Type::kPerson, e.span);
    if (segments.size() == 1) return applicant;
    return CheckMember(std::move(applicant), rest(), e);
  }
  if (scope.right >= 0) {
    auto it = let_index_[scope.right].find(full);
    if (it != let_index_[scope.right].end()) {
      CheckLet(static_cast<uint32_t>(scope.right), it->second);
      const auto& let = program_.rights[scope.right].lets[it->second];
      if (!let.value) return nullptr;
      auto n = MakeNode(Op::kLet, let.type, e.span);
      n->index = it->second;
      n->source_text = full;
      return n;
    }
  }
  if (auto it = define_index_.find(full); it != define_index_.end()) {
    define_used_.insert(it->second);
    CheckDefine(it->second);
    const auto& def = program_.defines[it->second];
    if (!def.value) return nullptr;
    auto n = MakeNode(Op::kDefine, def.type, e.span);
    n->index = it->second;
    n->source_text = full;
    return n;
  }
  if (auto it = parameter_index_.find(full); it != parameter_index_.end()) {
    parameter_used_.insert(it->second);
    auto n = MakeNode(Op::kParam, program_.parameters[it->second].type, e.span);
    n->index = it->second;
    n->source_text = full;
    return n;
  }
  if (full == "members") return MakeNode(Op::kMembers, Type::kMembers, e.span);
  if (full == "real_estate" || full == household::kOwnedRealEstate) {
    return MakeNode(Op::kEstates, Type::kEstates, e.span);
  }
  if (full == "reference_date") return MakeNode(Op::kReferenceDate, Type::kDate, e.span);
  if (auto field = household::FindField(Entity::kHousehold, full)) {
    const FieldSpec& spec = household::Fields(Entity::kHousehold)[*field];
    auto n = MakeNode(Op::kHouseholdField, TypeOfField(spec.type), e.span);
    n->index = *field;
    n->source_text = full;
    return n;
  }
  auto suggestions = base::ClosestMatches(full, NameCandidates(scope));
  if (suggestions.empty() && segments.size() > 1) {
    // "aplicant.age": suggest the fixed first part with the rest kept.
    std::vector<std::string> roots = {"applicant"};
    for (const auto& b : scope.binders) roots.push_back(b.name);
    for (const auto& root : base::ClosestMatches(segments[0], roots)) suggestions.push_back(root + "." + rest());
  }
  diag_.Error(e.span, "unknown name '" + full + "'", suggestions);
  return nullptr;
}

NodePtr Checker::CheckMember(NodePtr base, const std::string& member, const Expr& e) {
  if (base->type == Type::kEstate) {
    if (member == "type" || member == "ki_non_indexed") {
      auto n = MakeNode(Op::kEstateField, member == "type" ? Type::kText : Type::kMoney, e.span);
      n->imm = member == "type" ? 0 : 1;
      n->args.push_back(std::move(base));
      return n;
    }
    diag_.Error(e.span, "a real-estate entry has no field '" + member + "'",
                base::ClosestMatches(member, {"type", "ki_non_indexed"}));
    return nullptr;
  }
  if (base->type != Type::kPerson) {
    diag_.Error(e.span, std::string("a ") + ir::TypeName(base->type) + " has no field '" + member + "'");
    return nullptr;
  }
  if (member == "age") {
    auto n = MakeNode(Op::kPersonAge, Type::kInt, e.span);
    n->args.push_back(std::move(base));
    return n;
  }
  if (auto field = household::FindField(Entity::kPerson, member)) {
    const FieldSpec& spec = household::Fields(Entity::kPerson)[*field];
    auto n = MakeNode(Op::kPersonField, TypeOfField(spec.type), e.span);
    n->index = *field;
    n->args.push_back(std::move(base));
    return n;
  }
  if (auto it = person_define_index_.find(member); it != person_define_index_.end()) {
    define_used_.insert(it->second);
    CheckDefine(it->second);
    const auto& def = program_.defines[it->second];
    if (!def.value) return nullptr;
    auto n = MakeNode(Op::kPersonDefine, def.type, e.span);
    n->index = it->second;
    n->args.push_back(std::move(base));
    return n;
  }
  std::vector<std::string> names = {"age"};
  for (const auto& f : household::Fields(Entity::kPerson)) names.emplace_back(f.name);
  for (const auto& [name, index] : person_define_index_) names.push_back(name);
  diag_.Error(e.span, "a person has no field '" + member + "'", base::ClosestMatches(member, names));
  return nullptr;
}

std::optional<std::string> Checker::TextLiteralArg(const Expr& e, const std::string& what) {
  if (e.kind == ExprKind::kString) return e.text;
  if (e.kind == ExprKind::kName && e.segments.size() == 1) return e.segments[0];
  diag_.Error(e.span, what + " must be written as a literal text, like \"net\"");
  return std::nullopt;
}

NodePtr Checker::CheckMethod(NodePtr receiver, const std::string& method, const Expr& e, Scope& scope) {
  if (receiver->type != Type::kPerson) {
    diag_.Error(e.span, std::string("'") + method + "' needs a person, not " + ir::TypeName(receiver->type));
    return nullptr;
  }
  auto arity = [&](size_t n) {
    if (e.args.size() == n) return true;
    diag_.Error(e.span, "'" + method + "' takes " + std::to_string(n) + " argument" + (n == 1 ? "" : "s") + ", not " +
                            std::to_string(e.args.size()));
    return false;
  };
  if (method == "has_status" || method == "status_months" || method == "status_full_months" ||
      method == "status_category") {
    if (!arity(1)) return nullptr;
    auto status = TextLiteralArg(*e.args[0], "the status");
    if (!status) return nullptr;
    const auto& known = household::StatusValues();
    if (std::find(known.begin(), known.end(), *status) == known.end()) {
      std::vector<std::string> names(known.begin(), known.end());
      diag_.Error(e.args[0]->span, "unknown status '" + *status + "' (docs/household.md lists the statuses)",
                  base::ClosestMatches(*status, names));
      return nullptr;
    }
    const bool months = method == "status_months" || method == "status_full_months";
    Op op = method == "has_status" ? Op::kHasStatus : months ? Op::kStatusMonths : Op::kStatusCategory;
    Type type = method == "has_status" ? Type::kBool : months ? Type::kInt : Type::kText;
    auto n = MakeNode(op, type, e.span);
    n->text = *status;
    n->imm = method == "status_full_months" ? 1 : 0;
    n->args.push_back(std::move(receiver));
    return n;
  }
  if (method == "income" || method == "income_of") {
    size_t first = method == "income_of" ? 1 : 0;
    if (!arity(first + 2)) return nullptr;
    auto n = MakeNode(Op::kIncome, Type::kMoney, e.span);
    if (first) {
      auto kind = TextLiteralArg(*e.args[0], "the income kind");
      if (!kind) return nullptr;
      const auto& kinds = household::IncomeKinds();
      if (std::find(kinds.begin(), kinds.end(), *kind) == kinds.end()) {
        std::vector<std::string> names(kinds.begin(), kinds.end());
        diag_.Error(e.args[0]->span, "unknown income kind '" + *kind + "'", base::ClosestMatches(*kind, names));
        return nullptr;
      }
      n->text = *kind;
    }
    auto basis = TextLiteralArg(*e.args[first], "the income basis");
    auto period = TextLiteralArg(*e.args[first + 1], "the period");
    if (!basis || !period) return nullptr;
    if (*basis != "net" && *basis != "gross_taxable") {
      diag_.Error(e.args[first]->span, "income basis must be \"net\" or \"gross_taxable\", not \"" + *basis + "\"");
      return nullptr;
    }
    if (*period != "month" && *period != "year") {
      diag_.Error(e.args[first + 1]->span, "income period must be month or year, not '" + *period + "'");
      return nullptr;
    }
    n->imm = (*basis == "gross_taxable" ? 2 : 0) + (*period == "year" ? 1 : 0);
    n->args.push_back(std::move(receiver));
    return n;
  }
  if (method == "age_on") {
    if (!arity(1)) return nullptr;
    NodePtr date = CheckExpr(*e.args[0], scope);
    if (!Expect(date, Type::kDate, *e.args[0], "the argument of age_on")) return nullptr;
    auto n = MakeNode(Op::kPersonAgeOn, Type::kInt, e.span);
    n->args.push_back(std::move(receiver));
    n->args.push_back(std::move(date));
    return n;
  }
  if (method == "age" || household::FindField(Entity::kPerson, method) || person_define_index_.count(method)) {
    diag_.Error(e.span, "'" + method + "' is a value, not a function: leave out the parentheses");
    return nullptr;
  }
  diag_.Error(e.span, "a person has no function '" + method + "'",
              base::ClosestMatches(method, {"has_status", "status_months", "status_full_months", "status_category",
                                            "income", "income_of", "age_on"}));
  return nullptr;
}

NodePtr Checker::CheckCall(const Expr& e, Scope& scope) {
  if (e.segments.size() > 1) {
    std::vector<std::string> receiver(e.segments.begin(), e.segments.end() - 1);
    NodePtr base = CheckName(e, receiver, scope);
    if (!base) return nullptr;
    return CheckMethod(std::move(base), e.segments.back(), e, scope);
  }
  const std::string& name = e.segments[0];
  if (name == "eligible" || name == "amount") {
    if (e.args.size() != 1 || e.args[0]->kind != ExprKind::kName || e.args[0]->segments.size() != 1) {
      diag_.Error(e.span, "'" + name + "' takes one right id, like " + name + "(leefloon)");
      return nullptr;
    }
    const std::string& id = e.args[0]->segments[0];
    auto right = program_.FindRight(id);
    if (!right) {
      std::vector<std::string> ids;
      for (const auto& r : program_.rights) ids.push_back(r.id);
      diag_.Error(e.args[0]->span, "unknown right '" + id + "'", base::ClosestMatches(id, ids));
      return nullptr;
    }
    if (current_right_ < 0) {
      diag_.Error(e.span, "'" + name + "(...)' can only be used inside a right");
      return nullptr;
    }
    right_reads_[current_right_].insert(*right);
    auto n = MakeNode(name == "eligible" ? Op::kRightEligible : Op::kRightAmount,
                      name == "eligible" ? Type::kBool : Type::kMoney, e.span);
    n->index = *right;
    n->source_text = e.source_text;
    return n;
  }
  struct Signature {
    const char* name;
    ir::Builtin builtin;
    std::vector<Type> params;
    Type result;
  };
  static const std::vector<Signature> signatures = {
      {"year", ir::Builtin::kYear, {Type::kDate}, Type::kInt},
      {"month", ir::Builtin::kMonth, {Type::kDate}, Type::kInt},
      {"date", ir::Builtin::kDate, {Type::kInt, Type::kInt, Type::kInt}, Type::kDate},
      {"add_months", ir::Builtin::kAddMonths, {Type::kDate, Type::kInt}, Type::kDate},
      {"months_between", ir::Builtin::kMonthsBetween, {Type::kDate, Type::kDate}, Type::kInt},
      {"start_of_month", ir::Builtin::kStartOfMonth, {Type::kDate}, Type::kDate},
      {"days_between", ir::Builtin::kDaysBetween, {Type::kDate, Type::kDate}, Type::kInt},
      {"monthly", ir::Builtin::kMonthly, {Type::kMoney}, Type::kMoney},
      {"yearly", ir::Builtin::kYearly, {Type::kMoney}, Type::kMoney},
  };
  std::vector<NodePtr> args;
  bool ok = true;
  for (const auto& a : e.args) {
    args.push_back(CheckExpr(*a, scope));
    ok = ok && args.back();
  }
  if (name == "min" || name == "max") {
    if (args.size() != 2) {
      diag_.Error(e.span, "'" + name + "' takes two values, or an aggregate like " + name + "(m in members: m.age)");
      return nullptr;
    }
    if (!ok) return nullptr;
    Type t = args[0]->type;
    if (args[1]->type != t || (t != Type::kInt && t != Type::kMoney && t != Type::kDate && t != Type::kRate)) {
      diag_.Error(e.span, "'" + name + "' needs two values of the same type (int, money, rate or date), not " +
                              ir::TypeName(args[0]->type) + " and " + ir::TypeName(args[1]->type));
      return nullptr;
    }
    auto n = MakeNode(Op::kBuiltin, t, e.span);
    n->imm = static_cast<int64_t>(name == "min" ? ir::Builtin::kMin : ir::Builtin::kMax);
    n->args = std::move(args);
    return n;
  }
  for (const auto& sig : signatures) {
    if (name != sig.name) continue;
    if (args.size() != sig.params.size()) {
      diag_.Error(e.span, "'" + name + "' takes " + std::to_string(sig.params.size()) + " argument(s), not " +
                              std::to_string(args.size()));
      return nullptr;
    }
    if (!ok) return nullptr;
    for (size_t i = 0; i < args.size(); ++i) {
      if (!Expect(args[i], sig.params[i], *e.args[i], "argument " + std::to_string(i + 1) + " of '" + name + "'")) {
        return nullptr;
      }
    }
    auto n = MakeNode(Op::kBuiltin, sig.result, e.span);
    n->imm = static_cast<int64_t>(sig.builtin);
    n->args = std::move(args);
    return n;
  }
  std::vector<std::string> names = {"eligible", "amount", "min", "max"};
  for (const auto& sig : signatures) names.push_back(sig.name);
  diag_.Error(e.span, "unknown function '" + name + "'", base::ClosestMatches(name, names));
  return nullptr;
}

void Checker::CheckEnumLiteral(const Node& field_node, const Node& literal) {
  if (literal.op != Op::kConst || literal.type != Type::kText) return;
  const FieldSpec* spec = nullptr;
  if (field_node.op == Op::kHouseholdField) spec = &household::Fields(Entity::kHousehold)[field_node.index];
  if (field_node.op == Op::kPersonField) spec = &household::Fields(Entity::kPerson)[field_node.index];
  std::vector<std::string> allowed;
  if (spec && spec->type == FieldType::kEnum) {
    if (household::EnumIndex(*spec, literal.text)) return;
    for (auto v : spec->values) allowed.emplace_back(v);
  } else if (field_node.op == Op::kEstateField && field_node.imm == 0) {
    for (auto v : household::RealEstateTypes()) {
      if (v == literal.text) return;
      allowed.emplace_back(v);
    }
  } else {
    return;
  }
  std::string all;
  for (size_t i = 0; i < allowed.size(); ++i) all += (i ? ", " : "") + allowed[i];
  diag_.Error(literal.span, "'" + literal.text + "' is not a possible value here (" + all + ")",
              base::ClosestMatches(literal.text, allowed));
}

NodePtr Checker::CheckBinary(const Expr& e, Scope& scope) {
  const std::string& op = e.text;
  if (op == "in") {
    NodePtr value = CheckExpr(*e.args[0], scope);
    if (e.args[1]->kind != ExprKind::kList) {
      diag_.Error(e.args[1]->span, "'in' needs a list, like x in [\"a\", \"b\"]");
      return nullptr;
    }
    auto n = MakeNode(Op::kIn, Type::kBool, e.span);
    bool ok = value != nullptr;
    std::vector<NodePtr> items;
    for (const auto& item : e.args[1]->args) {
      NodePtr lit = Literal(*item);
      if (!lit) {
        if (item->kind != ExprKind::kInt && item->kind != ExprKind::kMoney && item->kind != ExprKind::kString &&
            item->kind != ExprKind::kDate && item->kind != ExprKind::kRate && item->kind != ExprKind::kBool) {
          diag_.Error(item->span, "list elements must be literal values");
        }
        ok = false;
        continue;
      }
      if (value && lit->type != value->type) {
        diag_.Error(item->span, std::string("list element is ") + ir::TypeName(lit->type) + " but the value is " +
                                    ir::TypeName(value->type));
        ok = false;
        continue;
      }
      if (value) CheckEnumLiteral(*value, *lit);
      items.push_back(std::move(lit));
    }
    if (!ok) return nullptr;
    n->args.push_back(std::move(value));
    for (auto& item : items) n->args.push_back(std::move(item));
    return n;
  }
  NodePtr lhs = CheckExpr(*e.args[0], scope);
  NodePtr rhs = CheckExpr(*e.args[1], scope);
  if (!lhs || !rhs) return nullptr;
  if (op == "and" || op == "or") {
    bool ok = Expect(lhs, Type::kBool, *e.args[0], "the left side of '" + op + "'");
    ok = Expect(rhs, Type::kBool, *e.args[1], "the right side of '" + op + "'") && ok;
    if (!ok) return nullptr;
    auto n = MakeNode(op == "and" ? Op::kAnd : Op::kOr, Type::kBool, e.span);
    n->args.push_back(std::move(lhs));
    n->args.push_back(std::move(rhs));
    return n;
  }
  static const std::map<std::string, ir::CompareOp> compares = {
      {"==", ir::CompareOp::kEq}, {"!=", ir::CompareOp::kNe}, {"<", ir::CompareOp::kLt},
      {"<=", ir::CompareOp::kLe}, {">", ir::CompareOp::kGt},  {">=", ir::CompareOp::kGe}};
  if (auto it = compares.find(op); it != compares.end()) {
    if (lhs->type != rhs->type) {
      std::string hint;
      if ((lhs->type == Type::kMoney && rhs->type == Type::kInt && rhs->op == Op::kConst) ||
          (rhs->type == Type::kMoney && lhs->type == Type::kInt && lhs->op == Op::kConst)) {
        hint = " (write money as €0)";
      }
      diag_.Error(e.span, std::string("cannot compare ") + ir::TypeName(lhs->type) + " with " +
                              ir::TypeName(rhs->type) + hint);
      return nullptr;
    }
    bool ordered = it->second != ir::CompareOp::kEq && it->second != ir::CompareOp::kNe;
    Type t = lhs->type;
    bool comparable = t == Type::kInt || t == Type::kMoney || t == Type::kRate || t == Type::kDate ||
                      (!ordered && (t == Type::kText || t == Type::kBool));
    if (!comparable) {
      diag_.Error(e.span, std::string("'") + op + "' does not apply to " + ir::TypeName(t));
      return nullptr;
    }
    CheckEnumLiteral(*lhs, *rhs);
    CheckEnumLiteral(*rhs, *lhs);
    auto n = MakeNode(Op::kCompare, Type::kBool, e.span);
    n->imm = static_cast<int64_t>(it->second);
    n->args.push_back(std::move(lhs));
    n->args.push_back(std::move(rhs));
    return n;
  }
  // Arithmetic.
  ir::ArithOp arith = op == "+" ? ir::ArithOp::kAdd : op == "-" ? ir::ArithOp::kSub : op == "*" ? ir::ArithOp::kMul
                                                                                                 : ir::ArithOp::kDiv;
  Type a = lhs->type, b = rhs->type;
  std::optional<Type> result;
  switch (arith) {
    case ir::ArithOp::kAdd:
    case ir::ArithOp::kSub:
      if (a == b && (a == Type::kInt || a == Type::kMoney || a == Type::kRate)) result = a;
      break;
    case ir::ArithOp::kMul:
      if (a == Type::kInt && b == Type::kInt) result = Type::kInt;
      else if ((a == Type::kMoney && (b == Type::kInt || b == Type::kRate)) ||
               (b == Type::kMoney && (a == Type::kInt || a == Type::kRate))) result = Type::kMoney;
      break;
    case ir::ArithOp::kDiv:
      if (a == Type::kMoney && b == Type::kInt) {
        if (rhs->op != Op::kConst || rhs->imm <= 0) {
          diag_.Error(e.args[1]->span, "divide money only by a positive whole number written out, like / 12");
          return nullptr;
        }
        result = Type::kMoney;
      }
      break;
  }
  if (!result) {
    std::string hint;
    if (arith == ir::ArithOp::kDiv && a == Type::kInt) hint = " (only money / int is allowed)";
    if ((a == Type::kMoney || b == Type::kMoney) && (a == Type::kInt || b == Type::kInt) &&
        (arith == ir::ArithOp::kAdd || arith == ir::ArithOp::kSub)) {
      hint = " (write money as €0)";
    }
    diag_.Error(e.span, std::string("'") + op + "' does not apply to " + ir::TypeName(a) + " and " + ir::TypeName(b) +
                            hint);
    return nullptr;
  }
  // Money stays on the left so the evaluator has one shape per operator.
  if (arith == ir::ArithOp::kMul && b == Type::kMoney) std::swap(lhs, rhs);
  auto n = MakeNode(Op::kArith, *result, e.span);
  n->imm = static_cast<int64_t>(arith);
  n->args.push_back(std::move(lhs));
  n->args.push_back(std::move(rhs));
  return n;
}

NodePtr Checker::CheckAggregate(const Expr& e, Scope& scope) {
  NodePtr collection = CheckExpr(*e.args[0], scope);
  if (!collection) return nullptr;
  Type element;
  if (collection->type == Type::kMembers) element = Type::kPerson;
  else if (collection->type == Type::kEstates) element = Type::kEstate;
  else {
    diag_.Error(e.args[0]->span, std::string("'") + e.text + "' goes over members or real_estate, not " +
                                     ir::TypeName(collection->type));
    return nullptr;
  }
  uint16_t slot = next_slot_++;
  program_.slot_count = std::max<uint16_t>(program_.slot_count, next_slot_);
  scope.binders.push_back({e.binder, slot, element});
  NodePtr filter = e.args[1] ? CheckExpr(*e.args[1], scope) : nullptr;
  NodePtr value = e.args[2] ? CheckExpr(*e.args[2], scope) : nullptr;
  scope.binders.pop_back();
  --next_slot_;
  if ((e.args[1] && !filter) || (e.args[2] && !value)) return nullptr;
  if (filter && !Expect(filter, Type::kBool, *e.args[1], "the 'where' filter")) return nullptr;

  static const std::map<std::string, ir::AggregateKind> kinds = {
      {"count", ir::AggregateKind::kCount}, {"any", ir::AggregateKind::kAny}, {"all", ir::AggregateKind::kAll},
      {"sum", ir::AggregateKind::kSum},     {"max", ir::AggregateKind::kMax}, {"min", ir::AggregateKind::kMin}};
  ir::AggregateKind kind = kinds.at(e.text);
  Type result = Type::kInt;
  switch (kind) {
    case ir::AggregateKind::kCount:
    case ir::AggregateKind::kAny:
    case ir::AggregateKind::kAll:
      // The predicate may follow ':' or 'where'; both filters must hold.
      if (value && !Expect(value, Type::kBool, *e.args[2], "the condition of '" + e.text + "'")) return nullptr;
      if (!value && !filter && kind != ir::AggregateKind::kCount) {
        diag_.Error(e.span, "'" + e.text + "' needs a condition after ':'");
        return nullptr;
      }
      result = kind == ir::AggregateKind::kCount ? Type::kInt : Type::kBool;
      break;
    case ir::AggregateKind::kSum:
    case ir::AggregateKind::kMax:
    case ir::AggregateKind::kMin:
      if (!value) {
        diag_.Error(e.span, "'" + e.text + "' needs a value after ':'");
        return nullptr;
      }
      result = value->type;
      if (result != Type::kInt && result != Type::kMoney &&
          (kind == ir::AggregateKind::kSum || result != Type::kDate)) {
        diag_.Error(e.args[2]->span, "'" + e.text + "' cannot combine " + ir::TypeName(result) + " values");
        return nullptr;
      }
      break;
  }
  auto n = MakeNode(Op::kAggregate, result, e.span);
  n->imm = static_cast<int64_t>(kind);
  n->slot = slot;
  n->source_text = e.source_text;
  n->args.push_back(std::move(collection));
  n->args.push_back(std::move(filter));
  n->args.push_back(std::move(value));
  return n;
}

NodePtr Checker::CheckExpr(const Expr& e, Scope& scope) {
  NodePtr out;
  switch (e.kind) {
    case ExprKind::kInt:
    case ExprKind::kMoney:
    case ExprKind::kRate:
    case ExprKind::kDate:
    case ExprKind::kString:
    case ExprKind::kBool: out = Literal(e); break;
    case ExprKind::kName: out = CheckName(e, e.segments, scope); break;
    case ExprKind::kCall: out = CheckCall(e, scope); break;
    case ExprKind::kList:
      diag_.Error(e.span, "a list can only follow 'in'");
      return nullptr;
    case ExprKind::kUnary: {
      NodePtr operand = CheckExpr(*e.args[0], scope);
      if (!operand) return nullptr;
      if (e.text == "not") {
        if (!Expect(operand, Type::kBool, *e.args[0], "the operand of 'not'")) return nullptr;
        out = MakeNode(Op::kNot, Type::kBool, e.span);
      } else {
        if (operand->op == Op::kConst && (operand->type == Type::kInt || operand->type == Type::kMoney ||
                                          operand->type == Type::kRate)) {
          operand->imm = -operand->imm;
          operand->span = e.span;
          operand->source_text = e.source_text;
          return operand;
        }
        if (operand->type != Type::kInt && operand->type != Type::kMoney && operand->type != Type::kRate) {
          diag_.Error(e.span, std::string("cannot negate ") + ir::TypeName(operand->type));
          return nullptr;
        }
        out = MakeNode(Op::kNeg, operand->type, e.span);
      }
      out->args.push_back(std::move(operand));
      break;
    }
    case ExprKind::kBinary: out = CheckBinary(e, scope); break;
    case ExprKind::kIf: {
      NodePtr test = CheckExpr(*e.args[0], scope);
      NodePtr then = CheckExpr(*e.args[1], scope);
      NodePtr otherwise = CheckExpr(*e.args[2], scope);
      if (!test || !then || !otherwise) return nullptr;
      if (!Expect(test, Type::kBool, *e.args[0], "the condition of 'if'")) return nullptr;
      if (then->type != otherwise->type) {
        diag_.Error(e.span, std::string("'then' gives ") + ir::TypeName(then->type) + " but 'else' gives " +
                                ir::TypeName(otherwise->type));
        return nullptr;
      }
      out = MakeNode(Op::kIf, then->type, e.span);
      out->args.push_back(std::move(test));
      out->args.push_back(std::move(then));
      out->args.push_back(std::move(otherwise));
      break;
    }
    case ExprKind::kCase: {
      std::vector<NodePtr> parts;
      bool ok = true;
      for (const auto& a : e.args) {
        parts.push_back(CheckExpr(*a, scope));
        ok = ok && parts.back();
      }
      if (!ok) return nullptr;
      Type result = parts.back()->type;
      for (size_t i = 0; i + 1 < parts.size(); i += 2) {
        if (!Expect(parts[i], Type::kBool, *e.args[i], "a 'when' condition")) return nullptr;
        if (parts[i + 1]->type != result) {
          diag_.Error(e.args[i + 1]->span, std::string("this 'then' gives ") + ir::TypeName(parts[i + 1]->type) +
                                               " but 'else' gives " + ir::TypeName(result));
          return nullptr;
        }
      }
      out = MakeNode(Op::kCase, result, e.span);
      out->args = std::move(parts);
      break;
    }
    case ExprKind::kAggregate: out = CheckAggregate(e, scope); break;
  }
  if (out && out->source_text.empty()) out->source_text = e.source_text;
  return out;
}

}  // namespace

std::optional<ir::Program> Check(const std::vector<syntax::Module>& modules, base::Diagnostics& diagnostics) {
  return Checker(modules, diagnostics).Run();
}

}  // namespace rules::check
