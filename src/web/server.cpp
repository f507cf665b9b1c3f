// web/server.cpp — Boost.Beast adapter. One Session per connection, each on
// its own strand of a shared io_context run by `threads` threads. A Session
// reads the head (header timeout), then the body (body timeout), hands the
// raw request to HandleRaw, and writes the answer a piece at a time with a
// timeout per piece. The shared State counts connections per address and
// the bytes of answers in flight, and drives the drain on SIGTERM.
#include "web/server.h"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <iostream>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Answers up to this size are always sent: /healthz and error pages must get
// through when the budget for large answers is spent.
constexpr size_t kSmallAnswer = 64 * 1024;

std::string UtcNow() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  return text;
}

class Session;

// What every session shares; held by shared_ptr so that it outlives the
// last session, whatever order the io_context destroys handlers in.
struct State {
  State(std::shared_ptr<const Site> site, const ServerConfig& config) : config(config), site_(std::move(site)) {
    std::random_device random;
    next_request_id = (static_cast<uint64_t>(random()) << 32) ^ random();
  }

  const ServerConfig& config;
  std::string trusted_proxy;  // config.trusted_proxy in the form peers are spelled
  asio::io_context io{std::max(1, config.threads)};

  std::mutex mutex;  // guards the maps below and the log
  std::unordered_map<std::string, size_t> per_address;
  std::unordered_set<Session*> sessions;
  std::atomic<size_t> connections{0};
  std::atomic<size_t> pending_bytes{0};
  std::atomic<size_t> released_since_trim{0};
  std::atomic<uint64_t> next_request_id;
  std::atomic<bool> draining{false};

 private:
  std::mutex site_mutex_;
  std::shared_ptr<const Site> site_;

 public:
  // The site a new request is answered from; a request keeps the one it
  // started with, so a reload never changes an answer half-way.
  std::shared_ptr<const Site> site() {
    std::lock_guard lock(site_mutex_);
    return site_;
  }
  void ReplaceSite(std::shared_ptr<const Site> site) {
    std::lock_guard lock(site_mutex_);
    site_ = std::move(site);
  }

  // One line on stderr, never interleaved with another.
  void Log(const std::string& line) {
    std::lock_guard lock(mutex);
    std::cerr << line << '\n';
  }

  std::string NewRequestId() {
    char text[20];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(next_request_id++));
    return text;
  }

  bool TryAcquire(const std::string& address) {
    std::lock_guard lock(mutex);
    size_t& count = per_address[address];
    if (count >= config.max_connections_per_address) {
      if (count == 0) per_address.erase(address);
      return false;
    }
    ++count;
    return true;
  }

  void Release(const std::string& address) {
    std::lock_guard lock(mutex);
    auto it = per_address.find(address);
    if (it != per_address.end() && --it->second == 0) per_address.erase(it);
  }

  void StopIfDrained() {
    if (draining && connections == 0) io.stop();
  }
};

// A connection refused at accept (too many connections): a short answer,
// then the client's bytes are read and dropped until it closes or two
// seconds pass, so that closing does not reset the answer away.
class Refusal : public std::enable_shared_from_this<Refusal> {
 public:
  Refusal(tcp::socket socket, int status, std::string_view message) : stream_(std::move(socket)) {
    Response r = Response::JsonError(status, message);
    AddStandardHeaders(r);
    text_ = "HTTP/1.1 " + std::to_string(status) + (status == 429 ? " Too Many Requests" : " Service Unavailable") +
            "\r\nContent-Type: application/json\r\nConnection: close\r\nRetry-After: 5\r\nContent-Length: " +
            std::to_string(r.body.size()) + "\r\n";
    for (const auto& [name, value] : r.headers) text_ += name + ": " + value + "\r\n";
    text_ += "\r\n" + r.body;
  }

  void Start() {
    stream_.expires_after(std::chrono::seconds(2));
    asio::async_write(stream_, asio::buffer(text_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return;
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->Drop();
    });
  }

 private:
  void Drop() {
    stream_.async_read_some(asio::buffer(sink_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (!ec) self->Drop();
    });
  }

  beast::tcp_stream stream_;
  std::string text_;
  char sink_[4096];
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<State> state, std::string peer, std::string address)
      : stream_(std::move(socket)), state_(std::move(state)), peer_(std::move(peer)), address_(std::move(address)) {}

  ~Session() {
    if (!address_.empty()) state_->Release(address_);
    ReleaseBudget();
    {
      std::lock_guard lock(state_->mutex);
      state_->sessions.erase(this);
    }
    --state_->connections;
    state_->StopIfDrained();
  }

  void Start() {
    {
      std::lock_guard lock(state_->mutex);
      state_->sessions.insert(this);
    }
    ReadHeader();
  }

  // Runs on the session's strand when the server starts draining: an idle
  // connection is closed now, one with a request in progress after its answer.
  void Drain() {
    if (phase_ == Phase::kHead && !parser_->got_some() && buffer_.size() == 0) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_.socket().close(ignored);
    }
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

 private:
  enum class Phase { kHead, kBody, kAnswer };

  const ServerConfig& config() const { return state_->config; }

  void ReadHeader() {
    phase_ = Phase::kHead;
    parser_.emplace();
    parser_->body_limit(config().max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(config().max_header_bytes));
    stream_.expires_after(config().header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  static bool Gone(const beast::error_code& ec) {
    return ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::connection_reset ||
           ec == asio::error::operation_aborted || ec == asio::error::eof || ec == asio::error::bad_descriptor ||
           ec == http::error::partial_message;
  }

  void OnHeader(beast::error_code ec) {
    started_ = Clock::now();
    if (Gone(ec)) return;  // the session ends; the socket closes with it
    if (ec == http::error::header_limit) {
      // 414 when the request line alone is too long, else 431. The parser
      // has taken the request line from the buffer once it was complete.
      std::string_view seen(static_cast<const char*>(buffer_.data().data()), buffer_.size());
      size_t line_end = seen.find('\n');
      bool target_too_long = parser_->get().target().size() > config().max_target_bytes ||
                             (parser_->get().target().empty() &&
                              (line_end == std::string_view::npos || line_end > config().max_target_bytes + 16));
      return WriteError(target_too_long ? 414 : 431,
                        target_too_long ? "request target too long" : "request header fields too large");
    }
    if (ec == http::error::buffer_overflow) return WriteError(431, "request header fields too large");
    // A Content-Length over the limit is refused as soon as the head is read.
    if (ec == http::error::body_limit) return WriteError(413, "request body too large");
    if (ec) return WriteError(400, "malformed HTTP request");
    const auto& head = parser_->get();
    if (head.target().size() > config().max_target_bytes) return WriteError(414, "request target too long");
    if (!AttributeClient(head)) return WriteError(429, "too many connections from this address");
    if (parser_->is_done()) return OnBody({});
    phase_ = Phase::kBody;
    stream_.expires_after(config().body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  // Behind the trusted proxy the client is the last X-Forwarded-For entry;
  // the connection counts against that address from its first request on.
  bool AttributeClient(const http::request<http::string_body>& head) {
    if (state_->trusted_proxy.empty() || peer_ != state_->trusted_proxy) return true;
    std::string_view forwarded = head["X-Forwarded-For"];
    if (forwarded.empty()) return true;
    std::string_view last =
        forwarded.substr(forwarded.rfind(',') == std::string_view::npos ? 0 : forwarded.rfind(',') + 1);
    while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
    while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
    beast::error_code ec;
    auto parsed = asio::ip::make_address(std::string(last), ec);
    if (ec) return true;  // not an address: the proxy's own connection counts
    std::string client = parsed.to_string();
    if (client == address_) return true;
    if (!state_->TryAcquire(client)) return false;
    if (!address_.empty()) state_->Release(address_);
    address_ = client;
    return true;
  }

  void OnBody(beast::error_code ec) {
    if (ec == http::error::body_limit) return WriteError(413, "request body too large");
    if (Gone(ec)) return;
    if (ec) return WriteError(400, "malformed HTTP request");
    phase_ = Phase::kAnswer;
    auto& message = parser_->get();
    RawRequest raw;
    raw.method = std::string(message.method_string());
    raw.target = std::string(message.target());
    raw.content_type = std::string(message[http::field::content_type]);
    raw.body = std::move(message.body());
    for (const auto& field : message)
      raw.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request_id_ = state_->NewRequestId();
    const bool head = raw.method == "HEAD";
    method_ = LogSafe(raw.method, 16);
    path_ = LogSafe(std::string_view(raw.target).substr(0, raw.target.find('?')));
    Response response;
    try {
      std::shared_ptr<const Site> site = state_->site();
      response = HandleRaw(*site, std::move(raw), request_id_,
                           [state = state_](std::string_view line) { state->Log(UtcNow() + " " + std::string(line)); });
    } catch (const std::exception& e) {  // the chain catches; this is the last line of defence
      response = Response::JsonError(500, "internal error");
      state_->Log(UtcNow() + " error id=" + request_id_ + " " + method_ + " " + path_ + ": " + LogSafe(e.what(), 500));
    }
    bool keep_alive = message.keep_alive() && !state_->draining;
    Write(std::move(response), keep_alive, head);
  }

  void WriteError(int status, std::string_view message) {
    phase_ = Phase::kAnswer;
    if (request_id_.empty()) request_id_ = state_->NewRequestId();
    if (method_.empty()) method_ = "-", path_ = "-";
    Response r = Response::JsonError(status, message);
    AddStandardHeaders(r);
    Write(std::move(r), false, false);
  }

  void Write(Response response, bool keep_alive, bool head) {
    size_t size = response.body.size();
    if (size > kSmallAnswer) {
      if (state_->pending_bytes.fetch_add(size) + size > config().max_pending_response_bytes) {
        state_->pending_bytes -= size;
        response = Response::JsonError(503, "the server is busy; try again in a moment");
        response.headers.emplace_back("Retry-After", "2");
        AddStandardHeaders(response);
        size = 0;
      } else {
        budget_ = size;
      }
    }
    status_ = response.status;
    sr_.reset();
    res_.emplace();
    res_->version(11);
    res_->result(static_cast<http::status>(response.status));
    res_->set(http::field::server, "Rechtop");
    res_->set(http::field::content_type, response.content_type);
    res_->set("X-Request-Id", request_id_);
    for (const auto& [name, value] : response.headers) res_->set(name, value);
    res_->keep_alive(keep_alive);
    if (head) {
      res_->content_length(response.body.size());  // the length GET would give
    } else {
      res_->body() = std::move(response.body);
      res_->prepare_payload();
    }
    sr_.emplace(*res_);
    WriteSome();
  }

  // One piece at a time, each with its own timeout: a reader that takes
  // nothing for write_timeout is dropped, one that reads slowly is not.
  void WriteSome() {
    stream_.expires_after(config().write_timeout);
    http::async_write_some(stream_, *sr_,
                           [self = shared_from_this()](beast::error_code ec, size_t) { self->OnWritten(ec); });
  }

  void OnWritten(beast::error_code ec) {
    if (ec) {
      LogRequest(ec == beast::error::timeout ? " (dropped: the client stopped reading)" : " (the client went away)");
      return;
    }
    if (!sr_->is_done()) return WriteSome();
    LogRequest("");
    bool keep_alive = res_->keep_alive() && !state_->draining;
    sr_.reset();
    res_.reset();
    ReleaseBudget();
    method_.clear();
    path_.clear();
    request_id_.clear();
    if (!keep_alive) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return;
    }
    ReadHeader();
  }

  void LogRequest(const char* note) {
    if (!config().request_log) return;
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1fms", static_cast<double>(micros) / 1000.0);
    state_->Log(UtcNow() + " id=" + request_id_ + " " + method_ + " " + path_ + " " + std::to_string(status_) + " " +
                duration + note);
  }

  void ReleaseBudget() {
    if (budget_ == 0) return;
    state_->pending_bytes -= budget_;
    state_->released_since_trim += budget_;
    budget_ = 0;
  }

  beast::tcp_stream stream_;
  std::shared_ptr<State> state_;
  std::string peer_;     // the TCP peer
  std::string address_;  // the address this connection counts against ("" = none)
  beast::flat_buffer buffer_{64 * 1024};
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> res_;
  std::optional<http::response_serializer<http::string_body>> sr_;
  Phase phase_ = Phase::kHead;
  Clock::time_point started_ = Clock::now();
  std::string request_id_, method_, path_;
  int status_ = 0;
  size_t budget_ = 0;
};

class Listener {
 public:
  Listener(std::shared_ptr<State> state, tcp::acceptor& acceptor)
      : state_(std::move(state)), acceptor_(acceptor), backoff_timer_(state_->io), trim_timer_(state_->io) {}

  void Start() {
    Accept();
    Trim();
  }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(state_->io), [this](beast::error_code ec, tcp::socket socket) {
      if (!acceptor_.is_open() || state_->draining) return;
      if (ec) return Backoff(ec);
      backoff_ = std::chrono::milliseconds(0);
      Admit(std::move(socket));
      Accept();
    });
  }

  // Accept fails when descriptors or memory run out; retrying at once would
  // spin on the same pending connection. Wait, doubling up to half a second.
  void Backoff(const beast::error_code& ec) {
    if (backoff_.count() == 0) state_->Log(UtcNow() + " accept failed, backing off: " + ec.message());
    backoff_ = std::min(std::chrono::milliseconds(500), std::max(std::chrono::milliseconds(10), backoff_ * 2));
    backoff_timer_.expires_after(backoff_);
    backoff_timer_.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && acceptor_.is_open()) Accept();
    });
  }

  void Admit(tcp::socket socket) {
    beast::error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    if (ec) return;
    std::string peer = endpoint.address().to_string();
    const ServerConfig& config = state_->config;
    if (state_->connections >= config.max_connections) {
      return std::make_shared<Refusal>(std::move(socket), 503, "too many connections")->Start();
    }
    // The proxy's connections count against the clients it names, not itself.
    bool proxied = !state_->trusted_proxy.empty() && peer == state_->trusted_proxy;
    if (!proxied && !state_->TryAcquire(peer)) {
      return std::make_shared<Refusal>(std::move(socket), 429, "too many connections from this address")->Start();
    }
    ++state_->connections;
    std::make_shared<Session>(std::move(socket), state_, peer, proxied ? "" : peer)->Start();
  }

  // Freed answers go back to the system: without this, glibc keeps the
  // pages of answers that waited for slow readers.
  void Trim() {
    trim_timer_.expires_after(std::chrono::seconds(2));
    trim_timer_.async_wait([this](beast::error_code ec) {
      if (ec) return;
      if (state_->released_since_trim.exchange(0) > 0) malloc_trim(0);
      Trim();
    });
  }

  std::shared_ptr<State> state_;
  tcp::acceptor& acceptor_;
  asio::steady_timer backoff_timer_;
  asio::steady_timer trim_timer_;
  std::chrono::milliseconds backoff_{0};
};

// Lets the server hold as many connections as the hard limit allows.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

base::Status Serve(std::shared_ptr<const Site> site, const ServerConfig& config, const SiteLoader& reload) {
  RaiseDescriptorLimit();
  // Large answers are mapped and unmapped, not kept in the heap's arenas,
  // so memory returns after a burst of slow readers.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  auto state = std::make_shared<State>(std::move(site), config);
  asio::io_context& io = state->io;
  if (!config.trusted_proxy.empty()) {
    beast::error_code proxy_ec;
    auto proxy = asio::ip::make_address(config.trusted_proxy, proxy_ec);
    if (proxy_ec)
      return base::Error::InvalidInput("--trusted-proxy '" + config.trusted_proxy + "' is not an IP address");
    state->trusted_proxy = proxy.to_string();
  }
  tcp::acceptor acceptor(io);
  beast::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address(config.address, ec), config.port);
  if (ec) return base::Error::InvalidInput("address '" + config.address + "': " + ec.message());
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return base::Error::Io("cannot listen on " + config.address + ":" + std::to_string(config.port) + ": " +
                           ec.message());
  }
  Listener listener(state, acceptor);
  listener.Start();

  asio::steady_timer drain_timer(io);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  std::function<void(beast::error_code, int)> on_signal = [&](beast::error_code signal_ec, int) {
    if (signal_ec) return;
    if (state->draining) return io.stop();  // a second signal: stop now
    state->draining = true;
    state->Log(UtcNow() + " draining: " + std::to_string(state->connections.load()) + " connections open");
    beast::error_code ignored;
    acceptor.close(ignored);
    {
      std::lock_guard lock(state->mutex);
      for (Session* session : state->sessions) {
        asio::post(session->executor(), [weak = session->weak_from_this()] {
          if (auto s = weak.lock()) s->Drain();
        });
      }
    }
    drain_timer.expires_after(config.drain_timeout);
    drain_timer.async_wait([&](beast::error_code wait_ec) {
      if (wait_ec) return;
      state->Log(UtcNow() + " drain timeout: " + std::to_string(state->connections.load()) + " connections dropped");
      io.stop();
    });
    asio::post(io, [&] { state->StopIfDrained(); });
    signals.async_wait(on_signal);
  };
  signals.async_wait(on_signal);

  // SIGHUP: build the site again (rules and directory, as at start) and
  // answer new requests from it; on failure the old one stays. Built on its
  // own thread, so that the io threads keep answering meanwhile.
  asio::signal_set hangups(io, SIGHUP);
  std::atomic<bool> reloading{false};
  std::thread reloader;
  std::function<void(beast::error_code, int)> on_hangup = [&](beast::error_code signal_ec, int) {
    if (signal_ec) return;
    if (reload && !reloading.exchange(true)) {
      if (reloader.joinable()) reloader.join();
      reloader = std::thread([&] {
        state->Log(UtcNow() + " reloading the rules and the directory (SIGHUP)");
        auto fresh = reload();
        if (fresh.ok()) {
          state->ReplaceSite(std::move(*fresh));
          state->Log(UtcNow() + " reloaded");
        } else {
          state->Log(UtcNow() +
                     " reload failed, still serving the previous site: " + LogSafe(fresh.error().message(), 2000));
        }
        reloading = false;
      });
    }
    hangups.async_wait(on_hangup);
  };
  hangups.async_wait(on_hangup);

  // An exception that escapes a handler is logged and the thread runs on.
  auto run = [&] {
    while (true) {
      try {
        io.run();
        return;
      } catch (const std::exception& e) {
        state->Log(UtcNow() + " error outside a request: " + LogSafe(e.what(), 500));
      }
    }
  };
  std::vector<std::thread> workers;
  for (int i = 1; i < config.threads; ++i) workers.emplace_back(run);
  run();
  for (auto& w : workers) w.join();
  if (reloader.joinable()) reloader.join();
  // Once the signal set is gone a late SIGTERM would kill the process on its
  // way out; blocked, it stays pending and the exit status stays 0.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return base::Ok{};
}

}  // namespace web
