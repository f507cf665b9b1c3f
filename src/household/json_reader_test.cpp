// household/json_reader_test.cpp — the household JSON reader: every kind of
// field, exact money, null = absent, every error class with its exact message,
// and the canonical writer's round trip.
#include "household/json_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>

#include "household/schema.h"

namespace household {
namespace {

// A minimal valid document with `extra` spliced into the top-level object.
std::string Doc(const std::string& extra = "", const std::string& person = R"("id": "p1")") {
  return R"({"household": {"persons": [{)" + person + "}]}" + (extra.empty() ? "" : ", " + extra) + "}";
}

// The error message of reading `json`; fails the test if it was accepted.
std::string ErrorOf(const std::string& json) {
  auto result = ReadHousehold(json, "hh.json");
  if (result.ok()) {
    ADD_FAILURE() << "accepted: " << json;
    return "";
  }
  EXPECT_EQ(result.error().code(), base::Error::Code::kInvalidInput);
  return result.error().message();
}

Household Read(const std::string& json) {
  auto result = ReadHousehold(json, "hh.json");
  EXPECT_TRUE(result.ok()) << result.error().message();
  return result.ok() ? std::move(result).value() : Household{};
}

const Fact& HouseholdFact(const Household& hh, std::string_view name) {
  return hh.facts.at(*FindField(Entity::kHousehold, name));
}

const Fact& PersonFact(const Person& person, std::string_view name) {
  return person.facts.at(*FindField(Entity::kPerson, name));
}

constexpr std::string_view kFull = R"({
  "reference_date": "2025-03-01",
  "municipality": {"name": "Dendermonde", "postcode": "9200", "nis": "42006", "region": "flanders"},
  "household": {
    "living_situation": "couple_with_children",
    "persons": [
      {
        "id": "aanvrager",
        "birth_date": "1958-06-15",
        "relationship_to_applicant": "self",
        "nationality": "BE",
        "domiciled_here": true,
        "pregnant": false,
        "disability": {"self_reliance_points": 9, "pillar1": 6},
        "incomes": [
          {"kind": "pension", "amount": 1314.20, "period": "month", "basis": "net"},
          {"kind": "real_estate", "amount": 0.1, "period": "year", "basis": "gross_taxable"}
        ],
        "statuses": [
          {"status": "vt", "since": "2020-01-01"},
          {"status": "igo", "category": "alleenstaande", "route": "automatic"}
        ]
      },
      {"id": "buur", "age": 41, "relationship_to_applicant": "carer_neighbour", "incomes": [], "statuses": null}
    ]
  },
  "income_history": {"household_gross_taxable_income_annual": {"year": 2024, "amount": 25630.67}},
  "housing": {
    "tenure": "tenant",
    "rent_monthly": 650,
    "shm_waiting_list_since": "2023-09-12",
    "owned_real_estate": [{"type": "land", "ki_non_indexed": 112.5}]
  },
  "heating_delivery": {"litres": 1500},
  "tax_year": 2025
})";

TEST(ReadHousehold, ReadsEveryKindOfField) {
  Household hh = Read(std::string(kFull));
  ASSERT_TRUE(hh.reference_date);
  EXPECT_EQ(hh.reference_date->ToString(), "2025-03-01");
  EXPECT_EQ(hh.facts.size(), Fields(Entity::kHousehold).size());

  EXPECT_EQ(HouseholdFact(hh, "municipality.name").text, "Dendermonde");
  EXPECT_EQ(HouseholdFact(hh, "municipality.region").number, 0);
  EXPECT_EQ(HouseholdFact(hh, "municipality.region").text, "flanders");
  EXPECT_EQ(HouseholdFact(hh, "household.living_situation").number, 2);
  EXPECT_EQ(HouseholdFact(hh, "income_history.household_gross_taxable_income_annual.year").number, 2024);
  EXPECT_EQ(HouseholdFact(hh, "income_history.household_gross_taxable_income_annual.amount").number, 2563067);
  EXPECT_EQ(HouseholdFact(hh, "housing.rent_monthly").number, 65000);
  EXPECT_EQ(HouseholdFact(hh, "housing.shm_waiting_list_since").number, base::Date::FromYmd(2023, 9, 12).days());
  EXPECT_EQ(HouseholdFact(hh, "heating_delivery.litres").number, 1500);
  EXPECT_EQ(HouseholdFact(hh, "tax_year").number, 2025);
  EXPECT_FALSE(HouseholdFact(hh, "housing.landlord").present);

  ASSERT_TRUE(hh.owned_real_estate);
  ASSERT_EQ(hh.owned_real_estate->size(), 1u);
  EXPECT_EQ((*hh.owned_real_estate)[0].type, "land");
  EXPECT_EQ((*hh.owned_real_estate)[0].ki_non_indexed.cents(), 11250);

  ASSERT_EQ(hh.persons.size(), 2u);
  const Person& applicant = hh.persons[0];
  EXPECT_EQ(applicant.facts.size(), Fields(Entity::kPerson).size());
  EXPECT_EQ(PersonFact(applicant, "id").text, "aanvrager");
  EXPECT_EQ(PersonFact(applicant, "birth_date").number, base::Date::FromYmd(1958, 6, 15).days());
  EXPECT_EQ(PersonFact(applicant, "relationship_to_applicant").text, "self");
  EXPECT_EQ(PersonFact(applicant, "domiciled_here").number, 1);
  EXPECT_TRUE(PersonFact(applicant, "pregnant").present);
  EXPECT_EQ(PersonFact(applicant, "pregnant").number, 0);
  EXPECT_EQ(PersonFact(applicant, "disability.self_reliance_points").number, 9);
  EXPECT_FALSE(PersonFact(applicant, "age").present);

  ASSERT_TRUE(applicant.incomes);
  ASSERT_EQ(applicant.incomes->size(), 2u);
  EXPECT_EQ((*applicant.incomes)[0].kind, "pension");
  EXPECT_EQ((*applicant.incomes)[0].amount.cents(), 131420);
  EXPECT_EQ((*applicant.incomes)[0].period, IncomePeriod::kMonth);
  EXPECT_EQ((*applicant.incomes)[0].basis, IncomeBasis::kNet);
  EXPECT_EQ((*applicant.incomes)[1].period, IncomePeriod::kYear);
  EXPECT_EQ((*applicant.incomes)[1].basis, IncomeBasis::kGrossTaxable);

  ASSERT_TRUE(applicant.statuses);
  ASSERT_EQ(applicant.statuses->size(), 2u);
  EXPECT_EQ((*applicant.statuses)[0].status, "vt");
  ASSERT_TRUE((*applicant.statuses)[0].since);
  EXPECT_EQ((*applicant.statuses)[0].since->ToString(), "2020-01-01");
  EXPECT_FALSE((*applicant.statuses)[1].since);
  EXPECT_EQ((*applicant.statuses)[1].category, "alleenstaande");
  EXPECT_EQ((*applicant.statuses)[1].route, "automatic");

  const Person& carer = hh.persons[1];
  EXPECT_EQ(PersonFact(carer, "age").number, 41);
  EXPECT_EQ(PersonFact(carer, "relationship_to_applicant").text, "carer_neighbour");
  EXPECT_EQ(
      PersonFact(carer, "relationship_to_applicant").number,
      *EnumIndex(Fields(Entity::kPerson)[*FindField(Entity::kPerson, "relationship_to_applicant")], "carer_other"));
}

TEST(ReadHousehold, ParsesMoneyExactlyFromTheNumbersText) {
  Household hh = Read(R"({"household": {"persons": [{"id": "p", "incomes": [
      {"kind": "other", "amount": 0.1, "period": "month", "basis": "net"},
      {"kind": "other", "amount": 0.2, "period": "month", "basis": "net"},
      {"kind": "other", "amount": 0.30, "period": "month", "basis": "net"},
      {"kind": "other", "amount": 1.15, "period": "month", "basis": "net"},
      {"kind": "other", "amount": 1314.20, "period": "month", "basis": "net"},
      {"kind": "other", "amount": 1314, "period": "month", "basis": "net"},
      {"kind": "other", "amount": 92233720368547.75, "period": "month", "basis": "net"},
      {"kind": "other", "amount": -0.00, "period": "month", "basis": "net"}]}]}})");
  const auto& incomes = *hh.persons[0].incomes;
  ASSERT_EQ(incomes.size(), 8u);
  EXPECT_EQ(incomes[0].amount.cents() + incomes[1].amount.cents(), incomes[2].amount.cents());
  EXPECT_EQ(incomes[2].amount.cents(), 30);
  EXPECT_EQ(incomes[3].amount.cents(), 115);  // 1.15 * 100 is 114.999... as a double
  EXPECT_EQ(incomes[4].amount.cents(), 131420);
  EXPECT_EQ(incomes[5].amount.cents(), 131400);
  EXPECT_EQ(incomes[6].amount.cents(), 9223372036854775);
  EXPECT_EQ(incomes[7].amount.cents(), 0);
}

TEST(ReadHousehold, TreatsNullAsAbsentAndKeepsAbsentListsUnknown) {
  Household hh = Read(R"({"reference_date": null, "municipality": null,
      "housing": {"rent_monthly": null, "owned_real_estate": null},
      "household": {"living_situation": null, "persons": [
        {"id": "a", "age": null, "disability": null, "incomes": null},
        {"id": "b", "incomes": [], "statuses": []},
        {"id": "c", "statuses": [{"status": "vt", "since": null, "category": null}]}]}})");
  EXPECT_FALSE(hh.reference_date);
  EXPECT_FALSE(HouseholdFact(hh, "housing.rent_monthly").present);
  EXPECT_FALSE(HouseholdFact(hh, "household.living_situation").present);
  EXPECT_FALSE(hh.owned_real_estate);
  EXPECT_FALSE(PersonFact(hh.persons[0], "age").present);
  EXPECT_FALSE(hh.persons[0].incomes);
  EXPECT_FALSE(hh.persons[0].statuses);
  ASSERT_TRUE(hh.persons[1].incomes);
  EXPECT_TRUE(hh.persons[1].incomes->empty());
  ASSERT_TRUE(hh.persons[1].statuses);
  EXPECT_TRUE(hh.persons[1].statuses->empty());
  EXPECT_FALSE((*hh.persons[2].statuses)[0].since);
  EXPECT_EQ((*hh.persons[2].statuses)[0].category, "");
}

TEST(ReadHousehold, AcceptsUnknownButWellFormedStatuses) {
  Household hh = Read(Doc("", R"("id": "p", "statuses": [{"status": "new_status_2026"}])"));
  EXPECT_EQ((*hh.persons[0].statuses)[0].status, "new_status_2026");
}

TEST(ReadHousehold, RejectsNegativeIncomeNamingItsPath) {
  EXPECT_EQ(ErrorOf(R"({"household": {"persons": [{"id": "a"}, {"id": "b", "incomes": [
                {"kind": "pension", "amount": -5.00, "period": "month", "basis": "net"}]}]}})"),
            "hh.json: $.household.persons[1].incomes[0].amount: negative amount -5.00 is not allowed");
}

TEST(ReadHousehold, RejectsMoneyWithMoreThanTwoDecimals) {
  EXPECT_EQ(ErrorOf(Doc(R"("housing": {"rent_monthly": 650.005})")),
            "hh.json: $.housing.rent_monthly: amount 650.005 has more than 2 decimals");
}

TEST(ReadHousehold, RejectsMoneyWithAnExponent) {
  EXPECT_EQ(ErrorOf(Doc(R"("housing": {"rent_monthly": 6.5e2})")),
            "hh.json: $.housing.rent_monthly: amount 6.5e2 must be written without an exponent");
}

TEST(ReadHousehold, RejectsMoneyTooLargeToHoldInCents) {
  EXPECT_EQ(ErrorOf(Doc(R"("housing": {"rent_monthly": 123456789012345678901234567890})")),
            "hh.json: $.housing.rent_monthly: amount 123456789012345678901234567890 is too large");
}

TEST(ReadHousehold, RejectsMoneyGivenAsAString) {
  EXPECT_EQ(ErrorOf(Doc(R"("housing": {"rent_monthly": "650"})")),
            "hh.json: $.housing.rent_monthly: expected an amount in euro, got the string '650'");
}

TEST(ReadHousehold, RejectsUnknownFieldsSuggestingCloseNames) {
  EXPECT_EQ(ErrorOf(Doc(R"("housing": {"tenur": "owner"})")),
            "hh.json: $.housing.tenur: unknown field 'tenur' (did you mean 'tenure'?)");
  EXPECT_EQ(ErrorOf(Doc(R"("housing": {"rent": 5})")),
            "hh.json: $.housing.rent: unknown field 'rent' (did you mean 'rent_monthly'?)");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "birthdate": "2000-01-01")")),
            "hh.json: $.household.persons[0].birthdate: unknown field 'birthdate' (did you mean 'birth_date'?)");
  EXPECT_EQ(ErrorOf(Doc(R"("zzz": 1)")), "hh.json: $.zzz: unknown field 'zzz'");
}

TEST(ReadHousehold, RejectsUnknownListEntryFields) {
  EXPECT_EQ(ErrorOf(Doc(R"("housing": {"owned_real_estate": [{"type": "land", "ki_non_indexd": 5}]})")),
            "hh.json: $.housing.owned_real_estate[0].ki_non_indexd: unknown field 'ki_non_indexd' "
            "(did you mean 'ki_non_indexed'?)");
}

TEST(ReadHousehold, QuotesOddKeysInPaths) {
  EXPECT_EQ(ErrorOf(Doc(R"("a b": 1)")), "hh.json: $['a b']: unknown field 'a b'");
}

TEST(ReadHousehold, RejectsWrongTypes) {
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "pregnant": "yes")")),
            "hh.json: $.household.persons[0].pregnant: expected true or false, got the string 'yes'");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "age": 7.5)")),
            "hh.json: $.household.persons[0].age: expected a whole number, got the number 7.5");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": 7)")), "hh.json: $.household.persons[0].id: expected a string, got the number 7");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "birth_date": 19580615)")),
            "hh.json: $.household.persons[0].birth_date: expected a date \"YYYY-MM-DD\", got the number 19580615");
  EXPECT_EQ(ErrorOf(Doc(R"("housing": [])")), "hh.json: $.housing: expected an object, got an array");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "incomes": {})")),
            "hh.json: $.household.persons[0].incomes: expected an array, got an object");
  EXPECT_EQ(ErrorOf(Doc(R"("municipality": {"region": 1})")),
            "hh.json: $.municipality.region: expected one of flanders, brussels, wallonia, got the number 1");
}

TEST(ReadHousehold, RejectsNegativeAndOversizedWholeNumbers) {
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "disability": {"pillar1": -3})")),
            "hh.json: $.household.persons[0].disability.pillar1: negative number -3 is not allowed");
  EXPECT_EQ(ErrorOf(Doc(R"("heating_delivery": {"litres": 9223372036854775808})")),
            "hh.json: $.heating_delivery.litres: number 9223372036854775808 is too large");
}

TEST(ReadHousehold, RejectsImpossibleDates) {
  EXPECT_EQ(ErrorOf(Doc(R"("reference_date": "2025-02-30")")),
            "hh.json: $.reference_date: '2025-02-30' is not a valid date (expected YYYY-MM-DD)");
  EXPECT_EQ(ErrorOf(Doc(R"("reference_date": "1/3/2025")")),
            "hh.json: $.reference_date: '1/3/2025' is not a valid date (expected YYYY-MM-DD)");
}

TEST(ReadHousehold, RejectsDatesOutsideTheSupportedRange) {
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "birth_date": "0000-01-01")")),
            "hh.json: $.household.persons[0].birth_date: 0000-01-01 is outside the supported dates "
            "1800-01-01..2200-12-31");
  EXPECT_EQ(ErrorOf(Doc(R"("reference_date": "9999-12-31")")),
            "hh.json: $.reference_date: 9999-12-31 is outside the supported dates 1800-01-01..2200-12-31");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "statuses": [{"status": "vt", "since": "1799-12-31"}])")),
            "hh.json: $.household.persons[0].statuses[0].since: 1799-12-31 is outside the supported dates "
            "1800-01-01..2200-12-31");
  EXPECT_EQ(ErrorOf(Doc(R"("heating_delivery": {"date": "2201-01-01"})")),
            "hh.json: $.heating_delivery.date: 2201-01-01 is outside the supported dates 1800-01-01..2200-12-31");
  // The bounds themselves are dates.
  Read(Doc(R"("reference_date": "2200-12-31")", R"("id": "p", "birth_date": "1800-01-01")"));
}

TEST(CheckDatesAgainst, RejectsABirthAfterTheReferenceDateNamingThePerson) {
  Household hh = Read(R"({"household": {"persons": [{"id": "a", "birth_date": "1958-06-15"},
                                                     {"id": "b", "birth_date": "2031-05-01"}, {"id": "c"}]}})");
  auto status = CheckDatesAgainst(hh, base::Date::FromYmd(2025, 3, 1), "hh.json");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), base::Error::Code::kInvalidInput);
  EXPECT_EQ(status.error().message(),
            "hh.json: $.household.persons[1].birth_date: 2031-05-01 is after the reference date 2025-03-01");
  // Born on the reference date itself is allowed; a missing birth date says nothing.
  EXPECT_TRUE(CheckDatesAgainst(hh, base::Date::FromYmd(2031, 5, 1), "hh.json").ok());
}

TEST(CheckDatesAgainst, RejectsAReferenceDateOutsideTheSupportedRange) {
  Household hh = Read(Doc());
  auto status = CheckDatesAgainst(hh, base::Date::FromYmd(1, 1, 1), "hh.json");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(),
            "hh.json: the reference date 0001-01-01 is outside the supported dates 1800-01-01..2200-12-31");
}

TEST(ReadHousehold, RejectsEnumValuesListingTheAllowedOnes) {
  EXPECT_EQ(ErrorOf(Doc(R"("housing": {"tenure": "tennant"})")),
            "hh.json: $.housing.tenure: 'tennant' is not an allowed value (did you mean 'tenant'?); "
            "allowed: owner, tenant, social_tenant, homeless, care_home, other");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "relationship_to_applicant": "carer_")")),
            "hh.json: $.household.persons[0].relationship_to_applicant: 'carer_' is not an allowed value; allowed: "
            "self, partner, child, parent, grandchild, grandparent, sibling, other_family, flatmate, friend, "
            "care_receiver, carer_*");
}

TEST(ReadHousehold, RejectsUnknownIncomeKindsAndPeriods) {
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "incomes": [{"kind": "bonus", "amount": 1, "period": "month",
                                                        "basis": "net"}])")),
            "hh.json: $.household.persons[0].incomes[0].kind: 'bonus' is not an allowed value; allowed: "
            "employment, self_employment, pension, unemployment, sickness, disability_allowance, leefloon, "
            "equivalent_leefloon, igo, ivt, it, maintenance, maintenance_for_children, child_benefit, study_grant, "
            "real_estate, movable_capital, other, foster_care_allowance");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "incomes": [{"kind": "other", "amount": 1, "period": "week",
                                                        "basis": "net"}])")),
            "hh.json: $.household.persons[0].incomes[0].period: 'week' is not an allowed value; allowed: month, year");
}

TEST(ReadHousehold, RejectsMissingMembersOfListEntries) {
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "incomes": [{"kind": "other", "amount": 1, "period": "month"}])")),
            "hh.json: $.household.persons[0].incomes[0]: missing required field 'basis'");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "statuses": [{"since": "2020-01-01"}])")),
            "hh.json: $.household.persons[0].statuses[0]: missing required field 'status'");
}

TEST(ReadHousehold, RejectsMalformedStatusNames) {
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "statuses": [{"status": "Leefloon"}])")),
            "hh.json: $.household.persons[0].statuses[0].status: 'Leefloon' is not a status name (lowercase letters, "
            "digits and '_', starting with a letter) (did you mean 'leefloon'?)");
}

TEST(ReadHousehold, RejectsDuplicateKeys) {
  EXPECT_EQ(ErrorOf(R"({"household": {"persons": [{"id": "p", "age": 3, "age": 4}]}})"),
            "hh.json: $.household.persons[0].age: duplicate key 'age'");
}

TEST(ReadHousehold, RejectsDuplicatePersonIds) {
  EXPECT_EQ(ErrorOf(R"({"household": {"persons": [{"id": "p"}, {"id": "q"}, {"id": "p"}]}})"),
            "hh.json: $.household.persons[2].id: duplicate person id 'p' (already used by persons[0])");
}

TEST(ReadHousehold, RequiresPersonsWithIds) {
  EXPECT_EQ(ErrorOf(R"({"household": {"persons": []}})"),
            "hh.json: $.household.persons: at least one person is required");
  EXPECT_EQ(ErrorOf(R"({"household": {"persons": null}})"), "hh.json: $.household: missing required field 'persons'");
  EXPECT_EQ(ErrorOf(R"({"reference_date": "2025-01-01"})"), "hh.json: $: missing required field 'household'");
  EXPECT_EQ(ErrorOf(R"({"household": {"persons": [{"age": 3}]}})"),
            "hh.json: $.household.persons[0]: missing required field 'id'");
  EXPECT_EQ(ErrorOf(R"({"household": {"persons": [{"id": ""}]}})"),
            "hh.json: $.household.persons[0].id: the person id may not be empty");
}

TEST(ReadHousehold, ReportsMalformedJsonWithLineAndColumn) {
  EXPECT_EQ(ErrorOf("{\"household\": {\"persons\": [{\"id\": \"p\"}]},\n  \"housing\": {\"rent_monthly\": tru}}"),
            "hh.json:2:34: malformed JSON: syntax error while parsing value - invalid literal; "
            "last read: '\"rent_monthly\": tru}'");
  EXPECT_EQ(ErrorOf("{\"household\": 1,}"),
            "hh.json:1:17: malformed JSON: syntax error while parsing object key - unexpected '}'; "
            "expected string literal");
  EXPECT_EQ(ErrorOf(""),
            "hh.json:1:1: malformed JSON: syntax error while parsing value - unexpected end of input; "
            "expected '[', '{', or a literal");
  EXPECT_EQ(ErrorOf("{} {}"),
            "hh.json:1:4: malformed JSON: syntax error while parsing value - unexpected '{'; expected end of input");
}

TEST(ReadHousehold, RejectsNumbersBeyondDoubleRange) {
  EXPECT_EQ(ErrorOf(Doc(R"("tax_year": 1e999)")), "hh.json:1:60: malformed JSON: number overflow parsing '1e999'");
}

TEST(ReadHousehold, RejectsDocumentsThatAreNotObjects) {
  EXPECT_EQ(ErrorOf("[1, 2]"), "hh.json: $: expected an object, got an array");
  EXPECT_EQ(ErrorOf("null"), "hh.json: $: expected an object, got null");
}

TEST(ReadHousehold, LimitsNestingDepth) {
  std::string deep = R"({"x": )" + std::string(200, '[') + std::string(200, ']') + "}";
  std::string message = ErrorOf(deep);
  EXPECT_NE(message.find("nested more than 64 levels deep"), std::string::npos) << message;
  EXPECT_EQ(message.rfind("hh.json: $.x[0][0]", 0), 0u) << message;
}

TEST(ReadHousehold, NeverThrowsOnGarbage) {
  for (std::string text : {std::string("\xff\xfe"), std::string("{\"a\":\"\xc3\x28\"}"), std::string(1, '\0'),
                           std::string("{\"household\":{\"persons\":[{\"id\":\"\\ud800\"}]}}")}) {
    auto result = ReadHousehold(text, "hh.json");
    EXPECT_FALSE(result.ok());
  }
}

TEST(ReadHousehold, KeepsErrorMessagesShortAndValidUtf8) {
  EXPECT_EQ(ErrorOf("{\"household\": {\"persons\": [{\"id\": \"p\"}]}, \"ho\xffsing\": 1}"),
            "hh.json:1:46: malformed JSON: syntax error while parsing object key - invalid string: ill-formed UTF-8 "
            "byte; last read: '\"ho\\xff'; expected string literal");
  EXPECT_EQ(ErrorOf(Doc("\"" + std::string(100, 'x') + "\u00eb\": 1")),
            "hh.json: $['" + std::string(60, 'x') + "...']: unknown field '" + std::string(60, 'x') + "...'");
  EXPECT_EQ(ErrorOf(R"({"household": {"persons": [{"id": "Zo\u00eb\n"}, {"id": "Zoë\n"}]}})"),
            "hh.json: $.household.persons[1].id: duplicate person id 'Zoë\\x0a' (already used by persons[0])");
}

TEST(HouseholdToJson, WritesTheCanonicalForm) {
  Household hh = Read(R"({"tax_year": 2025, "housing": {"rent_monthly": 650.5, "owned_real_estate": []},
      "household": {"persons": [{"pregnant": false, "id": "p", "incomes": [
        {"basis": "gross_taxable", "period": "year", "amount": 1314.2, "kind": "pension"}]}]},
      "reference_date": "2025-01-01", "connection": {}})");
  EXPECT_EQ(HouseholdToJson(hh), R"({
  "reference_date": "2025-01-01",
  "household": {
    "persons": [
      {
        "id": "p",
        "pregnant": false,
        "incomes": [
          {
            "kind": "pension",
            "amount": 1314.20,
            "period": "year",
            "basis": "gross_taxable"
          }
        ]
      }
    ]
  },
  "housing": {
    "rent_monthly": 650.50,
    "owns_dwelling": false,
    "owned_real_estate": []
  },
  "tax_year": 2025
}
)");  // owns_dwelling: derived from the (empty) list of properties
}

TEST(HouseholdToJson, RoundTripsThroughTheReader) {
  Household first = Read(std::string(kFull));
  std::string text = HouseholdToJson(first);
  Household second = Read(text);
  EXPECT_EQ(HouseholdToJson(second), text);

  ASSERT_EQ(first.facts.size(), second.facts.size());
  for (size_t i = 0; i < first.facts.size(); ++i) {
    EXPECT_EQ(first.facts[i].present, second.facts[i].present) << Fields(Entity::kHousehold)[i].name;
    EXPECT_EQ(first.facts[i].number, second.facts[i].number) << Fields(Entity::kHousehold)[i].name;
    EXPECT_EQ(first.facts[i].text, second.facts[i].text) << Fields(Entity::kHousehold)[i].name;
  }
  ASSERT_EQ(first.persons.size(), second.persons.size());
  for (size_t p = 0; p < first.persons.size(); ++p) {
    for (size_t i = 0; i < first.persons[p].facts.size(); ++i) {
      EXPECT_EQ(first.persons[p].facts[i].present, second.persons[p].facts[i].present);
      EXPECT_EQ(first.persons[p].facts[i].number, second.persons[p].facts[i].number);
      EXPECT_EQ(first.persons[p].facts[i].text, second.persons[p].facts[i].text);
    }
    EXPECT_EQ(first.persons[p].incomes.has_value(), second.persons[p].incomes.has_value());
    EXPECT_EQ(first.persons[p].statuses.has_value(), second.persons[p].statuses.has_value());
  }
  EXPECT_EQ((*second.persons[0].incomes)[0].amount.cents(), 131420);
  EXPECT_EQ((*second.persons[0].statuses)[1].route, "automatic");
  EXPECT_EQ(second.reference_date, first.reference_date);
}

TEST(HouseholdToJson, WritesEnumTextFromTheIndexWhenTextIsMissing) {
  Household hh;
  hh.facts.assign(Fields(Entity::kHousehold).size(), Fact{});
  hh.facts[*FindField(Entity::kHousehold, "housing.tenure")] = Fact::Number(1);
  Person person;
  person.facts.assign(Fields(Entity::kPerson).size(), Fact{});
  person.facts[*FindField(Entity::kPerson, "id")] = Fact::Text("p");
  hh.persons.push_back(person);
  Household back = Read(HouseholdToJson(hh));
  EXPECT_EQ(HouseholdFact(back, "housing.tenure").text, "tenant");
}

}  // namespace
}  // namespace household

namespace household {
namespace {

TEST(ReadHousehold, AcceptsTheSpecSpellingOfTheCadastralIncome) {
  auto hh = ReadHousehold(
      R"({"household": {"persons": [{"id": "p1"}]},
          "housing": {"owned_real_estate": [{"type": "other_dwelling", "KI_non_indexed": 745.00}]}})",
      "t.json");
  ASSERT_TRUE(hh.ok()) << hh.error().message();
  ASSERT_EQ(hh->owned_real_estate->size(), 1u);
  EXPECT_EQ((*hh->owned_real_estate)[0].ki_non_indexed.cents(), 74500);
}

}  // namespace
}  // namespace household

// ---------------------------------------------------------------------------
// Other spellings (docs/household.md, "Other spellings"), table-driven over
// the schema's rows, so that a new row is tested without a new test.

namespace household {
namespace {

using nlohmann::json;

// A sample JSON value of `type` (for enums: `values`' first plain value).
json SampleValue(FieldType type, const std::vector<std::string_view>& values) {
  switch (type) {
    case FieldType::kBool:
      return true;
    case FieldType::kInt:
      return 1;
    case FieldType::kMoney:
      return 1;
    case FieldType::kDate:
      return "2020-01-01";
    case FieldType::kText:
      return "x";
    case FieldType::kEnum:
      return std::string(values.at(0));
  }
  return nullptr;
}

// A complete entry of each list a synonym row may name, by its dotted path.
json DefaultEntry(std::string_view list) {
  if (list == "incomes") return {{"kind", "other"}, {"amount", 1}, {"period", "month"}, {"basis", "net"}};
  if (list == "statuses") return {{"status", "vt"}};
  if (list == "housing.owned_real_estate") return {{"type", "other"}, {"ki_non_indexed", 1}};
  ADD_FAILURE() << "no default entry for the list " << list;
  return json::object();
}

// The JSON pointer of dotted `name` below `base` ("/a/b").
json::json_pointer Pointer(std::string base, std::string_view name) {
  for (size_t start = 0;;) {
    size_t dot = name.find('.', start);
    base += "/" + std::string(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return json::json_pointer(base);
}

// Where `field` of `entity` lives in a document: a scalar ("/housing/tenure")
// or a member of the first entry of a list ("/household/persons/0/incomes/0/kind").
struct Place {
  json::json_pointer pointer;
  json::json_pointer list;  // empty for a scalar
  std::string list_name;
};

Place PlaceOf(Entity entity, std::string_view field) {
  std::string base = entity == Entity::kPerson ? "/household/persons/0" : "";
  size_t brackets = field.find("[].");
  if (brackets == std::string_view::npos) return {Pointer(base, field), json::json_pointer(), ""};
  std::string list_name(field.substr(0, brackets));
  json::json_pointer list = Pointer(base, list_name);
  return {list / 0 / std::string(field.substr(brackets + 3)), list, list_name};
}

// A minimal document with `value` written at `field`.
json DocWith(Entity entity, std::string_view field, const json& value) {
  json doc = {{"household", {{"persons", json::array({{{"id", "p1"}}})}}}};
  Place place = PlaceOf(entity, field);
  if (!place.list_name.empty()) doc[place.list] = json::array({DefaultEntry(place.list_name)});
  doc[place.pointer] = value;
  return doc;
}

// The canonical text written for `field` after reading `doc`.
json CanonicalAt(const json& doc, Entity entity, std::string_view field) {
  Household hh = Read(doc.dump());
  json canonical = json::parse(HouseholdToJson(hh));
  json::json_pointer pointer = PlaceOf(entity, field).pointer;
  return canonical.contains(pointer) ? canonical[pointer] : json(nullptr);
}

// The spec of a field or list member as a synonym row names it
// ("housing.tenure", "incomes[].kind"), or null.
const FieldSpec* SpecOf(Entity entity, std::string_view field) {
  for (auto list :
       {detail::MemberKind::kIncomes, detail::MemberKind::kStatuses, detail::MemberKind::kOwnedRealEstate}) {
    std::string entry(detail::ListEntryPath(list));
    for (const detail::ItemMember& m : detail::ItemMembers(list)) {
      if (m.spec.entity == entity && entry + "." + std::string(m.spec.name) == field) return &m.spec;
    }
  }
  auto id = FindField(entity, field);
  return id ? &Fields(entity)[*id] : nullptr;
}

// The dotted name of member `name` of the object at `object` ("" is the root).
std::string Dotted(std::string_view object, std::string_view name) {
  return object.empty() ? std::string(name) : std::string(object) + "." + std::string(name);
}

TEST(Synonyms, NameOneOfOurCodesAndNeverShadowOne) {
  std::set<std::tuple<Entity, std::string_view, std::string_view>> seen;
  for (const ValueSynonym& s : ValueSynonyms()) {
    const FieldSpec* spec = SpecOf(s.entity, s.field);
    ASSERT_TRUE(spec != nullptr && spec->type == FieldType::kEnum) << s.field << " is not an enum";
    const auto& values = spec->values;
    EXPECT_NE(std::find(values.begin(), values.end(), s.code), values.end()) << s.field << ": " << s.code;
    EXPECT_FALSE(EnumIndex(*spec, s.spelling)) << s.field << ": the synonym " << s.spelling << " is one of our codes";
    EXPECT_TRUE(seen.emplace(s.entity, s.field, s.spelling).second) << s.field << ": " << s.spelling << " twice";
    if (s.also_number) {
      EXPECT_EQ(std::to_string(std::stoll(std::string(s.spelling))), s.spelling);
    }
  }
  for (const NameSynonym& s : NameSynonyms()) {
    EXPECT_NE(SpecOf(s.entity, Dotted(s.object, s.name)), nullptr) << Dotted(s.object, s.name);
    EXPECT_EQ(SpecOf(s.entity, Dotted(s.object, s.spelling)), nullptr) << Dotted(s.object, s.spelling);
  }
}

TEST(ReadHousehold, StoresOurCodeForEverySynonym) {
  for (const ValueSynonym& s : ValueSynonyms()) {
    EXPECT_EQ(CanonicalAt(DocWith(s.entity, s.field, std::string(s.spelling)), s.entity, s.field), s.code)
        << s.field << ": " << s.spelling;
    if (s.also_number) {
      EXPECT_EQ(CanonicalAt(DocWith(s.entity, s.field, std::stoll(std::string(s.spelling))), s.entity, s.field), s.code)
          << s.field << ": the number " << s.spelling;
    }
  }
}

TEST(ReadHousehold, StoresTheRegionCodeWithItsEnumIndex) {
  Household hh = Read(Doc(R"("municipality": {"region": "Vlaams Gewest"})"));
  EXPECT_EQ(HouseholdFact(hh, "municipality.region").text, "flanders");
  EXPECT_EQ(HouseholdFact(hh, "municipality.region").number, 0);
  hh = Read(Doc(R"("municipality": {"region": 4000})"));
  EXPECT_EQ(HouseholdFact(hh, "municipality.region").text, "brussels");
  hh = Read(Doc(R"("municipality": {"region": "03000"})"));
  EXPECT_EQ(HouseholdFact(hh, "municipality.region").text, "wallonia");
  EXPECT_EQ(HouseholdFact(hh, "municipality.region").number, 2);
}

TEST(ReadHousehold, RefusesOtherNumbersAndNearMissesOfSynonyms) {
  EXPECT_EQ(ErrorOf(Doc(R"("municipality": {"region": 5000})")),
            "hh.json: $.municipality.region: expected one of flanders, brussels, wallonia, got the number 5000");
  EXPECT_EQ(ErrorOf(Doc(R"("municipality": {"region": "Vlaams gewest"})")),
            "hh.json: $.municipality.region: 'Vlaams gewest' is not an allowed value (did you mean 'Vlaams Gewest' or "
            "'Waals Gewest'?); allowed: flanders, brussels, wallonia");
  EXPECT_EQ(ErrorOf(Doc(R"("housing": {"tenure": "privat_rent"})")),
            "hh.json: $.housing.tenure: 'privat_rent' is not an allowed value (did you mean 'private_rent'?); "
            "allowed: owner, tenant, social_tenant, homeless, care_home, other");
}

TEST(ReadHousehold, AcceptsEveryOtherSpellingOfAMemberName) {
  for (const NameSynonym& s : NameSynonyms()) {
    std::string field = Dotted(s.object, s.name), name(s.name), spelling(s.spelling);
    const FieldSpec* spec = SpecOf(s.entity, field);
    ASSERT_NE(spec, nullptr) << field;
    json value = SampleValue(spec->type, spec->values);
    json doc;
    if (s.object.ends_with("[]")) {
      std::string list(s.object.substr(0, s.object.size() - 2));
      json entry = DefaultEntry(list);
      if (entry.contains(name)) value = entry[name];
      entry.erase(name);
      entry[spelling] = value;
      doc = DocWith(s.entity, field, nullptr);
      doc[PlaceOf(s.entity, field).list] = json::array({entry});
    } else {
      doc = DocWith(s.entity, Dotted(s.object, s.spelling), value);
    }
    EXPECT_EQ(CanonicalAt(doc, s.entity, field), value)
        << s.spelling << " was not read as " << field << ": " << doc.dump();
  }
}

TEST(ReadHousehold, AcceptsTheSpecSpellingOfTheCadastralIncomeOnce) {
  EXPECT_EQ(ErrorOf(Doc(R"("housing": {"owned_real_estate": [{"type": "land", "ki_non_indexed": 5,
                                                                "KI_non_indexed": 5}]})")),
            "hh.json: $.housing.owned_real_estate[0].KI_non_indexed: 'KI_non_indexed' and 'ki_non_indexed' name the "
            "same field; give it once");
  Household hh = Read(Doc(R"("housing": {"owned_real_estate": [{"type": "house", "KI_non_indexed": 745.00}]})"));
  EXPECT_EQ((*hh.owned_real_estate)[0].type, "other_dwelling");
  EXPECT_EQ((*hh.owned_real_estate)[0].ki_non_indexed.cents(), 74500);
}

// ---------------------------------------------------------------------------
// Numbered categories.

TEST(ReadHousehold, MapsEveryNumberedCategoryToTheRightsCode) {
  for (const CategoryNumber& c : CategoryNumbers()) {
    for (json category : {json(c.number), json(std::to_string(c.number))}) {
      json doc = DocWith(Entity::kPerson, "statuses[].status", std::string(c.status));
      doc["household"]["persons"][0]["statuses"][0]["category"] = category;
      Household hh = Read(doc.dump());
      EXPECT_EQ((*hh.persons[0].statuses)[0].category, c.code) << c.status << " " << category.dump();
    }
  }
}

TEST(ReadHousehold, ReadsTheCategoryBeforeOrAfterTheStatus) {
  Household hh = Read(Doc("", R"("id": "p", "statuses": [{"category": 2, "status": "leefloon"},
                                                        {"status": "igo", "category": "alleenstaand"},
                                                        {"status": "vt", "category": "2"}])"));
  EXPECT_EQ((*hh.persons[0].statuses)[0].category, "cat2");
  EXPECT_EQ((*hh.persons[0].statuses)[1].category, "alleenstaand");
  EXPECT_EQ((*hh.persons[0].statuses)[2].category, "2");  // vt has no numbered categories: digits stay text
}

TEST(ReadHousehold, RefusesACategoryNumberTheStatusDoesNotHave) {
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "statuses": [{"status": "leefloon", "category": 4}])")),
            "hh.json: $.household.persons[0].statuses[0].category: 'leefloon' has no category 4; numbered: "
            "1 = cat1, 2 = cat2, 3 = cat3");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "statuses": [{"status": "sociaal_internetaanbod", "category": "2"}])")),
            "hh.json: $.household.persons[0].statuses[0].category: 'sociaal_internetaanbod' has no category 2; "
            "numbered: 1 = cat1, 3 = cat3");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "statuses": [{"status": "vt", "category": 2}])")),
            "hh.json: $.household.persons[0].statuses[0].category: the categories of 'vt' are not numbered; "
            "write the category as text");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "statuses": [{"status": "leefloon", "category": 2.5}])")),
            "hh.json: $.household.persons[0].statuses[0].category: expected a string or a whole number, got the "
            "number 2.5");
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "statuses": [{"status": "leefloon", "category": true}])")),
            "hh.json: $.household.persons[0].statuses[0].category: expected a string, got true");
}

// ---------------------------------------------------------------------------
// income_history entries: an amount, or {amount, year | month}.

TEST(ReadHousehold, ReadsIncomeHistoryEntriesInBothForms) {
  Household hh = Read(Doc(R"("income_history": {
      "household_gross_taxable_income_annual": 25630.67,
      "household_gross_taxable_income_prev_month": {"month": "2025-01", "amount": 2100.50},
      "indexed_income_last_assessment": {"year": 2023, "amount": 30000},
      "household_income_groeipakket_last_assessment": {"amount": 41000, "year": null},
      "household_gross_taxable_income_all_adults_annual": {"amount": 50000, "month": 12}})"));
  EXPECT_EQ(HouseholdFact(hh, "income_history.household_gross_taxable_income_annual.amount").number, 2563067);
  EXPECT_FALSE(HouseholdFact(hh, "income_history.household_gross_taxable_income_annual.year").present);
  EXPECT_EQ(HouseholdFact(hh, "income_history.household_gross_taxable_income_prev_month").number, 210050);
  EXPECT_EQ(HouseholdFact(hh, "income_history.indexed_income_last_assessment").number, 3000000);
  EXPECT_EQ(HouseholdFact(hh, "income_history.household_income_groeipakket_last_assessment").number, 4100000);
  EXPECT_EQ(HouseholdFact(hh, "income_history.household_gross_taxable_income_all_adults_annual").number, 5000000);
  // The canonical form writes each entry as we name it.
  json canonical = json::parse(HouseholdToJson(hh));
  EXPECT_EQ(canonical["income_history"]["household_gross_taxable_income_annual"], json({{"amount", 25630.67}}));
  EXPECT_EQ(canonical["income_history"]["household_gross_taxable_income_prev_month"].dump(), "2100.5");
  // The object form of the annual entry still works.
  hh = Read(Doc(R"("income_history": {"household_gross_taxable_income_annual": {"year": 2024, "amount": 1}})"));
  EXPECT_EQ(HouseholdFact(hh, "income_history.household_gross_taxable_income_annual.year").number, 2024);
}

TEST(ReadHousehold, RefusesMalformedIncomeHistoryEntriesNamingThePlace) {
  auto error = [](const std::string& entry) {
    return ErrorOf(Doc(R"("income_history": {"household_gross_taxable_income_prev_month": )" + entry + "}"));
  };
  const std::string at = "hh.json: $.income_history.household_gross_taxable_income_prev_month";
  EXPECT_EQ(error(R"({"month": "2025-01"})"), at + ": missing required field 'amount'");
  EXPECT_EQ(error(R"({"amount": 1, "year": 2025, "month": 1})"), at + ": give either 'year' or 'month', not both");
  EXPECT_EQ(error(R"({"amount": 1, "month": "2025-13"})"),
            at + ".month: '2025-13' is not a valid month (expected YYYY-MM)");
  EXPECT_EQ(error(R"({"amount": 1, "month": 13})"), at + ".month: month 13 is not a number from 1 to 12");
  EXPECT_EQ(error(R"({"amount": 1, "month": true})"),
            at + ".month: expected a month \"YYYY-MM\" or a number from 1 to 12, got true");
  EXPECT_EQ(error(R"({"amount": 1, "year": 3000})"),
            at + ".year: year 3000 is outside the supported dates 1800-01-01..2200-12-31");
  EXPECT_EQ(error(R"({"amount": -1})"), at + ".amount: negative amount -1 is not allowed");
  EXPECT_EQ(error(R"({"amount": 1, "yaer": 2024})"), at + ".yaer: unknown field 'yaer' (did you mean 'year'?)");
  EXPECT_EQ(error(R"("2100")"), at + ": expected an amount in euro, got the string '2100'");
  EXPECT_EQ(ErrorOf(Doc(R"("income_history": {"household_gross_taxable_income_annual": "1"})")),
            "hh.json: $.income_history.household_gross_taxable_income_annual: expected an object, got the string '1'");
}

// ---------------------------------------------------------------------------
// Lenient reading.

Household ReadLeniently(const std::string& text, ReadReport& report, Leniency leniency = Leniency::kLenient) {
  auto result = ReadHousehold(text, "hh.json", ReadOptions{leniency}, &report);
  EXPECT_TRUE(result.ok()) << result.error().message();
  return result.ok() ? std::move(result).value() : Household{};
}

constexpr std::string_view kSloppy = R"({
  "household": {"persons": [
    {"id": "a", "incomes": [{"kind": "pension", "amount": 1, "period": "month", "basis": "net"}]},
    {"id": "b", "birth_dat": "1990-01-01", "age": 35,
     "incomes": [{"kind": "bonus", "amount": 1, "period": "month", "basis": "net"}],
     "statuses": [{"status": "leefloon", "category": 7, "sinds": "2020-01-01"}]}]},
  "housing": {"tenure": "tennant", "rent_monthly": 650, "colour": "blue"}
})";

TEST(ReadHousehold, LenientlyListsWhatItLeftOutWithPathsAndSuggestions) {
  ReadReport report;
  Household hh = ReadLeniently(std::string(kSloppy), report);
  EXPECT_TRUE(report.lenient);
  ASSERT_EQ(report.ignored.size(), 6u);

  const IgnoredField& birth = report.ignored[0];
  EXPECT_EQ(birth.path, "$.household.persons[1].birth_dat");
  EXPECT_EQ(birth.problem, "unknown field 'birth_dat'");
  EXPECT_EQ(birth.did_you_mean, std::vector<std::string>{"birth_date"});
  EXPECT_TRUE(birth.unknown_list.empty());

  const IgnoredField& kind = report.ignored[1];
  EXPECT_EQ(kind.path, "$.household.persons[1].incomes[0].kind");
  EXPECT_EQ(kind.problem, "'bonus' is not an allowed value");
  EXPECT_EQ(kind.allowed.size(), IncomeKinds().size());
  EXPECT_EQ(kind.unknown_list, "$.household.persons[1].incomes");

  EXPECT_EQ(report.ignored[2].path, "$.household.persons[1].statuses[0].sinds");
  EXPECT_EQ(report.ignored[2].did_you_mean, std::vector<std::string>{"since"});
  EXPECT_EQ(report.ignored[3].path, "$.household.persons[1].statuses[0].category");
  EXPECT_EQ(report.ignored[3].problem, "'leefloon' has no category 7");
  EXPECT_EQ(report.ignored[3].allowed, (std::vector<std::string>{"1 = cat1", "2 = cat2", "3 = cat3"}));

  EXPECT_EQ(report.ignored[4].path, "$.housing.tenure");
  EXPECT_EQ(report.ignored[4].did_you_mean, std::vector<std::string>{"tenant"});
  EXPECT_EQ(report.ignored[4].allowed.front(), "owner");
  EXPECT_EQ(report.ignored[5].path, "$.housing.colour");
  EXPECT_TRUE(report.ignored[5].did_you_mean.empty());

  // What was left out is unknown; the rest was read.
  EXPECT_FALSE(PersonFact(hh.persons[1], "birth_date").present);
  EXPECT_EQ(PersonFact(hh.persons[1], "age").number, 35);
  EXPECT_FALSE(hh.persons[1].incomes);  // an income without its kind: the list is unknown, not shorter
  ASSERT_TRUE(hh.persons[0].incomes);
  EXPECT_EQ(hh.persons[0].incomes->size(), 1u);
  ASSERT_TRUE(hh.persons[1].statuses);
  EXPECT_EQ((*hh.persons[1].statuses)[0].category, "");
  EXPECT_FALSE(HouseholdFact(hh, "housing.tenure").present);
  EXPECT_EQ(HouseholdFact(hh, "housing.rent_monthly").number, 65000);
}

TEST(ReadHousehold, StrictReadingStillRefusesTheFirstProblemNamingItsPath) {
  EXPECT_EQ(ErrorOf(std::string(kSloppy)),
            "hh.json: $.household.persons[1].birth_dat: unknown field 'birth_dat' (did you mean 'birth_date'?)");
  ReadReport report;
  auto result = ReadHousehold(std::string(kSloppy), "hh.json", ReadOptions{Leniency::kAsDocument}, &report);
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(report.lenient);
}

TEST(ReadHousehold, LenientStillRefusesWrongTypesAndBadAmounts) {
  ReadReport report;
  auto result = ReadHousehold(Doc(R"("housing": {"rent_monthly": -5, "colour": 1})"), "hh.json",
                              ReadOptions{Leniency::kLenient}, &report);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "hh.json: $.housing.rent_monthly: negative amount -5 is not allowed");
  result = ReadHousehold(Doc("", R"("id": "p", "ID": "q")"), "hh.json", ReadOptions{Leniency::kLenient}, &report);
  ASSERT_TRUE(result.ok());
  result = ReadHousehold(Doc("", R"("ID": "q")"), "hh.json", ReadOptions{Leniency::kLenient}, &report);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "hh.json: $.household.persons[0]: missing required field 'id'");
}

TEST(ReadHousehold, TheDocumentMayAskForLenientReading) {
  std::string text = Doc(R"("lenient": true, "housing": {"tenur": "owner"})");
  ReadReport report;
  ReadLeniently(text, report, Leniency::kAsDocument);
  EXPECT_TRUE(report.lenient);
  ASSERT_EQ(report.ignored.size(), 1u);
  EXPECT_EQ(report.ignored[0].path, "$.housing.tenur");
  EXPECT_EQ(report.ignored[0].did_you_mean, std::vector<std::string>{"tenure"});
  // Strict callers read the member but keep refusing.
  EXPECT_EQ(ErrorOf(text), "hh.json: $.housing.tenur: unknown field 'tenur' (did you mean 'tenure'?)");
  // "lenient": false asks for nothing; a non-boolean is refused.
  ReadLeniently(Doc(R"("lenient": false)"), report, Leniency::kAsDocument);
  EXPECT_FALSE(report.lenient);
  EXPECT_EQ(ErrorOf(Doc(R"("lenient": "yes")")), "hh.json: $.lenient: expected true or false, got the string 'yes'");
  // --lenient wins over the document's false.
  ReadLeniently(Doc(R"("lenient": false, "x": 1)"), report, Leniency::kLenient);
  EXPECT_TRUE(report.lenient);
  EXPECT_EQ(report.ignored.size(), 1u);
}

TEST(ReadHousehold, LenientReadingLeavesOutAtMostAThousandThings) {
  std::string many;
  for (size_t i = 0; i <= kMaxIgnoredFields; ++i) many += ", \"x" + std::to_string(i) + "\": 1";
  ReadReport report;
  auto result = ReadHousehold(Doc(many.substr(2)), "hh.json", ReadOptions{Leniency::kLenient}, &report);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(),
            "hh.json: $.x1000: more than 1000 unknown fields and values were left out; is this a household document?");
  many = many.substr(0, many.rfind(", "));
  ReadLeniently(Doc(many.substr(2)), report);
  EXPECT_EQ(report.ignored.size(), kMaxIgnoredFields);
}

TEST(HouseholdToJson, NeverWritesTheLenientMember) {
  Household hh = Read(Doc(R"("lenient": true)"));
  EXPECT_EQ(HouseholdToJson(hh).find("lenient"), std::string::npos);
}

// The JSON path of a field in error messages: "$.housing.tenure",
// "$.household.persons[0].disability.pillar1".
std::string PathOf(Entity entity, std::string_view field) {
  return (entity == Entity::kPerson ? "$.household.persons[0]." : "$.") + std::string(field);
}

// A document with one value of `spec`'s type at its place (an income_history
// year with the amount it needs), and the fact the reader must store for it.
std::pair<json, Fact> OneValueOf(Entity entity, const FieldSpec& spec) {
  json value;
  Fact want;
  switch (spec.type) {
    case FieldType::kBool:
      value = true, want = Fact::Number(1);
      break;
    case FieldType::kInt:
      value = 7, want = Fact::Number(7);
      break;
    case FieldType::kMoney:
      value = json::parse("12.34"), want = Fact::Number(1234);
      break;
    case FieldType::kDate:
      value = "2020-02-29", want = Fact::Number(base::Date::FromYmd(2020, 2, 29).days());
      break;
    case FieldType::kText:
      value = "BE", want = Fact::Text("BE");
      // The municipality's postcode and NIS code must name a municipality
      // (household/municipality.h): Balen's.
      if (spec.name == "municipality.postcode") value = "2490", want = Fact::Text("2490");
      if (spec.name == "municipality.nis") value = "13003", want = Fact::Text("13003");
      break;
    case FieldType::kEnum:
      for (size_t i = 0; i < spec.values.size(); ++i) {
        if (spec.values[i].ends_with('*')) continue;
        value = std::string(spec.values[i]);
        want = Fact::Number(static_cast<int64_t>(i));
        want.text = spec.values[i];
      }
      break;
  }
  json doc = DocWith(entity, spec.name, value);
  if (spec.name.starts_with("income_history.") && spec.name.ends_with(".year")) {
    doc[PlaceOf(entity, spec.name).pointer.parent_pointer() / "amount"] = 1;
  }
  return {doc, want};
}

// Every row of the schema table, the fields of the spec's missing facts
// included: one value of its type is read at its place, and a value of the
// wrong type is refused naming its path.
TEST(ReadHousehold, ReadsEveryFieldOfTheSchemaTableAndRefusesWrongTypesNamingItsPath) {
  for (Entity entity : {Entity::kHousehold, Entity::kPerson}) {
    const std::vector<FieldSpec>& fields = Fields(entity);
    for (size_t id = 0; id < fields.size(); ++id) {
      const FieldSpec& spec = fields[id];
      if (spec.name == "id") continue;
      auto [doc, want] = OneValueOf(entity, spec);
      Household hh = Read(doc.dump());
      ASSERT_EQ(hh.persons.size(), 1u) << spec.name;
      const Fact& got = entity == Entity::kHousehold ? hh.facts.at(id) : hh.persons[0].facts.at(id);
      EXPECT_TRUE(got.present) << spec.name;
      EXPECT_EQ(got.number, want.number) << spec.name;
      EXPECT_EQ(got.text, want.text) << spec.name;

      const bool takes_text = spec.type == FieldType::kText || spec.type == FieldType::kEnum;
      json wrong = DocWith(entity, spec.name, takes_text ? json(true) : json("x"));
      EXPECT_THAT(ErrorOf(wrong.dump()), ::testing::HasSubstr(PathOf(entity, spec.name) + ": ")) << spec.name;
    }
  }
}

TEST(ReadHousehold, ReadsWhetherAStatusWasUninterruptedAndWritesItBack) {
  Household hh = Read(Doc("", R"("id": "p1", "statuses": [
      {"status": "leefloon", "since": "2024-01-01", "uninterrupted": false},
      {"status": "vt", "since": "2020-01-01", "uninterrupted": true},
      {"status": "igo"}])"));
  const std::vector<Status>& statuses = *hh.persons[0].statuses;
  ASSERT_EQ(statuses.size(), 3u);
  EXPECT_EQ(statuses[0].uninterrupted, std::optional<bool>(false));
  EXPECT_EQ(statuses[1].uninterrupted, std::optional<bool>(true));
  EXPECT_FALSE(statuses[2].uninterrupted.has_value());

  json canonical = json::parse(HouseholdToJson(hh));
  const json& written = canonical["household"]["persons"][0]["statuses"];
  EXPECT_EQ(written[0]["uninterrupted"], false);
  EXPECT_EQ(written[1]["uninterrupted"], true);
  EXPECT_FALSE(written[2].contains("uninterrupted"));
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p1", "statuses": [{"status": "vt", "uninterrupted": "ja"}])")),
            "hh.json: $.household.persons[0].statuses[0].uninterrupted: expected true or false, got the string 'ja'");
}

TEST(ReadHousehold, ReadsTheEndOfAStatusAndRefusesAnEndBeforeItsStart) {
  Household hh = Read(Doc("", R"("id": "p1", "statuses": [
      {"status": "leefloon", "since": "2023-01-01", "until": "2023-12-31"},
      {"status": "leefloon", "since": "2024-06-01"}])"));
  const std::vector<Status>& statuses = *hh.persons[0].statuses;
  ASSERT_EQ(statuses.size(), 2u);
  EXPECT_EQ(statuses[0].until, base::Date::Parse("2023-12-31"));
  EXPECT_FALSE(statuses[1].until.has_value());
  // Held: started on or before the date, and not ended before it.
  EXPECT_TRUE(statuses[0].HeldOn(*base::Date::Parse("2023-12-31")));
  EXPECT_FALSE(statuses[0].HeldOn(*base::Date::Parse("2024-01-01")));
  EXPECT_FALSE(statuses[1].HeldOn(*base::Date::Parse("2024-05-31")));
  EXPECT_EQ(HeldStatus(statuses, "leefloon", *base::Date::Parse("2024-07-01")), &statuses[1]);
  EXPECT_EQ(HeldStatus(statuses, "leefloon", *base::Date::Parse("2024-03-01")), nullptr);

  json canonical = json::parse(HouseholdToJson(hh));
  const json& written = canonical["household"]["persons"][0]["statuses"];
  EXPECT_EQ(written[0]["until"], "2023-12-31");
  EXPECT_FALSE(written[1].contains("until"));
  EXPECT_EQ(
      ErrorOf(Doc(
          "",
          R"("id": "p1", "statuses": [{"status": "vt"}, {"status": "vt", "since": "2024-03-01", "until": "2024-02-01"}])")),
      "hh.json: $.household.persons[0].statuses[1].until: 2024-02-01 is before its since 2024-03-01");
}

TEST(ReadHousehold, DerivesOwnsDwellingFromTheListOfPropertiesAndRefusesADisagreement) {
  auto owns = [](const std::string& housing) { return HouseholdFact(Read(Doc(housing)), "housing.owns_dwelling"); };
  EXPECT_FALSE(owns(R"("housing": {"tenure": "tenant"})").present);
  EXPECT_EQ(owns(R"("housing": {"owns_dwelling": true})").number, 1);
  EXPECT_EQ(owns(R"("housing": {"owns_dwelling": false})").number, 0);
  EXPECT_EQ(owns(R"("housing": {"owned_real_estate": []})").number, 0);
  EXPECT_EQ(owns(R"("housing": {"owned_real_estate": [{"type": "land", "ki_non_indexed": 40}]})").number, 0);
  EXPECT_EQ(owns(R"("housing": {"owned_real_estate": [{"type": "land", "ki_non_indexed": 40},
                                                       {"type": "own_home", "ki_non_indexed": 700}]})")
                .number,
            1);
  EXPECT_EQ(owns(R"("housing": {"owns_dwelling": true,
                                "owned_real_estate": [{"type": "other_dwelling", "ki_non_indexed": 600}]})")
                .number,
            1);
  EXPECT_EQ(ErrorOf(Doc(R"("housing": {"owns_dwelling": false, "owned_real_estate": [
                {"type": "land", "ki_non_indexed": 40}, {"type": "other_dwelling", "ki_non_indexed": 600}]})")),
            "hh.json: $.housing.owns_dwelling: false, but $.housing.owned_real_estate[1] is a dwelling");
  EXPECT_EQ(ErrorOf(Doc(R"("housing": {"owns_dwelling": true, "owned_real_estate": []})")),
            "hh.json: $.housing.owns_dwelling: true, but $.housing.owned_real_estate lists no dwelling (own_home, "
            "other_dwelling)");
}

}  // namespace
}  // namespace household
