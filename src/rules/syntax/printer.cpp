// rules/syntax/printer.cpp — dumps the AST as S-expressions (dump --stage=ast).
#include <string>

#include "rules/syntax/ast.h"

namespace rules::syntax {
namespace {

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

std::string Print(const Expr& e) {
  auto args = [&]() {
    std::string out;
    for (const auto& a : e.args) out += " " + (a ? Print(*a) : std::string("_"));
    return out;
  };
  switch (e.kind) {
    case ExprKind::kInt: return e.text;
    case ExprKind::kMoney: return "€" + e.text;
    case ExprKind::kRate: return e.text + "%";
    case ExprKind::kDate: return e.text;
    case ExprKind::kString: return Quote(e.text);
    case ExprKind::kBool: return e.text;
    case ExprKind::kName: return Join(e.segments, ".");
    case ExprKind::kCall: return "(call " + Join(e.segments, ".") + args() + ")";
    case ExprKind::kList: return "(list" + args() + ")";
    case ExprKind::kUnary: return "(" + e.text + args() + ")";
    case ExprKind::kBinary: return "(" + e.text + args() + ")";
    case ExprKind::kIf: return "(if" + args() + ")";
    case ExprKind::kCase: return "(case" + args() + ")";
    case ExprKind::kAggregate: return "(" + e.text + " " + e.binder + args() + ")";
  }
  return "?";
}

std::string Print(const Module& m) {
  std::string out;
  for (const auto& p : m.parameters) {
    out += "(parameter " + p.name + " " + p.type + (p.period.empty() ? "" : " per " + p.period) + "\n";
    for (const auto& v : p.values) {
      out += "  (from " + v.from + " " + (v.value ? Print(*v.value) : "_") + " " + Quote(v.source) + ")\n";
    }
    if (!p.until.empty()) out += "  (until " + p.until + ")\n";
    if (!p.indexed_source.empty()) out += "  (indexed " + Quote(p.indexed_source) + ")\n";
    out += ")\n";
  }
  for (const auto& d : m.defines) {
    out += std::string("(define ") + (d.per_person ? "person." : "") + d.name + " " +
           (d.value ? Print(*d.value) : "_") + ")\n";
  }
  for (const auto& r : m.rights) {
    out += "(right " + r.id + " " + Quote(r.name) + " level=" + r.level.text + " apply=" + r.apply_mode.text + "\n";
    if (r.grant) {
      out += "  (granted_by " + Quote(r.grant->status) + (r.grant->any_member ? " any_member" : "");
      for (const auto& a : r.grant->assumes) {
        out += " (assume " + a.let + " " + (a.value ? Print(*a.value) : "_") + " " + Quote(a.sentence) + ")";
      }
      out += ")\n";
    }
    for (const auto& route : r.routes) {
      out += "  (route " + route.mode.text + " " + Quote(route.text) + " " + (route.when ? Print(*route.when) : "_") +
             ")\n";
    }
    for (const auto& l : r.lets) out += "  (let " + l.name + " " + (l.value ? Print(*l.value) : "_") + ")\n";
    for (const auto& c : r.conditions) {
      out += "  (condition " + c.name + " " + (c.test ? Print(*c.test) : "_");
      if (!c.presumed.empty()) out += " (presumed " + Quote(c.presumed) + " " + Quote(c.presumed_source) + ")";
      out += ")\n";
    }
    if (r.category) out += "  (category " + Print(*r.category) + ")\n";
    if (r.amount) {
      out += "  (amount " + std::string(r.amount->lower_bound ? "at_least " : "") + r.amount->period + " " +
             (r.amount->value ? Print(*r.amount->value) : "_") + ")\n";
    }
    out += ")\n";
  }
  return out;
}

}  // namespace rules::syntax
