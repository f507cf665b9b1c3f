// bench/population.cpp — the synthetic benchmark population (see population.h).
#include "bench/population.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "household/schema.h"

namespace bench {
namespace {

// Household size 1..5 (shared/spec/bench-rule.md).
constexpr double kSizeWeights[] = {0.35, 0.30, 0.15, 0.13, 0.07};
constexpr double kSecondAdult = 0.6;
constexpr double kOtherAdult = 0.15;
constexpr double kAdultZeroIncome = 0.15;
constexpr double kChildZeroIncome = 0.95;
constexpr double kReceives = 0.10;
constexpr double kLogMean = 7.0;
constexpr double kLogSigma = 0.8;

// A lognormal(μ, σ) draw in whole cents; `quarter` divides the euro amount by 4
// before rounding, like the reference (round(draw / 4, 2)).
int64_t IncomeCents(std::mt19937_64& rng, std::lognormal_distribution<double>& draw, bool quarter) {
  double euros = draw(rng);
  if (quarter) euros /= 4;
  return std::llround(euros * 100);
}

}  // namespace

household::Columns GeneratePopulation(const PopulationOptions& options) {
  using household::Entity;
  const household::FieldId birth_field = *household::FindField(Entity::kPerson, "birth_date");

  // Birth dates: adults 18–94 on `as_of` (born after as_of − 95 y, at most
  // as_of − 18 y), children 0–17 (born after as_of − 18 y, at most as_of).
  const int y = options.as_of.year();
  const unsigned m = options.as_of.month(), d = options.as_of.day();
  const int32_t adult_first = base::Date::FromYmd(y - 95, m, d).days() + 1;
  const int32_t adult_last = base::Date::FromYmd(y - 18, m, d).days();
  const int32_t child_first = adult_last + 1;
  const int32_t child_last = options.as_of.days();

  std::mt19937_64 rng(options.seed);
  std::discrete_distribution<int> size_draw(std::begin(kSizeWeights), std::end(kSizeWeights));
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int32_t> adult_birth(adult_first, adult_last);
  std::uniform_int_distribution<int32_t> child_birth(child_first, child_last);
  std::lognormal_distribution<double> income_draw(kLogMean, kLogSigma);

  household::Columns population;
  population.person_facts.resize(household::Fields(Entity::kPerson).size());
  population.household_facts.resize(household::Fields(Entity::kHousehold).size());
  household::FactColumn& births = population.person_facts[birth_field];
  births.number.reserve(options.persons);
  births.present.reserve(options.persons);
  population.incomes.entries.reserve(options.persons);
  size_t left = options.persons;
  while (left > 0) {
    const size_t size = std::min<size_t>(static_cast<size_t>(size_draw(rng)) + 1, left);
    left -= size;
    for (size_t i = 0; i < size; ++i) {
      const bool adult = i == 0 || unit(rng) < (i == 1 ? kSecondAdult : kOtherAdult);
      births.number.push_back(adult ? adult_birth(rng) : child_birth(rng));
      births.present.push_back(1);
      int64_t cents = 0;
      if (unit(rng) >= (adult ? kAdultZeroIncome : kChildZeroIncome)) cents = IncomeCents(rng, income_draw, !adult);
      population.incomes.known.push_back(1);
      population.incomes.entries.push_back({"other", base::Money::FromCents(cents), household::IncomePeriod::kMonth,
                                            household::IncomeBasis::kNet});
      population.incomes.first.push_back(static_cast<uint32_t>(population.incomes.entries.size()));
      population.statuses.known.push_back(1);
      const bool receives = i == 0 && unit(rng) < kReceives;
      if (receives) population.statuses.entries.push_back({"allowance", std::nullopt, {}, {}});
      population.statuses.first.push_back(static_cast<uint32_t>(population.statuses.entries.size()));
      population.status_bits.push_back(receives ? household::StatusBit("allowance") : 0);
    }
    population.first_person.push_back(population.first_person.back() + static_cast<uint32_t>(size));
    population.real_estate.known.push_back(0);
    population.real_estate.first.push_back(0);
  }
  return population;
}

std::vector<household::Household> ToHouseholds(const household::Columns& population) {
  std::vector<household::Household> households;
  households.reserve(population.households());
  for (size_t h = 0; h < population.households(); ++h) households.push_back(household::HouseholdAt(population, h));
  return households;
}

}  // namespace bench
