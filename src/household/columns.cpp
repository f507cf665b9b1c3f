// household/columns.cpp — conversions between the document and the column forms (see columns.h).
#include "household/columns.h"

#include <cassert>

#include "household/name_index.h"
#include "household/schema.h"

namespace household {
namespace {

bool HasText(const FieldSpec& spec) { return spec.type == FieldType::kText || spec.type == FieldType::kEnum; }

// Appends `facts` as row `rows` of `columns`: a column given here for the
// first time is first sized with absent rows, and every given column gets the
// row (absent when `facts` lacks it).
void AppendFacts(const std::vector<Fact>& facts, const std::vector<FieldSpec>& specs, size_t rows,
                 std::vector<FactColumn>& columns) {
  columns.resize(specs.size());
  for (size_t f = 0; f < specs.size(); ++f) {
    FactColumn& column = columns[f];
    const bool present = f < facts.size() && facts[f].present;
    if (!present && !column.given()) continue;
    if (!column.given()) column.Give(rows, HasText(specs[f]));
    column.number.push_back(present ? facts[f].number : 0);
    column.present.push_back(present ? 1 : 0);
    if (HasText(specs[f])) column.text.push_back(present ? facts[f].text : std::string());
  }
}

template <typename Entry>
void AppendList(const std::optional<std::vector<Entry>>& list, ListColumn<Entry>& out) {
  out.known.push_back(list ? 1 : 0);
  if (list) out.entries.insert(out.entries.end(), list->begin(), list->end());
  out.first.push_back(static_cast<uint32_t>(out.entries.size()));
}

// The list of `owner` written over `into`, keeping its storage where it can.
template <typename Entry>
void ListAt(const ListColumn<Entry>& list, size_t owner, std::optional<std::vector<Entry>>& into) {
  if (owner >= list.known.size() || !list.known[owner]) {
    into.reset();
    return;
  }
  auto entries = list.Of(owner);
  if (!into) into.emplace();
  into->assign(entries.begin(), entries.end());
}

// The facts of `row` written over `facts`, their texts into the strings already there.
void FactsAt(const std::vector<FactColumn>& columns, const std::vector<FieldSpec>& specs, size_t row,
             std::vector<Fact>& facts) {
  facts.resize(specs.size());
  for (size_t f = 0; f < specs.size(); ++f) {
    Fact& fact = facts[f];
    const bool present = f < columns.size() && columns[f].given() && columns[f].present[row];
    fact.present = present;
    fact.number = present ? columns[f].number[row] : 0;
    if (present) {
      fact.text.assign(columns[f].TextAt(specs[f], row));
    } else {
      fact.text.clear();
    }
  }
}

}  // namespace

void FactColumn::Give(size_t rows, bool with_text) {
  number.assign(rows, 0);
  present.assign(rows, 0);
  if (with_text) text.assign(rows, std::string());
  else text.clear();
}

std::string_view FactColumn::TextAt(const FieldSpec& spec, size_t row) const {
  if (text.empty() || !present[row]) return {};
  if (!text[row].empty() || spec.type != FieldType::kEnum) return text[row];
  return spec.values[static_cast<size_t>(number[row])];
}

Fact FactColumn::At(const FieldSpec& spec, size_t row) const {
  if (!present[row]) return Fact{};
  return Fact{true, number[row], std::string(TextAt(spec, row))};
}

void Columns::Clear() {
  first_person.assign(1, 0);
  for (auto* facts : {&person_facts, &household_facts}) {
    for (FactColumn& column : *facts) {
      column.number.clear();
      column.present.clear();
      column.text.clear();
    }
  }
  incomes.Clear();
  statuses.Clear();
  status_bits.clear();
  real_estate.Clear();
}

uint64_t StatusBit(std::string_view status) {
  static const NameIndex known = [] {
    const auto& values = StatusValues();
    assert(values.size() < 62);  // bits 62 and 63 are kDatedStatusBit, kOtherStatusBit
    return NameIndex(std::vector<std::string>(values.begin(), values.end()));
  }();
  const uint32_t i = known.Find(status);
  return i == NameIndex::kNone ? kOtherStatusBit : uint64_t{1} << i;
}

uint64_t StatusBits(std::span<const Status> statuses) {
  uint64_t bits = 0;
  for (const Status& s : statuses) bits |= StatusBit(s.status) | (s.Dated() ? kDatedStatusBit : 0);
  return bits;
}

uint64_t StatusBitsOn(std::span<const Status> statuses, base::Date date) {
  uint64_t bits = 0;
  for (const Status& s : statuses) {
    if (s.HeldOn(date)) bits |= StatusBit(s.status);
  }
  return bits;
}

void AppendHousehold(const Household& household, Columns& columns) {
  const auto& person_specs = Fields(Entity::kPerson);
  const auto& household_specs = Fields(Entity::kHousehold);
  AppendFacts(household.facts, household_specs, columns.households(), columns.household_facts);
  AppendList(household.owned_real_estate, columns.real_estate);
  size_t row = columns.persons();
  for (const Person& person : household.persons) {
    AppendFacts(person.facts, person_specs, row++, columns.person_facts);
    AppendList(person.incomes, columns.incomes);
    AppendList(person.statuses, columns.statuses);
    columns.status_bits.push_back(person.statuses ? StatusBits(*person.statuses) : 0);
  }
  columns.first_person.push_back(static_cast<uint32_t>(row));
}

Columns ToColumns(std::span<const Household> households) {
  Columns columns;
  for (const Household& household : households) AppendHousehold(household, columns);
  return columns;
}

Household HouseholdAt(const Columns& columns, size_t h) {
  Household household;
  HouseholdAt(columns, h, household);
  return household;
}

void HouseholdAt(const Columns& columns, size_t h, Household& into) {
  const auto& person_specs = Fields(Entity::kPerson);
  const auto& household_specs = Fields(Entity::kHousehold);
  into.reference_date.reset();
  FactsAt(columns.household_facts, household_specs, h, into.facts);
  ListAt(columns.real_estate, h, into.owned_real_estate);
  const uint32_t first = columns.first_person[h];
  into.persons.resize(columns.first_person[h + 1] - first);
  for (size_t k = 0; k < into.persons.size(); ++k) {
    Person& person = into.persons[k];
    FactsAt(columns.person_facts, person_specs, first + k, person.facts);
    ListAt(columns.incomes, first + k, person.incomes);
    ListAt(columns.statuses, first + k, person.statuses);
  }
}

}  // namespace household
