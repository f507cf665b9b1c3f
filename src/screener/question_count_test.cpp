// screener/question_count_test.cpp — the question-count benchmark of the
// rights check (issue 21): 20 scripted households of different shapes go
// through the dialogue on the real rule base (rights/). Each person answers
// what they know from their script and presses "Weet ik niet" for the rest.
// Prints the number of question screens and the rights settled for each, and
// fails if the median exceeds 15 or any household needs more than 25.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "screener/screener.h"

namespace screener {
namespace {

constexpr int kMedianLimit = 15;
constexpr int kAnyLimit = 25;
constexpr int kRunaway = 120;  // a dialogue this long is a loop, not a count

struct Script {
  const char* name;
  std::map<std::string, std::string> knows;  // answer path → what the person types
};

std::string P(int person, const char* field) {
  return "household.persons[" + std::to_string(person) + "]." + field;
}

// What most people know about themselves without papers: who lives with
// them, birth dates, net income, what they already receive, how they live.
// Papers-only facts (scale points, taxable income of a year) are not known.
std::map<std::string, std::string> Person(int i, const char* birth, const char* income, const char* statuses,
                                          const char* handicap = "nee") {
  std::map<std::string, std::string> m = {{P(i, "birth_date"), birth},
                                          {P(i, "statuses"), statuses},
                                          {P(i, "recognised_handicap"), handicap},
                                          {P(i, "pregnant"), "nee"},
                                          {P(i, "population_register"), "ja"},
                                          {P(i, "domiciled_here"), "ja"},
                                          {P(i, "domiciled_on_jan1"), "ja"},
                                          {P(i, "resident_in_belgium"), "ja"},
                                          {P(i, "merchant_status"), "never"},
                                          {P(i, "structural_over_indebtedness"), "nee"}};
  if (income) m[P(i, "incomes")] = income;
  return m;
}

std::map<std::string, std::string> Child(int i, const char* birth, const char* school) {
  auto m = Person(i, birth, "0", "");
  m[P(i, "school_level")] = school;
  m[P(i, "dependent")] = "ja";
  m[P(i, "child_benefit")] = "ja";
  return m;
}

Script Make(const char* name, const char* town, bool partner, int children, int others,
            std::vector<std::map<std::string, std::string>> parts) {
  Script s{name,
           {{"gemeente", town},
            {"partner", partner ? "ja" : "nee"},
            {"kinderen", std::to_string(children)},
            {"andere_volwassenen", std::to_string(others)}}};
  for (const auto& part : parts) s.knows.insert(part.begin(), part.end());
  return s;
}

std::map<std::string, std::string> Tenant(const char* rent) {
  return {{"housing.tenure", "tenant"}, {"housing.landlord", "private"}, {"housing.rent_monthly", rent},
          {"housing.heating_fuel", "natural_gas"}};
}
std::map<std::string, std::string> SocialTenant() {
  return {{"housing.tenure", "social_tenant"}, {"housing.landlord", "shm"}, {"housing.heating_fuel", "natural_gas"}};
}
std::map<std::string, std::string> Owner() {
  return {{"housing.tenure", "owner"}, {"housing.owns_dwelling", "ja"}, {"housing.heating_fuel", "heating_oil_bulk"}};
}

std::vector<Script> Scripts() {
  return {
      Make("alleenstaande moeder, 2 kinderen, deeltijds, private huur (Dendermonde)", "Dendermonde", false, 2, 0,
           {Person(0, "12/04/1991", "1.350", ""), Child(1, "03/05/2015", "primary"), Child(2, "20/09/2018", "primary"),
            Tenant("750")}),
      Make("weduwe van 72, alleen, eigenaar (Balen)", "Balen", false, 0, 0,
           {Person(0, "02/02/1954", "1.450", "survivor_pension,retirement_pension"), Owner(),
            {{P(0, "marital_status"), "widowed"}}}),
      Make("alleenstaande, voltijds werk, private huur", "Leuven", false, 0, 0,
           {Person(0, "15/06/1988", "2.300", ""), Tenant("800")}),
      Make("koppel zonder kinderen, beiden werk, eigenaar", "Herent", true, 0, 0,
           {Person(0, "01/01/1980", "2.600", ""), Person(1, "05/03/1982", "2.100", ""), Owner()}),
      Make("koppel met 3 kinderen, één inkomen, sociale huur", "Aalst", true, 3, 0,
           {Person(0, "10/10/1985", "1.900", ""), Person(1, "11/11/1987", "0", ""), Child(2, "01/09/2010", "secondary"),
            Child(3, "01/09/2013", "primary"), Child(4, "01/09/2020", "preschool"), SocialTenant()}),
      Make("alleenstaande zonder inkomen, leefloon, private huur", "Dendermonde", false, 0, 0,
           {Person(0, "20/07/1995", "950", "leefloon"), Tenant("600")}),
      Make("persoon met een handicap, IVT en IT, alleen, sociale huur", "Balen", false, 0, 0,
           {Person(0, "04/04/1979", "1.250", "ivt,it", "ja"), SocialTenant()}),
      Make("gepensioneerd koppel, eigenaar", "Herent", true, 0, 0,
           {Person(0, "03/03/1950", "1.700", "retirement_pension"), Person(1, "04/04/1952", "900", "retirement_pension"),
            Owner()}),
      Make("alleenstaande vader, 1 kind, werkloos, private huur", "Aalst", false, 1, 0,
           {Person(0, "09/09/1984", "1.300", "unemployed"), Child(1, "02/02/2012", "secondary"), Tenant("700")}),
      Make("student van 20 bij een volwassen huisgenoot", "Leuven", false, 0, 1,
           {Person(0, "01/10/2006", "0", ""), Person(1, "01/01/1970", "2.000", ""), Tenant("900"),
            {{P(0, "school_level"), "higher"}}}),
      Make("alleenstaande 80+, in een woonzorgcentrum", "Balen", false, 0, 0,
           {Person(0, "05/05/1943", "1.300", "retirement_pension,wzc_resident_flanders"),
            {{"housing.tenure", "care_home"}}}),
      Make("koppel met een kind met een handicap, huur", "Dendermonde", true, 1, 0,
           {Person(0, "07/07/1983", "2.200", ""), Person(1, "08/08/1985", "1.100", ""),
            Child(2, "09/09/2014", "primary"), {{P(2, "recognised_handicap"), "ja"}}, Tenant("850")}),
      Make("alleenstaande, ziek (invaliditeit), private huur", "Leuven", false, 0, 0,
           {Person(0, "12/12/1975", "1.400", "invalid"), Tenant("650")}),
      Make("jonge alleenstaande zonder inkomen, dakloos", "Aalst", false, 0, 0,
           {Person(0, "01/03/2004", "0", ""), {{"housing.tenure", "homeless"}}}),
      Make("koppel, 2 kinderen, deeltijds en voltijds, eigenaar", "Herent", true, 2, 0,
           {Person(0, "02/02/1986", "2.400", ""), Person(1, "03/03/1988", "1.200", ""),
            Child(2, "04/04/2016", "primary"), Child(3, "05/05/2019", "preschool"), Owner()}),
      Make("alleenstaande moeder, baby, zonder inkomen, sociale huur", "Dendermonde", false, 1, 0,
           {Person(0, "06/06/1999", "0", ""), Child(1, "01/06/2026", "none"), SocialTenant()}),
      Make("alleenstaande 68, IGO, private huur", "Leuven", false, 0, 0,
           {Person(0, "07/07/1958", "1.150", "igo"), Tenant("700")}),
      Make("alleenstaande met VT, deeltijds, private huur", "Balen", false, 0, 0,
           {Person(0, "08/08/1990", "1.100", "vt"), Tenant("680")}),
      Make("alleenstaande met schulden, budgetbeheer, huur", "Aalst", false, 0, 0,
           {Person(0, "09/09/1980", "1.350", "budgetbeheer"), Tenant("720"),
            {{P(0, "structural_over_indebtedness"), "ja"}}}),
      Make("gezin met inwonende grootmoeder, eigenaar", "Herent", true, 1, 1,
           {Person(0, "10/10/1978", "2.500", ""), Person(1, "11/11/1980", "1.500", ""),
            Child(2, "12/12/2011", "secondary"), Person(3, "01/01/1945", "1.200", "retirement_pension"), Owner()}),
  };
}

struct Dialogue {
  int questions = 0;
  int settled = 0;  // rights eligible or not eligible at the end
  int rights = 0;
  std::vector<std::string> asked;
};

Dialogue Replay(const rules::RuleBase& rules, const Script& script) {
  const std::vector<std::string> towns = {"Aalst", "Balen", "Dendermonde", "Herent", "Leuven"};
  const base::Date date = *base::Date::Parse("2026-12-07");
  Dialogue run;
  Answers answers;
  Input input;
  while (true) {
    Screen screen = Step(rules, std::move(answers), input, towns, date);
    answers = std::move(screen.answers);
    if (screen.kind != ScreenKind::kQuestion) break;
    if (++run.questions > kRunaway) break;
    const Question& q = *screen.question;
    run.asked.push_back(q.path);
    input = Input{};
    input.asked = q.path;
    if (q.kind == InputKind::kComposition) {
      input.action = "answer";
      for (std::string_view key : {kPartner, kChildren, kOtherAdults}) {
        input.values.push_back(std::string(key) + "=" + script.knows.at(std::string(key)));
      }
      continue;
    }
    if (q.path.starts_with(kMembersPrefix) && q.kind == InputKind::kStatuses) {
      // What the others receive, "1:vt" for each status of member 1 the script lists.
      input.action = "answer";
      input.values = {""};
      std::string last_member;
      for (const Option& option : q.options) {
        const std::string member = option.value.substr(0, option.value.find(':'));
        if (member == last_member) continue;
        last_member = member;
        const std::string& list = script.knows.at(P(std::stoi(member), "statuses"));
        for (size_t start = 0; start < list.size();) {
          const size_t comma = std::min(list.find(',', start), list.size());
          input.values.push_back(member + ":" + list.substr(start, comma - start));
          start = comma + 1;
        }
      }
      continue;
    }
    if (q.kind == InputKind::kMembers) {
      // Ticks the members whose script says "ja"; not one of them known: "Weet ik niet".
      const std::string field = q.path.substr(kMembersPrefix.size(), q.path.rfind(':') - kMembersPrefix.size());
      bool any_known = false;
      input.action = "answer";
      input.values = {""};
      for (const Option& member : q.options) {
        auto fact = script.knows.find(P(std::stoi(member.value), field.c_str()));
        if (fact == script.knows.end()) continue;
        any_known = true;
        if (fact->second == "ja") input.values.push_back(member.value);
      }
      if (!any_known) input.action = "skip";
      continue;
    }
    auto known = script.knows.find(q.path);
    if (known == script.knows.end()) {
      input.action = "skip";
    } else {
      input.action = "answer";
      input.values = {known->second};
    }
  }
  Evaluation evaluation = Evaluate(rules, answers, date, false);
  run.rights = static_cast<int>(evaluation.outcomes.size());
  for (const auto& o : evaluation.outcomes) run.settled += o.status != rules::eval::Status::kUndetermined;
  return run;
}

TEST(QuestionCount, TypicalHouseholdsNeedAtMost15Questions) {
  base::Diagnostics diagnostics;
  auto rules = rules::Load({std::string(RECHTOP_SOURCE_DIR) + "/rights"}, diagnostics);
  ASSERT_TRUE(rules) << diagnostics.Format();
  const std::vector<Script> scripts = Scripts();
  ASSERT_EQ(scripts.size(), 20u);
  std::vector<int> counts;
  std::printf("%-78s %9s %s\n", "household", "questions", "rights settled");
  for (const Script& script : scripts) {
    Dialogue run = Replay(*rules, script);
    counts.push_back(run.questions);
    std::printf("%-78s %9d %d/%d\n", script.name, run.questions, run.settled, run.rights);
    EXPECT_LE(run.questions, kAnyLimit) << script.name << " asked: " << ::testing::PrintToString(run.asked);
    if (std::getenv("RECHTOP_SHOW_QUESTIONS")) std::printf("  %s\n", ::testing::PrintToString(run.asked).c_str());
  }
  std::vector<int> sorted = counts;
  std::sort(sorted.begin(), sorted.end());
  const double median = (sorted[9] + sorted[10]) / 2.0;
  std::printf("median %.1f, most %d\n", median, sorted.back());
  EXPECT_LE(median, kMedianLimit);
}

}  // namespace
}  // namespace screener
