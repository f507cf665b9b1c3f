// web/router.cpp — maps paths to handlers, serves static files and logos,
// and builds the Site (search documents from rights and services).
#include <fstream>
#include <sstream>

#include "web/layout.h"
#include "web/pages.h"

namespace web {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

Response FileResponse(const std::filesystem::path& path, const std::string& content_type) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Response::Json("{\"error\": \"not found\"}", 404);
  std::stringstream buffer;
  buffer << in.rdbuf();
  Response r;
  r.content_type = content_type;
  r.body = buffer.str();
  r.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return r;
}

// A single path segment: no slashes, no dot-dot, bounded.
bool SafeSegment(std::string_view s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  }
  return s != "." && s != "..";
}

Response Dispatch(const Site& site, const Request& request) {
  const std::string& path = request.path;
  const bool api = StartsWith(path, "/api/");
  auto method_not_allowed = [&](const char* allowed) {
    Response r = api ? Response::Json("{\"error\": \"method not allowed\"}", 405)
                     : ErrorPage(site, 405, "Deze pagina kan zo niet opgevraagd worden.");
    r.headers.emplace_back("Allow", allowed);
    return r;
  };
  if (api) {
    if (path == "/api/check") return request.method == "POST" ? ApiCheck(site, request) : method_not_allowed("POST");
    if (request.method != "GET") return method_not_allowed("GET");
    if (path == "/api/rights") return ApiRights(site, request);
    if (StartsWith(path, "/api/rights/")) return ApiRight(site, request, path.substr(12));
    if (path == "/api/search") return ApiSearch(site, request);
    if (path == "/api/services") return ApiServices(site, request);
    if (path == "/api/openapi.yaml") return FileResponse(site.static_dir / "openapi.yaml", "application/yaml");
    return Response::Json("{\"error\": \"unknown endpoint " + Escape(path) + "\"}", 404);
  }
  if (path == "/check") {
    if (request.method != "GET" && request.method != "POST") return method_not_allowed("GET, POST");
    return ScreenerPage(site, request);
  }
  if (path == "/expert") {
    if (request.method != "GET" && request.method != "POST") return method_not_allowed("GET, POST");
    return ExpertPage(site, request);
  }
  if (request.method != "GET" && request.method != "HEAD") return method_not_allowed("GET");
  if (path == "/") return HomePage(site, request);
  if (path == "/rechten") return RightsPage(site, request);
  if (path == "/zoeken") return SearchPage(site, request);
  if (path == "/healthz") return Response::Json("{\"status\": \"ok\"}");
  if (StartsWith(path, "/recht/")) {
    std::string rest = path.substr(7);
    if (rest.ends_with("/kaart.pdf")) return CardPdf(site, request, rest.substr(0, rest.size() - 10));
    return RightPage(site, request, rest);
  }
  if (StartsWith(path, "/dienst/")) return ServicePage(site, request, path.substr(8));
  if (StartsWith(path, "/static/")) {
    std::string name = path.substr(8);
    if (!SafeSegment(name)) return ErrorPage(site, 404, "Dit bestand bestaat niet.");
    std::string type = name.ends_with(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
    return FileResponse(site.static_dir / name, type);
  }
  if (StartsWith(path, "/logo/") && path.ends_with(".png")) {
    std::string id = path.substr(6, path.size() - 10);
    const catalog::Municipality* m = SafeSegment(id) ? site.directory.FindMunicipality(id) : nullptr;
    if (!m || m->logo_path.empty()) return ErrorPage(site, 404, "Geen logo.");
    return FileResponse(site.data_dir / m->logo_path, "image/png");
  }
  return ErrorPage(site, 404, "Deze pagina bestaat niet.");
}

}  // namespace

Response Handle(const Site& site, const Request& request) {
  try {
    return Dispatch(site, request);
  } catch (const std::exception& e) {
    return ErrorPage(site, 500, "Er ging iets mis aan onze kant. Probeer het later opnieuw.");
  }
}

base::Result<std::unique_ptr<Site>> BuildSite(rules::RuleBase rules, catalog::Directory directory,
                                              std::filesystem::path data_dir, std::filesystem::path static_dir) {
  auto site = std::make_unique<Site>();
  site->rules = std::move(rules);
  site->directory = std::move(directory);
  site->data_dir = std::move(data_dir);
  site->static_dir = std::move(static_dir);
  site->today = [] {
    auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return base::Date::FromDays(static_cast<int32_t>(days.time_since_epoch().count()));
  };
  std::vector<std::string> ids;
  for (const auto& r : site->rules.program.rights) ids.push_back(r.id);
  if (auto status = catalog::CheckRightIds(site->directory, ids); !status.ok()) return status.error();

  std::vector<search::Document> documents;
  for (uint32_t i = 0; i < site->rules.program.rights.size(); ++i) {
    const auto& r = site->rules.program.rights[i];
    search::Document d;
    d.id = r.id;
    d.kind = "right";
    d.title = r.name;
    d.text = r.summary + "\n" + r.apply_text + "\n" + r.authority;
    for (const auto& c : rules::ConditionTexts(site->rules, i, site->today())) d.text += "\n" + c;
    d.tags = r.themes;
    d.tags.insert(d.tags.end(), r.targets.begin(), r.targets.end());
    if (!r.municipality.empty()) d.tags.push_back(r.municipality);
    documents.push_back(std::move(d));
  }
  for (const auto& s : site->directory.services) {
    search::Document d;
    d.id = s.id;
    d.kind = "service";
    d.title = s.name;
    d.text = s.description;
    if (const auto* m = site->directory.FindMunicipality(s.municipality_id)) d.tags.push_back(m->name);
    documents.push_back(std::move(d));
  }
  auto index = search::Index::Build(documents);
  if (!index.ok()) return index.error();
  site->index = std::make_unique<search::Index>(std::move(index).value());
  return site;
}

}  // namespace web
