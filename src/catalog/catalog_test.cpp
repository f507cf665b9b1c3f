// catalog/catalog_test.cpp — lookups, validation messages and Dutch opening hours.
#include "catalog/catalog.h"

#include <gtest/gtest.h>

namespace catalog {
namespace {

using base::Date;

Directory SmallDirectory() {
  Directory d;
  d.municipalities.push_back(Municipality{"dendermonde", "Dendermonde", {"9200"}, "dendermonde/logo.png", "#1f4e79",
                                          "#f2b134"});
  d.municipalities.push_back(Municipality{"aalst", "Aalst", {"9300", "9308"}, "", "#8b1a1a", "#f4d35e"});
  d.organizations.push_back(Organization{"sh", "Sociaal Huis", "", "", "info@example.org"});
  Location office{"loc-sh", "Sociaal Huis", Address{"Voorbeeldstraat 1", "9200", "Dendermonde"}, {}, {}, {}};
  office.hours = {{1, "09:00", "12:00"}, {1, "13:30", "16:00"}, {3, "09:00", "12:00"}};
  office.exceptions = {{Date::FromYmd(2025, 12, 24), false, "09:00", "11:00", "Kerstavond"},
                       {Date::FromYmd(2025, 12, 25), true, "", "", "Kerstmis"},
                       {Date::FromYmd(2026, 3, 1), true, "", "", ""}};
  office.phones = {{"000 00 00 00", "voorbeeldnummer"}};
  d.locations.push_back(office);
  d.services.push_back(Service{"sh-leefloon", "Sociale dienst", "", "sh", {"loc-sh"}, {"leefloon"}, {}, "dendermonde",
                               true});
  d.services.push_back(Service{"zf", "Ziekenfonds", "", "sh", {"loc-sh"}, {"leefloon", "maximumfactuur"}, {}, "", true});
  d.services.push_back(Service{"aalst-ocmw", "OCMW Aalst", "", "sh", {}, {"leefloon"}, {}, "aalst", true});
  return d;
}

std::string ErrorOf(const Directory& d) {
  base::Status status = Validate(d);
  return status.ok() ? "ok" : status.error().message();
}

TEST(Catalog, SmallDirectoryIsValid) { EXPECT_EQ(ErrorOf(SmallDirectory()), "ok"); }

TEST(Catalog, FindsRecordsById) {
  Directory d = SmallDirectory();
  ASSERT_NE(d.FindMunicipality("aalst"), nullptr);
  EXPECT_EQ(d.FindMunicipality("aalst")->name, "Aalst");
  EXPECT_EQ(d.FindMunicipality("gent"), nullptr);
  EXPECT_EQ(d.FindLocation("loc-sh")->address.city, "Dendermonde");
  EXPECT_EQ(d.FindOrganization("sh")->email, "info@example.org");
  EXPECT_EQ(d.FindOrganization("nope"), nullptr);
  EXPECT_EQ(d.FindService("zf")->name, "Ziekenfonds");
}

TEST(Catalog, MapsPostcodeToMunicipality) {
  Directory d = SmallDirectory();
  EXPECT_EQ(d.MunicipalityForPostcode("9308")->id, "aalst");
  EXPECT_EQ(d.MunicipalityForPostcode("9200")->id, "dendermonde");
  EXPECT_EQ(d.MunicipalityForPostcode("1000"), nullptr);
}

TEST(Catalog, ServicesForListsLocalThenRegional) {
  Directory d = SmallDirectory();
  std::vector<const Service*> services = d.ServicesFor("leefloon", "dendermonde");
  ASSERT_EQ(services.size(), 2u);
  EXPECT_EQ(services[0]->id, "sh-leefloon");
  EXPECT_EQ(services[1]->id, "zf");
  ASSERT_EQ(d.ServicesFor("leefloon", "aalst").size(), 2u);
  EXPECT_EQ(d.ServicesFor("leefloon", "aalst")[0]->id, "aalst-ocmw");
  ASSERT_EQ(d.ServicesFor("maximumfactuur", "aalst").size(), 1u);
  EXPECT_EQ(d.ServicesFor("leefloon", "")[0]->id, "zf");
  EXPECT_TRUE(d.ServicesFor("vlaamse_huurpremie", "aalst").empty());
}

TEST(Catalog, RejectsDanglingLocation) {
  Directory d = SmallDirectory();
  d.services[0].location_ids.push_back("loc-x");
  EXPECT_EQ(ErrorOf(d), "service 'sh-leefloon': unknown location 'loc-x'");
}

TEST(Catalog, RejectsDanglingOrganizationAndMunicipality) {
  Directory d = SmallDirectory();
  d.services[1].organization_id = "cm";
  EXPECT_EQ(ErrorOf(d), "service 'zf': unknown organization 'cm'");
  d = SmallDirectory();
  d.services[0].municipality_id = "gent";
  EXPECT_EQ(ErrorOf(d), "service 'sh-leefloon': unknown municipality 'gent'");
}

TEST(Catalog, RejectsBadWeekday) {
  Directory d = SmallDirectory();
  d.locations[0].hours[2].weekday = 8;
  EXPECT_EQ(ErrorOf(d), "location 'loc-sh': hours[2]: weekday 8 is not 1 (maandag) to 7 (zondag)");
}

TEST(Catalog, RejectsBadTimes) {
  Directory d = SmallDirectory();
  d.locations[0].hours[0].opens = "9u";
  EXPECT_EQ(ErrorOf(d), "location 'loc-sh': hours[0]: opening time '9u' is not HH:MM");
  d = SmallDirectory();
  d.locations[0].hours[0].closes = "08:00";
  EXPECT_EQ(ErrorOf(d), "location 'loc-sh': hours[0]: opens at 09:00 but closes at 08:00");
  d = SmallDirectory();
  d.locations[0].exceptions[1].opens = "09:00";
  EXPECT_EQ(ErrorOf(d),
            "location 'loc-sh': exceptions[1] (2025-12-25): a closed day has no opening or closing time");
  d = SmallDirectory();
  d.locations[0].exceptions[0].closes = "25:00";
  EXPECT_EQ(ErrorOf(d), "location 'loc-sh': exceptions[0] (2025-12-24): closing time '25:00' is not HH:MM");
}

TEST(Catalog, RejectsBadColours) {
  Directory d = SmallDirectory();
  d.municipalities[1].primary_colour = "#12345";
  EXPECT_EQ(ErrorOf(d), "municipality 'aalst': primary_colour '#12345' is not #rrggbb");
  d = SmallDirectory();
  d.municipalities[1].accent_colour = "red";
  EXPECT_EQ(ErrorOf(d), "municipality 'aalst': accent_colour 'red' is not #rrggbb");
  d = SmallDirectory();
  d.municipalities[1].primary_colour = "#ffcc00";
  EXPECT_EQ(ErrorOf(d), "municipality 'aalst': white text on primary_colour #ffcc00 has contrast 1.51:1, below 4.5:1");
}

// Regression: an imported logo_path of "/etc/passwd" or "../../etc/hostname"
// was served to every visitor. Every path that data names is checked.
TEST(Catalog, RejectsLogoPathsThatLeaveTheDataFolder) {
  for (const char* path : {"/etc/passwd", "../../../../etc/hostname", "aalst/../../x.png", "./logo.png",
                           "aalst//logo.png", "aalst/.hidden.png", "aalst/logo.png/", "logo.svg", "logo",
                           "aalst\\..\\x.png", "%2e%2e/x.png", "aalst/logo.png\n", ".png"}) {
    Directory d = SmallDirectory();
    d.municipalities[1].logo_path = path;
    EXPECT_NE(ErrorOf(d).find("municipality 'aalst': logo_path '"), std::string::npos) << path << ": " << ErrorOf(d);
  }
  Directory d = SmallDirectory();
  d.municipalities[1].logo_path = "aalst/logo-2025_v1.png";
  EXPECT_EQ(ErrorOf(d), "ok");
  d.municipalities[1].logo_path = "";
  EXPECT_EQ(ErrorOf(d), "ok");
}

TEST(Catalog, RejectsMunicipalityIdsThatAreNoSlugs) {
  for (const char* id : {"../x", "Aalst", "a b", "a/b", "-a", "a.css", ""}) {
    Directory d = SmallDirectory();
    d.municipalities[1].id = id;
    for (auto& s : d.services) {
      if (s.municipality_id == "aalst") s.municipality_id = id;
    }
    EXPECT_NE(ErrorOf(d), "ok") << id;
  }
}

TEST(Catalog, RejectsANisCodeOfNoMunicipality) {
  Directory d = SmallDirectory();
  d.municipalities[1].nis = "41002";
  EXPECT_EQ(ErrorOf(d), "ok");
  d.municipalities[1].nis = "41001";
  EXPECT_EQ(ErrorOf(d), "municipality 'aalst': NIS code '41001' is not a municipality of Flanders or Brussels");
  d.municipalities[0].nis = "41002";
  d.municipalities[1].nis = "41002";
  EXPECT_EQ(ErrorOf(d), "municipality 'aalst': NIS code 41002 is also municipality 'dendermonde''s");
}

TEST(Catalog, RejectsDuplicatesAndSharedPostcodes) {
  Directory d = SmallDirectory();
  d.locations.push_back(d.locations[0]);
  EXPECT_EQ(ErrorOf(d), "location 'loc-sh': duplicate id");
  d = SmallDirectory();
  d.municipalities[1].postcodes.push_back("9200");
  EXPECT_EQ(ErrorOf(d), "municipality 'aalst': postcode 9200 also belongs to municipality 'dendermonde'");
  d = SmallDirectory();
  d.municipalities[1].postcodes.push_back("930");
  EXPECT_EQ(ErrorOf(d), "municipality 'aalst': postcode '930' is not four digits");
}

TEST(Catalog, ComputesContrastAndWeekdays) {
  EXPECT_NEAR(*ContrastRatio("#000000", "#ffffff"), 21.0, 1e-9);
  EXPECT_NEAR(*ContrastRatio("#ffffff", "#ffffff"), 1.0, 1e-9);
  EXPECT_FALSE(ContrastRatio("#fff", "#ffffff").has_value());
  EXPECT_EQ(WeekdayOf(Date::FromYmd(2025, 12, 25)), 4);  // donderdag
  EXPECT_EQ(WeekdayOf(Date::FromYmd(1969, 12, 28)), 7);  // zondag, before the epoch
  EXPECT_EQ(WeekdayDutch(1), "maandag");
  EXPECT_EQ(WeekdayDutch(0), "");
}

TEST(Catalog, WritesOpeningHoursInDutch) {
  Directory d = SmallDirectory();
  std::vector<std::string> lines = OpeningHoursDutch(d.locations[0], Date::FromYmd(2025, 12, 22), 14);
  std::vector<std::string> expected = {
      "maandag 09:00\u201312:00, 13:30\u201316:00",
      "woensdag 09:00\u201312:00",
      "woensdag 24 december: 09:00\u201311:00 (Kerstavond)",
      "donderdag 25 december: gesloten (Kerstmis)",
  };
  EXPECT_EQ(lines, expected);
  // The window is half-open: 1 March 2026 is one day past a 7-day window from 22 February.
  lines = OpeningHoursDutch(d.locations[0], Date::FromYmd(2026, 2, 22), 7);
  EXPECT_EQ(lines.size(), 2u);
  lines = OpeningHoursDutch(d.locations[0], Date::FromYmd(2026, 2, 22), 8);
  EXPECT_EQ(lines.back(), "zondag 1 maart: gesloten");
  EXPECT_TRUE(OpeningHoursDutch(Location{}, Date::FromYmd(2026, 1, 1), 30).empty());
}

TEST(Catalog, SortsSlotsWithinADay) {
  Location location;
  location.hours = {{2, "13:00", "16:00"}, {1, "09:00", "12:00"}, {2, "09:00", "12:00"}};
  std::vector<std::string> lines = OpeningHoursDutch(location, Date::FromYmd(2026, 1, 5), 7);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "dinsdag 09:00\u201312:00, 13:00\u201316:00");
}

TEST(Catalog, ChecksRightIdsAgainstTheRuleBase) {
  Directory d = SmallDirectory();
  EXPECT_TRUE(CheckRightIds(d, {"leefloon", "maximumfactuur"}).ok());
  d.services[1].right_ids.push_back("leeflon");
  base::Status status = CheckRightIds(d, {"leefloon", "maximumfactuur"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "service 'zf': unknown right 'leeflon' (did you mean 'leefloon'?)");
}

TEST(Catalog, MergesIdenticalRecordsAndRejectsConflicts) {
  Directory target = SmallDirectory();
  Directory source;
  source.organizations.push_back(target.organizations[0]);
  source.organizations.push_back(Organization{"caw", "CAW", "", "", ""});
  ASSERT_TRUE(MergeInto(target, source).ok());
  EXPECT_EQ(target.organizations.size(), 2u);
  source.organizations[0].name = "Ander Sociaal Huis";
  source.organizations[1].id = "new";
  base::Status status = MergeInto(target, source);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "organization 'sh' is defined twice, differently");
  EXPECT_EQ(target.organizations.size(), 2u);  // unchanged on error
}

TEST(OpeningHours, SaysTodaysHoursWithExceptionsAndTheNextDayItOpens) {
  Location office{"loc", "Sociaal Huis", {}, {{1, "13:30", "16:00"}, {1, "09:00", "12:00"}, {4, "09:00", "12:00"}}, {},
                  {}};
  office.exceptions = {{Date::FromYmd(2026, 12, 24), false, "09:00", "11:00", "Kerstavond"},
                       {Date::FromYmd(2026, 12, 28), true, "", "", "Brugdag"}};
  EXPECT_EQ(HoursOnDutch(office, Date::FromYmd(2026, 12, 7)), "09:00–12:00, 13:30–16:00");  // a Monday
  EXPECT_EQ(HoursOnDutch(office, Date::FromYmd(2026, 12, 8)), "gesloten");
  EXPECT_EQ(HoursOnDutch(office, Date::FromYmd(2026, 12, 24)), "09:00–11:00 (Kerstavond)");
  EXPECT_EQ(HoursOnDutch(office, Date::FromYmd(2026, 12, 28)), "gesloten (Brugdag)");
  EXPECT_EQ(NextOpenDay(office, Date::FromYmd(2026, 12, 7), 60), Date::FromYmd(2026, 12, 10));
  // After Thursday 24: Monday 28 is closed, so Thursday 31.
  EXPECT_EQ(NextOpenDay(office, Date::FromYmd(2026, 12, 24), 60), Date::FromYmd(2026, 12, 31));
  EXPECT_EQ(NextOpenDay(office, Date::FromYmd(2026, 12, 24), 6), std::nullopt);
  EXPECT_EQ(DayDutch(Date::FromYmd(2026, 12, 24)), "donderdag 24 december");

  Location phone_only{"tel", "Telefonisch", {}, {}, {}, {}};
  EXPECT_EQ(HoursOnDutch(phone_only, Date::FromYmd(2026, 12, 7)), "");
  EXPECT_EQ(NextOpenDay(phone_only, Date::FromYmd(2026, 12, 7), 60), std::nullopt);
}

}  // namespace
}  // namespace catalog
