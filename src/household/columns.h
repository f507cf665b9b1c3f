// household/columns.h
//
// Households in columns: one array per input over the persons (or the
// households) of a set of households, the lists (incomes, statuses, real
// estate) as flat arrays with per-owner offsets. The batch engine
// (rules/batch) reads this form, and the population reader writes it
// directly, so a scan of millions of persons never builds a Household per
// person. AppendHousehold and HouseholdAt convert to and from the document
// form (household/model.h), which is what the interpreter reads.
//
// Why: a Person holds every schema fact in its own 48-byte slot and each list
// in its own heap vector (about 1.6 KB per person), so reading one input for
// a million persons is a million cache misses. Here it is one array.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "household/model.h"

namespace household {

struct FieldSpec;

// One scalar input over the rows of a Columns (its persons or its
// households). An input no row gives is left empty (`given()` false), so an
// absent CSV column costs nothing.
struct FactColumn {
  std::vector<int64_t> number;    // as Fact::number; 0 where absent
  std::vector<uint8_t> present;   // 1 = known
  // As Fact::text; sized only for text and enum fields. An enum row whose
  // number names a plain value of the schema (not a pattern such as
  // "carer_*") may leave it empty, as the schema spells that value: a reader
  // of millions of rows then writes no text for them. Read it with TextAt.
  std::vector<std::string> text;

  bool given() const { return !present.empty(); }
  // Sizes the column for `rows` rows, all absent.
  void Give(size_t rows, bool with_text);
  // The text of `row` for the column's field `spec` (text or enum); "" where absent.
  std::string_view TextAt(const FieldSpec& spec, size_t row) const;
  Fact At(const FieldSpec& spec, size_t row) const;
};

// A list per owner (person or household) in one array: owner o's entries are
// entries[first[o] .. first[o + 1]), and known[o] is 0 when the owner's list
// was not given (unknown) rather than empty.
template <typename Entry>
struct ListColumn {
  std::vector<uint8_t> known;
  std::vector<uint32_t> first{0};  // owners + 1 entries
  std::vector<Entry> entries;

  std::span<const Entry> Of(size_t owner) const {
    return {entries.data() + first[owner], entries.data() + first[owner + 1]};
  }
  void Clear() {
    known.clear();
    first.assign(1, 0);
    entries.clear();
  }
};

struct Columns {
  // Person p of the Columns belongs to household h when
  // first_person[h] <= p < first_person[h + 1].
  std::vector<uint32_t> first_person{0};
  std::vector<FactColumn> person_facts;     // by person FieldId (sized by the schema)
  std::vector<FactColumn> household_facts;  // by household FieldId (sized by the schema)
  ListColumn<Income> incomes;               // per person
  ListColumn<Status> statuses;              // per person
  // Per person, the names of its statuses as bits (StatusBit), so that
  // has_status on a known name is a bit test, not a name comparison; 0 where
  // the statuses are unknown. Every producer of Columns keeps it in step
  // with `statuses`.
  std::vector<uint64_t> status_bits;
  ListColumn<RealEstate> real_estate;       // per household

  size_t households() const { return first_person.size() - 1; }
  size_t persons() const { return first_person.back(); }

  // Empties the Columns (keeping their storage for reuse).
  void Clear();
};

// Bit i of Columns::status_bits stands for StatusValues()[i] (schema.h, at
// most 62 of them); kOtherStatusBit for any name outside them, whose entries
// must then be read to tell which.
inline constexpr uint64_t kOtherStatusBit = uint64_t{1} << 63;
// Set when an entry has a `since` or `until`: which statuses hold then depends
// on the reference date, so a reader must take StatusBitsOn that date.
inline constexpr uint64_t kDatedStatusBit = uint64_t{1} << 62;
uint64_t StatusBit(std::string_view status);
// The bits of a person's statuses, whatever their dates (and kDatedStatusBit).
uint64_t StatusBits(std::span<const Status> statuses);
// The bits of the statuses that hold on `date` (Status::HeldOn).
uint64_t StatusBitsOn(std::span<const Status> statuses, base::Date date);

// Appends `household` (its facts, persons and lists) as the last household
// of `columns`. The household's reference_date is not kept.
void AppendHousehold(const Household& household, Columns& columns);

// The Columns of `households`, in order.
Columns ToColumns(std::span<const Household> households);

// Household `h` of `columns` in the document form.
Household HouseholdAt(const Columns& columns, size_t h);
// The same written over `into`: converting household after household into
// one Household reuses its vectors and strings (the scan's worklist does).
void HouseholdAt(const Columns& columns, size_t h, Household& into);

}  // namespace household
