// catalog/hsds_test.cpp — HSDS 3.0 round trip, error paths, and the demo directory in data/demo/.
#include "catalog/hsds.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "catalog/demo.h"

namespace catalog {
namespace {

using base::Date;

const std::filesystem::path kSourceDir = RECHTOP_SOURCE_DIR;

Directory Sample() {
  Directory d;
  d.municipalities.push_back(
      Municipality{"herent", "Herent", {"3020"}, "herent/logo.png", "#2d5a27", "#9bc53d", "24038"});
  d.organizations.push_back(Organization{"sh", "Sociaal Huis Herent", "OCMW", "https://example.org", "a@example.org"});
  d.organizations.push_back(Organization{"zf", "Ziekenfonds", "", "", ""});
  Location office{"loc", "Sociaal Huis", Address{"Voorbeeldstraat 1", "3020", "Herent"}, {}, {}, {}};
  office.hours = {{1, "09:00", "12:00"}, {2, "09:00", "12:00"}, {2, "13:30", "16:00"}, {5, "09:00", "12:00"}};
  office.exceptions = {{Date::FromYmd(2026, 12, 24), false, "09:00", "11:00", "Kerstavond"},
                       {Date::FromYmd(2026, 12, 25), true, "", "", "Kerstmis"},
                       {Date::FromYmd(2027, 1, 4), true, "", "", ""}};
  office.phones = {{"000 00 00 00", "voorbeeldnummer"}, {"016 00 00 00", ""}};
  d.locations.push_back(office);
  d.locations.push_back(Location{"nowhere", "Telefonisch", Address{}, {}, {}, {{"000 00 00 01", ""}}});
  d.services.push_back(Service{"sd", "Sociale dienst", "Leefloon en steun", "sh", {"loc"},
                               {"leefloon", "energiefonds_ocmw"}, {"identiteitskaart", "loonfiches"}, "herent", true});
  d.services.push_back(Service{"vt", "Verhoogde tegemoetkoming", "", "zf", {"loc", "nowhere"},
                               {"verhoogde_tegemoetkoming"}, {}, "", false});
  return d;
}

std::string ErrorOf(std::string_view json) {
  base::Result<Directory> result = FromHsds(json, "test.json");
  return result.ok() ? "ok" : result.error().message();
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Hsds, RoundTripsADirectory) {
  Directory d = Sample();
  std::string json = ToHsds(d);
  base::Result<Directory> back = FromHsds(json, "sample");
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(*back, d);
  EXPECT_EQ(ToHsds(*back), json);
}

TEST(Hsds, WritesHsdsObjects) {
  std::string json = ToHsds(Sample());
  EXPECT_NE(json.find("\"byday\": \"MO,TU,FR\""), std::string::npos);
  EXPECT_NE(json.find("\"state_province\": \"Vlaams-Brabant\""), std::string::npos);
  EXPECT_NE(json.find("\"valid_from\": \"2026-12-25\""), std::string::npos);
  EXPECT_NE(json.find("\"description\": \"Gesloten op 25 december 2026 (Kerstmis)\""), std::string::npos);
  EXPECT_NE(json.find("\"taxonomy\": \"rechtop-rights\""), std::string::npos);
  EXPECT_NE(json.find("\"website\": \"https://example.org\""), std::string::npos);
}

TEST(Hsds, ReadsGroupedDaysSecondsAndRanges) {
  base::Result<Directory> d = FromHsds(R"({
    "organizations": [{"id": "o", "name": "O", "description": "x", "unknown_hsds_field": 1}],
    "locations": [{"id": "l", "name": "L", "latitude": 50.9, "schedules": [
      {"id": "s1", "freq": "WEEKLY", "byday": "FR, MO", "opens_at": "09:00:00", "closes_at": "12:00"},
      {"id": "s2", "valid_from": "2026-07-20", "valid_to": "2026-07-23"},
      {"id": "s3", "valid_from": "2026-08-01", "valid_to": "2026-08-14", "byday": "MO", "opens_at": "10:00", "closes_at": "11:00"}
    ]}],
    "services": [{"id": "s", "name": "S", "organization_id": "o", "status": "active",
                  "attributes": [{"id": "a", "taxonomy_term": {"id": "t", "name": "other", "taxonomy": "elsewhere"}}]}]
  })", "t");
  ASSERT_TRUE(d.ok()) << d.error().message();
  const Location& l = d->locations[0];
  ASSERT_EQ(l.hours.size(), 2u);
  EXPECT_EQ(l.hours[0], (OpeningSlot{1, "09:00", "12:00"}));
  EXPECT_EQ(l.hours[1].weekday, 5);
  ASSERT_EQ(l.exceptions.size(), 6u);  // 20-23 July closed, Mondays 3 and 10 August open
  EXPECT_TRUE(l.exceptions[3].closed);
  EXPECT_EQ(l.exceptions[4].date, Date::FromYmd(2026, 8, 3));
  EXPECT_FALSE(l.exceptions[4].closed);
  EXPECT_TRUE(d->services[0].right_ids.empty());
  EXPECT_FALSE(d->services[0].demo);
}

TEST(Hsds, ErrorsNameTheJsonPath) {
  EXPECT_EQ(ErrorOf(R"({"locations": [{"id": "l", "name": "L", "schedules": [
                        {"byday": "MO", "opens_at": "9u", "closes_at": "12:00"}]}]})"),
            "test.json: $.locations[0].schedules[0].opens_at: '9u' is not HH:MM local time (time zone suffixes "
            "are not supported)");
  EXPECT_EQ(ErrorOf(R"({"locations": [{"id": "l", "name": "L", "schedules": [
                        {"byday": "MO,XX", "opens_at": "09:00", "closes_at": "12:00"}]}]})"),
            "test.json: $.locations[0].schedules[0].byday: 'XX' is not a weekday code (MO, TU, WE, TH, FR, SA, SU)");
  EXPECT_EQ(ErrorOf(R"({"locations": [{"id": "l", "name": "L", "schedules": [
                        {"byday": "MO", "opens_at": "09:00"}]}]})"),
            "test.json: $.locations[0].schedules[0].closes_at: missing (opens_at and closes_at go together)");
  EXPECT_EQ(ErrorOf(R"({"locations": [{"id": "l", "name": "L", "schedules": [
                        {"byday": "MO", "opens_at": "09:00", "closes_at": "12:00", "freq": "MONTHLY"}]}]})"),
            "test.json: $.locations[0].schedules[0].freq: 'MONTHLY' is not supported (only WEEKLY)");
  EXPECT_EQ(ErrorOf(R"({"locations": [{"id": "l", "name": "L", "schedules": [
                        {"valid_from": "2026-02-30"}]}]})"),
            "test.json: $.locations[0].schedules[0].valid_from: '2026-02-30' is not a date YYYY-MM-DD");
  EXPECT_EQ(ErrorOf(R"({"services": [{"id": "s", "name": "S", "organization_id": "o",
                        "x-rechtop": {"municipality": "x", "demoo": true}}]})"),
            "test.json: $.services[0].x-rechtop.demoo: unknown member (expected one of: municipality, demo)");
  EXPECT_EQ(ErrorOf(R"({"services": [{"id": "s", "name": 5}]})"),
            "test.json: $.services[0].name: expected a string, got number");
  EXPECT_EQ(ErrorOf(R"({"organizations": {}})"), "test.json: $.organizations: expected an array, got object");
  EXPECT_EQ(ErrorOf(R"([1])"), "test.json: $: expected an object, got array");
  EXPECT_EQ(ErrorOf(R"({"x-rechtop-municipalities": [{"id": "m", "name": "M", "primary_colour": "#000000",
                        "accent_colour": "#ffffff", "postcodes": [9200]}]})"),
            "test.json: $.x-rechtop-municipalities[0].postcodes[0]: expected a string, got number");
}

// One municipality id: a municipality carries its NIS code, given or taken
// from the table (geo/) for its slug.
TEST(Hsds, GivesEachMunicipalityItsNisCode) {
  const std::string colours = R"("primary_colour": "#1f4e79", "accent_colour": "#ffffff", "postcodes": [])";
  base::Result<Directory> d = FromHsds(R"({"x-rechtop-municipalities": [{"id": "oud-heverlee", "name": "Oud-Heverlee", )" +
                                           colours + "}]}",
                                       "test.json");
  ASSERT_TRUE(d.ok()) << d.error().message();
  EXPECT_EQ(d->municipalities[0].nis, "24086");
  EXPECT_NE(ToHsds(*d).find(R"("nis": "24086")"), std::string::npos);
  EXPECT_EQ(ErrorOf(R"({"x-rechtop-municipalities": [{"id": "atlantis", "name": "Atlantis", )" + colours + "}]}"),
            "test.json: $.x-rechtop-municipalities[0].nis: missing, and 'atlantis' is not the slug of a municipality "
            "of Flanders or Brussels: give its NIS code");
  EXPECT_EQ(ErrorOf(R"({"x-rechtop-municipalities": [{"id": "beveren", "nis": "46003", "name": "Beveren", )" + colours +
                    "}]}"),
            "test.json: $.x-rechtop-municipalities[0].nis: '46003' is not the NIS code of a municipality of Flanders "
            "or Brussels");
}

TEST(Hsds, ValidatesTheResult) {
  EXPECT_EQ(ErrorOf(R"({"organizations": [{"id": "o", "name": "O"}],
                        "services": [{"id": "s", "name": "S", "organization_id": "o",
                                      "service_at_locations": [{"location_id": "gone"}]}]})"),
            "test.json: service 's': unknown location 'gone'");
}

TEST(Hsds, ReportsMalformedJsonWithLineAndColumn) {
  std::string message = ErrorOf("{\n  \"organizations\": [,]\n}");
  EXPECT_EQ(message.rfind("test.json:2:", 0), 0u) << message;
  EXPECT_NE(message.find("malformed JSON"), std::string::npos) << message;
  EXPECT_EQ(ErrorOf(std::string(100, '[') + std::string(100, ']')),
            "test.json: JSON nested deeper than 32 levels");
  EXPECT_NE(ErrorOf("").find("malformed JSON"), std::string::npos);
  EXPECT_NE(ErrorOf(R"({"organizations": [1e999999]})").find("malformed JSON"), std::string::npos);
}

TEST(Hsds, SurvivesArbitraryBytes) {
  std::string json = ToHsds(Sample());
  for (size_t cut = 0; cut < json.size(); cut += 97) {
    (void)FromHsds(json.substr(0, cut), "cut");  // must not crash or throw
    std::string mangled = json;
    mangled[cut] = '\xff';
    (void)FromHsds(mangled, "mangled");
  }
}

// --- the demo directory shipped in data/demo/ ---

std::vector<std::string> RuleBaseRightIds() {
  std::vector<std::string> ids;
  std::regex right_line(R"(^right ([a-z0-9_]+) \{)");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kSourceDir / "rights")) {
    if (entry.path().extension() != ".rop") continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      std::smatch match;
      if (std::regex_search(line, match, right_line)) ids.push_back(match[1]);
    }
  }
  return ids;
}

TEST(HsdsDemo, LoadsAllMunicipalities) {
  base::Result<Directory> d = LoadDemoDirectory(kSourceDir / "data/demo");
  ASSERT_TRUE(d.ok()) << d.error().message();
  for (const char* id : {"aalst", "balen", "dendermonde", "herent", "leuven"}) {
    const Municipality* m = d->FindMunicipality(id);
    ASSERT_NE(m, nullptr) << id;
    EXPECT_EQ(m->logo_path, std::string(id) + "/logo.png");
    EXPECT_GE(*ContrastRatio(m->primary_colour, "#ffffff"), 4.5) << id;
    EXPECT_FALSE(d->ServicesFor("leefloon", id).empty()) << id;
  }
  EXPECT_EQ(d->FindMunicipality("balen")->nis, "13003");
  EXPECT_EQ(d->FindMunicipality("herent")->nis, "24038");
  EXPECT_EQ(d->FindMunicipality("dendermonde")->nis, "42006");
  EXPECT_EQ(d->FindMunicipality("aalst")->nis, "41002");
  EXPECT_EQ(d->FindMunicipality("leuven")->nis, "24062");
  EXPECT_EQ(d->MunicipalityForPostcode("3001")->id, "leuven");
  EXPECT_EQ(d->MunicipalityForPostcode("2491")->id, "balen");
}

TEST(HsdsDemo, LinksOnlyRightsOfTheRuleBase) {
  base::Result<Directory> d = LoadDemoDirectory(kSourceDir / "data/demo");
  ASSERT_TRUE(d.ok()) << d.error().message();
  base::Status known = CheckRightIds(*d, RuleBaseRightIds());
  EXPECT_TRUE(known.ok()) << known.error().message();
}

TEST(HsdsDemo, MarksIllustrativeContactDataAsDemo) {
  base::Result<Directory> d = LoadDemoDirectory(kSourceDir / "data/demo");
  ASSERT_TRUE(d.ok()) << d.error().message();
  for (const Service& service : d->services) {
    for (const std::string& location_id : service.location_ids) {
      const Location* location = d->FindLocation(location_id);
      bool illustrative = location->address.street.rfind("Voorbeeld", 0) == 0;
      for (const Phone& phone : location->phones) illustrative |= phone.number.rfind("000 ", 0) == 0;
      if (illustrative) {
        EXPECT_TRUE(service.demo) << service.id << " uses illustrative contact data";
      }
    }
  }
  // The one real contact point from the seeds (Aalst, seed 002) is not marked demo.
  EXPECT_FALSE(d->FindService("aalst-rechten-en-diensten")->demo);
}

TEST(HsdsDemo, FilesAreInCanonicalForm) {
  for (const char* folder : {"aalst", "balen", "dendermonde", "herent", "leuven", "regional"}) {
    std::filesystem::path path = kSourceDir / "data/demo" / folder / kDirectoryFileName;
    std::string text = ReadFile(path);
    base::Result<Directory> d = FromHsds(text, path.string());
    ASSERT_TRUE(d.ok()) << d.error().message();
    EXPECT_EQ(ToHsds(*d), text) << path << " differs from ToHsds(FromHsds(file))";
  }
}

TEST(HsdsDemo, ReportsAMissingDataDirectory) {
  base::Result<Directory> d = LoadDemoDirectory(kSourceDir / "no-such-dir");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code(), base::Error::Code::kIo);
}

}  // namespace
}  // namespace catalog
