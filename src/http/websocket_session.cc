#include <spdlog/spdlog.h>

#include <list>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "http/sessions.h"

namespace parley::http {
namespace {

// One live-event socket. The reader coroutine and the writer coroutine both run on the connection's
// event-loop thread, and so does every call below: no locks.
// A live socket as the inbox sees it: takes a frame on its own event loop.
class LiveSink {
 public:
  virtual ~LiveSink() = default;
  virtual void deliver(const std::shared_ptr<const events::Event>& event) = 0;
};

// Events published on any thread reach the sockets of one event loop through one posted job per
// burst, not one per socket: a broadcast to 10,000 sockets posts twice, not 10,000 times.
class LoopInbox : public std::enable_shared_from_this<LoopInbox> {
 public:
  explicit LoopInbox(asio::any_io_executor executor) : executor_(std::move(executor)) {}

  void push(std::weak_ptr<LiveSink> sink, std::shared_ptr<const events::Event> event) {
    bool schedule = false;
    {
      std::lock_guard lock(mutex_);
      pending_.emplace_back(std::move(sink), std::move(event));
      schedule = !scheduled_;
      scheduled_ = true;
    }
    if (schedule) {
      asio::post(executor_, [self = shared_from_this()] { self->drain(); });
    }
  }

  // The inbox of the event loop `executor` runs on, shared by its sockets.
  static std::shared_ptr<LoopInbox> of(const asio::any_io_executor& executor) {
    static std::mutex mutex;
    static std::unordered_map<const void*, std::weak_ptr<LoopInbox>> inboxes;
    const void* loop = &asio::query(executor, asio::execution::context);
    std::lock_guard lock(mutex);
    std::shared_ptr<LoopInbox> inbox = inboxes[loop].lock();
    if (!inbox) {
      inbox = std::make_shared<LoopInbox>(executor);
      inboxes[loop] = inbox;
    }
    return inbox;
  }

 private:
  void drain() {
    std::vector<std::pair<std::weak_ptr<LiveSink>, std::shared_ptr<const events::Event>>> batch;
    {
      std::lock_guard lock(mutex_);
      batch.swap(pending_);
      scheduled_ = false;
    }
    for (auto& [sink, event] : batch) {
      if (auto live = sink.lock()) {
        live->deliver(event);
      }
    }
  }

  asio::any_io_executor executor_;
  std::mutex mutex_;
  std::vector<std::pair<std::weak_ptr<LiveSink>, std::shared_ptr<const events::Event>>> pending_;
  bool scheduled_ = false;
};

template <class Stream>
class LiveSocket : public LiveSink, public std::enable_shared_from_this<LiveSocket<Stream>> {
 public:
  LiveSocket(Stream stream, asio::any_io_executor executor, size_t queue_limit,
             std::chrono::seconds recheck_interval, api::Metrics& metrics)
      : ws(std::move(stream)),
        metrics_(metrics),
        wake_(executor),
        recheck_interval_(recheck_interval),
        queue_limit_(queue_limit) {}

  websocket::stream<Stream> ws;

  void deliver(const std::shared_ptr<const events::Event>& event) override {
    if (!enqueue(std::shared_ptr<const std::string>(event, &event->json), event->closes)) {
      metrics_.webSocketDropped();
    }
  }

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
  }

  // Sends queued frames one at a time; between frames, every recheck interval, asks `stillValid`
  // and closes the socket (policy error) once it says no. One coroutine and one timer for both:
  // idle sockets are many.
  asio::awaitable<void> writeLoop(std::function<bool()> stillValid) {
    auto keep_alive = this->shared_from_this();
    auto next_check = asio::steady_timer::clock_type::now() + recheck_interval_;
    while (!stopped_) {
      if (!close_code_ && asio::steady_timer::clock_type::now() >= next_check) {
        next_check = asio::steady_timer::clock_type::now() + recheck_interval_;
        if (!stillValid()) {
          enqueue(std::make_shared<const std::string>(R"({"type":"session.revoked"})"), false);
          requestClose(websocket::close_code::policy_error);
        }
      }
      if (queue_.empty()) {
        if (close_code_) {
          closing_ = true;
          boost::system::error_code ignored;
          co_await ws.async_close(*close_code_, asio::redirect_error(asio::use_awaitable, ignored));
          co_return;
        }
        wake_.expires_at(next_check);
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
  api::Metrics& metrics_;
  asio::steady_timer wake_;
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

// A live socket with its options set, not accepted yet.
template <class Stream>
std::shared_ptr<LiveSocket<Stream>> makeSocket(Stream stream, asio::any_io_executor executor,
                                               ServerContext& context, size_t read_message_max) {
  auto socket = std::make_shared<LiveSocket<Stream>>(std::move(stream), executor,
                                                     context.options.websocket_queue_limit,
                                                     context.options.live_recheck, context.metrics);
  socket->ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  socket->ws.read_message_max(read_message_max);
  return socket;
}

// What an accepted socket holds besides its reader: the events subscription (delivered through its
// event loop's inbox), the closer that says "going away" at shutdown, and the writer, which
// closes the socket once `still_valid` says no. detach() undoes it when the reader ends.
template <class Stream>
class Attachment {
 public:
  Attachment(ServerContext& context, const std::shared_ptr<LiveSocket<Stream>>& socket,
             asio::any_io_executor executor, events::Audience audience,
             std::optional<std::string> since, std::function<bool()> still_valid)
      : context_(context), socket_(socket) {
    context.metrics.webSocketOpened();
    subscription_ = context.events.subscribe(
        std::move(audience),
        [sink = std::weak_ptr<LiveSink>(socket), inbox = LoopInbox::of(executor)](
            const std::shared_ptr<const events::Event>& event) { inbox->push(sink, event); },
        std::move(since));
    std::weak_ptr<LiveSocket<Stream>> weak = socket;
    registration_ = context.connections.add([weak, executor] {
      asio::post(executor, [weak] {
        if (auto live = weak.lock()) {
          live->requestClose(websocket::close_code::going_away);
        }
      });
    });
    asio::co_spawn(executor, socket->writeLoop(std::move(still_valid)), logFailure);
  }

  void detach() {
    context_.events.unsubscribe(subscription_);
    context_.connections.remove(registration_);
    socket_->stop();
    context_.metrics.webSocketClosed();
  }

 private:
  ServerContext& context_;
  std::shared_ptr<LiveSocket<Stream>> socket_;
  events::EventBus::SubscriptionId subscription_ = 0;
  uint64_t registration_ = 0;
};

}  // namespace

template <class Stream>
asio::awaitable<void> serveWebSocket(Stream stream, ServerContext& context,
                                     bhttp::request<bhttp::string_body> upgrade,
                                     api::Principal principal, std::string hello, std::string since,
                                     std::optional<std::string> watching,
                                     api::Request credentials) {
  auto executor = co_await asio::this_coro::executor;
  auto socket = makeSocket(std::move(stream), executor, context, 64 * 1024);
  boost::system::error_code error;
  co_await socket->ws.async_accept(upgrade, asio::redirect_error(asio::use_awaitable, error));
  if (error) {
    co_return;
  }
  upgrade = {};  // idle sockets are many: keep nothing of the handshake
  socket->enqueue(std::make_shared<const std::string>(std::move(hello)), false);

  const UserId audience_user = principal.user ? *principal.user : UserId{principal.token->value};
  std::optional<SessionId> session;
  if (principal.session) {
    session = principal.session->id;
  }
  // Expiry, revocation from another process, a revoked token: found within one interval.
  api::Authenticator& authenticator = context.authenticator;
  Attachment<Stream> attachment(context, socket, executor,
                                events::Audience{.tenant = principal.tenant,
                                                 .user = audience_user,
                                                 .session = session,
                                                 .role = principal.role,
                                                 .watching = std::move(watching)},
                                std::move(since),
                                [&authenticator, credentials = std::move(credentials)] {
                                  auto principal = authenticator.authenticate(credentials, false);
                                  // A policy that now requires a second factor ends the socket of
                                  // a user who has none, as it ends their other requests.
                                  return principal && !principal->must_enrol_two_factor;
                                });
  // A person's connection counts for their presence; a token's does not.
  const std::optional<UserId> person = principal.user;
  if (person) {
    context.live.opened(principal.tenant, *person);
  }
  // Clients have nothing to say on this socket yet: read in small pieces and drop them, so an idle
  // socket holds no read buffer on the heap (a whole-message read reserves 1.5 KiB up front).
  beast::flat_static_buffer<256> buffer;
  while (true) {
    co_await socket->ws.async_read_some(buffer, buffer.max_size(),
                                        asio::redirect_error(asio::use_awaitable, error));
    if (error) {
      break;
    }
    buffer.consume(buffer.size());
  }
  attachment.detach();
  if (person) {
    context.live.closed(principal.tenant, *person);
  }
}

// A web chat visitor's socket: the same bounded queue and writer as agents' sockets, but it hears
// only events addressed to the visitor, and what the visitor sends is read whole (up to 1.5 MiB: an
// image of 1 MiB in base64) and handed to the API.
template <class Stream>
asio::awaitable<void> serveVisitorSocket(Stream stream, ServerContext& context,
                                         bhttp::request<bhttp::string_body> upgrade,
                                         api::Visitor visitor) {
  auto executor = co_await asio::this_coro::executor;
  auto socket = makeSocket(std::move(stream), executor, context, 1536 * 1024);
  boost::system::error_code error;
  co_await socket->ws.async_accept(upgrade, asio::redirect_error(asio::use_awaitable, error));
  if (error) {
    co_return;
  }
  upgrade = {};
  socket->enqueue(std::make_shared<const std::string>(R"({"type":"hello"})"), false);
  Attachment<Stream> attachment(context, socket, executor,
                                events::Audience{.tenant = visitor.tenant,
                                                 .user = api::visitorAudience(visitor),
                                                 .session = std::nullopt,
                                                 .role = Role::Agent,
                                                 .only_addressed = true},
                                std::nullopt, [&context, visitor] {
                                  return !context.widget.still_allowed ||
                                         context.widget.still_allowed(visitor);
                                });
  // Frames a visitor may send: a burst of kVisitorBurst, then kVisitorFramesPerSecond; beyond
  // that they are dropped with one error frame (typing is throttled by the widget itself).
  constexpr double kVisitorBurst = 20;
  constexpr double kVisitorFramesPerSecond = 2;
  double tokens = kVisitorBurst;
  auto refilled = std::chrono::steady_clock::now();
  bool told = false;
  beast::flat_buffer buffer;
  while (true) {
    co_await socket->ws.async_read(buffer, asio::redirect_error(asio::use_awaitable, error));
    if (error) {
      break;
    }
    const auto now = std::chrono::steady_clock::now();
    tokens =
        std::min(kVisitorBurst, tokens + std::chrono::duration<double>(now - refilled).count() *
                                             kVisitorFramesPerSecond);
    refilled = now;
    if (tokens < 1) {
      if (!told) {
        socket->enqueue(
            std::make_shared<const std::string>(
                R"({"type":"error","clientId":null,"message":"too many messages; wait a moment"})"),
            false);
        told = true;
      }
    } else if (socket->ws.got_text() && context.widget.on_frame) {
      tokens -= 1;
      told = false;
      const auto data = buffer.data();
      context.widget.on_frame(visitor,
                              std::string_view(static_cast<const char*>(data.data()), data.size()));
    }
    buffer.consume(buffer.size());
    buffer.shrink_to_fit();  // a big frame (an image) leaves no big buffer behind
  }
  attachment.detach();
}

template asio::awaitable<void> serveWebSocket<PlainStream>(PlainStream, ServerContext&,
                                                           bhttp::request<bhttp::string_body>,
                                                           api::Principal, std::string, std::string,
                                                           std::optional<std::string>,
                                                           api::Request);
template asio::awaitable<void> serveWebSocket<TlsStream>(TlsStream, ServerContext&,
                                                         bhttp::request<bhttp::string_body>,
                                                         api::Principal, std::string, std::string,
                                                         std::optional<std::string>, api::Request);

template asio::awaitable<void> serveVisitorSocket<PlainStream>(PlainStream, ServerContext&,
                                                               bhttp::request<bhttp::string_body>,
                                                               api::Visitor);
template asio::awaitable<void> serveVisitorSocket<TlsStream>(TlsStream, ServerContext&,
                                                             bhttp::request<bhttp::string_body>,
                                                             api::Visitor);

}  // namespace parley::http
