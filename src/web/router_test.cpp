// web/router_test.cpp — handlers without a network: status codes, error
// messages, escaping, and the JSON API's shape.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "web/routes.h"
#include "web/site.h"

namespace web {
namespace {

std::unique_ptr<Site> MakeSite() {
  base::Diagnostics d;
  auto rules = rules::Compile({{"t.rop", R"(
right leefloon {
  name "Leefloon"
  level federal
  themes inkomen
  apply on_request "Bij het OCMW."
  summary "Een minimuminkomen."
  source "Wet van 26 mei 2002" "https://example.org"
  condition volwassen "u bent minstens 18 jaar": applicant.age >= 18
}
)"}},
                              d);
  EXPECT_EQ(d.Format(), "");
  auto site = BuildSite(std::move(*rules), catalog::Directory{}, ".", ".");
  EXPECT_TRUE(site.ok());
  (*site)->today = [] { return *base::Date::Parse("2025-03-01"); };
  return std::move(site).value();
}

Request Get(std::string path, std::string query = "") { return Request::Get(std::move(path), query); }

TEST(Router, RendersARightPageWithConditionsAndSources) {
  auto site = MakeSite();
  Response r = Handle(*site, Get("/recht/leefloon"));
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<h1>Leefloon</h1>"), std::string::npos);
  EXPECT_NE(r.body.find("u bent minstens 18 jaar"), std::string::npos);
  EXPECT_NE(r.body.find("Wet van 26 mei 2002"), std::string::npos);
}

TEST(Router, AnswersUnknownPagesAndMethodsWithClearCodes) {
  auto site = MakeSite();
  EXPECT_EQ(Handle(*site, Get("/recht/bestaat-niet")).status, 404);
  EXPECT_EQ(Handle(*site, Get("/api/rights/bestaat-niet")).status, 404);
  EXPECT_EQ(Handle(*site, Get("/static/../CMakeLists.txt")).status, 404);
  Request post = Get("/recht/leefloon");
  post.method = "POST";
  Response r = Handle(*site, post);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(Handle(*site, Get("/api/check")).status, 405);
}

TEST(Router, RejectsABadHouseholdNamingThePlace) {
  auto site = MakeSite();
  Request r = Get("/api/check");
  r.method = "POST";
  r.body = R"({"household": {"persons": [{"id": "p1", "incomes": [{"kind": "other", "amount": -5,
             "period": "month", "basis": "net"}]}]}})";
  Response response = Handle(*site, r);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"],
            "body: $.household.persons[0].incomes[0].amount: negative amount -5 is not allowed");
  r.body = "{\"household\": ";
  response = Handle(*site, r);
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(nlohmann::json::parse(response.body)["error"].get<std::string>().find("body:1:"), std::string::npos);
}

TEST(Router, ChecksAHouseholdThroughTheApi) {
  auto site = MakeSite();
  Request r = Get("/api/check");
  r.method = "POST";
  r.body = R"({"household": {"persons": [{"id": "p1", "birth_date": "1990-01-01"}]}})";
  Response response = Handle(*site, r);
  ASSERT_EQ(response.status, 200);
  auto j = nlohmann::json::parse(response.body);
  EXPECT_EQ(j["reference_date"], "2025-03-01");
  EXPECT_EQ(j["results"][0]["eligible"], true);
}

TEST(Router, ReadsTheHouseholdLenientlyWhenTheBodyAsks) {
  auto site = MakeSite();
  Request r = Get("/api/check");
  r.method = "POST";
  std::string household = R"("household": {"persons": [{"id": "p1", "birth_date": "1990-01-01", "birth_dat": "x"}]},
                             "housing": {"tenure": "tennant"})";
  r.body = "{" + household + "}";
  Response strict = Handle(*site, r);
  EXPECT_EQ(strict.status, 400);
  EXPECT_EQ(nlohmann::json::parse(strict.body)["error"],
            "body: $.household.persons[0].birth_dat: unknown field 'birth_dat' (did you mean 'birth_date'?)");

  r.body = R"({"lenient": true, )" + household + "}";
  Response lenient = Handle(*site, r);
  ASSERT_EQ(lenient.status, 200) << lenient.body;
  auto j = nlohmann::json::parse(lenient.body);
  EXPECT_EQ(j["results"][0]["eligible"], true);
  ASSERT_EQ(j["ignored_fields"].size(), 2u) << j["ignored_fields"].dump();
  EXPECT_EQ(j["ignored_fields"][0]["path"], "$.household.persons[0].birth_dat");
  EXPECT_EQ(j["ignored_fields"][0]["problem"], "unknown field 'birth_dat'");
  EXPECT_EQ(j["ignored_fields"][0]["did_you_mean"], nlohmann::json::array({"birth_date"}));
  EXPECT_EQ(j["ignored_fields"][1]["path"], "$.housing.tenure");
  EXPECT_EQ(j["ignored_fields"][1]["did_you_mean"], nlohmann::json::array({"tenant"}));
  EXPECT_EQ(j["ignored_fields"][1]["allowed"][1], "tenant");

  // A strict check's answer has no ignored_fields; a lenient one has them even when empty.
  r.body = R"({"household": {"persons": [{"id": "p1", "birth_date": "1990-01-01"}]}})";
  EXPECT_FALSE(nlohmann::json::parse(Handle(*site, r).body).contains("ignored_fields"));
  r.body = R"({"lenient": true, "household": {"persons": [{"id": "p1", "birth_date": "1990-01-01"}]}})";
  EXPECT_EQ(nlohmann::json::parse(Handle(*site, r).body)["ignored_fields"], nlohmann::json::array());
}

// Regression: impossible birth dates were accepted (also through the API).
TEST(Router, RefusesImpossibleDatesThroughTheApi) {
  auto site = MakeSite();
  Request r = Get("/api/check");
  r.method = "POST";
  for (const char* birth : {"0000-01-01", "9999-12-31", "2031-05-01"}) {
    r.body = std::string(R"({"household": {"persons": [{"id": "p1", "birth_date": ")") + birth + R"("}]}})";
    Response response = Handle(*site, r);
    EXPECT_EQ(response.status, 400) << birth;
    EXPECT_NE(nlohmann::json::parse(response.body)["error"].get<std::string>().find("$.household.persons[0].birth_date"),
              std::string::npos)
        << birth << ": " << response.body;
  }
}

TEST(Router, TheApiListsOtherTownsRightsOnlyWhenAsked) {
  base::Diagnostics d;
  auto rules = rules::Compile({{"t.rop", R"(
right lokaal {
  name "Lokaal"
  level municipal
  municipality 13003
  spec_id uitpas_kansentarief
  apply on_request "Bij de gemeente."
  source "Reglement" "https://example.org"
  condition volwassen "u bent minstens 18 jaar": applicant.age >= 18
}
)"}},
                              d);
  ASSERT_TRUE(rules) << d.Format();
  auto site = BuildSite(std::move(*rules), catalog::Directory{}, ".", ".");
  ASSERT_TRUE(site.ok());
  Request r = Get("/api/check");
  r.method = "POST";
  const std::string persons = R"("household": {"persons": [{"id": "p1", "birth_date": "1990-01-01"}]})";
  r.body = "{" + persons + R"(, "municipality": {"name": "Pelt"}})";
  EXPECT_TRUE(nlohmann::json::parse(Handle(**site, r).body)["results"].empty());
  r.body = "{" + persons + R"(, "municipality": {"name": "Pelt"}, "all_municipalities": true})";
  auto all = nlohmann::json::parse(Handle(**site, r).body)["results"];
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["spec_id"], "uitpas_kansentarief");
  r.body = "{" + persons + R"(, "municipality": {"name": "Balen"}})";
  EXPECT_EQ(nlohmann::json::parse(Handle(**site, r).body)["results"].size(), 1u);
  r.body = "{" + persons + R"(, "all_municipalities": "ja"})";
  EXPECT_EQ(Handle(**site, r).status, 400);
}

TEST(Router, EscapesUserTextInPages) {
  auto site = MakeSite();
  Response r = Handle(*site, Get("/zoeken", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;"), std::string::npos);
}

// A path for `pattern` with every parameter filled in by `value`.
std::string PathFor(std::string pattern, const std::string& value) {
  for (size_t open; (open = pattern.find('{')) != std::string::npos;) {
    pattern.replace(open, pattern.find('}', open) - open + 1, value);
  }
  return pattern;
}

TEST(Routes, EveryRouteIsReachableAndAnswersItsOwnMethod) {
  auto site = MakeSite();
  for (const Route& route : Routes()) {
    const std::string path = PathFor(route.pattern, "leefloon");
    PathParams params;
    std::string allow;
    // No earlier route shadows it.
    EXPECT_EQ(FindRoute(route.method, path, params, allow), &route) << route.method << " " << route.pattern;
    Request r = Get(path);
    r.method = route.method;
    if (r.path.starts_with("/api/")) r.body = "{}";
    const Response response = Handle(*site, r);
    EXPECT_NE(response.status, 405) << route.pattern;
    EXPECT_LT(response.status, 500) << route.pattern << ": " << response.internal_error;
    if (std::string_view(route.method) == "GET") {
      EXPECT_EQ(FindRoute("HEAD", path, params, allow), &route) << "HEAD is answered as GET: " << route.pattern;
    }
  }
}

TEST(Routes, AnUnknownMethodOnAKnownPathIs405WithTheMethodsItAllows) {
  auto site = MakeSite();
  for (const Route& route : Routes()) {
    const std::string path = PathFor(route.pattern, "leefloon");
    // What the table answers on this path, as the Allow header must list it.
    bool get = false, post = false;
    for (const Route& other : Routes()) {
      if (!MatchPattern(other.pattern, path)) continue;
      get = get || std::string_view(other.method) == "GET";
      post = post || std::string_view(other.method) == "POST";
    }
    const std::string allow = std::string(get ? "GET, HEAD" : "") + (get && post ? ", " : "") + (post ? "POST" : "");
    std::vector<std::string> methods = {"PUT", "DELETE", "PATCH", "OPTIONS"};
    if (!post) methods.push_back("POST");
    if (!get) methods.push_back("GET");
    for (const std::string& method : methods) {
      Request r = Get(path);
      r.method = method;
      const Response response = Handle(*site, r);
      EXPECT_EQ(response.status, 405) << method << " " << path;
      EXPECT_EQ(response.Header("Allow"), allow) << method << " " << path;
      EXPECT_EQ(response.content_type.starts_with("application/json"), path.starts_with("/api/")) << path;
    }
  }
  // An unknown path is 404, whatever the method.
  Request put = Get("/bestaat-niet");
  put.method = "PUT";
  EXPECT_EQ(Handle(*site, put).status, 404);
  put.path = "/api/bestaat-niet";
  EXPECT_EQ(Handle(*site, put).status, 404);
}

TEST(Routes, APatternParameterIsOneNonEmptySegment) {
  auto logo = MatchPattern("/logo/{id}.png", "/logo/aalst.png");
  ASSERT_TRUE(logo);
  EXPECT_EQ(logo->Get("id"), "aalst");
  EXPECT_EQ(logo->Get("other"), "");
  EXPECT_FALSE(MatchPattern("/logo/{id}.png", "/logo/.png"));
  EXPECT_FALSE(MatchPattern("/logo/{id}.png", "/logo/a/b.png"));
  EXPECT_FALSE(MatchPattern("/logo/{id}.png", "/logo/aalst.jpg"));
  auto card = MatchPattern("/recht/{id}/kaart.pdf", "/recht/leefloon/kaart.pdf");
  ASSERT_TRUE(card);
  EXPECT_EQ(card->Get("id"), "leefloon");
  for (const char* path : {"/recht/", "/recht", "/recht/a/b", "/recht/a/", "/recht//kaart.pdf", "/rechten"}) {
    EXPECT_FALSE(MatchPattern("/recht/{id}", path)) << path;
  }
  EXPECT_TRUE(MatchPattern("/", "/"));
  EXPECT_FALSE(MatchPattern("/", "/x"));
  EXPECT_FALSE(MatchPattern("/healthz", "/healthz/"));
}

TEST(Request, ReadsHeadersWhateverTheirCaseAndCookiesByName) {
  RawRequest raw{"GET", "/", "", "", {{"X-Request-Id", "abc"}, {"Cookie", "a=1; rechtop_session=\"s3\"; b = 2"}}};
  auto parsed = ParseRequest(std::move(raw));
  ASSERT_TRUE(std::holds_alternative<Request>(parsed));
  const Request& r = std::get<Request>(parsed);
  EXPECT_EQ(r.Header("x-request-id"), "abc");
  EXPECT_EQ(r.Header("Accept"), std::nullopt);
  EXPECT_EQ(r.Cookie("a"), "1");
  EXPECT_EQ(r.Cookie("rechtop_session"), "s3");
  EXPECT_EQ(r.Cookie("b"), "2");
  EXPECT_EQ(r.Cookie("rechtop"), std::nullopt);
  // A header that is not text is refused, naming it.
  RawRequest bad{"GET", "/", "", "", {{"Cookie", std::string("a=\0b", 4)}}};
  auto refused = ParseRequest(std::move(bad));
  ASSERT_TRUE(std::holds_alternative<BadRequest>(refused));
  EXPECT_EQ(std::get<BadRequest>(refused).parameter, "header Cookie");
}

TEST(Params, DecodesFormsAndKeepsRepeatedNames) {
  Params p = Params::Parse("a=1&v=x+y&v=%C3%A9&bad=%zz");
  EXPECT_EQ(p.Get("a"), "1");
  EXPECT_EQ(p.GetAll("v"), (std::vector<std::string>{"x y", "é"}));
  EXPECT_EQ(p.Get("bad"), "%zz");
  EXPECT_EQ(Escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

}  // namespace
}  // namespace web
