#pragma once
// SmppConnection: the network half of one SMPP 3.4 ESME bind (channels.md §6.7). It owns one TCP
// connection at a time to an SMS center and drives a sans-I/O channels::smpp::EsmeSession with it:
// bytes read go to received(), the session's actions are carried out in order (Send → the write
// queue, one async_write in flight; Close → the socket is closed once what was sent before it is
// written; ReconnectAfter → a timer, then a new connection), a timer armed at nextDeadline() calls
// tick(), EOF or a read/write error calls disconnected(). TCP only (TLS is not supported yet). This
// header stays free of Asio so that app/ compiles fast.
// Input: untrusted (the SMS center and the path to it); see channels/smpp/session.h.
//
// Threads. Everything runs on one strand of the io_context passed to create(), which the caller
// runs (on any number of threads) for as long as the connection lives; no threads of its own, no
// blocking. The public methods may be called from any thread: they post onto the strand. Every
// callback (the listener, submit's and stop's `done`) runs on that strand, never inside the
// public call that caused it, and must not block.
//
// Connecting. start() resolves `host`, connects within `connect_timeout` and calls connected(),
// which sends bind_transceiver. A failed or timed-out TCP connect is retried after a delay on the
// session's `reconnect` backoff (exponential with jitter, reset once a bind succeeds); a lost or
// refused bind is retried on whatever ReconnectAfter the session asks for.
//
// Events. The listener gets every session action except Send, in the session's order: Bound,
// BindRefused, SubmitAccepted, MessageAccepted, SubmitFailed, SubmitUnconfirmed, InboundMessage,
// InboundRejected, DeliveryReceipt, and Close / ReconnectAfter (for logs). The session answers a
// deliver_sm with ESME_ROK in the Send that follows the inbound event, or, with
// `session.acknowledge_later`, when acknowledge() is called with the event's handle.
// Connection-level changes go to onConnection().
//
// Lifetime. REQUIRES: the connection is destroyed after stop()'s `done` ran, or after the
// io_context stopped running; the listener outlives it. The destructor cancels what is still
// pending without calling the listener again.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "channels/smpp/session.h"
#include "core/clock.h"
#include "core/error.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace parley::net {

struct SmppConnectionOptions {
  std::string host;  // name or address of the SMS center
  uint16_t port = 2775;
  std::chrono::milliseconds connect_timeout{10'000};  // resolving and connecting together
  size_t read_buffer_bytes = 64 * 1024;
  channels::smpp::SessionConfig session;
};

struct SmppConnectionEvent {
  enum class Kind {
    Connecting,     // a TCP connect started (attempt counts failed connects since the last bind)
    Connected,      // TCP is up; bind_transceiver is on its way
    ConnectFailed,  // resolving or connecting failed or timed out; retried after `retry_in`
    Disconnected,   // the TCP connection ended (closed by us or by the SMS center)
    Stopped,        // stop() finished; nothing more happens
  };
  Kind kind = Kind::Connecting;
  std::string detail;  // for logs: the address, the error, the close reason
  uint32_t attempt = 0;
  std::chrono::milliseconds retry_in{0};
};

std::string_view smppConnectionEventName(SmppConnectionEvent::Kind kind);

class SmppConnectionListener {
 public:
  virtual ~SmppConnectionListener() = default;
  // Every session action except Send, in order.
  virtual void onSessionEvent(const channels::smpp::SessionAction& event) = 0;
  virtual void onConnection(const SmppConnectionEvent& event) = 0;
};

class SmppConnection {
 public:
  // ValidationFailed when the session configuration is invalid (validateSessionConfig) or the
  // host is empty or the port 0. `clock` gives the session its `now`; `random` returns uniform
  // values in [0, 1) for the backoff jitter (none: a fixed 1.0, the longest delay). The clock and
  // listener must outlive the connection. Nothing happens before start().
  [[nodiscard]] static Result<std::unique_ptr<SmppConnection>> create(
      SmppConnectionOptions options, boost::asio::io_context& io, const Clock& clock,
      SmppConnectionListener& listener, std::function<double()> random = {});
  ~SmppConnection();
  SmppConnection(const SmppConnection&) = delete;
  SmppConnection& operator=(const SmppConnection&) = delete;

  // Connects and binds, then keeps the bind up (reconnecting) until stop(). A second call, or one
  // after stop(), does nothing.
  void start();

  // Queues `sms` (see EsmeSession::submit). `done` gets the number of parts once it is queued, or
  // the session's error: NotReady while not bound (connecting, reconnecting, stopping), Conflict,
  // ValidationFailed, PayloadTooLarge. What happens to a queued message afterwards comes through
  // the listener (MessageAccepted, SubmitFailed or SubmitUnconfirmed, exactly one per message).
  void submit(channels::smpp::OutboundSms sms, std::function<void(Result<size_t>)> done);

  // Answers the deliver_sm behind an InboundMessage's `ack` (session.acknowledge_later): once the
  // text is durable (`stored`), or could not be stored (the SMS center delivers it again).
  void acknowledge(uint64_t ack, bool stored);

  // EsmeSession::forgetSender, on the connection's strand.
  void forgetSender(std::string address);

  // Graceful end (EsmeSession::stop): messages not started fail (retryable), parts already on the
  // wire get their answers, then unbind and close. After `grace` whatever is left is cut off: the
  // socket is closed and the session told so (outstanding messages come back as
  // SubmitUnconfirmed). Then the listener gets Stopped and `done` runs; afterwards no timer or
  // operation is left on the io_context. A second call only adds its `done` (run at the end, or
  // at once when already stopped).
  void stop(std::chrono::milliseconds grace, std::function<void()> done);

  struct Impl;  // defined in the .cc

 private:
  explicit SmppConnection(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace parley::net
