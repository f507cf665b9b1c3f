// web/page_cache.cpp
#include "web/page_cache.h"

#include <mutex>

namespace web {

std::optional<Response> PageCache::Find(const std::string& day, const std::string& key) const {
  std::shared_lock lock(mutex_);
  if (day != day_) return std::nullopt;
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return *it->second;
}

void PageCache::Store(const std::string& day, const std::string& key, const Response& response) {
  if (response.status != 200 || !response.internal_error.empty() || response.body.size() > kMaxBodyBytes) return;
  auto stored = std::make_shared<const Response>(response);
  std::unique_lock lock(mutex_);
  if (day != day_ || entries_.size() >= kMaxEntries || bytes_ + response.body.size() > kMaxTotalBytes) {
    entries_.clear();
    bytes_ = 0;
    day_ = day;
  }
  auto [it, inserted] = entries_.emplace(key, std::move(stored));
  if (inserted) bytes_ += response.body.size();
}

size_t PageCache::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

}  // namespace web
