// web/router.cpp — the route table and its dispatch, the handlers for static
// files, logos and the house-style sheets, and the Site (search documents
// from rights and services). HandleRaw is the one entry from the network: it
// runs the request through the middleware chain (middleware.h) to its route.
#include <fstream>
#include <sstream>
#include <system_error>

#include "web/layout.h"
#include "web/middleware.h"
#include "web/pages.h"
#include "web/routes.h"

namespace web {
namespace {

namespace fs = std::filesystem;

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

Response NotFound(const Site& site, bool api, const std::string& message) {
  return api ? Response::JsonError(404, "not found") : ErrorPage(site, 404, message);
}

// A file is served only when its canonical path lies inside the canonical
// root: the lexical checks before this one can miss a symbolic link.
std::optional<fs::path> Contained(const fs::path& root, const fs::path& relative) {
  std::error_code ec;
  fs::path base = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  fs::path file = fs::canonical(base / relative, ec);
  if (ec || !fs::is_regular_file(file, ec)) return std::nullopt;
  auto [end, _] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (end != base.end()) return std::nullopt;
  return file;
}

Response FileResponse(const Site& site, const std::optional<fs::path>& path, const std::string& content_type,
                      bool api = false) {
  if (!path) return NotFound(site, api, "Dit bestand bestaat niet.");
  std::ifstream in(*path, std::ios::binary);
  if (!in) return NotFound(site, api, "Dit bestand bestaat niet.");
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

// /static/huisstijl/<id>.css: the municipality's colour as a style sheet, so
// that pages need no inline style (the content security policy forbids it).
Response HouseStyle(const Site& site, std::string_view name) {
  if (!name.ends_with(".css")) return ErrorPage(site, 404, "Dit bestand bestaat niet.");
  const catalog::Municipality* m = site.directory.FindMunicipality(name.substr(0, name.size() - 4));
  if (!m) return ErrorPage(site, 404, "Dit bestand bestaat niet.");
  Response r;
  r.content_type = "text/css; charset=utf-8";
  r.body = "/* huisstijl " + m->id + " */\n";
  if (catalog::IsColour(m->primary_colour)) r.body += "body { --brand: " + m->primary_colour + "; }\n";
  r.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return r;
}

Response StaticFile(const Site& site, const std::string& name) {
  if (!SafeSegment(name)) return ErrorPage(site, 404, "Dit bestand bestaat niet.");
  std::string type = name.ends_with(".css") ? "text/css; charset=utf-8" : "application/octet-stream";
  return FileResponse(site, Contained(site.static_dir, name), type);
}

Response Logo(const Site& site, const std::string& id) {
  const catalog::Municipality* m = SafeSegment(id) ? site.directory.FindMunicipality(id) : nullptr;
  std::optional<fs::path> logo = m ? LogoFile(site, *m) : std::nullopt;
  if (!logo) return ErrorPage(site, 404, "Geen logo.");
  return FileResponse(site, logo, "image/png");
}

// A cacheable page (Route::cache_by) from the site's page cache, or rendered
// from a request stripped to what the page may vary by, and kept.
Response Cached(const Site& site, const Route& route, const Request& request, const PathParams& params) {
  Request bare;
  bare.method = request.method;
  bare.path = request.path;
  std::string key = request.path;
  for (const std::string& name : route.cache_by->query) {
    for (const std::string& value : request.query.GetAll(name)) {
      bare.query.Add(name, value);
      key += '\n' + name + '=' + value;
    }
  }
  const std::string day = site.today().ToString();
  if (std::optional<Response> hit = site.page_cache.Find(day, key)) return std::move(*hit);
  Response response = route.handler(site, bare, params);
  site.page_cache.Store(day, key, response);
  return response;
}

}  // namespace

Response Dispatch(const Site& site, const Request& request) {
  const bool api = StartsWith(request.path, "/api/");
  PathParams params;
  std::string allow;
  const Route* route = FindRoute(request.method, request.path, params, allow);
  if (route && Permits(route->access, request)) {
    if (route->cache_by && route->access == Access::kPublic) return Cached(site, *route, request, params);
    return route->handler(site, request, params);
  }
  if (route) return api ? Response::JsonError(404, "not found") : ErrorPage(site, 404, "Deze pagina bestaat niet.");
  if (!allow.empty()) {
    Response r = api ? Response::JsonError(405, "method not allowed")
                     : ErrorPage(site, 405, "Deze pagina kan zo niet opgevraagd worden.");
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  if (api) return Response::JsonError(404, "unknown endpoint " + request.path);
  return ErrorPage(site, 404, "Deze pagina bestaat niet.");
}

const std::vector<Route>& Routes() {
  using P = const PathParams&;
  // Denied by default: a route names its access, and Dispatch asks Permits.
  static const std::vector<Route> routes = {
      {"GET", "/", Access::kPublic, [](const Site& s, const Request& r, P) { return HomePage(s, r); },
       CacheBy{{"gemeente"}}},
      {"GET", "/rechten", Access::kPublic, [](const Site& s, const Request& r, P) { return RightsPage(s, r); },
       CacheBy{{"gemeente", "thema", "doelgroep"}}},
      {"GET", "/zoeken", Access::kPublic, [](const Site& s, const Request& r, P) { return SearchPage(s, r); }},
      {"GET", "/check", Access::kPublic, [](const Site& s, const Request& r, P) { return ScreenerPage(s, r); }},
      {"POST", "/check", Access::kPublic, [](const Site& s, const Request& r, P) { return ScreenerPage(s, r); }},
      {"GET", "/expert", Access::kPublic, [](const Site& s, const Request& r, P) { return ExpertPage(s, r); }},
      {"POST", "/expert", Access::kPublic, [](const Site& s, const Request& r, P) { return ExpertPage(s, r); }},
      {"GET", "/recht/{id}", Access::kPublic,
       [](const Site& s, const Request& r, P p) { return RightPage(s, r, p.Get("id")); }, CacheBy{{"gemeente"}}},
      {"GET", "/recht/{id}/kaart.pdf", Access::kPublic,
       [](const Site& s, const Request& r, P p) { return CardPdf(s, r, p.Get("id")); }},
      {"POST", "/recht/{id}/kaart.pdf", Access::kPublic,
       [](const Site& s, const Request& r, P p) { return CardPdf(s, r, p.Get("id")); }},
      {"GET", "/dienst/{id}", Access::kPublic,
       [](const Site& s, const Request& r, P p) { return ServicePage(s, r, p.Get("id")); }, CacheBy{{"gemeente"}}},
      {"GET", "/static/huisstijl/{name}", Access::kPublic,
       [](const Site& s, const Request&, P p) { return HouseStyle(s, p.Get("name")); }},
      {"GET", "/static/{name}", Access::kPublic,
       [](const Site& s, const Request&, P p) { return StaticFile(s, p.Get("name")); }},
      {"GET", "/logo/{id}.png", Access::kPublic,
       [](const Site& s, const Request&, P p) { return Logo(s, p.Get("id")); }},
      {"GET", "/healthz", Access::kPublic,
       [](const Site&, const Request&, P) {
         return Response::Json({{"status", "ok"}});
       }},
      {"POST", "/api/check", Access::kPublic, [](const Site& s, const Request& r, P) { return ApiCheck(s, r); }},
      {"GET", "/api/rights", Access::kPublic, [](const Site& s, const Request& r, P) { return ApiRights(s, r); }},
      {"GET", "/api/rights/{id}", Access::kPublic,
       [](const Site& s, const Request& r, P p) { return ApiRight(s, r, p.Get("id")); }},
      {"GET", "/api/search", Access::kPublic, [](const Site& s, const Request& r, P) { return ApiSearch(s, r); }},
      {"GET", "/api/services", Access::kPublic, [](const Site& s, const Request& r, P) { return ApiServices(s, r); }},
      {"GET", "/api/openapi.yaml", Access::kPublic,
       [](const Site& s, const Request&, P) {
         return FileResponse(s, Contained(s.static_dir, "openapi.yaml"), "application/yaml", true);
       }},
  };
  return routes;
}

std::optional<fs::path> LogoFile(const Site& site, const catalog::Municipality& m) {
  // The store may hold a directory imported before logo paths were checked.
  if (m.logo_path.empty() || !catalog::DataPathProblem(m.logo_path, {".png"}).empty()) return std::nullopt;
  return Contained(site.data_dir, m.logo_path);
}

Response Handle(const Site& site, const Request& request) {
  Exchange exchange{site, std::nullopt, request, "", nullptr, StartsWith(request.path, "/api/")};
  return RunChain(exchange);
}

Response HandleRaw(const Site& site, RawRequest raw, std::string request_id,
                   std::function<void(std::string_view)> log) {
  const bool api = StartsWith(raw.target, "/api/");
  Exchange exchange{site, std::move(raw), std::nullopt, std::move(request_id), std::move(log), api};
  return RunChain(exchange);
}

std::string SearchKey(const catalog::Municipality& municipality) { return municipality.nis; }

std::optional<std::string> PublicUrlError(std::string_view url) {
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return "moet beginnen met https:// of http://, bijvoorbeeld https://rechten.balen.be";
  }
  if (url.size() > 200) return "is langer dan 200 tekens";
  if (rest.find_first_of("?#") != std::string_view::npos) return "mag geen ? of # bevatten";
  std::string_view host = rest.substr(0, rest.find('/'));
  if (const size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (host.starts_with("[")) {
    host = host.substr(0, host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  std::string lower(host);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.empty()) return "heeft geen host";
  if (lower == "localhost" || lower.ends_with(".localhost") || lower.starts_with("127.") || lower == "[::1]" ||
      lower == "0.0.0.0") {
    return "wijst naar deze machine (" + lower + "); bewoners kunnen die niet bereiken";
  }
  return std::nullopt;
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
    if (!r.municipality_name.empty()) d.tags.push_back(r.municipality_name);
    d.municipality = r.municipality_nis;
    documents.push_back(std::move(d));
  }
  for (const auto& s : site->directory.services) {
    search::Document d;
    d.id = s.id;
    d.kind = "service";
    d.title = s.name;
    d.text = s.description;
    if (const auto* m = site->directory.FindMunicipality(s.municipality_id)) {
      d.tags.push_back(m->name);
      d.municipality = SearchKey(*m);
    }
    documents.push_back(std::move(d));
  }
  auto index = search::Index::Build(documents);
  if (!index.ok()) return index.error();
  site->index = std::make_unique<search::Index>(std::move(index).value());
  return site;
}

}  // namespace web
