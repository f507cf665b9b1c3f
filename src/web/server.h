// web/server.h
//
// The HTTP/1.1 server on Boost.Beast: accepts connections, parses requests
// (bounded size, timeouts, keep-alive), hands each to web::Handle and writes
// the response. Stateless: everything a request needs is in it or in the Site.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "web/site.h"

namespace web {

struct ServerConfig {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 2;
  size_t max_body_bytes = 64 * 1024;  // larger bodies get 413
};

// Serves `site` until the process receives SIGINT or SIGTERM. Returns an
// error if the address cannot be bound. `site` must outlive the call.
base::Status Serve(const Site& site, const ServerConfig& config);

}  // namespace web
