// fuzz/http_fuzz.cpp — request-target decoding and query/form parsing
// (web/http.cpp). Invariants: ParseRequest never throws; what it accepts is
// valid UTF-8 without NUL everywhere; decoding never grows the text; an
// accepted query survives Encode -> Parse unchanged; every accepted value
// serialises to JSON that parses back.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "web/http.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();
}

void CheckParams(const web::Params& params) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& [name, value] : params.items()) {
    Require(web::IsValidUtf8(name) && web::IsValidUtf8(value));
    Require(name.find('\0') == std::string::npos && value.find('\0') == std::string::npos);
    j.push_back({name, value});
  }
  Require(web::Params::Parse(params.Encode()).items() == params.items());
  web::Response r = web::Response::Json(j);
  Require(nlohmann::json::parse(r.body) == j);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  // Up to the first newline is the target, the rest the body.
  size_t newline = text.find('\n');
  web::RawRequest raw;
  raw.method = "POST";
  raw.target = text.substr(0, newline);
  raw.body = newline == std::string::npos ? "" : text.substr(newline + 1);
  raw.content_type = "application/x-www-form-urlencoded";
  Require(web::UrlDecode(raw.target, true).size() <= raw.target.size());
  auto parsed = web::ParseRequest(raw);
  if (auto* request = std::get_if<web::Request>(&parsed)) {
    Require(web::IsValidUtf8(request->path) && request->path.find('\0') == std::string::npos);
    CheckParams(request->query);
    if (!request->path.starts_with("/api/")) CheckParams(request->Form());
  } else {
    const auto& bad = std::get<web::BadRequest>(parsed);
    Require(!bad.message.empty() && !bad.dutch.empty());
    (void)web::Response::JsonError(400, bad.message);
  }
  (void)web::LogSafe(text);
  (void)web::Escape(text);
  return 0;
}
