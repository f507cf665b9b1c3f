// web/search_pages_test.cpp — search and service pages on the real rule base
// and the demo directory (issue 21, item 4): the chosen town's own rights and
// services first, other towns' only when asked, the synonyms people use, the
// log of searches that found nothing, and a service's own contact points.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "catalog/demo.h"
#include "store/search_log.h"
#include "web/site.h"

namespace web {
namespace {

const std::filesystem::path kSourceDir = RECHTOP_SOURCE_DIR;

std::unique_ptr<Site> DemoSite(std::shared_ptr<store::SearchLog> log = store::OpenMemorySearchLog()) {
  base::Diagnostics diagnostics;
  std::optional<rules::RuleBase> rules = rules::Load({kSourceDir / "rights"}, diagnostics);
  EXPECT_TRUE(rules.has_value()) << diagnostics.Format();
  base::Result<catalog::Directory> directory = catalog::LoadDemoDirectory(kSourceDir / "data/demo");
  EXPECT_TRUE(directory.ok()) << directory.error().message();
  auto site = BuildSite(std::move(*rules), std::move(*directory), kSourceDir / "data/demo", kSourceDir / "web/static");
  EXPECT_TRUE(site.ok()) << site.error().message();
  (*site)->today = [] { return base::Date::FromYmd(2026, 12, 24); };  // a Thursday, Kerstavond
  (*site)->search_log = std::move(log);
  return std::move(site).value();
}

const Site& TheSite() {
  static const std::unique_ptr<Site> site = DemoSite(nullptr);
  return *site;
}

Request Get(std::string path, std::string query = "") { return Request::Get(std::move(path), query); }

// The hrefs of the hits of /zoeken, in order.
std::vector<std::string> HitLinks(const Site& site, const std::string& query) {
  Response response = Handle(site, Get("/zoeken", query));
  EXPECT_EQ(response.status, 200) << query;
  std::vector<std::string> links;
  const std::string& body = response.body;
  const size_t list = body.find("<ul class=\"cards\">");
  if (list == std::string::npos) return links;
  const size_t end = body.find("</ul>", list);
  for (size_t at = body.find("<h3><a href=\"", list); at != std::string::npos && at < end;
       at = body.find("<h3><a href=\"", at + 1)) {
    const size_t from = at + 13;
    std::string href = body.substr(from, body.find('"', from) - from);
    links.push_back(href.substr(0, href.find('?')));
  }
  return links;
}

bool Has(const std::vector<std::string>& links, std::string_view link) {
  return std::find(links.begin(), links.end(), link) != links.end();
}

size_t CountWith(const std::vector<std::string>& links, std::string_view part) {
  return static_cast<size_t>(std::count_if(links.begin(), links.end(),
                                           [&](const std::string& l) { return l.find(part) != std::string::npos; }));
}

TEST(SearchPage, InATownOtherTownsLocalRightsAreLeftOutUnlessAsked) {
  // Issue 21: "kansentarief" in Dendermonde listed the UiTPAS of Pelt, Oostende, ...
  std::vector<std::string> without = HitLinks(TheSite(), "q=kansentarief&gemeente=dendermonde");
  EXPECT_FALSE(Has(without, "/recht/uitpas_kansentarief_pelt"));
  EXPECT_FALSE(Has(without, "/recht/uitpas_kansentarief_oostende"));
  EXPECT_EQ(CountWith(without, "uitpas_kansentarief"), 0u);

  std::vector<std::string> with = HitLinks(TheSite(), "q=kansentarief&gemeente=dendermonde&andere=1");
  EXPECT_TRUE(Has(with, "/recht/uitpas_kansentarief_pelt"));
  EXPECT_TRUE(Has(with, "/recht/uitpas_kansentarief_oostende"));

  // Without a town, every town's rights are found, as before.
  EXPECT_TRUE(Has(HitLinks(TheSite(), "q=kansentarief"), "/recht/uitpas_kansentarief_pelt"));
}

TEST(SearchPage, OffersOtherTownsAndKeepsTheChoiceInTheForm) {
  Response page = Handle(TheSite(), Get("/zoeken", "q=kansentarief&gemeente=dendermonde"));
  EXPECT_NE(page.body.find("href=\"/zoeken?q=kansentarief&amp;gemeente=dendermonde&amp;andere=1\""), std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("name=\"andere\" value=\"1\">"), std::string::npos);
  Response others = Handle(TheSite(), Get("/zoeken", "q=kansentarief&gemeente=dendermonde&andere=1"));
  EXPECT_NE(others.body.find("name=\"andere\" value=\"1\" checked>"), std::string::npos);
  EXPECT_EQ(others.body.find("Zoek ook in andere gemeenten"), std::string::npos);
  EXPECT_NE(others.body.find("Lokaal: Pelt"), std::string::npos);
}

TEST(SearchPage, TheTownsOwnServicesComeFirst) {
  std::vector<std::string> energy = HitLinks(TheSite(), "q=energie&gemeente=leuven");
  ASSERT_FALSE(energy.empty());
  EXPECT_EQ(energy.front(), "/dienst/leuven-energiehulp");
  EXPECT_EQ(CountWith(energy, "/dienst/aalst-"), 0u);
  EXPECT_EQ(CountWith(energy, "/dienst/balen-"), 0u);
  EXPECT_TRUE(Has(energy, "/recht/sociaal_tarief_energie")) << "Federal rights are always shown";

  std::vector<std::string> speech = HitLinks(TheSite(), "q=logopedie&gemeente=dendermonde");
  ASSERT_FALSE(speech.empty());
  EXPECT_EQ(speech.front(), "/dienst/dendermonde-logopedie");
}

TEST(SearchPage, SchuldenFindsDebtHelpAndNoOtherTownsUitpas) {
  std::vector<std::string> links = HitLinks(TheSite(), "q=schulden&gemeente=dendermonde");
  EXPECT_TRUE(Has(links, "/recht/collectieve_schuldenregeling"));
  EXPECT_TRUE(Has(links, "/recht/energiefonds_ocmw")) << "its text names schuldbemiddeling and budgetbeheer";
  EXPECT_EQ(CountWith(links, "uitpas"), 0u);
}

TEST(SearchPage, BoodschappenFindsLeuvenHelptInLeuven) {
  std::vector<std::string> links = HitLinks(TheSite(), "q=boodschappen&gemeente=leuven");
  ASSERT_FALSE(links.empty());
  EXPECT_EQ(links.front(), "/dienst/leuven-helpt");
  EXPECT_TRUE(Has(HitLinks(TheSite(), "q=boodschappen&gemeente=herent"), "/dienst/herent-gezinszorg"));
}

TEST(SearchPage, CountsASearchThatFindsNothingPerTownWithoutPersonalData) {
  std::shared_ptr<store::SearchLog> log = store::OpenMemorySearchLog();
  std::unique_ptr<Site> site = DemoSite(log);
  Response page = Handle(*site, Get("/zoeken", "q=Fietsherstel%2C+0470123456&gemeente=leuven"));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Niets gevonden"), std::string::npos);
  EXPECT_EQ(page.internal_error, "");
  Handle(*site, Get("/zoeken", "q=fietsherstel&gemeente=leuven"));
  Handle(*site, Get("/zoeken", "q=fietsherstel"));
  Handle(*site, Get("/zoeken", "q=leefloon&gemeente=leuven"));           // found: not counted
  Handle(*site, Get("/zoeken", "q=jan%40example.org&gemeente=leuven"));  // an e-mail address: not counted
  const base::Date day = base::Date::FromYmd(2026, 12, 24);
  EXPECT_EQ(*log->ListMisses(std::nullopt), (std::vector<store::SearchMiss>{{"", "fietsherstel", 1, day, day},
                                                                            {"leuven", "fietsherstel", 2, day, day}}));
}

// A log that always fails, saying what the database said about a row.
class BrokenLog final : public store::SearchLog {
 public:
  base::Status RecordMiss(std::string_view, std::string_view, base::Date) override {
    return base::Error::Io("search log: counting a miss: disk I/O error");
  }
  base::Result<std::vector<store::SearchMiss>> ListMisses(const std::optional<std::string>&) override {
    return base::Error::Io("broken");
  }
};

TEST(SearchPage, AnswersTheSearchWhenTheLogFailsAndLogsTheErrorWithoutTheQuery) {
  std::unique_ptr<Site> site = DemoSite(std::make_shared<BrokenLog>());
  std::vector<std::string> lines;
  RawRequest raw;
  raw.method = "GET";
  raw.target = "/zoeken?q=fietsherstel&gemeente=leuven";
  Response page = HandleRaw(*site, raw, "req-1", [&](std::string_view line) { lines.emplace_back(line); });
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Niets gevonden"), std::string::npos);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("search log: not counted: search log: counting a miss: disk I/O error"), std::string::npos)
      << lines[0];
  EXPECT_EQ(lines[0].find("fietsherstel"), std::string::npos) << lines[0];
}

TEST(SearchApi, RanksTheTownFirstAndLeavesOtherTownsOutUnlessAsked) {
  auto ids = [](const Response& response) {
    std::vector<std::string> out;
    const nlohmann::json answer = nlohmann::json::parse(response.body);
    for (const auto& hit : answer["hits"]) out.push_back(hit["id"]);
    return out;
  };
  Response own = Handle(TheSite(), Get("/api/search", "q=boodschappen&gemeente=leuven"));
  ASSERT_EQ(own.status, 200);
  ASSERT_FALSE(ids(own).empty());
  EXPECT_EQ(ids(own).front(), "leuven-helpt");
  EXPECT_EQ(nlohmann::json::parse(own.body)["hits"][0]["municipality"], "Leuven");
  EXPECT_FALSE(Has(ids(Handle(TheSite(), Get("/api/search", "q=kansentarief&gemeente=dendermonde"))),
                   "uitpas_kansentarief_pelt"));
  EXPECT_TRUE(Has(ids(Handle(TheSite(), Get("/api/search", "q=kansentarief&gemeente=dendermonde&andere=1"))),
                  "uitpas_kansentarief_pelt"));
  Response unknown = Handle(TheSite(), Get("/api/search", "q=leefloon&gemeente=atlantis"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(nlohmann::json::parse(unknown.body)["error"], "unknown municipality 'atlantis'");
}

TEST(ServicePage, ShowsItsOwnContactPointsWithoutALinkedRight) {
  Response page = Handle(TheSite(), Get("/dienst/leuven-helpt"));
  ASSERT_EQ(page.status, 200);
  const std::string& body = page.body;
  EXPECT_NE(body.find("<h2>Contact</h2>"), std::string::npos) << body;
  EXPECT_NE(body.find("Voorbeeldstraat 1"), std::string::npos);
  EXPECT_NE(body.find("3000 Leuven"), std::string::npos);
  EXPECT_NE(body.find("href=\"tel:000000000\""), std::string::npos);
  EXPECT_NE(body.find("Vandaag, donderdag 24 december: 09:00–12:00 (Kerstavond)"), std::string::npos);
  EXPECT_NE(body.find("Volgende opening: maandag 28 december: 09:00–17:00"), std::string::npos);
  EXPECT_NE(body.find("voorbeeldgegevens"), std::string::npos);
  EXPECT_EQ(body.find("Voor deze rechten"), std::string::npos) << "no empty list of rights";
}

TEST(ServicePage, ShowsTheOrganisationsEmailWithoutALinkedRight) {
  Response page = Handle(TheSite(), Get("/dienst/aalst-rechten-en-diensten"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<h2>Contact</h2>"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"mailto:Welzijn@aalst.be\""), std::string::npos) << page.body;
}

TEST(ServicePage, ShowsItsOwnContactPointsAndItsRights) {
  Response page = Handle(TheSite(), Get("/dienst/dendermonde-sociale-dienst"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Voor deze rechten"), std::string::npos);
  EXPECT_NE(page.body.find("<h2>Contact</h2>"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"mailto:info@sociaalhuisdendermonde.be\""), std::string::npos);
}

}  // namespace
}  // namespace web
