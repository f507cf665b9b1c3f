// cards/colour.h
//
// Internal to cards/: "#rrggbb" parsing and WCAG 2 contrast, so that text on a
// municipality's house colours stays readable whatever colours they choose.
#pragma once

#include <optional>
#include <string_view>

namespace cards::detail {

// An sRGB colour, each channel in [0, 1].
struct Rgb {
  double r = 0;
  double g = 0;
  double b = 0;
};

inline constexpr Rgb kWhite{1, 1, 1};
inline constexpr Rgb kBlack{0, 0, 0};

// Parses exactly "#rrggbb" (hex digits in either case); nullopt otherwise.
std::optional<Rgb> ParseHexColour(std::string_view text);

// WCAG 2 relative luminance, in [0, 1].
double RelativeLuminance(Rgb colour);

// WCAG 2 contrast ratio, in [1, 21]; symmetric.
double ContrastRatio(Rgb a, Rgb b);

// Linear mix: t = 0 gives `a`, t = 1 gives `b`.
Rgb Mix(Rgb a, Rgb b, double t);

// Returns `colour` darkened toward black just enough that white text on it
// reaches `min_ratio` (WCAG AA for normal text is 4.5); unchanged if it does.
Rgb DarkenUntilContrast(Rgb colour, double min_ratio);

}  // namespace cards::detail
