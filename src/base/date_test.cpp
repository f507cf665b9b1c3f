// base/date_test.cpp — ISO parsing, ages at a date, month arithmetic.
#include "base/date.h"

#include <gtest/gtest.h>

namespace base {
namespace {

TEST(Date, ParsesStrictIsoDates) {
  EXPECT_EQ(Date::Parse("2025-02-01")->ToString(), "2025-02-01");
  EXPECT_EQ(Date::Parse("1970-01-01")->days(), 0);
  EXPECT_FALSE(Date::Parse("2025-02-30"));
  EXPECT_FALSE(Date::Parse("2025-2-01"));
  EXPECT_FALSE(Date::Parse("2025-02-01T00"));
  EXPECT_TRUE(Date::Parse("2024-02-29"));
  EXPECT_FALSE(Date::Parse("2023-02-29"));
}

TEST(Date, AgeCountsTheBirthdayItself) {
  Date birth = *Date::Parse("2007-02-01");
  EXPECT_EQ(AgeOn(birth, *Date::Parse("2025-01-31")), 17);
  EXPECT_EQ(AgeOn(birth, *Date::Parse("2025-02-01")), 18);
}

TEST(Date, LeapDayBirthdaysTurnOnFirstOfMarchInCommonYears) {
  Date birth = *Date::Parse("2008-02-29");
  EXPECT_EQ(AgeOn(birth, *Date::Parse("2026-02-28")), 17);
  EXPECT_EQ(AgeOn(birth, *Date::Parse("2026-03-01")), 18);
  EXPECT_EQ(AgeOn(birth, *Date::Parse("2028-02-29")), 20);
}

TEST(Date, AgesOnAgreesWithAgeOnForEveryBirthDate) {
  for (const char* on_text : {"2025-01-01", "2024-02-29", "2025-02-28", "2025-03-01", "2023-12-31", "2000-02-29",
                              "2100-03-01"}) {
    const Date on = *Date::Parse(on_text);
    const AgesOn ages(on);
    // From far beyond the table (250 years) to after `on` (negative ages).
    for (int32_t b = on.days() - 250 * 366; b <= on.days() + 800; ++b) {
      const Date birth = Date::FromDays(b);
      ASSERT_EQ(ages.Of(birth), AgeOn(birth, on)) << "born " << birth.ToString() << " on " << on_text;
    }
  }
}

TEST(Date, CountsWholeMonths) {
  EXPECT_EQ(MonthsBetween(*Date::Parse("2024-11-15"), *Date::Parse("2025-02-14")), 2);
  EXPECT_EQ(MonthsBetween(*Date::Parse("2024-11-15"), *Date::Parse("2025-02-15")), 3);
  EXPECT_EQ(MonthsBetween(*Date::Parse("2025-02-15"), *Date::Parse("2024-11-15")), -3);
  EXPECT_EQ(Date::Parse("2025-01-31")->PlusMonths(1).ToString(), "2025-02-28");
}

TEST(Date, CountsFullCalendarMonthsThatEndedBeforeTheDate) {
  const auto full = [](const char* since, const char* to) {
    return FullMonthsBefore(*Date::Parse(since), *Date::Parse(to));
  };
  EXPECT_EQ(full("2024-01-01", "2024-03-31"), 2);  // January, February; March has not ended
  EXPECT_EQ(full("2024-01-01", "2024-04-01"), 3);
  EXPECT_EQ(full("2024-01-15", "2024-04-20"), 2);  // January was not whole: February, March
  EXPECT_EQ(full("2024-01-15", "2024-05-01"), 3);
  EXPECT_EQ(full("2023-11-02", "2024-02-01"), 2);  // December, January, across the year
  EXPECT_EQ(full("2024-02-01", "2024-03-01"), 1);  // a leap February
  EXPECT_EQ(full("2024-05-01", "2024-05-31"), 0);
  EXPECT_EQ(full("2024-06-01", "2024-04-01"), 0);  // not begun: none, never negative
}

TEST(Date, WritesDutchDates) { EXPECT_EQ(Date::Parse("2025-02-01")->ToDutch(), "1 februari 2025"); }

}  // namespace
}  // namespace base
