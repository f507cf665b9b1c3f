// web/routes.cpp — path patterns and the lookup of a route; the table itself
// is in router.cpp, beside the handlers it names.
#include "web/routes.h"

namespace web {

bool Permits(Access access, const Request&) {
  switch (access) {
    case Access::kPublic:
      return true;
  }
  return false;  // an access this build does not know is denied
}

const std::string& PathParams::Get(std::string_view name) const {
  static const std::string kNone;
  for (const auto& [n, v] : items_) {
    if (n == name) return v;
  }
  return kNone;
}

namespace {

// The next '/'-separated segment of `s` (after its leading '/'), consumed.
std::optional<std::string_view> NextSegment(std::string_view& s) {
  if (s.empty() || s.front() != '/') return std::nullopt;
  s.remove_prefix(1);
  const size_t slash = s.find('/');
  std::string_view segment = s.substr(0, slash);
  s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  return segment;
}

// One pattern segment against one path segment: literal, or
// prefix{name}suffix with a non-empty value.
bool MatchSegment(std::string_view pattern, std::string_view segment, PathParams& params) {
  const size_t open = pattern.find('{');
  if (open == std::string_view::npos) return pattern == segment;
  const size_t close = pattern.find('}', open);
  const std::string_view prefix = pattern.substr(0, open);
  const std::string_view suffix = pattern.substr(close + 1);
  if (segment.size() <= prefix.size() + suffix.size() || !segment.starts_with(prefix) || !segment.ends_with(suffix)) {
    return false;
  }
  params.Add(pattern.substr(open + 1, close - open - 1),
             std::string(segment.substr(prefix.size(), segment.size() - prefix.size() - suffix.size())));
  return true;
}

}  // namespace

std::optional<PathParams> MatchPattern(std::string_view pattern, std::string_view path) {
  PathParams params;
  if (pattern == "/") return path == "/" ? std::optional<PathParams>(params) : std::nullopt;
  while (!pattern.empty()) {
    auto want = NextSegment(pattern);
    auto got = NextSegment(path);
    if (!want || !got || !MatchSegment(*want, *got, params)) return std::nullopt;
  }
  if (!path.empty()) return std::nullopt;
  return params;
}

const Route* FindRoute(std::string_view method, std::string_view path, PathParams& params, std::string& allow) {
  // HEAD is GET without the body; the server drops the body and keeps its length.
  const std::string_view as = method == "HEAD" ? std::string_view("GET") : method;
  bool get = false, post = false;
  for (const Route& route : Routes()) {
    auto matched = MatchPattern(route.pattern, path);
    if (!matched) continue;
    if (as == route.method) {
      params = std::move(*matched);
      return &route;
    }
    get = get || std::string_view(route.method) == "GET";
    post = post || std::string_view(route.method) == "POST";
  }
  allow.clear();
  if (get) allow = "GET, HEAD";
  if (post) allow += allow.empty() ? "POST" : ", POST";
  return nullptr;
}

}  // namespace web
