// web/http.h
//
// The server's view of HTTP, free of any socket code: a parsed Request, a
// Response, and helpers for query strings, forms and HTML escaping. Handlers
// are pure functions Request -> Response, so they are tested without a
// network; server.cpp adapts them to Boost.Beast.
//
// What arrives from the network is first a RawRequest (the bytes as sent);
// ParseRequest turns it into a Request or names the parameter that is not
// acceptable (invalid UTF-8, a NUL byte, a target that is not a path), so
// that no handler ever sees text that cannot be rendered or serialised.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/result.h"

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

// A request as it came off the wire, before any decoding.
struct RawRequest {
  std::string method;
  std::string target;  // request-target, e.g. "/zoeken?q=leefloon"
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query, e.g. "/recht/leefloon"
  Params query;
  std::string content_type;
  std::string body;
  // Every header as sent (names in any case); values are valid UTF-8.
  std::vector<std::pair<std::string, std::string>> headers;
  Params Form() const { return Params::Parse(body); }
  // The first value of header `name` (case-insensitive), if sent.
  std::optional<std::string> Header(std::string_view name) const;
  // The value of cookie `name` from the Cookie headers (RFC 6265 "a=1; b=2";
  // a value in double quotes is unquoted), if sent.
  std::optional<std::string> Cookie(std::string_view name) const;

  // A GET of `path` with the url-encoded `query` ("gemeente=balen&q=huur"),
  // as tests and benchmarks make one.
  static Request Get(std::string path, std::string_view query = "") {
    Request request;
    request.method = "GET";
    request.path = std::move(path);
    request.query = Params::Parse(query);
    return request;
  }
};

// Why a raw request was refused: the parameter (as the API names it) and a
// message in English for the API and in Dutch for pages.
struct BadRequest {
  std::string parameter;  // "path", "q", "form field a", ...
  std::string message;    // "query parameter 'q': invalid UTF-8"
  std::string dutch;      // "De zoekterm bevat tekens die we niet kunnen lezen."
};

// Decodes and checks the target, the query and (for url-encoded forms) the
// body. Every decoded name and value must be valid UTF-8 without NUL.
std::variant<Request, BadRequest> ParseRequest(RawRequest raw);

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  // Set by Handle when a handler threw: what to log (never sent).
  std::string internal_error;

  static Response Html(std::string body, int status = 200);
  // Every JSON answer is serialised here, by the JSON library; invalid UTF-8
  // is replaced, so serialising never throws.
  static Response Json(const nlohmann::json& value, int status = 200);
  static Response JsonError(int status, std::string_view message);
  // Text that the JSON library already serialised (the HSDS export).
  static Response JsonText(std::string serialised, int status = 200);
  static Response Redirect(std::string location);  // 303 See Other

  // The value of header `name` (case-insensitive), if set.
  std::optional<std::string> Header(std::string_view name) const;
};

// The headers every response gets, set in this one place: the content
// security policy, nosniff, the referrer policy, and Cache-Control: no-store
// unless the handler declared the response cacheable.
void AddStandardHeaders(Response& response);
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";

std::string UrlDecode(std::string_view text, bool plus_is_space);
std::string UrlEncode(std::string_view text);
// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string Escape(std::string_view text);
// True when `text` is well-formed UTF-8 (base::FirstInvalidUtf8).
bool IsValidUtf8(std::string_view text);
// `text` made safe for one log line: control bytes, backslashes and bytes
// outside printable ASCII become \xNN; at most `limit` bytes are kept.
std::string LogSafe(std::string_view text, size_t limit = 200);

}  // namespace web
