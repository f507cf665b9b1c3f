// web/routes.h
//
// The route table: every path the site answers, with its method, its
// handler and the access it requires. Dispatch (router.cpp) matches a
// request against it; nothing else decides which handler runs. A path
// pattern is literal segments and parameters: "/recht/{id}/kaart.pdf",
// "/logo/{id}.png" (a parameter may have a literal prefix and suffix inside
// its segment); a parameter matches one non-empty segment, never a '/'.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/http.h"

namespace web {

struct Site;

// What a route requires of the one asking. Decided in one place (Permits);
// today every route is public, later routes will need a session and a role.
enum class Access { kPublic };
bool Permits(Access access, const Request& request);

// The parameters a pattern matched, by name.
class PathParams {
 public:
  void Add(std::string_view name, std::string value) { items_.emplace_back(std::string(name), std::move(value)); }
  // The value of `name`; "" when the pattern has no such parameter.
  const std::string& Get(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

using Handler = Response (*)(const Site& site, const Request& request, const PathParams& params);

// For a public page that depends on nothing but the site, today's date, its
// path and these query parameters: Dispatch answers it from the site's page
// cache (page_cache.h), and its handler sees a request that holds only these
// parameters (no other parameter, header, cookie or body), so that it cannot
// come to depend on more unnoticed.
struct CacheBy {
  std::vector<std::string> query;
};

struct Route {
  const char* method;   // "GET" (HEAD is answered by GET routes too) or "POST"
  const char* pattern;  // "/recht/{id}"
  Access access;
  Handler handler;
  std::optional<CacheBy> cache_by = std::nullopt;  // only for Access::kPublic
};

// Every route of the site, in the order they are tried.
const std::vector<Route>& Routes();

// `pattern`'s parameters from `path`, or nullopt when it does not match.
std::optional<PathParams> MatchPattern(std::string_view pattern, std::string_view path);

// The route for `method` and `path`; when the path matches routes of other
// methods only, `allow` is set to the methods it does answer ("GET, HEAD,
// POST"), for a 405.
const Route* FindRoute(std::string_view method, std::string_view path, PathParams& params, std::string& allow);

// The route table's answer to `request`: its route's handler when the route
// permits the request; 404 for an unknown path or a denied route (a denied
// record's existence does not leak), 405 with Allow for a known path asked
// with another method. The last step of the middleware chain.
Response Dispatch(const Site& site, const Request& request);

}  // namespace web
