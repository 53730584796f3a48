#include <spdlog/spdlog.h>

#include <list>

#include "http/sessions.h"

namespace parley::http {
namespace {

// One live-event socket. The reader coroutine and the writer coroutine both run on the connection's
// event-loop thread, and so does every call below: no locks.
template <class Stream>
class LiveSocket : public std::enable_shared_from_this<LiveSocket<Stream>> {
 public:
  LiveSocket(Stream stream, asio::any_io_executor executor, size_t queue_limit,
             std::chrono::seconds recheck_interval)
      : ws(std::move(stream)),
        wake_(executor),
        recheck_(executor),
        recheck_interval_(recheck_interval),
        queue_limit_(queue_limit) {}

  websocket::stream<Stream> ws;

  // Queues a frame; a client that let `queue_limit` frames pile up is closed instead (policy
  // error). Returns false when the socket was closed for it.
  bool enqueue(std::shared_ptr<const std::string> frame, bool close_after) {
    if (closing_ || close_code_) {
      return true;  // on its way out: nothing more is sent
    }
    if (queue_.size() >= queue_limit_) {
      queue_.clear();
      requestClose(websocket::close_code::policy_error);
      return false;
    }
    queue_.push_back(std::move(frame));
    if (close_after) {
      requestClose(websocket::close_code::normal);
    }
    wake_.cancel();
    return true;
  }

  void requestClose(websocket::close_code code) {
    if (!close_code_) {
      close_code_ = code;
    }
    wake_.cancel();
  }

  void stop() {
    stopped_ = true;
    wake_.cancel();
    recheck_.cancel();
  }

  // Every recheck interval, asks `stillValid`; closes the socket (policy error) once it says no.
  asio::awaitable<void> recheckLoop(std::function<bool()> stillValid) {
    auto keep_alive = this->shared_from_this();
    while (!stopped_) {
      recheck_.expires_after(recheck_interval_);
      boost::system::error_code ignored;
      co_await recheck_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
      if (!stopped_ && !stillValid()) {
        enqueue(std::make_shared<const std::string>(R"({"type":"session.revoked"})"), false);
        requestClose(websocket::close_code::policy_error);
        co_return;
      }
    }
  }

  asio::awaitable<void> writeLoop() {
    auto keep_alive = this->shared_from_this();
    while (!stopped_) {
      if (queue_.empty()) {
        if (close_code_) {
          closing_ = true;
          boost::system::error_code ignored;
          co_await ws.async_close(*close_code_, asio::redirect_error(asio::use_awaitable, ignored));
          co_return;
        }
        wake_.expires_at(asio::steady_timer::time_point::max());
        boost::system::error_code ignored;
        co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        continue;
      }
      std::shared_ptr<const std::string> frame = queue_.front();
      boost::system::error_code error;
      co_await ws.async_write(asio::buffer(*frame),
                              asio::redirect_error(asio::use_awaitable, error));
      if (!queue_.empty()) {
        queue_.pop_front();
      }
      if (error) {
        co_return;
      }
    }
  }

 private:
  asio::steady_timer wake_;
  asio::steady_timer recheck_;
  std::chrono::seconds recheck_interval_;
  size_t queue_limit_;
  // A list, not a deque: an empty deque still holds a 512-byte block, and most sockets are idle.
  std::list<std::shared_ptr<const std::string>> queue_;
  std::optional<websocket::close_code> close_code_;
  bool closing_ = false;
  bool stopped_ = false;
};

void logFailure(std::exception_ptr failure) {
  if (!failure) {
    return;
  }
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    spdlog::warn("websocket writer stopped: {}", error.what());
  }
}

}  // namespace

template <class Stream>
asio::awaitable<void> serveWebSocket(Stream stream, ServerContext& context,
                                     bhttp::request<bhttp::string_body> upgrade,
                                     api::Principal principal, std::string hello, std::string since,
                                     api::Request credentials) {
  auto executor = co_await asio::this_coro::executor;
  auto socket = std::make_shared<LiveSocket<Stream>>(std::move(stream), executor,
                                                     context.options.websocket_queue_limit,
                                                     context.options.live_recheck);
  socket->ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  socket->ws.read_message_max(64 * 1024);
  boost::system::error_code error;
  co_await socket->ws.async_accept(upgrade, asio::redirect_error(asio::use_awaitable, error));
  if (error) {
    co_return;
  }
  upgrade = {};  // idle sockets are many: keep nothing of the handshake
  context.metrics.webSocketOpened();
  socket->enqueue(std::make_shared<const std::string>(std::move(hello)), false);

  const UserId audience_user = principal.user ? *principal.user : UserId{principal.token->value};
  std::optional<SessionId> session;
  if (principal.session) {
    session = principal.session->id;
  }
  std::weak_ptr<LiveSocket<Stream>> weak = socket;
  api::Metrics& metrics = context.metrics;
  const auto subscription = context.events.subscribe(
      events::Audience{principal.tenant, audience_user, session, principal.role},
      [weak, executor, &metrics](const std::shared_ptr<const events::Event>& event) {
        asio::post(executor, [weak, event, &metrics] {
          if (auto live = weak.lock()) {
            auto frame = std::shared_ptr<const std::string>(event, &event->json);
            if (!live->enqueue(std::move(frame), event->closes)) {
              metrics.webSocketDropped();
            }
          }
        });
      },
      std::move(since));
  const uint64_t registration = context.connections.add([weak, executor] {
    asio::post(executor, [weak] {
      if (auto live = weak.lock()) {
        live->requestClose(websocket::close_code::going_away);
      }
    });
  });

  asio::co_spawn(executor, socket->writeLoop(), logFailure);
  // Expiry, revocation from another process, a revoked token: found within one interval.
  api::Authenticator& authenticator = context.authenticator;
  asio::co_spawn(executor,
                 socket->recheckLoop([&authenticator, credentials = std::move(credentials)] {
                   return authenticator.authenticate(credentials, false).has_value();
                 }),
                 logFailure);
  beast::flat_buffer buffer;
  while (true) {
    co_await socket->ws.async_read(buffer, asio::redirect_error(asio::use_awaitable, error));
    if (error) {
      break;
    }
    buffer.consume(buffer.size());  // clients have nothing to say on this socket yet
  }
  context.events.unsubscribe(subscription);
  context.connections.remove(registration);
  socket->stop();
  context.metrics.webSocketClosed();
}

template asio::awaitable<void> serveWebSocket<PlainStream>(PlainStream, ServerContext&,
                                                           bhttp::request<bhttp::string_body>,
                                                           api::Principal, std::string, std::string,
                                                           api::Request);
template asio::awaitable<void> serveWebSocket<TlsStream>(TlsStream, ServerContext&,
                                                         bhttp::request<bhttp::string_body>,
                                                         api::Principal, std::string, std::string,
                                                         api::Request);

}  // namespace parley::http
