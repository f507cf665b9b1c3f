// geo/geo_test.cpp
#include "geo/geo.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace geo {
namespace {

TEST(Geo, TableHasEveryFlemishAndBrusselsMunicipality) {
  int flanders = 0;
  int brussels = 0;
  for (const auto& m : All()) (m.region == Region::kFlanders ? flanders : brussels)++;
  EXPECT_EQ(flanders, 285);  // since the mergers of 1 January 2025
  EXPECT_EQ(brussels, 19);
}

TEST(Geo, EveryNisCodeIsFiveDigitsUniqueAndInItsRegionsRange) {
  std::set<std::string> seen;
  for (const auto& m : All()) {
    ASSERT_EQ(m.nis.size(), 5u) << m.name;
    for (char c : m.nis) ASSERT_TRUE(c >= '0' && c <= '9') << m.name;
    EXPECT_TRUE(seen.insert(m.nis).second) << m.nis;
    // Brussels is arrondissement 21; the Flemish provinces are 1, 23/24, 3, 4, 7.
    if (m.region == Region::kBrussels) {
      EXPECT_EQ(m.nis.substr(0, 2), "21") << m.name;
    } else {
      EXPECT_TRUE(m.nis[0] == '1' || m.nis.substr(0, 2) == "23" || m.nis.substr(0, 2) == "24" || m.nis[0] == '3' ||
                  m.nis[0] == '4' || m.nis[0] == '7')
          << m.name << " " << m.nis;
    }
  }
}

TEST(Geo, KnownCodes) {
  const std::map<std::string, std::string> known = {
      {"Balen", "13003"},          {"Herent", "24038"},
      {"Dendermonde", "42006"},    {"Aalst", "41002"},
      {"Leuven", "24062"},         {"Zonhoven", "71066"},
      {"Heusden-Zolder", "71070"}, {"Pelt", "72043"},
      {"Oudsbergen", "72042"},     {"Beveren-Kruibeke-Zwijndrecht", "46030"},
      {"Pajottegem", "23106"},     {"Hasselt", "71072"},
      {"Brussel", "21004"},        {"Antwerpen", "11002"}};
  for (const auto& [name, nis] : known) {
    const Municipality* m = ByName(name);
    ASSERT_NE(m, nullptr) << name;
    EXPECT_EQ(m->nis, nis) << name;
  }
}

TEST(Geo, MergedMunicipalitiesAreGone) {
  for (const char* gone : {"Beveren", "Kruibeke", "Zwijndrecht", "Borsbeek", "Kortessem", "Ham", "Moerbeke",
                           "Meulebeke", "Ruiselede", "Galmaarden", "Neerpelt", "Overpelt"}) {
    EXPECT_EQ(ByName(gone), nullptr) << gone;
  }
  EXPECT_EQ(ByNis("46003"), nullptr);  // Beveren before 2025
  EXPECT_EQ(ByNis("71022"), nullptr);  // Hasselt before 2025
}

TEST(Geo, EveryPostcodeMapsToExactlyOneMunicipalityOrIsDocumentedAsShared) {
  std::map<std::string, int> count;
  for (const auto& m : All()) {
    ASSERT_FALSE(m.postcodes.empty()) << m.name;
    for (const auto& pc : m.postcodes) {
      ASSERT_EQ(pc.size(), 4u) << m.name;
      ++count[pc];
    }
  }
  std::set<std::string> shared;
  for (const auto& [pc, n] : count) {
    if (n > 1) shared.insert(pc);
    EXPECT_EQ(ByPostcode(pc).size(), static_cast<size_t>(n)) << pc;
  }
  auto documented = SharedPostcodes();
  EXPECT_EQ(shared, std::set<std::string>(documented.begin(), documented.end()));
  EXPECT_TRUE(shared.empty()) << "a shared postcode must be documented in data/municipalities.txt";
}

TEST(Geo, LooksUpByPostcode) {
  ASSERT_EQ(ByPostcode("2490").size(), 1u);
  EXPECT_EQ(ByPostcode("2490")[0]->name, "Balen");
  ASSERT_EQ(ByPostcode("2070").size(), 1u);
  EXPECT_EQ(ByPostcode("2070")[0]->nis, "46030");  // Zwijndrecht merged into an East Flemish town
  ASSERT_EQ(ByPostcode("3720").size(), 1u);
  EXPECT_EQ(ByPostcode("3720")[0]->name, "Hasselt");  // Kortessem
  EXPECT_TRUE(ByPostcode("4000").empty());            // Liège: not in Flanders or Brussels
  EXPECT_TRUE(ByPostcode("0000").empty());
  EXPECT_TRUE(ByPostcode("").empty());
}

TEST(Geo, LooksUpBySlugExactly) {
  ASSERT_NE(BySlug("heusden-zolder"), nullptr);
  EXPECT_EQ(BySlug("heusden-zolder")->nis, "71070");
  ASSERT_NE(BySlug("oud-heverlee"), nullptr);
  EXPECT_EQ(BySlug("oud-heverlee")->name, "Oud-Heverlee");
  EXPECT_EQ(BySlug("nazareth-de-pinte")->nis, "44086");
  EXPECT_EQ(BySlug("Heusden-Zolder"), nullptr);
  EXPECT_EQ(BySlug("heusden_zolder"), nullptr);
}

TEST(Geo, LooksUpByNameWithoutCaseAccentsOrSeparators) {
  EXPECT_EQ(ByName("heusden zolder")->nis, "71070");
  EXPECT_EQ(ByName("HEUSDEN-ZOLDER")->nis, "71070");
  EXPECT_EQ(ByName("  Oud  Heverlee ")->nis, "24086");
  EXPECT_EQ(ByName("Bruxelles")->nis, "21004");
  EXPECT_EQ(ByName("Ixelles")->nis, "21009");
  EXPECT_EQ(ByName("S\xC3\xA0int-Gill\xC3\xA9s")->nis, "21013");  // accents ignored
  EXPECT_EQ(ByName(""), nullptr);
  EXPECT_EQ(ByName("Atlantis"), nullptr);
}

TEST(Geo, SlugifyDropsAccentsAndJoinsWordsWithHyphens) {
  EXPECT_EQ(Slugify("Sint-Joost-ten-Node"), "sint-joost-ten-node");
  EXPECT_EQ(Slugify("De Haan"), "de-haan");
  EXPECT_EQ(Slugify("Nazareth-De Pinte"), "nazareth-de-pinte");
  EXPECT_EQ(Slugify("H\xC3\xA9l\xC3\xA9"
                    "cine"),
            "helecine");
  EXPECT_EQ(Slugify("--x__y--"), "x-y");
}

TEST(Geo, EverySlugIsItsNameSlugified) {
  for (const auto& m : All()) EXPECT_EQ(m.slug, Slugify(m.name)) << m.nis;
}

TEST(GeoParseTable, RefusesABadTableNamingTheLine) {
  auto bad = [](std::string_view text) {
    auto r = ParseTable(text, "t.txt");
    return r.ok() ? std::string("ok") : r.error().message();
  };
  EXPECT_EQ(bad("# comment\n13003|Balen|balen|flanders|2490|\n"), "ok");
  EXPECT_EQ(bad("\n1300|Balen|balen|flanders|2490|\n"), "t.txt:2: NIS code '1300' is not 5 digits");
  EXPECT_EQ(bad("13003|Balen|balen|flanders|2490\n"),
            "t.txt:1: expected 6 fields (nis|name|slug|region|postcodes|other names), found 5");
  EXPECT_EQ(bad("13003|Balen|Balen|flanders|2490|\n"), "t.txt:1: slug 'Balen' should be 'balen'");
  EXPECT_EQ(bad("13003|Balen|balen|wallonia|2490|\n"), "t.txt:1: unknown region 'wallonia' (flanders or brussels)");
  EXPECT_EQ(bad("13003|Balen|balen|flanders|249|\n"), "t.txt:1: postcode '249' is not 4 digits");
  EXPECT_EQ(bad("13003|Balen|balen|flanders||\n"), "t.txt:1: no postcode");
  EXPECT_EQ(bad("13003|Balen|balen|flanders|2490|\n13003|Mol|mol|flanders|2400|\n"),
            "t.txt:2: NIS code 13003 already on line 1");
  EXPECT_EQ(bad("13003|Balen|balen|flanders|2490|\n13025|Balen|balen|flanders|2400|\n"),
            "t.txt:2: slug balen already on line 1");
}

}  // namespace
}  // namespace geo
