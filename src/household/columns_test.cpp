// Tests of the column form: every example household survives the trip to
// columns and back, inputs nobody gives stay out, and a range of households
// keeps its own persons and lists.
#include "household/columns.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "household/json_reader.h"
#include "household/name_index.h"
#include "household/schema.h"

namespace household {
namespace {

namespace fs = std::filesystem;

// The household of every example case of every right: they carry real
// estate, statuses with dates and categories, and incomes of every kind.
std::vector<Household> CaseHouseholds() {
  std::vector<Household> out;
  for (const auto& entry : fs::recursive_directory_iterator(std::string(RECHTOP_SOURCE_DIR) + "/rights")) {
    const std::string path = entry.path().string();
    if (!path.ends_with(".cases.json")) continue;
    std::ifstream in(path);
    const nlohmann::json doc = nlohmann::json::parse(in);
    for (const auto& c : doc["cases"]) {
      auto household = ReadHousehold(c["household"].dump(), path);
      EXPECT_TRUE(household.ok()) << path;
      if (!household.ok()) continue;
      household->reference_date.reset();  // the column form does not keep it
      out.push_back(std::move(*household));
    }
  }
  return out;
}

TEST(Columns, EveryExampleHouseholdComesBackUnchanged) {
  const std::vector<Household> households = CaseHouseholds();
  ASSERT_GT(households.size(), 300u);
  const Columns columns = ToColumns(households);
  ASSERT_EQ(columns.households(), households.size());
  size_t persons = 0;
  for (size_t h = 0; h < households.size(); ++h) {
    persons += households[h].persons.size();
    EXPECT_EQ(HouseholdToJson(HouseholdAt(columns, h)), HouseholdToJson(households[h])) << "household " << h;
  }
  EXPECT_EQ(columns.persons(), persons);
}

// One Household reused for household after household (as the scan's
// worklist does) holds nothing of the ones before: larger households, lists
// that are now unknown, texts and numbers of facts now absent.
TEST(Columns, AHouseholdWrittenOverKeepsNothingOfTheOneBefore) {
  const std::vector<Household> households = CaseHouseholds();
  const Columns columns = ToColumns(households);
  auto same_facts = [](const std::vector<Fact>& a, const std::vector<Fact>& b) {
    if (a.size() != b.size()) return false;
    for (size_t f = 0; f < a.size(); ++f) {
      if (a[f].present != b[f].present || a[f].number != b[f].number || a[f].text != b[f].text) return false;
    }
    return true;
  };
  Household reused;
  reused.reference_date = base::Date::FromYmd(2025, 1, 1);
  size_t larger_before = 0;
  for (size_t k = 0; k < 2 * households.size(); ++k) {
    // Forward, then backward: each household follows both smaller and larger ones.
    const size_t h = k < households.size() ? k : 2 * households.size() - 1 - k;
    if (reused.persons.size() > households[h].persons.size()) ++larger_before;
    HouseholdAt(columns, h, reused);
    const Household fresh = HouseholdAt(columns, h);
    EXPECT_FALSE(reused.reference_date.has_value());
    EXPECT_EQ(HouseholdToJson(reused), HouseholdToJson(households[h])) << "household " << h;
    ASSERT_EQ(reused.persons.size(), fresh.persons.size()) << "household " << h;
    EXPECT_TRUE(same_facts(reused.facts, fresh.facts)) << "household " << h;
    for (size_t p = 0; p < fresh.persons.size(); ++p) {
      EXPECT_TRUE(same_facts(reused.persons[p].facts, fresh.persons[p].facts)) << "household " << h << " person " << p;
      EXPECT_EQ(reused.persons[p].incomes.has_value(), fresh.persons[p].incomes.has_value());
      EXPECT_EQ(reused.persons[p].statuses.has_value(), fresh.persons[p].statuses.has_value());
    }
    EXPECT_EQ(reused.owned_real_estate.has_value(), fresh.owned_real_estate.has_value());
  }
  EXPECT_GT(larger_before, 10u);
}

TEST(Columns, AnInputNoPersonGivesIsNotAColumn) {
  Household household;
  household.facts.resize(Fields(Entity::kHousehold).size());
  const auto birth = *FindField(Entity::kPerson, "birth_date");
  const auto pregnant = *FindField(Entity::kPerson, "pregnant");
  for (int i = 0; i < 3; ++i) {
    Person& person = household.persons.emplace_back();
    person.facts.resize(Fields(Entity::kPerson).size());
    if (i == 1) person.facts[birth] = Fact::Number(base::Date::FromYmd(1980, 5, 1).days());
  }
  const Columns columns = ToColumns(std::vector<Household>{household, household});
  EXPECT_FALSE(columns.person_facts[pregnant].given());
  const FactColumn& births = columns.person_facts[birth];
  ASSERT_TRUE(births.given());
  EXPECT_EQ(births.present, (std::vector<uint8_t>{0, 1, 0, 0, 1, 0}));
  EXPECT_TRUE(births.text.empty());  // a date has no text
  EXPECT_EQ(columns.incomes.known, std::vector<uint8_t>(6, 0));
  EXPECT_EQ(columns.first_person, (std::vector<uint32_t>{0, 3, 6}));
}

TEST(Columns, ListsKeepTheirOwnersAndTheDifferenceBetweenUnknownAndEmpty) {
  Household a, b;
  a.persons.resize(2);
  a.persons[0].statuses = std::vector<Status>{{"leefloon", base::Date::FromYmd(2024, 3, 1), "", ""}};
  a.persons[1].statuses = std::vector<Status>{};
  a.owned_real_estate = std::vector<RealEstate>{{"own_home", base::Money::FromCents(74500)}};
  b.persons.resize(1);
  b.persons[0].incomes = std::vector<Income>{{"pension", base::Money::FromCents(150000)}};
  const Columns columns = ToColumns(std::vector<Household>{a, b});
  EXPECT_EQ(columns.statuses.known, (std::vector<uint8_t>{1, 1, 0}));
  EXPECT_EQ(columns.statuses.first, (std::vector<uint32_t>{0, 1, 1, 1}));
  EXPECT_EQ(columns.incomes.Of(2).size(), 1u);
  EXPECT_EQ(columns.real_estate.known, (std::vector<uint8_t>{1, 0}));
  const Household back = HouseholdAt(columns, 0);
  ASSERT_TRUE(back.persons[1].statuses.has_value());
  EXPECT_TRUE(back.persons[1].statuses->empty());
  EXPECT_FALSE(HouseholdAt(columns, 1).persons[0].statuses.has_value());
  EXPECT_EQ(HouseholdAt(columns, 1).persons[0].incomes->at(0).amount.cents(), 150000);
}

TEST(Columns, StatusBitsNameEachPersonsStatuses) {
  Household household;
  household.persons.resize(4);
  household.persons[0].statuses = std::vector<Status>{{"vt", {}, "", ""}, {"allowance", {}, "", ""}};
  household.persons[1].statuses = std::vector<Status>{{"my_own_status", {}, "", ""}, {"igo", {}, "", ""}};
  household.persons[2].statuses = std::vector<Status>{};  // known: none
  // persons[3]: unknown
  Columns columns;
  AppendHousehold(household, columns);
  const auto& known = StatusValues();
  auto bit = [&](std::string_view name) {
    return uint64_t{1} << (std::find(known.begin(), known.end(), name) - known.begin());
  };
  EXPECT_EQ(StatusBit("vt"), bit("vt"));
  EXPECT_EQ(StatusBit("allowance"), bit("allowance"));
  EXPECT_EQ(StatusBit("my_own_status"), kOtherStatusBit);
  EXPECT_EQ(StatusBit(""), kOtherStatusBit);
  EXPECT_EQ(columns.status_bits,
            (std::vector<uint64_t>{bit("vt") | bit("allowance"), kOtherStatusBit | bit("igo"), 0, 0}));
  for (size_t i = 0; i < known.size(); ++i) EXPECT_EQ(StatusBit(known[i]), uint64_t{1} << i) << known[i];
  columns.Clear();
  EXPECT_TRUE(columns.status_bits.empty());
}

TEST(Columns, DatedStatusesAreMarkedAndTheirBitsTakenOnADate) {
  const auto bit = [](std::string_view name) { return StatusBit(name); };
  const base::Date june = *base::Date::Parse("2024-06-01");
  const std::vector<Status> statuses = {
      {"leefloon", *base::Date::Parse("2023-01-01"), "", "", {}, *base::Date::Parse("2023-12-31")},
      {"vt", *base::Date::Parse("2024-07-01"), "", ""},
      {"igo", {}, "", ""}};
  EXPECT_EQ(StatusBits(statuses), bit("leefloon") | bit("vt") | bit("igo") | kDatedStatusBit);
  EXPECT_EQ(StatusBitsOn(statuses, june), bit("igo"));
  EXPECT_EQ(StatusBitsOn(statuses, *base::Date::Parse("2023-06-01")), bit("leefloon") | bit("igo"));
  EXPECT_EQ(StatusBitsOn(statuses, *base::Date::Parse("2024-07-01")), bit("vt") | bit("igo"));
  EXPECT_EQ(StatusBits(std::vector<Status>{{"igo", {}, "", ""}}), bit("igo"));  // undated: the bits answer alone
}

TEST(Columns, NameIndexFindsNamesThatShareLengthAndEndLetters) {
  // "ab_xb" and "ac_xb" share the table slot: the second is found by the full search.
  const NameIndex index({"vt", "ab_xb", "ac_xb", "igo"});
  EXPECT_EQ(index.Find("vt"), 0u);
  EXPECT_EQ(index.Find("ab_xb"), 1u);
  EXPECT_EQ(index.Find("ac_xb"), 2u);
  EXPECT_EQ(index.Find("igo"), 3u);
  EXPECT_EQ(index.Find("ad_xb"), NameIndex::kNone);
  EXPECT_EQ(index.Find(""), NameIndex::kNone);
  EXPECT_EQ(NameIndex().Find("vt"), NameIndex::kNone);
}

TEST(Columns, ClearKeepsNothingButTheStorage) {
  Columns columns = ToColumns(CaseHouseholds());
  columns.Clear();
  EXPECT_EQ(columns.households(), 0u);
  EXPECT_EQ(columns.persons(), 0u);
  for (const FactColumn& column : columns.person_facts) EXPECT_FALSE(column.given());
  Household single;
  single.persons.resize(1);
  AppendHousehold(single, columns);
  EXPECT_EQ(columns.households(), 1u);
  EXPECT_EQ(HouseholdToJson(HouseholdAt(columns, 0)), HouseholdToJson(single));
}

}  // namespace
}  // namespace household
