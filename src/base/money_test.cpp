// base/money_test.cpp — exact cents: parsing, rounding, Dutch notation.
#include "base/money.h"

#include <gtest/gtest.h>

namespace base {
namespace {

TEST(Money, ParsesDecimalEurosExactly) {
  EXPECT_EQ(Money::Parse("1314.20")->cents(), 131420);
  EXPECT_EQ(Money::Parse("1314.2")->cents(), 131420);
  EXPECT_EQ(Money::Parse("0.10")->cents(), 10);
  EXPECT_EQ(Money::Parse("25")->cents(), 2500);
  EXPECT_EQ(Money::Parse("-3.5")->cents(), -350);
}

TEST(Money, RejectsMoreThanTwoDecimalsAndJunk) {
  EXPECT_FALSE(Money::Parse("1.005"));
  EXPECT_FALSE(Money::Parse("1e3"));
  EXPECT_FALSE(Money::Parse("1.314,20"));
  EXPECT_FALSE(Money::Parse(""));
  EXPECT_FALSE(Money::Parse("."));
  EXPECT_FALSE(Money::Parse("12."));
}

TEST(Money, PrintsMachineAndDutchNotation) {
  EXPECT_EQ(Money::FromCents(131420).ToString(), "1314.20");
  EXPECT_EQ(Money::FromCents(5).ToString(), "0.05");
  EXPECT_EQ(Money::FromCents(-5).ToString(), "-0.05");
  EXPECT_EQ(Money::FromCents(2563067).ToDutch(), "€ 25.630,67");
  EXPECT_EQ(Money::FromCents(100000000).ToDutch(), "€ 1.000.000,00");
  EXPECT_EQ(Money::FromCents(-1050).ToDutch(), "-€ 10,50");
}

TEST(Money, RoundsHalfAwayFromZero) {
  EXPECT_EQ(Money::FromCents(100).DividedBy(3).cents(), 33);
  EXPECT_EQ(Money::FromCents(5).DividedBy(2).cents(), 3);
  EXPECT_EQ(Money::FromCents(-5).DividedBy(2).cents(), -3);
  EXPECT_EQ(Money::FromCents(1000).TimesRate(900000).cents(), 900);  // 90 %
  EXPECT_EQ(Money::FromCents(15).TimesRate(500000).cents(), 8);      // 7.5 → 8
}

TEST(Money, ParsesPercentagesIntoTenThousandths) {
  EXPECT_EQ(*ParsePercent("90"), 900000);  // parts per million
  EXPECT_EQ(*ParsePercent("2.5"), 25000);
  EXPECT_EQ(RateToDutch(25000), "2,5 %");
}

}  // namespace
}  // namespace base
