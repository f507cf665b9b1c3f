// household/model.h
//
// One household's facts, as read from the household JSON (docs/household.md).
// Every scalar input is a Fact that may be absent: absence is what the rule
// engine reports as a missing input. Fields are addressed by FieldId, an index
// into the schema table (household/schema.h), so evaluation never looks up
// strings.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/money.h"

namespace household {

using FieldId = uint16_t;

// One scalar input. For bool/int/money(cents)/date(days)/enum(index into the
// field's values) the value is `number`; text fields use `text` (enum fields
// also keep their text, for output).
struct Fact {
  bool present = false;
  int64_t number = 0;
  std::string text;

  static Fact Number(int64_t n) { return Fact{true, n, {}}; }
  static Fact Text(std::string t) { return Fact{true, 0, std::move(t)}; }
};

enum class IncomePeriod { kMonth, kYear };
enum class IncomeBasis { kNet, kGrossTaxable };

// persons[].incomes[]: one income source, never negative.
struct Income {
  std::string kind;  // "employment", "pension", "leefloon", ... (docs/household.md)
  base::Money amount;
  IncomePeriod period = IncomePeriod::kMonth;
  IncomeBasis basis = IncomeBasis::kNet;
};

// persons[].statuses[]: a benefit or status the person already has.
struct Status {
  std::string status;  // "leefloon", "vt", "igo", ...
  std::optional<base::Date> since;
  std::string category;  // may be empty
  std::string route;     // may be empty
  // Whether the status has held without a break since `since`: absent counts
  // as yes (`since` starts the current period); false leaves its length unknown.
  std::optional<bool> uninterrupted;
  std::optional<base::Date> until;  // the last day it holds; absent: it still holds

  // Whether the status' length up to a date can be told (status_months): it
  // has a start, and no break since.
  bool LengthKnown() const { return since && uninterrupted != false; }
  // Whether it holds on `date`: started on or before it, and not ended
  // before it. An entry without dates holds on every date.
  bool HeldOn(base::Date date) const { return (!since || *since <= date) && (!until || date <= *until); }
  bool Dated() const { return since || until; }
};

// The first entry named `name` that holds on `date`, or null.
inline const Status* HeldStatus(std::span<const Status> statuses, std::string_view name, base::Date date) {
  for (const Status& s : statuses) {
    if (s.status == name && s.HeldOn(date)) return &s;
  }
  return nullptr;
}

// housing.owned_real_estate[]
struct RealEstate {
  std::string type;  // "own_home", "other_dwelling", "land", "other"
  base::Money ki_non_indexed;
};

struct Person {
  std::vector<Fact> facts;  // indexed by FieldId of person fields; sized by the schema
  // nullopt = the list was not given (unknown); empty = known to be none.
  std::optional<std::vector<Income>> incomes;
  std::optional<std::vector<Status>> statuses;
};

struct Household {
  std::optional<base::Date> reference_date;
  std::vector<Fact> facts;  // indexed by FieldId of household fields
  std::vector<Person> persons;
  std::optional<std::vector<RealEstate>> owned_real_estate;
};

}  // namespace household
