// base/date.h
//
// Calendar dates as a day count (days since 1970-01-01), built on
// std::chrono's civil calendar. Ages and periods are computed here once.
#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace base {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date FromDays(int32_t days) { return Date(days); }
  // REQUIRES: a valid civil date.
  static Date FromYmd(int year, unsigned month, unsigned day);

  // Parses strict ISO "YYYY-MM-DD"; rejects impossible dates (2025-02-30).
  static std::optional<Date> Parse(std::string_view text);

  constexpr int32_t days() const { return days_; }
  int year() const;
  unsigned month() const;
  unsigned day() const;

  std::string ToString() const;  // "2025-02-01"
  std::string ToDutch() const;   // "1 februari 2025"

  // First day of this date's month / year, and of the previous calendar year.
  Date StartOfMonth() const;
  Date StartOfYear() const;

  Date PlusDays(int32_t n) const { return Date(days_ + n); }
  Date PlusMonths(int n) const;  // clamps the day to the month's end

  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

// The dates an input may carry: 1800-01-01 to 2200-12-31. Date::Parse takes
// any year 0000-9999; outside this range a date is a typing error (0000-01-01,
// 9999-12-31 as "unknown"), and the readers of households and populations
// reject it.
inline constexpr int kFirstSupportedYear = 1800;
inline constexpr int kLastSupportedYear = 2200;
inline constexpr bool IsSupportedYear(int year) { return year >= kFirstSupportedYear && year <= kLastSupportedYear; }
// "1800-01-01..2200-12-31", for messages.
inline constexpr std::string_view kSupportedDates = "1800-01-01..2200-12-31";

// Completed years between `birth` and `on`: the birthday itself counts, and
// someone born on 29 February turns a year older on 1 March in common years.
int AgeOn(Date birth, Date on);

// AgeOn(birth, on) for many births and one `on`: a table of the last birth
// date for each age turns every age into an estimate and at most a step or
// two of comparisons, with no calendar conversion per birth (the batch
// engine needs an age per person of a population).
class AgesOn {
 public:
  explicit AgesOn(Date on);
  // Inline: the engines call it once per person of a population.
  int Of(Date birth) const {
    const int32_t b = birth.days();
    if (b > last_birth_[0] || b <= last_birth_[kYears]) return AgeOn(birth, on_);
    // 1461 days are four years; the estimate is off by at most one year.
    int k = std::min(kYears - 1, static_cast<int>((int64_t{on_.days()} - b) * 4 / 1461));
    while (b <= last_birth_[k + 1]) ++k;
    while (b > last_birth_[k]) --k;
    return k;
  }

 private:
  static constexpr int kYears = 200;  // older (or born after `on`): AgeOn itself
  Date on_;
  int32_t last_birth_[kYears + 1];  // [k]: the last birth date that is at least k years old on `on_`
};

// Whole months from `from` to `to` (negative when `to` is earlier); a month
// counts once the same day-of-month is reached.
int MonthsBetween(Date from, Date to);

// The calendar months that began on or after `since` and ended before `to`
// (0 when there are none): "3 volle maanden" of a benefit received since
// `since`, counted on `to`.
int FullMonthsBefore(Date since, Date to);

}  // namespace base
