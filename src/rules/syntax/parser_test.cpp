// rules/syntax/parser_test.cpp — the grammar: shapes, recovery, messages.
#include "rules/syntax/parser.h"

#include <gtest/gtest.h>

namespace rules::syntax {
namespace {

Module ParseOk(std::string_view text) {
  base::Diagnostics d;
  Module m = Parse(text, "t.rop", d);
  EXPECT_EQ(d.Format(), "");
  return m;
}

std::string Errors(std::string_view text) {
  base::Diagnostics d;
  Parse(text, "t.rop", d);
  return d.Format();
}

TEST(Parser, GivesAndPrecedenceOverOr) {
  Module m = ParseOk("define x = a or b and not c\n");
  ASSERT_EQ(m.defines.size(), 1u);
  EXPECT_EQ(Print(*m.defines[0].value), "(or a (and b (not c)))");
}

TEST(Parser, ParsesArithmeticLeftToRightWithPrecedence) {
  Module m = ParseOk("define x = €1.50 + a * 2 - b / 12 <= 3\n");
  EXPECT_EQ(Print(*m.defines[0].value), "(<= (- (+ €1.50 (* a 2)) (/ b 12)) 3)");
}

TEST(Parser, ParsesLiteralsOfEveryType) {
  Module m = ParseOk("define x = [2025-02-01, 90%, €1314.20, EUR 5, 18, \"tekst\", true]\n");
  EXPECT_EQ(Print(*m.defines[0].value), "(list 2025-02-01 90% €1314.20 €5 18 \"tekst\" true)");
}

TEST(Parser, ParsesAggregatesCallsAndMethods) {
  Module m = ParseOk(
      "define x = count(m in members where m.age >= 18) + sum(p in members: p.income(\"net\", month))\n"
      "define y = max(a, b)\n");
  EXPECT_EQ(Print(*m.defines[0].value),
            "(+ (count m members (>= m.age 18) _) (sum p members _ (call p.income \"net\" month)))");
  EXPECT_EQ(Print(*m.defines[1].value), "(call max a b)");
}

TEST(Parser, ParsesCaseAndIf) {
  Module m = ParseOk("define x = case when a then \"p\" when b then \"q\" else if c then \"r\" else \"s\" end\n");
  EXPECT_EQ(Print(*m.defines[0].value), "(case a \"p\" b \"q\" (if c \"r\" \"s\"))");
}

TEST(Parser, ParsesAParameterWithDatedValuesAndSources) {
  Module m = ParseOk(
      "parameter a.b : money per month \"label\"\n"
      "  from 2023-01-01 = €1 source \"s1\"\n"
      "  from 2024-01-01 = €2 source \"s2\"\n"
      "  until 2024-12-31\n");
  ASSERT_EQ(m.parameters.size(), 1u);
  const Parameter& p = m.parameters[0];
  EXPECT_EQ(p.name, "a.b");
  EXPECT_EQ(p.period, "month");
  EXPECT_EQ(p.label, "label");
  ASSERT_EQ(p.values.size(), 2u);
  EXPECT_EQ(p.values[1].from, "2024-01-01");
  EXPECT_EQ(p.values[1].source, "s2");
  EXPECT_EQ(p.until, "2024-12-31");
}

TEST(Parser, ParsesEveryClauseOfARight) {
  Module m = ParseOk(R"(right r {
  name "R"
  level federal
  authority "A"
  themes inkomen, wonen
  targets ouderen
  apply on_request "Hoe"
  summary "S"
  source "Wet" "https://x"
  municipality 44021
  depends_on q
  let l "label" = 1
  condition c "waar" else "onwaar": l > 0
  category = "k"
  amount at_least per month = €5
}
)");
  ASSERT_EQ(m.rights.size(), 1u);
  const Right& r = m.rights[0];
  EXPECT_EQ(r.name, "R");
  EXPECT_EQ(r.level.text, "federal");
  EXPECT_EQ(r.themes.size(), 2u);
  EXPECT_EQ(r.apply_mode.text, "on_request");
  EXPECT_EQ(r.apply_text, "Hoe");
  ASSERT_EQ(r.sources.size(), 1u);
  EXPECT_EQ(r.sources[0].url, "https://x");
  EXPECT_EQ(r.municipality.text, "44021");
  EXPECT_FALSE(r.municipality_quoted);
  EXPECT_EQ(r.conditions[0].text_true, "waar");
  EXPECT_EQ(r.conditions[0].text_false, "onwaar");
  EXPECT_TRUE(r.amount->lower_bound);
  EXPECT_EQ(r.amount->period, "month");
}

TEST(Parser, ReadsGrantsRoutesPresumptionsAndIndexedParameters) {
  Module m = ParseOk(R"(
parameter p : money "P"
  indexed source "stijgt met de index"
  from 2025-01-01 = €1 source "s"
  until 2025-12-31
right r {
  apply on_request "Vraag"
  granted_by status "leefloon" for any member
    assume l = €0 "geen inkomen"
    assume k = 2 "twee"
  route automatic "Vanzelf." when a.b
  route on_request_court "Rechter." when c
  let l = €1
  condition c "waar" else "onwaar" presumed "Aangenomen." source "wet": x
  condition d "d": y
}
)");
  ASSERT_EQ(m.parameters.size(), 1u);
  EXPECT_EQ(m.parameters[0].indexed_source, "stijgt met de index");
  EXPECT_EQ(m.parameters[0].values.size(), 1u);
  EXPECT_EQ(m.parameters[0].values[0].source, "s");
  ASSERT_EQ(m.rights.size(), 1u);
  const Right& r = m.rights[0];
  ASSERT_TRUE(r.grant);
  EXPECT_EQ(r.grant->status, "leefloon");
  EXPECT_TRUE(r.grant->any_member);
  ASSERT_EQ(r.grant->assumes.size(), 2u);
  EXPECT_EQ(r.grant->assumes[0].let, "l");
  EXPECT_EQ(r.grant->assumes[1].let, "k");
  EXPECT_EQ(r.grant->assumes[1].sentence, "twee");
  ASSERT_EQ(r.routes.size(), 2u);
  EXPECT_EQ(r.routes[0].mode.text, "automatic");
  EXPECT_EQ(r.routes[1].text, "Rechter.");
  EXPECT_EQ(Print(*r.routes[0].when), "a.b");
  ASSERT_EQ(r.conditions.size(), 2u);
  EXPECT_EQ(r.conditions[0].text_false, "onwaar");
  EXPECT_EQ(r.conditions[0].presumed, "Aangenomen.");
  EXPECT_EQ(r.conditions[0].presumed_source, "wet");
  EXPECT_EQ(r.conditions[1].presumed, "");
  EXPECT_EQ(r.apply_mode.text, "on_request");
}

TEST(Parser, ReportsEveryBrokenDeclarationWithItsPosition) {
  EXPECT_EQ(Errors("define a = 1 +\n"
                   "define b = (2\n"
                   "right r {\n  nme \"x\"\n}\n"),
            "t.rop:1:15: error: expected a value after the operator\n"
            "t.rop:2:14: error: expected ')'\n"
            "t.rop:4:3: error: expected a clause (name, level, authority, themes, targets, apply, granted_by, route, "
            "summary, source, municipality, spec_id, depends_on, let, condition, category, amount) or '}'\n");
}

TEST(Parser, ReportsUnterminatedText) {
  EXPECT_EQ(Errors("define a = \"abc\n"), "t.rop:1:16: error: unterminated text: missing closing '\"'\n");
}

// Regression (found by rules_fuzz): a source text starting with \x01 was taken
// for the parser's own URL marker, and the next pop read past the stack.
TEST(Parser, RefusesControlCharactersInText) {
  for (std::string text : {std::string("\x01tps://x"), std::string("a\0b", 3), std::string("a\x1b[31m"),
                           std::string("\\\x01")}) {
    base::Diagnostics d;
    Parse("right r {\n  name \"R\"\n  source \"" + text + "\"\n  source \"https://y\"\n}\n", "t.rop", d);
    EXPECT_TRUE(d.HasErrors()) << text;
  }
  EXPECT_EQ(Errors("define a = \"tab\there\"\n"), "");
}

TEST(Parser, ReportsGarbageBeforeTheFirstDeclaration) {
  EXPECT_EQ(Errors("hello\n"), "t.rop:1:1: error: expected 'right', 'parameter' or 'define'\n");
}

TEST(Parser, KeepsDeclarationsAfterABrokenOne) {
  base::Diagnostics d;
  Module m = Parse("define a = (\ndefine b = 2\n", "t.rop", d);
  EXPECT_TRUE(d.HasErrors());
  ASSERT_EQ(m.defines.size(), 1u);
  EXPECT_EQ(m.defines[0].name, "b");
}

TEST(Parser, RejectsInvalidUtf8WithTheFirstBadByteOfEachLine) {
  // Latin-1 text, an overlong form and a lone continuation byte; a good
  // UTF-8 line between them is not reported.
  EXPECT_EQ(Errors("define a = \"caf\xE9 \xE9\"\n"
                   "define b = \"caf\xC3\xA9\"\n"
                   "\n"
                   "define c = \"\xC0\xAF\" # \x80\n"),
            "t.rop:1:16: error: invalid UTF-8 (byte 0xe9): a rule file must be UTF-8 text\n"
            "t.rop:4:13: error: invalid UTF-8 (byte 0xc0): a rule file must be UTF-8 text\n");
  // Nothing is parsed from such a file.
  base::Diagnostics d;
  Module m = Parse("define a = 1\ndefine b = \"\xFF\"\n", "t.rop", d);
  EXPECT_TRUE(m.defines.empty());
  EXPECT_EQ(d.Format(), "t.rop:2:13: error: invalid UTF-8 (byte 0xff): a rule file must be UTF-8 text\n");
}

TEST(Parser, StopsReportingInvalidUtf8After20Lines) {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "# \xFF\n";
  base::Diagnostics d;
  Parse(text, "t.rop", d);
  ASSERT_EQ(d.all().size(), 21u);
  EXPECT_EQ(d.all()[19].span.line, 20);
  EXPECT_EQ(d.all()[20].message, "more invalid UTF-8 follows (not reported)");
  EXPECT_EQ(d.all()[20].span.line, 21);
}

}  // namespace
}  // namespace rules::syntax
