// base/dutch_test.cpp — numbers, amounts and dates as people type them.
#include "base/dutch.h"

#include <gtest/gtest.h>

namespace base {
namespace {

TEST(DutchWholeNumber, AcceptsDigitsGroupedByDotsOrSpaces) {
  EXPECT_EQ(ParseDutchWholeNumber("1350"), 1350);
  EXPECT_EQ(ParseDutchWholeNumber("1.350"), 1350);
  EXPECT_EQ(ParseDutchWholeNumber("1 350"), 1350);
  EXPECT_EQ(ParseDutchWholeNumber("1\xC2\xA0" "350"), 1350);  // a no-break space
  EXPECT_EQ(ParseDutchWholeNumber("2025"), 2025);
  EXPECT_EQ(ParseDutchWholeNumber(" 0 "), 0);
  EXPECT_EQ(ParseDutchWholeNumber("1.000.000.000"), 1'000'000'000);
}

TEST(DutchWholeNumber, RefusesWhatIsNotAWholeNumber) {
  for (const char* text : {"", "1,5", "1.35", "1.3500", "12.50.00", "-3", "+3", "drie", "1e3", "1.000.000.001", ".350",
                           "1..350", "99999999999"}) {
    EXPECT_EQ(ParseDutchWholeNumber(text), std::nullopt) << text;
  }
}

TEST(DutchAmount, AcceptsTheWaysPeopleWriteEuro) {
  auto cents = [](const char* text) {
    auto money = ParseDutchAmount(text);
    return money ? money->cents() : -1;
  };
  EXPECT_EQ(cents("1250"), 125000);
  EXPECT_EQ(cents("1.250"), 125000);
  EXPECT_EQ(cents("1.350"), 135000);
  EXPECT_EQ(cents("1 250"), 125000);
  EXPECT_EQ(cents("€ 1 250"), 125000);
  EXPECT_EQ(cents("€1.250,50"), 125050);
  EXPECT_EQ(cents("1.250,50"), 125050);
  EXPECT_EQ(cents("1250,5"), 125050);
  EXPECT_EQ(cents("1250.50"), 125050);
  EXPECT_EQ(cents("0,99"), 99);
  EXPECT_EQ(cents("1.250.000"), 125000000);
  EXPECT_EQ(cents("1250 EUR"), 125000);
  EXPECT_EQ(cents("1250 euro"), 125000);
}

TEST(DutchAmount, RefusesWhatItWouldHaveToGuess) {
  for (const char* text : {"", "€", "1,505", "1.25.0", "12.50.00", "-5", "1,2,3", "1.250,", ",50", "vijf", "1.2345",
                           "1250,50,1"}) {
    EXPECT_EQ(ParseDutchAmount(text), std::nullopt) << text;
  }
}

TEST(DutchDate, AcceptsDayMonthYearWithSlashesDashesOrDots) {
  for (const char* text : {"12/04/1991", "12-04-1991", "12.04.1991", "1991-04-12", " 12 / 04 / 1991 "}) {
    auto date = ParseDutchDate(text);
    ASSERT_TRUE(date) << text;
    EXPECT_EQ(date->ToString(), "1991-04-12") << text;
  }
  EXPECT_EQ(ParseDutchDate("1/4/1991")->ToString(), "1991-04-01");
}

TEST(DutchDate, RefusesImpossibleOrAmbiguousDates) {
  for (const char* text : {"31/02/2025", "12/04/91", "12/13/1991", "1991/04/12", "12/04-1991", "12-04-1991-1", "",
                           "gisteren", "123/4/1991"}) {
    EXPECT_EQ(ParseDutchDate(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace base
