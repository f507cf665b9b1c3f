// web/middleware.cpp — the request chain (see middleware.h).
#include "web/middleware.h"

#include "web/layout.h"
#include "web/routes.h"
#include "web/site.h"

namespace web {
namespace {

Response RequestId(Exchange& exchange, const Next& next) {
  Response response = next(exchange);
  if (!exchange.request_id.empty() && !response.Header("X-Request-Id")) {
    response.headers.emplace_back("X-Request-Id", exchange.request_id);
  }
  return response;
}

// What went wrong inside goes to the log with the request's id; the client
// gets a plain 500. (The access line, with the time the answer took to send,
// is written by the server once the answer is out.)
Response RequestLog(Exchange& exchange, const Next& next) {
  Response response = next(exchange);
  if (!response.internal_error.empty() && exchange.log) {
    exchange.log("error id=" + exchange.request_id + " " +
                 LogSafe(exchange.request ? exchange.request->method
                         : exchange.raw   ? exchange.raw->method
                                          : "-",
                         16) +
                 " " + LogSafe(exchange.path()) + ": " + LogSafe(response.internal_error, 500));
  }
  return response;
}

Response Errors(Exchange& exchange, const Next& next) {
  try {
    return next(exchange);
  } catch (const std::exception& e) {
    Response response =
        exchange.api ? Response::JsonError(500, "internal error")
                     : ErrorPage(exchange.site, 500, "Er ging iets mis aan onze kant. Probeer het later opnieuw.");
    response.internal_error = e.what();
    return response;
  } catch (...) {
    Response response = Response::JsonError(500, "internal error");
    response.internal_error = "an exception that is not a std::exception";
    return response;
  }
}

Response SecurityHeaders(Exchange& exchange, const Next& next) {
  Response response = next(exchange);
  AddStandardHeaders(response);
  return response;
}

Response BodyLimit(Exchange& exchange, const Next& next) {
  size_t size = exchange.raw ? exchange.raw->body.size() : exchange.request ? exchange.request->body.size() : 0;
  if (size > kMaxBodyBytes) {
    return exchange.api ? Response::JsonError(413, "request body too large")
                        : ErrorPage(exchange.site, 413, "U stuurde te veel gegevens in één keer.");
  }
  return next(exchange);
}

Response Decode(Exchange& exchange, const Next& next) {
  if (exchange.raw) {
    auto parsed = ParseRequest(std::move(*exchange.raw));
    exchange.raw.reset();
    if (auto* bad = std::get_if<BadRequest>(&parsed)) {
      return exchange.api ? Response::JsonError(400, bad->message) : ErrorPage(exchange.site, 400, bad->dutch);
    }
    exchange.request = std::move(std::get<Request>(parsed));
  }
  return next(exchange);
}

}  // namespace

std::string_view Exchange::path() const {
  std::string_view target = request ? std::string_view(request->path) : raw ? std::string_view(raw->target) : "-";
  return target.substr(0, target.find('?'));
}

const std::vector<Middleware>& Chain() {
  static const std::vector<Middleware> chain = {
      // Outermost the steps that mark every answer, the 500 of an exception too.
      {"request-id", RequestId},   {"security-headers", SecurityHeaders},
      {"request-log", RequestLog}, {"errors", Errors},
      {"body-limit", BodyLimit},   {"decode", Decode},
  };
  return chain;
}

Response RunChain(Exchange& exchange) {
  const std::vector<Middleware>& chain = Chain();
  // Step i runs with a Next that runs step i + 1; past the last, the route.
  std::function<Response(Exchange&, size_t)> run = [&](Exchange& e, size_t i) -> Response {
    if (i == chain.size()) return Dispatch(e.site, *e.request);
    return chain[i].run(e, [&, i](Exchange& inner) { return run(inner, i + 1); });
  };
  return run(exchange, 0);
}

}  // namespace web
