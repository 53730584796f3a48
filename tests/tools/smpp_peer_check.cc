// smpp_peer_check: a test tool, not a feature. Runs one SmppConnection against an SMS center and
// speaks newline-delimited JSON, so tests/integration/smpp_peer.test.mjs can drive it:
//   stdin:  {"submit":{"id":"m1","from":"Parley","to":"+15550001","text":"…","receipt":true}}
//           {"stop":true}          (also on EOF)
//   stdout: one JSON object per event, {"type":"bound",…}, {"type":"inbound_message",…}, …
// Exits 0 once stopped, 2 on bad arguments. Message text is printed on purpose: this is a test
// tool talking to a local test peer.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "channels/smpp/receipt.h"
#include "net/asio.h"
#include "net/smpp_connection.h"
// After http/asio.h, which must come first.
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>

namespace parley::net {
namespace {

namespace smpp = channels::smpp;
using nlohmann::json;

void print(const json& line) {
  std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace);
  text.push_back('\n');
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

json describe(const smpp::SessionAction& action) {
  return std::visit(
      [](const auto& event) -> json {
        using T = std::decay_t<decltype(event)>;
        if constexpr (std::is_same_v<T, smpp::Send>) {
          return {{"type", "send"}, {"bytes", event.bytes.size()}};
        } else if constexpr (std::is_same_v<T, smpp::Close>) {
          return {{"type", "close"}, {"reason", event.reason}};
        } else if constexpr (std::is_same_v<T, smpp::ReconnectAfter>) {
          return {{"type", "reconnect_after"}, {"delay_ms", event.delay.count()}};
        } else if constexpr (std::is_same_v<T, smpp::Bound>) {
          return {{"type", "bound"}, {"smsc_system_id", event.smsc_system_id}};
        } else if constexpr (std::is_same_v<T, smpp::BindRefused>) {
          return {{"type", "bind_refused"},
                  {"status", smpp::commandStatusName(event.status)},
                  {"credentials", event.credentials}};
        } else if constexpr (std::is_same_v<T, smpp::SubmitAccepted>) {
          return {{"type", "submit_accepted"},
                  {"id", event.local_id.value},
                  {"part", event.part},
                  {"parts", event.parts},
                  {"message_id", event.message_id}};
        } else if constexpr (std::is_same_v<T, smpp::MessageAccepted>) {
          return {{"type", "message_accepted"},
                  {"id", event.local_id.value},
                  {"message_ids", event.message_ids}};
        } else if constexpr (std::is_same_v<T, smpp::SubmitFailed>) {
          json line = {{"type", "submit_failed"},
                       {"id", event.local_id.value},
                       {"reason", event.reason},
                       {"retryable", event.retryable},
                       {"parts_accepted", event.parts_accepted}};
          line["status"] = event.status ? json(smpp::commandStatusName(*event.status)) : json();
          return line;
        } else if constexpr (std::is_same_v<T, smpp::SubmitUnconfirmed>) {
          return {{"type", "submit_unconfirmed"},
                  {"id", event.local_id.value},
                  {"parts_accepted", event.parts_accepted},
                  {"parts", event.parts},
                  {"reason", event.reason}};
        } else if constexpr (std::is_same_v<T, smpp::InboundMessage>) {
          return {{"type", "inbound_message"},
                  {"source", event.source},
                  {"destination", event.destination},
                  {"text", event.text},
                  {"parts", event.parts},
                  {"parts_missing", event.parts_missing}};
        } else if constexpr (std::is_same_v<T, smpp::InboundRejected>) {
          return {{"type", "inbound_rejected"},
                  {"source", event.source},
                  {"destination", event.destination},
                  {"reason", event.reason}};
        } else {
          static_assert(std::is_same_v<T, smpp::DeliveryReceipt>);
          json line = {{"type", "delivery_receipt"},
                       {"message_id", event.message_id},
                       {"source", event.source},
                       {"destination", event.destination},
                       {"raw", event.raw}};
          line["state"] = event.state ? json(smpp::messageStateName(*event.state)) : json();
          line["error_code"] = event.error_code ? json(*event.error_code) : json();
          return line;
        }
      },
      action);
}

class PrintingListener final : public SmppConnectionListener {
 public:
  void onSessionEvent(const smpp::SessionAction& event) override { print(describe(event)); }
  void onConnection(const SmppConnectionEvent& event) override {
    print({{"type", "connection"},
           {"state", smppConnectionEventName(event.kind)},
           {"detail", event.detail},
           {"attempt", event.attempt},
           {"retry_in_ms", event.retry_in.count()}});
  }
};

struct Arguments {
  SmppConnectionOptions options;
  std::chrono::milliseconds stop_grace{5'000};
};

std::optional<Arguments> parseArguments(int argc, char** argv) {
  Arguments parsed;
  smpp::SessionConfig& session = parsed.options.session;
  parsed.options.host = "127.0.0.1";
  for (int index = 1; index < argc; index += 2) {
    const std::string_view name = argv[index];
    if (index + 1 >= argc) {
      std::fprintf(stderr, "smpp_peer_check: %s needs a value\n", argv[index]);
      return std::nullopt;
    }
    const std::string value = argv[index + 1];
    const auto millis = [&value] { return std::chrono::milliseconds(std::stoll(value)); };
    try {
      if (name == "--host") {
        parsed.options.host = value;
      } else if (name == "--port") {
        parsed.options.port = static_cast<uint16_t>(std::stoul(value));
      } else if (name == "--system-id") {
        session.system_id = value;
      } else if (name == "--password") {
        session.password = value;
      } else if (name == "--system-type") {
        session.system_type = value;
      } else if (name == "--window") {
        session.window = std::stoul(value);
      } else if (name == "--response-timeout-ms") {
        session.response_timeout = millis();
      } else if (name == "--enquire-link-ms") {
        session.enquire_link_interval = millis();
      } else if (name == "--reconnect-ms") {
        session.reconnect.initial = millis();
      } else if (name == "--bind-refused-ms") {
        session.bind_refused.initial = millis();
      } else if (name == "--throttle-ms") {
        session.throttle.initial = millis();
      } else if (name == "--reassembly-timeout-ms") {
        session.reassembly.timeout = millis();
      } else if (name == "--stop-grace-ms") {
        parsed.stop_grace = millis();
      } else {
        std::fprintf(stderr, "smpp_peer_check: unknown option %s\n", argv[index]);
        return std::nullopt;
      }
    } catch (const std::exception&) {
      std::fprintf(stderr, "smpp_peer_check: bad value for %s\n", argv[index]);
      return std::nullopt;
    }
  }
  return parsed;
}

// Reads stdin line by line on the event loop and turns each line into a call.
class CommandReader {
 public:
  CommandReader(asio::io_context& io, SmppConnection& connection, Arguments& arguments)
      : input_(io, ::dup(STDIN_FILENO)), connection_(connection), arguments_(arguments) {}

  void readNext() {
    asio::async_read_until(input_, buffer_, '\n',
                           [this](boost::system::error_code error, size_t bytes) {
                             if (error) {
                               stop();  // EOF or a broken pipe: the test is gone
                               return;
                             }
                             std::string line(asio::buffers_begin(buffer_.data()),
                                              asio::buffers_begin(buffer_.data()) + bytes);
                             buffer_.consume(bytes);
                             handle(line);
                             if (!stopping_) {
                               readNext();
                             }
                           });
  }

 private:
  void handle(const std::string& line) {
    const json command = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (command.is_discarded() || !command.is_object()) {
      if (line.find_first_not_of(" \t\r\n") != std::string::npos) {
        print({{"type", "command_error"}, {"message", "not a JSON object"}});
      }
      return;
    }
    if (command.contains("stop")) {
      stop();
      return;
    }
    if (command.contains("submit") && command["submit"].is_object()) {
      try {
        submit(command["submit"]);
      } catch (const json::exception& error) {
        print({{"type", "command_error"}, {"message", error.what()}});
      }
      return;
    }
    print({{"type", "command_error"}, {"message", "unknown command"}});
  }

  void submit(const json& fields) {
    smpp::OutboundSms sms;
    sms.local_id.value = fields.value("id", std::string());
    sms.source = fields.value("from", std::string());
    sms.destination = fields.value("to", std::string());
    sms.text = fields.value("text", std::string());
    sms.registered_delivery = fields.value("receipt", true) ? 0x01 : 0x00;
    std::string id = sms.local_id.value;
    connection_.submit(std::move(sms), [id = std::move(id)](Result<size_t> parts) {
      if (parts) {
        print({{"type", "submit_queued"}, {"id", id}, {"parts", *parts}});
      } else {
        print({{"type", "submit_error"},
               {"id", id},
               {"code", errorCodeName(parts.error().code)},
               {"message", parts.error().message}});
      }
    });
  }

  void stop() {
    if (stopping_) {
      return;
    }
    stopping_ = true;
    connection_.stop(arguments_.stop_grace, [this] {
      boost::system::error_code ignored;
      input_.close(ignored);  // nothing is left on the event loop: run() returns
    });
  }

  asio::posix::stream_descriptor input_;
  asio::streambuf buffer_;
  SmppConnection& connection_;
  Arguments& arguments_;
  bool stopping_ = false;
};

int run(int argc, char** argv) {
  auto arguments = parseArguments(argc, argv);
  if (!arguments) {
    return 2;
  }
  asio::io_context io(1);
  SystemClock clock;
  PrintingListener listener;
  std::mt19937_64 generator{std::random_device{}()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto connection = SmppConnection::create(arguments->options, io, clock, listener,
                                           [&generator, &unit] { return unit(generator); });
  if (!connection) {
    std::fprintf(stderr, "smpp_peer_check: %s\n", connection.error().message.c_str());
    return 2;
  }
  CommandReader reader(io, **connection, *arguments);
  (*connection)->start();
  reader.readNext();
  io.run();
  return 0;
}

}  // namespace
}  // namespace parley::net

int main(int argc, char** argv) { return parley::net::run(argc, argv); }
