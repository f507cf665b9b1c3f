// web/http.cpp — query strings, forms, escaping.
#include "web/http.h"

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

Response Response::Json(std::string body, int status) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

Response Response::Redirect(std::string location) {
  Response r;
  r.status = 303;
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

}  // namespace web
