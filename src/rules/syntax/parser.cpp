// rules/syntax/parser.cpp — the PEGTL grammar of the rule language and the
// actions that build the AST. Grammar rules named expect_* must match once
// their construct has started; each carries a hand-written message (below).
#include "rules/syntax/parser.h"

#include <algorithm>
#include <tao/pegtl.hpp>
#include <type_traits>

#include "base/utf8.h"

namespace rules::syntax {
namespace {

namespace pegtl = tao::pegtl;

// ---------------------------------------------------------------- grammar --
namespace grammar {
using namespace tao::pegtl;

struct comment : seq<one<'#'>, until<eolf>> {};
struct blank : sor<space, comment> {};
struct sp : star<blank> {};

struct id_first : sor<alpha, one<'_'>> {};
struct id_rest : sor<alnum, one<'_'>> {};
template <typename Str>
struct key : seq<Str, not_at<id_rest>> {};

struct kw_and : key<TAO_PEGTL_STRING("and")> {};
struct kw_or : key<TAO_PEGTL_STRING("or")> {};
struct kw_not : key<TAO_PEGTL_STRING("not")> {};
struct kw_if : key<TAO_PEGTL_STRING("if")> {};
struct kw_then : key<TAO_PEGTL_STRING("then")> {};
struct kw_else : key<TAO_PEGTL_STRING("else")> {};
struct kw_case : key<TAO_PEGTL_STRING("case")> {};
struct kw_when : key<TAO_PEGTL_STRING("when")> {};
struct kw_end : key<TAO_PEGTL_STRING("end")> {};
struct kw_in : key<TAO_PEGTL_STRING("in")> {};
struct kw_where : key<TAO_PEGTL_STRING("where")> {};
struct kw_true : key<TAO_PEGTL_STRING("true")> {};
struct kw_false : key<TAO_PEGTL_STRING("false")> {};
struct reserved
    : sor<kw_and, kw_or, kw_not, kw_if, kw_then, kw_else, kw_case, kw_when, kw_end, kw_in, kw_where, kw_true, kw_false> {
};

struct identifier : seq<not_at<reserved>, id_first, star<id_rest>> {};
struct dotted : seq<identifier, star<one<'.'>, identifier>> {};

// Literals.
struct digits : plus<digit> {};
struct decimal : seq<digits, opt<one<'.'>, digits>> {};
struct date_lit : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>, not_at<id_rest>> {};
struct rate_lit : seq<decimal, one<'%'>> {};
struct euro_sign : sor<TAO_PEGTL_STRING("€"), key<TAO_PEGTL_STRING("EUR")>> {};
struct money_amount : seq<opt<one<'-'>>, decimal> {};
struct expect_money_amount : money_amount {};
struct money_lit : seq<euro_sign, star<one<' '>>, expect_money_amount, not_at<id_rest>> {};
struct int_lit : seq<digits, not_at<sor<id_rest, one<'.'>>>> {};
struct bad_number : seq<digits, one<'.'>, digits, not_at<one<'%'>>> {};
struct expect_string_end : one<'"'> {};
// Control characters (tab aside) never belong in a string: the parser uses
// \x01 internally to mark a source's URL, and a NUL hides text.
struct control_char : ranges<'\x00', '\x08', '\x0a', '\x1f', '\x7f'> {};
struct string_char : sor<seq<one<'\\'>, not_at<control_char>, any>, seq<not_at<control_char>, not_one<'"'>>> {};
struct string_body : star<string_char> {};
struct string_lit : seq<one<'"'>, string_body, expect_string_end> {};
struct bool_lit : sor<kw_true, kw_false> {};

struct expr;
struct expect_expr : seq<expr> {};
struct expect_rparen : one<')'> {};
struct expect_rbracket : one<']'> {};
struct expect_then : seq<kw_then> {};
struct expect_else : seq<kw_else> {};
struct expect_end : seq<kw_end> {};
struct expect_when_or_else : at<sor<kw_when, kw_else>> {};

struct paren : seq<one<'('>, sp, expect_expr, sp, expect_rparen> {};

struct call_open : one<'('> {};
struct call_args : opt<not_at<one<')'>>, expect_expr, sp, star<one<','>, sp, expect_expr, sp>> {};
struct call_form : seq<dotted, call_open, sp, call_args, expect_rparen> {};
struct name_form : dotted {};

struct agg_kw : sor<key<TAO_PEGTL_STRING("count")>, key<TAO_PEGTL_STRING("any")>, key<TAO_PEGTL_STRING("all")>,
                    key<TAO_PEGTL_STRING("sum")>, key<TAO_PEGTL_STRING("max")>, key<TAO_PEGTL_STRING("min")>> {};
struct agg_start : seq<agg_kw, sp, one<'('>, sp, identifier, sp, kw_in> {};
struct agg_where : seq<kw_where, sp, expect_expr, sp> {};
struct agg_value : seq<one<':'>, sp, expect_expr, sp> {};
struct aggregate : seq<agg_start, sp, expect_expr, sp, opt<agg_where>, opt<agg_value>, expect_rparen> {};

struct list_open : one<'['> {};
struct list_lit : seq<list_open, sp, opt<expect_expr, sp, star<one<','>, sp, expect_expr, sp>>, expect_rbracket> {};

struct if_expr : seq<kw_if, sp, expect_expr, sp, expect_then, sp, expect_expr, sp, expect_else, sp, expect_expr> {};
struct case_start : kw_case {};
struct case_arm : seq<kw_when, sp, expect_expr, sp, expect_then, sp, expect_expr, sp> {};
struct case_expr
    : seq<case_start, sp, plus<case_arm>, expect_when_or_else, expect_else, sp, expect_expr, sp, expect_end> {};

struct literal : sor<date_lit, rate_lit, money_lit, int_lit, string_lit, bool_lit> {};
struct primary : sor<paren, if_expr, case_expr, aggregate, literal, list_lit, call_form, name_form> {};

struct unary;
struct neg : seq<one<'-'>, sp, unary> {};
struct unary : sor<neg, primary> {};
struct expect_unary : seq<unary> {};

struct mul_op : one<'*', '/'> {};
struct mul_tail : seq<mul_op, sp, expect_unary, sp> {};
struct mul_expr : seq<unary, sp, star<mul_tail>> {};
struct expect_mul : seq<mul_expr> {};
struct add_op : one<'+', '-'> {};
struct add_tail : seq<add_op, sp, expect_mul, sp> {};
struct add_expr : seq<mul_expr, star<add_tail>> {};
struct expect_add : seq<add_expr> {};
struct cmp_op : sor<TAO_PEGTL_STRING("=="), TAO_PEGTL_STRING("!="), TAO_PEGTL_STRING("<="), TAO_PEGTL_STRING(">="),
                    one<'<'>, one<'>'>> {};
struct cmp_tail : seq<cmp_op, sp, expect_add> {};
struct in_tail : seq<kw_in, sp, expect_add> {};
struct cmp_expr : seq<add_expr, opt<sor<cmp_tail, in_tail>>, sp> {};
struct not_expr;
struct expect_not : seq<not_expr> {};
struct not_op : seq<kw_not, sp, expect_not> {};
struct not_expr : sor<not_op, cmp_expr> {};
struct and_tail : seq<kw_and, sp, expect_not, sp> {};
struct and_expr : seq<not_expr, star<and_tail>> {};
struct expect_and : seq<and_expr> {};
struct or_tail : seq<kw_or, sp, expect_and, sp> {};
struct or_expr : seq<and_expr, star<or_tail>> {};
struct expr : seq<or_expr> {};

// Declarations.
struct expect_identifier : identifier {};
struct expect_dotted : dotted {};
struct expect_string : string_lit {};
struct expect_colon : one<':'> {};
struct expect_equals : one<'='> {};
struct expect_lbrace : one<'{'> {};
struct expect_date : date_lit {};

struct type_name : sor<key<TAO_PEGTL_STRING("money")>, key<TAO_PEGTL_STRING("int")>, key<TAO_PEGTL_STRING("rate")>,
                       key<TAO_PEGTL_STRING("bool")>> {};
struct expect_type : type_name {};
struct period_name : sor<key<TAO_PEGTL_STRING("month")>, key<TAO_PEGTL_STRING("year")>> {};
struct expect_period_name : period_name {};
struct per_clause : seq<key<TAO_PEGTL_STRING("per")>, sp, expect_period_name> {};

struct label : string_lit {};
struct param_source : seq<key<TAO_PEGTL_STRING("source")>, sp, expect_string> {};
struct value_line
    : seq<key<TAO_PEGTL_STRING("from")>, sp, expect_date, sp, expect_equals, sp, expect_expr, sp, opt<param_source, sp>> {};
struct until_line : seq<key<TAO_PEGTL_STRING("until")>, sp, expect_date, sp> {};
struct expect_value_line : seq<value_line> {};
struct param_head : seq<key<TAO_PEGTL_STRING("parameter")>, sp, expect_dotted, sp, expect_colon, sp, expect_type, sp,
                        opt<per_clause, sp>, opt<label, sp>> {};
struct expect_source_kw : key<TAO_PEGTL_STRING("source")> {};
struct indexed_line : seq<key<TAO_PEGTL_STRING("indexed")>, sp, expect_source_kw, sp, expect_string, sp> {};
struct parameter_decl : seq<param_head, opt<indexed_line>, expect_value_line, star<value_line>, opt<until_line>> {};

struct define_head : seq<key<TAO_PEGTL_STRING("define")>, sp, expect_dotted, sp, opt<label, sp>> {};
struct define_decl : seq<define_head, expect_equals, sp, expect_expr> {};

struct word : identifier {};
struct word_list : seq<word, sp, star<one<','>, sp, word, sp>> {};
struct expect_word_list : seq<word_list> {};
struct expect_word : seq<word> {};

template <typename Str>
struct text_clause : seq<key<Str>, sp, expect_string> {};
struct name_clause : text_clause<TAO_PEGTL_STRING("name")> {};
struct authority_clause : text_clause<TAO_PEGTL_STRING("authority")> {};
struct summary_clause : text_clause<TAO_PEGTL_STRING("summary")> {};
// municipality 71066: the NIS code. A quoted name (the old form) is read only
// to say what to write instead (check.cpp).
struct municipality_code : seq<plus<digit>, not_at<id_rest>> {};
struct municipality_name_lit : string_lit {};
struct expect_municipality : sor<municipality_code, municipality_name_lit> {};
struct municipality_clause : seq<key<TAO_PEGTL_STRING("municipality")>, sp, expect_municipality> {};
struct source_url : string_lit {};
struct source_clause : seq<key<TAO_PEGTL_STRING("source")>, sp, expect_string, sp, opt<source_url>> {};
struct level_clause : seq<key<TAO_PEGTL_STRING("level")>, sp, expect_word> {};
struct spec_id_clause : seq<key<TAO_PEGTL_STRING("spec_id")>, sp, expect_word> {};
struct themes_clause : seq<key<TAO_PEGTL_STRING("themes")>, sp, expect_word_list> {};
struct targets_clause : seq<key<TAO_PEGTL_STRING("targets")>, sp, expect_word_list> {};
struct depends_clause : seq<key<TAO_PEGTL_STRING("depends_on")>, sp, expect_word_list> {};
struct apply_clause : seq<key<TAO_PEGTL_STRING("apply")>, sp, expect_word, sp, expect_string> {};
struct let_head : seq<key<TAO_PEGTL_STRING("let")>, sp, expect_identifier, sp, opt<label, sp>> {};
struct let_clause : seq<let_head, expect_equals, sp, expect_expr> {};
struct else_text : seq<kw_else, sp, expect_string> {};
struct presumed_clause
    : seq<key<TAO_PEGTL_STRING("presumed")>, sp, expect_string, sp, expect_source_kw, sp, expect_string, sp> {};
struct condition_head : seq<key<TAO_PEGTL_STRING("condition")>, sp, expect_identifier, sp, expect_string, sp,
                            opt<else_text, sp>, opt<presumed_clause>> {};
struct condition_clause : seq<condition_head, expect_colon, sp, expect_expr> {};
struct category_clause : seq<key<TAO_PEGTL_STRING("category")>, sp, expect_equals, sp, expect_expr> {};
struct at_least : key<TAO_PEGTL_STRING("at_least")> {};
struct once : key<TAO_PEGTL_STRING("once")> {};
struct expect_amount_period : sor<per_clause, once> {};
struct amount_head : seq<key<TAO_PEGTL_STRING("amount")>, sp, opt<at_least, sp>, expect_amount_period, sp> {};
struct amount_clause : seq<amount_head, expect_equals, sp, expect_expr> {};

struct expect_status_kw : key<TAO_PEGTL_STRING("status")> {};
struct any_member
    : seq<key<TAO_PEGTL_STRING("for")>, sp, key<TAO_PEGTL_STRING("any")>, sp, key<TAO_PEGTL_STRING("member")>> {};
struct granted_head : seq<key<TAO_PEGTL_STRING("granted_by")>, sp, expect_status_kw, sp, expect_string> {};
struct assume_name : identifier {};
struct expect_assume_name : seq<assume_name> {};
struct assume_line : seq<key<TAO_PEGTL_STRING("assume")>, sp, expect_assume_name, sp, expect_equals, sp, expect_expr,
                         sp, expect_string> {};
struct granted_clause : seq<granted_head, opt<sp, any_member>, star<sp, assume_line>> {};
struct expect_when_kw : kw_when {};
struct route_clause
    : seq<key<TAO_PEGTL_STRING("route")>, sp, expect_word, sp, expect_string, sp, expect_when_kw, sp, expect_expr> {};
struct clause : sor<name_clause, level_clause, authority_clause, themes_clause, targets_clause, apply_clause,
                    granted_clause, route_clause, summary_clause, source_clause, municipality_clause, spec_id_clause,
                    depends_clause, let_clause, condition_clause, category_clause, amount_clause> {};
struct expect_clause_or_rbrace : one<'}'> {};
struct right_head : seq<key<TAO_PEGTL_STRING("right")>, sp, expect_identifier, sp, expect_lbrace> {};
struct right_decl : seq<right_head, sp, star<clause, sp>, expect_clause_or_rbrace> {};

struct declaration : sor<parameter_decl, define_decl, right_decl> {};
struct expect_eof : eof {};
struct chunk : seq<sp, star<declaration, sp>, expect_eof> {};
struct preamble : seq<sp, expect_eof> {};

}  // namespace grammar

// ------------------------------------------------------- error messages --
template <typename Rule>
inline constexpr const char* kError = nullptr;
#define RECHTOP_ERROR(rule, text) \
  template <>                     \
  inline constexpr const char* kError<grammar::rule> = text;
RECHTOP_ERROR(expect_expr, "expected an expression")
RECHTOP_ERROR(expect_unary, "expected a value after the operator")
RECHTOP_ERROR(expect_mul, "expected a value after the operator")
RECHTOP_ERROR(expect_add, "expected a value after the comparison")
RECHTOP_ERROR(expect_not, "expected a condition after 'not' or 'and'")
RECHTOP_ERROR(expect_and, "expected a condition after 'or'")
RECHTOP_ERROR(expect_rparen, "expected ')'")
RECHTOP_ERROR(expect_rbracket, "expected ']'")
RECHTOP_ERROR(expect_then, "expected 'then'")
RECHTOP_ERROR(expect_else, "expected 'else'")
RECHTOP_ERROR(expect_end, "expected 'end' to close 'case'")
RECHTOP_ERROR(expect_when_or_else, "expected 'when' or 'else'")
RECHTOP_ERROR(expect_money_amount, "expected an amount after the euro sign, like €1314.20")
RECHTOP_ERROR(expect_string_end, "unterminated text: missing closing '\"'")
RECHTOP_ERROR(expect_identifier, "expected a name")
RECHTOP_ERROR(expect_dotted, "expected a name")
RECHTOP_ERROR(expect_string, "expected a quoted text")
RECHTOP_ERROR(expect_colon, "expected ':'")
RECHTOP_ERROR(expect_equals, "expected '='")
RECHTOP_ERROR(expect_lbrace, "expected '{' after the right's id")
RECHTOP_ERROR(expect_date, "expected a date like 2025-01-01")
RECHTOP_ERROR(expect_type, "expected a type: money, int, rate or bool")
RECHTOP_ERROR(expect_period_name, "expected 'month' or 'year' after 'per'")
RECHTOP_ERROR(expect_amount_period, "expected 'per month', 'per year' or 'once' after 'amount'")
RECHTOP_ERROR(expect_value_line, "expected a dated value: from 2025-01-01 = ...")
RECHTOP_ERROR(expect_word, "expected a word")
RECHTOP_ERROR(expect_municipality, "expected the municipality's NIS code, like municipality 71066")
RECHTOP_ERROR(expect_word_list, "expected a comma-separated list of words")
RECHTOP_ERROR(expect_clause_or_rbrace,
              "expected a clause (name, level, authority, themes, targets, apply, granted_by, route, summary, "
              "source, municipality, spec_id, depends_on, let, condition, category, amount) or '}'")
RECHTOP_ERROR(expect_source_kw, "expected 'source' and a quoted text that says why")
RECHTOP_ERROR(expect_status_kw, "expected 'status' and the status' name: granted_by status \"leefloon\"")
RECHTOP_ERROR(expect_assume_name, "expected the name of a let of this right")
RECHTOP_ERROR(expect_when_kw, "expected 'when' and the condition under which this route applies")
RECHTOP_ERROR(expect_eof, "expected 'right', 'parameter' or 'define'")
#undef RECHTOP_ERROR

struct ErrorTable {
  template <typename Rule>
  static constexpr const char* message = kError<Rule>;
};
// Nesting is bounded so that neither the parser nor the later recursive
// passes can exhaust the stack on hostile input.
constexpr int kMaxDepth = 200;
struct State;
void EnterNesting(const pegtl::position& at, State& st);
void LeaveNesting(State& st);

template <typename Rule>
struct Control : pegtl::must_if<ErrorTable, pegtl::normal, false>::control<Rule> {
  static constexpr bool kNests = std::is_same_v<Rule, grammar::expr> || std::is_same_v<Rule, grammar::unary> ||
                                 std::is_same_v<Rule, grammar::not_expr>;
  template <typename Input, typename... States>
  static void start(const Input& in, States&... st) {
    if constexpr (kNests) (EnterNesting(in.position(), st), ...);
  }
  template <typename Input, typename... States>
  static void success(const Input&, States&... st) {
    if constexpr (kNests) (LeaveNesting(st), ...);
  }
  template <typename Input, typename... States>
  static void failure(const Input& in, States&... st) {
    if constexpr (kNests) (LeaveNesting(st), ...);
    pegtl::must_if<ErrorTable, pegtl::normal, false>::control<Rule>::failure(in, st...);
  }
};

// ------------------------------------------------------------- actions --
struct AggFrame {
  size_t mark;
  std::string kind;
  std::string binder;
  base::SourceSpan span;
  bool has_where = false;
  bool has_value = false;
};

struct State {
  std::string file;
  int depth = 0;
  Module* module = nullptr;
  std::vector<ExprPtr> exprs;
  std::vector<size_t> marks;
  std::vector<AggFrame> aggs;
  std::vector<std::string> strings;
  std::vector<Word> words;
  std::string dotted_name;
  base::SourceSpan dotted_span;
  std::string label;  // optional label of the current head, empty if none
  std::string presumed, presumed_source;  // of the condition being parsed
  Right right;
  Parameter parameter;
  Define define;

  ExprPtr Pop() {
    ExprPtr e = std::move(exprs.back());
    exprs.pop_back();
    return e;
  }
  std::string PopString() {
    std::string s = std::move(strings.back());
    strings.pop_back();
    return s;
  }
};

void EnterNesting(const pegtl::position& at, State& st) {
  if (++st.depth > kMaxDepth) {
    throw pegtl::parse_error("expression nested more than " + std::to_string(kMaxDepth) + " levels deep", at);
  }
}
void LeaveNesting(State& st) { --st.depth; }

template <typename Input>
base::SourceSpan SpanOf(const Input& in, const State& st) {
  auto p = in.position();
  return {st.file, static_cast<int>(p.line), static_cast<int>(p.column)};
}

ExprPtr MakeExpr(ExprKind kind, base::SourceSpan span, std::string text = {}) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->span = std::move(span);
  e->text = std::move(text);
  return e;
}

std::vector<std::string> SplitDots(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string Unescape(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) {
      ++i;
      out += raw[i] == 'n' ? '\n' : raw[i];
    } else {
      out += raw[i];
    }
  }
  return out;
}

// The expression's text without the blanks and comments the grammar
// consumed after its last token.
std::string Trim(std::string s) {
  while (true) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    size_t line_start = s.rfind('\n');
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    bool in_text = false;
    size_t comment = std::string::npos;
    for (size_t i = line_start; i < s.size(); ++i) {
      if (s[i] == '"' && (i == 0 || s[i - 1] != '\\')) in_text = !in_text;
      if (s[i] == '#' && !in_text) {
        comment = i;
        break;
      }
    }
    if (comment == std::string::npos) return s;
    s.resize(comment);
  }
}

template <typename Rule>
struct Action : pegtl::nothing<Rule> {};

#define RECHTOP_ACTION(rule) \
  template <>                \
  struct Action<grammar::rule>
#define RECHTOP_APPLY \
  template <typename Input>  \
  static void apply([[maybe_unused]] const Input& in, State& st)

// Literals push one node each.
RECHTOP_ACTION(date_lit) {
  RECHTOP_APPLY { st.exprs.push_back(MakeExpr(ExprKind::kDate, SpanOf(in, st), in.string())); }
};
RECHTOP_ACTION(rate_lit) {
  RECHTOP_APPLY {
    std::string s = in.string();
    st.exprs.push_back(MakeExpr(ExprKind::kRate, SpanOf(in, st), s.substr(0, s.size() - 1)));
  }
};
RECHTOP_ACTION(expect_money_amount) {
  RECHTOP_APPLY { st.strings.push_back(in.string()); }
};
RECHTOP_ACTION(money_lit) {
  RECHTOP_APPLY { st.exprs.push_back(MakeExpr(ExprKind::kMoney, SpanOf(in, st), st.PopString())); }
};
RECHTOP_ACTION(int_lit) {
  RECHTOP_APPLY { st.exprs.push_back(MakeExpr(ExprKind::kInt, SpanOf(in, st), in.string())); }
};
RECHTOP_ACTION(string_body) {
  RECHTOP_APPLY { st.strings.push_back(Unescape(in.string_view())); }
};
RECHTOP_ACTION(bool_lit) {
  RECHTOP_APPLY { st.exprs.push_back(MakeExpr(ExprKind::kBool, SpanOf(in, st), in.string())); }
};
RECHTOP_ACTION(literal) {
  RECHTOP_APPLY {
    // A string literal in expression position becomes a node here; the other
    // literal kinds pushed their node already.
    if (in.peek_char() == '"') {
      st.exprs.push_back(MakeExpr(ExprKind::kString, SpanOf(in, st), st.PopString()));
    }
  }
};

RECHTOP_ACTION(name_form) {
  RECHTOP_APPLY {
    auto e = MakeExpr(ExprKind::kName, SpanOf(in, st));
    e->segments = SplitDots(in.string_view());
    e->source_text = in.string();
    st.exprs.push_back(std::move(e));
  }
};
RECHTOP_ACTION(call_open) {
  RECHTOP_APPLY { st.marks.push_back(st.exprs.size()); }
};
RECHTOP_ACTION(call_form) {
  RECHTOP_APPLY {
    auto e = MakeExpr(ExprKind::kCall, SpanOf(in, st));
    std::string_view text = in.string_view();
    e->segments = SplitDots(text.substr(0, text.find('(')));
    size_t mark = st.marks.back();
    st.marks.pop_back();
    for (size_t i = mark; i < st.exprs.size(); ++i) e->args.push_back(std::move(st.exprs[i]));
    st.exprs.resize(mark);
    e->source_text = in.string();
    st.exprs.push_back(std::move(e));
  }
};

RECHTOP_ACTION(agg_start) {
  RECHTOP_APPLY {
    std::string_view text = in.string_view();
    size_t kind_end = 0;
    while (kind_end < text.size() && std::isalpha(static_cast<unsigned char>(text[kind_end]))) ++kind_end;
    size_t open = text.find('(');
    size_t b = open + 1;
    while (std::isspace(static_cast<unsigned char>(text[b]))) ++b;
    size_t e = b;
    while (e < text.size() && (std::isalnum(static_cast<unsigned char>(text[e])) || text[e] == '_')) ++e;
    st.aggs.push_back({st.exprs.size(), std::string(text.substr(0, kind_end)), std::string(text.substr(b, e - b)),
                       SpanOf(in, st)});
  }
};
RECHTOP_ACTION(agg_where) {
  RECHTOP_APPLY { st.aggs.back().has_where = true; }
};
RECHTOP_ACTION(agg_value) {
  RECHTOP_APPLY { st.aggs.back().has_value = true; }
};
RECHTOP_ACTION(aggregate) {
  RECHTOP_APPLY {
    AggFrame frame = std::move(st.aggs.back());
    st.aggs.pop_back();
    auto e = MakeExpr(ExprKind::kAggregate, frame.span, frame.kind);
    e->binder = frame.binder;
    ExprPtr value = frame.has_value ? st.Pop() : nullptr;
    ExprPtr filter = frame.has_where ? st.Pop() : nullptr;
    ExprPtr collection = st.Pop();
    e->args.push_back(std::move(collection));
    e->args.push_back(std::move(filter));
    e->args.push_back(std::move(value));
    e->source_text = in.string();
    st.exprs.push_back(std::move(e));
  }
};

RECHTOP_ACTION(list_open) {
  RECHTOP_APPLY { st.marks.push_back(st.exprs.size()); }
};
RECHTOP_ACTION(list_lit) {
  RECHTOP_APPLY {
    auto e = MakeExpr(ExprKind::kList, SpanOf(in, st));
    size_t mark = st.marks.back();
    st.marks.pop_back();
    for (size_t i = mark; i < st.exprs.size(); ++i) e->args.push_back(std::move(st.exprs[i]));
    st.exprs.resize(mark);
    st.exprs.push_back(std::move(e));
  }
};

RECHTOP_ACTION(if_expr) {
  RECHTOP_APPLY {
    auto e = MakeExpr(ExprKind::kIf, SpanOf(in, st));
    ExprPtr otherwise = st.Pop(), then = st.Pop(), test = st.Pop();
    e->args.push_back(std::move(test));
    e->args.push_back(std::move(then));
    e->args.push_back(std::move(otherwise));
    st.exprs.push_back(std::move(e));
  }
};
RECHTOP_ACTION(case_start) {
  RECHTOP_APPLY { st.marks.push_back(st.exprs.size()); }
};
RECHTOP_ACTION(case_expr) {
  RECHTOP_APPLY {
    auto e = MakeExpr(ExprKind::kCase, SpanOf(in, st));
    size_t mark = st.marks.back();
    st.marks.pop_back();
    for (size_t i = mark; i < st.exprs.size(); ++i) e->args.push_back(std::move(st.exprs[i]));
    st.exprs.resize(mark);
    st.exprs.push_back(std::move(e));
  }
};

RECHTOP_ACTION(neg) {
  RECHTOP_APPLY {
    auto e = MakeExpr(ExprKind::kUnary, SpanOf(in, st), "-");
    e->args.push_back(st.Pop());
    st.exprs.push_back(std::move(e));
  }
};
RECHTOP_ACTION(not_op) {
  RECHTOP_APPLY {
    auto e = MakeExpr(ExprKind::kUnary, SpanOf(in, st), "not");
    e->args.push_back(st.Pop());
    st.exprs.push_back(std::move(e));
  }
};

template <typename Input>
void MakeBinary(const Input& in, State& st, std::string op) {
  ExprPtr right = st.Pop();
  ExprPtr left = st.Pop();
  // Operator chains (a + b + c ...) nest to the left without recursion in
  // the grammar, so their depth is counted here.
  int depth = std::max(left->depth, right->depth) + 1;
  if (depth > kMaxDepth) {
    throw pegtl::parse_error("expression nested more than " + std::to_string(kMaxDepth) + " levels deep",
                             in.position());
  }
  auto e = MakeExpr(ExprKind::kBinary, SpanOf(in, st), std::move(op));
  e->depth = depth;
  e->args.push_back(std::move(left));
  e->args.push_back(std::move(right));
  st.exprs.push_back(std::move(e));
}

RECHTOP_ACTION(mul_tail) {
  RECHTOP_APPLY { MakeBinary(in, st, std::string(1, in.peek_char())); }
};
RECHTOP_ACTION(add_tail) {
  RECHTOP_APPLY { MakeBinary(in, st, std::string(1, in.peek_char())); }
};
RECHTOP_ACTION(cmp_tail) {
  RECHTOP_APPLY {
    std::string_view text = in.string_view();
    size_t n = (text.size() > 1 && text[1] == '=') ? 2 : 1;
    MakeBinary(in, st, std::string(text.substr(0, n)));
  }
};
RECHTOP_ACTION(in_tail) {
  RECHTOP_APPLY { MakeBinary(in, st, "in"); }
};
RECHTOP_ACTION(and_tail) {
  RECHTOP_APPLY { MakeBinary(in, st, "and"); }
};
RECHTOP_ACTION(or_tail) {
  RECHTOP_APPLY { MakeBinary(in, st, "or"); }
};
RECHTOP_ACTION(expr) {
  RECHTOP_APPLY {
    if (!st.exprs.empty() && st.exprs.back()->source_text.empty()) st.exprs.back()->source_text = Trim(in.string());
  }
};

// Declarations.
RECHTOP_ACTION(expect_dotted) {
  RECHTOP_APPLY {
    st.dotted_name = in.string();
    st.dotted_span = SpanOf(in, st);
  }
};
RECHTOP_ACTION(expect_identifier) {
  RECHTOP_APPLY {
    st.dotted_name = in.string();
    st.dotted_span = SpanOf(in, st);
  }
};
RECHTOP_ACTION(label) {
  RECHTOP_APPLY { st.label = st.PopString(); }
};
RECHTOP_ACTION(expect_type) {
  RECHTOP_APPLY { st.parameter.type = in.string(); }
};
RECHTOP_ACTION(expect_period_name) {
  RECHTOP_APPLY { st.strings.push_back(in.string()); }
};
RECHTOP_ACTION(param_head) {
  RECHTOP_APPLY {
    st.parameter.span = SpanOf(in, st);
    st.parameter.name = st.dotted_name;
    st.parameter.period = st.strings.empty() ? "" : st.PopString();
    st.parameter.label = std::exchange(st.label, {});
  }
};
RECHTOP_ACTION(expect_date) {
  RECHTOP_APPLY { st.strings.push_back(in.string()); }
};
RECHTOP_ACTION(value_line) {
  RECHTOP_APPLY {
    ParameterValue v;
    v.span = SpanOf(in, st);
    v.value = st.Pop();
    // strings: [date, (source)]
    bool has_source = st.strings.size() >= 2;  // [from-date, source]
    if (has_source) v.source = st.PopString();
    v.from = st.PopString();
    st.parameter.values.push_back(std::move(v));
  }
};
RECHTOP_ACTION(indexed_line){RECHTOP_APPLY{st.parameter.indexed_span = SpanOf(in, st);
st.parameter.indexed_source = st.PopString();
}
}
;
RECHTOP_ACTION(until_line) {
  RECHTOP_APPLY { st.parameter.until = st.PopString(); }
};
RECHTOP_ACTION(parameter_decl) {
  RECHTOP_APPLY {
    (void)in;
    st.module->parameters.push_back(std::move(st.parameter));
    st.parameter = Parameter{};
  }
};

RECHTOP_ACTION(define_head) {
  RECHTOP_APPLY {
    Define d;
    d.span = SpanOf(in, st);
    d.name = st.dotted_name;
    if (d.name.rfind("person.", 0) == 0) {
      d.per_person = true;
      d.name = d.name.substr(7);
    }
    d.label = std::exchange(st.label, {});
    st.define = std::move(d);
  }
};
RECHTOP_ACTION(define_decl) {
  RECHTOP_APPLY {
    (void)in;
    st.define.value = st.Pop();
    st.module->defines.push_back(std::move(st.define));
  }
};

RECHTOP_ACTION(word) {
  RECHTOP_APPLY { st.words.push_back({SpanOf(in, st), in.string()}); }
};
RECHTOP_ACTION(name_clause) {
  RECHTOP_APPLY {
    (void)in;
    st.right.name = st.PopString();
  }
};
RECHTOP_ACTION(authority_clause) {
  RECHTOP_APPLY {
    (void)in;
    st.right.authority = st.PopString();
  }
};
RECHTOP_ACTION(summary_clause) {
  RECHTOP_APPLY {
    (void)in;
    st.right.summary = st.PopString();
  }
};
RECHTOP_ACTION(municipality_code) {
  RECHTOP_APPLY {
    st.right.municipality = {SpanOf(in, st), in.string()};
    st.right.municipality_quoted = false;
  }
};
RECHTOP_ACTION(municipality_name_lit) {
  RECHTOP_APPLY {
    st.right.municipality = {SpanOf(in, st), st.PopString()};
    st.right.municipality_quoted = true;
  }
};
RECHTOP_ACTION(source_url) {
  RECHTOP_APPLY {
    (void)in;
    st.strings.back().insert(0, "\x01");  // marks the second string as the URL
  }
};
RECHTOP_ACTION(source_clause) {
  RECHTOP_APPLY {
    (void)in;
    Source s;
    if (!st.strings.empty() && !st.strings.back().empty() && st.strings.back()[0] == '\x01') {
      s.url = st.PopString().substr(1);
    }
    s.citation = st.PopString();
    if (s.url.empty() && s.citation.rfind("http", 0) == 0) std::swap(s.url, s.citation);
    st.right.sources.push_back(std::move(s));
  }
};
RECHTOP_ACTION(spec_id_clause) {
  RECHTOP_APPLY {
    (void)in;
    st.right.spec_id = std::move(st.words.back());
    st.words.pop_back();
  }
};
RECHTOP_ACTION(level_clause) {
  RECHTOP_APPLY {
    (void)in;
    st.right.level = std::move(st.words.back());
    st.words.pop_back();
  }
};
RECHTOP_ACTION(themes_clause) {
  RECHTOP_APPLY {
    (void)in;
    for (auto& w : st.words) st.right.themes.push_back(std::move(w));
    st.words.clear();
  }
};
RECHTOP_ACTION(targets_clause) {
  RECHTOP_APPLY {
    (void)in;
    for (auto& w : st.words) st.right.targets.push_back(std::move(w));
    st.words.clear();
  }
};
RECHTOP_ACTION(depends_clause) {
  RECHTOP_APPLY {
    (void)in;
    for (auto& w : st.words) st.right.depends_on.push_back(std::move(w));
    st.words.clear();
  }
};
RECHTOP_ACTION(apply_clause) {
  RECHTOP_APPLY {
    (void)in;
    st.right.apply_text = st.PopString();
    st.right.apply_mode = std::move(st.words.back());
    st.words.pop_back();
  }
};
RECHTOP_ACTION(granted_head){RECHTOP_APPLY{Grant g;
g.span = SpanOf(in, st);
g.status = st.PopString();
st.right.grant = std::move(g);
}
}
;
RECHTOP_ACTION(any_member){RECHTOP_APPLY{(void)in;
st.right.grant->any_member = true;
}
}
;
RECHTOP_ACTION(assume_name){RECHTOP_APPLY{st.words.push_back({SpanOf(in, st), in.string()});
}
}
;
RECHTOP_ACTION(assume_line){RECHTOP_APPLY{(void)in;
Assume a;
a.sentence = st.PopString();
a.value = st.Pop();
a.span = st.words.back().span;
a.let = std::move(st.words.back().text);
st.words.pop_back();
st.right.grant->assumes.push_back(std::move(a));
}
}
;
RECHTOP_ACTION(route_clause){RECHTOP_APPLY{Route r;
r.span = SpanOf(in, st);
r.when = st.Pop();
r.text = st.PopString();
r.mode = std::move(st.words.back());
st.words.pop_back();
st.right.routes.push_back(std::move(r));
}
}
;
RECHTOP_ACTION(let_head) {
  RECHTOP_APPLY {
    Let l;
    l.span = SpanOf(in, st);
    l.name = st.dotted_name;
    l.label = std::exchange(st.label, {});
    st.right.lets.push_back(std::move(l));
  }
};
RECHTOP_ACTION(let_clause) {
  RECHTOP_APPLY {
    (void)in;
    st.right.lets.back().value = st.Pop();
  }
};
RECHTOP_ACTION(presumed_clause){RECHTOP_APPLY{(void)in;
st.presumed_source = st.PopString();
st.presumed = st.PopString();
}
}
;
RECHTOP_ACTION(condition_head) {
  RECHTOP_APPLY {
    Condition c;
    c.span = SpanOf(in, st);
    c.presumed = std::exchange(st.presumed, {});
    c.presumed_source = std::exchange(st.presumed_source, {});
    c.name = st.dotted_name;
    bool has_else = st.strings.size() >= 2;  // [true text, false text]
    if (has_else) c.text_false = st.PopString();
    c.text_true = st.PopString();
    st.right.conditions.push_back(std::move(c));
  }
};
RECHTOP_ACTION(condition_clause) {
  RECHTOP_APPLY {
    (void)in;
    st.right.conditions.back().test = st.Pop();
  }
};
RECHTOP_ACTION(category_clause) {
  RECHTOP_APPLY {
    (void)in;
    st.right.category = st.Pop();
  }
};
RECHTOP_ACTION(amount_head) {
  RECHTOP_APPLY {
    Amount a;
    a.span = SpanOf(in, st);
    std::string_view text = in.string_view();
    a.lower_bound = text.find("at_least") != std::string_view::npos;
    a.period = text.find("once") != std::string_view::npos ? "once" : st.PopString();
    st.right.amount = std::move(a);
  }
};
RECHTOP_ACTION(amount_clause) {
  RECHTOP_APPLY {
    (void)in;
    st.right.amount->value = st.Pop();
  }
};
RECHTOP_ACTION(right_head) {
  RECHTOP_APPLY {
    st.right = Right{};
    st.right.span = SpanOf(in, st);
    st.right.id = st.dotted_name;
  }
};
RECHTOP_ACTION(right_decl) {
  RECHTOP_APPLY {
    (void)in;
    st.module->rights.push_back(std::move(st.right));
    st.right = Right{};
  }
};

#undef RECHTOP_ACTION
#undef RECHTOP_APPLY

// Top-level declarations start at column 1 with one of these words; the file
// is cut there so a syntax error costs only its own declaration.
bool StartsDeclaration(std::string_view line) {
  for (std::string_view word : {"right", "parameter", "define"}) {
    if (line.size() > word.size() && line.substr(0, word.size()) == word &&
        (line[word.size()] == ' ' || line[word.size()] == '\t')) {
      return true;
    }
  }
  return false;
}

template <typename Rule>
void ParseChunk(std::string_view text, size_t byte, size_t line, State& st, base::Diagnostics& diagnostics) {
  pegtl::memory_input<> in(text.data(), text.data() + text.size(), st.file, byte, line, 1);
  try {
    pegtl::parse<Rule, Action, Control>(in, st);
  } catch (const pegtl::parse_error& e) {
    const auto& p = e.positions().front();
    diagnostics.Error({st.file, static_cast<int>(p.line), static_cast<int>(p.column)}, std::string(e.message()));
  }
  // Drop whatever a failed declaration left half-built.
  st.depth = 0;
  st.exprs.clear();
  st.marks.clear();
  st.aggs.clear();
  st.strings.clear();
  st.words.clear();
  st.label.clear();
  st.presumed.clear();
  st.presumed_source.clear();
  st.right = Right{};
  st.parameter = Parameter{};
}

// A rule file is UTF-8 text: its strings become names and sentences in JSON
// output, which must be valid UTF-8. Reports the first invalid byte of each
// line (of the first kMaxLines such lines) and returns false when there was one.
bool CheckUtf8(std::string_view source, std::string_view file, base::Diagnostics& diagnostics) {
  constexpr int kMaxLines = 20;
  int reported = 0;
  int line = 1;
  size_t line_start = 0;
  size_t pos = 0;
  while (pos < source.size()) {
    const size_t bad = base::FirstInvalidUtf8(source.substr(pos));
    if (bad == std::string_view::npos) break;
    const size_t at = pos + bad;
    for (size_t nl = source.find('\n', line_start); nl != std::string_view::npos && nl < at;
         nl = source.find('\n', line_start)) {
      ++line;
      line_start = nl + 1;
    }
    const base::SourceSpan span{std::string(file), line, static_cast<int>(at - line_start + 1)};
    if (++reported > kMaxLines) {
      diagnostics.Error(span, "more invalid UTF-8 follows (not reported)");
      break;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    const auto byte = static_cast<unsigned char>(source[at]);
    diagnostics.Error(span, std::string("invalid UTF-8 (byte 0x") + kHex[byte >> 4] + kHex[byte & 15] +
                                "): a rule file must be UTF-8 text");
    // On to the next line.
    const size_t nl = source.find('\n', at);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return reported == 0;
}

}  // namespace

Module Parse(std::string_view source, std::string_view file, base::Diagnostics& diagnostics) {
  Module module;
  module.file = std::string(file);
  if (!CheckUtf8(source, file, diagnostics)) return module;  // not text: nothing to parse
  State st;
  st.file = std::string(file);
  st.module = &module;

  // Find the byte offsets and line numbers where declarations start.
  std::vector<std::pair<size_t, size_t>> starts;  // (byte, line)
  size_t line = 1;
  for (size_t pos = 0; pos < source.size();) {
    size_t end = source.find('\n', pos);
    if (end == std::string_view::npos) end = source.size();
    if (StartsDeclaration(source.substr(pos, end - pos))) starts.emplace_back(pos, line);
    pos = end + 1;
    ++line;
  }
  // A chunk ends before the blank lines that precede the next declaration, so
  // "expected ..." at the end of a declaration points at its own last line.
  auto trimmed = [&](size_t begin, size_t end) {
    while (end > begin && std::isspace(static_cast<unsigned char>(source[end - 1]))) --end;
    return source.substr(begin, end - begin);
  };
  size_t first = starts.empty() ? source.size() : starts.front().first;
  ParseChunk<grammar::preamble>(source.substr(0, first), 0, 1, st, diagnostics);
  for (size_t i = 0; i < starts.size(); ++i) {
    size_t begin = starts[i].first;
    size_t end = i + 1 < starts.size() ? starts[i + 1].first : source.size();
    ParseChunk<grammar::chunk>(trimmed(begin, end), begin, starts[i].second, st, diagnostics);
  }
  return module;
}

}  // namespace rules::syntax
