// base/dutch.cpp — Dutch notation for numbers, amounts and dates (see dutch.h).
#include "base/dutch.h"

#include <string>
#include <vector>

namespace base {
namespace {

// `text` without spaces (also the no-break spaces U+00A0 and U+202F that
// phones and spreadsheets insert) and without the euro sign, or nullopt when
// a space separates something other than digit groups.
std::string Compact(std::string_view text, bool drop_euro) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t') continue;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0xAF) {
      i += 2;
      continue;
    }
    if (drop_euro && c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x82 &&
        static_cast<unsigned char>(text[i + 2]) == 0xAC) {
      i += 2;
      continue;
    }
    out += static_cast<char>(c);
  }
  if (drop_euro) {
    for (std::string_view word : {"EUR", "eur", "euro"}) {
      if (out.size() > word.size() && out.ends_with(word)) out.resize(out.size() - word.size());
    }
  }
  return out;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "1.250.000" → "1250000" when the dots group the digits by three; else nullopt.
std::optional<std::string> Ungrouped(std::string_view text) {
  std::string digits;
  size_t start = 0;
  bool first = true;
  while (true) {
    size_t dot = text.find('.', start);
    std::string_view group = text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!AllDigits(group)) return std::nullopt;
    if (first ? group.size() > 3 && dot != std::string_view::npos : group.size() != 3) return std::nullopt;
    digits += group;
    first = false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return digits;
}

}  // namespace

std::optional<int64_t> ParseDutchWholeNumber(std::string_view text) {
  std::string compact = Compact(text, false);
  auto digits = Ungrouped(compact);
  if (!digits || digits->size() > 10) return std::nullopt;
  int64_t value = 0;
  for (char c : *digits) value = value * 10 + (c - '0');
  if (value > 1'000'000'000) return std::nullopt;
  return value;
}

std::optional<Money> ParseDutchAmount(std::string_view text) {
  std::string compact = Compact(text, true);
  std::string whole = compact, decimals;
  if (size_t comma = compact.find(','); comma != std::string::npos) {
    whole = compact.substr(0, comma);
    decimals = compact.substr(comma + 1);
    if (decimals.find_first_not_of("0123456789") != std::string::npos || decimals.empty()) return std::nullopt;
  } else if (size_t dot = compact.rfind('.'); dot != std::string::npos && compact.size() - dot - 1 <= 2 &&
                                               compact.find('.') == dot) {
    // One point followed by one or two digits: a decimal point ("1250.50").
    whole = compact.substr(0, dot);
    decimals = compact.substr(dot + 1);
    if (decimals.empty() || !AllDigits(decimals)) return std::nullopt;
  }
  if (decimals.size() > 2) return std::nullopt;
  auto digits = Ungrouped(whole);
  if (!digits || digits->size() > 13) return std::nullopt;
  return Money::Parse(*digits + (decimals.empty() ? "" : "." + decimals));
}

std::optional<Date> ParseDutchDate(std::string_view text) {
  std::string compact = Compact(text, false);
  if (auto iso = Date::Parse(compact)) return iso;
  char separator = 0;
  for (char c : compact) {
    if (c == '/' || c == '-' || c == '.') {
      separator = c;
      break;
    }
  }
  if (separator == 0) return std::nullopt;
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t at = compact.find(separator, start);
    parts.push_back(compact.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + 1;
  }
  if (parts.size() != 3 || parts[0].size() > 2 || parts[1].size() > 2 || parts[2].size() != 4) return std::nullopt;
  for (const std::string& part : parts) {
    if (!AllDigits(part)) return std::nullopt;
  }
  auto pad = [](const std::string& part) { return part.size() == 1 ? "0" + part : part; };
  return Date::Parse(parts[2] + "-" + pad(parts[1]) + "-" + pad(parts[0]));
}

}  // namespace base
