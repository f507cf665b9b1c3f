// cards/card.cpp — lays out the referral card on one A5 page with cairo and pango.
//
// Page plan (A5 portrait, folds across the middle to A6 landscape):
//   front half  header band (logo, municipality, "Doorverwijskaart", for whom),
//               right name, summary, reason box, "Wat moet u doen?" | "Breng mee:"
//   back half   "Waar?" contact point | QR code with short URL; footer band.
// Every text box has a bottom edge: text is wrapped and drawn as far as whole
// lines fit; what does not fit is never cut off but carried, under its
// heading, onto a continuation page ("vervolg"), so no input can push anything
// off the card or over the fold and no line is ever cut short. The fields are
// bounded (kMaxLineBytes, kMaxTextBytes, kMaxItems), and so are the pages.
#include "cards/card.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <exception>
#include <memory>
#include <string_view>

#include "cards/colour.h"

namespace cards {
namespace {

using detail::Rgb;

constexpr double kMm = 72.0 / 25.4;  // PDF user units are points.
constexpr double kPageWidth = 148 * kMm;
constexpr double kPageHeight = 210 * kMm;
constexpr double kFoldY = kPageHeight / 2;
constexpr double kMargin = 9 * kMm;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kHeaderHeight = 24 * kMm;
constexpr double kFooterHeight = 9 * kMm;
constexpr double kLogoSize = 15 * kMm;
constexpr double kQrColumnWidth = 38 * kMm;
constexpr int kMaxLogoPixels = 480;  // Enough for 600 dpi at 15 mm; keeps the PDF small.
constexpr const char* kFontFamily = "DejaVu Sans";
constexpr size_t kMaxLineBytes = 200;   // A name, a phone number, a date.
constexpr size_t kMaxTextBytes = 4000;  // A summary, a reason, the next step.
constexpr size_t kMaxItems = 40;        // Documents, address lines, opening hours.
constexpr int kMaxPages = 40;  // More than the bounded fields can fill.

constexpr Rgb kInk{0.12, 0.13, 0.15};
constexpr Rgb kMuted{0.34, 0.35, 0.39};  // Contrast 7:1 on white.
constexpr Rgb kRule{0.72, 0.73, 0.76};
constexpr Rgb kDemoMark{0.62, 0.32, 0.0};

struct SurfaceFree {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct CairoFree {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct GObjectUnref {
  void operator()(void* object) const { g_object_unref(object); }
};
struct GFree {
  void operator()(char* text) const { g_free(text); }
};
struct QrFree {
  void operator()(QRcode* qr) const { QRcode_free(qr); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceFree>;
using CairoPtr = std::unique_ptr<cairo_t, CairoFree>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectUnref>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectUnref>;
using QrPtr = std::unique_ptr<QRcode, QrFree>;

// Returns valid UTF-8 (bad bytes become U+FFFD) with control characters turned
// into spaces, newlines kept only if `keep_newlines`, and outer spaces trimmed.
std::string Clean(std::string_view text, bool keep_newlines = false) {
  if (text.empty()) return {};
  std::unique_ptr<char, GFree> valid(g_utf8_make_valid(text.data(), static_cast<gssize>(text.size())));
  std::string out;
  out.reserve(text.size());
  for (const char* p = valid.get(); *p != '\0'; p = g_utf8_next_char(p)) {
    const gunichar c = g_utf8_get_char(p);
    if (c == '\n' && keep_newlines) {
      out += '\n';
    } else if (g_unichar_iscntrl(c) || c == 0x2028 || c == 0x2029) {
      out += ' ';
    } else {
      out.append(p, g_utf8_next_char(p) - p);
    }
  }
  const size_t first = out.find_first_not_of(" \n");
  if (first == std::string::npos) return {};
  return out.substr(first, out.find_last_not_of(" \n") - first + 1);
}

std::vector<std::string> CleanAll(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  for (const std::string& line : lines) {
    std::string clean = Clean(line);
    if (!clean.empty()) out.push_back(std::move(clean));
  }
  return out;
}

// Up to two initials of the municipality's distinctive words ("Stad Aalst" → "A",
// "Sint-Niklaas" → "SN"), uppercased; empty if the name has no letters.
std::string Initials(std::string_view name) {
  static constexpr std::string_view kGeneric[] = {"stad",    "gemeente", "ocmw", "lokaal", "bestuur",
                                                  "sociaal", "huis",     "van",  "de",     "het"};
  std::vector<std::string> words;
  std::string word;
  for (char c : name) {
    if (c == ' ' || c == '-' || c == '/') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::string out;
  int count = 0;
  for (const bool skip_generic : {true, false}) {
    for (const std::string& w : words) {
      std::string lower(w);
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(g_ascii_tolower(c)); });
      if (skip_generic && std::find(std::begin(kGeneric), std::end(kGeneric), lower) != std::end(kGeneric)) {
        continue;
      }
      const gunichar first = g_utf8_get_char(w.c_str());
      if (!g_unichar_isalnum(first)) continue;
      char buffer[8] = {};
      g_unichar_to_utf8(g_unichar_toupper(first), buffer);
      out += buffer;
      if (++count == 2) return out;
    }
    if (count > 0) return out;
  }
  return out;
}

// The URL as people would type it: no scheme, no "www.", no trailing slash.
std::string ShortUrl(std::string_view url) {
  for (std::string_view prefix : {"https://", "http://"}) {
    if (url.substr(0, prefix.size()) == prefix) url.remove_prefix(prefix.size());
  }
  if (url.substr(0, 4) == "www.") url.remove_prefix(4);
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
}

// A cairo tag attribute string "uri='…'" with quotes and backslashes escaped.
std::string LinkAttributes(std::string_view uri) {
  std::string out = "uri='";
  for (char c : uri) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

struct Palette {
  Rgb band;    // Primary, darkened until white text on it is readable; also headings.
  Rgb accent;  // As given; badges.
  Rgb mark;    // Bullets and rules: the accent if visible on white, else the band.
  Rgb tint;    // A whisper of the primary, behind the reason.
};

struct TextStyle {
  double size = 9.5;
  bool bold = false;
  bool italic = false;
  Rgb colour = kInk;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  PangoWrapMode wrap = PANGO_WRAP_WORD_CHAR;
  // Only the header's names are ever ellipsized; everything else flows on.
  PangoEllipsizeMode ellipsize = PANGO_ELLIPSIZE_NONE;
};

// The whole lines of a text that fit a box, and the text that did not.
struct Fit {
  std::string shown;  // Ends at a line end of the full layout.
  std::string rest;   // Starts at the first line that did not fit; "" if all fit.
  double height = 0;  // Of `shown`.
  LayoutPtr layout;   // `shown`, laid out to draw; null if nothing fits.
};

void SetColour(cairo_t* cr, Rgb colour) { cairo_set_source_rgb(cr, colour.r, colour.g, colour.b); }

void RoundedRectangle(cairo_t* cr, double x, double y, double width, double height, double radius) {
  radius = std::min({radius, width / 2, height / 2});
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc(cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc(cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc(cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path(cr);
}

// Text on the page through one pango context (one per render: pango contexts
// are not shared across threads).
class Painter {
 public:
  explicit Painter(cairo_t* cr) : cr_(cr), context_(pango_cairo_create_context(cr)) {
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context_.get(), options);
    cairo_font_options_destroy(options);
    pango_context_set_language(context_.get(), pango_language_from_string("nl-be"));
  }

  cairo_t* cr() const { return cr_; }

  // `text` laid out `width` wide (width <= 0: unbounded), in at most
  // `max_lines` if the style ellipsizes.
  LayoutPtr Layout(std::string_view text, const TextStyle& style, double width, int max_lines) const {
    LayoutPtr layout(pango_layout_new(context_.get()));
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, kFontFamily);
    pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
    pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout.get(), font);
    pango_font_description_free(font);
    if (width > 0) pango_layout_set_width(layout.get(), pango_units_from_double(width));
    pango_layout_set_wrap(layout.get(), style.wrap);
    pango_layout_set_ellipsize(layout.get(), style.ellipsize);
    if (style.ellipsize != PANGO_ELLIPSIZE_NONE) pango_layout_set_height(layout.get(), -std::max(1, max_lines));
    pango_layout_set_alignment(layout.get(), style.align);
    // Plain text, never markup: "<" and "&" in user data print as themselves.
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    return layout;
  }

  static double Height(PangoLayout* layout) {
    int width = 0;
    int height = 0;
    pango_layout_get_size(layout, &width, &height);
    return height / static_cast<double>(PANGO_SCALE);
  }

  static double NaturalWidth(PangoLayout* layout) {
    PangoRectangle logical;
    pango_layout_get_extents(layout, nullptr, &logical);
    return logical.width / static_cast<double>(PANGO_SCALE);
  }

  // Distance from the layout's top to its first baseline.
  static double Baseline(PangoLayout* layout) {
    return pango_layout_get_baseline(layout) / static_cast<double>(PANGO_SCALE);
  }

  double LineHeight(const TextStyle& style) const { return Height(Layout("Ág", style, 0, 1).get()); }

  void Show(PangoLayout* layout, Rgb colour, double x, double y) const {
    SetColour(cr_, colour);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
  }

  // Splits `text`, laid out `width` wide, after its last whole line that ends
  // within `height`.
  Fit FitLines(std::string_view text, const TextStyle& style, double width, double height) const {
    Fit fit;
    if (text.empty()) return fit;
    LayoutPtr layout = Layout(text, style, width, 0);
    const double full = Height(layout.get());
    if (full <= height + 0.01) return {std::string(text), "", full, std::move(layout)};
    PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
    int split = 0;  // Byte index of the first line that does not fit.
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      if ((logical.y + logical.height) / static_cast<double>(PANGO_SCALE) > height + 0.01) {
        split = pango_layout_iter_get_line_readonly(iter)->start_index;
        break;
      }
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    const auto trim = [](std::string_view part) {
      const size_t first = part.find_first_not_of(" \n");
      if (first == std::string_view::npos) return std::string();
      return std::string(part.substr(first, part.find_last_not_of(" \n") - first + 1));
    };
    fit.shown = trim(text.substr(0, static_cast<size_t>(split)));
    fit.rest = trim(text.substr(static_cast<size_t>(split)));
    if (!fit.shown.empty()) {
      fit.layout = Layout(fit.shown, style, width, 0);
      fit.height = Height(fit.layout.get());
    }
    return fit;
  }

  // Draws `text` at (x, y), `width` wide, in at most `max_lines` lines and not
  // below `bottom` (fewer lines if needed, ellipsized if the style says so).
  // For short, fixed texts: headings, the phone line, the URL. Returns the
  // height used; 0 if the text is empty or not even one line fits.
  double Text(std::string_view text, const TextStyle& style, double x, double y, double width, int max_lines,
              double bottom) const {
    if (text.empty()) return 0;
    for (int lines = max_lines; lines >= 1; --lines) {
      LayoutPtr layout = Layout(text, style, width, lines);
      const double height = Height(layout.get());
      if (y + height <= bottom + 0.01) {
        Show(layout.get(), style.colour, x, y);
        return height;
      }
      // Jump straight to the number of lines that can fit.
      const int shown = pango_layout_get_line_count(layout.get());
      const int fitting = static_cast<int>((bottom - y) / (height / std::max(1, shown)));
      lines = std::min(lines, fitting + 1);
    }
    return 0;
  }

 private:
  cairo_t* cr_;
  ContextPtr context_;
};

// A top-down run of blocks in a box; `y` advances as blocks are drawn.
struct Column {
  double x;
  double width;
  double y;
  double bottom;
};

// Draws as many whole lines of `text` as fit in `column`, advances it by
// their height plus `gap`, and returns the text that did not fit.
std::string Flow(const Painter& painter, Column& column, std::string_view text, const TextStyle& style,
                 double gap = 0) {
  Fit fit = painter.FitLines(text, style, column.width, column.bottom - column.y);
  if (fit.shown.empty()) return std::string(text);
  painter.Show(fit.layout.get(), style.colour, column.x, column.y);
  column.y += fit.height + gap;
  return std::move(fit.rest);
}

// Draws a section heading with a short accent rule under it, if there is
// room for it and one line of `style` below it; returns whether it did.
bool Heading(const Painter& painter, const Palette& palette, Column& column, std::string_view text,
             const TextStyle& next = {}) {
  const TextStyle style{.size = 10.5, .bold = true, .colour = palette.band};
  const double height = painter.LineHeight(style) + 1.2 + 1.6 + 2.8;
  if (column.y + height + painter.LineHeight(next) > column.bottom + 0.01) return false;
  painter.Text(text, style, column.x, column.y, column.width, 1, column.bottom);
  column.y += painter.LineHeight(style) + 1.2;
  SetColour(painter.cr(), palette.mark);
  cairo_rectangle(painter.cr(), column.x, column.y, 6 * kMm, 1.6);
  cairo_fill(painter.cr());
  column.y += 1.6 + 2.8;
  return true;
}

// Draws `items` one below the other, with a bullet if `bullet`, as far as
// whole lines fit; returns what did not fit: the rest of the item that was
// split and the items after it.
std::vector<std::string> List(const Painter& painter, const Palette& palette, Column& column,
                              const std::vector<std::string>& items, const TextStyle& style, bool bullet,
                              double gap) {
  const double indent = bullet ? 3.2 * kMm : 0;
  for (size_t i = 0; i < items.size(); ++i) {
    Column text{column.x + indent, column.width - indent, column.y, column.bottom};
    std::string rest = Flow(painter, text, items[i], style);
    if (text.y > column.y && bullet) {
      const double centre = column.y + painter.Baseline(painter.Layout("x", style, 0, 1).get()) - style.size * 0.3;
      SetColour(painter.cr(), palette.mark);
      cairo_arc(painter.cr(), column.x + 1.1 * kMm, centre, 0.55 * kMm, 0, 2 * G_PI);
      cairo_fill(painter.cr());
    }
    if (text.y > column.y) column.y = text.y + gap;
    if (!rest.empty()) {
      std::vector<std::string> left{std::move(rest)};
      left.insert(left.end(), items.begin() + static_cast<std::ptrdiff_t>(i) + 1, items.end());
      return left;
    }
  }
  return {};
}

// Texts that did not fit where they belong, carried onto the next page under
// their heading ("" for the right's own name and summary).
struct Section {
  std::string heading;
  std::vector<std::string> texts;  // Paragraphs, or list items if `bullets`.
  bool bullets = false;
  TextStyle style;
};

void Carry(std::vector<Section>& carried, std::string heading, std::vector<std::string> texts, bool bullets,
           const TextStyle& style) {
  std::erase_if(texts, [](const std::string& text) { return text.empty(); });
  if (texts.empty()) return;
  if (!carried.empty() && carried.back().heading == heading && carried.back().bullets == bullets) {
    carried.back().texts.insert(carried.back().texts.end(), texts.begin(), texts.end());
    return;
  }
  carried.push_back({std::move(heading), std::move(texts), bullets, style});
}

// Loads the logo, scaled down to at most kMaxLogoPixels a side; nullptr if the
// file is missing or not a readable PNG (the caller then draws initials).
SurfacePtr LoadLogo(const std::string& path) {
  if (path.empty()) return nullptr;
  SurfacePtr image(cairo_image_surface_create_from_png(path.c_str()));
  if (cairo_surface_status(image.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
  const int width = cairo_image_surface_get_width(image.get());
  const int height = cairo_image_surface_get_height(image.get());
  if (width <= 0 || height <= 0) return nullptr;
  if (std::max(width, height) <= kMaxLogoPixels) return image;
  const double scale = static_cast<double>(kMaxLogoPixels) / std::max(width, height);
  SurfacePtr small(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, std::max(1, static_cast<int>(width * scale)),
                                              std::max(1, static_cast<int>(height * scale))));
  CairoPtr cr(cairo_create(small.get()));
  cairo_scale(cr.get(), scale, scale);
  cairo_set_source_surface(cr.get(), image.get(), 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr.get()), CAIRO_FILTER_GOOD);
  cairo_paint(cr.get());
  if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
  cr.reset();
  cairo_surface_flush(small.get());
  return small;
}

void DrawLogo(cairo_t* cr, cairo_surface_t* image, double x, double y, double size) {
  RoundedRectangle(cr, x, y, size, size, 2 * kMm);
  SetColour(cr, detail::kWhite);
  cairo_fill(cr);
  const double inner = size - 2 * 1.2 * kMm;
  const double width = cairo_image_surface_get_width(image);
  const double height = cairo_image_surface_get_height(image);
  const double scale = std::min(inner / width, inner / height);
  cairo_save(cr);
  cairo_translate(cr, x + (size - width * scale) / 2, y + (size - height * scale) / 2);
  cairo_scale(cr, scale, scale);
  cairo_rectangle(cr, 0, 0, width, height);
  cairo_clip(cr);
  cairo_set_source_surface(cr, image, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
  cairo_paint(cr);
  cairo_restore(cr);
}

void DrawInitialsBadge(const Painter& painter, const Palette& palette, std::string_view initials, double x, double y,
                       double size) {
  cairo_t* cr = painter.cr();
  RoundedRectangle(cr, x, y, size, size, 2 * kMm);
  SetColour(cr, palette.accent);
  cairo_fill_preserve(cr);
  SetColour(cr, detail::kWhite);
  cairo_set_line_width(cr, 1.5);
  cairo_stroke(cr);
  const Rgb ink = detail::ContrastRatio(palette.accent, detail::kWhite) >= detail::ContrastRatio(palette.accent, kInk)
                      ? detail::kWhite
                      : kInk;
  const TextStyle style{.size = initials.size() > 2 ? 15.0 : 19.0,
                        .bold = true,
                        .colour = ink,
                        .align = PANGO_ALIGN_CENTER,
                        .ellipsize = PANGO_ELLIPSIZE_NONE};
  LayoutPtr layout = painter.Layout(initials, style, size, 1);
  painter.Show(layout.get(), ink, x, y + (size - Painter::Height(layout.get())) / 2);
}

struct Texts {
  std::string municipality;
  std::string right_name;
  std::string right_summary;
  std::string reason;
  std::string next_step;
  std::vector<std::string> documents;
  std::string contact_name;
  std::vector<std::string> address_lines;
  std::vector<std::string> opening_hours;
  std::string phone;
  std::string email;
  std::string qr_url;
  std::string search_site;
  std::string issued_on;
  std::string for_whom;
};

void DrawHeader(const Painter& painter, const Palette& palette, const Texts& texts, cairo_surface_t* logo,
                std::string_view title_text) {
  cairo_t* cr = painter.cr();
  SetColour(cr, palette.band);
  cairo_rectangle(cr, 0, 0, kPageWidth, kHeaderHeight);
  cairo_fill(cr);

  const double logo_y = (kHeaderHeight - kLogoSize) / 2;
  if (logo != nullptr) {
    DrawLogo(cr, logo, kMargin, logo_y, kLogoSize);
  } else {
    DrawInitialsBadge(painter, palette, Initials(texts.municipality), kMargin, logo_y, kLogoSize);
  }

  const double text_x = kMargin + kLogoSize + 4 * kMm;
  double text_right = kPageWidth - kMargin;
  if (!texts.for_whom.empty()) {
    const TextStyle label{.size = 7.5, .colour = detail::kWhite, .align = PANGO_ALIGN_RIGHT};
    const TextStyle name{.size = 10.5,
                         .bold = true,
                         .colour = detail::kWhite,
                         .align = PANGO_ALIGN_RIGHT,
                         .ellipsize = PANGO_ELLIPSIZE_END};
    const double max_width = 42 * kMm;
    LayoutPtr name_layout = painter.Layout(texts.for_whom, name, max_width, 2);
    const double width = std::min(max_width, Painter::NaturalWidth(painter.Layout(texts.for_whom, name, 0, 1).get()));
    LayoutPtr label_layout = painter.Layout("Voor", label, max_width, 1);
    const double height = Painter::Height(label_layout.get()) + Painter::Height(name_layout.get());
    const double y = (kHeaderHeight - height) / 2;
    const double x = kPageWidth - kMargin - max_width;
    painter.Show(label_layout.get(), detail::kWhite, x, y);
    painter.Show(name_layout.get(), detail::kWhite, x, y + Painter::Height(label_layout.get()));
    text_right -= std::max(width, 12 * kMm) + 5 * kMm;
  }

  const double width = text_right - text_x;
  const TextStyle municipality{.size = 13.5, .bold = true, .colour = detail::kWhite, .ellipsize = PANGO_ELLIPSIZE_END};
  const TextStyle title{.size = 10, .colour = detail::kWhite};
  LayoutPtr municipality_layout = painter.Layout(texts.municipality, municipality, width, 2);
  LayoutPtr title_layout = painter.Layout(title_text, title, width, 1);
  const double municipality_height = texts.municipality.empty() ? 0 : Painter::Height(municipality_layout.get());
  const double height = municipality_height + 1 + Painter::Height(title_layout.get());
  const double y = (kHeaderHeight - height) / 2;
  if (!texts.municipality.empty()) painter.Show(municipality_layout.get(), detail::kWhite, text_x, y);
  painter.Show(title_layout.get(), detail::kWhite, text_x, y + municipality_height + 1);
}

// Draws the front half; returns what did not fit there.
std::vector<Section> DrawFront(const Painter& painter, const Palette& palette, const Texts& texts) {
  cairo_t* cr = painter.cr();
  Column column{kMargin, kContentWidth, kHeaderHeight + 5 * kMm, kFoldY - 5 * kMm};
  std::vector<Section> carried;

  const TextStyle name_style{.size = 16, .bold = true, .colour = palette.band};
  const TextStyle summary_style{.size = 9.5};
  Flow(painter, column, "U hebt mogelijk recht op", {.size = 8.5, .colour = kMuted}, 0.5);
  std::string name_rest = Flow(painter, column, texts.right_name, name_style, 1.5 * kMm);
  std::string summary_rest = Flow(painter, column, texts.right_summary, summary_style, 2.5 * kMm);
  Carry(carried, "", {std::move(name_rest), std::move(summary_rest)}, false, summary_style);

  const TextStyle reason_style{.size = 9.5, .italic = true};
  if (texts.reason.empty()) {
    column.y += (texts.right_summary.empty() ? 3 : 1.5) * kMm;  // Room before the headings.
  } else {
    const double pad = 2.2 * kMm;
    const double bar = 1.2 * kMm;
    const double width = column.width - bar - 2 * pad;
    Fit fit = painter.FitLines(texts.reason, reason_style, width, column.bottom - column.y - 2 * pad);
    if (!fit.shown.empty()) {
      const double height = fit.height + 2 * pad;
      SetColour(cr, palette.tint);
      cairo_rectangle(cr, column.x, column.y, column.width, height);
      cairo_fill(cr);
      SetColour(cr, palette.mark);
      cairo_rectangle(cr, column.x, column.y, bar, height);
      cairo_fill(cr);
      painter.Show(fit.layout.get(), reason_style.colour, column.x + bar + pad, column.y + pad);
      column.y += height + 4 * kMm;
    }
    Carry(carried, "Waarom deze kaart?", {fit.shown.empty() ? texts.reason : fit.rest}, false, reason_style);
  }

  const bool has_step = !texts.next_step.empty();
  const bool has_documents = !texts.documents.empty();
  const double gap = 6 * kMm;
  const double step_width = has_documents ? (column.width - gap) * 0.55 : column.width;
  const TextStyle step_style{.size = 9.5};
  const TextStyle document_style{.size = 9};
  if (has_step) {
    Column left{column.x, step_width, column.y, column.bottom};
    std::string rest = texts.next_step;
    if (Heading(painter, palette, left, "Wat moet u doen?", step_style)) rest = Flow(painter, left, rest, step_style);
    Carry(carried, "Wat moet u doen?", {std::move(rest)}, false, step_style);
  }
  if (has_documents) {
    const double x = has_step ? column.x + step_width + gap : column.x;
    Column right{x, column.x + column.width - x, column.y, column.bottom};
    std::vector<std::string> rest = texts.documents;
    if (Heading(painter, palette, right, "Breng mee:", document_style)) {
      rest = List(painter, palette, right, rest, document_style, true, 1.2);
    }
    Carry(carried, "Breng mee:", std::move(rest), true, document_style);
  }
  return carried;
}

void DrawFoldLine(const Painter& painter) {
  cairo_t* cr = painter.cr();
  const double dashes[] = {3, 2.5};
  cairo_save(cr);
  cairo_set_dash(cr, dashes, 2, 0);
  cairo_set_line_width(cr, 0.6);
  SetColour(cr, kRule);
  cairo_move_to(cr, 0, kFoldY);
  cairo_line_to(cr, kPageWidth, kFoldY);
  cairo_stroke(cr);
  cairo_restore(cr);
  const TextStyle style{.size = 6, .colour = kMuted, .align = PANGO_ALIGN_RIGHT};
  LayoutPtr layout = painter.Layout("plooi hier", style, 30 * kMm, 1);
  painter.Show(layout.get(), kMuted, kPageWidth - kMargin - 30 * kMm, kFoldY - Painter::Height(layout.get()) - 0.6);
}

void DemoBadge(const Painter& painter, double x, double baseline) {
  const TextStyle style{.size = 6.8, .bold = true, .colour = kDemoMark};
  LayoutPtr layout = painter.Layout("voorbeeldgegevens", style, 0, 1);
  const double pad = 1.2 * kMm;
  const double width = Painter::NaturalWidth(layout.get()) + 2 * pad;
  const double height = Painter::Height(layout.get()) + 0.6 * kMm;
  const double y = baseline - Painter::Baseline(layout.get()) - 0.3 * kMm;
  cairo_t* cr = painter.cr();
  RoundedRectangle(cr, x, y, width, height, height / 2);
  cairo_set_source_rgb(cr, 1.0, 0.95, 0.86);
  cairo_fill_preserve(cr);
  SetColour(cr, kDemoMark);
  cairo_set_line_width(cr, 0.6);
  cairo_stroke(cr);
  painter.Show(layout.get(), kDemoMark, x + pad, y + 0.3 * kMm);
}

void Link(cairo_t* cr, const std::string& uri, double x, double y, double width, double height) {
  // An empty, invisible rectangle gives the tag its area on the page.
  cairo_tag_begin(cr, CAIRO_TAG_LINK, LinkAttributes(uri).c_str());
  cairo_rectangle(cr, x, y, width, height);
  cairo_set_source_rgba(cr, 1, 1, 1, 0);
  cairo_fill(cr);
  cairo_tag_end(cr, CAIRO_TAG_LINK);
}

constexpr std::string_view kWhereHeading = "Neem deze kaart mee naar";

// Draws where to go with the card; returns the y below its last line, and
// adds what did not fit to `carried`.
double DrawContact(const Painter& painter, const Palette& palette, const Texts& texts, const ContactPoint& contact,
                   Column column, std::vector<Section>& carried) {
  cairo_t* cr = painter.cr();
  const double heading_y = column.y;
  Heading(painter, palette, column, kWhereHeading);
  if (contact.demo) {
    const TextStyle heading{.size = 10.5, .bold = true};
    LayoutPtr layout = painter.Layout(kWhereHeading, heading, 0, 1);
    DemoBadge(painter, column.x + Painter::NaturalWidth(layout.get()) + 3 * kMm,
              heading_y + Painter::Baseline(layout.get()));
  }

  const bool has_any = !texts.contact_name.empty() || !texts.address_lines.empty() || !texts.opening_hours.empty() ||
                       !texts.phone.empty() || !texts.email.empty();
  const TextStyle plain{.size = 9.5};
  if (!has_any) {
    // No contact point is known: every municipality has an OCMW (Sociaal Huis).
    Carry(carried, std::string(kWhereHeading),
          {Flow(painter, column, "het OCMW of het Sociaal Huis van uw gemeente. Daar helpt men u verder.", plain)},
          false, plain);
    return column.y;
  }
  const TextStyle name_style{.size = 11.5, .bold = true};
  std::vector<std::string> rest;
  rest.push_back(Flow(painter, column, texts.contact_name, name_style, 0.8 * kMm));

  // Phone and e-mail matter most: keep room for them below address and hours.
  const std::string phone_line = "Tel. " + texts.phone;
  const TextStyle phone_style{.size = 12, .bold = true};
  const TextStyle email_style{.size = 10, .wrap = PANGO_WRAP_CHAR};
  double reserved = 0;
  if (!texts.phone.empty()) {
    reserved += Painter::Height(painter.Layout(phone_line, phone_style, column.width, 0).get()) + 0.8 * kMm;
  }
  if (!texts.email.empty()) reserved += Painter::Height(painter.Layout(texts.email, email_style, column.width, 0).get());
  if (reserved > 0) reserved += 3 * kMm;
  reserved = std::min(reserved, (column.bottom - column.y) / 2);
  Column upper{column.x, column.width, column.y, column.bottom - reserved};

  const TextStyle address_style{.size = 10};
  const TextStyle hours_style{.size = 9.5};
  std::vector<std::string> address_rest = List(painter, palette, upper, texts.address_lines, address_style, false, 0);
  rest.insert(rest.end(), address_rest.begin(), address_rest.end());
  if (!texts.opening_hours.empty()) {
    upper.y += 3 * kMm;
    std::vector<std::string> hours = texts.opening_hours;
    if (address_rest.empty() && upper.y + 2 * painter.LineHeight(hours_style) <= upper.bottom) {
      Flow(painter, upper, "Openingsuren", {.size = 8.5, .bold = true, .colour = kMuted}, 0.6 * kMm);
      hours = List(painter, palette, upper, hours, hours_style, false, 0.4);
    } else {
      hours.insert(hours.begin(), "Openingsuren:");
    }
    rest.insert(rest.end(), hours.begin(), hours.end());
  }
  column.y = std::min(upper.y, upper.bottom) + 3 * kMm;  // Trailing gaps may overshoot.

  // A phone number or an address is drawn whole, as a link, or carried whole.
  const auto linked = [&](const std::string& text, const TextStyle& style, const std::string& uri, double gap) {
    Fit fit = painter.FitLines(text, style, column.width, column.bottom - column.y);
    if (fit.shown.empty() || !fit.rest.empty()) {
      rest.push_back(text);
      return;
    }
    painter.Show(fit.layout.get(), style.colour, column.x, column.y);
    if (!uri.empty()) Link(cr, uri, column.x, column.y, column.width, fit.height);
    column.y += fit.height + gap;
  };
  if (!texts.phone.empty()) {
    std::string digits = "tel:";
    for (char c : texts.phone) {
      if (g_ascii_isdigit(c) || c == '+') digits += c;
    }
    linked(phone_line, phone_style, digits.size() > 4 ? digits : "", 0.8 * kMm);
  }
  if (!texts.email.empty()) linked(texts.email, email_style, "mailto:" + texts.email, 0);
  Carry(carried, std::string(kWhereHeading), std::move(rest), false, plain);
  return column.y;
}

// A closing line at the bottom of the back, if the contact point left room.
void DrawTip(const Painter& painter, double contact_end, double bottom) {
  const TextStyle style{.size = 8.5, .italic = true, .colour = kMuted};
  const std::string_view tip = "Toon deze kaart aan het onthaal: zo weet men meteen waarvoor u komt.";
  const double height = painter.LineHeight(style);
  if (contact_end + 4 * kMm > bottom - height) return;
  painter.Text(tip, style, kMargin, bottom - height, kContentWidth, 1, bottom);
}

// Draws the QR code as vector squares (one path, so viewers show no seams)
// with a four-module quiet zone, `size` wide, at (x, y).
void DrawQr(cairo_t* cr, const QRcode& qr, double x, double y, double size) {
  const int quiet = 4;
  const double module = size / (qr.width + 2 * quiet);
  SetColour(cr, detail::kWhite);
  cairo_rectangle(cr, x, y, size, size);
  cairo_fill(cr);
  for (int row = 0; row < qr.width; ++row) {
    int col = 0;
    while (col < qr.width) {
      if ((qr.data[row * qr.width + col] & 1) == 0) {
        ++col;
        continue;
      }
      const int start = col;
      while (col < qr.width && (qr.data[row * qr.width + col] & 1) != 0) ++col;
      cairo_rectangle(cr, x + (quiet + start) * module, y + (quiet + row) * module, (col - start) * module, module);
    }
  }
  SetColour(cr, detail::kBlack);
  cairo_fill(cr);
}

// Puts line breaks after the slashes of `url` so that each line fits `width`
// where possible; a segment wider than that is left to character wrapping.
std::string BreakAfterSlashes(const Painter& painter, std::string_view url, const TextStyle& style, double width) {
  std::string out;
  std::string line;
  size_t start = 0;
  while (start < url.size()) {
    const size_t slash = url.find('/', start);
    const size_t end = slash == std::string_view::npos ? url.size() : slash + 1;
    const std::string_view segment = url.substr(start, end - start);
    std::string candidate = line + std::string(segment);
    if (line.empty() || Painter::NaturalWidth(painter.Layout(candidate, style, 0, 1).get()) <= width) {
      line = std::move(candidate);
    } else {
      out += line + '\n';
      line = std::string(segment);
    }
    start = end;
  }
  return out + line;
}

void DrawQrColumn(const Painter& painter, const QRcode& qr, const std::string& url, Column column) {
  cairo_t* cr = painter.cr();
  const TextStyle label{.size = 8, .colour = kMuted, .align = PANGO_ALIGN_CENTER};
  Flow(painter, column, "Scan voor meer uitleg", label, 0.5 * kMm);
  const double size = std::min(column.width, column.bottom - column.y - 8 * kMm);
  if (size < 18 * kMm) return;  // Too small to scan reliably; the URL alone stays useful.
  const double qr_x = column.x + (column.width - size) / 2;
  DrawQr(cr, qr, qr_x, column.y, size);
  const bool is_web = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  if (is_web) Link(cr, url, qr_x, column.y, size, size);
  column.y += size + 0.5 * kMm;
  // Shrink the URL a little rather than split a path segment mid-word.
  TextStyle text{.size = 8, .colour = kInk, .align = PANGO_ALIGN_CENTER, .wrap = PANGO_WRAP_CHAR};
  std::string lines = BreakAfterSlashes(painter, ShortUrl(url), text, column.width);
  while (text.size > 6.5 && Painter::NaturalWidth(painter.Layout(lines, text, 0, 3).get()) > column.width) {
    text.size -= 0.5;
    lines = BreakAfterSlashes(painter, ShortUrl(url), text, column.width);
  }
  const double y = column.y;
  const double used = painter.Text(lines, text, column.x, y, column.width, 3, column.bottom);
  if (is_web && used > 0) Link(cr, url, column.x, y, column.width, used);
}

// Without a public address for a QR code: where to read more, by name.
void DrawSearchColumn(const Painter& painter, const Palette& palette, const Texts& texts, Column column) {
  const TextStyle style{.size = 9};
  if (!Heading(painter, palette, column, "Meer uitleg", style)) return;
  Flow(painter, column, "Zoek „" + texts.right_name + "” op " + texts.search_site + ".", style);
}

void DrawFooter(const Painter& painter, const Palette& palette, const Texts& texts, bool continues) {
  cairo_t* cr = painter.cr();
  const double top = kPageHeight - kFooterHeight;
  SetColour(cr, palette.band);
  cairo_rectangle(cr, 0, top, kPageWidth, kFooterHeight);
  cairo_fill(cr);
  double right_width = 0;
  if (!texts.issued_on.empty() || continues) {
    const TextStyle style{.size = 8, .colour = detail::kWhite, .align = PANGO_ALIGN_RIGHT};
    const std::string text = continues ? std::string("Lees verder op de volgende bladzijde →")
                                       : "Uitgereikt op " + texts.issued_on;
    right_width = std::min(kContentWidth / 2, Painter::NaturalWidth(painter.Layout(text, style, 0, 1).get()));
    LayoutPtr layout = painter.Layout(text, style, kContentWidth / 2, 1);
    painter.Show(layout.get(), detail::kWhite, kPageWidth - kMargin - kContentWidth / 2,
                 top + (kFooterHeight - Painter::Height(layout.get())) / 2);
  }
  if (!texts.municipality.empty()) {
    const TextStyle style{.size = 8.5, .bold = true, .colour = detail::kWhite};
    const double width = kContentWidth - right_width - (right_width > 0 ? 5 * kMm : 0);
    LayoutPtr layout = painter.Layout(texts.municipality, style, width, 1);
    painter.Show(layout.get(), detail::kWhite, kMargin, top + (kFooterHeight - Painter::Height(layout.get())) / 2);
  }
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_WRITE_ERROR;  // Exceptions must not unwind through cairo.
  }
}

base::Result<Rgb> ParseColourField(std::string_view field, const std::string& value) {
  if (std::optional<Rgb> colour = detail::ParseHexColour(value)) return *colour;
  std::string shown = Clean(value);
  if (shown.size() > 40) shown = shown.substr(0, 40) + "…";
  return base::Error::InvalidInput(std::string(field) + ": expected a colour \"#rrggbb\", got \"" + shown + "\"");
}

// The fields' bounds, so that a card always fits on kMaxPages pages.
base::Result<bool> CheckBounds(const Card& card) {
  const auto line = [](std::string_view field, const std::string& value) -> std::optional<base::Error> {
    if (value.size() <= kMaxLineBytes) return std::nullopt;
    return base::Error::InvalidInput(std::string(field) + ": at most " + std::to_string(kMaxLineBytes) +
                                     " bytes, got " + std::to_string(value.size()));
  };
  const auto text = [](std::string_view field, const std::string& value) -> std::optional<base::Error> {
    if (value.size() <= kMaxTextBytes) return std::nullopt;
    return base::Error::InvalidInput(std::string(field) + ": at most " + std::to_string(kMaxTextBytes) +
                                     " bytes, got " + std::to_string(value.size()));
  };
  const auto list = [&](std::string_view field, const std::vector<std::string>& items) -> std::optional<base::Error> {
    if (items.size() > kMaxItems) {
      return base::Error::InvalidInput(std::string(field) + ": at most " + std::to_string(kMaxItems) +
                                       " items, got " + std::to_string(items.size()));
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (auto error = line(std::string(field) + "[" + std::to_string(i) + "]", items[i])) return error;
    }
    return std::nullopt;
  };
  for (auto error : {line("branding.municipality_name", card.branding.municipality_name),
                     line("right_name", card.right_name), text("right_summary", card.right_summary),
                     text("reason", card.reason), text("next_step", card.next_step), list("documents", card.documents),
                     line("contact.name", card.contact.name), list("contact.address_lines", card.contact.address_lines),
                     list("contact.opening_hours", card.contact.opening_hours), line("contact.phone", card.contact.phone),
                     line("contact.email", card.contact.email), line("search_site", card.search_site),
                     line("issued_on", card.issued_on), line("for_whom", card.for_whom)}) {
    if (error) return *error;
  }
  return true;
}

// Draws the sections carried over from the page before onto a continuation
// page, in one column; returns what did not fit on it either.
std::vector<Section> DrawContinuation(const Painter& painter, const Palette& palette, const std::vector<Section>& sections) {
  Column column{kMargin, kContentWidth, kHeaderHeight + 6 * kMm, kPageHeight - kFooterHeight - 5 * kMm};
  std::vector<Section> carried;
  for (const Section& section : sections) {
    if (!carried.empty()) {
      carried.push_back(section);
      continue;
    }
    std::vector<std::string> rest = section.texts;
    if (section.heading.empty() || Heading(painter, palette, column, section.heading + " (vervolg)", section.style)) {
      rest = List(painter, palette, column, rest, section.style, section.bullets,
                  section.bullets ? 1.2 : 1.5 * kMm);
      column.y += 3 * kMm;
    }
    if (!rest.empty()) carried.push_back({section.heading, std::move(rest), section.bullets, section.style});
  }
  return carried;
}

base::Result<std::string> Render(const Card& card) {
  if (base::Result<bool> bounded = CheckBounds(card); !bounded) return bounded.error();
  base::Result<Rgb> primary = ParseColourField("branding.primary_colour", card.branding.primary_colour);
  if (!primary) return primary.error();
  base::Result<Rgb> accent = ParseColourField("branding.accent_colour", card.branding.accent_colour);
  if (!accent) return accent.error();

  Texts texts{
      .municipality = Clean(card.branding.municipality_name),
      .right_name = Clean(card.right_name),
      .right_summary = Clean(card.right_summary, true),
      .reason = Clean(card.reason, true),
      .next_step = Clean(card.next_step, true),
      .documents = CleanAll(card.documents),
      .contact_name = Clean(card.contact.name),
      .address_lines = CleanAll(card.contact.address_lines),
      .opening_hours = CleanAll(card.contact.opening_hours),
      .phone = Clean(card.contact.phone),
      .email = Clean(card.contact.email),
      .qr_url = Clean(card.qr_url),
      .search_site = Clean(card.search_site),
      .issued_on = Clean(card.issued_on),
      .for_whom = Clean(card.for_whom),
  };
  if (texts.right_name.empty()) return base::Error::InvalidInput("right_name: must not be empty");

  QrPtr qr;
  if (!texts.qr_url.empty()) {
    errno = 0;
    qr.reset(QRcode_encodeString(texts.qr_url.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (qr == nullptr && errno == ERANGE) {
      return base::Error::InvalidInput("qr_url: too long for a QR code (" + std::to_string(texts.qr_url.size()) +
                                       " bytes)");
    }
    if (qr == nullptr) return base::Error::Internal("qr_url: QR encoding failed");
  }

  const Rgb band = detail::DarkenUntilContrast(*primary, 4.5);
  const Palette palette{
      .band = band,
      .accent = *accent,
      .mark = detail::ContrastRatio(*accent, detail::kWhite) >= 1.8 ? *accent : band,
      .tint = detail::Mix(*primary, detail::kWhite, 0.9),
  };
  SurfacePtr logo = LoadLogo(card.branding.logo_path);

  std::string pdf;
  SurfacePtr surface(cairo_pdf_surface_create_for_stream(AppendToString, &pdf, kPageWidth, kPageHeight));
  const std::string title = "Doorverwijskaart: " + texts.right_name;
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Rechtop");
  if (!texts.municipality.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR, texts.municipality.c_str());
  }
  {
    CairoPtr cr(cairo_create(surface.get()));
    const Painter painter(cr.get());
    DrawHeader(painter, palette, texts, logo.get(), "Doorverwijskaart");
    std::vector<Section> carried = DrawFront(painter, palette, texts);
    DrawFoldLine(painter);
    const double top = kFoldY + 6 * kMm;
    const double bottom = kPageHeight - kFooterHeight - 5 * kMm;
    const bool side_column = qr || !texts.search_site.empty();
    const double contact_width = side_column ? kContentWidth - kQrColumnWidth - 7 * kMm : kContentWidth;
    const double contact_end =
        DrawContact(painter, palette, texts, card.contact, Column{kMargin, contact_width, top, bottom}, carried);
    if (carried.empty()) DrawTip(painter, contact_end, bottom);
    const Column side{kPageWidth - kMargin - kQrColumnWidth, kQrColumnWidth, top, bottom};
    if (qr) {
      DrawQrColumn(painter, *qr, texts.qr_url, side);
    } else if (!texts.search_site.empty()) {
      DrawSearchColumn(painter, palette, texts, side);
    }
    DrawFooter(painter, palette, texts, !carried.empty());
    cairo_show_page(cr.get());
    for (int page = 2; !carried.empty(); ++page) {
      if (page > kMaxPages) {
        return base::Error::InvalidInput("card: the texts do not fit on " + std::to_string(kMaxPages) + " pages");
      }
      DrawHeader(painter, palette, texts, logo.get(), "Doorverwijskaart, vervolg");
      std::vector<Section> rest = DrawContinuation(painter, palette, carried);
      if (rest.size() == carried.size() && rest.front().texts == carried.front().texts) {
        return base::Error::Internal("cards: a text does not fit on an empty page");
      }
      carried = std::move(rest);
      DrawFooter(painter, palette, texts, !carried.empty());
      cairo_show_page(cr.get());
    }
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      return base::Error::Internal(std::string("cards: drawing failed: ") +
                                   cairo_status_to_string(cairo_status(cr.get())));
    }
  }
  cairo_surface_finish(surface.get());
  const cairo_status_t status = cairo_surface_status(surface.get());
  if (status != CAIRO_STATUS_SUCCESS) {
    return base::Error::Internal(std::string("cards: writing the PDF failed: ") + cairo_status_to_string(status));
  }
  return pdf;
}

}  // namespace

base::Result<std::string> RenderPdf(const Card& card) {
  try {
    return Render(card);
  } catch (const std::exception& e) {
    return base::Error::Internal(std::string("cards: ") + e.what());
  }
}

}  // namespace cards
