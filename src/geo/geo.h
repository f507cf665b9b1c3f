// geo/geo.h
//
// The municipalities of Flanders and Brussels: the one municipality id is the
// NIS code (Statbel REFNIS, "13003" for Balen); the slug is for URLs and
// folders, the name for people. The table (data/municipalities.txt, its
// sources at its top) is compiled in; this module does no other I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace geo {

enum class Region { kFlanders, kBrussels };

struct Municipality {
  std::string nis;   // 5 digits, unique
  std::string name;  // Dutch name ("Heusden-Zolder")
  std::string slug;  // "heusden-zolder", unique
  Region region = Region::kFlanders;
  std::vector<std::string> postcodes;    // bpost, 4 digits
  std::vector<std::string> other_names;  // other official names ("Bruxelles")
};

// Every municipality of the table, in NIS order. Thread-safe; the table is
// parsed once, on first use.
const std::vector<Municipality>& All();

// The municipality with this NIS code, or nullptr.
const Municipality* ByNis(std::string_view nis);
// The municipality with this slug (exactly, lowercase), or nullptr.
const Municipality* BySlug(std::string_view slug);
// The municipality with this name or other name, compared without case,
// accents, and with any run of spaces, hyphens or punctuation as one
// separator ("heusden zolder", "HEUSDEN-ZOLDER"); nullptr when none.
const Municipality* ByName(std::string_view name);
// The municipalities this postcode belongs to: none for an unknown postcode,
// one for every postcode in today's table, more only for a postcode that two
// municipalities share (SharedPostcodes()).
std::vector<const Municipality*> ByPostcode(std::string_view postcode);
// The postcodes that belong to more than one municipality (documented in
// data/municipalities.txt); empty today.
std::vector<std::string> SharedPostcodes();

// "Sint-Joost-ten-Node" -> "sint-joost-ten-node": lowercase ASCII, accents
// dropped, every other run of characters one hyphen.
std::string Slugify(std::string_view text);

// The names of every municipality, for did-you-mean suggestions.
std::vector<std::string> AllNames();

// Parses a table in the format of data/municipalities.txt. Errors name the
// line ("municipalities.txt:12: ..."): a malformed line, a NIS code that is
// not 5 digits or appears twice, a slug that is not Slugify(name) or repeats,
// an unknown region, a postcode that is not 4 digits.
[[nodiscard]] base::Result<std::vector<Municipality>> ParseTable(std::string_view text, std::string_view file_name);

}  // namespace geo
