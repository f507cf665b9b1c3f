// bench/bench_main.cpp — `rechtop_bench`: Google Benchmark timings of the
// reference evaluator (bench/README.md). (a) one realistic household against
// the whole rule base in rights/, with and without explanations; (b) the
// benchmark rule "allowance" (bench/allowance/) over a synthetic population of
// one million persons, plus a hand-written C++ loop of the same rule as a
// baseline and cross-check. `rechtop_bench --allowance-summary N [YYYY-MM-DD]`
// prints the totals for N persons and checks the engine against that loop.
#include <benchmark/benchmark.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <istream>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bench/population.h"
#include "household/schema.h"
#include "population/population.h"
#include "population/synth.h"
#include "rules/batch/batch.h"
#include "rules/compiled/compiled.h"
#include "rules/rules.h"

namespace {

using household::Entity;
using household::Fact;
using household::FieldType;

constexpr const char* kSourceDir = RECHTOP_SOURCE_DIR;
const base::Date kAllowanceMonth = base::Date::FromYmd(2025, 1, 1);
constexpr size_t kBatchChunkPersons = 1024;  // scan's default chunk
const base::Date kCatalogueDate = base::Date::FromYmd(2025, 6, 1);

// ---------------------------------------------------------- rule bases --

struct Loaded {
  std::optional<rules::RuleBase> rules;
  std::string diagnostics;
};

Loaded LoadRules(const std::string& dir) {
  base::Diagnostics diagnostics;
  Loaded loaded;
  loaded.rules = rules::Load({dir}, diagnostics);
  loaded.diagnostics = dir + ": " + (diagnostics.all().empty() ? "no rules loaded" : diagnostics.Format());
  return loaded;
}

const Loaded& AllRights() {
  static const Loaded loaded = LoadRules(std::string(kSourceDir) + "/rights");
  return loaded;
}

const Loaded& AllowanceRules() {
  static const Loaded loaded = LoadRules(std::string(kSourceDir) + "/bench/allowance");
  return loaded;
}

// ------------------------------------------------------ demo household --

// Sets a scalar input by its schema name; a wrong name or type is a bug here.
void Set(std::vector<Fact>& facts, Entity entity, std::string_view name, std::string_view value) {
  auto id = household::FindField(entity, name);
  if (!id) throw std::logic_error("no input named " + std::string(name));
  const household::FieldSpec& spec = household::Fields(entity)[*id];
  Fact fact;
  switch (spec.type) {
    case FieldType::kText: fact = Fact::Text(std::string(value)); break;
    case FieldType::kEnum: {
      auto index = household::EnumIndex(spec, value);
      if (!index) throw std::logic_error(std::string(name) + ": value not allowed: " + std::string(value));
      fact = Fact{true, *index, std::string(value)};
      break;
    }
    case FieldType::kBool: fact = Fact::Number(value == "true"); break;
    case FieldType::kDate: fact = Fact::Number(base::Date::Parse(value).value().days()); break;
    case FieldType::kMoney: fact = Fact::Number(base::Money::Parse(value).value().cents()); break;
    case FieldType::kInt: {
      int64_t n = 0;
      std::from_chars(value.data(), value.data() + value.size(), n);
      fact = Fact::Number(n);
      break;
    }
  }
  facts[*id] = std::move(fact);
}

household::Person NewPerson() {
  household::Person person;
  person.facts.resize(household::Fields(Entity::kPerson).size());
  person.incomes.emplace();
  person.statuses.emplace();
  return person;
}

household::Income Income(std::string kind, std::string_view amount, household::IncomePeriod period,
                         household::IncomeBasis basis) {
  return {std::move(kind), base::Money::Parse(amount).value(), period, basis};
}

// A tenant couple with two children in Dendermonde, March 2025: the applicant
// works part time and has the increased reimbursement (vt), her partner is
// unemployed; most inputs the rule base asks for are given.
household::Household DemoHousehold() {
  using household::IncomeBasis;
  using household::IncomePeriod;
  constexpr Entity P = Entity::kPerson;
  household::Household hh;
  hh.reference_date = base::Date::FromYmd(2025, 3, 1);
  hh.facts.resize(household::Fields(Entity::kHousehold).size());
  auto& f = hh.facts;
  constexpr Entity H = Entity::kHousehold;
  Set(f, H, "municipality.name", "Dendermonde");
  Set(f, H, "municipality.postcode", "9200");
  Set(f, H, "municipality.region", "flanders");
  Set(f, H, "household.living_situation", "couple_with_children");
  Set(f, H, "income_history.household_gross_taxable_income_annual.year", "2024");
  Set(f, H, "income_history.household_gross_taxable_income_annual.amount", "21500.00");
  Set(f, H, "income_history.household_gross_taxable_income_prev_month", "1790.00");
  Set(f, H, "income_history.indexed_income_last_assessment", "21100.00");
  Set(f, H, "income_history.household_income_groeipakket_last_assessment", "21100.00");
  Set(f, H, "income_history.household_gross_taxable_income_all_adults_annual", "21500.00");
  Set(f, H, "housing.tenure", "tenant");
  Set(f, H, "housing.landlord", "private");
  Set(f, H, "housing.rent_monthly", "720.00");
  Set(f, H, "housing.heating_fuel", "heating_oil_bulk");
  Set(f, H, "housing.collective_gas_heating", "false");
  Set(f, H, "housing.main_residence", "true");
  Set(f, H, "housing.contract_in_own_name", "true");
  Set(f, H, "housing.meets_housing_standards", "true");
  Set(f, H, "housing.shm_waiting_list_since", "2021-09-15");
  Set(f, H, "housing.refused_social_dwelling", "false");
  Set(f, H, "connection.domiciled_at_connection", "true");
  Set(f, H, "connection.second_residence", "false");
  Set(f, H, "connection.common_parts", "false");
  Set(f, H, "heating_delivery.date", "2025-02-10");
  Set(f, H, "heating_delivery.litres", "1500");
  Set(f, H, "heating_delivery.cannot_pay_bill", "false");
  Set(f, H, "tax_year", "2025");
  hh.owned_real_estate.emplace();

  auto adult = [&](std::string_view id, std::string_view relationship, std::string_view birth,
                   std::string_view marital) {
    household::Person p = NewPerson();
    Set(p.facts, P, "id", id);
    Set(p.facts, P, "relationship_to_applicant", relationship);
    Set(p.facts, P, "birth_date", birth);
    Set(p.facts, P, "marital_status", marital);
    Set(p.facts, P, "nationality", "BE");
    for (std::string_view flag : {"domiciled_here", "domiciled_on_jan1", "moves_in", "resident_in_belgium",
                                  "population_register", "willing_to_work", "other_rights_exhausted"}) {
      Set(p.facts, P, flag, "true");
    }
    for (std::string_view flag : {"pregnant", "dependent", "recognised_handicap", "state_of_need"}) {
      Set(p.facts, P, flag, "false");
    }
    return p;
  };
  auto child = [&](std::string_view id, std::string_view birth) {
    household::Person p = NewPerson();
    Set(p.facts, P, "id", id);
    Set(p.facts, P, "relationship_to_applicant", "child");
    Set(p.facts, P, "birth_date", birth);
    Set(p.facts, P, "marital_status", "single");
    for (std::string_view flag : {"dependent", "child_benefit", "domiciled_here", "domiciled_on_jan1", "moves_in",
                                  "resident_in_belgium", "population_register"}) {
      Set(p.facts, P, flag, "true");
    }
    Set(p.facts, P, "recognised_handicap", "false");
    return p;
  };

  household::Person sara = adult("Sara", "self", "1991-04-12", "legally_cohabiting");
  sara.incomes->push_back(Income("employment", "1180.00", IncomePeriod::kMonth, IncomeBasis::kNet));
  sara.incomes->push_back(Income("employment", "16200.00", IncomePeriod::kYear, IncomeBasis::kGrossTaxable));
  sara.statuses->push_back({"vt", base::Date::FromYmd(2024, 6, 1), {}, {}});
  household::Person tom = adult("Tom", "partner", "1988-11-30", "legally_cohabiting");
  tom.incomes->push_back(Income("unemployment", "610.00", IncomePeriod::kMonth, IncomeBasis::kNet));
  tom.incomes->push_back(Income("unemployment", "5300.00", IncomePeriod::kYear, IncomeBasis::kGrossTaxable));
  tom.statuses->push_back({"unemployed", base::Date::FromYmd(2024, 10, 1), {}, {}});
  tom.statuses->push_back({"vt", base::Date::FromYmd(2024, 6, 1), {}, {}});
  household::Person noah = child("Noah", "2016-09-03");
  noah.incomes->push_back(Income("child_benefit", "190.00", IncomePeriod::kMonth, IncomeBasis::kNet));
  noah.statuses->push_back({"groeipakket_sociale_toeslag", base::Date::FromYmd(2024, 1, 1), {}, {}});
  household::Person lina = child("Lina", "2020-01-20");
  lina.statuses->push_back({"groeipakket_sociale_toeslag", base::Date::FromYmd(2024, 1, 1), {}, {}});
  hh.persons = {std::move(sara), std::move(tom), std::move(noah), std::move(lina)};
  return hh;
}

// ----------------------------------------------------------- allowance --

struct Totals {
  int64_t households = 0;
  int64_t eligible = 0;
  int64_t non_take_up = 0;
  int64_t amount_cents = 0;              // Σ allowance amount over eligible households
  int64_t non_take_up_amount_cents = 0;  // Σ amount over non-take-up households
  bool operator==(const Totals&) const = default;
};

struct AllowanceRights {
  uint32_t allowance = 0;
  uint32_t non_take_up = 0;
};

AllowanceRights FindAllowanceRights(const rules::RuleBase& rules) {
  return {rules.program.FindRight("allowance").value(), rules.program.FindRight("allowance_non_take_up").value()};
}

// The rule engine: one EvaluateAll per household (the rule base holds just
// the two allowance rights, so both come from one memo generation).
void AddEngine(rules::eval::Evaluator& evaluator, const AllowanceRights& ids, const household::Household& hh,
               base::Date month, Totals& totals) {
  static const rules::eval::Options kNoExplain;
  std::vector<rules::eval::RightOutcome> outcomes = evaluator.EvaluateAll(hh, month, kNoExplain);
  ++totals.households;
  const auto& allowance = outcomes[ids.allowance];
  const auto& non_take_up = outcomes[ids.non_take_up];
  if (allowance.status == rules::eval::Status::kEligible) {
    ++totals.eligible;
    totals.amount_cents += allowance.amount ? allowance.amount->cents() : 0;
  }
  if (non_take_up.status == rules::eval::Status::kEligible) {
    ++totals.non_take_up;
    totals.non_take_up_amount_cents += non_take_up.amount ? non_take_up.amount->cents() : 0;
  }
}

// A chunk's results as `rechtop scan` gets them: the batch engine returns
// fresh columns, the compiled engine refills the worker's.
const std::vector<rules::batch::RightColumns>& EvaluateChunk(rules::batch::Evaluator& evaluator,
                                                             const household::Columns& population, size_t begin,
                                                             size_t end, base::Date date,
                                                             std::vector<rules::batch::RightColumns>& out) {
  out = evaluator.EvaluateAll(population, begin, end, date);
  return out;
}
const std::vector<rules::batch::RightColumns>& EvaluateChunk(rules::compiled::Evaluator& evaluator,
                                                             const household::Columns& population, size_t begin,
                                                             size_t end, base::Date date,
                                                             std::vector<rules::batch::RightColumns>& out) {
  evaluator.EvaluateInto(population, begin, end, date, out);
  return out;
}

// A chunk engine (rules::batch or rules::compiled) over `population` in
// chunks of about `chunk_persons` persons (whole households), as `rechtop
// scan` runs it.
template <typename ChunkEvaluator>
Totals BatchTotals(ChunkEvaluator& evaluator, const AllowanceRights& ids, const household::Columns& population,
                   base::Date month, size_t chunk_persons) {
  Totals totals;
  std::vector<rules::batch::RightColumns> results;
  const size_t households = population.households();
  size_t begin = 0;
  while (begin < households) {
    size_t end = begin + 1;
    while (end < households && population.first_person[end + 1] - population.first_person[begin] <= chunk_persons) ++end;
    const auto& columns = EvaluateChunk(evaluator, population, begin, end, month, results);
    const auto& allowance = columns[ids.allowance];
    const auto& non_take_up = columns[ids.non_take_up];
    for (size_t h = 0; h < end - begin; ++h) {
      ++totals.households;
      if (allowance.status[h] == rules::eval::Status::kEligible) {
        ++totals.eligible;
        totals.amount_cents += allowance.amount_known[h] ? allowance.amount_cents[h] : 0;
      }
      if (non_take_up.status[h] == rules::eval::Status::kEligible) {
        ++totals.non_take_up;
        totals.non_take_up_amount_cents += non_take_up.amount_known[h] ? non_take_up.amount_cents[h] : 0;
      }
    }
    begin = end;
  }
  return totals;
}

// The 2025 parameters of shared/spec/bench-rule.md for one household of
// `adults` adults, `size` members, `seniors` seniors and `income` cents:
// whether it is eligible and its amount.
struct HandWrittenRule {
  static std::optional<int64_t> Amount(int64_t size, int64_t adults, int64_t seniors, int64_t income) {
    if (adults < 1 || income > 162000 + 48000 * (size - 1)) return std::nullopt;
    const bool children = size > adults;
    const int64_t base = adults == 1 ? (children ? 48000 : 32000) : (children ? 58500 : 42500);
    return base + 5500 * seniors;
  }
  static void Add(std::optional<int64_t> amount, bool receives, Totals& totals) {
    ++totals.households;
    if (!amount) return;
    ++totals.eligible;
    totals.amount_cents += *amount;
    if (!receives) {
      ++totals.non_take_up;
      totals.non_take_up_amount_cents += *amount;
    }
  }
};

// The same rule hand-written from shared/spec/bench-rule.md, for the months
// 2025-01..2025-12 only (parameters of 2025): the baseline and the cross-check.
void AddHandWritten(const household::Household& hh, base::Date month, Totals& totals) {
  static const household::FieldId birth = *household::FindField(Entity::kPerson, "birth_date");
  int64_t adults = 0, seniors = 0, income = 0;
  bool receives = false;
  for (const auto& person : hh.persons) {
    int age = base::AgeOn(base::Date::FromDays(static_cast<int32_t>(person.facts[birth].number)), month);
    adults += age >= 18;
    seniors += age >= 66;
    for (const auto& in : *person.incomes) income += in.amount.cents();
    for (const auto& s : *person.statuses) receives = receives || s.status == "allowance";
  }
  const int64_t size = static_cast<int64_t>(hh.persons.size());
  HandWrittenRule::Add(HandWrittenRule::Amount(size, adults, seniors, income), receives, totals);
}

// The hand-written rule over the column form: the floor for the batch engine.
Totals HandWrittenColumns(const household::Columns& population, base::Date month) {
  static const household::FieldId birth = *household::FindField(Entity::kPerson, "birth_date");
  const auto& births = population.person_facts[birth].number;
  const auto& incomes = population.incomes;
  const auto& statuses = population.statuses;
  Totals totals;
  for (size_t h = 0; h < population.households(); ++h) {
    int64_t adults = 0, seniors = 0, income = 0;
    bool receives = false;
    for (uint32_t p = population.first_person[h]; p < population.first_person[h + 1]; ++p) {
      const int age = base::AgeOn(base::Date::FromDays(static_cast<int32_t>(births[p])), month);
      adults += age >= 18;
      seniors += age >= 66;
      for (uint32_t i = incomes.first[p]; i < incomes.first[p + 1]; ++i) income += incomes.entries[i].amount.cents();
      for (uint32_t i = statuses.first[p]; i < statuses.first[p + 1]; ++i) {
        receives = receives || statuses.entries[i].status == "allowance";
      }
    }
    const auto size = static_cast<int64_t>(population.first_person[h + 1] - population.first_person[h]);
    HandWrittenRule::Add(HandWrittenRule::Amount(size, adults, seniors, income), receives, totals);
  }
  return totals;
}

const household::Columns& MillionPersonsColumns() {
  static const household::Columns population = bench::GeneratePopulation({.persons = 1'000'000, .seed = 42});
  return population;
}

const std::vector<household::Household>& MillionPersons() {
  static const std::vector<household::Household> population = bench::ToHouseholds(MillionPersonsColumns());
  return population;
}

int64_t PersonCount(const std::vector<household::Household>& population) {
  int64_t persons = 0;
  for (const auto& hh : population) persons += static_cast<int64_t>(hh.persons.size());
  return persons;
}

void ReportTotals(benchmark::State& state, const Totals& totals, int64_t persons) {
  state.counters["households"] = static_cast<double>(totals.households);
  state.counters["eligible"] = static_cast<double>(totals.eligible);
  state.counters["non_take_up"] = static_cast<double>(totals.non_take_up);
  state.counters["amount_eur"] = static_cast<double>(totals.amount_cents) / 100;
  state.counters["non_take_up_eur"] = static_cast<double>(totals.non_take_up_amount_cents) / 100;
  state.SetItemsProcessed(state.iterations() * persons);
}

std::string Euros(int64_t cents) { return base::Money::FromCents(cents).ToString(); }

// `--allowance-summary N [YYYY-MM-DD]`: totals as plain text; exit 1 when the
// engine and the hand-written loop disagree.
int AllowanceSummary(const char* persons_text, const char* month_text) {
  char* end = nullptr;
  const long long persons = std::strtoll(persons_text, &end, 10);
  if (persons <= 0 || *end != '\0') {
    std::fprintf(stderr, "rechtop_bench: --allowance-summary needs a positive number of persons\n");
    return 2;
  }
  base::Date month = kAllowanceMonth;
  if (month_text) {
    auto parsed = base::Date::Parse(month_text);
    if (!parsed || parsed->year() != 2025 || parsed->day() != 1) {
      std::fprintf(stderr, "rechtop_bench: the month must be the first day of a month in 2025\n");
      return 2;
    }
    month = *parsed;
  }
  const Loaded& loaded = AllowanceRules();
  if (!loaded.rules) {
    std::fprintf(stderr, "%s", loaded.diagnostics.c_str());
    return 2;
  }
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point from, Clock::time_point to) { return std::chrono::duration<double>(to - from).count(); };
  const auto t0 = Clock::now();
  const household::Columns columns = bench::GeneratePopulation({.persons = static_cast<size_t>(persons), .seed = 42});
  const std::vector<household::Household> population = bench::ToHouseholds(columns);
  const auto t1 = Clock::now();
  const AllowanceRights ids = FindAllowanceRights(*loaded.rules);
  rules::eval::Evaluator evaluator(loaded.rules->program);
  Totals engine, hand;
  for (const auto& hh : population) AddEngine(evaluator, ids, hh, month, engine);
  const auto t2 = Clock::now();
  for (const auto& hh : population) AddHandWritten(hh, month, hand);
  const auto t3 = Clock::now();
  rules::batch::Evaluator batch_evaluator(loaded.rules->program);
  const Totals batch = BatchTotals(batch_evaluator, ids, columns, month, kBatchChunkPersons);
  const auto t4 = Clock::now();
  const Totals hand_columns = HandWrittenColumns(columns, month);
  const auto t5 = Clock::now();
  auto library = rules::compiled::Compile(loaded.rules->program);
  if (!library.ok()) {
    std::fprintf(stderr, "%s\n", library.error().message().c_str());
    return 2;
  }
  rules::compiled::Evaluator compiled_evaluator(loaded.rules->program, *library);
  const auto t6 = Clock::now();
  const Totals compiled = BatchTotals(compiled_evaluator, ids, columns, month, kBatchChunkPersons);
  const auto t7 = Clock::now();
  std::printf("month                      %s\n", month.ToString().c_str());
  std::printf("persons                    %lld\n", static_cast<long long>(PersonCount(population)));
  std::printf("households                 %lld\n", static_cast<long long>(engine.households));
  std::printf("eligible households        %lld\n", static_cast<long long>(engine.eligible));
  std::printf("non-take-up households     %lld\n", static_cast<long long>(engine.non_take_up));
  std::printf("sum allowance_amount       %s\n", Euros(engine.amount_cents).c_str());
  std::printf("sum amount non-take-up     %s\n", Euros(engine.non_take_up_amount_cents).c_str());
  std::printf("seconds (wall)             generate %.3f, engine %.3f, hand-written %.3f, batch %.3f, "
              "hand-written over columns %.3f, compiled %.3f (compiling or loading %.3f)\n",
              seconds(t0, t1), seconds(t1, t2), seconds(t2, t3), seconds(t3, t4), seconds(t4, t5), seconds(t6, t7),
              seconds(t5, t6));
  if (hand_columns != hand) {
    std::printf("hand-written over columns  DISAGREES with the loop over households\n");
    return 1;
  }
  if (batch != engine) {
    std::printf("batch engine               DISAGREES: eligible %lld, non-take-up %lld, sum %s, non-take-up sum %s\n",
                static_cast<long long>(batch.eligible), static_cast<long long>(batch.non_take_up),
                Euros(batch.amount_cents).c_str(), Euros(batch.non_take_up_amount_cents).c_str());
    return 1;
  }
  if (compiled != engine) {
    std::printf("compiled engine            DISAGREES: eligible %lld, non-take-up %lld, sum %s, non-take-up sum %s\n",
                static_cast<long long>(compiled.eligible), static_cast<long long>(compiled.non_take_up),
                Euros(compiled.amount_cents).c_str(), Euros(compiled.non_take_up_amount_cents).c_str());
    return 1;
  }
  if (engine == hand) {
    std::printf("hand-written loop          agrees (and the batch and compiled engines)\n");
    return 0;
  }
  std::printf("hand-written loop          DISAGREES: eligible %lld, non-take-up %lld, sum %s, non-take-up sum %s\n",
              static_cast<long long>(hand.eligible), static_cast<long long>(hand.non_take_up),
              Euros(hand.amount_cents).c_str(), Euros(hand.non_take_up_amount_cents).c_str());
  return 1;
}

// ----------------------------------------------------------- benchmarks --

void OneHouseholdAllRights(benchmark::State& state, bool explain, bool tree) {
  const Loaded& loaded = AllRights();
  if (!loaded.rules) {
    state.SkipWithError(loaded.diagnostics.c_str());
    return;
  }
  const household::Household hh = DemoHousehold();
  rules::eval::Evaluator evaluator(loaded.rules->program);
  rules::eval::Options options;
  options.explain = explain;
  options.tree = tree;
  const base::Date ref = *hh.reference_date;
  for (auto _ : state) {
    auto outcomes = evaluator.EvaluateAll(hh, ref, options);
    benchmark::DoNotOptimize(outcomes.data());
    benchmark::ClobberMemory();
  }
  // What the household gets, to show the check is not trivially short.
  int counts[3] = {0, 0, 0};
  for (const auto& outcome : evaluator.EvaluateAll(hh, ref, options)) ++counts[static_cast<int>(outcome.status)];
  state.counters["rights"] = static_cast<double>(loaded.rules->program.rights.size());
  state.counters["eligible"] = counts[static_cast<int>(rules::eval::Status::kEligible)];
  state.counters["not_eligible"] = counts[static_cast<int>(rules::eval::Status::kNotEligible)];
  state.counters["undetermined"] = counts[static_cast<int>(rules::eval::Status::kUndetermined)];
  state.SetItemsProcessed(state.iterations());
}

// With the one-sentence Dutch reason per right (what the screener and API show).
void BM_OneHouseholdAllRightsExplained(benchmark::State& state) { OneHouseholdAllRights(state, true, false); }
// Also with every derivation tree ("Waarom?" on demand).
void BM_OneHouseholdAllRightsWithTrees(benchmark::State& state) { OneHouseholdAllRights(state, true, true); }
void BM_OneHouseholdAllRights(benchmark::State& state) { OneHouseholdAllRights(state, false, false); }

// The benchmark rule, or nullptr after marking `state` failed with its diagnostics.
const rules::RuleBase* AllowanceRulesOrSkip(benchmark::State& state) {
  const Loaded& loaded = AllowanceRules();
  if (!loaded.rules) state.SkipWithError(loaded.diagnostics.c_str());
  return loaded.rules ? &*loaded.rules : nullptr;
}

void BM_AllowanceMillionPersons(benchmark::State& state) {
  const rules::RuleBase* allowance = AllowanceRulesOrSkip(state);
  if (!allowance) return;
  const auto& population = MillionPersons();
  const AllowanceRights ids = FindAllowanceRights(*allowance);
  rules::eval::Evaluator evaluator(allowance->program);
  Totals totals;
  for (auto _ : state) {
    totals = {};
    for (const auto& hh : population) AddEngine(evaluator, ids, hh, kAllowanceMonth, totals);
    benchmark::DoNotOptimize(totals);
  }
  ReportTotals(state, totals, PersonCount(population));
}

// The column-wise engine (rules/batch) on the same households, compute only:
// the population is already in memory. Chunk size in persons is the argument.
void BM_AllowanceMillionPersonsBatch(benchmark::State& state) {
  const rules::RuleBase* allowance = AllowanceRulesOrSkip(state);
  if (!allowance) return;
  const auto& population = MillionPersonsColumns();
  const AllowanceRights ids = FindAllowanceRights(*allowance);
  rules::batch::Evaluator evaluator(allowance->program);
  Totals totals;
  for (auto _ : state) {
    totals = BatchTotals(evaluator, ids, population, kAllowanceMonth, static_cast<size_t>(state.range(0)));
    benchmark::DoNotOptimize(totals);
  }
  ReportTotals(state, totals, static_cast<int64_t>(population.persons()));
}

// The compiled engine (rules/compiled) on the same households, compute only;
// the library is built (or found in the cache) before the timed loop.
void BM_AllowanceMillionPersonsCompiled(benchmark::State& state) {
  const rules::RuleBase* allowance = AllowanceRulesOrSkip(state);
  if (!allowance) return;
  auto library = rules::compiled::Compile(allowance->program);
  if (!library.ok()) {
    state.SkipWithError(library.error().message().c_str());
    return;
  }
  const auto& population = MillionPersonsColumns();
  const AllowanceRights ids = FindAllowanceRights(*allowance);
  rules::compiled::Evaluator evaluator(allowance->program, *library);
  Totals totals;
  for (auto _ : state) {
    totals = BatchTotals(evaluator, ids, population, kAllowanceMonth, static_cast<size_t>(state.range(0)));
    benchmark::DoNotOptimize(totals);
  }
  ReportTotals(state, totals, static_cast<int64_t>(population.persons()));
}

// The `rechtop synth` population (docs/population.md: every input the rights
// read), 1 000 000 persons read once into scan-sized chunks.
const std::vector<population::Chunk>& SynthMillionPersonsChunks() {
  static const std::vector<population::Chunk> chunks = [] {
    std::stringstream csv;
    population::Synthesize(1'000'000, 42, csv, kCatalogueDate);
    auto reader = population::Reader::Open(csv, "synth.csv");
    std::vector<population::Chunk> out;
    for (;;) {
      population::Chunk chunk;
      auto more = reader->Next(chunk, kBatchChunkPersons);
      if (!more.ok() || !*more) break;
      out.push_back(std::move(chunk));
    }
    return out;
  }();
  return chunks;
}

// Every right of rights/ over the synthetic population with a chunk engine,
// compute only (what `rechtop scan` spends beyond reading the file).
template <typename ChunkEvaluator>
void CatalogueMillionPersons(benchmark::State& state, ChunkEvaluator& evaluator) {
  const auto& chunks = SynthMillionPersonsChunks();
  std::vector<rules::batch::RightColumns> results;
  int64_t persons = 0, eligible = 0;
  for (auto _ : state) {
    persons = eligible = 0;
    for (const auto& chunk : chunks) {
      const auto& columns = EvaluateChunk(evaluator, chunk.columns, 0, chunk.size(), kCatalogueDate, results);
      persons += static_cast<int64_t>(chunk.persons());
      for (const auto& right : columns) {
        for (auto status : right.status) eligible += status == rules::eval::Status::kEligible;
      }
    }
    benchmark::DoNotOptimize(eligible);
  }
  state.counters["eligible"] = static_cast<double>(eligible);
  state.SetItemsProcessed(state.iterations() * persons);
}

void BM_CatalogueMillionPersonsBatch(benchmark::State& state) {
  const Loaded& loaded = AllRights();
  if (!loaded.rules) return state.SkipWithError(loaded.diagnostics.c_str());
  rules::batch::Evaluator evaluator(loaded.rules->program);
  CatalogueMillionPersons(state, evaluator);
}

void BM_CatalogueMillionPersonsCompiled(benchmark::State& state) {
  const Loaded& loaded = AllRights();
  if (!loaded.rules) return state.SkipWithError(loaded.diagnostics.c_str());
  auto library = rules::compiled::Compile(loaded.rules->program);
  if (!library.ok()) return state.SkipWithError(library.error().message().c_str());
  rules::compiled::Evaluator evaluator(loaded.rules->program, *library);
  CatalogueMillionPersons(state, evaluator);
}

void BM_AllowanceMillionPersonsHandWritten(benchmark::State& state) {
  const auto& population = MillionPersons();
  Totals totals;
  for (auto _ : state) {
    totals = {};
    for (const auto& hh : population) AddHandWritten(hh, kAllowanceMonth, totals);
    benchmark::DoNotOptimize(totals);
  }
  ReportTotals(state, totals, PersonCount(population));
}

// The hand-written rule over the column form the batch engine reads.
void BM_AllowanceMillionPersonsHandWrittenColumns(benchmark::State& state) {
  const auto& population = MillionPersonsColumns();
  Totals totals;
  for (auto _ : state) {
    totals = HandWrittenColumns(population, kAllowanceMonth);
    benchmark::DoNotOptimize(totals);
  }
  ReportTotals(state, totals, static_cast<int64_t>(population.persons()));
}

// ------------------------------------------------------ population file --

// A read-only view of text as an input stream (std::istringstream would copy it).
class TextBuffer : public std::streambuf {
 public:
  explicit TextBuffer(const std::string& text) {
    char* begin = const_cast<char*>(text.data());  // the get area is only read
    setg(begin, begin, begin + text.size());
  }
};

// The population file of 1 000 000 synthetic persons (docs/population.md), made once.
const std::string& MillionPersonsCsv() {
  static const std::string csv = [] {
    std::ostringstream out;
    population::Synthesize(1'000'000, 2025, out, kAllowanceMonth);
    return out.str();
  }();
  return csv;
}

// Reading that file into chunks of about N persons (the argument), as
// `rechtop scan` does before it evaluates: parsing into the column form only,
// from memory, one chunk reused throughout.
void BM_ReadPopulationMillionPersons(benchmark::State& state) {
  const std::string& csv = MillionPersonsCsv();
  population::Chunk chunk;
  size_t persons = 0;
  for (auto _ : state) {
    TextBuffer buffer(csv);
    std::istream in(&buffer);
    auto reader = population::Reader::Open(in, "synthetic.csv");
    if (!reader.ok()) {
      state.SkipWithError(reader.error().message().c_str());
      return;
    }
    for (;;) {
      auto more = reader->Next(chunk, static_cast<size_t>(state.range(0)));
      if (!more.ok()) {
        state.SkipWithError(more.error().message().c_str());
        return;
      }
      if (!*more) break;
      benchmark::DoNotOptimize(chunk.columns.first_person.data());
    }
    persons = reader->persons_read();
  }
  state.counters["persons"] = static_cast<double>(persons);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(persons));
}

// The same through the parallel path on one thread: pieces of about N bytes
// (the argument; 1 MiB is `rechtop scan`'s) cut by Reader::NextPiece, parsed
// by a PieceParser into chunks of 1 024 persons, checked by Reader::Admit.
// Against BM_ReadPopulationMillionPersons/1024: what cutting costs.
void BM_ReadPopulationMillionPersonsInPieces(benchmark::State& state) {
  const std::string& csv = MillionPersonsCsv();
  population::Chunk chunk;
  population::Piece piece;
  population::PieceHouseholds households;
  size_t persons = 0;
  for (auto _ : state) {
    TextBuffer buffer(csv);
    std::istream in(&buffer);
    auto reader = population::Reader::Open(in, "synthetic.csv");
    if (!reader.ok()) {
      state.SkipWithError(reader.error().message().c_str());
      return;
    }
    population::PieceParser parser = reader->Parser();
    for (;;) {
      auto more = reader->NextPiece(piece, static_cast<size_t>(state.range(0)));
      if (!more.ok() || !*more) {
        if (!more.ok()) state.SkipWithError(more.error().message().c_str());
        break;
      }
      parser.Start(piece);
      for (;;) {
        auto next = parser.Next(chunk, 1024);
        if (!next.ok()) {
          state.SkipWithError(next.error().message().c_str());
          return;
        }
        if (!*next) break;
        benchmark::DoNotOptimize(chunk.columns.first_person.data());
      }
      parser.Finish(piece, households);
      if (auto admitted = reader->Admit(households); !admitted.ok()) {
        state.SkipWithError(admitted.error().message().c_str());
        return;
      }
    }
    persons = reader->persons_read();
  }
  state.counters["persons"] = static_cast<double>(persons);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(persons));
}

BENCHMARK(BM_OneHouseholdAllRightsExplained)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_OneHouseholdAllRightsWithTrees)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_OneHouseholdAllRights)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AllowanceMillionPersons)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_AllowanceMillionPersonsBatch)->Unit(benchmark::kMillisecond)->Arg(1024)->Arg(16384)->Arg(1 << 20);
BENCHMARK(BM_AllowanceMillionPersonsCompiled)->Unit(benchmark::kMillisecond)->Arg(1024)->Arg(16384)->Arg(1 << 20);
BENCHMARK(BM_CatalogueMillionPersonsBatch)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CatalogueMillionPersonsCompiled)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllowanceMillionPersonsHandWritten)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AllowanceMillionPersonsHandWrittenColumns)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadPopulationMillionPersons)->Unit(benchmark::kMillisecond)->Arg(256)->Arg(1024)->Arg(4096)->Arg(65536);
BENCHMARK(BM_ReadPopulationMillionPersonsInPieces)
    ->Unit(benchmark::kMillisecond)
    ->Arg(64 << 10)
    ->Arg(256 << 10)
    ->Arg(1 << 20)
    ->Arg(16 << 20);

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--allowance-summary") == 0) {
    if (argc < 3 || argc > 4) {
      std::fprintf(stderr, "usage: rechtop_bench --allowance-summary N [YYYY-MM-DD]\n");
      return 2;
    }
    return AllowanceSummary(argv[2], argc == 4 ? argv[3] : nullptr);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
