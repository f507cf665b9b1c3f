// rules/rules_test.cpp — compile + evaluate through the front door:
// Kleene logic with missing inputs, dated parameters, aggregates, checker
// diagnostics and explanations.
#include "rules/rules.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "household/schema.h"

namespace rules {
namespace {

using household::Entity;
using household::Fact;

// A household of `n` persons with nothing known but their ids.
household::Household MakeHousehold(size_t n) {
  household::Household hh;
  hh.facts.resize(household::Fields(Entity::kHousehold).size());
  for (size_t i = 0; i < n; ++i) {
    household::Person p;
    p.facts.resize(household::Fields(Entity::kPerson).size());
    p.facts[*household::FindField(Entity::kPerson, "id")] = Fact::Text("p" + std::to_string(i + 1));
    hh.persons.push_back(std::move(p));
  }
  return hh;
}

void SetPerson(household::Household& hh, size_t person, std::string_view field, Fact fact) {
  hh.persons[person].facts[*household::FindField(Entity::kPerson, field)] = std::move(fact);
}

void SetHousehold(household::Household& hh, std::string_view field, Fact fact) {
  hh.facts[*household::FindField(Entity::kHousehold, field)] = std::move(fact);
}

Fact DateFact(const char* iso) { return Fact::Number(base::Date::Parse(iso)->days()); }

RuleBase CompileOk(const std::string& text) {
  base::Diagnostics d;
  auto rules = Compile({{"t.rop", text}}, d);
  EXPECT_EQ(d.Format(), "");
  EXPECT_TRUE(rules.has_value());
  return rules ? std::move(*rules) : RuleBase{};
}

std::string CompileErrors(const std::string& text) {
  base::Diagnostics d;
  auto rules = Compile({{"t.rop", text}}, d);
  EXPECT_FALSE(rules.has_value());
  return d.Format();
}

const char* kRight = R"(
parameter grens : money per month "de inkomensgrens"
  from 2024-01-01 = €1000.00 source "bron 2024"
  from 2025-01-01 = €1100.00 source "bron 2025"

right r {
  name "Testrecht"
  level federal
  apply on_request "Bij het OCMW."
  source "Testwet" "https://example.org/wet"
  let inkomen "uw inkomen" = applicant.income("net", month)
  condition volwassen "u bent minstens 18 jaar" else "u bent jonger dan 18 jaar": applicant.age >= 18
  condition laag "uw inkomen ({inkomen}) is niet hoger dan {grens}" else "uw inkomen ({inkomen}) is hoger dan {grens}":
    inkomen <= grens
  amount per month = grens - inkomen
}
)";

eval::RightOutcome EvaluateOne(const RuleBase& rules, const household::Household& hh, const char* date) {
  eval::Evaluator evaluator(rules.program);
  eval::Options options;
  options.explain = true;
  return evaluator.Evaluate(0, hh, *base::Date::Parse(date), options);
}

std::vector<std::string> Paths(const RuleBase& rules, const eval::RightOutcome& o) {
  std::vector<std::string> out;
  for (const auto& m : o.missing) out.push_back(eval::MissingPath(m, rules.program));
  return out;
}

TEST(Evaluate, ListsEveryMissingInputWhenNothingIsKnown) {
  RuleBase rules = CompileOk(kRight);
  household::Household hh = MakeHousehold(1);
  auto o = EvaluateOne(rules, hh, "2025-03-01");
  EXPECT_EQ(o.status, eval::Status::kUndetermined);
  EXPECT_EQ(Paths(rules, o), (std::vector<std::string>{"household.persons[0].birth_date",
                                                       "household.persons[0].incomes"}));
  EXPECT_EQ(o.sentence,
            "Of u recht hebt op Testrecht, kunnen we nog niet zeggen: we weten nog niet de geboortedatum van p1 en "
            "de inkomsten van p1.");
}

TEST(Evaluate, AFalseConditionDecidesDespiteUnknowns) {
  RuleBase rules = CompileOk(kRight);
  household::Household hh = MakeHousehold(1);
  SetPerson(hh, 0, "birth_date", DateFact("2010-01-01"));  // 15: too young, income unknown
  auto o = EvaluateOne(rules, hh, "2025-03-01");
  EXPECT_EQ(o.status, eval::Status::kNotEligible);
  EXPECT_TRUE(o.missing.empty());
  EXPECT_EQ(o.sentence, "U hebt geen recht op Testrecht: u bent jonger dan 18 jaar.");
}

TEST(Evaluate, UsesTheParameterValueInForceAndComputesExactAmounts) {
  RuleBase rules = CompileOk(kRight);
  household::Household hh = MakeHousehold(1);
  SetPerson(hh, 0, "birth_date", DateFact("1990-06-15"));
  hh.persons[0].incomes = std::vector<household::Income>{
      {"employment", base::Money::FromCents(60000), household::IncomePeriod::kMonth, household::IncomeBasis::kNet},
      {"other", base::Money::FromCents(1200), household::IncomePeriod::kYear, household::IncomeBasis::kNet}};
  auto o2024 = EvaluateOne(rules, hh, "2024-12-31");
  EXPECT_EQ(o2024.status, eval::Status::kEligible);
  EXPECT_EQ(o2024.amount->ToString(), "399.00");  // 1000.00 - (600.00 + 12.00 / 12)
  auto o2025 = EvaluateOne(rules, hh, "2025-01-01");
  EXPECT_EQ(o2025.amount->ToString(), "499.00");
  EXPECT_EQ(o2025.sentence,
            "U hebt waarschijnlijk recht op Testrecht (€ 499,00 per maand): u bent minstens 18 jaar; uw inkomen "
            "(€ 601,00) is niet hoger dan € 1.100,00.");
}

TEST(Evaluate, TheThresholdItselfPassesAndOneCentMoreFails) {
  RuleBase rules = CompileOk(kRight);
  household::Household hh = MakeHousehold(1);
  SetPerson(hh, 0, "birth_date", DateFact("1990-06-15"));
  auto with_income = [&](int64_t cents) {
    hh.persons[0].incomes = std::vector<household::Income>{
        {"employment", base::Money::FromCents(cents), household::IncomePeriod::kMonth, household::IncomeBasis::kNet}};
    return EvaluateOne(rules, hh, "2025-01-01").status;
  };
  EXPECT_EQ(with_income(110000), eval::Status::kEligible);
  EXPECT_EQ(with_income(110001), eval::Status::kNotEligible);
}

TEST(Evaluate, ReportsAParameterWithoutValueOnTheDate) {
  RuleBase rules = CompileOk(kRight);
  household::Household hh = MakeHousehold(1);
  SetPerson(hh, 0, "birth_date", DateFact("1990-06-15"));
  hh.persons[0].incomes = std::vector<household::Income>{};
  auto o = EvaluateOne(rules, hh, "2023-12-31");
  EXPECT_EQ(o.status, eval::Status::kUndetermined);
  EXPECT_EQ(Paths(rules, o), std::vector<std::string>{"parameter:grens"});
}

TEST(Evaluate, AppliesKleeneLogicToAggregates) {
  RuleBase rules = CompileOk(R"(
right r {
  name "R"
  level flemish
  apply automatic "Automatisch."
  source "s"
  condition iemand_vt "iemand heeft VT": any(m in members: m.has_status("vt"))
  condition niemand_zwanger "niemand is zwanger": all(m in members: not m.pregnant)
}
)");
  household::Household hh = MakeHousehold(2);
  hh.persons[1].statuses = std::vector<household::Status>{{"vt", std::nullopt, "", ""}};
  SetPerson(hh, 0, "pregnant", Fact::Number(0));
  auto o = EvaluateOne(rules, hh, "2025-01-01");
  // p2 has VT, so `any` is true although p1's statuses are unknown.
  EXPECT_EQ(o.conditions[0].truth, eval::Truth::kTrue);
  EXPECT_EQ(o.conditions[1].truth, eval::Truth::kUnknown);
  EXPECT_EQ(Paths(rules, o), std::vector<std::string>{"household.persons[1].pregnant"});
  SetPerson(hh, 1, "pregnant", Fact::Number(1));
  EXPECT_EQ(EvaluateOne(rules, hh, "2025-01-01").status, eval::Status::kNotEligible);
}

TEST(Evaluate, LocalRightsHoldOnlyInTheirMunicipality) {
  RuleBase rules = CompileOk(R"(
right r {
  name "R"
  level municipal
  municipality 72043
  apply on_request "Sociaal Huis."
  source "s"
  condition altijd "altijd": true
}
)");
  household::Household hh = MakeHousehold(1);
  EXPECT_EQ(Paths(rules, EvaluateOne(rules, hh, "2025-01-01")), std::vector<std::string>{"municipality.nis"});
  SetHousehold(hh, "municipality.nis", Fact::Text("44021"));  // Gent
  auto o = EvaluateOne(rules, hh, "2025-01-01");
  EXPECT_EQ(o.sentence, "U hebt geen recht op R: dit recht bestaat alleen in Pelt.");
  // The name alone decides nothing: the rules read the NIS code.
  SetHousehold(hh, "municipality.name", Fact::Text("Pelt"));
  EXPECT_EQ(EvaluateOne(rules, hh, "2025-01-01").status, eval::Status::kNotEligible);
  SetHousehold(hh, "municipality.nis", Fact::Text("72043"));
  EXPECT_EQ(EvaluateOne(rules, hh, "2025-01-01").status, eval::Status::kEligible);
}

TEST(Check, SuggestsCloseNamesForUnknownOnes) {
  EXPECT_EQ(CompileErrors("define x = housing.rent_montly > €5\n"),
            "t.rop:1:12: error: unknown name 'housing.rent_montly' (did you mean 'housing.rent_monthly'?)\n");
}

TEST(Check, RejectsMoneyComparedWithAPlainNumber) {
  EXPECT_EQ(CompileErrors("define x = housing.rent_monthly > 5\n"),
            "t.rop:1:33: error: cannot compare money with int (write money as €0)\n");
}

TEST(Check, RejectsEnumValuesThatCannotOccur) {
  EXPECT_EQ(CompileErrors("define x = household.living_situation == \"alleen\"\n"),
            "t.rop:1:42: error: 'alleen' is not a possible value here (alone, couple, couple_with_children, "
            "single_parent, cohabiting_shared_household_costs, cohabiting_non_family, with_adult_child, care_home)\n");
}

TEST(Check, RequiresASourceForEveryParameterValue) {
  EXPECT_EQ(CompileErrors("parameter p : int\n  from 2024-01-01 = 5\n"),
            "t.rop:2:3: error: the value of 'p' from 2024-01-01 has no source: add source \"...\"\n");
}

TEST(Check, RejectsCyclesBetweenDefines) {
  EXPECT_NE(CompileErrors("define a = b + 1\ndefine b = a + 1\n").find("depends on itself"), std::string::npos);
}

TEST(Check, RequiresDependsOnForRightsThatAreRead) {
  std::string errors = CompileErrors(R"(
right a {
  name "A"
  level federal
  apply automatic "x"
  source "s"
  condition c "c": eligible(b)
}
right b {
  name "B"
  level federal
  apply automatic "x"
  source "s"
  condition c "c": true
}
)");
  EXPECT_EQ(errors, "t.rop:2:1: error: right 'a' reads right 'b' but does not list it: add 'depends_on b'\n");
}

// Regression tests for bugs found while writing the golden files.

TEST(Check, RejectsAParameterValueThatIsNotALiteral) {
  EXPECT_EQ(CompileErrors("parameter a : money\n  from 2025-01-01 = €1.00 + €2.00 source \"t\"\n"),
            "t.rop:2:29: error: a parameter value must be a literal, like €1314.20, 18, 90% or true\n");
}

TEST(Check, NamesADuplicateRightByItsId) {
  std::string right = "right r {\n  name \"R\"\n  level federal\n  apply automatic \"x\"\n  source \"s\"\n"
                      "  condition c \"c\": true\n}\n";
  EXPECT_EQ(CompileErrors(right + right), "t.rop:8:1: error: right 'r' is already declared at t.rop:1:1\n");
}

TEST(Check, SuggestsAFixForAMisspeltFirstPart) {
  EXPECT_EQ(CompileErrors("define x = aplicant.age >= 18\n"),
            "t.rop:1:12: error: unknown name 'aplicant.age' (did you mean 'applicant.age'?)\n");
}

TEST(Check, SuggestsEachNameOnce) {
  EXPECT_EQ(CompileErrors("define x = applicant.agee >= 18\n"),
            "t.rop:1:12: error: a person has no field 'agee' (did you mean 'age'?)\n");
}

TEST(Evaluate, ListsAMissingBirthDateOnceWhetherReadAsAgeOrAsDate) {
  RuleBase rules = CompileOk(R"(
right r {
  name "R"
  level federal
  apply automatic "x"
  source "s"
  condition c "c": applicant.age >= 18 or applicant.birth_date < 2000-01-01
}
)");
  household::Household hh = MakeHousehold(1);
  auto o = EvaluateOne(rules, hh, "2025-01-01");
  EXPECT_EQ(Paths(rules, o), std::vector<std::string>{"household.persons[0].birth_date"});
}

TEST(Load, RefusesARuleFileAboveTheLimitAndOneThatIsNotUtf8) {
  char pattern[] = "/tmp/rules_test.XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const std::filesystem::path dir = pattern;
  std::ofstream(dir / "big.rop") << std::string(kMaxRuleFileBytes + 1, '#');
  std::ofstream(dir / "ok.rop") << "define b = 1\n";
  base::Diagnostics too_large;
  EXPECT_FALSE(Load({dir}, too_large));
  EXPECT_EQ(too_large.Format(), (dir / "big.rop").string() +
                                    ":0:0: error: the file is larger than 16777216 bytes, the limit for a rule file\n");
  // Read, but not parsed: the JSON output could not carry its texts.
  std::filesystem::remove(dir / "big.rop");
  std::ofstream(dir / "latin1.rop") << "define a = \"caf\xE9\"\n";
  base::Diagnostics not_utf8;
  EXPECT_FALSE(Load({dir}, not_utf8));
  EXPECT_EQ(not_utf8.Format(), (dir / "latin1.rop").string() +
                                   ":1:16: error: invalid UTF-8 (byte 0xe9): a rule file must be UTF-8 text\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rules

namespace rules {
namespace {

const char* kTwoTowns = R"(
right uitpas_a {
  name "UiTPAS A"
  level municipal
  municipality 41002
  spec_id uitpas_kansentarief
  apply on_request "Bij de stad."
  source "Reglement A" "https://example.org/a"
  condition oud "u bent minstens 18 jaar": applicant.age >= 18
}
right uitpas_b {
  name "UiTPAS B"
  level municipal
  municipality 13003
  spec_id uitpas_kansentarief
  apply on_request "Bij de gemeente."
  source "Reglement B" "https://example.org/b"
  condition oud "u bent minstens 18 jaar": applicant.age >= 18
}
right federaal {
  name "Federaal"
  level federal
  apply on_request "Bij het OCMW."
  source "Wet" "https://example.org/w"
  condition oud "u bent minstens 18 jaar": applicant.age >= 18
}
)";

std::vector<std::string> Listed(const RuleBase& rules, const household::Household& hh, bool all) {
  eval::Evaluator evaluator(rules.program);
  std::vector<std::string> ids;
  for (const auto& o : ListedOutcomes(rules, hh, evaluator.EvaluateAll(hh, *base::Date::Parse("2025-03-01"), {}), all)) {
    ids.push_back(rules.program.rights[o.right].id);
  }
  return ids;
}

// Issue 18: the results list the household's own municipality's rights only.
TEST(ListedOutcomes, ListOnlyTheHouseholdsOwnMunicipalRights) {
  RuleBase rules = CompileOk(kTwoTowns);
  household::Household hh = MakeHousehold(1);
  EXPECT_EQ(Listed(rules, hh, false), (std::vector<std::string>{"federaal"}));  // no municipality given
  SetHousehold(hh, "municipality.nis", Fact::Text("13003"));  // Balen
  EXPECT_EQ(Listed(rules, hh, false), (std::vector<std::string>{"federaal", "uitpas_b"}));
  EXPECT_EQ(Listed(rules, hh, true), (std::vector<std::string>{"federaal", "uitpas_a", "uitpas_b"}));
}

TEST(SpecId, NamesTheCatalogueRightAVariantImplements) {
  RuleBase rules = CompileOk(kTwoTowns);
  const auto& program = rules.program;
  EXPECT_EQ(program.rights[*program.FindRight("uitpas_a")].spec_id, "uitpas_kansentarief");
  EXPECT_EQ(program.rights[*program.FindRight("federaal")].spec_id, "federaal");  // every other right is its own id
  household::Household hh = MakeHousehold(1);
  eval::Evaluator evaluator(program);
  auto j = OutcomeToJson(rules, hh, evaluator.Evaluate(*program.FindRight("uitpas_b"), hh, *base::Date::Parse("2025-03-01"), {}));
  EXPECT_EQ(j["spec_id"], "uitpas_kansentarief");
  EXPECT_EQ(j["municipality"], "Balen");
  EXPECT_NE(CompileErrors(R"(
right r {
  name "R"
  level federal
  spec_id x
  apply on_request "X."
  source "Wet" "https://example.org/w"
  condition oud "u bent 18": applicant.age >= 18
}
)")
                .find("spec_id is for a municipality's variant"),
            std::string::npos);
}

}  // namespace
}  // namespace rules
