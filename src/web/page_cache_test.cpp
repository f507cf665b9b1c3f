// web/page_cache_test.cpp — the page cache's bounds, and the routes that use
// it: what they store, what they vary by, and that only public pages do.
#include "web/page_cache.h"

#include <gtest/gtest.h>

#include "web/routes.h"
#include "web/site.h"

namespace web {
namespace {

Response Page(std::string body, int status = 200) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(PageCache, KeepsAPageForItsKeyAndDay) {
  PageCache cache;
  cache.Store("2025-03-01", "/a", Page("A"));
  ASSERT_TRUE(cache.Find("2025-03-01", "/a"));
  EXPECT_EQ(cache.Find("2025-03-01", "/a")->body, "A");
  EXPECT_FALSE(cache.Find("2025-03-01", "/b"));
  EXPECT_FALSE(cache.Find("2025-03-02", "/a")) << "a page shows today's opening hours";
}

TEST(PageCache, StoresOnlyWholeSuccessfulAnswersWithinTheBodyBound) {
  PageCache cache;
  cache.Store("d", "/404", Page("weg", 404));
  cache.Store("d", "/500", Page("fout", 500));
  Response failed = Page("half");
  failed.internal_error = "template missing";
  cache.Store("d", "/failed", failed);
  cache.Store("d", "/big", Page(std::string(PageCache::kMaxBodyBytes + 1, 'x')));
  cache.Store("d", "/fits", Page(std::string(PageCache::kMaxBodyBytes, 'x')));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(cache.Find("d", "/fits"));
}

TEST(PageCache, ANewDayStartsEmpty) {
  PageCache cache;
  cache.Store("2025-03-01", "/a", Page("A"));
  cache.Store("2025-03-02", "/b", Page("B"));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_FALSE(cache.Find("2025-03-01", "/a"));
  EXPECT_FALSE(cache.Find("2025-03-02", "/a"));
  EXPECT_TRUE(cache.Find("2025-03-02", "/b"));
}

TEST(PageCache, EndlessDistinctPagesCostNoMoreThanTheBounds) {
  PageCache cache;
  for (size_t i = 0; i < PageCache::kMaxEntries * 2 + 7; ++i) {
    cache.Store("d", "/p" + std::to_string(i), Page("x"));
    ASSERT_LE(cache.size(), PageCache::kMaxEntries);
  }
  // Total bytes: pages of the largest size fill it well before the entry bound.
  PageCache big;
  const size_t fit = PageCache::kMaxTotalBytes / PageCache::kMaxBodyBytes;
  for (size_t i = 0; i < fit; ++i) big.Store("d", "/p" + std::to_string(i), Page(std::string(PageCache::kMaxBodyBytes, 'x')));
  EXPECT_EQ(big.size(), fit);
  big.Store("d", "/one-more", Page(std::string(PageCache::kMaxBodyBytes, 'x')));
  EXPECT_EQ(big.size(), 1u);
  EXPECT_TRUE(big.Find("d", "/one-more"));
}

std::unique_ptr<Site> MakeSite(std::string* today) {
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
right huurpremie {
  name "Huurpremie"
  level flemish
  themes wonen
  apply on_request "Bij Wonen in Vlaanderen."
  summary "Hulp bij de huur."
  source "Besluit Vlaamse Regering" "https://example.org"
  condition volwassen "u bent minstens 18 jaar": applicant.age >= 18
}
)"}},
                              d);
  EXPECT_EQ(d.Format(), "");
  auto site = BuildSite(std::move(*rules), catalog::Directory{}, ".", ".");
  EXPECT_TRUE(site.ok());
  (*site)->today = [today] { return *base::Date::Parse(*today); };
  return std::move(site).value();
}

Request Get(std::string path, std::string query = "") { return Request::Get(std::move(path), query); }

TEST(CachedRoutes, OnlyPublicPagesAreCached) {
  for (const Route& route : Routes()) {
    if (!route.cache_by) continue;
    EXPECT_EQ(route.access, Access::kPublic) << route.pattern;
    EXPECT_STREQ(route.method, "GET") << route.pattern;
  }
}

TEST(CachedRoutes, APageIsRenderedOnceAndVariesOnlyByItsNamedParameters) {
  std::string today = "2025-03-01";
  auto site = MakeSite(&today);
  const Response first = Handle(*site, Get("/rechten", "thema=inkomen"));
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.body.find("Leefloon"), std::string::npos);
  EXPECT_EQ(first.body.find("Huurpremie"), std::string::npos);
  EXPECT_EQ(site->page_cache.size(), 1u);
  // The same page again, and with parameters it does not vary by: one entry.
  EXPECT_EQ(Handle(*site, Get("/rechten", "thema=inkomen")).body, first.body);
  Request noisy = Get("/rechten", "thema=inkomen&utm_source=mail&q=%3Cscript%3E");
  noisy.headers.emplace_back("Cookie", "rechtop_session=abc");
  EXPECT_EQ(Handle(*site, noisy).body, first.body);
  EXPECT_EQ(site->page_cache.size(), 1u);
  EXPECT_EQ(first.body.find("utm_source"), std::string::npos);
  // A parameter it varies by is a page of its own.
  const Response housing = Handle(*site, Get("/rechten", "thema=wonen"));
  EXPECT_NE(housing.body.find("Huurpremie"), std::string::npos);
  EXPECT_EQ(housing.body.find("Leefloon"), std::string::npos);
  EXPECT_EQ(site->page_cache.size(), 2u);
}

TEST(CachedRoutes, ANotFoundPageIsNotKept) {
  std::string today = "2025-03-01";
  auto site = MakeSite(&today);
  EXPECT_EQ(Handle(*site, Get("/recht/bestaat-niet")).status, 404);
  EXPECT_EQ(site->page_cache.size(), 0u);
  EXPECT_EQ(Handle(*site, Get("/recht/leefloon")).status, 200);
  EXPECT_EQ(site->page_cache.size(), 1u);
}

TEST(CachedRoutes, ANewDayRendersThePageAgain) {
  std::string today = "2025-03-01";
  auto site = MakeSite(&today);
  Handle(*site, Get("/recht/leefloon"));
  Handle(*site, Get("/"));
  EXPECT_EQ(site->page_cache.size(), 2u);
  today = "2025-03-02";
  EXPECT_EQ(Handle(*site, Get("/recht/leefloon")).status, 200);
  EXPECT_EQ(site->page_cache.size(), 1u);
}

}  // namespace
}  // namespace web
