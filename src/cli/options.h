// cli/options.h
//
// Checks the `rechtop` command line applies to option values before they are
// converted: CLI11 turns "-5" into 2^64 - 5 for an unsigned option, so every
// numeric option goes through NumberOption, which accepts digits only.
#pragma once

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <system_error>

namespace cli {

// A validator for a whole number in [min, max], written in decimal digits
// only (no sign, no exponent, no "0x"). CLI11 prefixes its message with the
// option's name: "--persons: -5 is not a whole number in 1..100000000".
inline CLI::Validator WholeNumberIn(uint64_t min, uint64_t max) {
  const std::string range = std::to_string(min) + ".." + std::to_string(max);
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        const std::string shown = text.size() > 40 ? text.substr(0, 40) + "..." : text;
        const std::string problem = "'" + shown + "' is not a whole number in " + range;
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return problem;
        uint64_t value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) return problem;
        return "";
      },
      range);
}

// Adds the numeric option `name` to `app`, checked by WholeNumberIn(min, max)
// (`max` is cut to the largest T).
template <typename T>
CLI::Option* NumberOption(CLI::App* app, const std::string& name, T& value, const std::string& description,
                          uint64_t min, uint64_t max) {
  static_assert(std::numeric_limits<T>::is_integer);
  if (max > static_cast<uint64_t>(std::numeric_limits<T>::max())) max = std::numeric_limits<T>::max();
  return app->add_option(name, value, description)->check(WholeNumberIn(min, max));
}

}  // namespace cli
