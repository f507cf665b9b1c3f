// cards/colour.cpp — "#rrggbb" parsing and WCAG 2 contrast for house colours.
#include "cards/colour.h"

#include <algorithm>
#include <cmath>

namespace cards::detail {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

double Linear(double channel) {
  return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
}

}  // namespace

std::optional<Rgb> ParseHexColour(std::string_view text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  double channels[3];
  for (int i = 0; i < 3; ++i) {
    const int high = HexDigit(text[1 + 2 * i]);
    const int low = HexDigit(text[2 + 2 * i]);
    if (high < 0 || low < 0) return std::nullopt;
    channels[i] = (high * 16 + low) / 255.0;
  }
  return Rgb{channels[0], channels[1], channels[2]};
}

double RelativeLuminance(Rgb colour) {
  return 0.2126 * Linear(colour.r) + 0.7152 * Linear(colour.g) + 0.0722 * Linear(colour.b);
}

double ContrastRatio(Rgb a, Rgb b) {
  const double la = RelativeLuminance(a);
  const double lb = RelativeLuminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Rgb Mix(Rgb a, Rgb b, double t) { return Rgb{a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t}; }

Rgb DarkenUntilContrast(Rgb colour, double min_ratio) {
  // Small steps keep the hue recognisable; black (ratio 21) always ends the loop.
  for (int step = 0; step <= 100; ++step) {
    const Rgb candidate = Mix(colour, kBlack, step / 100.0);
    if (ContrastRatio(candidate, kWhite) >= min_ratio) return candidate;
  }
  return kBlack;
}

}  // namespace cards::detail
