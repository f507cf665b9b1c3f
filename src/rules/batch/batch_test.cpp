// rules/batch/batch_test.cpp — differential test: the column-wise engine
// agrees with the reference interpreter on status, amount and category for
// every right of the real rule base over randomly generated households,
// including households with many unknown inputs.
#include "rules/batch/batch.h"

#include <gtest/gtest.h>

#include <random>

#include "household/schema.h"
#include "rules/rules.h"

namespace rules::batch {
namespace {

using household::Entity;
using household::Fact;
using household::FieldType;

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  household::Household Household() {
    household::Household hh;
    for (const auto& spec : household::Fields(Entity::kHousehold)) hh.facts.push_back(RandomFact(spec));
    // NIS codes: Pelt, Oostende, Blankenberge, Dendermonde, Mechelen, Meise,
    // Maldegem, Zonhoven, Merksplas, Eeklo, Assenede, Landen, Gent.
    static const char* kTowns[] = {"72043", "35013", "31004", "42006", "12025", "23050", "43010",
                                   "71066", "13023", "43005", "43002", "24059", "44021"};
    hh.facts[*household::FindField(Entity::kHousehold, "municipality.nis")] =
        Chance(0.9) ? Fact::Text(kTowns[Uniform(0, 12)]) : Fact{};
    // Real estate: unknown, or known with 0–3 entries on both sides of the rules' limits (€745, €1500).
    if (Chance(0.7)) {
      static const char* kTypes[] = {"own_home", "own_home", "other_dwelling", "land", "other"};
      hh.owned_real_estate.emplace();
      for (int i = Uniform(0, 3); i > 0; --i) {
        hh.owned_real_estate->push_back({kTypes[Uniform(0, 4)], base::Money::FromCents(Uniform(0, 250000))});
      }
    }
    // The heating allowance must be requested within 60 days after the delivery: mostly close dates,
    // on both sides of the limit, so that the verwarmingstoelage reaches every status.
    static const auto delivery = *household::FindField(Entity::kHousehold, "heating_delivery.date");
    static const auto request = *household::FindField(Entity::kHousehold, "heating_delivery.requested_on");
    if (hh.facts[delivery].present && hh.facts[request].present && Chance(0.8)) {
      hh.facts[request] = Fact::Number(hh.facts[delivery].number + Uniform(-5, 90));
    }
    int persons = Uniform(1, 5);
    static const char* kRelations[] = {"partner", "child", "child", "parent", "flatmate", "other_family"};
    for (int i = 0; i < persons; ++i) {
      household::Person p;
      for (const auto& spec : household::Fields(Entity::kPerson)) p.facts.push_back(RandomFact(spec));
      p.facts[*household::FindField(Entity::kPerson, "id")] = Fact::Text("p" + std::to_string(i));
      // An enum fact carries its value's index (household/model.h), as the readers set it.
      static const auto relationship = *household::FindField(Entity::kPerson, "relationship_to_applicant");
      Fact& rel = p.facts[relationship] = Fact::Text(i == 0 ? "self" : kRelations[Uniform(0, 5)]);
      rel.number = *household::EnumIndex(household::Fields(Entity::kPerson)[relationship], rel.text);
      if (Chance(0.85)) {
        p.incomes.emplace();
        for (int k = Uniform(0, 2); k > 0; --k) {
          const auto& kinds = household::IncomeKinds();
          p.incomes->push_back({std::string(kinds[Uniform(0, static_cast<int>(kinds.size()) - 1)]),
                                base::Money::FromCents(Uniform(0, 400000)),
                                Chance(0.5) ? household::IncomePeriod::kMonth : household::IncomePeriod::kYear,
                                Chance(0.5) ? household::IncomeBasis::kNet : household::IncomeBasis::kGrossTaxable});
        }
      }
      if (Chance(0.85)) {
        p.statuses.emplace();
        for (int k = Uniform(0, 3); k > 0; --k) {
          const auto& statuses = household::StatusValues();
          household::Status s;
          s.status = std::string(statuses[Uniform(0, static_cast<int>(statuses.size()) - 1)]);
          if (Chance(0.8)) s.since = base::Date::FromYmd(Uniform(2015, 2025), Uniform(1, 12), Uniform(1, 28));
          s.category = Chance(0.3) ? "cat" + std::to_string(Uniform(1, 3)) : "";
          p.statuses->push_back(s);
        }
      }
      hh.persons.push_back(std::move(p));
    }
    return hh;
  }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  Fact RandomFact(const household::FieldSpec& spec) {
    if (!Chance(0.75)) return Fact{};
    switch (spec.type) {
      case FieldType::kBool: return Fact::Number(Uniform(0, 1));
      case FieldType::kInt: return Fact::Number(Uniform(0, 100));
      case FieldType::kMoney: return Fact::Number(Uniform(0, 6000000));
      case FieldType::kDate:
        return Fact::Number(base::Date::FromYmd(Uniform(1925, 2025), Uniform(1, 12), Uniform(1, 28)).days());
      case FieldType::kText: return Fact::Text(Chance(0.7) ? "BE" : "NL");
      case FieldType::kEnum: {
        int index = Uniform(0, static_cast<int>(spec.values.size()) - 1);
        std::string value(spec.values[index]);
        if (!value.empty() && value.back() == '*') value = value.substr(0, value.size() - 1) + "family";
        Fact f = Fact::Text(value);
        f.number = index;
        return f;
      }
    }
    return Fact{};
  }

  std::mt19937_64 rng_;
};

RuleBase LoadRights() {
  base::Diagnostics d;
  auto rules = Load({std::string(RECHTOP_SOURCE_DIR) + "/rights"}, d);
  EXPECT_TRUE(rules) << d.Format();
  return std::move(*rules);
}

void ExpectAgreement(const RuleBase& rules, const std::vector<household::Household>& households, base::Date date) {
  Evaluator batch(rules.program);
  eval::Evaluator reference(rules.program);
  auto columns = batch.EvaluateAll(households, date);
  ASSERT_EQ(columns.size(), rules.program.rights.size());
  int mismatches = 0;
  for (size_t h = 0; h < households.size(); ++h) {
    auto expected = reference.EvaluateAll(households[h], date, {});
    for (size_t r = 0; r < expected.size() && mismatches < 10; ++r) {
      const auto& e = expected[r];
      const RightColumns& c = columns[r];
      bool same = e.status == c.status[h] && e.amount.has_value() == (c.amount_known[h] != 0) &&
                  (!e.amount || e.amount->cents() == c.amount_cents[h]) &&
                  e.category.has_value() == (c.category_known[h] != 0) &&
                  (!e.category || *e.category == c.category[h]);
      if (!same) {
        ++mismatches;
        ADD_FAILURE() << "household " << h << ", right " << rules.program.rights[r].id << ": interpreter "
                      << eval::StatusName(e.status) << " amount " << (e.amount ? e.amount->ToString() : "-")
                      << " category " << e.category.value_or("-") << ", batch " << eval::StatusName(c.status[h])
                      << " amount " << (c.amount_known[h] ? base::Money::FromCents(c.amount_cents[h]).ToString() : "-")
                      << " category " << (c.category_known[h] ? c.category[h] : "-");
      }
    }
  }
}

std::vector<household::Household> RandomHouseholds(uint64_t seed, int count) {
  Generator generator(seed);
  std::vector<household::Household> households;
  for (int i = 0; i < count; ++i) households.push_back(generator.Household());
  return households;
}

TEST(Batch, AgreesWithTheInterpreterOnRandomHouseholds) {
  RuleBase rules = LoadRights();
  auto households = RandomHouseholds(20261123, 3000);
  for (const char* date : {"2024-03-01", "2025-03-01", "2025-06-01", "2026-11-23"}) {
    SCOPED_TRACE(date);
    ExpectAgreement(rules, households, *base::Date::Parse(date));
  }
}

// The rights that read real estate or nest aggregates reach every status on
// random households, so the agreement above is not vacuous for them.
TEST(Batch, ReachesEveryStatusOnTheRightsWithNestedAndRealEstateAggregates) {
  RuleBase rules = LoadRights();
  auto households = RandomHouseholds(99, 3000);
  Evaluator batch(rules.program);
  auto columns = batch.EvaluateAll(households, *base::Date::Parse("2025-06-01"));
  for (const char* id : {"blankenberge_sociale_premies", "groeipakket_basisbedrag", "mantelzorgtoelage_maldegem",
                         "mantelzorgtoelage_mechelen", "mantelzorgtoelage_meise", "uitpas_kansentarief_assenede",
                         "uitpas_kansentarief_eeklo", "verwarmingstoelage"}) {
    SCOPED_TRACE(id);
    auto r = rules.program.FindRight(id);
    ASSERT_TRUE(r);
    int seen[3] = {0, 0, 0};
    for (auto status : columns[*r].status) ++seen[static_cast<int>(status)];
    for (int status = 0; status < 3; ++status) EXPECT_GT(seen[status], 0) << eval::StatusName(eval::Status(status));
  }
}

TEST(Batch, AgreesOnTheBenchmarkRule) {
  base::Diagnostics d;
  auto rules = Load({std::string(RECHTOP_SOURCE_DIR) + "/bench/allowance"}, d);
  ASSERT_TRUE(rules) << d.Format();
  ExpectAgreement(*rules, RandomHouseholds(7, 2000), *base::Date::Parse("2025-01-01"));
}

// Nested aggregates (in conditions, in per-person defines, three deep, over
// real estate inside members) and real estate read from a per-person define.
// tests/engines/: nested aggregates, real-estate aggregates and every
// built-in, shared with the SQL engines' test (src/sqldb/engines_test.cpp).
RuleBase LoadEngineRules() {
  base::Diagnostics d;
  auto rules = Load({std::string(RECHTOP_SOURCE_DIR) + "/tests/engines"}, d);
  EXPECT_TRUE(rules) << d.Format();
  return std::move(*rules);
}

TEST(Batch, AgreesOnTheTestRulesOfEveryConstruct) {
  RuleBase rules = LoadEngineRules();
  auto households = RandomHouseholds(4242, 4000);
  // 2025-03-31 and 2025-04-01: the last day of test.grens and the first without it.
  for (const char* date : {"2020-01-01", "2025-03-31", "2025-04-01", "2025-06-01"}) {
    SCOPED_TRACE(date);
    ExpectAgreement(rules, households, *base::Date::Parse(date));
  }
}

household::Household HouseholdWithAges(const std::vector<int>& ages) {
  household::Household hh;
  hh.facts.resize(household::Fields(Entity::kHousehold).size());
  static const auto age = household::FindField(Entity::kPerson, "age");
  static const auto rel = household::FindField(Entity::kPerson, "relationship_to_applicant");
  for (size_t i = 0; i < ages.size(); ++i) {
    household::Person p;
    p.facts.resize(household::Fields(Entity::kPerson).size());
    p.facts[*age] = Fact::Number(ages[i]);
    p.facts[*rel] = Fact::Text(i == 0 ? "self" : "child");
    p.incomes.emplace();
    hh.persons.push_back(std::move(p));
  }
  return hh;
}

TEST(Batch, NestedAggregatesRangeOverTheSameHousehold) {
  RuleBase rules = LoadEngineRules();
  const uint32_t oudsten = *rules.program.FindRight("oudsten");
  // Two oldest of 50 in the first household; the second has one of 70.
  std::vector<household::Household> households = {HouseholdWithAges({50, 12, 50}), HouseholdWithAges({70, 40})};
  Evaluator batch(rules.program);
  auto columns = batch.EvaluateAll(households, *base::Date::Parse("2025-06-01"));
  EXPECT_EQ(columns[oudsten].status[0], eval::Status::kEligible);
  EXPECT_EQ(columns[oudsten].amount_cents[0], 200);
  EXPECT_EQ(columns[oudsten].amount_cents[1], 100);
}

TEST(Batch, RealEstateAggregatesAreUnknownWhenTheRealEstateIsAndZeroOverNoEntries) {
  RuleBase rules = LoadEngineRules();
  const uint32_t minimum = *rules.program.FindRight("minimum_eigendom");
  household::Household unknown = HouseholdWithAges({40});
  household::Household none = HouseholdWithAges({40});
  none.owned_real_estate.emplace();
  household::Household two = HouseholdWithAges({40});
  two.owned_real_estate = std::vector<household::RealEstate>{{"own_home", base::Money::FromCents(90000)},
                                                             {"land", base::Money::FromCents(30000)}};
  std::vector<household::Household> households = {unknown, none, two};
  Evaluator batch(rules.program);
  auto columns = batch.EvaluateAll(households, *base::Date::Parse("2025-06-01"));
  const RightColumns& c = columns[minimum];
  EXPECT_EQ(c.status[0], eval::Status::kUndetermined);
  EXPECT_FALSE(c.category_known[0]);
  EXPECT_EQ(c.status[1], eval::Status::kEligible);  // min of nothing is €0
  EXPECT_EQ(c.amount_cents[1], 0);
  EXPECT_EQ(c.category[1], "nee");
  EXPECT_EQ(c.status[2], eval::Status::kEligible);  // the land is filtered out of the condition, not of the amount
  EXPECT_EQ(c.amount_cents[2], 30000);
  EXPECT_EQ(c.category[2], "ja");  // €900 and €300 are above an income of €0
}

}  // namespace
}  // namespace rules::batch
