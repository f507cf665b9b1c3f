// web/page_cache.h
//
// The answers of public pages that are a function of the site alone: the
// rules, the directory, today's date, the path and a few named query
// parameters (routes.h, Route::cache_by). Rendering such a page through the
// templates costs tens of microseconds; answering it from here costs a copy.
// A site holds one cache and a reload builds a new site, so an answer never
// outlives the rules and directory it was rendered from. Only routes that
// are public and declare what they vary by are cached, so no page that
// depends on a session or on personal data can ever be stored here.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "web/http.h"

namespace web {

class PageCache {
 public:
  // Bounds: entries, the size of one answer, and all answers together. When
  // a bound would be passed the cache starts again empty, so a client that
  // asks for endless distinct pages costs memory up to the bound and no more.
  static constexpr size_t kMaxEntries = 4096;
  static constexpr size_t kMaxBodyBytes = 512 * 1024;
  static constexpr size_t kMaxTotalBytes = 64 * 1024 * 1024;

  // The stored answer for `key` on `day` (an ISO date), if any.
  std::optional<Response> Find(const std::string& day, const std::string& key) const;
  // Keeps `response` for `key` on `day` when it is a 200 within the bounds.
  // A new day empties the cache first: pages show today's opening hours.
  void Store(const std::string& day, const std::string& key, const Response& response);
  size_t size() const;

 private:
  mutable std::shared_mutex mutex_;
  std::string day_;
  std::unordered_map<std::string, std::shared_ptr<const Response>> entries_;
  size_t bytes_ = 0;
};

}  // namespace web
