// household/municipality_test.cpp — municipality.nis / postcode / name resolve
// to one municipality, and the readers refuse those that disagree.
#include "household/municipality.h"

#include <gtest/gtest.h>

#include "household/json_reader.h"
#include "household/schema.h"

namespace household {
namespace {

std::string Doc(const std::string& municipality) {
  return R"({"municipality": )" + municipality + R"(, "household": {"persons": [{"id": "p1"}]}})";
}

// The household's municipality.nis after reading, or "error: <message>".
std::string Nis(const std::string& municipality) {
  auto hh = ReadHousehold(Doc(municipality), "hh.json");
  if (!hh.ok()) return "error: " + hh.error().message();
  const Fact& f = hh->facts[*FindField(Entity::kHousehold, "municipality.nis")];
  return f.present ? f.text : "unknown";
}

std::string Name(const std::string& municipality) {
  auto hh = ReadHousehold(Doc(municipality), "hh.json");
  if (!hh.ok()) return "error: " + hh.error().message();
  const Fact& f = hh->facts[*FindField(Entity::kHousehold, "municipality.name")];
  return f.present ? f.text : "unknown";
}

TEST(ResolveMunicipality, FillsTheNisCodeFromThePostcodeOrTheName) {
  EXPECT_EQ(Nis(R"({"postcode": "2490"})"), "13003");
  EXPECT_EQ(Name(R"({"postcode": "2490"})"), "Balen");
  EXPECT_EQ(Nis(R"({"postcode": "3550", "name": "Heusden-Zolder"})"), "71070");
  EXPECT_EQ(Nis(R"({"name": "heusden zolder"})"), "71070");
  EXPECT_EQ(Nis(R"({"name": "Bruxelles", "region": "brussels"})"), "21004");
  EXPECT_EQ(Nis(R"({"nis": "24038"})"), "24038");
  EXPECT_EQ(Nis(R"({"nis": "24038", "postcode": "3020", "name": "Herent", "region": "flanders"})"), "24038");
  EXPECT_EQ(Nis(R"({"postcode": "9120", "name": "Beveren"})"), "46030");  // a former municipality's name is kept
  EXPECT_EQ(Name(R"({"postcode": "9120", "name": "Beveren"})"), "Beveren");
  EXPECT_EQ(Nis(R"({"region": "flanders"})"), "unknown");
  EXPECT_EQ(Nis(R"({"name": "Kessel-Lo"})"), "unknown");  // part of a municipality, no region: decides nothing
}

TEST(ResolveMunicipality, LeavesWallonianHouseholdsAlone) {
  EXPECT_EQ(Nis(R"({"postcode": "4000", "name": "Liège", "region": "wallonia"})"), "unknown");
  EXPECT_EQ(Nis(R"({"postcode": "4000"})"), "unknown");
  EXPECT_EQ(Nis(R"({"nis": "62063", "postcode": "4000"})"), "62063");
}

TEST(ResolveMunicipality, RefusesWhatMatchesNoMunicipalityNamingThePath) {
  EXPECT_EQ(Nis(R"({"postcode": "9999"})"),
            "error: hh.json: $.municipality.postcode: postcode 9999 matches no municipality in Flanders or Brussels");
  EXPECT_EQ(Nis(R"({"postcode": "24900"})"),
            "error: hh.json: $.municipality.postcode: '24900' is not a Belgian postcode (4 digits, such as 2490)");
  EXPECT_EQ(Nis(R"({"nis": "46003"})"),
            "error: hh.json: $.municipality.nis: '46003' is not the NIS code of a Flemish or Brussels municipality "
            "(since the mergers of 1 January 2025)");
  EXPECT_EQ(Nis(R"({"nis": "1300"})"),
            "error: hh.json: $.municipality.nis: '1300' is not a NIS code (5 digits, such as 13003 for Balen)");
  EXPECT_EQ(Nis(R"({"name": "Balne", "region": "flanders"})"),
            "error: hh.json: $.municipality.name: no municipality in Flanders or Brussels is called 'Balne' (did you "
            "mean 'Balen', 'Halle' or 'Malle'?)");
}

TEST(ResolveMunicipality, RefusesMembersThatDisagree) {
  EXPECT_EQ(Nis(R"({"nis": "24038", "postcode": "2490"})"),
            "error: hh.json: $.municipality.postcode: postcode 2490 is in Balen (13003), but $.municipality.nis 24038 "
            "is Herent");
  EXPECT_EQ(Nis(R"({"postcode": "2490", "name": "Mol"})"),
            "error: hh.json: $.municipality.name: 'Mol' is Mol (13025), but $.municipality.postcode 2490 is Balen");
  EXPECT_EQ(Nis(R"({"nis": "13003", "postcode": "4000"})"),
            "error: hh.json: $.municipality.postcode: postcode 4000 and $.municipality.nis 13003 are not the same "
            "municipality (Balen (13003) is only one of them)");
  EXPECT_EQ(Nis(R"({"postcode": "1000", "region": "flanders"})"),
            "error: hh.json: $.municipality.region: 'flanders', but Brussel (21004) is in brussels");
}

TEST(ResolveMunicipality, NamesTheCsvColumnThroughItsPlaces) {
  std::vector<Fact> facts(Fields(Entity::kHousehold).size());
  facts[*FindField(Entity::kHousehold, "municipality.postcode")] = Fact::Text("9998");
  MunicipalityPlaces places{"pop.csv:4: ",
                            [](std::string_view m) { return "column 'municipality." + std::string(m) + "'"; }};
  auto status = ResolveMunicipality(facts, places);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(),
            "pop.csv:4: column 'municipality.postcode': postcode 9998 matches no municipality in Flanders or Brussels");
}

}  // namespace
}  // namespace household
