// base/money.h
//
// Exact money: a signed count of euro cents. Never floating point; rounding
// happens only in the named operations below, half away from zero.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace base {

// Rates are parts per million, so 90 % is 900000 and 2.5 % is 25000.
inline constexpr int64_t kRateOne = 1'000'000;

// Divides with rounding half away from zero. REQUIRES: divisor != 0.
int64_t DivRound(int64_t numerator, int64_t divisor);

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money FromCents(int64_t cents) { return Money(cents); }

  // Parses "1314.20", "1314.2", "1314", "-3.5". At most two decimals; no
  // exponent, no thousands separators. Returns nullopt on anything else.
  static std::optional<Money> Parse(std::string_view text);

  constexpr int64_t cents() const { return cents_; }

  // "1314.20" (machine form, used in JSON output and golden files).
  std::string ToString() const;
  // "€ 1.314,20" (Belgian notation, used in Dutch explanations).
  std::string ToDutch() const;

  friend constexpr Money operator+(Money a, Money b) { return Money(a.cents_ + b.cents_); }
  friend constexpr Money operator-(Money a, Money b) { return Money(a.cents_ - b.cents_); }
  friend constexpr Money operator-(Money a) { return Money(-a.cents_); }
  friend constexpr Money operator*(Money a, int64_t n) { return Money(a.cents_ * n); }
  friend constexpr auto operator<=>(Money, Money) = default;

  // Multiplies by a rate in parts per million, rounding to the cent.
  Money TimesRate(int64_t rate_ppm) const;
  // Divides by a whole number, rounding to the cent. REQUIRES: n != 0.
  Money DividedBy(int64_t n) const;

 private:
  constexpr explicit Money(int64_t cents) : cents_(cents) {}
  int64_t cents_ = 0;
};

// Parses a rate written as a percentage ("90", "2.5") into parts per million.
std::optional<int64_t> ParsePercent(std::string_view text);
// Formats a rate in parts per million as a Dutch percentage ("90 %", "2,5 %").
std::string RateToDutch(int64_t rate_ppm);

}  // namespace base
