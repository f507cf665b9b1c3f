// web/middleware.h
//
// The steps every request passes on its way to its route, in one chain,
// outermost first (Chain()). A step is a function of the exchange and the
// rest of the chain: it may answer itself (a refusal) or pass the request on
// and then add to the answer. The server adapts the network to an Exchange
// and runs the chain; nothing in it does I/O but the log sink it is given.
//
// Today's chain: request id → security headers → request log → errors →
// body limit → decoding → the route. Sessions, CSRF and the tenant come in
// as steps here, between decoding and the route.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/http.h"

namespace web {

struct Site;

// One request on its way through the chain.
struct Exchange {
  const Site& site;
  std::optional<RawRequest> raw;   // as received, until the decoding step
  std::optional<Request> request;  // decoded (tests may start here)
  std::string request_id;          // the server's id for the log and X-Request-Id
  // Where a step writes a line of the request log (the server's log; none in tests).
  std::function<void(std::string_view)> log;
  bool api = false;  // under /api/: answers in JSON

  std::string_view path() const;  // the path as received, for the log
};

using Next = std::function<Response(Exchange&)>;

struct Middleware {
  std::string_view name;  // "request-id", ...
  Response (*run)(Exchange& exchange, const Next& next);
};

// The steps in the order they run.
const std::vector<Middleware>& Chain();

// Runs the chain on `exchange`, ending in the route table's dispatch.
Response RunChain(Exchange& exchange);

// The largest request body any route accepts; the server reads no more and
// the body-limit step refuses more from any other caller.
inline constexpr size_t kMaxBodyBytes = 64 * 1024;

}  // namespace web
