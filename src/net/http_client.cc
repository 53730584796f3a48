#include "net/http_client.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/asio.h"
#include "net/http_connection_pool.h"
// After net/asio.h, which must come first.
#include <boost/asio/ssl.hpp>

namespace parley::net {

namespace {

bool isPublicV4(uint32_t v4) {
  const auto in = [v4](uint32_t network, int bits) {
    return (v4 >> (32 - bits)) == (network >> (32 - bits));
  };
  return !(in(0x7F000000, 8) ||                                              // loopback
           in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) ||  // RFC 1918
           in(0xA9FE0000, 16) ||                                             // link-local
           in(0x64400000, 10) ||                                             // shared (CGNAT)
           in(0xC0000000, 24) || in(0xC6120000, 15) ||                       // IETF, benchmarking
           in(0x00000000, 8) || in(0xE0000000, 4) || in(0xF0000000, 4));     // "this", multicast,
                                                                             // reserved, broadcast
}

uint32_t v4At(const asio::ip::address_v6::bytes_type& bytes, size_t at) {
  return (uint32_t{bytes[at]} << 24) | (uint32_t{bytes[at + 1]} << 16) |
         (uint32_t{bytes[at + 2]} << 8) | uint32_t{bytes[at + 3]};
}

bool zeroes(const asio::ip::address_v6::bytes_type& bytes, size_t from, size_t to) {
  return std::all_of(bytes.begin() + from, bytes.begin() + to, [](uint8_t b) { return b == 0; });
}

// The IPv4 address an IPv6 address carries, in every form a router may translate back to IPv4
// (or that reaches IPv4 through a tunnel): mapped ::ffff:a.b.c.d, SIIT ::ffff:0:a.b.c.d,
// compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4 2002:AABB:CCDD::, Teredo's client (2001::/32,
// inverted in the last 32 bits).
std::optional<uint32_t> embeddedV4(const asio::ip::address_v6::bytes_type& bytes) {
  if (zeroes(bytes, 0, 10) &&
      ((bytes[10] == 0xFF && bytes[11] == 0xFF) || (bytes[10] == 0 && bytes[11] == 0))) {
    return v4At(bytes, 12);
  }
  if (zeroes(bytes, 0, 8) && bytes[8] == 0xFF && bytes[9] == 0xFF && zeroes(bytes, 10, 12)) {
    return v4At(bytes, 12);
  }
  if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B &&
      zeroes(bytes, 4, 12)) {
    return v4At(bytes, 12);
  }
  if (bytes[0] == 0x20 && bytes[1] == 0x02) {
    return v4At(bytes, 2);
  }
  if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0 && bytes[3] == 0) {
    return ~v4At(bytes, 12);
  }
  return std::nullopt;
}

}  // namespace

bool isPublicAddress(std::string_view ip) {
  boost::system::error_code error;
  const auto address = asio::ip::make_address(std::string(ip), error);
  if (error) {
    return false;
  }
  if (address.is_v4()) {
    return isPublicV4(address.to_v4().to_uint());
  }
  const auto v6 = address.to_v6();
  if (v6.is_unspecified() || v6.is_loopback() || v6.is_multicast()) {
    return false;
  }
  const auto bytes = v6.to_bytes();
  if (auto v4 = embeddedV4(bytes)) {
    return isPublicV4(*v4);
  }
  const bool unique_local = (bytes[0] & 0xFE) == 0xFC;                    // fc00::/7
  const bool link_local = bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80;  // fe80::/10
  const bool site_local = bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0xC0;  // fec0::/10
  const bool local_nat64 = bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF &&
                           bytes[3] == 0x9B && bytes[4] == 0x00 && bytes[5] == 0x01;  // RFC 8215
  const bool discard = zeroes(bytes, 2, 8) && bytes[0] == 0x01 && bytes[1] == 0x00;   // 100::/64
  const bool reserved = zeroes(bytes, 0, 2);  // ::/16 beyond the forms above
  return !unique_local && !link_local && !site_local && !local_nat64 && !discard && !reserved;
}

namespace {

constexpr uint32_t kMaxHeaderBytes = 16 * 1024;

struct Url {
  bool tls = false;
  std::string host;  // without brackets
  std::string port;
  std::string target;
  std::string host_header;

  std::string authority() const {
    return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
  }
  // What a pooled connection or a TLS session may be reused for.
  std::string peer() const { return (tls ? "https://" : "http://") + authority(); }
};

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) {
    return false;
  }
  for (size_t index = 0; index < prefix.size(); ++index) {
    if (std::tolower(static_cast<unsigned char>(text[index])) != prefix[index]) {
      return false;
    }
  }
  return true;
}

Result<Url> parseUrl(std::string_view text) {
  Url url;
  if (startsWithNoCase(text, "https://")) {
    url.tls = true;
    text.remove_prefix(8);
  } else if (startsWithNoCase(text, "http://")) {
    text.remove_prefix(7);
  } else {
    return fail(ErrorCode::BadRequest, "the URL is not http:// or https://");
  }
  text = text.substr(0, text.find('#'));
  const size_t path = text.find_first_of("/?");
  std::string_view authority = text.substr(0, path);
  url.target = path == std::string_view::npos ? "/" : std::string(text.substr(path));
  if (url.target.front() == '?') {
    url.target.insert(0, "/");
  }
  if (authority.find('@') != std::string_view::npos) {
    return fail(ErrorCode::BadRequest, "the URL holds credentials");
  }
  std::string_view port;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return fail(ErrorCode::BadRequest, "the URL's IPv6 address is not closed");
    }
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && (rest.front() != ':' || rest.size() == 1)) {
      return fail(ErrorCode::BadRequest, "the URL's port is malformed");
    }
    port = rest.empty() ? rest : rest.substr(1);
  } else {
    const size_t colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    port = colon == std::string_view::npos ? std::string_view() : authority.substr(colon + 1);
    if (colon != std::string_view::npos && port.empty()) {
      return fail(ErrorCode::BadRequest, "the URL's port is malformed");
    }
  }
  if (url.host.empty()) {
    return fail(ErrorCode::BadRequest, "the URL has no host");
  }
  const std::string_view default_port = url.tls ? "443" : "80";
  if (port.empty()) {
    url.port = std::string(default_port);
  } else {
    int number = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (error != std::errc() || end != port.data() + port.size() || number < 1 || number > 65535) {
      return fail(ErrorCode::BadRequest, "the URL's port is malformed");
    }
    url.port = std::to_string(number);
  }
  url.host_header = std::string(authority);
  if (url.port == default_port) {
    url.host_header = url.authority().substr(0, url.authority().size() - url.port.size() - 1);
  }
  return url;
}

bool isIpAddress(const std::string& host) {
  boost::system::error_code error;
  asio::ip::make_address(host, error);
  return !error;
}

// A header value may hold tabs but no other control character (RFC 9110 field-value).
bool isFieldValue(std::string_view text) {
  return std::none_of(text.begin(), text.end(),
                      [](unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7F; });
}

// RFC 9110 token: what a method or a header name may be made of.
bool isToken(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

// The request as it goes on the wire, in one buffer: the request line, Host and User-Agent (a
// caller's header of the same name replaces ours), the caller's headers, the body's
// Content-Length (a caller's Content-Length, Transfer-Encoding or Connection is dropped: the client
// frames the message itself) and "Connection: close" when connections are not kept.
Result<std::string> serializeRequest(const Url& url, HttpRequest& request,
                                     std::string_view user_agent, bool keep_alive) {
  if (!isToken(request.method)) {
    return fail(ErrorCode::BadRequest, "the request method is malformed");
  }
  if (std::any_of(url.target.begin(), url.target.end(),
                  [](unsigned char c) { return c <= 0x20 || c == 0x7F; })) {
    return fail(ErrorCode::BadRequest, "the URL holds spaces or control characters");
  }
  std::vector<std::pair<std::string_view, std::string_view>> fields = {{"Host", url.host_header},
                                                                       {"User-Agent", user_agent}};
  for (const auto& [name, value] : request.headers) {
    if (!isToken(name) || !isFieldValue(value)) {
      return fail(ErrorCode::BadRequest, "a header name or value is malformed");
    }
    if (beast::iequals(name, "Content-Length") || beast::iequals(name, "Transfer-Encoding") ||
        beast::iequals(name, "Connection")) {
      continue;
    }
    auto same = std::find_if(fields.begin(), fields.end(), [&name](const auto& field) {
      return beast::iequals(field.first, name);
    });
    if (same != fields.end()) {
      *same = {name, value};
    } else {
      fields.emplace_back(name, value);
    }
  }
  std::string wire;
  wire.reserve(256 + request.body.size());
  wire.append(request.method).append(" ").append(url.target).append(" HTTP/1.1\r\n");
  for (const auto& [name, value] : fields) {
    wire.append(name).append(": ").append(value).append("\r\n");
  }
  const bool framed = !request.body.empty() || request.method == "POST" ||
                      request.method == "PUT" || request.method == "PATCH";
  if (framed) {
    wire.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");
  }
  if (!keep_alive) {
    wire.append("Connection: close\r\n");
  }
  wire.append("\r\n").append(request.body);
  return wire;
}

// A reused connection's peer may have closed it while it was idle: the request then cannot be
// written, or the answer ends before its first byte. (A peer that took the request and then
// dropped the connection looks the same, hence mayRepeat().)
bool closedWhileIdle(boost::system::error_code error, size_t bytes_read) {
  return bytes_read == 0 &&
         (error == bhttp::error::end_of_stream || error == asio::error::eof ||
          error == asio::error::connection_reset || error == asio::error::broken_pipe ||
          error == asio::ssl::error::stream_truncated);
}

// Whether a request may be sent twice: an idempotent method, or a key the peer deduplicates by.
bool mayRepeat(const HttpRequest& request) {
  for (std::string_view method : {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}) {
    if (request.method == method) {
      return true;
    }
  }
  for (const auto& [name, value] : request.headers) {
    if (beast::iequals(name, "Idempotency-Key")) {
      return true;
    }
  }
  return false;
}

constexpr int kMaxInterimAnswers = 4;

// Coroutines on the concrete executor too (no any_io_executor in every co_await).
template <class T>
using Task = asio::awaitable<T, ClientExecutor>;
constexpr asio::use_awaitable_t<ClientExecutor> kAwait;

}  // namespace

// One request's state and connection, on the client's one event-loop thread (no strand needed).
// Cancelling closes what is open, so the pending operation ends at once; the flags say why.
struct Exchange {
  using Executor = ClientExecutor;

  explicit Exchange(asio::io_context& io) : executor(io.get_executor()), deadline(executor) {}

  // Whether the exchange was cancelled (or timed out) between two operations, which cancelling
  // cannot reach: then `error` says so.
  bool hasEnded(boost::system::error_code& error) const {
    if (timed_out || shutting_down) {
      error = asio::error::operation_aborted;
      return true;
    }
    return false;
  }

  void cancel() {
    if (resolver) {
      resolver->cancel();
    }
    if (connection) {
      connection->close();
    }
  }

  Executor executor;
  std::optional<tcp::resolver> resolver;  // only while connecting: most requests reuse a connection
  asio::steady_timer deadline;
  std::unique_ptr<HttpConnection> connection;  // taken from the pool or opened; back when done
  bool timed_out = false;
  bool shutting_down = false;
};

struct BeastHttpClient::Impl {
  Impl(HttpClientOptions options_in, std::unique_ptr<asio::io_context> own, asio::io_context& io)
      : options(std::move(options_in)),
        own_io(std::move(own)),
        io(io),
        pool(options.max_idle_per_peer, options.idle_timeout) {}

  Result<void> configureTls() {
    boost::system::error_code error;
    tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                        asio::ssl::context::no_tlsv1_1,
                    error);
    tls.set_default_verify_paths(error);
    if (error) {
      spdlog::warn("http client: no system trust store: {}", error.message());
    }
    if (!options.ca_file.empty()) {
      tls.load_verify_file(options.ca_file.string(), error);
      if (error) {
        return fail(ErrorCode::BadRequest,
                    "cannot read the CA file " + options.ca_file.string() + ": " + error.message());
      }
    }
    tls.set_verify_mode(options.verify_peer ? asio::ssl::verify_peer : asio::ssl::verify_none);
    return {};
  }

  Task<Result<HttpResponse>> run(std::shared_ptr<Exchange> exchange, HttpRequest request);
  Task<Result<void>> connect(Exchange& exchange, const Url& url, const HttpRequest& request);
  // `stale` says the request failed because a reused connection had been closed by its peer.
  template <class Stream>
  Task<Result<HttpResponse>> converse(Exchange& exchange, Stream& stream, const Url& url,
                                      const HttpRequest& request, const std::string& wire,
                                      bool head, bool& stale);
  Error transportError(const Exchange& exchange, std::string_view stage, const Url& url,
                       const HttpRequest& request, boost::system::error_code error) const;
  size_t bodyLimit(const HttpRequest& request) const {
    return request.max_response_bytes != 0 ? request.max_response_bytes
                                           : options.max_response_bytes;
  }
  std::unexpected<Error> tooLarge(const Url& url, const HttpRequest& request) const {
    return fail(ErrorCode::PayloadTooLarge, "the answer from " + url.authority() +
                                                " is larger than " +
                                                std::to_string(bodyLimit(request)) + " bytes");
  }
  void finished(uint64_t id) {
    std::lock_guard lock(mutex);
    active.erase(id);
    idle.notify_all();  // under the lock: the destructor cannot go on before this returns
  }

  HttpClientOptions options;
  std::unique_ptr<asio::io_context> own_io;
  asio::io_context& io;
  HttpConnectionPool pool;  // after the io_context: its sockets close first
  asio::ssl::context tls{asio::ssl::context::tls_client};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  std::thread thread;

  std::mutex mutex;
  std::condition_variable idle;
  bool stopping = false;
  uint64_t next_id = 1;
  std::unordered_map<uint64_t, std::weak_ptr<Exchange>> active;
};

Error BeastHttpClient::Impl::transportError(const Exchange& exchange, std::string_view stage,
                                            const Url& url, const HttpRequest& request,
                                            boost::system::error_code error) const {
  if (exchange.shutting_down) {
    return Error{ErrorCode::NotReady, "the HTTP client is shutting down"};
  }
  if (exchange.timed_out || error == beast::error::timeout) {
    const auto limit = stage == "connect to" ? std::min(options.connect_timeout, request.timeout)
                                             : request.timeout;
    return Error{ErrorCode::RequestTimeout, "no answer from " + url.authority() + " within " +
                                                std::to_string(limit.count()) + " ms"};
  }
  return Error{ErrorCode::NotReady, std::string("cannot ") + std::string(stage) + " " +
                                        url.authority() + ": " + error.message()};
}

Task<Result<HttpResponse>> BeastHttpClient::Impl::run(std::shared_ptr<Exchange> exchange,
                                                      HttpRequest request) {
  auto url = parseUrl(request.url);
  if (!url) {
    co_return std::unexpected(url.error());
  }
  auto wire = serializeRequest(*url, request, options.user_agent, pool.enabled());
  if (!wire) {
    co_return std::unexpected(wire.error());
  }
  const bool head = request.method == "HEAD";
  // The whole exchange ends by the request's deadline, whatever it is waiting for.
  exchange->deadline.expires_after(request.timeout);
  exchange->deadline.async_wait([weak = std::weak_ptr(exchange)](boost::system::error_code error) {
    if (auto exchange = weak.lock(); exchange && !error) {
      exchange->timed_out = true;
      exchange->cancel();
    }
  });

  if (pool.enabled()) {
    exchange->connection = pool.take(url->peer());
  }
  while (true) {
    if (!exchange->connection) {
      if (auto connected = co_await connect(*exchange, *url, request); !connected) {
        co_return std::unexpected(connected.error());
      }
    }
    HttpConnection& connection = *exchange->connection;
    const bool reused = connection.reused;
    bool stale = false;
    // Not one ?: expression: g++ 12 miscompiles co_await inside a conditional operator.
    Result<HttpResponse> answer;
    if (connection.tls) {
      answer = co_await converse(*exchange, *connection.tls, *url, request, *wire, head, stale);
    } else {
      answer = co_await converse(*exchange, *connection.plain, *url, request, *wire, head, stale);
    }
    boost::system::error_code ended;
    if (!stale || !reused || exchange->hasEnded(ended)) {
      co_return answer;
    }
    // The peer closed the idle connection as it was taken: once more, on a new one.
    exchange->connection->close();
    exchange->connection.reset();
  }
}

Task<Result<void>> BeastHttpClient::Impl::connect(Exchange& exchange, const Url& url,
                                                  const HttpRequest& request) {
  boost::system::error_code error;
  auto endpoints = co_await exchange.resolver.emplace(exchange.executor)
                       .async_resolve(url.host, url.port, asio::redirect_error(kAwait, error));
  if (error || exchange.hasEnded(error)) {
    co_return std::unexpected(transportError(exchange, "resolve", url, request, error));
  }
  std::vector<tcp::endpoint> allowed;
  for (const auto& entry : endpoints) {
    if (options.allow_private_addresses ||
        isPublicAddress(entry.endpoint().address().to_string())) {
      allowed.push_back(entry.endpoint());
    }
  }
  if (allowed.empty()) {
    co_return fail(ErrorCode::BadRequest,
                   url.host +
                       " is a private or local address; Parley calls none unless started "
                       "with --webhook-allow-private");
  }
  const auto connect_timeout = std::min(options.connect_timeout, request.timeout);
  HttpConnection& connection = *(exchange.connection = std::make_unique<HttpConnection>());
  if (!url.tls) {
    ClientStream& stream = connection.plain.emplace(exchange.executor);
    stream.expires_after(connect_timeout);
    co_await stream.async_connect(allowed, asio::redirect_error(kAwait, error));
    if (error || exchange.hasEnded(error)) {
      co_return std::unexpected(transportError(exchange, "connect to", url, request, error));
    }
    co_return Result<void>{};
  }
  ClientTlsStream& stream = connection.tls.emplace(ClientStream(exchange.executor), tls);
  if (!isIpAddress(url.host) &&
      !SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
    co_return fail(ErrorCode::BadRequest, "the URL's host cannot be sent as a TLS server name");
  }
  if (options.verify_peer) {
    stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
  }
  pool.offerSession(url.peer(), stream.native_handle());
  beast::get_lowest_layer(stream).expires_after(connect_timeout);
  co_await beast::get_lowest_layer(stream).async_connect(allowed,
                                                         asio::redirect_error(kAwait, error));
  if (!error && !exchange.hasEnded(error)) {
    co_await stream.async_handshake(asio::ssl::stream_base::client,
                                    asio::redirect_error(kAwait, error));
  }
  if (error || exchange.hasEnded(error)) {
    co_return std::unexpected(transportError(exchange, "connect to", url, request, error));
  }
  co_return Result<void>{};
}

template <class Stream>
Task<Result<HttpResponse>> BeastHttpClient::Impl::converse(Exchange& exchange, Stream& stream,
                                                           const Url& url,
                                                           const HttpRequest& request,
                                                           const std::string& wire, bool head,
                                                           bool& stale) {
  // The deadline timer bounds the rest; the stream's own timer is not needed any more.
  beast::get_lowest_layer(stream).expires_never();

  boost::system::error_code error;
  boost::system::error_code ended;
  co_await asio::async_write(stream, asio::buffer(wire), asio::redirect_error(kAwait, error));
  if (error || exchange.hasEnded(error)) {
    // Not written: safe to send again, whatever the method.
    stale = !exchange.hasEnded(ended) && closedWhileIdle(error, 0);
    co_return std::unexpected(transportError(exchange, "send to", url, request, error));
  }
  beast::flat_buffer buffer;
  std::optional<bhttp::response_parser<bhttp::string_body>> parsing;
  // Interim answers (1xx but 101) come before the real one: read past a few of them.
  for (int interim = 0;; ++interim) {
    auto& parser = parsing.emplace();
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(bodyLimit(request));
    parser.skip(head);
    // The header first: Beast 1.74 loses a Content-Length over the body limit when the body
    // arrived with the header and the whole message is read at once.
    const size_t header_bytes = co_await bhttp::async_read_header(
        stream, buffer, parser, asio::redirect_error(kAwait, error));
    if (error == bhttp::error::body_limit ||
        (!error && parser.content_length() && *parser.content_length() > bodyLimit(request))) {
      co_return tooLarge(url, request);
    }
    // Written but unanswered: the peer may have acted on it, so only a request that may be
    // repeated is sent again.
    if (error && interim == 0 && !exchange.hasEnded(ended) && mayRepeat(request)) {
      stale = closedWhileIdle(error, header_bytes + buffer.size());
    }
    if (!error && !parser.is_done()) {
      co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(kAwait, error));
    }
    if (error == bhttp::error::body_limit) {
      co_return tooLarge(url, request);
    }
    if (error) {
      co_return std::unexpected(
          transportError(exchange, "read the answer of", url, request, error));
    }
    const unsigned status = parser.get().result_int();
    if (status >= 200 || status == 101 || interim == kMaxInterimAnswers) {
      break;
    }
  }
  auto& parser = *parsing;
  auto& in = parser.get();
  HttpResponse response{.status = static_cast<int>(in.result_int())};
  for (const auto& field : in) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = std::move(in.body());
  if constexpr (std::is_same_v<Stream, ClientTlsStream>) {
    pool.rememberSession(url.peer(), stream.native_handle());
  }
  // Kept for the next request when a final answer was read whole, not up to the peer's close, and
  // nothing followed it.
  if (pool.enabled() && in.result_int() >= 200 && parser.keep_alive() && buffer.size() == 0 &&
      !exchange.hasEnded(ended)) {
    pool.put(url.peer(), std::move(exchange.connection));
  } else {
    boost::system::error_code ignored;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
  }
  co_return response;
}

Result<std::unique_ptr<BeastHttpClient>> BeastHttpClient::create(HttpClientOptions options) {
  auto io = std::make_unique<asio::io_context>(1);
  asio::io_context& loop = *io;
  auto impl = std::make_unique<Impl>(std::move(options), std::move(io), loop);
  if (auto configured = impl->configureTls(); !configured) {
    return std::unexpected(configured.error());
  }
  impl->keep_running.emplace(asio::make_work_guard(loop));
  impl->thread = std::thread([&loop] { loop.run(); });
  return std::unique_ptr<BeastHttpClient>(new BeastHttpClient(std::move(impl)));
}

Result<std::unique_ptr<BeastHttpClient>> BeastHttpClient::create(HttpClientOptions options,
                                                                 asio::io_context& io) {
  auto impl = std::make_unique<Impl>(std::move(options), nullptr, io);
  if (auto configured = impl->configureTls(); !configured) {
    return std::unexpected(configured.error());
  }
  return std::unique_ptr<BeastHttpClient>(new BeastHttpClient(std::move(impl)));
}

BeastHttpClient::BeastHttpClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

BeastHttpClient::~BeastHttpClient() {
  Impl& impl = *impl_;
  {
    std::unique_lock lock(impl.mutex);
    impl.stopping = true;
    for (auto& [id, weak] : impl.active) {
      if (auto exchange = weak.lock()) {
        asio::post(exchange->executor, [exchange] {
          exchange->shutting_down = true;
          exchange->cancel();
        });
      }
    }
    impl.idle.wait(lock, [&impl] { return impl.active.empty(); });
  }
  if (impl.own_io) {
    impl.keep_running.reset();
    impl.own_io->stop();  // what is left are cancelled timers
    impl.thread.join();
  }
}

void BeastHttpClient::send(HttpRequest request, Done done) {
  Impl& impl = *impl_;
  std::shared_ptr<Exchange> exchange;
  uint64_t id = 0;
  {
    std::lock_guard lock(impl.mutex);
    if (!impl.stopping) {
      exchange = std::make_shared<Exchange>(impl.io);
      id = impl.next_id++;
      impl.active.emplace(id, exchange);
    }
  }
  if (!exchange) {
    done(fail(ErrorCode::NotReady, "the HTTP client is shutting down"));
    return;
  }
  auto executor = exchange->executor;
  asio::co_spawn(executor, impl.run(exchange, std::move(request)),
                 [&impl, id, exchange, done = std::move(done)](
                     std::exception_ptr failure, Result<HttpResponse> response) mutable {
                   exchange->deadline.cancel();
                   if (failure) {
                     try {
                       std::rethrow_exception(failure);
                     } catch (const std::exception& error) {
                       response = fail(ErrorCode::Internal,
                                       std::string("HTTP exchange failed: ") + error.what());
                     } catch (...) {
                       response = fail(ErrorCode::Internal, "HTTP exchange failed");
                     }
                   }
                   done(std::move(response));
                   exchange.reset();
                   impl.finished(id);
                 });
}

}  // namespace parley::net
