// web/site.h
//
// What the web app serves: the rule base, the service directory, the search
// index and the settings, bundled once at start-up and then only read. Every
// page and API handler is a function of (Site, Request) -> Response.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/date.h"
#include "catalog/catalog.h"
#include "rules/rules.h"
#include "search/search.h"
#include "store/search_log.h"
#include "web/http.h"
#include "web/page_cache.h"

namespace web {

struct Site {
  rules::RuleBase rules;
  catalog::Directory directory;
  std::unique_ptr<search::Index> index;
  std::filesystem::path data_dir;   // logos and demo data
  std::filesystem::path static_dir; // style.css
  // The site's address as residents reach it (`serve --public-url`), for the
  // QR codes on cards; empty: cards carry no QR code and name the site instead.
  // Never taken from a request's Host header, which anyone can set.
  std::string public_url;
  std::function<base::Date()> today;
  // Where /zoeken counts the searches that found nothing (issue 21); nullptr:
  // not counted. Shared with the sites of later reloads.
  std::shared_ptr<store::SearchLog> search_log;
  // Answers of the cacheable public pages of this site (Route::cache_by).
  mutable PageCache page_cache;
};

// Builds the site: search documents from the rights and services. Returns an
// error naming what failed (e.g. a service pointing at an unknown right).
base::Result<std::unique_ptr<Site>> BuildSite(rules::RuleBase rules, catalog::Directory directory,
                                              std::filesystem::path data_dir, std::filesystem::path static_dir);

// The key of `municipality` in the search index (search::Document::municipality,
// search::Scope::municipality): its name, as local rights name their town.
std::string SearchKey(const catalog::Municipality& municipality);

// Why `url` cannot be the site's public address, in plain words, or nullopt
// if it can: an http(s) URL without query or fragment, whose host is not this
// machine (a card that points to localhost leads nowhere).
std::optional<std::string> PublicUrlError(std::string_view url);

// Runs a decoded request through the middleware chain (web/middleware.h) to
// its route; the answer carries the standard headers (AddStandardHeaders).
// Never throws: an exception becomes a 500 whose Response::internal_error
// says what to log.
Response Handle(const Site& site, const Request& request);

// The network's entry: the whole chain, from the raw request. A request the
// decoding step refuses (ParseRequest) gets 400 naming the parameter (JSON
// under /api/, a Dutch page elsewhere). `request_id` goes on the answer
// (X-Request-Id); `log`, when given, receives the chain's log lines.
Response HandleRaw(const Site& site, RawRequest raw, std::string request_id = "",
                   std::function<void(std::string_view)> log = nullptr);

// The municipality's logo file, or nullopt when it has none or its path would
// lead outside the data folder (checked again against the canonical path).
std::optional<std::filesystem::path> LogoFile(const Site& site, const catalog::Municipality& municipality);

}  // namespace web
