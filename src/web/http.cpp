// web/http.cpp — request decoding and checking, query strings, forms,
// escaping, and the headers every response carries.
#include "web/http.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "base/utf8.h"

namespace web {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string UrlDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string UrlEncode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

Params Params::Parse(std::string_view encoded) {
  Params params;
  size_t pos = 0;
  while (pos <= encoded.size() && !encoded.empty()) {
    size_t end = encoded.find('&', pos);
    if (end == std::string_view::npos) end = encoded.size();
    std::string_view pair = encoded.substr(pos, end - pos);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string name = UrlDecode(pair.substr(0, eq), true);
      std::string value = eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1), true);
      params.items_.emplace_back(std::move(name), std::move(value));
    }
    if (end == encoded.size()) break;
    pos = end + 1;
  }
  return params;
}

std::string Params::Get(std::string_view name, std::string_view fallback) const {
  for (const auto& [n, v] : items_) {
    if (n == name) return v;
  }
  return std::string(fallback);
}

std::vector<std::string> Params::GetAll(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : items_) {
    if (n == name) out.push_back(v);
  }
  return out;
}

bool Params::Has(std::string_view name) const {
  for (const auto& [n, v] : items_) {
    if (n == name) return true;
  }
  return false;
}

std::string Params::Encode() const {
  std::string out;
  for (const auto& [n, v] : items_) {
    if (!out.empty()) out += '&';
    out += UrlEncode(n) + "=" + UrlEncode(v);
  }
  return out;
}

Response Response::Html(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::Json(const nlohmann::json& value, int status) {
  return JsonText(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), status);
}

Response Response::JsonError(int status, std::string_view message) {
  return Json(nlohmann::json{{"error", message}}, status);
}

Response Response::JsonText(std::string serialised, int status) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(serialised);
  return r;
}

std::optional<std::string> Response::Header(std::string_view name) const {
  auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  for (const auto& [n, v] : headers) {
    if (same(n, name)) return v;
  }
  return std::nullopt;
}

void AddStandardHeaders(Response& response) {
  auto set = [&](const char* name, const char* value) {
    if (!response.Header(name)) response.headers.emplace_back(name, value);
  };
  // Nothing is cached unless its handler said so: pages may hold answers.
  set("Cache-Control", "no-store");
  set("Content-Security-Policy", kContentSecurityPolicy);
  set("X-Content-Type-Options", "nosniff");
  set("Referrer-Policy", "same-origin");
}

bool IsValidUtf8(std::string_view text) { return base::FirstInvalidUtf8(text) == std::string_view::npos; }

std::string LogSafe(std::string_view text, size_t limit) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text.substr(0, limit)) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (text.size() > limit) out += "...";
  return out;
}

namespace {

bool Acceptable(std::string_view decoded) {
  return decoded.find('\0') == std::string_view::npos && IsValidUtf8(decoded);
}

// The Dutch name of a parameter, for the error page.
std::string DutchParameter(std::string_view name) {
  if (name == "q") return "de zoekterm";
  if (name == "gemeente" || name == "gemeente_id") return "de gemeente";
  return "het veld ‘" + std::string(name) + "’";
}

// Checks every decoded name and value; `where` is "query parameter" or
// "form field".
std::optional<BadRequest> CheckDecoded(const Params& params, std::string_view where, std::string_view dutch_where) {
  for (const auto& [name, value] : params.items()) {
    if (!Acceptable(name)) {
      return BadRequest{std::string(where), "a " + std::string(where) + " name: invalid UTF-8 or a NUL byte",
                        "Een " + std::string(dutch_where) + " heeft een naam met tekens die we niet kunnen lezen."};
    }
    if (!Acceptable(value)) {
      std::string shown = name.substr(0, 60);
      return BadRequest{shown, std::string(where) + " '" + shown + "': invalid UTF-8 or a NUL byte",
                        "In " + DutchParameter(shown) + " staan tekens die we niet kunnen lezen."};
    }
  }
  return std::nullopt;
}

}  // namespace

std::variant<Request, BadRequest> ParseRequest(RawRequest raw) {
  std::string_view target = raw.target;
  // Only origin-form ("/path?query"): the absolute and authority forms are for proxies.
  if (target.empty() || target.front() != '/') {
    return BadRequest{"path", "the request target must be a path starting with '/'", "Dit adres kunnen we niet lezen."};
  }
  size_t question = target.find('?');
  Request request;
  request.method = std::move(raw.method);
  request.path = UrlDecode(target.substr(0, question), false);
  if (!Acceptable(request.path)) {
    return BadRequest{"path", "path: invalid UTF-8 or a NUL byte", "Het adres bevat tekens die we niet kunnen lezen."};
  }
  if (question != std::string_view::npos) {
    request.query = Params::Parse(target.substr(question + 1));
    if (auto bad = CheckDecoded(request.query, "query parameter", "parameter in het adres")) return *bad;
  }
  request.content_type = std::move(raw.content_type);
  request.body = std::move(raw.body);
  for (auto& [name, value] : raw.headers) {
    if (!Acceptable(name) || !Acceptable(value)) {
      return BadRequest{"header " + LogSafe(name, 40),
                        "header '" + LogSafe(name, 40) + "': invalid UTF-8 or a NUL byte",
                        "Uw browser stuurde gegevens die we niet kunnen lezen."};
    }
    request.headers.emplace_back(std::move(name), std::move(value));
  }
  // API bodies are JSON, which the JSON reader checks and places itself; a
  // page's body is read as a form whatever its declared type, so it is checked as one.
  if (!request.path.starts_with("/api/")) {
    if (auto bad = CheckDecoded(request.Form(), "form field", "formulierveld")) return *bad;
  }
  return request;
}

namespace {

bool SameNameIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> Request::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (SameNameIgnoringCase(n, name)) return v;
  }
  return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (!SameNameIgnoringCase(n, "cookie")) continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      const size_t semicolon = rest.find(';');
      std::string_view pair = TrimSpaces(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos || TrimSpaces(pair.substr(0, eq)) != name) continue;
      std::string_view value = TrimSpaces(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      return std::string(value);
    }
  }
  return std::nullopt;
}

Response Response::Redirect(std::string location) {
  Response r;
  r.status = 303;
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

}  // namespace web
