// web/http.h
//
// The server's view of HTTP, free of any socket code: a parsed Request, a
// Response, and helpers for query strings, forms and HTML escaping. Handlers
// are pure functions Request -> Response, so they are tested without a
// network; server.cpp adapts them to Boost.Beast.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace web {

// Ordered name/value pairs (a name may repeat), from a query string or a
// url-encoded form body.
class Params {
 public:
  Params() = default;
  // Parses "a=1&b=x%20y&a=2"; malformed escapes are kept literally.
  static Params Parse(std::string_view encoded);

  // The first value of `name`, or `fallback`.
  std::string Get(std::string_view name, std::string_view fallback = "") const;
  std::vector<std::string> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  void Add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }
  // "a=1&b=x+y" (form encoding), in order.
  std::string Encode() const;

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query, e.g. "/recht/leefloon"
  Params query;
  std::string content_type;
  std::string body;
  Params Form() const { return Params::Parse(body); }
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  static Response Html(std::string body, int status = 200);
  static Response Json(std::string body, int status = 200);
  static Response Redirect(std::string location);  // 303 See Other
};

std::string UrlDecode(std::string_view text, bool plus_is_space);
std::string UrlEncode(std::string_view text);
// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string Escape(std::string_view text);

}  // namespace web
