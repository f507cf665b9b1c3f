// screener/screener_test.cpp — the dialogue without HTTP: which question
// comes next, how answers become a household, and the Dutch wording.
#include "screener/screener.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace screener {
namespace {

rules::RuleBase Rules() {
  base::Diagnostics d;
  auto rules = rules::Compile({{"t.rop", R"(
right r {
  name "R"
  level federal
  apply on_request "x"
  source "s"
  condition volwassen "u bent volwassen": applicant.age >= 18
  condition vt "u hebt VT": applicant.has_status("vt")
  condition zwanger "u bent zwanger": applicant.pregnant
  condition alleen "u woont alleen": household.living_situation == "alone"
}
right q {
  name "Q"
  level federal
  apply on_request "x"
  source "s"
  condition vt "iemand heeft VT": any(m in members: m.has_status("vt"))
}
)"}},
                              d);
  EXPECT_EQ(d.Format(), "");
  return std::move(*rules);
}

Answers Composed(const char* partner, const char* children) {
  Answers a;
  a.Set(std::string(kMunicipality), "Dendermonde");
  a.Set(std::string(kPartner), partner);
  a.Set(std::string(kChildren), children);
  a.Set(std::string(kOtherAdults), "0");
  return a;
}

const base::Date kDate = *base::Date::Parse("2025-03-01");

// The outcome of right `id` (outcomes follow the rule base's order, by id).
const rules::eval::RightOutcome& Outcome(const rules::RuleBase& rules, const Evaluation& e, const char* id) {
  return e.outcomes[*rules.program.FindRight(id)];
}

TEST(Screener, AsksTheHouseholdCompositionFirst) {
  Answers answers;
  auto q = NextCompositionQuestion(answers, {"Dendermonde"});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->path, kMunicipality);
  answers = Composed("nee", "0");
  EXPECT_FALSE(NextCompositionQuestion(answers, {"Dendermonde"}));
}

TEST(Screener, DerivesTheLivingSituationFromTheComposition) {
  rules::RuleBase rules = Rules();
  auto alone = Evaluate(rules, Composed("nee", "0"), kDate, false);
  EXPECT_EQ(Outcome(rules, alone, "r").conditions[3].truth, rules::eval::Truth::kTrue);
  auto with_child = Evaluate(rules, Composed("nee", "1"), kDate, false);
  EXPECT_EQ(with_child.household.persons.size(), 2u);
  EXPECT_EQ(Outcome(rules, with_child, "r").conditions[3].truth, rules::eval::Truth::kFalse);
}

TEST(Screener, AsksWhatIsAlreadyReceivedBeforeAnythingElse) {
  rules::RuleBase rules = Rules();
  Answers answers = Composed("nee", "0");
  auto evaluation = Evaluate(rules, answers, kDate, false);
  auto q = NextQuestion(rules, evaluation, answers);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->path, "household.persons[0].statuses");
  EXPECT_EQ(q->kind, InputKind::kStatuses);
  EXPECT_EQ(q->decides, 2);
  EXPECT_EQ(q->text, "Welke uitkeringen of voordelen krijgt u al?");
}

TEST(Screener, StopsAskingOnceEveryRightIsDecided) {
  rules::RuleBase rules = Rules();
  Answers answers = Composed("nee", "0");
  answers.Set("household.persons[0].statuses", "");  // no VT: both rights fail
  auto evaluation = Evaluate(rules, answers, kDate, false);
  EXPECT_EQ(Outcome(rules, evaluation, "r").status, rules::eval::Status::kNotEligible);
  EXPECT_FALSE(NextQuestion(rules, evaluation, answers));
}

TEST(Screener, SkipsQuestionsAnsweredWithIDoNotKnow) {
  rules::RuleBase rules = Rules();
  Answers answers = Composed("nee", "0");
  answers.Set("household.persons[0].statuses", "vt");
  auto evaluation = Evaluate(rules, answers, kDate, false);
  auto first = NextQuestion(rules, evaluation, answers);
  ASSERT_TRUE(first);
  answers.skipped.push_back(first->path);
  auto second = NextQuestion(rules, evaluation, answers);
  ASSERT_TRUE(second);
  EXPECT_NE(second->path, first->path);
}

TEST(Screener, SpeaksToTheApplicantInTheSecondPerson) {
  rules::RuleBase rules = Rules();
  auto evaluation = Evaluate(rules, Composed("ja", "0"), kDate, false);
  EXPECT_EQ(QuestionFor(evaluation, "household.persons[0].pregnant")->text, "Bent u zwanger?");
  EXPECT_EQ(QuestionFor(evaluation, "household.persons[0].pregnant")->label, "of u zwanger bent");
  EXPECT_EQ(QuestionFor(evaluation, "household.persons[0].birth_date")->text, "Wat is uw geboortedatum?");
  EXPECT_EQ(QuestionFor(evaluation, "household.persons[1].pregnant")->text, "Is uw partner zwanger?");
}

TEST(Screener, ReadsBelgianDatesAndAmountsAndReportsBadAnswers) {
  rules::RuleBase rules = Rules();
  Answers answers = Composed("nee", "0");
  answers.Set("household.persons[0].birth_date", "12/04/1991");
  answers.Set("household.persons[0].incomes", "1.250,50");
  answers.Set("household.persons[0].pregnant", "misschien");
  auto evaluation = Evaluate(rules, answers, kDate, false);
  const auto& person = evaluation.household.persons[0];
  EXPECT_EQ((*person.incomes)[0].amount.cents(), 125050);
  ASSERT_EQ(evaluation.errors.size(), 1u);
  EXPECT_EQ(evaluation.errors[0].path, "household.persons[0].pregnant");
  EXPECT_EQ(evaluation.errors[0].message, "kies ja of nee");
  EXPECT_EQ(Outcome(rules, evaluation, "r").conditions[0].truth, rules::eval::Truth::kTrue);
}

TEST(Screener, RefusesADateOutsideTheYearsAHouseholdMayHold) {
  rules::RuleBase rules = Rules();
  Answers answers = Composed("nee", "0");
  answers.Set("household.persons[0].birth_date", "01/01/0001");
  auto evaluation = Evaluate(rules, answers, kDate, false);
  ASSERT_EQ(evaluation.errors.size(), 1u);
  EXPECT_EQ(evaluation.errors[0].path, "household.persons[0].birth_date");
  EXPECT_EQ(evaluation.errors[0].message, "vul een datum in tussen 01/01/1800 en 31/12/2200");
  EXPECT_EQ(evaluation.household.persons.size(), 1u);  // the answers' household, not the fallback
}

TEST(Screener, RefusesABirthDateAfterTheReferenceDate) {
  rules::RuleBase rules = Rules();
  Answers answers = Composed("nee", "0");
  answers.Set("household.persons[0].birth_date", "02/03/2025");  // the day after kDate
  auto evaluation = Evaluate(rules, answers, kDate, false);
  ASSERT_EQ(evaluation.errors.size(), 1u);
  EXPECT_EQ(evaluation.errors[0].path, "household.persons[0].birth_date");
  EXPECT_NE(evaluation.errors[0].message.find("ligt na"), std::string::npos) << evaluation.errors[0].message;
  answers.Set("household.persons[0].birth_date", "01/03/2025");  // born on kDate is possible
  EXPECT_TRUE(Evaluate(rules, answers, kDate, false).errors.empty());
}

TEST(Screener, AnAnswerThatIsNotUtf8DoesNotThrow) {
  rules::RuleBase rules = Rules();
  Answers answers = Composed("nee", "0");
  answers.Set(std::string(kMunicipality), "Dender\xFFmonde");
  auto evaluation = Evaluate(rules, answers, kDate, false);
  EXPECT_TRUE(evaluation.errors.empty());
  EXPECT_EQ(evaluation.household.persons.size(), 1u);
}

rules::RuleBase PresumingRules() {
  base::Diagnostics d;
  auto rules = rules::Compile({{"p.rop", R"(
right steun {
  name "Steun"
  level federal
  apply on_request "x"
  granted_by status "leefloon"
  source "s"
  condition verblijf "u verblijft in België" else "u verblijft niet in België"
      presumed "We gaan ervan uit dat u in België verblijft." source "wet, art. 3":
    applicant.resident_in_belgium
  condition volwassen "u bent volwassen" else "u bent minderjarig": applicant.age >= 18
}
right tarief {
  name "Tarief"
  level federal
  apply automatic "x"
  source "s"
  depends_on steun
  condition steun "u krijgt steun": eligible(steun)
}
)"}},
                              d);
  EXPECT_EQ(d.Format(), "");
  if (!rules) std::abort();  // a test's own rules must compile
  return std::move(*rules);
}

TEST(Screener, NeverAsksAPresumedInputButListsItToConfirmOrCorrect) {
  rules::RuleBase rules = PresumingRules();
  Answers answers = Composed("nee", "0");
  answers.Set("household.persons[0].statuses", "");
  const std::string presumed = "household.persons[0].resident_in_belgium";
  // Every question until none is left: the presumed input is not among them.
  for (int asked = 0; asked < 10; ++asked) {
    auto evaluation = Evaluate(rules, answers, kDate, false);
    auto q = NextQuestion(rules, evaluation, answers);
    if (!q) break;
    EXPECT_NE(q->path, presumed);
    answers.Set(q->path, q->kind == InputKind::kDate ? "01/01/1980" : "ja");
  }
  auto evaluation = Evaluate(rules, answers, kDate, false);
  ASSERT_EQ(Outcome(rules, evaluation, "steun").status, rules::eval::Status::kEligible);
  // The sentence leaves the assumption to the list (unless asked for it, as the card does).
  EXPECT_EQ(Outcome(rules, evaluation, "steun").sentence.find("Dit rust op"), std::string::npos);
  EXPECT_NE(Evaluate(rules, answers, kDate, false, true).outcomes[0].sentence.find("Dit rust op een aanname"),
            std::string::npos);
  auto assumed = Assumptions(rules, evaluation);
  ASSERT_EQ(assumed.size(), 1u);  // one sentence, though both rights rest on it
  EXPECT_EQ(assumed[0].sentence, "We gaan ervan uit dat u in België verblijft.");
  EXPECT_EQ(assumed[0].path, presumed);
  EXPECT_EQ(assumed[0].rights,
            (std::vector<uint32_t>{*rules.program.FindRight("steun"), *rules.program.FindRight("tarief")}));
  ASSERT_TRUE(QuestionFor(evaluation, presumed));

  // Corrected: the known fact decides, and nothing is assumed any more.
  answers.Set(presumed, "nee");
  evaluation = Evaluate(rules, answers, kDate, false);
  EXPECT_EQ(Outcome(rules, evaluation, "steun").status, rules::eval::Status::kNotEligible);
  EXPECT_TRUE(Assumptions(rules, evaluation).empty());
}

TEST(Screener, ARightAlreadyReceivedIsGrantedByItsStatus) {
  rules::RuleBase rules = PresumingRules();
  Answers answers = Composed("nee", "0");
  answers.Set("household.persons[0].statuses", "leefloon");
  auto evaluation = Evaluate(rules, answers, kDate, false);
  const auto& steun = Outcome(rules, evaluation, "steun");
  EXPECT_TRUE(steun.granted);
  EXPECT_EQ(steun.status, rules::eval::Status::kEligible);
  EXPECT_TRUE(steun.assumptions.empty());  // the grant decides: nothing is presumed
  EXPECT_FALSE(Outcome(rules, evaluation, "tarief").granted);
}

TEST(Screener, StepAsksTheCompositionThenTheInputsAndEndsOnTheOverview) {
  rules::RuleBase rules = Rules();
  const std::vector<std::string> towns = {"Dendermonde"};
  Screen s = Step(rules, Answers{}, Input{}, towns, kDate);
  ASSERT_EQ(s.kind, ScreenKind::kQuestion);
  EXPECT_EQ(s.question->path, kMunicipality);
  EXPECT_TRUE(s.composition);
  // An empty answer is refused, and the same question comes back with the reason.
  s = Step(rules, s.answers, Input{"answer", std::string(kMunicipality), {""}, ""}, towns, kDate);
  EXPECT_EQ(s.question->path, kMunicipality);
  EXPECT_EQ(s.error, "Geef een antwoord, of kies ‘Weet ik niet’.");
  s = Step(rules, s.answers, Input{"answer", std::string(kMunicipality), {"Dendermonde"}, ""}, towns, kDate);
  // Who lives here: one screen, each field checked.
  ASSERT_EQ(s.question->path, kComposition);
  EXPECT_EQ(s.question->kind, InputKind::kComposition);
  EXPECT_TRUE(s.composition);
  s = Step(rules, s.answers, Input{"answer", std::string(kComposition), {"partner=", "kinderen=0", "andere_volwassenen=0"}, ""},
           towns, kDate);
  EXPECT_EQ(s.question->path, kComposition);
  EXPECT_EQ(s.error, "Duid aan of u samenwoont met een partner.");
  s = Step(rules, s.answers,
           Input{"answer", std::string(kComposition), {"partner=nee", "kinderen=twee", "andere_volwassenen=0"}, ""}, towns,
           kDate);
  EXPECT_EQ(s.error, "Vul het aantal kinderen in als een getal van 0 tot 12.");
  EXPECT_FALSE(s.answers.Get(kPartner)) << "nothing of a refused screen is kept";
  s = Step(rules, s.answers,
           Input{"answer", std::string(kComposition), {"partner=nee", "kinderen=0", "andere_volwassenen=0"}, ""}, towns,
           kDate);
  ASSERT_EQ(s.kind, ScreenKind::kQuestion);
  EXPECT_FALSE(s.composition);
  EXPECT_EQ(s.answers.Get(kPartner), "nee");
  EXPECT_EQ(s.answers.Get(kChildren), "0");
  EXPECT_EQ(s.question->path, "household.persons[0].statuses");
  // The birth date and the pregnancy each help a third of a right for now.
  EXPECT_EQ(s.question->remaining, 0);
  // Ticking nothing is an answer; several ticks are joined.
  s = Step(rules, s.answers, Input{"answer", "household.persons[0].statuses", {"vt", "", "leefloon"}, ""}, towns,
           kDate);
  EXPECT_EQ(s.answers.Get("household.persons[0].statuses"), "vt,leefloon");
  // Left: one right that needs the age and the pregnancy; a pregnancy is
  // asked only of the ages of household::Prerequisites, so the birth date first.
  ASSERT_EQ(s.kind, ScreenKind::kQuestion);
  const std::string next = s.question->path;
  ASSERT_EQ(next, "household.persons[0].birth_date");
  // A bad answer is forgotten and asked again with the reason.
  s = Step(rules, s.answers, Input{"answer", next, {"31/02/1990"}, ""}, towns, kDate);
  EXPECT_EQ(s.question->path, next);
  EXPECT_NE(s.error.find("Dat antwoord kunnen we niet gebruiken"), std::string::npos) << s.error;
  EXPECT_FALSE(s.answers.Get(next));
  // "Weet ik niet" until nothing is left: the overview, with an evaluation.
  for (int i = 0; i < 10 && s.kind == ScreenKind::kQuestion; ++i) {
    s = Step(rules, s.answers, Input{"skip", s.question->path, {}, ""}, towns, kDate);
  }
  ASSERT_EQ(s.kind, ScreenKind::kOverview);
  ASSERT_TRUE(s.evaluation);
  EXPECT_EQ(s.answers.skipped.size(), 2u);  // birth date, pregnant (the living situation follows from the composition)
  // "Wijzig" on a composition answer asks the composition again, prefilled; on an input, that input.
  s = Step(rules, s.answers, Input{"", "", {}, std::string(kChildren)}, towns, kDate);
  EXPECT_EQ(s.question->path, kComposition);
  EXPECT_TRUE(s.composition);
  EXPECT_EQ(s.answers.Get(kChildren), "0");
  s = Step(rules, s.answers, Input{"", "", {}, "household.persons[0].statuses"}, towns, kDate);
  EXPECT_EQ(s.question->path, "household.persons[0].statuses");
  s = Step(rules, s.answers, Input{"results", "", {}, ""}, towns, kDate);
  EXPECT_EQ(s.kind, ScreenKind::kResults);
  EXPECT_TRUE(s.evaluation->outcomes[0].derivation.has_value());  // results carry the reasoning
}

rules::RuleBase PrerequisiteRules() {
  base::Diagnostics d;
  auto rules = rules::Compile({{"t.rop", R"(
right punten {
  name "P"
  level federal
  apply on_request "x"
  source "s"
  condition punten "u hebt 4 punten": applicant.disability.pillar1 >= 4
}
right huur {
  name "H"
  level federal
  apply on_request "x"
  source "s"
  condition privaat "u huurt privaat": housing.landlord == "private"
}
right zwanger {
  name "Z"
  level federal
  apply on_request "x"
  source "s"
  condition zwanger "iemand is zwanger": any(m in members: m.pregnant)
}
)"}},
                              d);
  EXPECT_EQ(d.Format(), "");
  return std::move(*rules);
}

std::vector<std::string> AskedUntilOverview(const rules::RuleBase& rules, Answers answers,
                                            const std::map<std::string, std::string>& knows) {
  std::vector<std::string> asked;
  Input input;
  for (int i = 0; i < 20; ++i) {
    Screen s = Step(rules, std::move(answers), input, {"Dendermonde"}, kDate);
    answers = std::move(s.answers);
    if (s.kind != ScreenKind::kQuestion) break;
    asked.push_back(s.question->path);
    auto it = knows.find(s.question->path);
    input = it == knows.end() ? Input{"skip", s.question->path, {}, ""} : Input{"answer", s.question->path, {it->second}, ""};
  }
  return asked;
}

// The rules read the pillar-1 points and the landlord on their own; the
// schema's prerequisites put the recognised handicap and the tenure first.
TEST(Screener, AsksAPrerequisiteFirstAndNotWhatItRulesOut) {
  rules::RuleBase rules = PrerequisiteRules();
  Answers answers = Composed("nee", "0");
  answers.Set("household.persons[0].statuses", "");
  answers.Set("household.persons[0].birth_date", "01/01/1960");  // 65: no pregnancy question
  auto asked = AskedUntilOverview(rules, answers,
                                  {{"household.persons[0].recognised_handicap", "nee"}, {"housing.tenure", "owner"}});
  std::sort(asked.begin(), asked.end());
  EXPECT_EQ(asked, (std::vector<std::string>{"household.persons[0].recognised_handicap", "housing.tenure"}));
  // No recognised handicap: no points, so the right is settled, not open.
  answers.Set("household.persons[0].recognised_handicap", "nee");
  answers.Set("housing.tenure", "tenant");
  auto evaluation = Evaluate(rules, answers, kDate, false);
  EXPECT_EQ(Outcome(rules, evaluation, "punten").status, rules::eval::Status::kNotEligible);
  EXPECT_EQ(Outcome(rules, evaluation, "huur").status, rules::eval::Status::kUndetermined);
  // A tenant is asked the landlord; an owner never was.
  asked = AskedUntilOverview(rules, answers, {});
  EXPECT_EQ(asked, (std::vector<std::string>{"housing.landlord"}));
}

TEST(Screener, AsksAYesOrNoFactOfSeveralMembersOnOneScreen) {
  rules::RuleBase rules = PrerequisiteRules();
  Answers answers = Composed("ja", "0");
  for (const char* person : {"household.persons[0]", "household.persons[1]"}) {
    answers.Set(std::string(person) + ".statuses", "");
    answers.Set(std::string(person) + ".birth_date", "01/01/1990");
    answers.Set(std::string(person) + ".recognised_handicap", "nee");
  }
  answers.Set("housing.tenure", "owner");
  Screen s = Step(rules, answers, Input{}, {"Dendermonde"}, kDate);
  ASSERT_EQ(s.kind, ScreenKind::kQuestion);
  EXPECT_EQ(s.question->path, "wie:pregnant:0,1");
  EXPECT_EQ(s.question->kind, InputKind::kMembers);
  EXPECT_EQ(s.question->text, "Is iemand in uw gezin zwanger? Duid aan wie.");
  ASSERT_EQ(s.question->options.size(), 2u);
  EXPECT_EQ(s.question->options[1].label, "uw partner");
  // The ticked member "ja", the other "nee".
  s = Step(rules, s.answers, Input{"answer", "wie:pregnant:0,1", {"", "1"}, ""}, {"Dendermonde"}, kDate);
  EXPECT_EQ(s.answers.Get("household.persons[0].pregnant"), "nee");
  EXPECT_EQ(s.answers.Get("household.persons[1].pregnant"), "ja");
  EXPECT_EQ(s.kind, ScreenKind::kOverview);
}

TEST(Screener, OffersOnlyTheBenefitsThatFitThePerson) {
  rules::RuleBase rules = Rules();
  Answers answers = Composed("nee", "1");
  answers.Set("household.persons[0].birth_date", "01/01/1985");
  answers.Set("household.persons[1].birth_date", "01/01/2015");
  auto evaluation = Evaluate(rules, answers, kDate, false);
  const auto values = [&](const char* path) {
    std::vector<std::string> out;
    const std::optional<Question> q = QuestionFor(evaluation, path);
    if (q) {
      for (const Option& o : q->options) out.push_back(o.value);
    }
    return out;
  };
  const auto has = [](const std::vector<std::string>& list, const char* value) {
    return std::find(list.begin(), list.end(), value) != list.end();
  };
  const auto adult = values("household.persons[0].statuses");
  const auto child = values("household.persons[1].statuses");
  EXPECT_TRUE(has(adult, "leefloon"));
  EXPECT_TRUE(has(adult, "vt"));
  EXPECT_FALSE(has(adult, "igo")) << "40 years old";
  EXPECT_FALSE(has(adult, "retirement_pension"));
  EXPECT_TRUE(has(child, "vt"));
  EXPECT_TRUE(has(child, "zorgtoeslag_sob"));
  for (const char* absurd : {"retirement_pension", "wzc_resident_flanders", "unemployed", "leefloon", "igo"}) {
    EXPECT_FALSE(has(child, absurd)) << absurd;
  }
}

TEST(Screener, ShowsAnswersInDutch) {
  Question money{"x", InputKind::kMoney, "", "", {}, 0};
  EXPECT_EQ(DisplayAnswer(money, "1250,5"), "€ 1.250,50");
  Question date{"x", InputKind::kDate, "", "", {}, 0};
  EXPECT_EQ(DisplayAnswer(date, "2025-02-01"), "1 februari 2025");
  Question statuses{"x", InputKind::kStatuses, "", "", {}, 0};
  EXPECT_EQ(DisplayAnswer(statuses, "vt,leefloon"), "verhoogde tegemoetkoming van het ziekenfonds, leefloon");
}

}  // namespace
}  // namespace screener
