// cards/card.h
//
// The referral card ("doorverwijskaart"): a printable, personalised PDF that a
// resident takes to the next service. One A5 portrait page that folds in half
// to A6: the front says which right and what to do, the back says where to go.
// What does not fit is never cut off: it continues on a next page.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"

namespace cards {

// The municipality's house style.
struct Branding {
  std::string municipality_name;
  // A PNG file; may be empty. A missing or unreadable file is not an error:
  // the card then shows a coloured badge with the municipality's initials.
  std::string logo_path;
  // "#rrggbb". The primary colour fills the header band behind white text; it is
  // darkened as far as needed for readable contrast. The accent marks bullets.
  std::string primary_colour;
  std::string accent_colour;
};

// Where the resident should go.
struct ContactPoint {
  std::string name;
  std::vector<std::string> address_lines;
  std::vector<std::string> opening_hours;  // Ready Dutch lines ("ma–vr 9.00–12.00").
  std::string phone;
  std::string email;
  bool demo = false;  // Prints "voorbeeldgegevens": the contact data is not real.
};

struct Card {
  Branding branding;
  std::string right_name;     // Required.
  std::string right_summary;  // What the right is, in plain Dutch.
  std::string reason;         // One sentence: why this resident is referred.
  std::string next_step;
  std::vector<std::string> documents;  // What to bring.
  ContactPoint contact;
  std::string qr_url;       // The right's page; empty → no QR code.
  std::string search_site;  // Without a QR code: "Zoek „<right>” op <search_site>."
  std::string issued_on;  // Dutch date, printed as is ("3 maart 2025").
  std::string for_whom;   // Optional name written on the card.
};

// Renders `card` as the bytes of an A5 portrait PDF, one page unless the texts need more (Dutch text,
// fonts embedded). All strings are UTF-8 and printed literally (never parsed
// as markup); invalid UTF-8 is replaced, not rejected. Texts are wrapped at
// words; what does not fit its box continues, under its heading, on a next
// page, so no line is ever cut short.
// Errors (InvalidInput, naming the field): a colour that is not "#rrggbb",
// an empty right_name, a qr_url too long for a QR code, a field over its
// bound (200 bytes for a name or line, 4000 for a text, 40 list items).
// Internal: cairo failed.
// Thread-safe: concurrent calls share nothing.
[[nodiscard]] base::Result<std::string> RenderPdf(const Card& card);

}  // namespace cards
