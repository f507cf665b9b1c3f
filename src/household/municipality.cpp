// household/municipality.cpp
#include "household/municipality.h"

#include <algorithm>
#include <optional>

#include "base/diagnostics.h"
#include "geo/geo.h"
#include "household/schema.h"

namespace household {
namespace {

bool Digits(std::string_view s, size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Arrondissements of the Flemish and Brussels regions (first two digits).
bool FlemishOrBrusselsNis(std::string_view nis) {
  static constexpr std::string_view kPrefixes[] = {"11", "12", "13", "21", "23", "24", "31", "32",
                                                   "33", "34", "35", "36", "37", "38", "41", "42",
                                                   "43", "44", "45", "46", "71", "72", "73"};
  return std::find(std::begin(kPrefixes), std::end(kPrefixes), nis.substr(0, 2)) != std::end(kPrefixes);
}

// bpost ranges: Brussels 1000-1299, Flemish Brabant, Antwerp and Limburg
// 1500-3999, West and East Flanders 8000-9999.
bool FlemishOrBrusselsPostcode(std::string_view postcode) {
  int n = std::stoi(std::string(postcode));
  return (n >= 1000 && n <= 1299) || (n >= 1500 && n <= 3999) || n >= 8000;
}

std::string Describe(const geo::Municipality& m) { return m.name + " (" + m.nis + ")"; }

constexpr int64_t kWallonia = 2;  // index of "wallonia" in municipality.region

}  // namespace

base::Status ResolveMunicipality(std::vector<Fact>& facts, const MunicipalityPlaces& places) {
  static const FieldId kNis = *FindField(Entity::kHousehold, "municipality.nis");
  static const FieldId kPostcode = *FindField(Entity::kHousehold, "municipality.postcode");
  static const FieldId kName = *FindField(Entity::kHousehold, "municipality.name");
  static const FieldId kRegion = *FindField(Entity::kHousehold, "municipality.region");
  auto fact = [&](FieldId id) -> const Fact* { return id < facts.size() && facts[id].present ? &facts[id] : nullptr; };
  auto fail = [&](std::string_view member, const std::string& message) {
    return base::Error::InvalidInput(places.prefix + places.field(member) + ": " + message);
  };
  const Fact* nis = fact(kNis);
  const Fact* postcode = fact(kPostcode);
  const Fact* name = fact(kName);
  const Fact* region = fact(kRegion);
  if (region != nullptr && region->number == kWallonia) return base::Ok{};

  // Each given member: the municipality it names, or "outside" the table.
  const geo::Municipality* by_nis = nullptr;
  bool nis_outside = false;
  if (nis != nullptr) {
    if (!Digits(nis->text, 5)) {
      return fail("nis", "'" + nis->text + "' is not a NIS code (5 digits, such as 13003 for Balen)");
    }
    by_nis = geo::ByNis(nis->text);
    if (by_nis == nullptr && FlemishOrBrusselsNis(nis->text)) {
      return fail("nis", "'" + nis->text +
                             "' is not the NIS code of a Flemish or Brussels municipality (since the mergers of "
                             "1 January 2025)");
    }
    nis_outside = by_nis == nullptr;
  }
  const geo::Municipality* by_postcode = nullptr;
  bool postcode_outside = false;
  if (postcode != nullptr) {
    if (!Digits(postcode->text, 4) || postcode->text[0] == '0') {
      return fail("postcode", "'" + postcode->text + "' is not a Belgian postcode (4 digits, such as 2490)");
    }
    auto found = geo::ByPostcode(postcode->text);
    if (found.empty() && FlemishOrBrusselsPostcode(postcode->text)) {
      return fail("postcode", "postcode " + postcode->text + " matches no municipality in Flanders or Brussels");
    }
    postcode_outside = found.empty();
    // A postcode two municipalities share is decided by the code or the name.
    if (found.size() == 1) by_postcode = found[0];
    if (found.size() > 1) {
      const geo::Municipality* named = by_nis != nullptr ? by_nis : (name ? geo::ByName(name->text) : nullptr);
      auto it = std::find(found.begin(), found.end(), named);
      if (it == found.end()) {
        std::string names;
        for (const auto* m : found) names += (names.empty() ? "" : " or ") + Describe(*m);
        return fail("postcode", "postcode " + postcode->text + " is shared by " + names + ": give " +
                                    places.field("nis") + " or " + places.field("name"));
      }
      by_postcode = *it;
    }
  }
  const geo::Municipality* by_name = name != nullptr ? geo::ByName(name->text) : nullptr;

  if (by_nis != nullptr && by_postcode != nullptr && by_nis != by_postcode) {
    return fail("postcode", "postcode " + postcode->text + " is in " + Describe(*by_postcode) + ", but " +
                                places.field("nis") + " " + nis->text + " is " + by_nis->name);
  }
  if ((by_nis != nullptr && postcode_outside) || (nis_outside && by_postcode != nullptr)) {
    const geo::Municipality* m = by_nis != nullptr ? by_nis : by_postcode;
    return fail("postcode", "postcode " + postcode->text + " and " + places.field("nis") + " " + nis->text +
                                " are not the same municipality (" + Describe(*m) + " is only one of them)");
  }
  const geo::Municipality* decided = by_nis != nullptr ? by_nis : by_postcode;
  if (decided != nullptr && by_name != nullptr && by_name != decided) {
    std::string_view by = by_nis != nullptr ? "nis" : "postcode";
    return fail("name", "'" + name->text + "' is " + Describe(*by_name) + ", but " + places.field(by) + " " +
                            (by_nis != nullptr ? nis->text : postcode->text) + " is " + decided->name);
  }
  if (decided == nullptr && !nis_outside && !postcode_outside) decided = by_name;
  if (decided == nullptr) {
    // Only a name, of no municipality in the table: refused where the
    // household says it lives in Flanders or Brussels.
    if (name != nullptr && nis == nullptr && postcode == nullptr && region != nullptr) {
      return fail("name", "no municipality in Flanders or Brussels is called '" + name->text + "'" +
                              base::DidYouMean(base::ClosestMatches(name->text, geo::AllNames())));
    }
    return base::Ok{};
  }
  if (region != nullptr) {
    const int64_t expected = decided->region == geo::Region::kFlanders ? 0 : 1;
    if (region->number != expected) {
      static constexpr std::string_view kRegions[] = {"flanders", "brussels", "wallonia"};
      std::string given =
          region->number >= 0 && region->number < 3 ? std::string(kRegions[region->number]) : region->text;
      return fail("region", "'" + given + "', but " + Describe(*decided) + " is in " + std::string(kRegions[expected]));
    }
  }
  if (kNis < facts.size()) facts[kNis] = Fact::Text(decided->nis);
  if (kName < facts.size() && !facts[kName].present) facts[kName] = Fact::Text(decided->name);
  return base::Ok{};
}

}  // namespace household
