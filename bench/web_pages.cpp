// bench/web_pages.cpp — `rechtop_bench_web`: Google Benchmark timings of the
// public pages as the server renders them (web::Handle: middleware chain, route,
// view model, templates), without the network. It loads rights/ and the demo
// directory from data/ once. BM_*Rendered call the route's handler directly,
// so they time the view model and the templates even where Handle answers
// from the page cache (web/page_cache.h). bench/web/run.sh measures the same
// pages over HTTP with wrk; this one shows where a page's time goes.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "catalog/demo.h"
#include "rules/rules.h"
#include "web/http.h"
#include "web/routes.h"
#include "web/site.h"

namespace {

constexpr const char* kSourceDir = RECHTOP_SOURCE_DIR;

const web::Site& DemoSite() {
  static const std::unique_ptr<web::Site> site = [] {
    base::Diagnostics diagnostics;
    auto rules = rules::Load({std::string(kSourceDir) + "/rights"}, diagnostics);
    if (!rules) {
      std::cerr << diagnostics.Format();
      std::exit(1);
    }
    auto directory = catalog::LoadDemoDirectory(std::string(kSourceDir) + "/data/demo");
    if (!directory.ok()) {
      std::cerr << directory.error().message() << "\n";
      std::exit(1);
    }
    auto built = web::BuildSite(std::move(*rules), std::move(*directory), std::string(kSourceDir) + "/data/demo",
                                std::string(kSourceDir) + "/web/static");
    if (!built.ok()) {
      std::cerr << built.error().message() << "\n";
      std::exit(1);
    }
    return std::move(built).value();
  }();
  return *site;
}

enum class Through { kHandle, kHandlerOnly };

void Get(benchmark::State& state, const std::string& path, const std::string& query, Through through = Through::kHandle) {
  const web::Site& site = DemoSite();
  const web::Request request = web::Request::Get(path, query);
  web::PathParams params;
  std::string allow;
  const web::Route* route = web::FindRoute("GET", path, params, allow);
  if (!route) {
    state.SkipWithError("no route");
    return;
  }
  size_t bytes = 0;
  for (auto _ : state) {
    web::Response response =
        through == Through::kHandle ? web::Handle(site, request) : route->handler(site, request, params);
    if (response.status != 200) {
      state.SkipWithError(("status " + std::to_string(response.status)).c_str());
      return;
    }
    bytes += response.body.size();
    benchmark::DoNotOptimize(response);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_HomePage(benchmark::State& state) { Get(state, "/", ""); }
void BM_HomePageInTown(benchmark::State& state) { Get(state, "/", "gemeente=balen"); }
void BM_RightPage(benchmark::State& state) { Get(state, "/recht/leefloon", ""); }
void BM_RightsPage(benchmark::State& state) { Get(state, "/rechten", ""); }
void BM_ScreenerFirstPage(benchmark::State& state) { Get(state, "/check", ""); }
void BM_HomePageRendered(benchmark::State& state) { Get(state, "/", "", Through::kHandlerOnly); }
void BM_RightPageRendered(benchmark::State& state) { Get(state, "/recht/leefloon", "", Through::kHandlerOnly); }
void BM_RightsPageRendered(benchmark::State& state) { Get(state, "/rechten", "", Through::kHandlerOnly); }

}  // namespace

BENCHMARK(BM_HomePage)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_HomePageInTown)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RightPage)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RightsPage)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ScreenerFirstPage)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_HomePageRendered)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RightPageRendered)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RightsPageRendered)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
