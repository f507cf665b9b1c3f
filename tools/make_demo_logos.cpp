// tools/make_demo_logos.cpp — draws the placeholder logos in data/demo/<id>/logo.png.
//
// These are invented, clearly-marked demo logos (never real municipal artwork)
// so the referral card can be shown with a logo. Build and run from the repo root:
//   g++ -std=c++20 tools/make_demo_logos.cpp $(pkg-config --cflags --libs pangocairo) -o /tmp/make_demo_logos
//   /tmp/make_demo_logos data/demo
#include <cairo.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

namespace {

struct DemoLogo {
  const char* id;
  const char* name;
  double r, g, b;  // Invented colours, not the municipalities' house styles.
};

constexpr DemoLogo kLogos[] = {
    {"dendermonde", "Dendermonde", 0.12, 0.37, 0.55},
    {"herent", "Herent", 0.18, 0.49, 0.20},
    {"aalst", "Aalst", 0.72, 0.11, 0.11},
    {"balen", "Balen", 0.0, 0.47, 0.42},
    {"leuven", "Leuven", 0.42, 0.11, 0.60},
};

constexpr int kSize = 192;

void RoundedSquare(cairo_t* cr, double x, double y, double size, double radius) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + size - radius, y + radius, radius, -M_PI / 2, 0);
  cairo_arc(cr, x + size - radius, y + size - radius, radius, 0, M_PI / 2);
  cairo_arc(cr, x + radius, y + size - radius, radius, M_PI / 2, M_PI);
  cairo_arc(cr, x + radius, y + radius, radius, M_PI, 3 * M_PI / 2);
  cairo_close_path(cr);
}

// Draws `text` centred on (cx, top), at most `width` wide, in white.
void CentredText(cairo_t* cr, const char* text, const char* font, double cx, double top, double width) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* description = pango_font_description_from_string(font);
  pango_layout_set_font_description(layout, description);
  pango_font_description_free(description);
  pango_layout_set_text(layout, text, -1);
  int w = 0;
  int h = 0;
  pango_layout_get_pixel_size(layout, &w, &h);
  const double scale = w > width ? width / w : 1.0;
  cairo_save(cr);
  cairo_translate(cr, cx - w * scale / 2, top);
  cairo_scale(cr, scale, scale);
  cairo_move_to(cr, 0, 0);
  pango_cairo_show_layout(cr, layout);
  cairo_restore(cr);
  g_object_unref(layout);
}

bool Draw(const DemoLogo& logo, const std::filesystem::path& file) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, kSize, kSize);
  cairo_t* cr = cairo_create(surface);

  RoundedSquare(cr, 4, 4, kSize - 8, 30);
  cairo_set_source_rgb(cr, logo.r, logo.g, logo.b);
  cairo_fill(cr);

  // Emblem: a simple house (roof and door), white on the colour.
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_move_to(cr, 96, 30);
  cairo_line_to(cr, 146, 74);
  cairo_line_to(cr, 134, 74);
  cairo_line_to(cr, 134, 116);
  cairo_line_to(cr, 58, 116);
  cairo_line_to(cr, 58, 74);
  cairo_line_to(cr, 46, 74);
  cairo_close_path(cr);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, logo.r, logo.g, logo.b);
  RoundedSquare(cr, 86, 86, 20, 3);
  cairo_rectangle(cr, 86, 96, 20, 20);
  cairo_fill(cr);

  cairo_set_source_rgb(cr, 1, 1, 1);
  CentredText(cr, logo.name, "DejaVu Sans Bold 19px", kSize / 2.0, 124, kSize - 28);

  // A "DEMO" ribbon across the top-right corner: nobody mistakes this for real artwork.
  cairo_save(cr);
  RoundedSquare(cr, 4, 4, kSize - 8, 30);
  cairo_clip(cr);
  cairo_translate(cr, kSize - 40, 40);
  cairo_rotate(cr, M_PI / 4);
  cairo_rectangle(cr, -70, -11, 140, 22);
  cairo_set_source_rgb(cr, 1.0, 0.80, 0.18);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.15, 0.12, 0.05);
  CentredText(cr, "DEMO", "DejaVu Sans Bold 14px", 0, -9, 100);
  cairo_restore(cr);

  cairo_destroy(cr);
  std::filesystem::create_directories(file.parent_path());
  const cairo_status_t status = cairo_surface_write_to_png(surface, file.c_str());
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    std::fprintf(stderr, "%s: %s\n", file.c_str(), cairo_status_to_string(status));
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DEMO_DATA_DIR   (writes DEMO_DATA_DIR/<id>/logo.png)\n", argv[0]);
    return 2;
  }
  const std::filesystem::path root(argv[1]);
  bool ok = true;
  for (const DemoLogo& logo : kLogos) ok = Draw(logo, root / logo.id / "logo.png") && ok;
  return ok ? 0 : 1;
}
