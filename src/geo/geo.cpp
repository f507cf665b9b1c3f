// geo/geo.cpp
//
// Parses the embedded municipality table once and answers lookups from
// sorted indexes built alongside it.
#include "geo/geo.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

#include "geo/embedded.h"

namespace geo {
namespace {

bool AllDigits(std::string_view s, size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, end - start));
    start = end + 1;
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The ASCII letter a Latin-1 letter (U+00C0..U+00FF) is written without its
// accent, or 0 when it has none (×, ÷).
char FoldLatin1(unsigned code) {
  static constexpr char kFold[] =
      "AAAAAAACEEEEIIII"    // C0..CF
      "DNOOOOO\0OUUUUYTs"   // D0..DF
      "aaaaaaaceeeeiiii"    // E0..EF
      "dnooooo\0ouuuuyty";  // F0..FF
  if (code < 0xC0 || code > 0xFF) return 0;
  return kFold[code - 0xC0];
}

// Lowercase ASCII words of `text` (accents dropped) joined by `sep`.
std::string Fold(std::string_view text, char sep) {
  std::string out;
  bool pending_sep = false;
  auto put = [&](char c) {
    if (pending_sep && !out.empty()) out += sep;
    pending_sep = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c) && c < 0x80) {
      put(static_cast<char>(c));
    } else if ((c == 0xC3) && i + 1 < text.size()) {
      // Two-byte UTF-8 for U+00C0..U+00FF.
      unsigned code = 0xC0 + (static_cast<unsigned char>(text[i + 1]) & 0x3F);
      ++i;
      char folded = FoldLatin1(code);
      if (folded != 0) {
        put(folded);
      } else {
        pending_sep = true;
      }
    } else {
      pending_sep = true;
    }
  }
  return out;
}

struct Table {
  std::vector<Municipality> all;
  std::map<std::string, size_t, std::less<>> by_nis;
  std::map<std::string, size_t, std::less<>> by_slug;
  std::map<std::string, size_t, std::less<>> by_name;
  std::multimap<std::string, size_t, std::less<>> by_postcode;
};

const Table& TheTable() {
  static const Table table = [] {
    const auto& files = detail::EmbeddedTableFiles();
    if (files.size() != 1) throw std::logic_error("geo: the municipality table is not compiled in");
    auto parsed = ParseTable(files[0].second, files[0].first);
    // The embedded table is checked by geo_test; a broken one is a build error.
    if (!parsed.ok()) throw std::logic_error("geo: " + parsed.error().message());
    Table t;
    t.all = std::move(parsed).value();
    for (size_t i = 0; i < t.all.size(); ++i) {
      const Municipality& m = t.all[i];
      t.by_nis.emplace(m.nis, i);
      t.by_slug.emplace(m.slug, i);
      t.by_name.emplace(Fold(m.name, ' '), i);
      for (const auto& other : m.other_names) t.by_name.emplace(Fold(other, ' '), i);
      for (const auto& pc : m.postcodes) t.by_postcode.emplace(pc, i);
    }
    return t;
  }();
  return table;
}

}  // namespace

std::string Slugify(std::string_view text) { return Fold(text, '-'); }

base::Result<std::vector<Municipality>> ParseTable(std::string_view text, std::string_view file_name) {
  std::vector<Municipality> out;
  std::map<std::string, int, std::less<>> nis_line;
  std::map<std::string, int, std::less<>> slug_line;
  std::map<std::string, int, std::less<>> name_line;
  int line_no = 0;
  for (std::string_view line : Split(text, '\n')) {
    ++line_no;
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    auto where = std::string(file_name) + ":" + std::to_string(line_no) + ": ";
    auto fields = Split(line, '|');
    if (fields.size() != 6) {
      return base::Error::InvalidInput(where +
                                       "expected 6 fields (nis|name|slug|region|postcodes|other names), found " +
                                       std::to_string(fields.size()));
    }
    Municipality m;
    m.nis = std::string(Trim(fields[0]));
    m.name = std::string(Trim(fields[1]));
    m.slug = std::string(Trim(fields[2]));
    if (!AllDigits(m.nis, 5)) return base::Error::InvalidInput(where + "NIS code '" + m.nis + "' is not 5 digits");
    if (m.name.empty()) return base::Error::InvalidInput(where + "empty name");
    if (m.slug != Slugify(m.name)) {
      return base::Error::InvalidInput(where + "slug '" + m.slug + "' should be '" + Slugify(m.name) + "'");
    }
    std::string_view region = Trim(fields[3]);
    if (region == "flanders") {
      m.region = Region::kFlanders;
    } else if (region == "brussels") {
      m.region = Region::kBrussels;
    } else {
      return base::Error::InvalidInput(where + "unknown region '" + std::string(region) + "' (flanders or brussels)");
    }
    for (std::string_view pc : Split(Trim(fields[4]), ' ')) {
      if (pc.empty()) continue;
      if (!AllDigits(pc, 4))
        return base::Error::InvalidInput(where + "postcode '" + std::string(pc) + "' is not 4 digits");
      m.postcodes.emplace_back(pc);
    }
    if (m.postcodes.empty()) return base::Error::InvalidInput(where + "no postcode");
    for (std::string_view other : Split(Trim(fields[5]), ',')) {
      other = Trim(other);
      if (!other.empty()) m.other_names.emplace_back(other);
    }
    if (auto [it, fresh] = nis_line.emplace(m.nis, line_no); !fresh) {
      return base::Error::InvalidInput(where + "NIS code " + m.nis + " already on line " + std::to_string(it->second));
    }
    if (auto [it, fresh] = slug_line.emplace(m.slug, line_no); !fresh) {
      return base::Error::InvalidInput(where + "slug " + m.slug + " already on line " + std::to_string(it->second));
    }
    std::vector<std::string> names = {m.name};
    names.insert(names.end(), m.other_names.begin(), m.other_names.end());
    for (const auto& name : names) {
      auto [it, fresh] = name_line.emplace(Fold(name, ' '), line_no);
      if (!fresh && it->second != line_no) {
        return base::Error::InvalidInput(where + "name '" + name + "' already on line " + std::to_string(it->second));
      }
    }
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const Municipality& a, const Municipality& b) { return a.nis < b.nis; });
  return out;
}

const std::vector<Municipality>& All() { return TheTable().all; }

const Municipality* ByNis(std::string_view nis) {
  const Table& t = TheTable();
  auto it = t.by_nis.find(Trim(nis));
  return it == t.by_nis.end() ? nullptr : &t.all[it->second];
}

const Municipality* BySlug(std::string_view slug) {
  const Table& t = TheTable();
  auto it = t.by_slug.find(slug);
  return it == t.by_slug.end() ? nullptr : &t.all[it->second];
}

const Municipality* ByName(std::string_view name) {
  const Table& t = TheTable();
  std::string key = Fold(name, ' ');
  if (key.empty()) return nullptr;
  auto it = t.by_name.find(key);
  return it == t.by_name.end() ? nullptr : &t.all[it->second];
}

std::vector<const Municipality*> ByPostcode(std::string_view postcode) {
  const Table& t = TheTable();
  std::vector<const Municipality*> out;
  auto [first, last] = t.by_postcode.equal_range(Trim(postcode));
  for (auto it = first; it != last; ++it) out.push_back(&t.all[it->second]);
  return out;
}

std::vector<std::string> SharedPostcodes() {
  const Table& t = TheTable();
  std::vector<std::string> out;
  for (auto it = t.by_postcode.begin(); it != t.by_postcode.end();) {
    auto next = t.by_postcode.upper_bound(it->first);
    if (std::distance(it, next) > 1) out.push_back(it->first);
    it = next;
  }
  return out;
}

std::vector<std::string> AllNames() {
  std::vector<std::string> names;
  for (const auto& m : All()) names.push_back(m.name);
  return names;
}

}  // namespace geo
