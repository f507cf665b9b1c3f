// rules/syntax/ast.h
//
// The parsed form of a .rop file, before names are resolved or types checked.
// Nodes keep their source span so every later diagnostic can name
// file:line:col. Produced by syntax::Parse, consumed by check::Check.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"

namespace rules::syntax {

enum class ExprKind {
  kInt,        // text = digits
  kMoney,      // text = decimal euros ("1314.20")
  kRate,       // text = percentage ("90", "2.5")
  kDate,       // text = "2025-02-01"
  kString,     // text = unescaped contents
  kBool,       // text = "true" / "false"
  kName,       // segments = dotted name ("housing", "rent_monthly")
  kCall,       // segments = callee: function name, or receiver path + method name; args = arguments
  kList,       // args = elements ("in" right-hand side)
  kUnary,      // text = "-" / "not"; args[0]
  kBinary,     // text = operator ("+", "and", "<=", "in", ...); args[0], args[1]
  kIf,         // args = condition, then, else
  kCase,       // args = when1, then1, when2, then2, ..., else
  kAggregate,  // text = count/any/all/sum/max/min; binder; args = collection, filter (or null), value (or null)
};

struct Expr {
  ExprKind kind;
  base::SourceSpan span;
  std::string text;
  std::vector<std::string> segments;
  std::string binder;
  std::vector<std::unique_ptr<Expr>> args;  // may hold nullptr for absent optional parts
  std::string source_text;                  // the expression as written, for explanations
  int depth = 1;                            // operator-chain depth, bounded by the parser
};
using ExprPtr = std::unique_ptr<Expr>;

struct ParameterValue {
  base::SourceSpan span;
  std::string from;  // ISO date as written
  ExprPtr value;     // a literal
  std::string source;
};

struct Parameter {
  base::SourceSpan span;
  std::string name;  // dotted
  std::string type;  // money | int | rate | bool
  std::string period;  // "", "month", "year"
  std::string label;
  std::vector<ParameterValue> values;
  std::string until;  // ISO date or empty
  // `indexed source "..."`: the value never decreases (the source says so), so
  // after `until` the last value is a lower bound rather than unknown.
  std::string indexed_source;
  base::SourceSpan indexed_span;
};

struct Define {
  base::SourceSpan span;
  bool per_person = false;
  std::string name;
  std::string label;
  ExprPtr value;
};

struct Let {
  base::SourceSpan span;
  std::string name;
  std::string label;
  ExprPtr value;
};

struct Condition {
  base::SourceSpan span;
  std::string name;
  std::string text_true;
  std::string text_false;
  // `presumed "sentence" source "..."`: an unknown test counts as true, and the
  // result lists the sentence as an assumption.
  std::string presumed;
  std::string presumed_source;
  ExprPtr test;
};

struct Amount {
  base::SourceSpan span;
  std::string period;  // month | year | once
  bool lower_bound = false;
  ExprPtr value;
};

struct Source {
  std::string citation;
  std::string url;
};

struct Word {
  base::SourceSpan span;
  std::string text;
};

// `assume <let> = <expr> "sentence"` under granted_by.
struct Assume {
  base::SourceSpan span;
  std::string let;
  ExprPtr value;
  std::string sentence;
};

// `granted_by status "leefloon" [for any member]`.
struct Grant {
  base::SourceSpan span;
  std::string status;
  bool any_member = false;
  std::vector<Assume> assumes;
};

// `route <mode> "text" when <expr>`: a grant mode that applies to some households.
struct Route {
  base::SourceSpan span;
  Word mode;
  std::string text;
  ExprPtr when;
};

struct Right {
  base::SourceSpan span;
  std::string id;
  std::string name;
  Word level;
  std::string authority;
  std::vector<Word> themes;
  std::vector<Word> targets;
  Word apply_mode;
  std::string apply_text;
  std::string summary;
  std::vector<Source> sources;
  Word municipality;          // the NIS code ("71066"); empty: not a local right
  bool municipality_quoted = false;  // written as a quoted text (a name), which the checker refuses
  Word spec_id;  // the catalogue id a local variant implements; empty: the right's own id
  std::vector<Word> depends_on;
  std::optional<Grant> grant;
  std::vector<Route> routes;
  std::vector<Let> lets;
  std::vector<Condition> conditions;
  ExprPtr category;
  std::optional<Amount> amount;
};

// One parsed file.
struct Module {
  std::string file;
  std::vector<Parameter> parameters;
  std::vector<Define> defines;
  std::vector<Right> rights;
};

// Writes the AST as an indented S-expression (the `dump --stage=ast` format).
std::string Print(const Module& module);
std::string Print(const Expr& expr);

}  // namespace rules::syntax
