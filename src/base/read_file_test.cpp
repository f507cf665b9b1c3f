// base/read_file_test.cpp — whole inputs up to a limit, and no byte more than one past it.
#include "base/read_file.h"

#include <gtest/gtest.h>

#include <sstream>

namespace base {
namespace {

TEST(ReadAtMost, ReadsAnInputUpToTheLimit) {
  std::string text;
  std::istringstream small("abc");
  EXPECT_EQ(ReadAtMost(small, 3, text), ReadStatus::kOk);
  EXPECT_EQ(text, "abc");
  std::istringstream empty("");
  EXPECT_EQ(ReadAtMost(empty, 0, text), ReadStatus::kOk);
  EXPECT_EQ(text, "");
  const std::string large(200'000, 'x');
  std::istringstream exact(large);
  EXPECT_EQ(ReadAtMost(exact, large.size(), text), ReadStatus::kOk);
  EXPECT_EQ(text, large);
}

TEST(ReadAtMost, StopsOneBytePastTheLimit) {
  std::string text;
  std::istringstream in(std::string(200'000, 'x'));
  EXPECT_EQ(ReadAtMost(in, 100'000, text), ReadStatus::kTooLarge);
  EXPECT_EQ(text.size(), 100'001u);
  EXPECT_EQ(in.tellg(), 100'001);  // nothing more was taken from the stream
  std::istringstream one("ab");
  EXPECT_EQ(ReadAtMost(one, 1, text), ReadStatus::kTooLarge);
}

TEST(ReadFileAtMost, StopsOnAnEndlessDeviceAndReportsAMissingFile) {
  std::string text;
  EXPECT_EQ(ReadFileAtMost("/dev/zero", 1000, text), ReadStatus::kTooLarge);
  EXPECT_EQ(text.size(), 1001u);
  EXPECT_EQ(ReadFileAtMost("/no/such/file", 1000, text), ReadStatus::kCannotRead);
  EXPECT_EQ(ReadFileAtMost("/", 1000, text), ReadStatus::kCannotRead);
}

}  // namespace
}  // namespace base
