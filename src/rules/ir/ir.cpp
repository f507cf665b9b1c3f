// rules/ir/ir.cpp — IR helpers and the IR printer (dump --stage=ir).
#include "rules/ir/ir.h"

#include "base/money.h"

namespace rules::ir {

const char* TypeName(Type type) {
  switch (type) {
    case Type::kBool: return "bool";
    case Type::kInt: return "int";
    case Type::kMoney: return "money";
    case Type::kRate: return "rate";
    case Type::kDate: return "date";
    case Type::kText: return "text";
    case Type::kPerson: return "person";
    case Type::kEstate: return "real-estate entry";
    case Type::kMembers: return "members";
    case Type::kEstates: return "real_estate";
    case Type::kList: return "list";
  }
  return "?";
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kFederal: return "federal";
    case Level::kFlemish: return "flemish";
    case Level::kProvincial: return "provincial";
    case Level::kMunicipal: return "municipal";
  }
  return "?";
}

const char* ApplyModeName(ApplyMode mode) {
  switch (mode) {
    case ApplyMode::kAutomatic: return "automatic";
    case ApplyMode::kOnRequest: return "on_request";
    case ApplyMode::kOnRequestCourt: return "on_request_court";
  }
  return "?";
}

const char* AmountPeriodName(AmountPeriod period) {
  switch (period) {
    case AmountPeriod::kMonth: return "month";
    case AmountPeriod::kYear: return "year";
    case AmountPeriod::kOnce: return "once";
  }
  return "?";
}

const ParameterValue* Parameter::ValueOn(base::Date date) const {
  if (until && date > *until) return nullptr;
  const ParameterValue* found = nullptr;
  for (const auto& v : values) {
    if (v.from > date) break;
    found = &v;
  }
  return found;
}

std::optional<uint32_t> Program::FindRight(std::string_view id) const {
  for (uint32_t i = 0; i < rights.size(); ++i) {
    if (rights[i].id == id) return i;
  }
  return std::nullopt;
}

namespace {

std::string ConstText(const Node& n) {
  switch (n.type) {
    case Type::kBool: return n.imm ? "true" : "false";
    case Type::kMoney: return "€" + base::Money::FromCents(n.imm).ToString();
    case Type::kRate: return base::RateToDutch(n.imm);
    case Type::kDate: return base::Date::FromDays(static_cast<int32_t>(n.imm)).ToString();
    case Type::kText: return "\"" + n.text + "\"";
    default: return std::to_string(n.imm);
  }
}

const char* OpName(const Node& n) {
  switch (n.op) {
    case Op::kConst: return "const";
    case Op::kReferenceDate: return "reference_date";
    case Op::kApplicant: return "applicant";
    case Op::kMembers: return "members";
    case Op::kEstates: return "real_estate";
    case Op::kVar: return "var";
    case Op::kHouseholdField: return "input";
    case Op::kPersonField: return "person-input";
    case Op::kPersonAge: return "age";
    case Op::kPersonAgeOn: return "age-on";
    case Op::kHasStatus: return "has-status";
    case Op::kStatusMonths: return "status-months";
    case Op::kStatusCategory: return "status-category";
    case Op::kIncome: return "income";
    case Op::kEstateField: return "estate-field";
    case Op::kParam: return "param";
    case Op::kDefine: return "define";
    case Op::kPersonDefine: return "person-define";
    case Op::kLet: return "let";
    case Op::kRightEligible: return "eligible";
    case Op::kRightAmount: return "amount";
    case Op::kNot: return "not";
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
    case Op::kIf: return "if";
    case Op::kCase: return "case";
    case Op::kCompare: {
      static const char* names[] = {"==", "!=", "<", "<=", ">", ">="};
      return names[n.imm];
    }
    case Op::kArith: {
      static const char* names[] = {"+", "-", "*", "/"};
      return names[n.imm];
    }
    case Op::kNeg: return "neg";
    case Op::kIn: return "in";
    case Op::kAggregate: {
      static const char* names[] = {"count", "any", "all", "sum", "max", "min"};
      return names[n.imm];
    }
    case Op::kBuiltin: {
      static const char* names[] = {"year",    "month",  "date", "add_months", "months_between", "start_of_month",
                                    "monthly", "yearly", "min",  "max",        "days_between"};
      return names[n.imm];
    }
    case Op::kIsKnown:
      return "known";
  }
  return "?";
}

}  // namespace

std::string Print(const Node& n, const Program& program) {
  std::string head;
  switch (n.op) {
    case Op::kConst: return ConstText(n);
    case Op::kVar: return "$" + std::to_string(n.slot);
    case Op::kHouseholdField:
      return std::string(household::Fields(household::Entity::kHousehold)[n.index].name);
    case Op::kPersonField:
      head = std::string("input ") + std::string(household::Fields(household::Entity::kPerson)[n.index].name);
      break;
    case Op::kParam: return "param:" + program.parameters[n.index].name;
    case Op::kDefine: return "define:" + program.defines[n.index].name;
    case Op::kPersonDefine: head = "define " + program.defines[n.index].name; break;
    case Op::kLet: return "let#" + std::to_string(n.index);
    case Op::kRightEligible: return "(eligible " + program.rights[n.index].id + ")";
    case Op::kRightAmount: return "(amount " + program.rights[n.index].id + ")";
    case Op::kHasStatus:
    case Op::kStatusMonths:
    case Op::kStatusCategory:
      head = std::string(OpName(n)) + (n.imm ? " full" : "") + " \"" + n.text + "\"";
      break;
    case Op::kIncome:
      head = std::string("income ") + (n.imm / 2 ? "gross_taxable" : "net") + (n.imm % 2 ? " year" : " month") +
             (n.text.empty() ? "" : " kind=" + n.text);
      break;
    case Op::kAggregate: head = std::string(OpName(n)) + " $" + std::to_string(n.slot); break;
    default: head = OpName(n); break;
  }
  std::string out = "(" + head;
  for (const auto& a : n.args) out += " " + (a ? Print(*a, program) : std::string("_"));
  out += ")";
  out += ":";
  out += TypeName(n.type);
  return out;
}

std::string Print(const Program& program) {
  std::string out;
  for (const auto& p : program.parameters) {
    out += "parameter " + p.name + " : " + TypeName(p.type) + "\n";
    for (const auto& v : p.values) {
      Node c{Op::kConst, p.type};
      c.imm = v.value;
      out += "  from " + v.from.ToString() + " = " + ConstText(c) + "\n";
    }
    if (p.until) out += "  until " + p.until->ToString() + "\n";
    if (!p.indexed_source.empty()) out += "  indexed\n";
  }
  for (const auto& d : program.defines) {
    out += std::string("define ") + (d.per_person ? "person." : "") + d.name + " : " + TypeName(d.type) + " = " +
           Print(*d.value, program) + "\n";
  }
  for (const auto& r : program.rights) {
    out += "right " + r.id + " level=" + LevelName(r.level) + " apply=" + ApplyModeName(r.apply_mode) + "\n";
    for (size_t i = 0; i < r.lets.size(); ++i) {
      out += "  let#" + std::to_string(i) + " " + r.lets[i].name + " = " + Print(*r.lets[i].value, program) + "\n";
    }
    if (r.grant) {
      out += "  granted_by \"" + r.grant->status + "\"" + (r.grant->any_member ? " any member" : "") + ": let#" +
             std::to_string(r.grant->held_let) + "\n";
    }
    for (const auto& c : r.conditions) {
      out += "  condition " + c.name + (c.presumption ? " presumed" : "") + ": " + Print(*c.test, program) + "\n";
    }
    for (uint32_t a : r.assumptions) {
      out += "  assumption " + program.assumptions[a].id + " bit " + std::to_string(a) + ": " +
             Print(*program.assumptions[a].used, program) + "\n";
    }
    if (r.route) out += "  route = " + Print(*r.route, program) + "\n";
    if (r.category) out += "  category = " + Print(*r.category, program) + "\n";
    if (r.amount) {
      out += std::string("  amount ") + (r.amount->lower_bound ? "at_least " : "") +
             AmountPeriodName(r.amount->period) + " = " + Print(*r.amount->value, program) + "\n";
    }
  }
  return out;
}

void ForEachExpression(const Program& program, const std::function<void(const Node&)>& visit) {
  for (const auto& d : program.defines) visit(*d.value);
  for (const auto& r : program.rights) {
    for (const auto& l : r.lets) visit(*l.value);
    for (const auto& c : r.conditions) visit(*c.test);
    for (uint32_t a : r.assumptions) visit(*program.assumptions[a].used);
    if (r.route) visit(*r.route);
    if (r.category) visit(*r.category);
    if (r.amount) visit(*r.amount->value);
  }
}

bool HasAssumptions(const Program& program, uint32_t r) {
  const Right& right = program.rights[r];
  if (!right.assumptions.empty()) return true;
  for (uint32_t d : right.depends_on) {
    if (HasAssumptions(program, d)) return true;
  }
  return false;
}

bool HasRouteOrAssumptions(const Program& program, uint32_t r) {
  return program.rights[r].route || HasAssumptions(program, r);
}

bool AmountIsLowerBound(const Program& program, const Right& right, base::Date date) {
  if (!right.amount) return false;
  if (right.amount->lower_bound) return true;
  for (uint32_t p : right.amount->bounded_by) {
    const ParameterValue* v = program.parameters[p].ValueOn(date);
    if (v && v->value != 0) return true;
  }
  return false;
}

std::optional<int64_t> EnumNumber(const Node& input, std::string_view text) {
  if (input.op != Op::kPersonField && input.op != Op::kHouseholdField) return std::nullopt;
  const auto entity = input.op == Op::kPersonField ? household::Entity::kPerson : household::Entity::kHousehold;
  const household::FieldSpec& spec = household::Fields(entity)[input.index];
  if (spec.type != household::FieldType::kEnum) return std::nullopt;
  const auto index = household::EnumIndex(spec, text);
  if (!index) return -1;
  // A value ending in '*' is a pattern: every text it matches has its
  // number, so only a literal that is a plain value can be a number.
  const std::string_view value = spec.values[static_cast<size_t>(*index)];
  if (!value.empty() && value.back() == '*') return std::nullopt;
  return *index;
}

}  // namespace rules::ir
