// population/population.cpp — the streaming population CSV reader (see population.h).
//
// Input is read in blocks into one buffer; a record (one row, which may span
// lines inside quotes) is located with memchr, split into cells in place, and
// its cells are parsed straight into the chunk's columns (household/columns.h).
#include "population/population.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <deque>
#include <iterator>
#include <optional>
#include <span>
#include <unordered_set>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/date.h"
#include "base/diagnostics.h"
#include "base/money.h"
#include "base/utf8.h"
#include "household/municipality.h"
#include "household/schema.h"

namespace population {
namespace {

using household::Entity;
using household::Fact;
using household::FactColumn;
using household::FieldId;
using household::FieldSpec;
using household::FieldType;

constexpr std::string_view kPersonId = "person_id";
constexpr std::string_view kHouseholdId = "household_id";
constexpr std::string_view kNeighbourhood = "neighbourhood";
constexpr std::string_view kStatuses = "statuses";
constexpr std::string_view kIncomeNetMonth = "income_net_month";
constexpr std::string_view kIncomeGrossTaxableYear = "income_gross_taxable_year";
// The benchmark population's names (shared/spec/bench-rule.md): its
// `monthly_income` is our net monthly income, and `receives_allowance` one
// of the `receives_<status>` flags.
constexpr std::string_view kMonthlyIncome = "monthly_income";
constexpr std::string_view kReceivesPrefix = "receives_";

constexpr size_t kBlockBytes = size_t{256} << 10;
// Amounts up to 10^13 euro; anything larger is a data error, and the bound keeps cents far from overflow.
constexpr int64_t kMaxWholeEuros = 10'000'000'000'000;

enum class ColumnKind {
  kPersonId,
  kHouseholdId,
  kNeighbourhood,
  kPersonField,
  kHouseholdField,
  kStatuses,
  kIncomeNetMonth,
  kIncomeGrossTaxableYear,
  kReceivesStatus,
};

// An exact value of an enum field, for ParseEnum: its first (up to) 8 bytes
// as one word, so most cells are matched or passed over with one compare.
struct EnumValue {
  uint64_t head = 0;
  std::string_view text;
  int64_t index = 0;
};

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::kPersonField;
  FieldId field = 0;
  const FieldSpec* spec = nullptr;  // person and household fields only
  bool has_text = false;            // person and household fields only: HasText(*spec)
  std::string status;               // kReceivesStatus only
  uint64_t status_bit = 0;          // kReceivesStatus only: household::StatusBit(status)
  std::vector<EnumValue> enum_values;  // enum fields only: the values not ending in '*', in schema order
};

// ---------------------------------------------------------------------------
// Message helpers.

// `text` in single quotes, cut after 60 bytes, control bytes escaped (\x0a).
std::string Quote(std::string_view text) {
  constexpr size_t kLimit = 60;
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < kLimit; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > kLimit) out += "...";
  return out + "'";
}

// " (did you mean 'a' or 'b'?)", or "" when nothing is close.
std::string Suggest(std::string_view word, const std::vector<std::string>& candidates) {
  return base::DidYouMean(base::ClosestMatches(word.substr(0, 100), candidates, 3));
}

std::vector<std::string> EnumStrings(const FieldSpec& spec) {
  std::vector<std::string> out;
  for (std::string_view v : spec.values) {
    if (!v.ends_with('*')) out.emplace_back(v);
  }
  return out;
}

std::string JoinValues(const FieldSpec& spec) {
  std::string out;
  for (size_t i = 0; i < spec.values.size(); ++i) {
    if (i > 0) out += ", ";
    out += spec.values[i];
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Cell parsers. Each returns true and sets `number` (Fact::number), or false
// and sets `message` (without the place). The text of a text or enum fact is
// the cell itself. REQUIRES: cell is not empty.

bool ParseBool(std::string_view cell, int64_t& number, std::string& message) {
  if (cell == "1" || EqualsIgnoreCase(cell, "true")) {
    number = 1;
  } else if (cell == "0" || EqualsIgnoreCase(cell, "false")) {
    number = 0;
  } else {
    message = Quote(cell) + " is not a boolean (1, 0, true or false)";
    return false;
  }
  return true;
}

// The value of an ASCII digit, or 10 and more for any other byte.
inline unsigned DigitValue(char c) { return static_cast<unsigned char>(c - '0'); }

// The number of digits `text` starts with, their value in `value`. For the
// fast paths below, whose callers bound the length so that it cannot overflow.
inline size_t LeadingDigits(std::string_view text, int64_t& value) {
  value = 0;
  size_t i = 0;
  for (unsigned d; i < text.size() && (d = DigitValue(text[i])) < 10; ++i) value = value * 10 + d;
  return i;
}

// The parsers below are in two parts: the common well-formed cell, inline,
// and the general checks, out of line (so that the common case does not pay
// for their registers), which alone decide what is rejected and why.

[[gnu::noinline]] bool ParseIntChecked(std::string_view cell, int64_t& number, std::string& message) {
  bool negative = cell[0] == '-';
  std::string_view digits = negative ? cell.substr(1) : cell;
  int64_t value = 0;
  bool too_large = false;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      message = Quote(cell) + " is not a whole number";
      return false;
    }
    if (value > (INT64_MAX - 9) / 10) too_large = true;
    if (!too_large) value = value * 10 + (c - '0');
  }
  if (digits.empty()) {
    message = Quote(cell) + " is not a whole number";
    return false;
  }
  if (negative) {
    message = "negative number " + Quote(cell) + " is not allowed";
    return false;
  }
  if (too_large) {
    message = "number " + Quote(cell) + " is too large";
    return false;
  }
  number = value;
  return true;
}

inline bool ParseInt(std::string_view cell, int64_t& number, std::string& message) {
  // Up to 18 digits, too few to overflow.
  if (int64_t value; cell.size() <= 18 && LeadingDigits(cell, value) == cell.size()) {
    number = value;
    return true;
  }
  return ParseIntChecked(cell, number, message);
}

[[gnu::noinline]] bool ParseMoneyChecked(std::string_view cell, int64_t& cents, std::string& message) {
  bool negative = cell[0] == '-';
  std::string_view text = negative ? cell.substr(1) : cell;
  size_t i = 0;
  int64_t whole = 0;
  bool too_large = false;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > kMaxWholeEuros) {
      too_large = true;
      whole = 0;
    }
  }
  bool ok = i > 0;
  int64_t fraction = 0;
  size_t decimals = 0;
  if (ok && i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++decimals) {
      if (decimals < 2) fraction = fraction * 10 + (text[i] - '0');
    }
    ok = decimals > 0;
  }
  if (!ok || i != text.size()) {
    message = Quote(cell) + " is not an amount in euro (digits, '.' and at most 2 decimals)";
    return false;
  }
  if (decimals > 2) {
    message = "amount " + Quote(cell) + " has more than 2 decimals";
    return false;
  }
  if (too_large) {
    message = "amount " + Quote(cell) + " is too large";
    return false;
  }
  if (negative) {
    message = "negative amount " + Quote(cell) + " is not allowed";
    return false;
  }
  if (decimals == 1) fraction *= 10;
  cents = whole * 100 + fraction;
  return true;
}

// Exact euro amount in cents: digits, optionally '.' and one or two decimals.
inline bool ParseMoney(std::string_view cell, int64_t& cents, std::string& message) {
  // Digits, then nothing or '.' and one or two digits, too short to pass
  // kMaxWholeEuros.
  if (cell.size() <= 13) {
    const char* p = cell.data();
    const size_t n = cell.size();
    int64_t whole;
    const size_t i = LeadingDigits(cell, whole);
    if (i > 0) {
      if (i == n) {
        cents = whole * 100;
        return true;
      }
      if (p[i] == '.' && n - i == 3 && DigitValue(p[i + 1]) < 10 && DigitValue(p[i + 2]) < 10) {
        cents = whole * 100 + DigitValue(p[i + 1]) * 10 + DigitValue(p[i + 2]);
        return true;
      }
      if (p[i] == '.' && n - i == 2 && DigitValue(p[i + 1]) < 10) {
        cents = whole * 100 + DigitValue(p[i + 1]) * 10;
        return true;
      }
    }
  }
  return ParseMoneyChecked(cell, cents, message);
}

// Words of text, for the comparisons below that run for every row. Loading
// through memcpy is how C++ spells an unaligned load.
uint64_t Load8(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, 8);
  return word;
}
uint32_t Load4(const char* p) {
  uint32_t word;
  std::memcpy(&word, p, 4);
  return word;
}

// The first min(size, 8) bytes of `text` as one word, zero beyond them. Reads
// no byte outside `text` (a cell may end the buffer).
uint64_t Head(std::string_view text) {
  const size_t n = text.size();
  if (n >= 8) return Load8(text.data());
  if (n >= 4) {
    // Two overlapping words; the bytes they share are the same, so OR joins them.
    return uint64_t{Load4(text.data())} | (uint64_t{Load4(text.data() + n - 4)} << (8 * (n - 4)));
  }
  uint64_t word = 0;
  for (size_t i = 0; i < n; ++i) word |= uint64_t{static_cast<unsigned char>(text[i])} << (8 * i);
  return word;
}

// a == b, a word at a time: cheaper than a call to memcmp for the short texts
// of a population file (ids, enum values).
bool SameText(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n < 8) return Head(a) == Head(b);
  for (size_t i = 0; i + 8 < n; i += 8) {
    if (Load8(a.data() + i) != Load8(b.data() + i)) return false;
  }
  return Load8(a.data() + n - 8) == Load8(b.data() + n - 8);  // the last word, overlapping
}

// Whether each byte of `word` is an ASCII digit ('0' is 0x30): its high
// half is 3, and adding 6 leaves it 3 (a carry out of a byte only comes
// from a byte that is no digit).
bool AllDigits(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101;
  constexpr uint64_t kHigh = kOnes * 0xF0;
  return ((word & kHigh) | (((word + kOnes * 0x06) & kHigh) >> 4)) == kOnes * 0x33;
}

// Whether a 10-byte cell is digits with '-' at 4 and 7 (YYYY-MM-DD), from
// its bytes 0-7 and 2-9 (little-endian words: byte i is bits 8i...).
bool IsPlainDate(uint64_t first, uint64_t last) {
  // The dashes are bytes 4 and 7 of `first` and 2 and 5 of `last`; as '0' they make all digits.
  constexpr uint64_t kDashes = (uint64_t{0xFF} << 32) | (uint64_t{0xFF} << 56);
  constexpr uint64_t kLastDashes = (uint64_t{0xFF} << 16) | (uint64_t{0xFF} << 40);
  constexpr uint64_t kDashBits = 0x2D2D2D2D2D2D2D2D, kZeroBits = 0x3030303030303030;
  return (first & kDashes) == (kDashBits & kDashes) && (last & kLastDashes) == (kDashBits & kLastDashes) &&
         AllDigits((first & ~kDashes) | (kZeroBits & kDashes)) &&
         AllDigits((last & ~kLastDashes) | (kZeroBits & kLastDashes));
}

bool IsLeapYear(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

[[gnu::noinline]] bool ParseDateChecked(std::string_view cell, int64_t& days, std::string& message) {
  std::optional<base::Date> date = base::Date::Parse(cell);
  if (!date) {
    message = Quote(cell) + " is not a date (YYYY-MM-DD)";
    return false;
  }
  if (!base::IsSupportedYear(date->year())) {
    message = Quote(cell) + " is outside the supported dates " + std::string(base::kSupportedDates);
    return false;
  }
  days = date->days();
  return true;
}

inline bool ParseDate(std::string_view cell, int64_t& days, std::string& message) {
  // A well-formed YYYY-MM-DD that is a real day of a supported year, checked
  // here and converted by base::Date::FromYmd without Parse's validation round
  // trip. Anything else, an impossible day such as 2025-02-30 among it, goes
  // to base::Date::Parse (population_test pins the two to agree).
  if (cell.size() == 10 && IsPlainDate(Load8(cell.data()), Load8(cell.data() + 2))) {
    const int year = (cell[0] - '0') * 1000 + (cell[1] - '0') * 100 + (cell[2] - '0') * 10 + (cell[3] - '0');
    const int month = (cell[5] - '0') * 10 + (cell[6] - '0');
    const int day = (cell[8] - '0') * 10 + (cell[9] - '0');
    static constexpr int kMonthDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month >= 1 && month <= 12 && day >= 1 &&
        day <= kMonthDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0) && base::IsSupportedYear(year)) {
      days = base::Date::FromYmd(year, static_cast<unsigned>(month), static_cast<unsigned>(day)).days();
      return true;
    }
  }
  return ParseDateChecked(cell, days, message);
}

// The exact values of an enum field (those not ending in '*'), for ParseEnum.
std::vector<EnumValue> EnumTable(const FieldSpec& spec) {
  std::vector<EnumValue> table;
  for (size_t i = 0; i < spec.values.size(); ++i) {
    std::string_view v = spec.values[i];
    if (!v.ends_with('*')) table.push_back(EnumValue{Head(v), v, static_cast<int64_t>(i)});
  }
  return table;
}

bool ParseEnum(const Column& column, std::string_view cell, int64_t& number, std::string& message) {
  // Exact values first, by their first word and size; prefix patterns
  // ("carer_*") through the schema.
  const uint64_t head = Head(cell);
  for (const EnumValue& v : column.enum_values) {
    if (v.head == head && v.text.size() == cell.size() && (cell.size() <= 8 || SameText(v.text, cell))) {
      number = v.index;
      return true;
    }
  }
  const FieldSpec& spec = *column.spec;
  std::optional<int64_t> index = household::EnumIndex(spec, cell);
  if (!index) {
    message =
        Quote(cell) + " is not an allowed value" + Suggest(cell, EnumStrings(spec)) + "; allowed: " + JoinValues(spec);
    return false;
  }
  number = *index;
  return true;
}

// Parses the cell of a person or household field column into the `number` of
// its fact (0 for text). REQUIRES: cell is not empty.
bool ParseField(const Column& column, std::string_view cell, int64_t& number, std::string& message) {
  switch (column.spec->type) {
    case FieldType::kBool:
      return ParseBool(cell, number, message);
    case FieldType::kInt:
      return ParseInt(cell, number, message);
    case FieldType::kMoney:
      return ParseMoney(cell, number, message);
    case FieldType::kDate:
      return ParseDate(cell, number, message);
    case FieldType::kText:
      number = 0;
      return true;
    case FieldType::kEnum:
      return ParseEnum(column, cell, number, message);
  }
  message = "unsupported field type";
  return false;
}

// target = text. Where the text fits the target's storage (a person id over
// the id of the row before, as a rule), the size is set and the bytes are
// copied in, without std::string::assign's general path.
// REQUIRES: text does not point into target.
void AssignText(std::string& target, std::string_view text) {
  const size_t n = text.size();
  if (n > target.capacity()) {
    target.assign(text);
    return;
  }
  if (n != target.size()) target.resize(n);
  // Ids, enum values, status names: a few bytes, copied as two overlapping
  // words rather than through a call to memcpy.
  char* to = target.data();
  const char* from = text.data();
  if (n >= 8 && n <= 16) {
    uint64_t head, tail;
    std::memcpy(&head, from, 8);
    std::memcpy(&tail, from + n - 8, 8);
    std::memcpy(to, &head, 8);
    std::memcpy(to + n - 8, &tail, 8);
  } else if (n >= 4 && n < 8) {
    uint32_t head, tail;
    std::memcpy(&head, from, 4);
    std::memcpy(&tail, from + n - 4, 4);
    std::memcpy(to, &head, 4);
    std::memcpy(to + n - 4, &tail, 4);
  } else if (n > 0 && n < 4) {
    to[0] = from[0];
    to[n / 2] = from[n / 2];
    to[n - 1] = from[n - 1];
  } else if (n > 16) {
    std::char_traits<char>::copy(to, from, n);
  }
}

// The text of a present enum row (FactColumn::text): none for a plain value,
// which the schema spells, and the cell for a value a pattern admits
// ("carer_*"). Writing no text is most of the saving: a cell of an enum
// column is as common as any other.
void SetEnumText(std::string& text, const FieldSpec& spec, int64_t number, std::string_view cell) {
  if (spec.values[static_cast<size_t>(number)].ends_with('*')) {
    AssignText(text, cell);
  } else if (!text.empty()) {
    text.clear();
  }
}

// Whether the field's fact keeps its text (FactColumn::text is sized only for these).
bool HasText(const FieldSpec& spec) { return spec.type == FieldType::kText || spec.type == FieldType::kEnum; }

// ---------------------------------------------------------------------------
// Person rows of a household that did not fit its chunk wait in a Columns of
// their own until the next chunk: these move them out and back.

// Moves the elements of `from` from index `first` on to the end of `to`.
template <typename T>
void MoveTail(std::vector<T>& from, size_t first, std::vector<T>& to) {
  if (from.size() <= first) return;
  to.insert(to.end(), std::make_move_iterator(from.begin() + static_cast<ptrdiff_t>(first)),
            std::make_move_iterator(from.end()));
  from.erase(from.begin() + static_cast<ptrdiff_t>(first), from.end());
}

template <typename T>
void Truncate(std::vector<T>& items, size_t size) {
  if (items.size() > size) items.erase(items.begin() + static_cast<ptrdiff_t>(size), items.end());
}

// Moves the lists of owners `first`... of `from` after those of `to`.
template <typename Entry>
void MoveTrailingOwners(household::ListColumn<Entry>& from, size_t first, household::ListColumn<Entry>& to) {
  const uint32_t from_base = from.first[first];
  const auto to_base = static_cast<uint32_t>(to.entries.size());
  for (size_t owner = first + 1; owner < from.first.size(); ++owner) {
    to.first.push_back(to_base + from.first[owner] - from_base);
  }
  MoveTail(from.known, first, to.known);
  MoveTail(from.entries, from_base, to.entries);
  Truncate(from.first, first + 1);
}

// Moves persons `first`... of `from` (the person facts of `fields`, incomes
// and statuses) after the persons of `to`. Households are not touched: the
// persons moved belong to no household yet.
void MoveTrailingPersons(household::Columns& from, size_t first, const std::vector<FieldId>& fields,
                         household::Columns& to) {
  for (FieldId field : fields) {
    FactColumn& source = from.person_facts[field];
    FactColumn& target = to.person_facts[field];
    MoveTail(source.number, first, target.number);
    MoveTail(source.present, first, target.present);
    MoveTail(source.text, first, target.text);
  }
  MoveTrailingOwners(from.incomes, first, to.incomes);
  MoveTrailingOwners(from.statuses, first, to.statuses);
  MoveTail(from.status_bits, first, to.status_bits);
}

// Drops persons `first`... of `columns`, also a row a failed read left half written.
void DropTrailingPersons(household::Columns& columns, size_t first, const std::vector<FieldId>& fields) {
  for (FieldId field : fields) {
    FactColumn& column = columns.person_facts[field];
    Truncate(column.number, first);
    Truncate(column.present, first);
    Truncate(column.text, first);
  }
  for (auto* list : {&columns.incomes.known, &columns.statuses.known}) Truncate(*list, first);
  Truncate(columns.status_bits, first);
  Truncate(columns.incomes.first, first + 1);
  Truncate(columns.incomes.entries, columns.incomes.first.back());
  Truncate(columns.statuses.first, first + 1);
  Truncate(columns.statuses.entries, columns.statuses.first.back());
}

// 64-bit FNV-1a with a final avalanche; used as the fingerprint of a household id.
uint64_t Fingerprint(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// Open-addressing set of 64-bit fingerprints (8 bytes per slot, load ≤ 1/2).
class FingerprintSet {
 public:
  // Returns false when `key` was already present.
  bool Insert(uint64_t key) {
    if (key == 0) key = 1;  // 0 marks an empty slot
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
      if (slots_[i] == key) return false;
      if (slots_[i] == 0) {
        slots_[i] = key;
        ++size_;
        return true;
      }
    }
  }

 private:
  void Grow() {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    size_ = 0;
    for (uint64_t key : old) {
      if (key != 0) Insert(key);
    }
  }
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

// Remembers every household id seen, as a fingerprint, to reject a household
// that reappears later. While ids arrive in increasing order (shorter first,
// then bytewise: "h9" < "h10") a new id cannot have been seen, and the
// fingerprints are only appended to a list (sequential, cache-friendly); the
// first id out of order moves them into a hash set.
class SeenIds {
 public:
  // Returns false when `id` was seen before (or, with probability about
  // n²/2^65 for n households, when its fingerprint collides).
  bool Insert(std::string_view id) {
    uint64_t fingerprint = Fingerprint(id);
    if (ordered_) {
      bool increasing = last_.empty() || id.size() > last_.size() || (id.size() == last_.size() && id > last_);
      if (increasing) {
        // Not assign(): its general path cost more than the rest of Insert.
        last_.resize(id.size());
        std::memcpy(last_.data(), id.data(), id.size());
        list_.push_back(fingerprint);
        return true;
      }
      ordered_ = false;
      for (uint64_t f : list_) set_.Insert(f);
      list_ = {};
    }
    return set_.Insert(fingerprint);
  }

 private:
  bool ordered_ = true;
  std::string last_;
  // A deque: growing it never copies what it holds (millions of households).
  std::deque<uint64_t> list_;
  FingerprintSet set_;
};

// The bytes read from the input. A copy is empty: a PieceParser copies a
// reader's header, not its input.
struct InputBuffer {
  std::unique_ptr<char[]> data;
  size_t capacity = 0;

  InputBuffer() = default;
  InputBuffer(const InputBuffer&) {}
  InputBuffer& operator=(const InputBuffer&) {
    data.reset();
    capacity = 0;
    return *this;
  }
  InputBuffer(InputBuffer&&) noexcept = default;
  InputBuffer& operator=(InputBuffer&&) noexcept = default;
  char* get() const { return data.get(); }
};

// The number of '\n' in [p, e): how many lines a piece spans.
size_t CountNewlines(const char* p, const char* e) {
  size_t count = 0;
#if defined(__SSE2__)
  // 16 byte counters (a match compares as -1), summed every 255 blocks before they overflow.
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i zero = _mm_setzero_si128();
  while (e - p >= 16) {
    __m128i counters = zero;
    for (int i = 0; i < 255 && e - p >= 16; ++i, p += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(bytes, newline));
    }
    const __m128i sums = _mm_sad_epu8(counters, zero);  // two sums of 8 counters, each below 2^16
    count += static_cast<size_t>(_mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4));
  }
#endif
  for (; p < e; ++p) count += *p == '\n' ? 1 : 0;
  return count;
}

std::string ReappearsMessage(std::string_view id) {
  return "household " + Quote(id) + " reappears after other households (the rows of a household must be contiguous)";
}

// A household whose rows run over this many bytes is refused by NextPiece
// rather than held in memory whole.
constexpr size_t kMaxPieceBytes = size_t{1} << 30;
// NextPiece reads this much beyond the target size, enough for the cut to
// fall in it but for a very large household. The bytes after the cut are
// copied to the next piece, so more would cost.
constexpr size_t kPieceLookahead = size_t{16} << 10;

}  // namespace

// ---------------------------------------------------------------------------

std::string_view PieceHouseholds::id(size_t i) const {
  const size_t begin = i == 0 ? 0 : id_ends[i - 1];
  return std::string_view(ids).substr(begin, id_ends[i] - begin);
}

void PieceHouseholds::Clear() {
  ids.clear();
  id_ends.clear();
  lines.clear();
  persons = 0;
  ends_open = false;
}

household::Household Chunk::Household(size_t i) const { return household::HouseholdAt(columns, i); }

std::string_view Chunk::person_id(size_t i, size_t k) const {
  static const FieldId id_field = *household::FindField(Entity::kPerson, "id");
  const size_t row = columns.first_person[i] + k;
  if (id_field >= columns.person_facts.size()) return {};
  const household::FactColumn& ids = columns.person_facts[id_field];
  if (ids.text.empty() || !ids.present[row]) return {};  // a chunk built from documents without ids
  return ids.text[row];
}

std::vector<std::string> ColumnNames() {
  std::vector<std::string> names = {std::string(kPersonId),       std::string(kHouseholdId),
                                    std::string(kNeighbourhood),  std::string(kStatuses),
                                    std::string(kIncomeNetMonth), std::string(kIncomeGrossTaxableYear),
                                    std::string(kMonthlyIncome)};
  for (const FieldSpec& f : household::Fields(Entity::kPerson)) {
    if (f.name != "id") names.emplace_back(f.name);
  }
  for (const FieldSpec& f : household::Fields(Entity::kHousehold)) names.emplace_back(f.name);
  return names;
}

struct Reader::Impl {
  // The household whose rows are being read. Its person rows are the last
  // rows of the chunk's person columns (between two calls, of `carry`); its
  // household-level values wait here until it is whole.
  struct Building {
    bool active = false;
    std::string id;
    int64_t first_line = 0;
    std::vector<Fact> facts;  // by household FieldId: its values while it waits for the next chunk
    // Line of each person's row. The person ids are in the "id" column of
    // *out (id_slot), on the household's rows.
    std::vector<int64_t> person_lines;
    std::string neighbourhood;
    std::unordered_set<uint64_t> id_fingerprints;  // only for households above kLinearIds persons

    size_t persons() const { return person_lines.size(); }
  };
  static constexpr size_t kLinearIds = 32;
  // The longest text a std::string holds without storage of its own.
  static inline const size_t kShortString = std::string().capacity();

  enum class RecordStatus { kRecord, kEnd, kError };

  std::istream* in = nullptr;
  std::string source;
  std::vector<Column> columns;
  std::vector<std::string> column_names;
  size_t person_id_column = 0;
  size_t household_id_column = 0;
  std::vector<size_t> person_columns;     // indices into `columns`, by kind, for the row loop
  std::vector<size_t> household_columns;  // household fields and the neighbourhood
  std::optional<size_t> neighbourhood_column;
  std::optional<size_t> statuses_column;
  std::vector<size_t> status_flag_columns;  // receives_<status>
  std::optional<size_t> income_net_column;
  std::optional<size_t> income_gross_column;
  size_t person_facts = household::Fields(Entity::kPerson).size();
  size_t household_facts = household::Fields(Entity::kHousehold).size();
  std::vector<FieldId> person_fields_written;     // the person facts the columns (and person_id) set
  std::vector<uint8_t> person_field_has_text;     // parallel to person_fields_written
  std::vector<uint8_t> person_field_written;      // by person FieldId: 1 when in person_fields_written
  std::vector<FieldId> household_fields_written;  // the household facts the columns set
  std::vector<uint8_t> household_field_has_text;  // parallel to household_fields_written
  FieldId id_field = *household::FindField(Entity::kPerson, "id");
  // One municipality id: when the file gives municipality.name, .postcode or
  // .nis, each household's municipality.nis is resolved (household/municipality.h)
  // and written, as a column of its own when the file has none.
  bool resolve_municipality = false;
  bool nis_has_column = false;
  FieldId municipality_fields[4] = {*household::FindField(Entity::kHousehold, "municipality.nis"),
                                    *household::FindField(Entity::kHousehold, "municipality.postcode"),
                                    *household::FindField(Entity::kHousehold, "municipality.name"),
                                    *household::FindField(Entity::kHousehold, "municipality.region")};
  std::vector<Fact> municipality_facts;  // by household FieldId; only municipality_fields used
  // The last household's municipality facts and what they resolved to: the
  // households of a file mostly share one municipality.
  std::vector<Fact> last_municipality_in;
  std::vector<Fact> last_municipality_out;

  // Input buffer: unread bytes are [pos, end).
  InputBuffer buffer;
  size_t pos = 0;
  size_t end = 0;
  bool eof = false;
  int64_t next_line = 1;  // line on which the next record starts
  int64_t line = 0;       // line of the current record
  // The cells of the current record are cells[0, cell_count); `cells` only
  // grows, so Split stores them without a capacity check per cell.
  std::vector<std::string_view> cells;
  size_t cell_count = 0;

  // Person rows are written in place, not appended: every person column of
  // *out that the file fills (person_fields_written) is kept at `slots` rows,
  // at least the rows read so far, and the row of a person is stored at its
  // index (number[r] = ..., text[r].assign(...)). That spares a capacity
  // check per value, and the strings of the text columns keep their storage
  // from chunk to chunk instead of being built, recycled and destroyed per
  // cell. Next trims the columns to the persons read before it returns.
  size_t slots = 0;
  // The household columns the file fills are slots too: `household_slots`
  // rows, household h's values written at row h as they are read (see
  // BuildingRow).
  size_t household_slots = 0;
  std::vector<uint8_t> household_field_written;  // by household FieldId: 1 when in household_fields_written
  // A field column as the row loop writes it. The pointers are into the
  // columns of *out, set by ResizeSlots (persons) and ResizeHouseholdSlots.
  struct FieldSlot {
    size_t cell = 0;  // index into `cells` and `columns`
    FieldId field = 0;
    int64_t* number = nullptr;
    uint8_t* present = nullptr;
    bool has_text = false;        // HasText of the field
    std::string* text = nullptr;  // only when has_text
  };
  // Field columns grouped by type (in file order within a type): FillSlots
  // runs one loop per type with that type's parser inline, rather than a
  // call and a switch on the type per cell.
  struct TypedSlots {
    std::vector<FieldSlot> slots;
    size_t bools = 0, ints = 0, moneys = 0, dates = 0, enums = 0, texts = 0;  // slots of each type, in this order
  };
  TypedSlots person_slots;
  // The household field columns: the first row of a household fills them
  // all at once; later rows only check their non-empty cells (SetHouseholdValue).
  TypedSlots household_field_slots;
  FieldSlot id_slot;  // the person id, as the fact "id"

  // A PieceParser's copy parses pieces: it leaves reappearing households to
  // Reader::Admit and notes the households it reads in piece_households.
  bool piece_mode = false;
  PieceHouseholds piece_households;
  bool pieces_done = false;  // NextPiece cut the last piece
  std::string id_scratch;    // NextPiece: an unescaped quoted household id

  Building building;
  bool row_pending = false;  // `cells` hold a row not yet added (it starts a household)
  SeenIds seen_households;
  household::Columns* out = nullptr;  // the columns of the chunk Next is filling
  // The person rows of `building` while it waits for the next chunk.
  household::Columns carry;
  std::optional<base::Error> error;
  bool finished = false;
  size_t persons_read = 0;
  size_t households_read = 0;
  std::string message;  // scratch for cell errors
  // Strings with storage of their own (longer than kShortString) from chunks
  // before, for SetText to reuse.
  std::vector<std::string> spare_strings;

  // -------------------------------------------------------------------------
  // Errors.

  // Records the error at `at_line` and returns false.
  bool Fail(int64_t at_line, const std::string& text) {
    error = base::Error::InvalidInput(source + ":" + std::to_string(at_line) + ": " + text);
    return false;
  }
  bool FailCell(size_t column, const std::string& text) {
    return Fail(line, "column '" + columns[column].name + "': " + text);
  }
  // The same, as the error to return.
  base::Error Raise(int64_t at_line, const std::string& text) {
    Fail(at_line, text);
    return *error;
  }
  // The row starting on next_line is longer than kMaxRowBytes.
  bool FailRowTooLong() {
    return Fail(next_line,
                "the row is longer than " + std::to_string(kMaxRowBytes) + " bytes (an unterminated quote?)");
  }
  std::string CellName(size_t index) const {
    if (index < columns.size()) return "column '" + columns[index].name + "'";
    return "cell " + std::to_string(index + 1);
  }

  // -------------------------------------------------------------------------
  // Records.

  // Makes the buffer `capacity` bytes, keeping [0, end).
  void Grow(size_t capacity) {
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
    if (end > 0) std::memcpy(bigger.get(), buffer.get(), end);
    buffer.data = std::move(bigger);
    buffer.capacity = capacity;
  }

  // Moves the unread bytes [pos, end) to the front of the buffer.
  void Compact() {
    if (pos == 0) return;
    std::memmove(buffer.get(), buffer.get() + pos, end - pos);
    end -= pos;
    pos = 0;
  }

  // One read of the input into [end, limit); false when it failed (error set).
  bool ReadUpTo(size_t limit) {
    in->read(buffer.get() + end, static_cast<std::streamsize>(limit - end));
    std::streamsize n = in->gcount();
    if (in->bad()) {
      error = base::Error::Io(source + ": read error");
      return false;
    }
    end += static_cast<size_t>(n);
    if (n == 0 || in->eof()) eof = true;
    return true;
  }

  // Reads more input after compacting the buffer; false when the row at `pos`
  // no longer fits in kMaxRowBytes or reading failed (error set).
  bool Fill() {
    Compact();
    if (end > kMaxRowBytes) {
      FailRowTooLong();
      return false;
    }
    if (end == buffer.capacity) Grow(std::max(buffer.capacity * 2, kBlockBytes));
    return ReadUpTo(buffer.capacity);
  }

  // The end of the record starting at `b` ('\n' outside quotes), or nullptr
  // when [b, e) holds no complete record. Sets `quoted` when it saw a quote.
  static const char* FindRecordEnd(const char* b, const char* e, bool& quoted) {
    const char* p = b;
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(e - p)));
      const char* limit = nl != nullptr ? nl : e;
      const char* open = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(limit - p)));
      if (open == nullptr) return nl;
      quoted = true;
      const char* close = static_cast<const char*>(std::memchr(open + 1, '"', static_cast<size_t>(e - open - 1)));
      if (close == nullptr) return nullptr;
      p = close + 1;  // a doubled quote closes and reopens: the toggling handles it
    }
  }

  // Locates the next non-blank record and splits it into `cells`.
  RecordStatus NextRecord() {
    for (;;) {
      char* b = buffer.get() + pos;
      char* e = buffer.get() + end;
      if (const char* nl = SplitPlainRecord(b, e)) {
        if (nl - b > static_cast<ptrdiff_t>(kMaxRowBytes)) {
          FailRowTooLong();
          return RecordStatus::kError;
        }
        pos = static_cast<size_t>(nl - buffer.get()) + 1;
        line = next_line;
        next_line += 1;
        if (cell_count == 0) continue;  // blank line
        return RecordStatus::kRecord;
      }
      bool quoted = false;
      const char* nl = FindRecordEnd(b, e, quoted);
      char* record_end = nullptr;
      if (nl != nullptr) {
        record_end = const_cast<char*>(nl);
        pos = static_cast<size_t>(nl - buffer.get()) + 1;
      } else if (eof) {
        if (b == e) return RecordStatus::kEnd;
        record_end = e;
        pos = end;
      } else {
        if (!Fill()) return RecordStatus::kError;
        continue;
      }
      if (record_end - b > static_cast<ptrdiff_t>(kMaxRowBytes)) {
        FailRowTooLong();
        return RecordStatus::kError;
      }
      line = next_line;
      next_line += 1;
      if (quoted) next_line += std::count(b, record_end, '\n');
      if (record_end > b && record_end[-1] == '\r') --record_end;
      if (record_end == b) continue;  // blank line
      if (!CheckText(b, record_end)) return RecordStatus::kError;
      if (!Split(b, record_end, quoted)) return RecordStatus::kError;
      return RecordStatus::kRecord;
    }
  }

  // Whether [b, e) is text a worklist or a table may carry: no NUL byte, and
  // valid UTF-8. A cheap test for SplitPlainRecord, whose blocks flag the
  // records that hold a NUL or a non-ASCII byte at all.
  static bool IsCleanText(const char* b, const char* e) {
    const auto n = static_cast<size_t>(e - b);
    return std::memchr(b, '\0', n) == nullptr &&
           base::FirstInvalidUtf8(std::string_view(b, n)) == std::string_view::npos;
  }

  // Checks the record [b, e), not yet split, for the bytes IsCleanText
  // refuses. Returns false (error set) naming the line, the column and the
  // byte of the line of the first one: the record's own cells never get to
  // the columns (nor the worklist, nor SQL tables).
  bool CheckText(const char* b, const char* e) {
    const auto n = static_cast<size_t>(e - b);
    const char* nul = static_cast<const char*>(std::memchr(b, '\0', n));
    const size_t before_nul = nul != nullptr ? static_cast<size_t>(nul - b) : n;
    size_t bad = base::FirstInvalidUtf8(std::string_view(b, before_nul));
    if (bad == std::string_view::npos && nul == nullptr) return true;
    const bool is_nul = bad == std::string_view::npos;
    if (is_nul) bad = before_nul;
    // The cell and line of byte `bad`, by the quoting rules FindRecordEnd and Split apply.
    size_t cell = 0;
    int64_t at_line = line;
    const char* line_start = b;
    bool in_quote = false;
    for (const char* p = b; p < b + bad; ++p) {
      if (*p == '"') in_quote = !in_quote;
      if (*p == ',' && !in_quote) ++cell;
      if (*p == '\n') {
        ++at_line;
        line_start = p + 1;
      }
    }
    const std::string where = " at byte " + std::to_string(b + bad - line_start + 1) + " of the line";
    if (is_nul) return Fail(at_line, CellName(cell) + ": a NUL byte" + where + " (a population file is text)");
    static constexpr char kHex[] = "0123456789abcdef";
    const auto byte = static_cast<unsigned char>(b[bad]);
    return Fail(at_line, CellName(cell) + ": invalid UTF-8" + where + " (0x" + kHex[byte >> 4] + kHex[byte & 15] +
                             "; a population file is UTF-8 text)");
  }

  static constexpr size_t kBlock = 64;  // Split's block of bytes

  // Makes room in `cells` for more than kBlock cells after `cell` (the next
  // to store), as a block of kBlock bytes holds at most kBlock commas.
  // Returns where `cell` is after `cells` grew.
  std::string_view* RoomForBlock(std::string_view* cell) {
    const size_t stored = static_cast<size_t>(cell - cells.data());
    if (cells.size() - stored > kBlock) return cell;
    cells.resize(std::max<size_t>(64, cells.size() * 2));
    return cells.data() + stored;
  }

  // The common record, without a quote, whose line end is at least kBlock
  // bytes before `e`: found and split into cells in one pass, 64 bytes at a
  // time, where FindRecordEnd and Split would take three. Returns its line
  // end, with the cells split (none for a blank line), or nullptr for
  // NextRecord's general path.
  const char* SplitPlainRecord(const char* b, const char* e) {
#if defined(__SSE2__)
    const __m128i commas = _mm_set1_epi8(',');
    const __m128i line_ends = _mm_set1_epi8('\n');
    const __m128i quotes = _mm_set1_epi8('"');
    const __m128i zeros = _mm_setzero_si128();
    std::string_view* cell = cells.data();
    const char* start = b;
    bool suspect = false;  // the record holds a NUL or a non-ASCII byte: IsCleanText decides
    for (const char* q = b; e - q >= static_cast<ptrdiff_t>(kBlock); q += kBlock) {
      uint64_t comma_bits = 0, line_end_bits = 0, quote_bits = 0, suspect_bits = 0;
      for (int k = 0; k < 4; ++k) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16 * k));
        auto mask = [&](__m128i flags) {
          return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(flags))) << (16 * k);
        };
        comma_bits |= mask(_mm_cmpeq_epi8(bytes, commas));
        line_end_bits |= mask(_mm_cmpeq_epi8(bytes, line_ends));
        quote_bits |= mask(_mm_cmpeq_epi8(bytes, quotes));
        // A byte's high bit: non-ASCII; a NUL compares to all ones.
        suspect_bits |= mask(_mm_or_si128(bytes, _mm_cmpeq_epi8(bytes, zeros)));
      }
      // Only what comes before the line end is this record's.
      const uint64_t before_end = line_end_bits != 0 ? (line_end_bits & -line_end_bits) - 1 : ~uint64_t{0};
      if ((quote_bits & before_end) != 0) return nullptr;
      if ((suspect_bits & before_end) != 0) suspect = true;
      comma_bits &= before_end;
      cell = RoomForBlock(cell);
      for (; comma_bits != 0; comma_bits &= comma_bits - 1) {
        const char* comma = q + std::countr_zero(comma_bits);
        *cell++ = std::string_view(start, static_cast<size_t>(comma - start));
        start = comma + 1;
      }
      if (line_end_bits == 0) continue;
      const char* nl = q + std::countr_zero(line_end_bits);
      const char* stop = nl > b && nl[-1] == '\r' ? nl - 1 : nl;
      if (suspect && !IsCleanText(b, stop)) return nullptr;  // the general path names the byte
      if (stop == b) {
        cell_count = 0;  // blank line
        return nl;
      }
      // A '\r' before the line end follows the last comma, if any: the last cell ends before it.
      *cell++ = std::string_view(start, static_cast<size_t>(std::max(stop, start) - start));
      cell_count = static_cast<size_t>(cell - cells.data());
      return nl;
    }
#endif
    (void)b;
    (void)e;
    return nullptr;
  }

  // Appends a cell to cells[0, cell_count), growing `cells` when full.
  void PushCell(std::string_view cell) {
    if (cell_count == cells.size()) cells.resize(std::max<size_t>(64, cells.size() * 2));
    cells[cell_count++] = cell;
  }

  // Splits [p, e) into cells[0, cell_count) (RFC 4180), unescaping quoted
  // cells in place. `quoted`: whether the record holds a quote at all.
  bool Split(char* p, char* e, bool quoted) {
    cell_count = 0;
    if (!quoted) {
      // The common case, many short cells and no quote. The cells are stored
      // through a local pointer, with room for more than kBlock made before
      // each block of kBlock bytes (which holds at most kBlock commas).
      std::string_view* cell = cells.data();
      auto make_room = [&] { cell = RoomForBlock(cell); };
      const char* start = p;
      const char* q = p;
#if defined(__SSE2__)
      // Find the commas 64 bytes at a time, as one bit mask: the loop over
      // the commas of a block ends at an unpredictable point, so the fewer
      // blocks the fewer mispredicted branches.
      static_assert(kBlock == 64);
      const __m128i commas = _mm_set1_epi8(',');
      auto comma_bits = [&](const char* at) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
        return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, commas))));
      };
      auto block_bits = [&](const char* at) {
        return comma_bits(at) | comma_bits(at + 16) << 16 | comma_bits(at + 32) << 32 | comma_bits(at + 48) << 48;
      };
      auto take = [&](uint64_t mask) {
        make_room();
        while (mask != 0) {
          const char* comma = q + std::countr_zero(mask);
          *cell++ = std::string_view(start, static_cast<size_t>(comma - start));
          start = comma + 1;
          mask &= mask - 1;
        }
      };
      for (; e - q >= static_cast<ptrdiff_t>(kBlock); q += kBlock) take(block_bits(q));
      if (q < e) {
        // The last, shorter block through a copy: reading past `e` could
        // leave the buffer, and a byte loop would branch per byte.
        alignas(16) char last[kBlock] = {};
        std::memcpy(last, q, static_cast<size_t>(e - q));
        take(block_bits(last));
        q = e;
      }
#else
      if constexpr (std::endian::native == std::endian::little) {
        // Find the commas 8 bytes at a time.
        constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
        for (; e - q >= 8; q += 8) {
          make_room();
          const uint64_t x = Load8(q) ^ 0x2C2C2C2C2C2C2C2CULL;    // ',' bytes become zero
          uint64_t zero = ~(((x & kLow7) + kLow7) | x | kLow7);  // exact: high bit of each zero byte
          while (zero != 0) {
            const char* comma = q + (std::countr_zero(zero) >> 3);
            *cell++ = std::string_view(start, static_cast<size_t>(comma - start));
            start = comma + 1;
            zero &= zero - 1;
          }
        }
      }
#endif
      for (; q < e; ++q) {
        if (*q == ',') {
          make_room();
          *cell++ = std::string_view(start, static_cast<size_t>(q - start));
          start = q + 1;
        }
      }
      make_room();
      *cell++ = std::string_view(start, static_cast<size_t>(e - start));
      cell_count = static_cast<size_t>(cell - cells.data());
      return true;
    }
    for (;;) {
      size_t index = cell_count;
      if (p < e && *p == '"') {
        char* start = p + 1;
        char* write = start;
        char* read = start;
        for (;;) {
          char* q = static_cast<char*>(std::memchr(read, '"', static_cast<size_t>(e - read)));
          if (q == nullptr) {
            Fail(line, CellName(index) + ": unterminated quoted cell");
            return false;
          }
          if (write != read) std::memmove(write, read, static_cast<size_t>(q - read));
          write += q - read;
          if (q + 1 < e && q[1] == '"') {
            *write++ = '"';
            read = q + 2;
            continue;
          }
          read = q + 1;
          break;
        }
        PushCell(std::string_view(start, static_cast<size_t>(write - start)));
        if (read == e) return true;
        if (*read != ',') {
          Fail(line, CellName(index) + ": unexpected " + Quote(std::string_view(read, 1)) +
                         " after the closing quote (a quote inside a quoted cell is written \"\")");
          return false;
        }
        p = read + 1;
        continue;
      }
      char* comma = static_cast<char*>(std::memchr(p, ',', static_cast<size_t>(e - p)));
      char* limit = comma != nullptr ? comma : e;
      if (std::memchr(p, '"', static_cast<size_t>(limit - p)) != nullptr) {
        Fail(line, CellName(index) + ": a quote inside an unquoted cell (quote the whole cell and write \"\")");
        return false;
      }
      PushCell(std::string_view(p, static_cast<size_t>(limit - p)));
      if (comma == nullptr) return true;
      p = comma + 1;
    }
  }

  // -------------------------------------------------------------------------
  // Header.

  base::Status ReadHeader() {
    Grow(kBlockBytes);
    if (!Fill()) return *error;
    if (end - pos >= 3 && std::memcmp(buffer.get() + pos, "\xEF\xBB\xBF", 3) == 0) pos += 3;
    switch (NextRecord()) {
      case RecordStatus::kError:
        return *error;
      case RecordStatus::kEnd:
        return Raise(1, "empty file (expected a header row naming the columns)");
      case RecordStatus::kRecord:
        break;
    }
    const std::vector<std::string> all_names = ColumnNames();
    std::optional<size_t> person_id, household_id;
    for (size_t i = 0; i < cell_count; ++i) {
      Column column;
      column.name.assign(cells[i]);
      std::string_view name = column.name;
      for (size_t k = 0; k < i; ++k) {
        if (columns[k].name == name) {
          return Raise(line, "duplicate column " + Quote(name) + " (columns " + std::to_string(k + 1) + " and " +
                                 std::to_string(i + 1) + ")");
        }
      }
      if (name == kPersonId) {
        column.kind = ColumnKind::kPersonId;
        person_id = i;
      } else if (name == kHouseholdId) {
        column.kind = ColumnKind::kHouseholdId;
        household_id = i;
      } else if (name == kNeighbourhood) {
        column.kind = ColumnKind::kNeighbourhood;
        household_columns.push_back(i);
      } else if (name == kStatuses) {
        column.kind = ColumnKind::kStatuses;
        statuses_column = i;
      } else if (name == kIncomeNetMonth || name == kMonthlyIncome) {
        if (income_net_column) {
          return Raise(line, "columns " + Quote(columns[*income_net_column].name) + " and " + Quote(name) +
                                 " both give the net monthly income (columns " +
                                 std::to_string(*income_net_column + 1) + " and " + std::to_string(i + 1) + ")");
        }
        column.kind = ColumnKind::kIncomeNetMonth;
        income_net_column = i;
      } else if (name.starts_with(kReceivesPrefix) && household::IsStatusName(name.substr(kReceivesPrefix.size()))) {
        column.kind = ColumnKind::kReceivesStatus;
        column.status.assign(name.substr(kReceivesPrefix.size()));
        column.status_bit = household::StatusBit(column.status);
        status_flag_columns.push_back(i);
      } else if (name == kIncomeGrossTaxableYear) {
        column.kind = ColumnKind::kIncomeGrossTaxableYear;
        income_gross_column = i;
      } else if (name == "id") {
        return Raise(line, "column 'id': the person id column is called 'person_id'");
      } else if (auto field = household::FindField(Entity::kPerson, name)) {
        column.kind = ColumnKind::kPersonField;
        column.field = *field;
        column.spec = &household::Fields(Entity::kPerson)[*field];
        column.has_text = HasText(*column.spec);
        if (column.spec->type == FieldType::kEnum) column.enum_values = EnumTable(*column.spec);
        person_columns.push_back(i);
      } else if (auto hfield = household::FindField(Entity::kHousehold, name)) {
        column.kind = ColumnKind::kHouseholdField;
        column.field = *hfield;
        column.spec = &household::Fields(Entity::kHousehold)[*hfield];
        column.has_text = HasText(*column.spec);
        if (column.spec->type == FieldType::kEnum) column.enum_values = EnumTable(*column.spec);
        household_columns.push_back(i);
      } else {
        std::string hint = name.empty() ? std::string() : Suggest(name, all_names);
        return Raise(line, "unknown column " + Quote(name) + " (column " + std::to_string(i + 1) + ")" + hint);
      }
      columns.push_back(std::move(column));
    }
    if (!person_id) return Raise(line, "missing required column 'person_id'");
    if (!household_id) return Raise(line, "missing required column 'household_id'");
    person_id_column = *person_id;
    household_id_column = *household_id;
    for (const Column& c : columns) column_names.push_back(c.name);
    person_fields_written.push_back(id_field);
    for (size_t c : person_columns) person_fields_written.push_back(columns[c].field);
    person_field_written.assign(person_facts, 0);
    for (FieldId field : person_fields_written) {
      person_field_written[field] = 1;
      person_field_has_text.push_back(HasText(household::Fields(Entity::kPerson)[field]) ? 1 : 0);
    }
    id_slot.cell = person_id_column;
    id_slot.field = id_field;
    id_slot.has_text = true;
    person_slots = GroupByType(person_columns);
    household_field_written.assign(household_facts, 0);
    std::vector<size_t> household_field_columns;
    for (size_t c : household_columns) {
      if (columns[c].kind != ColumnKind::kHouseholdField) {
        neighbourhood_column = c;
        continue;
      }
      household_field_columns.push_back(c);
      household_fields_written.push_back(columns[c].field);
      household_field_has_text.push_back(columns[c].has_text ? 1 : 0);
      household_field_written[columns[c].field] = 1;
    }
    household_field_slots = GroupByType(household_field_columns);
    resolve_municipality = household_field_written[municipality_fields[0]] ||
                           household_field_written[municipality_fields[1]] ||
                           household_field_written[municipality_fields[2]];
    nis_has_column = household_field_written[municipality_fields[0]] != 0;
    if (resolve_municipality && !nis_has_column) {
      // municipality.nis without a column of its own: written per household.
      household_fields_written.push_back(municipality_fields[0]);
      household_field_has_text.push_back(1);
      household_field_written[municipality_fields[0]] = 1;
    }
    municipality_facts.assign(household_facts, Fact{});
    carry.person_facts.resize(person_facts);
    return base::Ok{};
  }

  // The slots of the field columns `field_columns` (indices into `columns`), by type.
  TypedSlots GroupByType(const std::vector<size_t>& field_columns) const {
    TypedSlots out;
    static constexpr std::pair<FieldType, size_t TypedSlots::*> kOrder[] = {
        {FieldType::kBool, &TypedSlots::bools},   {FieldType::kInt, &TypedSlots::ints},
        {FieldType::kMoney, &TypedSlots::moneys}, {FieldType::kDate, &TypedSlots::dates},
        {FieldType::kEnum, &TypedSlots::enums},   {FieldType::kText, &TypedSlots::texts}};
    for (const auto& [type, count] : kOrder) {
      for (size_t c : field_columns) {
        if (columns[c].spec->type != type) continue;
        out.slots.push_back(FieldSlot{.cell = c, .field = columns[c].field, .has_text = columns[c].has_text});
        ++(out.*count);
      }
    }
    return out;
  }

  // -------------------------------------------------------------------------
  // Households.

  // Sets the new, empty string `target` to `text`. A long text takes the
  // storage of a spare string of the chunk before, so the steady state does
  // not allocate per cell.
  void SetText(std::string& target, std::string_view text) {
    if (text.size() > target.capacity() && !spare_strings.empty()) {
      target = std::move(spare_strings.back());
      spare_strings.pop_back();
    }
    AssignText(target, text);
  }

  // Keeps the storage of `text` for SetText when it has storage of its own.
  void KeepIfLong(std::string& text) {
    if (text.capacity() > kShortString) spare_strings.push_back(std::move(text));
  }

  // Empties `chunk` for the next households, keeping its storage: the arrays
  // keep their capacity, and the strings that own memory go to spare_strings
  // (Columns::Clear would free them). The person columns the file fills keep
  // their rows as they are: they are slots (see `slots`) that the next rows
  // overwrite in place.
  void Recycle(Chunk& chunk) {
    household::Columns& columns = chunk.columns;
    columns.person_facts.resize(person_facts);
    columns.household_facts.resize(household_facts);
    for (FieldId field = 0; field < person_facts; ++field) {
      if (!person_field_written[field]) ClearFacts(columns.person_facts[field]);
    }
    for (FieldId field = 0; field < household_facts; ++field) {
      if (!household_field_written[field]) ClearFacts(columns.household_facts[field]);
    }
    for (std::string& id : chunk.household_ids) KeepIfLong(id);
    for (std::string& neighbourhood : chunk.neighbourhoods) KeepIfLong(neighbourhood);
    columns.first_person.assign(1, 0);
    // The list entries stay, as slots (see NextEntry).
    for (auto* known : {&columns.incomes.known, &columns.statuses.known}) known->clear();
    columns.incomes.first.assign(1, 0);
    columns.statuses.first.assign(1, 0);
    columns.status_bits.clear();
    columns.real_estate.Clear();
    chunk.household_ids.clear();
    chunk.neighbourhoods.clear();
  }

  void ClearFacts(FactColumn& column) {
    for (std::string& text : column.text) KeepIfLong(text);
    column.number.clear();
    column.present.clear();
    column.text.clear();
  }

  // Sizes every person column the file fills to `rows` rows (see `slots`)
  // and points person_slots and id_slot at them.
  void ResizeSlots(size_t rows) {
    SizeColumns(out->person_facts, person_fields_written, person_field_has_text, rows, /*only_down=*/false);
    slots = rows;
    PointSlots(out->person_facts, &id_slot, &id_slot + 1);
    PointSlots(out->person_facts, person_slots.slots.data(), person_slots.slots.data() + person_slots.slots.size());
  }

  // Points the slots [first, last) at their columns of `facts`.
  static void PointSlots(std::vector<FactColumn>& facts, FieldSlot* first, FieldSlot* last) {
    for (FieldSlot* slot = first; slot != last; ++slot) {
      FactColumn& column = facts[slot->field];
      slot->number = column.number.data();
      slot->present = column.present.data();
      slot->text = slot->has_text ? column.text.data() : nullptr;
    }
  }

  // The slots to have for row `row`, `slots` being too few: grown by an
  // eighth at least, so that growing costs little per row.
  static size_t SlotsFor(size_t row, size_t slots) { return std::max(row + 1, slots + std::max<size_t>(64, slots / 8)); }

  // Sizes every household column the file fills to `rows` rows and points
  // household_field_slots at them.
  void ResizeHouseholdSlots(size_t rows) {
    SizeColumns(out->household_facts, household_fields_written, household_field_has_text, rows, /*only_down=*/false);
    household_slots = rows;
    std::vector<FieldSlot>& fields = household_field_slots.slots;
    PointSlots(out->household_facts, fields.data(), fields.data() + fields.size());
  }

  // Sizes the columns `fields` of `facts` (texts where `has_text`, parallel)
  // to `rows` rows; with `only_down`, only those that have more.
  static void SizeColumns(std::vector<FactColumn>& facts, const std::vector<FieldId>& fields,
                          const std::vector<uint8_t>& has_text, size_t rows, bool only_down) {
    auto size = [&](auto& items) {
      if (!only_down) items.resize(rows);
      else Truncate(items, rows);
    };
    for (size_t k = 0; k < fields.size(); ++k) {
      FactColumn& column = facts[fields[k]];
      size(column.number);
      size(column.present);
      if (has_text[k]) size(column.text);
    }
  }

  // The rows the columns `fields` of `facts` all have.
  static size_t RowsInCommon(const std::vector<FactColumn>& facts, const std::vector<FieldId>& fields,
                             const std::vector<uint8_t>& has_text) {
    size_t rows = SIZE_MAX;
    for (size_t k = 0; k < fields.size(); ++k) {
      const FactColumn& column = facts[fields[k]];
      rows = std::min({rows, column.number.size(), column.present.size()});
      if (has_text[k]) rows = std::min(rows, column.text.size());
    }
    return rows == SIZE_MAX ? 0 : rows;
  }

  // The slots of a chunk Next starts to fill: as many rows as its person
  // columns have in common (the same number, for the chunk of the call before).
  void TakeSlots() {
    ResizeHouseholdSlots(RowsInCommon(out->household_facts, household_fields_written, household_field_has_text));
    ResizeSlots(RowsInCommon(out->person_facts, person_fields_written, person_field_has_text));
  }

  // Moves the person rows of `carry` (the household the call before could
  // not fit) to the first rows of *out.
  void MoveCarryIn() {
    MakeBuildingRow();
    for (size_t k = 0; k < household_fields_written.size(); ++k) {
      const Fact& fact = building.facts[household_fields_written[k]];
      FactColumn& column = out->household_facts[household_fields_written[k]];
      column.number[0] = fact.number;
      column.present[0] = fact.present ? 1 : 0;
      if (household_field_has_text[k]) AssignText(column.text[0], fact.text);
    }
    const size_t rows = carry.person_facts[id_field].number.size();
    if (slots < rows) ResizeSlots(rows);
    for (FieldId field : person_fields_written) {
      FactColumn& from = carry.person_facts[field];
      FactColumn& to = out->person_facts[field];
      std::copy(from.number.begin(), from.number.end(), to.number.begin());
      std::copy(from.present.begin(), from.present.end(), to.present.begin());
      for (size_t r = 0; r < from.text.size(); ++r) to.text[r].swap(from.text[r]);
      from.number.clear();
      from.present.clear();
      from.text.clear();
    }
    CarryListIn(carry.incomes, out->incomes);
    CarryListIn(carry.statuses, out->statuses);
    MoveTail(carry.status_bits, 0, out->status_bits);
  }

  // Moves the lists of `from` (carry's) to the first owners and entry slots
  // of `to` (see NextEntry), which has no owner yet.
  template <typename Entry>
  static void CarryListIn(household::ListColumn<Entry>& from, household::ListColumn<Entry>& to) {
    for (size_t k = 0; k < from.entries.size(); ++k) {
      if (k >= to.entries.size()) {
        to.entries.push_back(std::move(from.entries[k]));
        continue;
      }
      std::swap(to.entries[k], from.entries[k]);
    }
    to.known = from.known;
    to.first = from.first;
    from.Clear();
  }

  // The next entry slot of `list`, `used` entries being written: the
  // entries of the chunk before are overwritten in place, not destroyed and
  // built again (as the person rows, see `slots`). TrimSlots cuts the rest.
  template <typename Entry>
  static Entry& NextEntry(household::ListColumn<Entry>& list, size_t& used) {
    if (used == list.entries.size()) {
      ++used;
      return list.entries.emplace_back();
    }
    return list.entries[used++];
  }

  // Cuts the person columns the file fills to the `rows` rows read.
  void TrimSlots(size_t rows) {
    SizeColumns(out->person_facts, person_fields_written, person_field_has_text, rows, /*only_down=*/true);
    slots = rows;
    Truncate(out->incomes.entries, out->incomes.first.back());
    Truncate(out->statuses.entries, out->statuses.first.back());
    TrimHouseholdSlots();
  }

  // Cuts the household columns the file fills to the households read.
  void TrimHouseholdSlots() {
    const size_t households = out->households();
    SizeColumns(out->household_facts, household_fields_written, household_field_has_text, households,
                /*only_down=*/true);
    household_slots = households;
  }

  // The household being built takes the next row of *out's household
  // columns, and its values are written there as they are read: the
  // household slots hold them, without a copy per household. Only a
  // household still open when a chunk ends keeps them in building.facts
  // until the next chunk (KeepBuildingValues, MoveCarryIn).
  size_t BuildingRow() const { return out->households(); }

  // Makes the building household's row exist. Its values are left as they
  // are: the household's first row writes them all (FillSlots), or
  // MoveCarryIn does.
  void MakeBuildingRow() {
    const size_t h = BuildingRow();
    if (h >= household_slots) ResizeHouseholdSlots(SlotsFor(h, household_slots));
  }

  // Copies the building household's values out of *out, which Next is
  // about to trim, into building.facts.
  void KeepBuildingValues() {
    const size_t h = BuildingRow();
    building.facts.resize(household_facts);
    for (FieldId field : household_fields_written) {
      building.facts[field] = out->household_facts[field].At(household::Fields(Entity::kHousehold)[field], h);
    }
  }

  // Closes `building` as the last household of `chunk`: its person rows and
  // household values are already there, its ids are added.
  // Resolves the municipality of household row `h` of *out and writes its
  // municipality.nis (and name when absent); false with *error set when the
  // file's municipality cells do not name one municipality.
  bool ResolveMunicipalityAt(size_t h, const Building& b) {
    const auto& specs = household::Fields(Entity::kHousehold);
    bool same = !last_municipality_in.empty();
    for (size_t k = 0; k < 4; ++k) {
      const FieldId f = municipality_fields[k];
      const bool from_file = k == 0 ? nis_has_column : household_field_written[f] != 0;
      Fact fact = from_file ? out->household_facts[f].At(specs[f], h) : Fact{};
      if (same && (fact.present != last_municipality_in[k].present || fact.number != last_municipality_in[k].number ||
                   fact.text != last_municipality_in[k].text)) {
        same = false;
      }
      municipality_facts[f] = std::move(fact);
    }
    if (!same) {
      last_municipality_in.resize(4);
      for (size_t k = 0; k < 4; ++k) last_municipality_in[k] = municipality_facts[municipality_fields[k]];
      household::MunicipalityPlaces places{
          "", [](std::string_view member) { return "column 'municipality." + std::string(member) + "'"; }};
      if (auto status = household::ResolveMunicipality(municipality_facts, places); !status.ok()) {
        last_municipality_in.clear();
        return Fail(b.first_line, "household " + Quote(b.id) + ": " + status.error().message());
      }
      last_municipality_out.resize(2);
      last_municipality_out[0] = municipality_facts[municipality_fields[0]];
      last_municipality_out[1] = municipality_facts[municipality_fields[2]];
    }
    for (size_t k : {size_t{0}, size_t{2}}) {
      const FieldId f = municipality_fields[k];
      if (!household_field_written[f]) continue;
      FactColumn& column = out->household_facts[f];
      const Fact& value = last_municipality_out[k == 0 ? 0 : 1];
      column.present[h] = value.present ? 1 : 0;
      column.number[h] = 0;
      if (value.present) {
        AssignText(column.text[h], value.text);
      } else {
        column.text[h].clear();
      }
    }
    return true;
  }

  bool Append(Chunk& chunk, Building& b) {
    household::Columns& columns = chunk.columns;
    if (resolve_municipality && !ResolveMunicipalityAt(BuildingRow(), b)) return false;
    // Its household values are in its row already (see BuildingRow).
    columns.real_estate.known.push_back(0);  // the format cannot carry it
    columns.real_estate.first.push_back(static_cast<uint32_t>(columns.real_estate.entries.size()));
    columns.first_person.push_back(static_cast<uint32_t>(columns.persons() + b.persons()));
    persons_read += b.persons();
    ++households_read;
    if (piece_mode) NotePieceHousehold(b, false);
    chunk.household_ids.push_back(std::move(b.id));  // StartHousehold sets the next one
    chunk.neighbourhoods.push_back(std::move(b.neighbourhood));
    b.active = false;
    return true;
  }

  // Starts a household at the current row. REQUIRES: !building.active.
  bool StartHousehold(std::string_view id) {
    if (!piece_mode && !seen_households.Insert(id)) {
      Fail(line, ReappearsMessage(id));
      return false;
    }
    building.active = true;
    SetText(building.id, id);
    building.first_line = line;
    MakeBuildingRow();
    building.person_lines.clear();
    building.neighbourhood.clear();
    building.id_fingerprints.clear();
    return true;
  }

  // Adds the current row as a person of `building`.
  bool AddPerson() {
    std::string_view person_id = cells[person_id_column];
    if (person_id.empty()) {
      FailCell(person_id_column, "empty person id");
      return false;
    }
    const size_t row = out->persons() + building.persons();  // this person's row of *out
    if (building.persons() >= kMaxHouseholdPersons) {
      Fail(line,
           "household " + Quote(building.id) + " has more than " + std::to_string(kMaxHouseholdPersons) + " persons");
      return false;
    }
    if (!CheckNewPersonId(person_id)) return false;
    building.person_lines.push_back(line);

    // The row in every person column the file fills, written in place (see
    // `slots`). A failure part way leaves the row half written; Next drops it.
    if (row >= slots) ResizeSlots(SlotsFor(row, slots));
    id_slot.number[row] = 0;
    id_slot.present[row] = 1;
    AssignText(id_slot.text[row], person_id);
    if (!FillSlots(person_slots, row)) return FailPersonCell();
    if (building.persons() == 1) {
      // The household's first row sets every value of the household's row
      // (of the chunk before, until now), empty cells as absent.
      if (!FillSlots(household_field_slots, BuildingRow())) return FailHouseholdCell();
      if (neighbourhood_column && !cells[*neighbourhood_column].empty()) {
        SetText(building.neighbourhood, cells[*neighbourhood_column]);
      }
    } else {
      for (size_t c : household_columns) {
        std::string_view cell = cells[c];
        if (cell.empty()) continue;
        if (!SetHouseholdValue(c, cell)) return false;
      }
    }

    household::ListColumn<household::Status>& statuses = out->statuses;
    bool statuses_known = false;
    uint64_t status_bits = 0;
    size_t statuses_used = statuses.first.back();
    if (statuses_column || !status_flag_columns.empty()) {
      const size_t before = statuses_used;
      if (statuses_column && !ReadStatuses(*statuses_column, statuses_used, status_bits)) return false;
      statuses_known = true;
      if (!ReadStatusFlags(statuses_used, statuses_known, status_bits)) return false;
      // An empty flag leaves open whether the person has that status.
      if (!statuses_known) {
        statuses_used = before;
        status_bits = 0;
      }
    }
    statuses.known.push_back(statuses_known ? 1 : 0);
    out->status_bits.push_back(status_bits);
    statuses.first.push_back(static_cast<uint32_t>(statuses_used));

    household::ListColumn<household::Income>& incomes = out->incomes;
    const size_t incomes_before = incomes.first.back();
    size_t incomes_used = incomes_before;
    if (!ReadIncome(income_net_column, household::IncomePeriod::kMonth, household::IncomeBasis::kNet, incomes_used) ||
        !ReadIncome(income_gross_column, household::IncomePeriod::kYear, household::IncomeBasis::kGrossTaxable,
                    incomes_used)) {
      return false;
    }
    // Without a non-empty income cell the incomes are unknown, not none.
    incomes.known.push_back(incomes_used > incomes_before ? 1 : 0);
    incomes.first.push_back(static_cast<uint32_t>(incomes_used));
    return true;
  }

  // Parses the row's cells of `typed` into row `row` of their columns: one
  // loop per type. Returns false at a bad cell, leaving the row half
  // written; FailPersonCell / FailHouseholdCell then name the first bad cell
  // in file order, as a single loop would.
  bool FillSlots(const TypedSlots& typed, size_t row) {
    const std::string_view* row_cells = cells.data();
    const FieldSlot* slot = typed.slots.data();
    auto fill = [&]<bool kText>(size_t count, auto parse) {
      for (const FieldSlot* last = slot + count; slot != last; ++slot) {
        std::string_view cell = row_cells[slot->cell];
        int64_t number = 0;
        if (!cell.empty() && !parse(*slot, cell, number)) return false;
        slot->number[row] = number;
        slot->present[row] = cell.empty() ? 0 : 1;
        if constexpr (kText) AssignText(slot->text[row], cell);
      }
      return true;
    };
    auto parse_bool = [&](const FieldSlot&, std::string_view cell, int64_t& number) {
      if (cell.size() == 1 && (cell[0] == '0' || cell[0] == '1')) {
        number = cell[0] - '0';
        return true;
      }
      return ParseBool(cell, number, message);
    };
    auto parse_int = [&](const FieldSlot&, std::string_view cell, int64_t& number) {
      return ParseInt(cell, number, message);
    };
    auto parse_money = [&](const FieldSlot&, std::string_view cell, int64_t& number) {
      return ParseMoney(cell, number, message);
    };
    auto parse_date = [&](const FieldSlot&, std::string_view cell, int64_t& number) {
      return ParseDate(cell, number, message);
    };
    auto parse_enum = [&](const FieldSlot& s, std::string_view cell, int64_t& number) {
      const Column& column = columns[s.cell];
      if (!ParseEnum(column, cell, number, message)) return false;
      SetEnumText(s.text[row], *column.spec, number, cell);
      return true;
    };
    auto keep_text = [](const FieldSlot&, std::string_view, int64_t&) { return true; };
    return fill.template operator()<false>(typed.bools, parse_bool) &&
           fill.template operator()<false>(typed.ints, parse_int) &&
           fill.template operator()<false>(typed.moneys, parse_money) &&
           fill.template operator()<false>(typed.dates, parse_date) &&
           fill.template operator()<false>(typed.enums, parse_enum) &&
           fill.template operator()<true>(typed.texts, keep_text);
  }

  // Fails with the first person field cell of the row, in file order, that
  // does not parse. REQUIRES: there is one.
  bool FailPersonCell() { return FailFirstBadCell(person_columns); }
  // The same for the household field cells.
  bool FailHouseholdCell() { return FailFirstBadCell(household_columns); }

  bool FailFirstBadCell(const std::vector<size_t>& field_columns) {
    for (size_t c : field_columns) {
      std::string_view cell = cells[c];
      int64_t number = 0;
      if (!columns[c].spec || cell.empty()) continue;  // the neighbourhood has no spec
      if (!ParseField(columns[c], cell, number, message)) return FailCell(c, message);
    }
    return Fail(line, "a cell does not parse");  // not reached
  }

  bool CheckNewPersonId(std::string_view person_id) {
    // The ids of the household's persons so far, on its rows of *out.
    const std::span<const std::string> ids(id_slot.text + out->persons(), building.persons());
    auto duplicate = [&](size_t k) {
      FailCell(person_id_column, "duplicate person id " + Quote(person_id) + " in household " + Quote(building.id) +
                                     " (already on line " + std::to_string(building.person_lines[k]) + ")");
      return false;
    };
    if (ids.size() < kLinearIds) {
      for (size_t k = 0; k < ids.size(); ++k) {
        if (SameText(ids[k], person_id)) return duplicate(k);
      }
      return true;
    }
    if (building.id_fingerprints.empty()) {
      for (const std::string& id : ids) building.id_fingerprints.insert(Fingerprint(id));
    }
    if (!building.id_fingerprints.insert(Fingerprint(person_id)).second) {
      for (size_t k = 0; k < ids.size(); ++k) {
        if (ids[k] == person_id) return duplicate(k);
      }
    }
    return true;
  }

  // A household-level cell of a row after the household's first (which
  // FillSlots writes): the first non-empty value of the household counts;
  // later non-empty cells must agree with it.
  bool SetHouseholdValue(size_t c, std::string_view cell) {
    const Column& column = columns[c];
    if (column.kind == ColumnKind::kNeighbourhood) {
      if (building.neighbourhood.empty()) {
        SetText(building.neighbourhood, cell);
      } else if (building.neighbourhood != cell) {
        return Disagree(c, Quote(cell), Quote(building.neighbourhood));
      }
      return true;
    }
    FactColumn& values = out->household_facts[column.field];
    const size_t h = BuildingRow();
    int64_t number = 0;
    if (!ParseField(column, cell, number, message)) {
      FailCell(c, message);
      return false;
    }
    if (!values.present[h]) {
      values.present[h] = 1;
      values.number[h] = number;
      if (column.spec->type == FieldType::kEnum) {
        SetEnumText(values.text[h], *column.spec, number, cell);
      } else if (column.has_text) {
        AssignText(values.text[h], cell);
      }
      return true;
    }
    const bool same = number == values.number[h] && (!column.has_text || values.TextAt(*column.spec, h) == cell);
    if (!same) return Disagree(c, Quote(cell), Quote(household::FactText(*column.spec, values.At(*column.spec, h))));
    return true;
  }

  bool Disagree(size_t c, const std::string& value, const std::string& earlier) {
    FailCell(c, value + " differs from " + earlier + " earlier in household " + Quote(building.id) +
                    " (a household-level column has one value per household)");
    return false;
  }

  // Adds the statuses of cell `c` to out->statuses (`used` entries written)
  // and their bits to `bits`.
  bool ReadStatuses(size_t c, size_t& used, uint64_t& bits) {
    std::string_view cell = cells[c];
    if (cell.empty()) return true;
    size_t start = 0;
    for (;;) {
      size_t semicolon = cell.find(';', start);
      std::string_view name = cell.substr(start, semicolon == std::string_view::npos ? cell.npos : semicolon - start);
      // A known name is well formed: only the others are checked.
      const uint64_t bit = household::StatusBit(name);
      if (bit == household::kOtherStatusBit && !household::IsStatusName(name)) {
        std::vector<std::string> known;
        for (std::string_view s : household::StatusValues()) known.emplace_back(s);
        FailCell(c, name.empty() ? "empty status name in " + Quote(cell) + " (statuses are separated by ';')"
                                 : Quote(name) +
                                       " is not a status name (lowercase letters, digits and '_', starting with a "
                                       "letter)" +
                                       Suggest(name, known));
        return false;
      }
      PutStatus(name, used);
      bits |= bit;
      if (semicolon == std::string_view::npos) return true;
      start = semicolon + 1;
    }
  }

  // The receives_<status> cells: 1/true adds the status, 0/false does not;
  // `known` turns false on an empty cell.
  bool ReadStatusFlags(size_t& used, bool& known, uint64_t& bits) {
    for (size_t c : status_flag_columns) {
      std::string_view cell = cells[c];
      if (cell.empty()) {
        known = false;
        continue;
      }
      int64_t receives = 0;
      if (!ParseBool(cell, receives, message)) {
        FailCell(c, message);
        return false;
      }
      if (receives == 0) continue;
      PutStatus(columns[c].status, used);
      bits |= columns[c].status_bit;
    }
    return true;
  }

  // A status named `name` as the next entry of out->statuses.
  void PutStatus(std::string_view name, size_t& used) {
    household::Status& status = NextEntry(out->statuses, used);
    AssignText(status.status, name);
    status.since.reset();
    status.category.clear();
    status.route.clear();
    status.uninterrupted.reset();
    status.until.reset();
  }

  // Adds the income of `column`'s cell, when there is one, to out->incomes
  // (`used` entries written).
  bool ReadIncome(std::optional<size_t> column, household::IncomePeriod period, household::IncomeBasis basis,
                  size_t& used) {
    if (!column) return true;
    std::string_view cell = cells[*column];
    if (cell.empty()) return true;
    int64_t cents = 0;
    if (!ParseMoney(cell, cents, message)) {
      FailCell(*column, message);
      return false;
    }
    household::Income& income = NextEntry(out->incomes, used);
    // Always "other": the slot most often holds it already.
    if (income.kind.size() != 5 || std::memcmp(income.kind.data(), "other", 5) != 0) AssignText(income.kind, "other");
    income.amount = base::Money::FromCents(cents);
    income.period = period;
    income.basis = basis;
    return true;
  }

  // -------------------------------------------------------------------------

  base::Result<bool> Next(Chunk& chunk, size_t max_persons) {
    if (error) return *error;
    Recycle(chunk);
    out = &chunk.columns;
    TakeSlots();
    // The household the last call could not fit comes first.
    if (building.active) MoveCarryIn();
    base::Result<bool> more = ReadHouseholds(chunk, max_persons);
    if (!more.ok() && piece_mode && building.active && !piece_households.ends_open) NotePieceHousehold(building, true);
    if (!more.ok()) {
      DropTrailingPersons(chunk.columns, chunk.columns.persons(), person_fields_written);
      TrimHouseholdSlots();
    } else {
      // The rows of the whole households, then those of the household still open.
      if (building.active) KeepBuildingValues();
      TrimSlots(chunk.columns.persons() + (building.active ? building.persons() : 0));
      if (building.active) MoveTrailingPersons(chunk.columns, chunk.columns.persons(), person_fields_written, carry);
    }
    out = nullptr;
    return more;
  }

  // Fills `chunk` (emptied) with whole households; the rows of the household
  // still open at the return are left in its columns for Next to move away.
  base::Result<bool> ReadHouseholds(Chunk& chunk, size_t max_persons) {
    if (max_persons == 0) max_persons = 1;
    size_t persons = 0;
    // The first household always fits, so a chunk is never empty before the end.
    auto fits = [&] { return chunk.size() == 0 || persons + building.persons() <= max_persons; };
    for (;;) {
      if (!row_pending) {
        if (persons >= max_persons) return true;
        RecordStatus status = finished ? RecordStatus::kEnd : NextRecord();
        if (status == RecordStatus::kError) return *error;
        if (status == RecordStatus::kEnd) {
          finished = true;
          if (building.active) {
            if (!fits()) return true;  // the next call returns it
            persons += building.persons();
            if (!Append(chunk, building)) return *error;
          }
          return chunk.size() != 0;
        }
        if (cell_count != columns.size()) {
          return Raise(line, "the row has " + std::to_string(cell_count) + (cell_count == 1 ? " cell" : " cells") +
                                 " but the header has " + std::to_string(columns.size()) + " columns");
        }
        if (cells[household_id_column].empty())
          return Raise(line, "column '" + columns[household_id_column].name + "': empty household id");
      }
      row_pending = false;
      std::string_view household_id = cells[household_id_column];
      if (building.active && !SameText(building.id, household_id)) {
        if (!fits()) {
          row_pending = true;  // the cells stay valid: nothing is read until the next call
          return true;
        }
        persons += building.persons();
        if (!Append(chunk, building)) return *error;
      }
      if (!building.active && !StartHousehold(household_id)) return *error;
      if (!AddPerson()) return *error;
    }
  }

  // -------------------------------------------------------------------------
  // Pieces (population.h: NextPiece, PieceParser, Admit).

  void NotePieceHousehold(const Building& b, bool open) {
    piece_households.ids += b.id;
    piece_households.id_ends.push_back(static_cast<uint32_t>(piece_households.ids.size()));
    piece_households.lines.push_back(b.first_line);
    if (open) {
      piece_households.ends_open = true;
    } else {
      piece_households.persons += b.persons();
    }
  }

  // Reads until [pos, end) holds `want` bytes or the input ends; false when
  // reading failed (error set).
  bool ReadAtLeast(size_t want) {
    Compact();
    if (buffer.capacity < want) Grow(std::max(want, buffer.capacity * 2));
    while (!eof && end < want) {
      if (!ReadUpTo(want)) return false;
    }
    return true;
  }

  // Cell `household_id_column` of the record [p, e) (without its line end),
  // unescaped into id_scratch when quoted, by the rules Split applies.
  // Returns false where Split would fail or the record has too few cells:
  // either way, the record's parser reports an error.
  bool HouseholdIdCell(const char* p, const char* e, bool quoted, std::string_view& id) {
    const size_t k = household_id_column;
    if (!quoted) {
      for (size_t i = 0; i < k; ++i) {
        const char* comma = static_cast<const char*>(std::memchr(p, ',', static_cast<size_t>(e - p)));
        if (comma == nullptr) return false;
        p = comma + 1;
      }
      const char* comma = static_cast<const char*>(std::memchr(p, ',', static_cast<size_t>(e - p)));
      id = std::string_view(p, static_cast<size_t>((comma != nullptr ? comma : e) - p));
      return true;
    }
    for (size_t i = 0;; ++i) {
      std::string_view cell;
      if (p < e && *p == '"') {
        id_scratch.clear();
        const char* read = p + 1;
        for (;;) {
          const char* q = static_cast<const char*>(std::memchr(read, '"', static_cast<size_t>(e - read)));
          if (q == nullptr) return false;
          id_scratch.append(read, q);
          if (q + 1 < e && q[1] == '"') {
            id_scratch += '"';
            read = q + 2;
            continue;
          }
          read = q + 1;
          break;
        }
        if (read != e && *read != ',') return false;
        cell = id_scratch;
        p = read;
      } else {
        const char* comma = static_cast<const char*>(std::memchr(p, ',', static_cast<size_t>(e - p)));
        const char* limit = comma != nullptr ? comma : e;
        if (std::memchr(p, '"', static_cast<size_t>(limit - p)) != nullptr) return false;
        cell = std::string_view(p, static_cast<size_t>(limit - p));
        p = limit;
      }
      if (i == k) {
        id = cell;
        return true;
      }
      if (p == e) return false;
      ++p;  // the comma
    }
  }

  enum class CutKind {
    kCut,       // a household boundary
    kLast,      // the end of the last piece: the end of the input, or just past a fault
    kNeedMore,  // more input is needed to decide
  };
  struct Cut {
    CutKind kind = CutKind::kNeedMore;
    size_t at = 0;  // offset into the buffer
  };

  // Where the piece starting at `pos` ends: at the first change of household
  // id in the records after pos + target.
  Cut FindCut(size_t target) {
    const char* base = buffer.get();
    const size_t from = pos + target;
    if (from >= end) return eof ? Cut{CutKind::kLast, end} : Cut{};
    // The quote state at `from`: every quote toggles it, a doubled one too,
    // as FindRecordEnd reads records.
    bool in_quote = false;
    for (const char* q = base + pos;; ++q) {
      q = static_cast<const char*>(std::memchr(q, '"', static_cast<size_t>(base + from - q)));
      if (q == nullptr) break;
      in_quote = !in_quote;
    }
    // Where a record that has not ended is longer than kMaxRowBytes, the
    // piece ends there and its parser reports the row (the record holding
    // `from` began before it).
    auto row_limit = [&](size_t start) { return std::min(end, start + kMaxRowBytes + 1); };
    auto exhausted = [&](size_t start, size_t limit) {
      if (limit == start + kMaxRowBytes + 1) return Cut{CutKind::kLast, limit};
      return eof ? Cut{CutKind::kLast, end} : Cut{};
    };
    // The first record starting after `from`: past the closing quote when
    // `from` is inside one, then past the end of the record it is in.
    const size_t limit = row_limit(from);
    const char* p = base + from;
    const char* e = base + limit;
    if (in_quote) {
      const char* close = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(e - p)));
      if (close == nullptr) return exhausted(from, limit);
      p = close + 1;
    }
    bool quoted_tail = false;
    const char* tail_end = FindRecordEnd(p, e, quoted_tail);
    if (tail_end == nullptr) return exhausted(from, limit);
    p = tail_end + 1;
    // From there, records until the household id changes.
    std::string first_id;
    size_t rows = 0;
    for (;;) {
      const auto start = static_cast<size_t>(p - base);
      if (start == end) return eof ? Cut{CutKind::kLast, end} : Cut{};
      const size_t record_limit = row_limit(start);
      bool quoted = false;
      const char* nl = FindRecordEnd(p, base + record_limit, quoted);
      const char* record_end = base + end;  // the last record, without a line end
      const char* next = record_end;
      if (nl != nullptr) {
        record_end = nl;
        next = nl + 1;
      } else if (record_limit == start + kMaxRowBytes + 1 || !eof) {
        return exhausted(start, record_limit);
      }
      const char* stop = record_end;
      if (stop > p && stop[-1] == '\r') --stop;
      if (stop != p) {  // not a blank line
        std::string_view id;
        const auto after = static_cast<size_t>(next - base);
        if (!HouseholdIdCell(p, stop, quoted, id) || id.empty()) return Cut{CutKind::kLast, after};
        if (rows > 0 && !SameText(id, first_id)) return Cut{CutKind::kCut, start};
        if (rows == 0) first_id.assign(id);
        if (++rows > kMaxHouseholdPersons) return Cut{CutKind::kLast, after};
      }
      p = next;
    }
  }

  base::Result<bool> NextPiece(Piece& piece, size_t target_bytes) {
    if (error) return *error;
    if (pieces_done) return false;
    const size_t target = std::max<size_t>(target_bytes, 1);
    size_t want = target + kPieceLookahead;
    Cut cut;
    for (;;) {
      if (!eof && end - pos < want) {
        if (!ReadAtLeast(want)) return *error;
        continue;
      }
      cut = FindCut(target);
      if (cut.kind != CutKind::kNeedMore) break;
      if (end - pos >= kMaxPieceBytes) {
        return Raise(next_line, "more than " + std::to_string(kMaxPieceBytes >> 20) +
                                    " MiB of rows without a change of household id");
      }
      want = std::min(kMaxPieceBytes, (end - pos) * 2);
    }
    if (cut.kind == CutKind::kLast) pieces_done = true;
    if (cut.at == pos) return false;
    piece.first_line = next_line;
    next_line += static_cast<int64_t>(CountNewlines(buffer.get() + pos, buffer.get() + cut.at));
    // The piece takes the buffer; the buffer takes the piece's storage and
    // the bytes after the cut, so only those are copied.
    const size_t tail = end - cut.at;
    std::unique_ptr<char[]> storage = std::move(piece.bytes);
    size_t storage_capacity = piece.capacity;
    if (storage == nullptr || storage_capacity < std::max(tail, buffer.capacity)) {
      storage_capacity = std::max(tail, buffer.capacity);
      storage = std::make_unique_for_overwrite<char[]>(storage_capacity);
    }
    if (tail > 0) std::memcpy(storage.get(), buffer.get() + cut.at, tail);
    piece.bytes = std::move(buffer.data);
    piece.capacity = buffer.capacity;
    piece.begin = pos;
    piece.end = cut.at;
    buffer.data = std::move(storage);
    buffer.capacity = storage_capacity;
    pos = 0;
    end = tail;
    return true;
  }

  base::Status Admit(const PieceHouseholds& households) {
    if (error) return *error;
    for (size_t i = 0; i < households.size(); ++i) {
      if (!seen_households.Insert(households.id(i)))
        return Raise(households.lines[i], ReappearsMessage(households.id(i)));
    }
    households_read += households.size() - (households.ends_open ? 1 : 0);
    persons_read += households.persons;
    return base::Ok{};
  }

  // This reader's header, set up to parse pieces.
  std::unique_ptr<Impl> PieceCopy() const {
    auto copy = std::make_unique<Impl>(*this);
    // Position, error and the open household are StartPiece's to set.
    copy->in = nullptr;
    copy->piece_mode = true;
    copy->seen_households = SeenIds();
    copy->building = Building();
    copy->carry = household::Columns();
    copy->carry.person_facts.resize(person_facts);
    copy->spare_strings.clear();
    copy->persons_read = copy->households_read = 0;
    return copy;
  }

  void StartPiece(Piece& piece) {
    std::swap(buffer.data, piece.bytes);
    std::swap(buffer.capacity, piece.capacity);
    pos = piece.begin;
    end = piece.end;
    eof = true;
    next_line = piece.first_line;
    error.reset();
    finished = false;
    row_pending = false;
    building.active = false;
    piece_households.Clear();
  }

  void FinishPiece(Piece& piece, PieceHouseholds& households) {
    std::swap(buffer.data, piece.bytes);
    std::swap(buffer.capacity, piece.capacity);
    std::swap(households, piece_households);
    piece_households.Clear();
  }
};

Reader::Reader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;
Reader::~Reader() = default;

base::Result<Reader> Reader::Open(std::istream& in, std::string source_name) {
  auto impl = std::make_unique<Impl>();
  impl->in = &in;
  impl->source = std::move(source_name);
  base::Status header = impl->ReadHeader();
  if (!header) return header.error();
  return Reader(std::move(impl));
}

base::Result<bool> Reader::Next(Chunk& chunk, size_t max_persons) { return impl_->Next(chunk, max_persons); }

base::Result<bool> Reader::NextPiece(Piece& piece, size_t target_bytes) {
  return impl_->NextPiece(piece, target_bytes);
}
PieceParser Reader::Parser() const { return PieceParser(impl_->PieceCopy()); }
base::Status Reader::Admit(const PieceHouseholds& households) { return impl_->Admit(households); }

PieceParser::PieceParser(std::unique_ptr<Reader::Impl> impl) : impl_(std::move(impl)) {}
PieceParser::PieceParser(PieceParser&&) noexcept = default;
PieceParser& PieceParser::operator=(PieceParser&&) noexcept = default;
PieceParser::~PieceParser() = default;
void PieceParser::Start(Piece& piece) { impl_->StartPiece(piece); }
base::Result<bool> PieceParser::Next(Chunk& chunk, size_t max_persons) { return impl_->Next(chunk, max_persons); }
void PieceParser::Finish(Piece& piece, PieceHouseholds& households) { impl_->FinishPiece(piece, households); }

const std::vector<std::string>& Reader::columns() const { return impl_->column_names; }
size_t Reader::persons_read() const { return impl_->persons_read; }
size_t Reader::households_read() const { return impl_->households_read; }

}  // namespace population
