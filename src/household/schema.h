// household/schema.h
//
// The input vocabulary: one table of every scalar field a household document
// may carry, with its type, allowed values and the Dutch wording the screener
// uses to ask for it. The JSON reader validates against this table, the JSON
// Schema in docs/ is generated from it, and the rule checker resolves input
// names through it. Adding an input is adding one row.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "household/model.h"

namespace household {

enum class Entity { kHousehold, kPerson };
enum class FieldType { kBool, kInt, kMoney, kDate, kText, kEnum };

struct FieldSpec {
  // Dotted name inside the entity: person fields are relative to a person
  // ("birth_date", "disability.pillar1"); household fields are relative to the
  // document root ("housing.rent_monthly", "household.living_situation").
  std::string_view name;
  Entity entity;
  FieldType type;
  // kEnum only. An entry ending in '*' admits every value with that prefix.
  std::vector<std::string_view> values;
  std::string_view label;     // Dutch noun phrase: "de geboortedatum"
  std::string_view question;  // Dutch question: "Wat is de geboortedatum?"
};

// The fields of one entity, indexed by FieldId.
const std::vector<FieldSpec>& Fields(Entity entity);

std::optional<FieldId> FindField(Entity entity, std::string_view name);

// Index of `value` among an enum field's values (prefix patterns match), or
// nullopt when the value is not allowed.
std::optional<int64_t> EnumIndex(const FieldSpec& field, std::string_view value);

// A field worth asking only when another field of the same entity has one of
// `when`'s values: what the rules cannot show, because the rules read each
// field on its own ("the points on the medical-social scale" exist only for
// a recognised handicap; "the landlord" only for a tenant). The rights check
// asks `requires` first, and does not ask `field` when `requires` has another
// value: `field` is then `otherwise` (JSON text: "0", "false"), or, if that is
// empty, it stays unknown. Values are compared as JSON text ("true", "\"tenant\"").
// A person field may instead require an age: `requires_field` "age" and
// `when` empty, asked only from `min_age` to `max_age` (the age follows from
// the birth date, which is asked first).
struct Prerequisite {
  Entity entity;
  std::string_view field;
  std::string_view requires_field;
  std::vector<std::string_view> when;
  std::string_view otherwise;
  int min_age = 0;
  int max_age = 200;
};
const std::vector<Prerequisite>& Prerequisites();
const Prerequisite* FindPrerequisite(Entity entity, std::string_view field);

// Inputs the rights check does not ask a resident: what an OCMW decides after
// a social inquiry. A right that rests on it says where to ask instead of
// answering its own question ("the OCMW has not granted it"); professionals
// give it in /expert.
bool DecidedByTheService(std::string_view field);

// Names of the list-valued inputs, which are addressed as a whole.
inline constexpr std::string_view kIncomes = "incomes";
inline constexpr std::string_view kStatuses = "statuses";
inline constexpr std::string_view kOwnedRealEstate = "housing.owned_real_estate";

// Allowed values of the list entries' enumerated members.
const std::vector<std::string_view>& IncomeKinds();
const std::vector<std::string_view>& StatusValues();  // known statuses (docs/household.md)
const std::vector<std::string_view>& RealEstateTypes();

// ---------------------------------------------------------------------------
// Other spellings (docs/household.md, "Other spellings"). The reader accepts
// them besides our own codes and names and stores our code, so rules,
// engines, population columns and outputs never see them. Each is one row.

// Where a value is written: a field of the table ("municipality.region"), or a
// member of a list entry ("incomes[].kind", "housing.owned_real_estate[].type").
struct ValueSynonym {
  Entity entity;
  std::string_view field;
  std::string_view spelling;  // as written: "Vlaams Gewest", "02000"
  std::string_view code;      // ours, one of the field's values: "flanders"
  bool also_number = false;   // a JSON whole number written as `spelling` matches too (2000)
};
const std::vector<ValueSynonym>& ValueSynonyms();

// Our code for `text` written at `field`: the row's code when `text` is a
// synonym (with `is_number`, only rows marked also_number), else nullopt.
std::optional<std::string_view> SynonymCode(Entity entity, std::string_view field, std::string_view text,
                                            bool is_number);

// Another spelling of a member name. `object` is the dotted path of the
// object that holds it, inside its entity: "" (the root), "housing", or a list
// entry "housing.owned_real_estate[]".
struct NameSynonym {
  Entity entity;
  std::string_view object;
  std::string_view spelling;  // "KI_non_indexed"
  std::string_view name;      // ours: "ki_non_indexed"
};
const std::vector<NameSynonym>& NameSynonyms();

// Our member name for `spelling` inside `object`, or nullopt.
std::optional<std::string_view> SynonymName(Entity entity, std::string_view object, std::string_view spelling);

// statuses[].category given as a number: `number` of status `status` is
// stored as the right's own code `code` (2 of "leefloon" is "cat2").
struct CategoryNumber {
  std::string_view status;
  int64_t number;
  std::string_view code;
};
const std::vector<CategoryNumber>& CategoryNumbers();

// The rows of `status`, in number order (empty when its categories are not numbered).
std::vector<CategoryNumber> CategoryNumbersOf(std::string_view status);

// The object that holds the household's income aggregates; each of its
// members may be written as an amount or as {amount, year | month}.
inline constexpr std::string_view kIncomeHistory = "income_history";

// Whether `text` is a well-formed status name: ^[a-z][a-z0-9_]*$
// (docs/household.md); statuses outside StatusValues() are allowed.
bool IsStatusName(std::string_view text);

// The plain text of a present fact: "true", "18", "1314.20", "2025-02-01",
// or the text of a text or enum field.
std::string FactText(const FieldSpec& spec, const Fact& fact);

// JSON path of a person field for the person at `index`:
// "household.persons[2].birth_date".
std::string PersonPath(size_t index, std::string_view field);

}  // namespace household
