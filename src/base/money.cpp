// base/money.cpp — exact cent arithmetic and the two money notations.
#include "base/money.h"

#include <cstdlib>

namespace base {

int64_t DivRound(int64_t numerator, int64_t divisor) {
  int64_t quotient = numerator / divisor;
  int64_t remainder = numerator % divisor;
  // Compare 2*|r| with |d| without overflow for realistic magnitudes.
  if (2 * std::llabs(remainder) >= std::llabs(divisor)) {
    quotient += ((numerator < 0) != (divisor < 0)) ? -1 : 1;
  }
  return quotient;
}

namespace {

// Parses an unsigned decimal with at most `max_decimals` decimals into an
// integer scaled by 10^scale_decimals.
std::optional<int64_t> ParseScaled(std::string_view text, int max_decimals, int scale_decimals) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  int64_t whole = 0;
  size_t i = 0;
  size_t digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
    if (whole > 100'000'000'000'000) return std::nullopt;  // far beyond any amount
    whole = whole * 10 + (text[i] - '0');
  }
  if (digits == 0) return std::nullopt;
  int64_t fraction = 0;
  int decimals = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (i == text.size()) return std::nullopt;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (++decimals > max_decimals) return std::nullopt;
      fraction = fraction * 10 + (text[i] - '0');
    }
  }
  if (i != text.size()) return std::nullopt;
  for (int d = decimals; d < scale_decimals; ++d) fraction *= 10;
  int64_t scale = 1;
  for (int d = 0; d < scale_decimals; ++d) scale *= 10;
  int64_t value = whole * scale + fraction;
  return negative ? -value : value;
}

std::string GroupThousands(int64_t whole) {
  std::string digits = std::to_string(whole);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::optional<Money> Money::Parse(std::string_view text) {
  auto cents = ParseScaled(text, 2, 2);
  if (!cents) return std::nullopt;
  return Money(*cents);
}

std::string Money::ToString() const {
  int64_t abs = std::llabs(cents_);
  std::string frac = std::to_string(abs % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return (cents_ < 0 ? "-" : "") + std::to_string(abs / 100) + "." + frac;
}

std::string Money::ToDutch() const {
  int64_t abs = std::llabs(cents_);
  std::string frac = std::to_string(abs % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return std::string(cents_ < 0 ? "-€ " : "€ ") + GroupThousands(abs / 100) + "," + frac;
}

// 128-bit intermediate: cents * ppm can exceed 2^63 for large sums.
__extension__ using Int128 = __int128;

Money Money::TimesRate(int64_t rate_ppm) const {
  Int128 product = static_cast<Int128>(cents_) * rate_ppm;
  Int128 quotient = product / kRateOne;
  Int128 remainder = product % kRateOne;
  if (2 * (remainder < 0 ? -remainder : remainder) >= kRateOne) quotient += product < 0 ? -1 : 1;
  return Money(static_cast<int64_t>(quotient));
}

Money Money::DividedBy(int64_t n) const { return Money(DivRound(cents_, n)); }

std::optional<int64_t> ParsePercent(std::string_view text) { return ParseScaled(text, 4, 4); }

std::string RateToDutch(int64_t rate_ppm) {
  // ppm / 10000 = percent; keep up to four decimals, trimmed.
  int64_t abs = std::llabs(rate_ppm);
  std::string out = (rate_ppm < 0 ? "-" : "") + std::to_string(abs / 10000);
  std::string frac = std::to_string(abs % 10000);
  frac.insert(0, 4 - frac.size(), '0');
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  if (!frac.empty()) out += "," + frac;
  return out + " %";
}

}  // namespace base
