// base/date.cpp — civil calendar arithmetic through std::chrono.
#include "base/date.h"

#include <algorithm>
#include <array>
#include <chrono>

namespace base {
namespace {

namespace chr = std::chrono;
using chr::sys_days;
using chr::year_month_day;

year_month_day Civil(int32_t days) { return year_month_day{sys_days{std::chrono::days{days}}}; }

int32_t DaysOf(const year_month_day& ymd) {
  return static_cast<int32_t>(sys_days{ymd}.time_since_epoch().count());
}

constexpr std::array<std::string_view, 12> kDutchMonths = {
    "januari", "februari", "maart",     "april",   "mei",      "juni",
    "juli",    "augustus", "september", "oktober", "november", "december"};

}  // namespace

Date Date::FromYmd(int y, unsigned m, unsigned d) {
  return Date(DaysOf(year_month_day{chr::year{y}, chr::month{m}, chr::day{d}}));
}

std::optional<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](size_t from, size_t count) -> std::optional<int> {
    int value = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  year_month_day ymd{chr::year{*y}, chr::month{static_cast<unsigned>(*m)}, chr::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date(DaysOf(ymd));
}

int Date::year() const { return static_cast<int>(Civil(days_).year()); }
unsigned Date::month() const { return static_cast<unsigned>(Civil(days_).month()); }
unsigned Date::day() const { return static_cast<unsigned>(Civil(days_).day()); }

std::string Date::ToString() const {
  auto ymd = Civil(days_);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::string Date::ToDutch() const {
  auto ymd = Civil(days_);
  return std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         std::string(kDutchMonths[static_cast<unsigned>(ymd.month()) - 1]) + " " +
         std::to_string(static_cast<int>(ymd.year()));
}

Date Date::StartOfMonth() const {
  auto ymd = Civil(days_);
  return Date(DaysOf(year_month_day{ymd.year(), ymd.month(), chr::day{1}}));
}

Date Date::StartOfYear() const {
  auto ymd = Civil(days_);
  return Date(DaysOf(year_month_day{ymd.year(), chr::month{1}, chr::day{1}}));
}

Date Date::PlusMonths(int n) const {
  auto ymd = Civil(days_);
  auto shifted = year_month_day{ymd.year(), ymd.month(), chr::day{1}} + std::chrono::months{n};
  auto last = std::chrono::year_month_day_last{shifted.year(), std::chrono::month_day_last{shifted.month()}};
  auto d = ymd.day() > last.day() ? last.day() : ymd.day();
  return Date(DaysOf(year_month_day{shifted.year(), shifted.month(), d}));
}

int AgeOn(Date birth, Date on) {
  int age = on.year() - birth.year();
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) {
    --age;
  }
  return age;
}

AgesOn::AgesOn(Date on) : on_(on) {
  const int year = on.year();
  const unsigned month = on.month();
  for (int k = 0; k <= kYears; ++k) {
    // k years before `on`; 29 February becomes 28 February in common years,
    // as no date lies between the two.
    const unsigned last_day = Date::FromYmd(year - k, month, 1).PlusMonths(1).PlusDays(-1).day();
    last_birth_[k] = Date::FromYmd(year - k, month, std::min(on.day(), last_day)).days();
  }
}

int MonthsBetween(Date from, Date to) {
  if (to < from) return -MonthsBetween(to, from);
  int months = (to.year() - from.year()) * 12 + static_cast<int>(to.month()) - static_cast<int>(from.month());
  if (to.day() < from.day()) --months;
  return months;
}

int FullMonthsBefore(Date since, Date to) {
  const int first = since.year() * 12 + static_cast<int>(since.month()) - 1 + (since.day() > 1 ? 1 : 0);
  const int end = to.year() * 12 + static_cast<int>(to.month()) - 1;  // the month of `to` has not ended
  return std::max(0, end - first);
}

}  // namespace base
