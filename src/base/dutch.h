// base/dutch.h
//
// Numbers, amounts and dates as people in Flanders type them: "1.350",
// "1 350", "1.250,50", "€ 1 250", "12/04/1991", "12-04-1991", "1.4.1991".
// Every form that is not ambiguous is accepted; the rest is refused, never
// guessed.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/date.h"
#include "base/money.h"

namespace base {

// A whole number of at most 1 000 000 000 and no sign: "1350", "1.350",
// "1 350" (dots or spaces group the digits by three). "1,5" and "1.35" are
// refused.
std::optional<int64_t> ParseDutchWholeNumber(std::string_view text);

// An amount of euro, not negative, exact to the cent: "1250", "1.250",
// "1 250", "1250,50", "1.250,50", "€ 1.250,50", "1250,5", "1250.50" (a
// point before one or two digits is a decimal point), "1.250.000".
// Refused: more than two decimals, a dot grouping that is not by three
// ("12.50.00"), and anything that is not digits, separators or the euro sign.
std::optional<Money> ParseDutchAmount(std::string_view text);

// A date as dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy or dd.mm.yyyy, or ISO yyyy-mm-dd.
// Refused: an impossible date (31/02/2025) and a two-digit year.
std::optional<Date> ParseDutchDate(std::string_view text);

}  // namespace base
