#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>

#include "http/request_framing.h"
#include "http/security_headers.h"
#include "http/sessions.h"

namespace parley::http {
namespace {

using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

// Whatever a connection's coroutine and its shutdown closer share; touched only on the connection's
// own event-loop thread.
struct ConnectionState {
  bool busy = false;             // a request is being answered: let it finish
  bool close_requested = false;  // shutdown asked this connection to go
  // Ends the pending read soon; cleared when the coroutine ends.
  std::function<void()> end_read;
};

api::Method toMethod(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return api::Method::Get;
    case bhttp::verb::head:
      return api::Method::Head;
    case bhttp::verb::post:
      return api::Method::Post;
    case bhttp::verb::put:
      return api::Method::Put;
    case bhttp::verb::patch:
      return api::Method::Patch;
    case bhttp::verb::delete_:
      return api::Method::Delete;
    case bhttp::verb::options:
      return api::Method::Options;
    default:
      return api::Method::Other;
  }
}

template <class Name>
std::string header(const BeastRequest& request, Name name) {
  auto found = request.find(name);
  return found == request.end() ? std::string() : std::string(found->value());
}

std::string clientAddress(const BeastRequest& request, const ServerContext& context,
                          const std::string& peer) {
  if (!context.options.behind_tls_proxy) {
    return peer;
  }
  std::string forwarded;
  for (auto [at, end] = request.equal_range(std::string_view("X-Forwarded-For")); at != end; ++at) {
    forwarded += (forwarded.empty() ? "" : ",") + std::string(at->value());
  }
  if (!forwarded.empty() && !isInAny(context.options.trusted_proxies, peer)) {
    // A proxy elsewhere (another container, a load balancer) that is not listed: every client
    // would share its address, in the rate limits and the sign-in throttle. Said once.
    static std::atomic_flag warned;
    if (!warned.test_and_set()) {
      spdlog::warn(
          "X-Forwarded-For from {}, which is not a trusted proxy: its clients share its address "
          "(add it with --trusted-proxy)",
          peer);
    }
  }
  return http::clientAddress(peer, forwarded, context.options.trusted_proxies);
}

api::Request toApiRequest(BeastRequest& request, const ServerContext& context,
                          const std::string& peer) {
  api::Request converted;
  converted.method = toMethod(request.method());
  const std::string_view target(request.target().data(), request.target().size());
  const size_t question = target.find('?');
  converted.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) {
    converted.query = std::string(target.substr(question + 1));
  }
  converted.body = std::move(request.body());
  converted.content_type = header(request, bhttp::field::content_type);
  converted.cookie = header(request, bhttp::field::cookie);
  converted.authorization = header(request, bhttp::field::authorization);
  converted.csrf_token = header(request, std::string_view("X-CSRF-Token"));
  converted.idempotency_key = header(request, std::string_view("Idempotency-Key"));
  converted.origin = header(request, bhttp::field::origin);
  converted.host = header(request, bhttp::field::host);
  converted.user_agent = header(request, bhttp::field::user_agent);
  converted.remote_address = clientAddress(request, context, peer);
  for (const auto& field : request) {
    const std::string_view name(field.name_string().data(), field.name_string().size());
    if (name.size() > 2 && (name[0] == 'x' || name[0] == 'X') && name[1] == '-') {
      std::string lower(name);
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      converted.x_headers.emplace_back(std::move(lower),
                                       std::string(field.value().data(), field.value().size()));
    }
  }
  converted.secure = context.options.tls || context.options.behind_tls_proxy;
  return converted;
}

bool isApiPath(std::string_view path) {
  return path.starts_with("/api/") || path == "/healthz" || path == "/readyz" || path == "/metrics";
}

// Hands the request to the API and resumes the coroutine on its own event loop once the API
// answers, from whichever thread that happens on.
template <class CompletionToken>
auto asyncDispatch(api::Router& router, api::Request request, CompletionToken&& token) {
  return asio::async_initiate<CompletionToken, void(api::Response)>(
      [&router](auto handler, api::Request request) {
        auto executor = asio::get_associated_executor(handler);
        router.dispatch(std::move(request),
                        [handler = std::move(handler), executor](api::Response response) mutable {
                          asio::post(executor, [handler = std::move(handler),
                                                response = std::move(response)]() mutable {
                            handler(std::move(response));
                          });
                        });
      },
      token, std::move(request));
}

api::Response staticResponse(const ServerContext& context, const BeastRequest& request,
                             std::string_view path) {
  const bool is_read =
      request.method() == bhttp::verb::get || request.method() == bhttp::verb::head;
  const StaticFile* file = is_read ? context.files.find(path) : nullptr;
  if (!file) {
    return api::Response::error({ErrorCode::NotFound, "no such page"});
  }
  api::Response response{200, file->content_type, "", {}};
  response.headers.emplace_back("ETag", file->etag);
  response.headers.emplace_back(
      "Cache-Control", file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.headers.emplace_back("Vary", "Accept-Encoding");
  if (header(request, bhttp::field::if_none_match) == file->etag) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  const bool accepts_gzip =
      header(request, bhttp::field::accept_encoding).find("gzip") != std::string::npos;
  if (file->gzip_body && accepts_gzip) {
    response.body = *file->gzip_body;
    response.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    response.body = file->body;
  }
  return response;
}

// The demo shop page with the widget of the channel named in ?channel=, or of the first web chat
// channel there is (a redirect), so a newcomer can play the customer.
api::Response demoResponse(const ServerContext& context, const BeastRequest& request) {
  const StaticFile* page = context.files.find("/widget-demo.html");
  const std::string_view target = request.target();
  const size_t question = target.find('?');
  const std::string channel = parley::queryParameter(
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1),
      "channel");
  const bool plausible = channel.size() > 4 && channel.size() <= 64 &&
                         channel.starts_with("chn_") &&
                         std::all_of(channel.begin(), channel.end(),
                                     [](unsigned char c) { return std::isalnum(c) || c == '_'; });
  if (!page) {
    return api::Response::error({ErrorCode::NotFound, "the demo page was not built"});
  }
  if (!plausible) {
    auto fallback = context.widget.demo_channel ? context.widget.demo_channel() : std::nullopt;
    if (!fallback) {
      api::Response none{404,
                         "text/plain; charset=utf-8",
                         "No web chat channel yet. Sign in as an admin, open Configurator → "
                         "Channels, add a Web chat widget channel, then open its demo page.\n",
                         {}};
      return none;
    }
    api::Response redirect{302, "", "", {}};
    redirect.headers.emplace_back("Location", "/demo?channel=" + *fallback);
    return redirect;
  }
  std::string body = page->body;
  for (size_t at = body.find("__CHANNEL__"); at != std::string::npos;
       at = body.find("__CHANNEL__", at + channel.size())) {
    body.replace(at, std::string_view("__CHANNEL__").size(), channel);
  }
  api::Response response{200, page->content_type, std::move(body), {}};
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

BeastResponse toBeastResponse(api::Response response, unsigned version, bool keep_alive,
                              bool is_head, bool is_api, bool tls) {
  BeastResponse converted{static_cast<bhttp::status>(response.status), version};
  if (!response.content_type.empty()) {
    converted.set(bhttp::field::content_type, response.content_type);
  }
  for (const auto& [name, value] : securityHeaders(tls)) {
    converted.set(name, value);
  }
  if (is_api) {
    converted.set(bhttp::field::cache_control, "no-store");
  }
  // A route's own header replaces the default of that name (a file's Cache-Control, a stricter
  // CSP); Set-Cookie may come more than once.
  for (auto& [name, value] : response.headers) {
    if (beast::iequals(name, "Set-Cookie")) {
      converted.insert(name, value);
    } else {
      converted.set(name, value);
    }
  }
  converted.keep_alive(keep_alive);
  if (response.stream) {
    // The body follows, from the stream (writeStreamedResponse): chunked, but HTTP/1.0 knows no
    // chunks, so there it runs until the connection closes (the caller does not keep it alive).
    converted.chunked(version >= 11);
    return converted;
  }
  converted.body() = std::move(response.body);
  converted.prepare_payload();
  if (is_head) {
    converted.body().clear();  // Content-Length stays that of the GET
  }
  return converted;
}

// A read that failed: the error answer to send before closing, or nothing (the client left).
std::optional<Error> readFailure(const boost::system::error_code& error, bool got_some) {
  if (error == bhttp::error::body_limit) {
    return Error{ErrorCode::PayloadTooLarge, "request body is over the limit"};
  }
  if (error == bhttp::error::header_limit) {
    return Error{ErrorCode::HeaderTooLarge, "request headers are over 8 KiB"};
  }
  if (error == beast::error::timeout) {
    if (!got_some) {
      return std::nullopt;  // an idle keep-alive connection
    }
    return Error{ErrorCode::RequestTimeout, "the request was not sent in time"};
  }
  const auto& http_errors = bhttp::make_error_code(bhttp::error::end_of_stream).category();
  if (error.category() == http_errors && error != bhttp::error::end_of_stream &&
      error != bhttp::error::partial_message) {
    return Error{ErrorCode::BadRequest, "malformed HTTP request: " + error.message()};
  }
  return std::nullopt;
}

asio::awaitable<bool> startTls(PlainStream&) { co_return true; }

asio::awaitable<bool> startTls(TlsStream& stream) {
  boost::system::error_code error;
  co_await stream.async_handshake(asio::ssl::stream_base::server,
                                  asio::redirect_error(asio::use_awaitable, error));
  if (error) {
    spdlog::debug("tls handshake failed: {}", error.message());
  }
  co_return !error;
}

// Half-closes, then reads and discards what the client still sends (an unread request body, say),
// for a short bounded time: closing with unread input makes the kernel send a reset, which can
// destroy the answer (a 413, say) before the client has read it.
asio::awaitable<void> closeStream(PlainStream& stream) {
  boost::system::error_code error;
  stream.socket().shutdown(tcp::socket::shutdown_send, error);
  stream.expires_after(std::chrono::seconds(1));
  char discard[4096];
  for (size_t drained = 0; !error && drained < 8 * 1024 * 1024;) {
    drained += co_await stream.async_read_some(asio::buffer(discard),
                                               asio::redirect_error(asio::use_awaitable, error));
  }
}

asio::awaitable<void> closeStream(TlsStream& stream) {
  boost::system::error_code ignored;
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
  co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ignored));
}

template <class Stream>
asio::awaitable<void> writeResponse(Stream& stream, BeastResponse& response,
                                    boost::system::error_code& error) {
  co_await bhttp::async_write(stream, response, asio::redirect_error(asio::use_awaitable, error));
}

// The header, then each piece of the stream as a chunk, each write within `timeout`. A failing
// stream ends the connection without the last chunk (`error` is set so the caller closes).
template <class Stream>
asio::awaitable<void> writeStreamedResponse(Stream& stream, BeastResponse& response,
                                            api::BodyStream& body, bool is_head,
                                            std::chrono::seconds timeout,
                                            boost::system::error_code& error) {
  bhttp::response_serializer<bhttp::string_body> header(response);
  co_await bhttp::async_write_header(stream, header,
                                     asio::redirect_error(asio::use_awaitable, error));
  while (!error && !is_head) {
    auto piece = body.next();
    if (!piece) {
      spdlog::error("a streamed answer failed: {}", piece.error().message);
      error = asio::error::operation_aborted;
      co_return;
    }
    beast::get_lowest_layer(stream).expires_after(timeout);
    const bool chunked = response.chunked();
    if (piece->empty()) {
      if (chunked) {
        co_await asio::async_write(stream, bhttp::make_chunk_last(),
                                   asio::redirect_error(asio::use_awaitable, error));
      }
      co_return;
    }
    if (chunked) {
      co_await asio::async_write(stream, bhttp::make_chunk(asio::buffer(*piece)),
                                 asio::redirect_error(asio::use_awaitable, error));
    } else {
      co_await asio::async_write(stream, asio::buffer(*piece),
                                 asio::redirect_error(asio::use_awaitable, error));
    }
  }
}

// The live-event upgrade: authenticated like any call, and a cookie-authenticated socket must come
// from our own origin (cross-site WebSocket hijacking).
// How long a body larger than --max-body-bytes (a 20 MiB upload) may take to arrive.
constexpr std::chrono::minutes kLargeBodyTimeout{5};

// The largest body a request may carry, known from its header: its route's when that route takes
// more than --max-body-bytes and the caller is signed in (nobody unknown makes the server hold a
// large body), the server's otherwise.
size_t bodyLimitFor(ServerContext& context, BeastRequest& header, const std::string& peer) {
  const size_t usual = context.options.max_body_bytes;
  const std::string_view target(header.target().data(), header.target().size());
  const size_t route = context.router.maxBodyBytes(toMethod(header.method()),
                                                   target.substr(0, target.find('?')), usual);
  if (route <= usual) {
    return usual;
  }
  return context.authenticator.authenticate(toApiRequest(header, context, peer), false) ? route
                                                                                        : usual;
}

// After refusing a body too large, reads and drops what the client is still sending (for a few
// seconds, up to kMaxDrainedBytes) before the connection closes. Closing a socket with unread data
// resets it, and a client still writing its body would see the reset, not the refusal (nginx calls
// this a lingering close).
constexpr size_t kMaxDrainedBytes = 64 * 1024 * 1024;

template <class Stream>
asio::awaitable<void> drainRefusedBody(Stream& stream) {
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
  std::vector<char> sink(64 * 1024);
  boost::system::error_code error;
  for (size_t drained = 0; !error && drained < kMaxDrainedBytes;) {
    drained += co_await stream.async_read_some(asio::buffer(sink),
                                               asio::redirect_error(asio::use_awaitable, error));
  }
}

std::optional<Error> framingFault(const BeastRequest& head) {
  RequestHead facts{.version = head.version(),
                    .is_options = head.method() == bhttp::verb::options,
                    .target = std::string_view(head.target().data(), head.target().size())};
  for (auto [at, end] = head.equal_range(bhttp::field::host); at != end; ++at) {
    ++facts.host_fields;
  }
  for (auto [at, end] = head.equal_range(bhttp::field::transfer_encoding); at != end; ++at) {
    facts.transfer_encodings.emplace_back(at->value().data(), at->value().size());
  }
  if (auto fault = http::framingFault(facts)) {
    return Error{ErrorCode::BadRequest, std::move(*fault)};
  }
  return std::nullopt;
}

Result<api::Principal> authenticateUpgrade(ServerContext& context, const api::Request& request) {
  auto principal = context.authenticator.authenticate(request);
  if (principal && principal->isCookieAuthenticated() && !api::isSameOrigin(request)) {
    return fail(ErrorCode::CsrfFailed, "live events from a foreign origin");
  }
  if (principal && principal->must_enrol_two_factor) {
    return fail(ErrorCode::TwoFactorRequired, "set up a second factor first");
  }
  // The socket carries conversations (messages, contacts, notes) as they happen.
  if (principal && !api::holds(principal->scopes, api::TokenScope::ConversationsRead)) {
    return fail(ErrorCode::Forbidden, "this API token lacks the scope conversations:read");
  }
  return principal;
}

}  // namespace

template <class Stream>
asio::awaitable<void> serveHttp(Stream stream, ServerContext& context, std::string peer) {
  auto executor = co_await asio::this_coro::executor;
  auto state = std::make_shared<ConnectionState>();
  // At shutdown an idle connection is not cut at once: a request the client already sent may be in
  // the socket's buffer. It gets a moment to be read (and answered, with Connection: close); a
  // connection with nothing to say times out and closes quietly.
  // (A new expiry does not reach a read already pending: a timer cancels it instead.)
  state->end_read = [&stream, state = std::weak_ptr<ConnectionState>(state), executor] {
    auto timer = std::make_shared<asio::steady_timer>(executor, std::chrono::milliseconds(250));
    timer->async_wait([timer, state, &stream](boost::system::error_code error) {
      auto alive = state.lock();
      // end_read is cleared when the connection's coroutine ends: then `stream` is gone.
      if (!error && alive && alive->end_read && !alive->busy) {
        beast::get_lowest_layer(stream).cancel();
      }
    });
  };
  uint64_t registration = context.connections.add([state, executor] {
    asio::post(executor, [state] {
      if (state->close_requested) {
        return;  // asked again while draining: the first request stands
      }
      state->close_requested = true;
      if (!state->busy && state->end_read) {
        state->end_read();
      }
    });
  });
  struct Unregister {
    ConnectionRegistry& registry;
    uint64_t& id;
    std::shared_ptr<ConnectionState> state;
    ~Unregister() {
      state->end_read = nullptr;
      if (id != 0) {
        registry.remove(id);
      }
    }
  } unregister{context.connections, registration, state};

  beast::get_lowest_layer(stream).expires_after(context.options.request_timeout);
  if (!co_await startTls(stream)) {
    co_return;
  }

  beast::flat_buffer buffer;
  while (!context.stopping && !state->close_requested) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<uint32_t>(context.options.max_header_bytes));
    // The header first, with room for any route's Content-Length (Beast checks it against the limit
    // as the header ends); then the request's own limit, checked here.
    parser.body_limit(context.router.largestBodyBytes(context.options.max_body_bytes));
    beast::get_lowest_layer(stream).expires_after(context.options.request_timeout);
    boost::system::error_code error;
    state->busy = false;
    co_await bhttp::async_read_header(stream, buffer, parser,
                                      asio::redirect_error(asio::use_awaitable, error));
    std::optional<Error> fault = error ? std::nullopt : framingFault(parser.get());
    if (fault) {
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
      BeastResponse response = toBeastResponse(api::Response::error(*fault), 11, false, false, true,
                                               context.options.tls);
      co_await writeResponse(stream, response, error);
      context.metrics.recordRequest(response.result_int(), 0);
      break;  // where this request ends is unknown: nothing after it can be read as a request
    }
    if (!error && !parser.is_done()) {
      state->busy = true;  // a body on its way is a request in progress: shutdown lets it finish
      // A body within the server's limit needs no look-up (most requests).
      const bool usual =
          parser.content_length() && *parser.content_length() <= context.options.max_body_bytes;
      const size_t limit =
          usual ? context.options.max_body_bytes : bodyLimitFor(context, parser.get(), peer);
      if (parser.content_length() && *parser.content_length() > limit) {
        error = bhttp::error::body_limit;
      } else {
        parser.body_limit(limit);
        if (limit > context.options.max_body_bytes) {
          beast::get_lowest_layer(stream).expires_after(kLargeBodyTimeout);
        }
        co_await bhttp::async_read(stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, error));
      }
    }
    state->busy = true;
    const auto started = std::chrono::steady_clock::now();
    if (error) {
      if (auto failure = readFailure(error, parser.got_some() || buffer.size() > 0)) {
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
        BeastResponse response = toBeastResponse(api::Response::error(*failure), 11, false, false,
                                                 true, context.options.tls);
        co_await writeResponse(stream, response, error);
        context.metrics.recordRequest(response.result_int(), 0);
        if (!error && failure->code == ErrorCode::PayloadTooLarge) {
          co_await drainRefusedBody(stream);
        }
      }
      break;
    }
    BeastRequest request = parser.release();
    const bool is_head = request.method() == bhttp::verb::head;
    const unsigned version = request.version();
    const bool wants_keep_alive = request.keep_alive();

    api::Response answer;
    std::string path(request.target().substr(0, request.target().find('?')));
    if (websocket::is_upgrade(request) && path == "/api/v1/live") {
      api::Request credentials = toApiRequest(request, context, peer);
      // Rate limits (S7) as for any request: the address first, then the API token.
      std::optional<api::Response> limited = context.router.rateLimit(credentials, nullptr);
      Result<api::Principal> principal =
          limited ? Result<api::Principal>(fail(ErrorCode::RateLimited, "rate limited"))
                  : authenticateUpgrade(context, credentials);
      if (principal && (limited = context.router.rateLimit(credentials, &*principal))) {
        principal = fail(ErrorCode::RateLimited, "rate limited");
      }
      // Resume after the client's cursor, or from now. A supervisor may watch one conversation
      // (W7) on a socket of its own, from now.
      std::string since;
      std::optional<std::string> watching;
      if (principal) {
        since = parley::queryParameter(credentials.query, "since");
        if (std::string watch = parley::queryParameter(credentials.query, "watch");
            !watch.empty()) {
          if (!isAllowed(principal->role, Permission::ViewRouting)) {
            principal =
                fail(ErrorCode::Forbidden, "only supervisors and admins watch conversations");
          } else if (watch.size() > 64) {
            principal = fail(ErrorCode::ValidationFailed, "watch names a conversation");
          } else {
            watching = std::move(watch);
            since.clear();
          }
        }
        if (since.empty() || since.size() > 64) {
          since = principal ? context.events.cursor(principal->tenant) : std::string();
        }
      }
      auto hello =
          principal ? context.live.hello(*principal, since, watching) : Result<std::string>();
      if (principal && !hello) {
        principal = std::unexpected(hello.error());
      }
      if (principal) {
        context.connections.remove(registration);
        registration = 0;
        state->end_read = nullptr;
        beast::get_lowest_layer(stream).expires_never();
        // The socket gets a coroutine of its own and this one ends: idle sockets are many, and
        // this frame (parser, buffers) is large. A client sends no frames before it has read the
        // 101, so nothing is left in `buffer`.
        asio::co_spawn(executor,
                       serveWebSocket(std::move(stream), context, std::move(request),
                                      std::move(*principal), std::move(*hello), std::move(since),
                                      std::move(watching), std::move(credentials)),
                       asio::detached);
        co_return;
      }
      answer = limited ? std::move(*limited) : api::Response::error(principal.error());
    } else if (websocket::is_upgrade(request) && path == "/api/v1/widget/live" &&
               context.widget.authenticate) {
      auto visitor = context.widget.authenticate(toApiRequest(request, context, peer));
      if (visitor) {
        context.connections.remove(registration);
        registration = 0;
        state->end_read = nullptr;
        beast::get_lowest_layer(stream).expires_never();
        asio::co_spawn(
            executor,
            serveVisitorSocket(std::move(stream), context, std::move(request), std::move(*visitor)),
            asio::detached);
        co_return;
      }
      answer = api::Response::error(visitor.error());
    } else if (path == "/demo") {
      answer = demoResponse(context, request);
    } else if (isApiPath(path)) {
      beast::get_lowest_layer(stream).expires_never();  // the API answers at its own pace
      answer = co_await asyncDispatch(context.router, toApiRequest(request, context, peer),
                                      asio::use_awaitable);
    } else {
      answer = staticResponse(context, request, path);
    }

    std::shared_ptr<api::BodyStream> streamed = answer.stream;
    // An HTTP/1.0 client reads a streamed body until the connection closes.
    const bool keep_alive = wants_keep_alive && !context.stopping && !state->close_requested &&
                            !(streamed && version < 11);
    BeastResponse response = toBeastResponse(std::move(answer), version, keep_alive, is_head,
                                             isApiPath(path), context.options.tls);
    beast::get_lowest_layer(stream).expires_after(context.options.request_timeout);
    if (streamed) {
      co_await writeStreamedResponse(stream, response, *streamed, is_head,
                                     context.options.request_timeout, error);
    } else {
      co_await writeResponse(stream, response, error);
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    context.metrics.recordRequest(response.result_int(), elapsed.count());
    if (spdlog::should_log(spdlog::level::debug)) {  // no formatting work on the hot path otherwise
      spdlog::debug("http {} {} {} {:.0f}us", std::string(bhttp::to_string(request.method())), path,
                    response.result_int(), elapsed.count() * 1e6);
    }
    if (error || !keep_alive) {
      break;
    }
  }
  co_await closeStream(stream);
}

template asio::awaitable<void> serveHttp<PlainStream>(PlainStream, ServerContext&, std::string);
template asio::awaitable<void> serveHttp<TlsStream>(TlsStream, ServerContext&, std::string);

}  // namespace parley::http
