// web/server.h
//
// The HTTP/1.1 server on Boost.Beast: accepts connections, parses requests
// (bounded sizes, separate timeouts, keep-alive), hands each to
// web::HandleRaw and writes the response. Stateless: everything a request
// needs is in it or in the Site.
//
// Defences, each a setting below: limits on connections in total and per
// client address (429 / 503 and close), backoff when accept fails (no spin
// when descriptors run out), a bound on the bytes of answers waiting for slow
// readers (503 beyond it), timeouts for the request head, the body and each
// write, and a graceful drain on SIGTERM.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "web/middleware.h"
#include "web/site.h"

namespace web {

struct ServerConfig {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 2;
  size_t max_body_bytes = kMaxBodyBytes;  // larger bodies get 413 (web/middleware.h)
  size_t max_header_bytes = 16 * 1024;  // request line and headers; larger gets 431
  size_t max_target_bytes = 8 * 1024;   // a longer request target gets 414
  size_t max_connections = 1024;        // beyond: 503 and close
  size_t max_connections_per_address = 64;  // beyond: 429 and close
  // When a connection comes from this address, the client address is the last
  // entry of its X-Forwarded-For header. Empty: never trust that header.
  std::string trusted_proxy;
  std::chrono::milliseconds header_timeout{10'000};  // to receive the request head
  std::chrono::milliseconds body_timeout{10'000};    // to receive the body
  std::chrono::milliseconds write_timeout{10'000};   // for each write to a slow reader
  std::chrono::milliseconds drain_timeout{10'000};   // SIGTERM: time to finish requests in progress
  // Answers larger than 64 KiB wait for slow readers within this budget;
  // beyond it the server answers 503 instead, so memory stays bounded.
  size_t max_pending_response_bytes = 128 * 1024 * 1024;
  bool request_log = true;  // one line per request on stderr (never the query or body)
};

// Builds the site anew (rules, directory, search index), for a reload.
using SiteLoader = std::function<base::Result<std::shared_ptr<const Site>>()>;

// Serves `site` until the process receives SIGINT or SIGTERM, then stops
// accepting, finishes the requests in progress within drain_timeout and
// returns. On SIGHUP it calls `reload` (when given) and answers new requests
// from the site it gives; a failed reload is logged and the old site stays.
// Returns an error if the address cannot be bound.
base::Status Serve(std::shared_ptr<const Site> site, const ServerConfig& config, const SiteLoader& reload = nullptr);

}  // namespace web
