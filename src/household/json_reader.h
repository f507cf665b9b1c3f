// household/json_reader.h
//
// The household JSON document (docs/household.md): strict reading into a
// Household, validated against the schema table, and canonical writing back.
// Money is read from the number's source text, never through a double.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "household/model.h"
#include "household/schema.h"

namespace household {

// Parses and validates one household document. Returns the household, or the
// first problem as Error::InvalidInput whose message names the place:
//   "<source_name>: $.household.persons[1].incomes[0].amount: negative amount -5.00 is not allowed"
//   "<source_name>:3:17: malformed JSON: ..."
// Unknown fields, wrong types, negative numbers, money with more than two
// decimals, impossible dates, values outside an enum, duplicate keys,
// duplicate or missing person ids and an empty `persons` list are errors.
// `null` means the same as leaving a member out. Never throws; safe on any
// input (nesting deeper than kMaxJsonDepth is rejected).
[[nodiscard]] base::Result<Household> ReadHousehold(std::string_view json_text, std::string_view source_name);

// How ReadHousehold treats an unknown field or a value outside an enum.
enum class Leniency {
  kStrict,      // an error (the document's "lenient" member is read but has no effect)
  kAsDocument,  // lenient when the document says "lenient": true (POST /api/check, rechtop check)
  kLenient,     // always lenient (rechtop check --lenient)
};

struct ReadOptions {
  Leniency leniency = Leniency::kStrict;
};

// What lenient reading left out, instead of failing.
struct IgnoredField {
  std::string path;                       // "$.household.persons[1].birth_dat"
  std::string problem;                    // "unknown field 'birth_dat'", "'tennant' is not an allowed value"
  std::vector<std::string> did_you_mean;  // close spellings; may be empty
  std::vector<std::string> allowed;       // a value outside an enum: the allowed values
  // Set when more than the member became unknown: a list entry without its
  // required member makes the whole list unknown ("$.household.persons[0].incomes").
  std::string unknown_list;
};

struct ReadReport {
  bool lenient = false;  // whether the document was read leniently
  // The document's "all_municipalities": true: list other towns' rights too
  // (rules::ListedOutcomes).
  bool all_municipalities = false;
  std::vector<IgnoredField> ignored;
};

// As above, with `options`. When the reading is lenient, an unknown field is
// skipped and a value outside an enum (or an unknown numbered category) leaves
// its fact absent; both are listed in `report->ignored` with their path.
// Everything else is still an error. `report` may be null.
[[nodiscard]] base::Result<Household> ReadHousehold(std::string_view json_text, std::string_view source_name,
                                                    const ReadOptions& options, ReadReport* report);

// Checks the dates of `household` against the reference date of a check on it
// (rules::ReferenceDate), which is only known after reading: the reference
// date must lie in base::kSupportedDates and no person may be born after it.
// Every date ReadHousehold accepted already lies in base::kSupportedDates.
// Returns Error::InvalidInput naming the place:
//   "<source_name>: $.household.persons[1].birth_date: 2031-05-01 is after the reference date 2025-03-01"
// Never throws.
[[nodiscard]] base::Status CheckDatesAgainst(const Household& household, base::Date reference_date,
                                             std::string_view source_name);

// Deepest nesting of arrays and objects ReadHousehold accepts.
inline constexpr size_t kMaxJsonDepth = 64;

// Most unknown fields and values lenient reading leaves out; one more is an error.
inline constexpr size_t kMaxIgnoredFields = 1000;

// The canonical JSON text of `household` (2-space indented, members in schema
// order, absent facts left out, money written exactly as "1314.20"). Reading
// the result back gives an equal household. Never throws.
std::string HouseholdToJson(const Household& household);

namespace detail {

// Internal: the document layout derived from the schema table, shared by the
// reader, the writer and the JSON Schema generator (json_schema.cpp).

// What a member of a JSON object in the document holds.
enum class MemberKind {
  kField,            // a scalar from the schema table
  kObject,           // a nested object (a dotted-name prefix)
  kReferenceDate,    // Household::reference_date
  kPersons,          // household.persons
  kIncomes,          // persons[].incomes
  kStatuses,         // persons[].statuses
  kOwnedRealEstate,  // housing.owned_real_estate
  kOption,           // a top-level request option ("lenient", "all_municipalities"), not a fact
};

struct ObjectLayout;

struct Member {
  std::string name;
  MemberKind kind = MemberKind::kField;
  FieldId field = 0;                     // kField only
  std::unique_ptr<ObjectLayout> object;  // kObject only
  std::string_view label;                // all but kField (which has FieldSpec::label)
};

// One JSON object of the document; members in schema-table order.
struct ObjectLayout {
  Entity entity = Entity::kHousehold;  // whose fields the kField members index
  std::string path;                    // dotted inside the entity: "" (root), "housing", "income_history"
  std::vector<Member> members;

  const Member* Find(std::string_view name) const;
};

// The document root (household fields) and one entry of household.persons.
const ObjectLayout& DocumentLayout();
const ObjectLayout& PersonLayout();

// A member of a list entry (incomes[], statuses[], owned_real_estate[]).
// `spec` gives its name, type, enum values and Dutch label (its entity and
// question are unused).
struct ItemMember {
  FieldSpec spec;
  bool required = false;
  bool status_name = false;        // text must match ^[a-z][a-z0-9_]*$
  bool numbered_category = false;  // text, or a number mapped through CategoryNumbers()
};

// The members of one list entry, in canonical order.
const std::vector<ItemMember>& ItemMembers(MemberKind list);

// The dotted path of one entry of a list, as synonym rows name it:
// "incomes[]", "statuses[]", "housing.owned_real_estate[]".
std::string_view ListEntryPath(MemberKind list);

// Whether `member` of `layout` is an income_history entry: a money field that
// may also be written {amount, year | month}, or the object
// {year, amount} that may also be written as the amount alone.
bool IsAmountEntry(const ObjectLayout& layout, const Member& member);

// Allowed texts of Income::period and Income::basis, in enum order.
const std::vector<std::string_view>& IncomePeriods();
const std::vector<std::string_view>& IncomeBases();

}  // namespace detail
}  // namespace household
