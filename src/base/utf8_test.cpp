// base/utf8_test.cpp — strict UTF-8 validation: every class of ill-formed sequence, at every offset.
#include "base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace base {
namespace {

constexpr size_t kValid = std::string_view::npos;

TEST(Utf8, AcceptsAsciiAndWellFormedSequences) {
  EXPECT_EQ(FirstInvalidUtf8(""), kValid);
  EXPECT_EQ(FirstInvalidUtf8("leefloon"), kValid);
  EXPECT_EQ(FirstInvalidUtf8(std::string("a\0b", 3)), kValid);
  EXPECT_EQ(FirstInvalidUtf8("Ca\xC3\xAF"
                             "ro \xE2\x82\xAC 5"),
            kValid);                                                                      // ï, €
  EXPECT_EQ(FirstInvalidUtf8("\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF \xEF\xBF\xBF"), kValid);  // U+1F600, U+10FFFF, U+FFFF
  EXPECT_EQ(FirstInvalidUtf8("\xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80"), kValid);          // U+0800, U+D7FF, U+E000
}

TEST(Utf8, RejectsEveryKindOfIllFormedSequence) {
  EXPECT_EQ(FirstInvalidUtf8("\x80"), 0u);                  // a lone continuation byte
  EXPECT_EQ(FirstInvalidUtf8("ab\xFF"), 2u);                // never in UTF-8
  EXPECT_EQ(FirstInvalidUtf8("\xC0\xAF"), 0u);              // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("\xC1\xBF"), 0u);              // overlong
  EXPECT_EQ(FirstInvalidUtf8("\xE0\x80\xAF"), 0u);          // overlong three-byte form
  EXPECT_EQ(FirstInvalidUtf8("\xF0\x80\x80\xAF"), 0u);      // overlong four-byte form
  EXPECT_EQ(FirstInvalidUtf8("x\xED\xA0\x80"), 1u);         // a surrogate, U+D800
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);      // above U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("\xF5\x80\x80\x80"), 0u);      // lead byte above F4
  EXPECT_EQ(FirstInvalidUtf8("\xC3"), 0u);                  // cut short by the end
  EXPECT_EQ(FirstInvalidUtf8("\xE2\x82"), 0u);              // cut short by the end
  EXPECT_EQ(FirstInvalidUtf8("\xE2\x82x"), 0u);             // cut short by an ASCII byte
  EXPECT_EQ(FirstInvalidUtf8("\xC3\xA9\xC3\xA9\xC3"), 4u);  // after a run of good sequences
}

TEST(Utf8, FindsABadByteAtEveryOffsetOfALongAsciiText) {
  // The word-at-a-time loop and the byte loop must hand over at every alignment.
  for (size_t length = 1; length < 40; ++length) {
    for (size_t at = 0; at < length; ++at) {
      std::string text(length, 'a');
      text[at] = '\xFE';
      EXPECT_EQ(FirstInvalidUtf8(text), at) << length << " " << at;
      text[at] = '\xC3';
      if (at + 1 < length) {
        text[at + 1] = '\xA9';
        EXPECT_EQ(FirstInvalidUtf8(text), kValid) << length << " " << at;
      } else {
        EXPECT_EQ(FirstInvalidUtf8(text), at) << length << " " << at;
      }
    }
  }
}

}  // namespace
}  // namespace base
