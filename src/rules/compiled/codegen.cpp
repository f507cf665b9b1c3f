// rules/compiled/codegen.cpp — the C++ source of a program (see codegen.h).
//
// The generated code mirrors eval.cpp: the same memo structure (a household
// define, a per-person define per person, a let and a right's core are each
// computed once per household), the same Kleene logic and the same order of
// short-circuits, so it agrees with the interpreter by construction; the
// differential tests check that it does. Control flow inside an expression
// (and, or, if, case, aggregates) is an immediately invoked lambda, which the
// compiler inlines.
#include "rules/compiled/codegen.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <set>

#include "household/schema.h"
#include "rules/compiled/abi.h"

namespace rules::compiled {
namespace {

using ir::Node;
using ir::Op;
using ir::Type;

void PlanNode(const Node& n, Plan& plan) {
  switch (n.op) {
    case Op::kHasStatus:
    case Op::kStatusMonths:
    case Op::kStatusCategory:
      if (n.op != Op::kHasStatus) plan.uses_status_details = true;
      if (std::find(plan.statuses.begin(), plan.statuses.end(), n.text) == plan.statuses.end()) {
        plan.statuses.push_back(n.text);
      }
      break;
    case Op::kIncome: {
      const std::pair<std::string, int64_t> query{n.text, n.imm};
      if (std::find(plan.incomes.begin(), plan.incomes.end(), query) == plan.incomes.end()) {
        plan.incomes.push_back(query);
      }
      break;
    }
    case Op::kPersonAge: plan.uses_age = true; break;
    case Op::kApplicant: plan.uses_applicant = true; break;
    default: break;
  }
  for (const auto& a : n.args) {
    if (a) PlanNode(*a, plan);
  }
}

// A C++ string_view literal of any bytes: every byte that is not a letter or
// digit as a three-digit octal escape, so no escape can run into the next.
std::string Literal(std::string_view text) {
  std::string out = "std::string_view(\"";
  for (unsigned char ch : text) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == ' ' || ch == '_') {
      out += static_cast<char>(ch);
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03o", ch);
      out += buf;
    }
  }
  return out + "\", " + std::to_string(text.size()) + ")";
}

std::string Int(int64_t value) {
  if (value == INT64_MIN) return "(int64_t{-9223372036854775807} - 1)";
  return "int64_t{" + std::to_string(value) + "}";
}

// The runtime part of every generated source, after the ABI structs.
constexpr const char kPrelude[] = R"(
namespace {

// The helpers are tiny; the compiler stops inlining in a large generated
// function unless told, and a call per value costs more than the value.
#define RI inline __attribute__((always_inline))

// A value and whether it is known: V a number (or date, bool, person
// index), S a text. Two small types, so both travel in registers.
struct V {
  int64_t n;
  bool k;
};
struct S {
  std::string_view s;
  bool k;
};
RI V K(int64_t n) { return V{n, true}; }
RI V U() { return V{0, false}; }
RI S T(std::string_view s) { return S{s, true}; }
RI S UT() { return S{{}, false}; }
RI V Not(V a) { if (a.k) a.n = !a.n; return a; }
RI V Neg(V a) { if (a.k) a.n = -a.n; return a; }
RI V Add(V a, V b) { return a.k && b.k ? K(a.n + b.n) : U(); }
RI V Sub(V a, V b) { return a.k && b.k ? K(a.n - b.n) : U(); }
RI V Mul(V a, V b) { return a.k && b.k ? K(a.n * b.n) : U(); }
RI V Eq(V a, V b) { return a.k && b.k ? K(a.n == b.n) : U(); }
RI V Ne(V a, V b) { return a.k && b.k ? K(a.n != b.n) : U(); }
RI V Lt(V a, V b) { return a.k && b.k ? K(a.n < b.n) : U(); }
RI V Le(V a, V b) { return a.k && b.k ? K(a.n <= b.n) : U(); }
RI V Gt(V a, V b) { return a.k && b.k ? K(a.n > b.n) : U(); }
RI V Ge(V a, V b) { return a.k && b.k ? K(a.n >= b.n) : U(); }
// Texts from one literal share their storage: equal pointers skip the compare.
RI bool Same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.data() == b.data() || a == b);
}
RI V EqText(S a, S b) { return a.k && b.k ? K(Same(a.s, b.s)) : U(); }
RI V NeText(S a, S b) { return a.k && b.k ? K(!Same(a.s, b.s)) : U(); }
RI V LtText(S a, S b) { return a.k && b.k ? K(a.s < b.s) : U(); }
RI V LeText(S a, S b) { return a.k && b.k ? K(a.s <= b.s) : U(); }
RI V GtText(S a, S b) { return a.k && b.k ? K(a.s > b.s) : U(); }
RI V GeText(S a, S b) { return a.k && b.k ? K(a.s >= b.s) : U(); }

// A right's status (0 eligible, 1 not eligible, 2 undetermined, as
// rules::eval::Status), amount and category.
struct Core {
  uint32_t status = 2;  // not uint8_t: a store to a char type may alias any pointer, which the compiler must then reload
  bool has_amount = false;
  bool has_category = false;
  V amount{};
  S category{};
  uint64_t assumptions = 0;
  int32_t route = -1;
};
RI V Eligible(const Core& r) { return r.status == 2 ? U() : K(r.status == 0); }
RI V AmountOf(const Core& r) {
  if (r.status == 1) return K(0);
  if (r.status == 2) return U();
  return r.has_amount ? r.amount : K(0);
}
// A right's outputs for household h. A right without an amount (category)
// never writes those columns: EvaluateInto fills them with zeros, once per
// output vector.
RI void PutStatus(const Core& r, const RechtopRightOut& out, uint32_t h) { out.status[h] = r.status; }
RI void PutAmount(const Core& r, const RechtopRightOut& out, uint32_t h) {
  const bool amount = r.has_amount && r.amount.k;
  out.amount_known[h] = amount;
  out.amount[h] = amount ? r.amount.n : 0;
}
RI void PutExtras(const Core& r, const RechtopRightOut& out, uint32_t h) {
  out.assumptions[h] = r.assumptions;
  out.route[h] = static_cast<int8_t>(r.route);
}
RI void PutCategory(const Core& r, const RechtopRightOut& out, uint32_t h) {
  out.category_known[h] = r.has_category;
  out.category[h] = r.has_category ? r.category.s : std::string_view();
}
)";

class Generator {
 public:
  explicit Generator(const ir::Program& program) : p_(program), plan_(PlanOf(program)) {}

  std::string Source() {
    std::string out = "// Generated by rechtop from the rules; do not edit.\n";
    out += "#include <algorithm>\n#include <cstdint>\n#include <memory>\n#include <string>\n#include <string_view>\n#include <vector>\n\n";
    out += kRechtopAbiSource;
    out += "\n";
    out += kPrelude;
    out += Scratch();
    out += Household();
    out += "\n}  // namespace\n\n";
    out += "extern \"C\" void rechtop_evaluate(const RechtopChunk* chunk, const RechtopRightOut* out) {\n"
           "  const RechtopChunk& c = *chunk;\n"
           "  Scratch x(c.persons);\n"
           "  // One object serves the whole chunk: its memos are valid for the\n"
           "  // household whose gen they carry, so nothing is reset per household.\n"
           "  auto e = std::make_unique<Household>(c, x);\n"
           "  for (uint32_t h = 0; h < c.households; ++h) {\n"
           "    e->Enter(h);\n";
    for (size_t r = 0; r < p_.rights.size(); ++r) {
      const std::string i = std::to_string(r);
      out += "    {\n      const Core& r = e->r" + i + "();\n      PutStatus(r, out[" + i + "], h);\n";
      if (p_.rights[r].amount) out += "      PutAmount(r, out[" + i + "], h);\n";
      if (p_.rights[r].category) out += "      PutCategory(r, out[" + i + "], h);\n";
      if (ir::HasRouteOrAssumptions(p_, static_cast<uint32_t>(r))) out += "      PutExtras(r, out[" + i + "], h);\n";
      out += "    }\n";
    }
    out += "  }\n}\n";
    return out;
  }

 private:
  // Per-person define memos, one slot per person of the chunk.
  std::string Scratch() const {
    std::string fields, init;
    for (size_t d = 0; d < p_.defines.size(); ++d) {
      if (!p_.defines[d].per_person || !Loops(*p_.defines[d].value)) continue;
      const std::string i = std::to_string(d);
      fields += "  std::vector<uint32_t> pd" + i + "_gen;\n  std::vector<" + TypeOf(p_.defines[d].type) + "> pd" + i + "_value;\n";
      init += ", pd" + i + "_gen(persons), pd" + i + "_value(persons)";
    }
    return "\nstruct Scratch {\n" + fields + "  explicit Scratch(uint32_t persons)" +
           (init.empty() ? std::string(" {}") : " : " + init.substr(2) + " {}") +
           "\n};\n";
  }

  std::string Household() {
    // Household defines that are aggregates over the members with simple
    // bodies share one loop over the members (Fused), instead of a loop each.
    for (size_t d = 0; d < p_.defines.size(); ++d) {
      if (Fusable(p_.defines[d])) fused_.insert(d);
    }
    if (fused_.size() < 2) fused_.clear();
    // The body first: generating it finds the inputs and parameters it reads.
    std::string body;
    if (!fused_.empty()) body += Fused();
    for (size_t d = 0; d < p_.defines.size(); ++d) body += Define(d);
    for (size_t r = 0; r < p_.rights.size(); ++r) body += Right(r);

    std::string out = "\nstruct Household {\n"
                      "  const RechtopChunk& c;\n"
                      "  Scratch& x;\n"
                      "  uint32_t h = 0;\n"
                      "  uint32_t gen = 0;  // h + 1: a memo is valid when its gen is this\n"
                      "  uint32_t pb = 0;   // the household's first person in the chunk\n"
                      "  // The columns and parameters the rules read, copied out of the chunk\n"
                      "  // once: one load per use instead of a chain through the chunk's tables.\n";
    std::string init = " : c(chunk), x(scratch)";
    for (uint32_t f : person_fields_) {
      const std::string i = std::to_string(f);
      out += "  const int64_t* pn" + i + ";\n  const uint8_t* pp" + i + ";\n  const std::string* pt" + i + ";\n";
      init += ", pn" + i + "(chunk.person_number[" + i + "]), pp" + i + "(chunk.person_present[" + i + "]), pt" + i +
              "(chunk.person_text[" + i + "])";
    }
    for (uint32_t f : household_fields_) {
      const std::string i = std::to_string(f);
      out += "  const int64_t* hn" + i + ";\n  const uint8_t* hp" + i + ";\n  const std::string* ht" + i + ";\n";
      init += ", hn" + i + "(chunk.household_number[" + i + "]), hp" + i + "(chunk.household_present[" + i + "]), ht" +
              i + "(chunk.household_text[" + i + "])";
    }
    for (uint32_t f : person_enum_texts_) out += EnumValues(household::Entity::kPerson, f, "pv" + std::to_string(f));
    for (uint32_t f : household_enum_texts_) {
      out += EnumValues(household::Entity::kHousehold, f, "hv" + std::to_string(f));
    }
    for (uint32_t param : parameters_) {
      const std::string i = std::to_string(param);
      out += "  V param" + i + ";\n";
      init += ", param" + i + "(chunk.parameter_known[" + i + "] ? K(chunk.parameter_value[" + i + "]) : U())";
    }
    out += "  Household(const RechtopChunk& chunk, Scratch& scratch)" + init + " {}\n"
           "  void Enter(uint32_t household) {\n"
           "    h = household;\n"
           "    gen = household + 1;\n"
           "    pb = c.first_person[household];\n"
           "  }\n";
    out += R"(
  V PersonField(const int64_t* number, const uint8_t* present, int64_t p) const {
    const uint32_t i = pb + static_cast<uint32_t>(p);
    return present[i] ? K(number[i]) : U();
  }
  S PersonText(const std::string* text, const uint8_t* present, int64_t p) const {
    const uint32_t i = pb + static_cast<uint32_t>(p);
    return present[i] ? T(text[i]) : UT();
  }
  V HouseholdField(const int64_t* number, const uint8_t* present) const { return present[h] ? K(number[h]) : U(); }
  S HouseholdText(const std::string* text, const uint8_t* present) const { return present[h] ? T(text[h]) : UT(); }
  S PersonEnumText(const std::string* text, const uint8_t* present, const int64_t* number,
                   const std::string_view* values, int64_t p) const {
    const uint32_t i = pb + static_cast<uint32_t>(p);
    if (!present[i]) return UT();
    return T(text[i].empty() ? values[number[i]] : std::string_view(text[i]));
  }
  S HouseholdEnumText(const std::string* text, const uint8_t* present, const int64_t* number,
                      const std::string_view* values) const {
    if (!present[h]) return UT();
    return T(text[h].empty() ? values[number[h]] : std::string_view(text[h]));
  }
  V Age(int64_t p) const {
    const uint32_t i = pb + static_cast<uint32_t>(p);
    return c.age_known[i] ? K(c.age[i]) : U();
  }
  V AgeOn(int64_t p, V on, uint32_t birth) const {
    if (!on.k) return on;
    const uint32_t i = pb + static_cast<uint32_t>(p);
    return c.person_present[birth][i] ? K(c.age_on(c.person_number[birth][i], on.n)) : U();
  }
  // The entry of person p's first status that query q names, or -1.
  int64_t StatusEntry(uint32_t q, uint32_t i) const {
    for (uint32_t e = c.status_first[i]; e < c.status_first[i + 1]; ++e) {
      if (c.status_query[e] == q) return e;
    }
    return -1;
  }
  V HasStatus(uint32_t q, int64_t p) const {
    const uint32_t i = pb + static_cast<uint32_t>(p);
    if (!c.statuses_known[i]) return U();
    return K(q < 64 ? (c.status_mask[i] >> q) & 1 : StatusEntry(q, i) >= 0);
  }
  V HasAnyStatus(uint64_t mask, int64_t p) const {
    const uint32_t i = pb + static_cast<uint32_t>(p);
    return c.statuses_known[i] ? K((c.status_mask[i] & mask) != 0) : U();
  }
  V StatusMonths(uint32_t q, int64_t p, bool full) const {
    const uint32_t i = pb + static_cast<uint32_t>(p);
    if (!c.statuses_known[i]) return U();
    const int64_t e = StatusEntry(q, i);
    if (e < 0) return K(0);
    if (!c.status_months_known[e]) return U();
    return K(full ? c.status_full_months[e] : c.status_months[e]);
  }
  S StatusCategory(uint32_t q, int64_t p) const {
    const uint32_t i = pb + static_cast<uint32_t>(p);
    if (!c.statuses_known[i]) return UT();
    const int64_t e = StatusEntry(q, i);
    return T(e < 0 ? std::string_view() : c.status_category[e]);
  }
  V Income(uint32_t q, int64_t p) const {
    const uint32_t i = pb + static_cast<uint32_t>(p);
    return c.incomes_known[i] ? K(c.income[q][i]) : U();
  }
  V Estates() const { return c.estates_known[h] ? K(c.estate_first[h + 1] - c.estate_first[h]) : U(); }
  S EstateType(int64_t e) const { return T(c.estate_type[c.estate_first[h] + e]); }
  V EstateKi(int64_t e) const { return K(c.estate_ki[c.estate_first[h] + e]); }
  V MulRate(V a, V b) const { return a.k && b.k ? K(c.times_rate(a.n, b.n)) : U(); }
  V Div(V a, V b) const { return a.k && b.k ? K(c.div_round(a.n, b.n)) : U(); }
)";
    return out + body + "};\n";
  }

  // Whether define `d` can join Fused: a household-level aggregate over the
  // members whose filter and value read only the member (no define, let,
  // right or nested aggregate, no per-person define that loops).
  bool Fusable(const ir::Define& d) const {
    const Node& n = *d.value;
    if (d.per_person || n.op != Op::kAggregate || n.args[0]->op != Op::kMembers) return false;
    if (static_cast<ir::AggregateKind>(n.imm) == ir::AggregateKind::kCount && !n.args[1] && !n.args[2]) return false;
    return (!n.args[1] || Simple(*n.args[1])) && (!n.args[2] || Simple(*n.args[2]));
  }
  bool Simple(const Node& n) const {
    switch (n.op) {
      case Op::kDefine:
      case Op::kLet:
      case Op::kRightEligible:
      case Op::kRightAmount:
      case Op::kAggregate: return false;
      case Op::kPersonDefine:
        if (Loops(*p_.defines[n.index].value)) return false;
        break;
      default: break;
    }
    for (const auto& a : n.args) {
      if (a && !Simple(*a)) return false;
    }
    return true;
  }

  // The fused member aggregates: one pass over the members, each aggregate
  // with its own state; one that has found its answer (any, all) skips the
  // rest of the members, as its own loop would stop.
  std::string Fused() {
    right_ = -1;
    std::string state, steps, results;
    for (size_t d : fused_) {
      const Node& n = *p_.defines[d].value;
      const AggregateParts parts = Parts(n, "f" + std::to_string(d) + "_");
      state += parts.state;
      steps += "      if (!" + parts.found + ") {\n        const int64_t s" + std::to_string(n.slot) + " = m;\n        " + parts.step +
               "\n      }\n";
      results += "    d" + std::to_string(d) + "_value = " + parts.result + ";\n    d" + std::to_string(d) + "_gen = gen;\n";
    }
    return "\n  void Fused() {\n    const int64_t members = c.first_person[h + 1] - c.first_person[h];\n" + state +
           "    for (int64_t m = 0; m < members; ++m) {\n" + steps + "    }\n" + results + "  }\n";
  }

  // A memoised value: computed once per household.
  static std::string Memo(const std::string& name, const std::string& type, const std::string& value) {
    return "  uint32_t " + name + "_gen = 0;\n  " + type + " " + name + "_value;\n  " + type + " " + name + "() {\n    if (" +
           name + "_gen != gen) {\n      " + name + "_value = " + value + ";\n      " + name +
           "_gen = gen;\n    }\n    return " + name + "_value;\n  }\n";
  }

  std::string Define(size_t d) {
    const ir::Define& def = p_.defines[d];
    const std::string i = std::to_string(d);
    right_ = -1;
    const std::string type = TypeOf(def.type);
    if (fused_.count(d)) {
      return "\n  // define " + def.name + " (computed with the other member aggregates in Fused)\n  uint32_t d" + i +
             "_gen = 0;\n  V d" + i + "_value;\n  V d" + i + "() {\n    if (d" + i + "_gen != gen) Fused();\n    return d" + i +
             "_value;\n  }\n";
    }
    if (!def.per_person) return "\n  // define " + def.name + "\n" + Memo("d" + i, type, E(*def.value));
    // The binder `this` is the parameter. A body without loops is cheaper
    // to recompute than to look up; one with loops is kept per person.
    const std::string slot = "s" + std::to_string(def.this_slot);
    if (!Loops(*def.value)) {
      return "\n  // define person." + def.name + "\n  " + type + " pd" + i + "(int64_t " + slot + ") {\n    return " + E(*def.value) +
             ";\n  }\n";
    }
    return "\n  // define person." + def.name + "\n  " + type + " pd" + i + "(int64_t " + slot +
           ") {\n    const uint32_t at = pb + static_cast<uint32_t>(" + slot + ");\n    if (x.pd" + i +
           "_gen[at] == gen) return x.pd" + i + "_value[at];\n    const auto v = " + E(*def.value) + ";\n    x.pd" + i +
           "_value[at] = v;\n    x.pd" + i + "_gen[at] = gen;\n    return v;\n  }\n";
  }

  // Whether evaluating `n` may loop: an aggregate, or a define (which may).
  static bool Loops(const Node& n) {
    if (n.op == Op::kAggregate || n.op == Op::kDefine || n.op == Op::kPersonDefine || n.op == Op::kRightEligible ||
        n.op == Op::kRightAmount) {
      return true;
    }
    for (const auto& a : n.args) {
      if (a && Loops(*a)) return true;
    }
    return false;
  }

  std::string Right(size_t r) {
    const ir::Right& right = p_.rights[r];
    right_ = static_cast<int>(r);
    const std::string i = std::to_string(r);
    std::string out = "\n  // right " + right.id + "\n";
    for (size_t l = 0; l < right.lets.size(); ++l) {
      out += Memo("l" + i + "_" + std::to_string(l), TypeOf(right.lets[l].type), E(*right.lets[l].value));
    }
    // Reset field by field, not `r = Core{}`: the amount and category are read
    // only under their flags, and the mask and route only of a right that
    // has them, so a household costs no copy of the whole Core per right.
    out += "  uint32_t r" + i + "_gen = 0;\n  Core r" + i + "_core;\n  const Core& r" + i + "() {\n    Core& r = r" +
           i + "_core;\n    if (r" + i + "_gen == gen) return r;\n    r" + i +
           "_gen = gen;\n    r.status = 2;\n    r.has_amount = false;\n    r.has_category = false;\n";
    if (ir::HasRouteOrAssumptions(p_, static_cast<uint32_t>(r))) out += "    r.assumptions = 0;\n    r.route = -1;\n";
    out += "    bool unknown = false;\n";
    // A false condition decides the status, and a right that is not
    // eligible has neither amount nor category: the rest need not run.
    for (const auto& condition : right.conditions) {
      out += "    {\n      const V v = " + E(*condition.test) +
             ";\n      if (v.k && !v.n) {\n        r.status = 1;\n        return r;\n      }\n      unknown = unknown || !v.k;\n    }\n";
    }
    out += "    r.status = unknown ? 2 : 0;\n";
    if (right.amount) {
      out += "    if (r.status == 0) {\n      r.amount = " + E(*right.amount->value) + ";\n      r.has_amount = true;\n    }\n";
    }
    if (right.category) {
      out += "    r.category = " + E(*right.category) + ";\n    r.has_category = r.category.k;\n";
    }
    if (right.route)
      out += "    {\n      const V v = " + E(*right.route) +
             ";\n      r.route = v.k ? static_cast<int32_t>(v.n) : -1;\n    }\n";
    for (uint32_t a : right.assumptions) {
      out += "    if ((" + E(*p_.assumptions[a].used) + ").n) r.assumptions |= uint64_t{1} << " + std::to_string(a) +
             ";\n";
    }
    // Only a dependency that may rest on an assumption is asked for its mask:
    // asking evaluates it, where the conditions might not have needed it.
    for (uint32_t d : right.depends_on) {
      if (ir::HasAssumptions(p_, d)) out += "    r.assumptions |= r" + std::to_string(d) + "().assumptions;\n";
    }
    return out + "    return r;\n  }\n";
  }

  uint32_t StatusQuery(const Node& n) const {
    return static_cast<uint32_t>(std::find(plan_.statuses.begin(), plan_.statuses.end(), n.text) - plan_.statuses.begin());
  }
  uint32_t IncomeQuery(const Node& n) const {
    const std::pair<std::string, int64_t> query{n.text, n.imm};
    return static_cast<uint32_t>(std::find(plan_.incomes.begin(), plan_.incomes.end(), query) - plan_.incomes.begin());
  }
  std::string Fresh() { return "v" + std::to_string(next_++); }
  // The generated type of a value of `type`, and its unknown.
  static std::string TypeOf(Type type) { return type == Type::kText ? "S" : "V"; }
  static std::string UnknownOf(Type type) { return type == Type::kText ? "UT()" : "U()"; }

  // The expression of type V for `n`.
  std::string E(const Node& n) {
    auto arg = [&](size_t i) { return E(*n.args[i]); };
    auto person = [&] { return "(" + arg(0) + ").n"; };
    switch (n.op) {
      case Op::kConst: return n.type == Type::kText ? "T(" + Literal(n.text) + ")" : "K(" + Int(n.imm) + ")";
      case Op::kReferenceDate: return "K(c.reference_days)";
      case Op::kApplicant: return "K(c.applicant[h])";
      case Op::kMembers: return "K(c.first_person[h + 1] - c.first_person[h])";
      case Op::kEstates: return "Estates()";
      case Op::kVar: return "K(s" + std::to_string(n.slot) + ")";
      case Op::kHouseholdField:
        if (n.type == Type::kText && IsEnum(household::Entity::kHousehold, n.index)) {
          household_enum_texts_.insert(n.index);
          const std::string i = std::to_string(n.index);
          return "HouseholdEnumText(" + HouseholdColumn(n.index, "ht") + ", hn" + i + ", hv" + i + ")";
        }
        if (n.type == Type::kText) return "HouseholdText(" + HouseholdColumn(n.index, "ht") + ")";
        return "HouseholdField(" + HouseholdColumn(n.index, "hn") + ")";
      case Op::kPersonField:
        if (n.type == Type::kText && IsEnum(household::Entity::kPerson, n.index)) {
          person_enum_texts_.insert(n.index);
          const std::string i = std::to_string(n.index);
          return "PersonEnumText(" + PersonColumn(n.index, "pt") + ", pn" + i + ", pv" + i + ", " + person() + ")";
        }
        if (n.type == Type::kText) return "PersonText(" + PersonColumn(n.index, "pt") + ", " + person() + ")";
        return "PersonField(" + PersonColumn(n.index, "pn") + ", " + person() + ")";
      case Op::kPersonAge: return "Age(" + person() + ")";
      case Op::kPersonAgeOn: {
        static const auto birth = household::FindField(household::Entity::kPerson, "birth_date");
        return "AgeOn(" + person() + ", " + arg(1) + ", " + std::to_string(*birth) + ")";
      }
      case Op::kHasStatus: return "HasStatus(" + std::to_string(StatusQuery(n)) + ", " + person() + ")";
      case Op::kStatusMonths:
        return "StatusMonths(" + std::to_string(StatusQuery(n)) + ", " + person() + (n.imm ? ", true)" : ", false)");
      case Op::kStatusCategory: return "StatusCategory(" + std::to_string(StatusQuery(n)) + ", " + person() + ")";
      case Op::kIncome: return "Income(" + std::to_string(IncomeQuery(n)) + ", " + person() + ")";
      case Op::kEstateField: return std::string(n.imm == 0 ? "EstateType(" : "EstateKi(") + person() + ")";
      case Op::kParam:
        parameters_.insert(n.index);
        return "param" + std::to_string(n.index);
      case Op::kDefine: return "d" + std::to_string(n.index) + "()";
      case Op::kPersonDefine: return "pd" + std::to_string(n.index) + "(" + person() + ")";
      case Op::kLet: return "l" + std::to_string(right_) + "_" + std::to_string(n.index) + "()";
      case Op::kRightEligible: return "Eligible(r" + std::to_string(n.index) + "())";
      case Op::kRightAmount: return "AmountOf(r" + std::to_string(n.index) + "())";
      case Op::kNot: return "Not(" + arg(0) + ")";
      case Op::kIsKnown:
        return "K((" + arg(0) + ").k)";
      case Op::kNeg: return "Neg(" + arg(0) + ")";
      case Op::kAnd:
      case Op::kOr: {
        if (auto statuses = StatusChain(n)) return *statuses;
        // Kleene: a decisive operand (false for and, true for or) wins over unknown.
        const std::string decisive = n.op == Op::kOr ? "1" : "0";
        const std::string a = Fresh(), b = Fresh();
        return "[&]() -> V {\n      const V " + a + " = " + arg(0) + ";\n      if (" + a + ".k && " + a + ".n == " + decisive +
               ") return " + a + ";\n      const V " + b + " = " + arg(1) + ";\n      if (" + b + ".k && " + b + ".n == " + decisive +
               ") return " + b + ";\n      return " + a + ".k && " + b + ".k ? K(!" + decisive + ") : U();\n    }()";
      }
      case Op::kIf: {
        // Then and else are written once each, so nested ifs do not multiply the source.
        const std::string t = Fresh(), a = Fresh(), b = Fresh();
        const std::string type = TypeOf(n.type), field = n.type == Type::kText ? ".s" : ".n";
        return "[&]() -> " + type + " {\n      const V " + t + " = " + arg(0) + ";\n      auto then_" + t + " = [&]() -> " + type +
               " { return " + arg(1) + "; };\n      auto else_" + t + " = [&]() -> " + type + " { return " + arg(2) +
               "; };\n      if (" + t + ".k) return " + t + ".n ? then_" + t + "() : else_" + t + "();\n      const " + type + " " +
               a + " = then_" + t + "(), " + b + " = else_" + t + "();\n      return " + a + ".k && " + b + ".k && " + a + field +
               " == " + b + field + " ? " + a + " : " + UnknownOf(n.type) + ";\n    }()";
      }
      case Op::kCase: {
        std::string out = "[&]() -> " + TypeOf(n.type) + " {\n";
        for (size_t i = 0; i + 1 < n.args.size(); i += 2) {
          const std::string w = Fresh();
          out += "      const V " + w + " = " + arg(i) + ";\n      if (!" + w + ".k) return " + UnknownOf(n.type) +
                 ";\n      if (" + w + ".n) return " + arg(i + 1) + ";\n";
        }
        return out + "      return " + E(*n.args.back()) + ";\n    }()";
      }
      case Op::kCompare: {
        static const char* const kNames[] = {"Eq", "Ne", "Lt", "Le", "Gt", "Ge"};
        const auto op = static_cast<ir::CompareOp>(n.imm);
        const Node& a = *n.args[0];
        const Node& b = *n.args[1];
        if (a.type == Type::kText && (op == ir::CompareOp::kEq || op == ir::CompareOp::kNe) && b.op == Op::kConst) {
          // An enum input against a literal: compare the stored number.
          if (auto number = ir::EnumNumber(a, b.text)) {
            return std::string(kNames[n.imm]) + "(" + NumberOf(a) + ", K(" + Int(*number) + "))";
          }
        }
        const std::string text = a.type == Type::kText ? "Text" : "";
        return std::string(kNames[n.imm]) + text + "(" + arg(0) + ", " + arg(1) + ")";
      }
      case Op::kArith:
        switch (static_cast<ir::ArithOp>(n.imm)) {
          case ir::ArithOp::kAdd: return "Add(" + arg(0) + ", " + arg(1) + ")";
          case ir::ArithOp::kSub: return "Sub(" + arg(0) + ", " + arg(1) + ")";
          case ir::ArithOp::kMul:
            if (n.type == Type::kMoney && n.args[1]->type == Type::kRate) return "MulRate(" + arg(0) + ", " + arg(1) + ")";
            return "Mul(" + arg(0) + ", " + arg(1) + ")";
          case ir::ArithOp::kDiv: return "Div(" + arg(0) + ", " + arg(1) + ")";
        }
        return "U()";
      case Op::kIn: {
        const std::string v = Fresh();
        std::vector<int64_t> numbers;  // the items as numbers of an enum input, when they all are
        for (size_t i = 1; i < n.args.size(); ++i) {
          auto number = n.args[i]->type == Type::kText ? ir::EnumNumber(*n.args[0], n.args[i]->text) : std::nullopt;
          if (!number) break;
          numbers.push_back(*number);
        }
        const bool as_numbers = n.args[0]->type == Type::kText && numbers.size() + 1 == n.args.size();
        std::string test;
        for (size_t i = 1; i < n.args.size(); ++i) {
          const Node& item = *n.args[i];
          if (!test.empty()) test += " || ";
          if (as_numbers) test += v + ".n == " + Int(numbers[i - 1]);
          else test += item.type == Type::kText ? v + ".s == " + Literal(item.text) : v + ".n == " + Int(item.imm);
        }
        if (test.empty()) test = "false";
        return "[&]() -> V {\n      const auto " + v + " = " + (as_numbers ? NumberOf(*n.args[0]) : arg(0)) +
               ";\n      if (!" + v + ".k) return U();\n      return K(" + test + ");\n    }()";
      }
      case Op::kAggregate: return Aggregate(n);
      case Op::kBuiltin: return Builtin(n);
    }
    return "U()";
  }

  // `p.has_status("a") or p.has_status("b") or ...` on one person: the
  // statuses are all known or all unknown together, so the chain is one
  // test of the person's status mask. nullopt when `n` is not such a chain.
  std::optional<std::string> StatusChain(const Node& n) {
    if (n.op != Op::kOr) return std::nullopt;
    std::vector<const Node*> leaves;
    std::function<void(const Node&)> collect = [&](const Node& m) {
      if (m.op == Op::kOr) {
        collect(*m.args[0]);
        collect(*m.args[1]);
      } else {
        leaves.push_back(&m);
      }
    };
    collect(n);
    uint64_t mask = 0;
    std::string person;
    for (const Node* leaf : leaves) {
      if (leaf->op != Op::kHasStatus || StatusQuery(*leaf) >= 64) return std::nullopt;
      const std::string this_person = E(*leaf->args[0]);
      if (!person.empty() && this_person != person) return std::nullopt;
      person = this_person;
      mask |= uint64_t{1} << StatusQuery(*leaf);
    }
    return "HasAnyStatus(uint64_t{" + std::to_string(mask) + "}, (" + person + ").n)";
  }

  // The stored number of an enum input (ir::EnumNumber), as a V.
  std::string NumberOf(const Node& input) {
    if (input.op == Op::kHouseholdField) return "HouseholdField(" + HouseholdColumn(input.index, "hn") + ")";
    return "PersonField(" + PersonColumn(input.index, "pn") + ", (" + E(*input.args[0]) + ").n)";
  }

  static bool IsEnum(household::Entity entity, uint32_t f) {
    return household::Fields(entity)[f].type == household::FieldType::kEnum;
  }
  // The schema's values of enum field `f`, as the array `name`: an enum
  // column may leave a plain value's text empty (household::FactColumn).
  static std::string EnumValues(household::Entity entity, uint32_t f, const std::string& name) {
    std::string out = "  static constexpr std::string_view " + name + "[] = {";
    const auto& values = household::Fields(entity)[f].values;
    for (size_t v = 0; v < values.size(); ++v) out += (v > 0 ? ", " : "") + Literal(values[v]);
    return out + "};\n";
  }

  // The members holding field `f`'s column: `values` ("pn"/"pt", "hn"/"ht")
  // and its present flags.
  std::string PersonColumn(uint32_t f, const std::string& values) {
    person_fields_.insert(f);
    return values + std::to_string(f) + ", pp" + std::to_string(f);
  }
  std::string HouseholdColumn(uint32_t f, const std::string& values) {
    household_fields_.insert(f);
    return values + std::to_string(f) + ", hp" + std::to_string(f);
  }

  // As EvalAggregate: one pass over the collection's elements, the binder
  // slot set to each; any stops at the first certain match, all at the first
  // certain failure.
  std::string Aggregate(const Node& n) {
    const auto kind = static_cast<ir::AggregateKind>(n.imm);
    // count(m in collection) with no filter and no value: the collection's size.
    if (kind == ir::AggregateKind::kCount && !n.args[1] && !n.args[2]) return E(*n.args[0]);
    const std::string slot = "s" + std::to_string(n.slot);
    const std::string size = "size" + std::to_string(next_);
    const AggregateParts parts = Parts(n, "a" + std::to_string(next_++) + "_");
    return "[&]() -> V {\n      const V " + size + " = " + E(*n.args[0]) + ";\n      if (!" + size + ".k) return " + size +
           ";\n" + parts.state + "      for (int64_t " + slot + " = 0; " + slot + " < " + size + ".n && !" + parts.found +
           "; ++" + slot + ") " + parts.step + "\n      return " + parts.result + ";\n    }()";
  }

  // An aggregate as its running state (declarations), the step for one
  // element (a statement; the element is in the binder's variable) and the
  // result, with every state variable named from `prefix`.
  struct AggregateParts {
    std::string state, step, result, found;
  };
  AggregateParts Parts(const Node& n, const std::string& prefix) {
    const auto kind = static_cast<ir::AggregateKind>(n.imm);
    const std::string unknown = prefix + "unknown", found = prefix + "found", count = prefix + "count",
                      total = prefix + "total", extreme = prefix + "extreme", have = prefix + "have";
    AggregateParts parts;
    parts.found = found;
    parts.state = "      bool " + unknown + " = false, " + found + " = false, " + have + " = false;\n      int64_t " + count +
                  " = 0, " + total + " = 0, " + extreme + " = 0;\n      (void)" + count + "; (void)" + total + "; (void)" +
                  extreme + "; (void)" + have + ";\n";
    std::string step = "[&] {\n        bool certain = true;\n";
    if (n.args[1]) {
      step += "        {\n          const V f = " + E(*n.args[1]) + ";\n          if (f.k && !f.n) return;\n          if (!f.k) {\n"
              "            certain = false;\n            " + unknown + " = true;\n          }\n        }\n";
    }
    const Node* value = n.args[2].get();
    step += "        const V v = " + (value ? E(*value) : std::string("K(1)")) + ";\n        if (!v.k) {\n          " + unknown +
            " = true;\n          return;\n        }\n        (void)certain;\n";
    switch (kind) {
      case ir::AggregateKind::kCount: step += "        if (v.n != 0 && certain) ++" + count + ";\n"; break;
      case ir::AggregateKind::kAny: step += "        if (v.n != 0 && certain) " + found + " = true;\n"; break;
      case ir::AggregateKind::kAll: step += "        if (v.n == 0 && certain) " + found + " = true;\n"; break;
      case ir::AggregateKind::kSum:
      case ir::AggregateKind::kMax:
      case ir::AggregateKind::kMin: {
        const std::string better = kind == ir::AggregateKind::kMax ? "v.n > " + extreme : "v.n < " + extreme;
        step += "        if (!certain) return;\n        " + total + " += v.n;\n        if (!" + have + " || " + better + ") " +
                extreme + " = v.n;\n        " + have + " = true;\n";
        break;
      }
    }
    parts.step = step + "      }();";
    switch (kind) {
      case ir::AggregateKind::kAny: parts.result = found + " ? K(1) : " + unknown + " ? U() : K(0)"; break;
      case ir::AggregateKind::kAll: parts.result = found + " ? K(0) : " + unknown + " ? U() : K(1)"; break;
      case ir::AggregateKind::kCount: parts.result = unknown + " ? U() : K(" + count + ")"; break;
      case ir::AggregateKind::kSum: parts.result = unknown + " ? U() : K(" + total + ")"; break;
      case ir::AggregateKind::kMax:
      case ir::AggregateKind::kMin: parts.result = unknown + " ? U() : K(" + have + " ? " + extreme + " : 0)"; break;
    }
    return parts;
  }

  std::string Builtin(const Node& n) {
    std::string out = "[&]() -> V {\n";
    std::vector<std::string> names;
    for (size_t i = 0; i < n.args.size() && i < 3; ++i) {
      names.push_back(Fresh());
      out += "      const V " + names.back() + " = " + E(*n.args[i]) + ";\n      if (!" + names.back() + ".k) return U();\n";
    }
    while (names.size() < 3) names.push_back("K(0)");
    auto num = [&](size_t i) { return names[i] + ".n"; };
    std::string value;
    switch (static_cast<ir::Builtin>(n.imm)) {
      case ir::Builtin::kMin: value = "std::min(" + num(0) + ", " + num(1) + ")"; break;
      case ir::Builtin::kMax: value = "std::max(" + num(0) + ", " + num(1) + ")"; break;
      case ir::Builtin::kYearly: value = num(0) + " * 12"; break;
      case ir::Builtin::kMonthly: value = "c.div_round(" + num(0) + ", 12)"; break;
      default:
        value = "c.builtin(" + std::to_string(n.imm) + ", " + num(0) + ", " + num(1) + ", " + num(2) + ")";
        break;
    }
    return out + "      return K(" + value + ");\n    }()";
  }

  const ir::Program& p_;
  Plan plan_;
  int right_ = -1;  // the right whose lets kLet refers to
  std::set<uint32_t> person_fields_, household_fields_, parameters_;  // read by the rules
  std::set<uint32_t> person_enum_texts_, household_enum_texts_;       // enum fields read as text
  std::set<size_t> fused_;  // defines computed by Fused
  uint64_t next_ = 0;
};

}  // namespace

Plan PlanOf(const ir::Program& program) {
  Plan plan;
  ir::ForEachExpression(program, [&](const Node& n) { PlanNode(n, plan); });
  return plan;
}

std::string GenerateSource(const ir::Program& program) { return Generator(program).Source(); }

}  // namespace rules::compiled
