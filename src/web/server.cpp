// web/server.cpp — Boost.Beast adapter: one strand-free session per
// connection on a shared io_context run by `threads` threads.
#include "web/server.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <iostream>
#include <memory>
#include <thread>

namespace web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kTimeout = std::chrono::seconds(30);

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Site& site, const ServerConfig& config)
      : stream_(std::move(socket)), site_(site), config_(config) {}

  void Start() { Read(); }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(config_.max_body_bytes);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(kTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::connection_reset) {
      return Close();
    }
    if (ec == http::error::body_limit) return WriteError(413, "request body too large");
    if (ec) return WriteError(400, "malformed HTTP request");
    auto& raw = parser_->get();
    Request request;
    request.method = std::string(raw.method_string());
    std::string_view target = raw.target();
    size_t question = target.find('?');
    request.path = UrlDecode(target.substr(0, question), false);
    if (question != std::string_view::npos) request.query = Params::Parse(target.substr(question + 1));
    request.content_type = std::string(raw[http::field::content_type]);
    request.body = std::move(raw.body());
    Response response = Handle(site_, request);
    Write(std::move(response), raw.keep_alive(), request.method == "HEAD");
  }

  void WriteError(int status, const std::string& message) {
    Response r = Response::Json("{\"error\": \"" + message + "\"}", status);
    Write(std::move(r), false, false);
  }

  void Write(Response response, bool keep_alive, bool head) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(static_cast<http::status>(response.status));
    res->set(http::field::server, "Rechtop");
    res->set(http::field::content_type, response.content_type);
    res->set("X-Content-Type-Options", "nosniff");
    res->set("Referrer-Policy", "same-origin");
    for (const auto& [name, value] : response.headers) res->set(name, value);
    res->keep_alive(keep_alive);
    res->body() = head ? std::string() : std::move(response.body);
    res->prepare_payload();
    stream_.expires_after(kTimeout);
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
      if (ec || !res->keep_alive()) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  const Site& site_;
  const ServerConfig& config_;
};

void Accept(tcp::acceptor& acceptor, const Site& site, const ServerConfig& config) {
  acceptor.async_accept([&](beast::error_code ec, tcp::socket socket) {
    if (!ec) std::make_shared<Session>(std::move(socket), site, config)->Start();
    if (acceptor.is_open()) Accept(acceptor, site, config);
  });
}

}  // namespace

base::Status Serve(const Site& site, const ServerConfig& config) {
  asio::io_context io(config.threads);
  tcp::acceptor acceptor(io);
  beast::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address(config.address, ec), config.port);
  if (ec) return base::Error::InvalidInput("address '" + config.address + "': " + ec.message());
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return base::Error::Io("cannot listen on " + config.address + ":" + std::to_string(config.port) + ": " + ec.message());
  }
  Accept(acceptor, site, config);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) {
    acceptor.close();
    io.stop();
  });
  std::vector<std::thread> workers;
  for (int i = 1; i < config.threads; ++i) workers.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& w : workers) w.join();
  return base::Ok{};
}

}  // namespace web
