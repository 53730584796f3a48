#include "net/smpp_connection.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <optional>
#include <vector>

#include "net/asio.h"
// After http/asio.h, which must come first.
#include <boost/asio/connect.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>

namespace parley::net {
namespace smpp = channels::smpp;

namespace {

using Strand = asio::strand<asio::io_context::executor_type>;

// One TCP connection and its write queue. A link the session closed stays alive (held by its
// pending write) until what was sent before the Close is written.
struct Link {
  Link(Strand strand, size_t read_buffer_bytes) : socket(strand), in(read_buffer_bytes) {}
  tcp::socket socket;
  std::vector<char> in;
  std::deque<std::string> out;
  bool writing = false;
  bool closing = false;  // close once `out` is written
  bool closed = false;
};

std::chrono::milliseconds backoffDelay(const smpp::Backoff& backoff, uint32_t attempt,
                                       double unit) {
  const double cap = static_cast<double>(backoff.cap.count());
  const double grown =
      static_cast<double>(backoff.initial.count()) * std::pow(2.0, std::min(attempt, 40u));
  const double delay = std::min(cap, grown);
  const double jitter = std::clamp(unit, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(delay / 2 + delay / 2 * jitter));
}

}  // namespace

std::string_view smppConnectionEventName(SmppConnectionEvent::Kind kind) {
  switch (kind) {
    case SmppConnectionEvent::Kind::Connecting:
      return "connecting";
    case SmppConnectionEvent::Kind::Connected:
      return "connected";
    case SmppConnectionEvent::Kind::ConnectFailed:
      return "connect_failed";
    case SmppConnectionEvent::Kind::Disconnected:
      return "disconnected";
    case SmppConnectionEvent::Kind::Stopped:
      return "stopped";
  }
  return "unknown";
}

struct SmppConnection::Impl : std::enable_shared_from_this<Impl> {
  Impl(SmppConnectionOptions options_in, asio::io_context& io, const Clock& clock_in,
       SmppConnectionListener& listener_in, std::function<double()> random_in)
      : options(std::move(options_in)),
        clock(clock_in),
        listener(listener_in),
        random(std::move(random_in)),
        strand(asio::make_strand(io)),
        resolver(strand),
        connect_timer(strand),
        reconnect_timer(strand),
        tick_timer(strand),
        stop_timer(strand),
        session(options.session, random) {}

  // All below run on the strand.
  void start();
  void connect();
  void onConnected(uint64_t attempt);
  void connectFailed(std::string reason);
  void read(std::shared_ptr<Link> link);
  void write(std::shared_ptr<Link> link);
  void closeLink(const std::shared_ptr<Link>& link);
  void linkLost(std::string reason);
  void drain();
  void carryOut(smpp::SessionAction& action);
  void armTick();
  void beginStop(std::chrono::milliseconds grace, std::function<void()> done);
  void stopGraceOver();
  void maybeFinishStop();
  void shutdown();

  void notify(const SmppConnectionEvent& event) {
    if (!detached) {
      listener.onConnection(event);
    }
  }

  SmppConnectionOptions options;
  const Clock& clock;
  SmppConnectionListener& listener;
  std::function<double()> random;
  Strand strand;
  tcp::resolver resolver;
  asio::steady_timer connect_timer;
  asio::steady_timer reconnect_timer;
  asio::steady_timer tick_timer;
  asio::steady_timer stop_timer;
  smpp::EsmeSession session;

  std::atomic<bool> detached{false};  // the owner is gone: no more callbacks
  bool started = false;
  bool stopping = false;
  bool stopped = false;
  bool in_drain = false;
  // Bumped for every connect attempt and on cancelling one, so a late completion is ignored.
  uint64_t generation = 0;
  bool connecting = false;
  bool connect_timed_out = false;
  uint32_t connect_failures = 0;  // since the last bind
  std::shared_ptr<Link> current;  // the link the session reads from, if any
  std::vector<std::shared_ptr<Link>> open_links;
  std::optional<TimePoint> tick_armed_at;
  std::vector<std::function<void()>> stop_done;
};

void SmppConnection::Impl::start() {
  if (detached || started || stopping) {
    return;
  }
  started = true;
  connect();
}

void SmppConnection::Impl::connect() {
  connecting = true;
  connect_timed_out = false;
  const uint64_t attempt = ++generation;
  current = std::make_shared<Link>(strand, options.read_buffer_bytes);
  open_links.push_back(current);
  notify({SmppConnectionEvent::Kind::Connecting, options.host + ":" + std::to_string(options.port),
          connect_failures});

  connect_timer.expires_after(options.connect_timeout);
  connect_timer.async_wait([self = shared_from_this(), attempt](boost::system::error_code error) {
    if (error || self->generation != attempt || !self->connecting) {
      return;
    }
    self->connect_timed_out = true;
    self->resolver.cancel();
    boost::system::error_code ignored;
    self->current->socket.close(ignored);
  });
  resolver.async_resolve(
      options.host, std::to_string(options.port),
      [self = shared_from_this(), attempt](boost::system::error_code error,
                                           tcp::resolver::results_type endpoints) {
        if (self->generation != attempt || self->detached) {
          return;
        }
        if (error || self->connect_timed_out) {
          self->connectFailed(self->connect_timed_out ? "connect timed out"
                                                      : "cannot resolve: " + error.message());
          return;
        }
        asio::async_connect(self->current->socket, endpoints,
                            [self, attempt](boost::system::error_code error, const tcp::endpoint&) {
                              if (self->generation != attempt || self->detached) {
                                return;
                              }
                              if (error || self->connect_timed_out) {
                                self->connectFailed(self->connect_timed_out
                                                        ? "connect timed out"
                                                        : "cannot connect: " + error.message());
                                return;
                              }
                              self->onConnected(attempt);
                            });
      });
}

void SmppConnection::Impl::onConnected(uint64_t attempt) {
  connecting = false;
  connect_timer.cancel();
  boost::system::error_code ignored;
  current->socket.set_option(tcp::no_delay(true), ignored);
  notify({SmppConnectionEvent::Kind::Connected, options.host + ":" + std::to_string(options.port),
          connect_failures});
  session.connected(clock.now());
  if (generation == attempt && current) {
    read(current);
  }
  drain();
}

void SmppConnection::Impl::connectFailed(std::string reason) {
  connecting = false;
  connect_timer.cancel();
  closeLink(current);
  current.reset();
  const auto delay =
      backoffDelay(options.session.reconnect, connect_failures, random ? random() : 1.0);
  notify({SmppConnectionEvent::Kind::ConnectFailed, std::move(reason), ++connect_failures, delay});
  if (stopping) {
    maybeFinishStop();
    return;
  }
  reconnect_timer.expires_after(delay);
  reconnect_timer.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (!error && !self->stopping && !self->detached) {
      self->connect();
    }
  });
}

void SmppConnection::Impl::read(std::shared_ptr<Link> link) {
  link->socket.async_read_some(
      asio::buffer(link->in),
      [self = shared_from_this(), link](boost::system::error_code error, size_t bytes) {
        if (self->detached || link != self->current) {
          return;  // closed by us, or the owner is gone
        }
        if (error) {
          self->linkLost(error == asio::error::eof ? "closed by the SMS center"
                                                   : "read failed: " + error.message());
          return;
        }
        self->session.received(std::string_view(link->in.data(), bytes), self->clock.now());
        self->drain();
        if (link == self->current && !link->closing) {
          self->read(link);
        }
      });
}

void SmppConnection::Impl::write(std::shared_ptr<Link> link) {
  if (link->writing || link->closed) {
    return;
  }
  if (link->out.empty()) {
    if (link->closing) {
      closeLink(link);
      maybeFinishStop();
    }
    return;
  }
  link->writing = true;
  asio::async_write(link->socket, asio::buffer(link->out.front()),
                    [self = shared_from_this(), link](boost::system::error_code error, size_t) {
                      link->writing = false;
                      if (self->detached) {
                        return;
                      }
                      if (error) {
                        link->out.clear();
                        if (link == self->current) {
                          self->linkLost("write failed: " + error.message());
                        } else {
                          self->closeLink(link);
                          self->maybeFinishStop();
                        }
                        return;
                      }
                      link->out.pop_front();
                      self->write(link);
                    });
}

void SmppConnection::Impl::closeLink(const std::shared_ptr<Link>& link) {
  if (!link || link->closed) {
    return;
  }
  link->closed = true;
  boost::system::error_code ignored;
  link->socket.shutdown(tcp::socket::shutdown_both, ignored);
  link->socket.close(ignored);
  std::erase(open_links, link);
}

// The connection ended under the session (EOF, a read or write error, the stop grace).
void SmppConnection::Impl::linkLost(std::string reason) {
  closeLink(current);
  current.reset();
  notify({SmppConnectionEvent::Kind::Disconnected, std::move(reason)});
  session.disconnected(clock.now());
  drain();
}

void SmppConnection::Impl::drain() {
  in_drain = true;
  for (auto& action : session.takeActions()) {
    carryOut(action);
  }
  in_drain = false;
  armTick();
  maybeFinishStop();
}

void SmppConnection::Impl::carryOut(smpp::SessionAction& action) {
  if (auto* send = std::get_if<smpp::Send>(&action)) {
    if (current && !current->closing) {
      current->out.push_back(std::move(send->bytes));
      write(current);
    }
    return;
  }
  if (!detached) {
    listener.onSessionEvent(action);
  }
  if (auto* close = std::get_if<smpp::Close>(&action)) {
    if (current) {
      current->closing = true;
      auto link = std::exchange(current, nullptr);
      notify({SmppConnectionEvent::Kind::Disconnected, close->reason});
      write(link);  // closes it once written
    }
  } else if (auto* reconnect = std::get_if<smpp::ReconnectAfter>(&action)) {
    if (stopping) {
      return;
    }
    reconnect_timer.expires_after(reconnect->delay);
    reconnect_timer.async_wait([self = shared_from_this()](boost::system::error_code error) {
      if (!error && !self->stopping && !self->detached) {
        self->connect();
      }
    });
  } else if (std::holds_alternative<smpp::Bound>(action)) {
    connect_failures = 0;
  }
}

void SmppConnection::Impl::armTick() {
  if (stopped || detached) {
    return;
  }
  const auto next = session.nextDeadline();
  if (next == tick_armed_at) {
    return;
  }
  tick_armed_at = next;
  if (!next) {
    tick_timer.cancel();
    return;
  }
  // Rounded up, so the session is not woken just before its deadline.
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*next - clock.now());
  tick_timer.expires_after(std::max(wait, std::chrono::milliseconds(0)));
  tick_timer.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (error == asio::error::operation_aborted || self->stopped || self->detached) {
      return;
    }
    self->tick_armed_at.reset();
    self->session.tick(self->clock.now());
    self->drain();
  });
}

void SmppConnection::Impl::beginStop(std::chrono::milliseconds grace, std::function<void()> done) {
  if (done) {
    stop_done.push_back(std::move(done));
  }
  if (stopped) {
    maybeFinishStop();
    return;
  }
  if (stopping) {
    return;
  }
  stopping = true;
  reconnect_timer.cancel();
  if (connecting) {
    ++generation;  // the pending resolve or connect is ignored when it completes
    connecting = false;
    connect_timer.cancel();
    resolver.cancel();
    closeLink(current);
    current.reset();
  }
  session.stop(clock.now());
  stop_timer.expires_after(grace);
  stop_timer.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (!error && !self->detached) {
      self->stopGraceOver();
    }
  });
  drain();
}

void SmppConnection::Impl::stopGraceOver() {
  if (stopped) {
    return;
  }
  if (current) {
    linkLost("stop grace period over");
  }
  for (auto& link : std::vector(open_links)) {
    closeLink(link);
  }
  if (session.state() != smpp::EsmeSession::State::Stopped) {
    session.stop(clock.now());
    drain();
  }
  maybeFinishStop();
}

void SmppConnection::Impl::maybeFinishStop() {
  // Within drain() the session's remaining actions (the messages a Close released) come first.
  if (!stopping || detached || in_drain) {
    return;
  }
  if (!stopped) {
    if (session.state() != smpp::EsmeSession::State::Stopped || !open_links.empty()) {
      return;
    }
    stopped = true;
    connect_timer.cancel();
    reconnect_timer.cancel();
    tick_timer.cancel();
    stop_timer.cancel();
    notify({SmppConnectionEvent::Kind::Stopped, "stopped"});
  }
  for (auto& done : std::exchange(stop_done, {})) {
    done();
  }
}

// The owner is gone: cancel everything, call nobody.
void SmppConnection::Impl::shutdown() {
  ++generation;
  resolver.cancel();
  connect_timer.cancel();
  reconnect_timer.cancel();
  tick_timer.cancel();
  stop_timer.cancel();
  for (auto& link : std::vector(open_links)) {
    closeLink(link);
  }
  current.reset();
}

Result<std::unique_ptr<SmppConnection>> SmppConnection::create(SmppConnectionOptions options,
                                                               asio::io_context& io,
                                                               const Clock& clock,
                                                               SmppConnectionListener& listener,
                                                               std::function<double()> random) {
  if (auto valid = smpp::validateSessionConfig(options.session); !valid) {
    return std::unexpected(valid.error());
  }
  if (options.host.empty() || options.port == 0) {
    return fail(ErrorCode::ValidationFailed, "the SMS center's host and port are required");
  }
  if (options.connect_timeout.count() <= 0 || options.read_buffer_bytes == 0) {
    return fail(ErrorCode::ValidationFailed, "connect_timeout and read_buffer_bytes must be > 0");
  }
  auto impl = std::make_shared<Impl>(std::move(options), io, clock, listener, std::move(random));
  return std::unique_ptr<SmppConnection>(new SmppConnection(std::move(impl)));
}

SmppConnection::SmppConnection(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

SmppConnection::~SmppConnection() {
  impl_->detached = true;
  asio::post(impl_->strand, [impl = impl_] { impl->shutdown(); });
}

void SmppConnection::start() {
  asio::post(impl_->strand, [impl = impl_] { impl->start(); });
}

void SmppConnection::submit(smpp::OutboundSms sms, std::function<void(Result<size_t>)> done) {
  asio::post(impl_->strand, [impl = impl_, sms = std::move(sms), done = std::move(done)]() mutable {
    if (impl->detached) {
      return;
    }
    Result<size_t> queued = fail(ErrorCode::NotReady, "the SMPP connection is stopping");
    if (!impl->stopping) {
      queued = impl->session.submit(std::move(sms), impl->clock.now());
    }
    if (done) {
      done(std::move(queued));
    }
    impl->drain();
  });
}

void SmppConnection::acknowledge(uint64_t ack, bool stored) {
  asio::post(impl_->strand, [impl = impl_, ack, stored] {
    if (!impl->detached) {
      impl->session.acknowledge(ack, stored, impl->clock.now());
      impl->drain();
    }
  });
}

void SmppConnection::forgetSender(std::string address) {
  asio::post(impl_->strand, [impl = impl_, address = std::move(address)] {
    if (!impl->detached) {
      impl->session.forgetSender(address);
    }
  });
}

void SmppConnection::stop(std::chrono::milliseconds grace, std::function<void()> done) {
  asio::post(impl_->strand, [impl = impl_, grace, done = std::move(done)]() mutable {
    if (!impl->detached) {
      impl->beginStop(grace, std::move(done));
    }
  });
}

}  // namespace parley::net
