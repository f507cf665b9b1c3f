// web/hardening_test.cpp — regression tests for the defects of issue 17 that
// live above the socket: files named by data, requests that are not UTF-8,
// JSON built by hand, headers set in one place, personal data in GET URLs.
// The socket-level defences (limits, timeouts, drain) are tested against a
// live server in tests/robustness/.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "household/schema.h"
#include "web/middleware.h"
#include "web/pages.h"
#include "web/site.h"

namespace web {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRules = R"(
right leefloon {
  name "Leefloon"
  level federal
  themes inkomen
  apply on_request "Bij het OCMW."
  summary "Een minimuminkomen."
  source "Wet van 26 mei 2002" "https://example.org"
  condition volwassen "u bent minstens 18 jaar": applicant.age >= 18
}
)";

// A data folder with one real logo, and a secret file beside (outside) it.
class Hardening : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("rechtop-hardening-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "data" / "aalst");
    std::ofstream(root_ / "data" / "aalst" / "logo.png") << "PNGDATA";
    std::ofstream(root_ / "secret.png") << "SECRET";
    std::ofstream(root_ / "data" / "style.css") << "body{}";
  }
  void TearDown() override { fs::remove_all(root_); }

  // The directory is not validated: the store may hold data imported before
  // paths were checked, and the server must still refuse to leave data/.
  std::unique_ptr<Site> MakeSite(std::string logo_path) {
    base::Diagnostics d;
    auto rules = rules::Compile({{"t.rop", kRules}}, d);
    EXPECT_EQ(d.Format(), "");
    catalog::Directory directory;
    directory.municipalities.push_back({"aalst", "Aalst", {"9300"}, std::move(logo_path), "#1d4f7a", "#f5a300"});
    auto site = BuildSite(std::move(*rules), std::move(directory), root_ / "data", root_ / "data");
    EXPECT_TRUE(site.ok());
    (*site)->today = [] { return *base::Date::Parse("2025-03-01"); };
    return std::move(site).value();
  }

  fs::path root_;
};

Response Raw(const Site& site, std::string method, std::string target, std::string body = "",
             std::string content_type = "") {
  return HandleRaw(site, RawRequest{std::move(method), std::move(target), std::move(content_type), std::move(body)});
}

// Regression: logo_path "../secret.png" (or "/etc/passwd") was served as is.
TEST_F(Hardening, ServesOnlyLogosInsideTheDataFolder) {
  auto good = MakeSite("aalst/logo.png");
  Response r = Raw(*good, "GET", "/logo/aalst.png");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "PNGDATA");
  for (const std::string& evil : std::vector<std::string>{"../secret.png", (root_ / "secret.png").string(), "aalst/../../secret.png",
                           "aalst/link.png", "/etc/passwd"}) {
    auto site = MakeSite(evil);
    fs::create_symlink(root_ / "secret.png", root_ / "data" / "aalst" / "link.png");
    Response response = Raw(*site, "GET", "/logo/aalst.png");
    EXPECT_EQ(response.status, 404) << evil;
    EXPECT_EQ(response.body.find("SECRET"), std::string::npos) << evil;
    EXPECT_FALSE(LogoFile(*site, site->directory.municipalities[0])) << evil;
    // The referral card reads the logo through the same check.
    auto card = CardFor(*site, Request{"GET", "/recht/leefloon/kaart.pdf", Params::Parse("gemeente=aalst"), "", ""},
                        "leefloon");
    ASSERT_TRUE(card);
    EXPECT_EQ(card->branding.logo_path, "") << evil;
    fs::remove(root_ / "data" / "aalst" / "link.png");
  }
}

TEST_F(Hardening, ServesOnlyStaticFilesInsideTheStaticFolder) {
  auto site = MakeSite("");
  fs::create_symlink(root_ / "secret.png", root_ / "data" / "leak.css");
  EXPECT_EQ(Raw(*site, "GET", "/static/style.css").status, 200);
  for (const char* target : {"/static/leak.css", "/static/../secret.png", "/static/%2e%2e/secret.png",
                             "/static/..%2fsecret.png", "/static/huisstijl/..%2f..%2fsecret.png",
                             "/static/huisstijl/../../secret.png", "/logo/..%2fsecret.png", "/logo/%2e%2e.png"}) {
    Response r = Raw(*site, "GET", target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << target;
  }
}

// Regression: invalid UTF-8 made the JSON serialiser throw (an HTML 500).
TEST_F(Hardening, RefusesInvalidUtf8AndNulNamingTheParameter) {
  auto site = MakeSite("");
  struct Case {
    std::string method, target, body, parameter;
  };
  std::vector<Case> cases = {
      {"GET", "/api/search?q=%FF", "", "'q'"},
      {"GET", "/api/search?q=ok&kind=%C3%28", "", "'kind'"},
      {"GET", "/api/rights/%FF", "", "path"},
      {"GET", "/api/services?gemeente=%FF", "", "'gemeente'"},
      {"POST", "/api/check?date=%FF", "{}", "'date'"},
      {"GET", "/api/rights?theme=%00", "", "'theme'"},
      {"GET", "/api/rights?%FF=1", "", "query parameter name"},
      {"GET", "/api/search?q=%C0%AF", "", "'q'"},        // overlong '/'
      {"GET", "/api/search?q=%ED%A0%80", "", "'q'"},     // a surrogate
      {"GET", "/api/search?q=%F4%90%80%80", "", "'q'"},  // above U+10FFFF
  };
  for (const Case& c : cases) {
    Response r = Raw(*site, c.method, c.target, c.body, "application/json");
    EXPECT_EQ(r.status, 400) << c.target;
    auto j = nlohmann::json::parse(r.body);
    EXPECT_NE(j["error"].get<std::string>().find(c.parameter), std::string::npos) << c.target << ": " << r.body;
  }
  // Pages answer in Dutch, also for form fields.
  for (const char* target : {"/zoeken?q=%FF", "/recht/%FF", "/dienst/%00", "/?gemeente=%FF"}) {
    Response r = Raw(*site, "GET", target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_NE(r.body.find("Ongeldige aanvraag"), std::string::npos) << target;
  }
  for (const char* body : {"a=household.persons%5B0%5D.birth_date%3D%FF", "do=%FF", "q=%00", "%FF=1"}) {
    Response r = Raw(*site, "POST", "/check", body, "application/x-www-form-urlencoded");
    EXPECT_EQ(r.status, 400) << body;
    // The type a client declares does not matter: the page reads a form.
    EXPECT_EQ(Raw(*site, "POST", "/expert", body, "text/plain").status, 400) << body;
    EXPECT_EQ(Raw(*site, "POST", "/recht/leefloon/kaart.pdf", body).status, 400) << body;
  }
  EXPECT_EQ(Raw(*site, "GET", "http://example.org/").status, 400);
  EXPECT_EQ(Raw(*site, "GET", "*").status, 400);
  EXPECT_EQ(Raw(*site, "GET", "/zoeken?q=caf%C3%A9").status, 200);
}

// Regression: "/api/x%5C" answered a 404 whose body was not JSON.
TEST_F(Hardening, EveryApiAnswerIsJson) {
  auto site = MakeSite("");
  for (const char* target : {"/api/x%5C", "/api/x%22%7D", "/api/rights/%22", "/api/rights/a%5Cb", "/api/search?q=%22%5C",
                             "/api/services?gemeente=%5C%22", "/api/rights", "/api/nope"}) {
    Response r = Raw(*site, "GET", target);
    EXPECT_EQ(r.content_type, "application/json") << target;
    EXPECT_TRUE(nlohmann::json::accept(r.body)) << target << ": " << r.body;
    EXPECT_LT(r.status, 500) << target;
  }
  Response r = Raw(*site, "DELETE", "/api/rights");
  EXPECT_EQ(r.status, 405);
  EXPECT_TRUE(nlohmann::json::accept(r.body));
}

TEST(ResponseJson, ReplacesInvalidUtf8InsteadOfThrowing) {
  Response r = Response::JsonError(400, std::string("bad \xff byte"));
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"], "bad \xEF\xBF\xBD byte");
}

// One place sets the security headers, on every kind of answer.
TEST_F(Hardening, EveryAnswerCarriesTheSecurityHeaders) {
  auto site = MakeSite("aalst/logo.png");
  const std::string household = R"({"household": {"persons": [{"id": "p1", "birth_date": "1990-01-01"}]}})";
  struct Case {
    std::string method, target, body;
    bool cacheable;
  };
  std::vector<Case> cases = {
      {"GET", "/", "", false},
      {"GET", "/?gemeente=aalst", "", false},
      {"GET", "/recht/leefloon", "", false},
      {"GET", "/bestaat-niet", "", false},
      {"GET", "/api/rights", "", false},
      {"POST", "/api/check", household, false},
      {"POST", "/check", "do=answer", false},
      {"POST", "/expert", "partner=nee", false},
      {"GET", "/recht/leefloon/kaart.pdf", "", false},
      {"POST", "/recht/leefloon/kaart.pdf", "a=partner%3Dnee", false},
      {"GET", "/static/style.css", "", true},
      {"GET", "/static/huisstijl/aalst.css", "", true},
      {"GET", "/logo/aalst.png", "", true},
      {"GET", "/api/search?q=%FF", "", false},
      {"GET", "/zoeken?q=%FF", "", false},
  };
  for (const Case& c : cases) {
    Response r = Raw(*site, c.method, c.target, c.body, c.target.starts_with("/api/") ? "application/json" : "");
    EXPECT_EQ(r.Header("Content-Security-Policy"), kContentSecurityPolicy) << c.target;
    EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff") << c.target;
    EXPECT_EQ(r.Header("Referrer-Policy"), "same-origin") << c.target;
    EXPECT_EQ(r.Header("Cache-Control"), c.cacheable ? "public, max-age=3600" : "no-store") << c.target;
    if (r.content_type.starts_with("text/html")) {
      // The policy forbids inline style and script; the pages use none.
      EXPECT_EQ(r.body.find("style="), std::string::npos) << c.target;
      EXPECT_EQ(r.body.find("<script"), std::string::npos) << c.target;
    }
  }
}

TEST_F(Hardening, TheHouseColourComesFromAStyleSheet) {
  auto site = MakeSite("");
  Response page = Raw(*site, "GET", "/?gemeente=aalst");
  EXPECT_NE(page.body.find("<link rel=\"stylesheet\" href=\"/static/huisstijl/aalst.css\">"), std::string::npos);
  Response css = Raw(*site, "GET", "/static/huisstijl/aalst.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_NE(css.body.find("--brand: #1d4f7a;"), std::string::npos);
  EXPECT_EQ(Raw(*site, "GET", "/static/huisstijl/gent.css").status, 404);
  // A colour that is no colour (an old store) never reaches the sheet.
  site->directory.municipalities[0].primary_colour = "red; } body { background: url(x)";
  EXPECT_EQ(Raw(*site, "GET", "/static/huisstijl/aalst.css").body.find("url("), std::string::npos);
}

// Regression: the card printed the reden and naam of its URL, and the results
// page put the reason in that URL.
TEST_F(Hardening, ACardPrintsNoTextFromItsUrl) {
  auto site = MakeSite("");
  Request get{"GET", "/recht/leefloon/kaart.pdf",
              Params::Parse("reden=Het+OCMW+heeft+beslist%3A+5000+euro&naam=Jan+Peeters"), "", ""};
  auto card = CardFor(*site, get, "leefloon");
  ASSERT_TRUE(card);
  EXPECT_EQ(card->reason, "");
  EXPECT_EQ(card->for_whom, "");
  // By POST with the answers, the reason is the evaluation's own sentence.
  Request post{"POST", "/recht/leefloon/kaart.pdf", {}, "application/x-www-form-urlencoded",
               "a=partner%3Dnee&a=kinderen%3D0&a=andere_volwassenen%3D0&a=gemeente%3DAalst&"
               "a=household.persons%5B0%5D.birth_date%3D12%2F04%2F1990&reden=vals"};
  card = CardFor(*site, post, "leefloon");
  ASSERT_TRUE(card);
  EXPECT_NE(card->reason.find("18"), std::string::npos) << card->reason;
  EXPECT_EQ(card->reason.find("vals"), std::string::npos);
}

// Every text a card prints, whatever field it sits in.
std::vector<std::string> CardTexts(const cards::Card& card) {
  std::vector<std::string> texts = {card.branding.municipality_name, card.branding.logo_path, card.right_name,
                                    card.right_summary, card.reason, card.next_step, card.contact.name,
                                    card.contact.phone, card.contact.email, card.qr_url, card.search_site,
                                    card.issued_on, card.for_whom};
  for (const auto* list : {&card.documents, &card.contact.address_lines, &card.contact.opening_hours}) {
    texts.insert(texts.end(), list->begin(), list->end());
  }
  return texts;
}

// Security: no text of the request reaches the card, through any parameter,
// answer, header or method; its address is configured, never the request's.
TEST_F(Hardening, NoTextOfTheRequestReachesACard) {
  auto site = MakeSite("");
  const std::string encoded = "VERVALST+het+OCMW+heeft+beslist+5000+euro";
  std::vector<std::string> names = {"reden",  "naam",   "voor",     "for_whom", "gemeente", "q",    "qr",
                                    "url",    "host",   "right",    "id",       "tekst",    "do",   "v",
                                    "edit",   "skip",   "contact",  "documents", "next_step", "summary"};
  std::vector<std::string> answer_paths = {"gemeente", "partner", "kinderen", "andere_volwassenen"};
  for (const auto& field : household::Fields(household::Entity::kHousehold)) answer_paths.emplace_back(field.name);
  for (const auto& field : household::Fields(household::Entity::kPerson)) {
    answer_paths.push_back(household::PersonPath(0, field.name));
  }
  const std::string answers =
      "a=partner%3Dnee&a=kinderen%3D0&a=andere_volwassenen%3D0&a=gemeente%3DAalst&"
      "a=household.persons%5B0%5D.birth_date%3D12%2F04%2F1990";
  std::vector<std::string> payloads;
  for (const std::string& name : names) payloads.push_back(name + "=" + encoded);
  for (const std::string& path : answer_paths) {
    payloads.push_back("a=" + UrlEncode(path) + "%3D" + encoded);
    payloads.push_back("skip=" + encoded);
  }
  std::string all;
  for (const std::string& payload : payloads) all += (all.empty() ? "" : "&") + payload;
  payloads.push_back(all);
  const auto check = [&](const Request& request, const std::string& what) {
    std::optional<cards::Card> card = CardFor(*site, request, "leefloon");
    ASSERT_TRUE(card) << what;
    for (const std::string& text : CardTexts(*card)) {
      EXPECT_EQ(text.find("VERVALST"), std::string::npos) << what << " printed: " << text;
      EXPECT_EQ(text.find("evil.example"), std::string::npos) << what << " printed: " << text;
      EXPECT_EQ(text.find("localhost"), std::string::npos) << what << " printed: " << text;
    }
  };
  for (const std::string& payload : payloads) {
    for (const char* method : {"GET", "POST"}) {
      Request request;
      request.method = method;
      request.path = "/recht/leefloon/kaart.pdf";
      request.headers = {{"Host", "evil.example"}, {"X-Forwarded-Host", "evil.example"},
                         {"Referer", "https://evil.example/" + encoded}};
      if (std::string_view(method) == "GET") {
        request.query = Params::Parse(payload + "&" + answers);
      } else {
        request.query = Params::Parse(payload);
        request.content_type = "application/x-www-form-urlencoded";
        request.body = answers + "&" + payload;
      }
      check(request, std::string(method) + " " + payload);
    }
  }
  // The whole answer, too: a PDF that does not store.
  Response pdf = Raw(*site, "POST", "/recht/leefloon/kaart.pdf", answers + "&" + all, "application/x-www-form-urlencoded");
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Header("Cache-Control"), "no-store");
}

// A card without a public address carries no QR code and names the site; a
// configured address is used as is.
TEST_F(Hardening, ACardTakesItsAddressOnlyFromTheConfiguration) {
  auto site = MakeSite("");
  Request get{"GET", "/recht/leefloon/kaart.pdf", {}, "", ""};
  auto card = CardFor(*site, get, "leefloon");
  ASSERT_TRUE(card);
  EXPECT_EQ(card->qr_url, "");
  EXPECT_NE(card->search_site, "");
  site->public_url = "https://rechten.aalst.be";
  card = CardFor(*site, Request{"GET", "/recht/leefloon/kaart.pdf", Params::Parse("gemeente=aalst"), "", ""}, "leefloon");
  ASSERT_TRUE(card);
  EXPECT_EQ(card->qr_url, "https://rechten.aalst.be/recht/leefloon?gemeente=aalst");
  EXPECT_EQ(card->search_site, "");
}

TEST(PublicUrl, RefusesAddressesResidentsCannotReach) {
  EXPECT_EQ(PublicUrlError("https://rechten.balen.be"), std::nullopt);
  EXPECT_EQ(PublicUrlError("http://rechtop.example:8080/sub"), std::nullopt);
  for (const char* url : {"localhost:8080", "http://localhost:8080", "https://LOCALHOST", "http://127.0.0.1:8080",
                          "http://[::1]:8080", "http://0.0.0.0", "http://app.localhost", "https://user@localhost/",
                          "ftp://rechten.balen.be", "https://", "https://rechten.balen.be/?x=1",
                          "https://rechten.balen.be/#top"}) {
    EXPECT_NE(PublicUrlError(url), std::nullopt) << url;
  }
}

TEST_F(Hardening, ResultsAskForCardsByPostWithoutPersonalDataInLinks) {
  auto site = MakeSite("");
  Response r = Raw(*site, "POST", "/check",
                   "a=partner%3Dnee&a=kinderen%3D0&a=andere_volwassenen%3D0&a=gemeente%3DAalst&"
                   "a=household.persons%5B0%5D.birth_date%3D12%2F04%2F1990&do=results",
                   "application/x-www-form-urlencoded");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<form class=\"card\" action=\"/recht/leefloon/kaart.pdf\" method=\"post\">"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(r.body.find("kaart.pdf?"), std::string::npos);
  EXPECT_EQ(r.body.find("reden="), std::string::npos);
}

// The expert mode evaluates household facts only from a POST body.
TEST_F(Hardening, ExpertModeIgnoresHouseholdFactsInTheUrl) {
  auto site = MakeSite("");
  Response r = Raw(*site, "GET",
                   "/expert?gemeente=aalst&partner=nee&kinderen=0&andere_volwassenen=0&"
                   "household.persons%5B0%5D.birth_date=12%2F04%2F1990");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("Waarschijnlijk recht"), std::string::npos);
  EXPECT_EQ(r.body.find("12/04/1990"), std::string::npos);
  EXPECT_NE(r.body.find("method=\"post\""), std::string::npos);
}

// An exception in a handler becomes a 500 that says what to log (the server
// logs it with the request id), never a crash and never the message sent.
TEST_F(Hardening, AnExceptionInAHandlerIsA500WithWhatToLog) {
  auto site = MakeSite("");
  site->today = []() -> base::Date { throw std::runtime_error("clock broke"); };
  Response page = Raw(*site, "GET", "/recht/leefloon");
  EXPECT_EQ(page.status, 500);
  EXPECT_EQ(page.internal_error, "clock broke");
  EXPECT_EQ(page.body.find("clock broke"), std::string::npos);
  EXPECT_EQ(page.Header("Content-Security-Policy"), kContentSecurityPolicy);
  Response api = Raw(*site, "GET", "/api/rights/leefloon");
  EXPECT_EQ(api.status, 500);
  EXPECT_TRUE(nlohmann::json::accept(api.body));
  EXPECT_EQ(api.internal_error, "clock broke");
}

// The middleware chain: one order, and every answer, the route's or a
// step's refusal, comes out with the request id and the security headers.
TEST(MiddlewareChain, RunsItsStepsInOneOrder) {
  std::vector<std::string_view> names;
  for (const Middleware& step : Chain()) names.push_back(step.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"request-id", "security-headers", "request-log", "errors",
                                                  "body-limit", "decode"}));
}

TEST_F(Hardening, EveryAnswerOfTheChainCarriesTheIdAndTheSecurityHeaders) {
  auto site = MakeSite("");
  auto throwing = MakeSite("");
  throwing->today = []() -> base::Date { throw std::runtime_error("clock broke"); };
  struct Case {
    const Site* site;
    RawRequest raw;
    int status;
  };
  std::vector<Case> cases = {
      {site.get(), {"GET", "/recht/leefloon", "", "", {}}, 200},
      {site.get(), {"GET", "/bestaat-niet", "", "", {}}, 404},
      {site.get(), {"DELETE", "/recht/leefloon", "", "", {}}, 405},
      {site.get(), {"GET", "/zoeken?q=%ff", "", "", {}}, 400},
      {site.get(), {"POST", "/api/check", "application/json", std::string(kMaxBodyBytes + 1, ' '), {}}, 413},
      {site.get(),
       {"POST", "/check", "application/x-www-form-urlencoded", std::string(kMaxBodyBytes + 1, 'a'), {}},
       413},
      {throwing.get(), {"GET", "/recht/leefloon", "", "", {}}, 500},
  };
  for (Case& c : cases) {
    std::string target = c.raw.method + " " + c.raw.target.substr(0, 40);
    std::vector<std::string> log;
    Response r = HandleRaw(*c.site, c.raw, "00000000000000ab", [&](std::string_view line) { log.emplace_back(line); });
    EXPECT_EQ(r.status, c.status) << target;
    EXPECT_EQ(r.Header("X-Request-Id"), "00000000000000ab") << target;
    EXPECT_EQ(r.Header("Content-Security-Policy"), kContentSecurityPolicy) << target;
    EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff") << target;
    if (c.status == 500) {
      EXPECT_EQ(log, (std::vector<std::string>{"error id=00000000000000ab GET /recht/leefloon: clock broke"}));
    } else {
      EXPECT_TRUE(log.empty()) << target;
    }
  }
}

TEST(Utf8, AcceptsWellFormedAndRefusesTheRest) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("café €100 \xF0\x9F\x98\x80"));
  for (const char* bad : {"\xff", "\xc3", "\xc3\x28", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                          "\xf8\x88\x80\x80\x80", "\x80", "ok\xe2\x82"}) {
    EXPECT_FALSE(IsValidUtf8(bad)) << bad;
  }
}

TEST(LogSafe, KeepsLogLinesOnOneLine) {
  EXPECT_EQ(LogSafe("/a\nb\\c\xff"), "/a\\x0ab\\x5cc\\xff");
  EXPECT_EQ(LogSafe(std::string(300, 'x'), 10), "xxxxxxxxxx...");
}

}  // namespace
}  // namespace web
