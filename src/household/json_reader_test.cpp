// household/json_reader_test.cpp — the household JSON reader: every kind of
// field, exact money, null = absent, every error class with its exact message,
// and the canonical writer's round trip.
#include "household/json_reader.h"

#include <gtest/gtest.h>

#include <string>

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
  EXPECT_EQ(ErrorOf(Doc("", R"("id": "p", "incomes": [{"kind": "salary", "amount": 1, "period": "month",
                                                        "basis": "net"}])")),
            "hh.json: $.household.persons[0].incomes[0].kind: 'salary' is not an allowed value; allowed: "
            "employment, self_employment, pension, unemployment, sickness, disability_allowance, leefloon, "
            "equivalent_leefloon, igo, ivt, it, maintenance, maintenance_for_children, child_benefit, study_grant, "
            "real_estate, movable_capital, other");
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
    "owned_real_estate": []
  },
  "tax_year": 2025
}
)");
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
