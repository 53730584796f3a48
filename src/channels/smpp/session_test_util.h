#pragma once
// A scripted SMS center for EsmeSession tests: it decodes what the session sends, and feeds the
// session PDUs built with encode(). Time moves only when a test says so.

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "channels/smpp/pdu_reader.h"
#include "channels/smpp/session.h"

namespace parley::channels::smpp::testing {

inline std::string encodeOrDie(const Pdu& pdu) {
  auto bytes = encode(pdu);
  EXPECT_TRUE(bytes.has_value()) << (bytes ? "" : bytes.error().message);
  return bytes.value_or("");
}

inline SessionConfig testConfig() {
  SessionConfig config;
  config.system_id = "parley";
  config.password = "secret";
  config.system_type = "cc";
  return config;
}

class ScriptedSmsc {
 public:
  explicit ScriptedSmsc(SessionConfig config = testConfig())
      : session(std::move(config), [this] { return jitter; }) {}

  // Collects the session's actions: PDUs it sent go to `sent`, the rest to `events`.
  void collect() {
    for (SessionAction& action : session.takeActions()) {
      if (auto* send = std::get_if<Send>(&action)) {
        wire_.feed(send->bytes);
        while (auto decoded = wire_.next()) {
          ASSERT_TRUE(decoded->has_value()) << decoded->error().message;
          sent.push_back(std::move(**decoded));
        }
        continue;
      }
      events.push_back(std::move(action));
    }
  }

  void connect() {
    wire_ = PduReader();
    session.connected(now);
    collect();
  }

  Result<size_t> submit(OutboundSms sms) {
    auto parts = session.submit(std::move(sms), now);
    collect();
    return parts;
  }

  void disconnect() {
    session.disconnected(now);
    collect();
  }
  void stop() {
    session.stop(now);
    collect();
  }

  void feed(const Pdu& pdu) { feedBytes(encodeOrDie(pdu)); }
  void feedBytes(std::string_view bytes) {
    session.received(bytes, now);
    collect();
  }
  void advance(std::chrono::milliseconds by) {
    now += by;
    session.tick(now);
    collect();
  }

  // The oldest PDU the session sent and the test has not looked at.
  Pdu next() {
    EXPECT_FALSE(sent.empty()) << "the session sent nothing more";
    if (sent.empty()) {
      return Pdu{};
    }
    Pdu pdu = std::move(sent.front());
    sent.pop_front();
    return pdu;
  }
  template <class T>
  std::pair<uint32_t, T> nextAs() {
    Pdu pdu = next();
    const T* body = std::get_if<T>(&pdu.body);
    EXPECT_NE(body, nullptr) << "got " << commandIdName(commandId(pdu.body));
    return {pdu.sequence_number, body ? *body : T{}};
  }

  // connect() and answer the bind with OK.
  void bind() {
    connect();
    auto [sequence, bind] = nextAs<BindTransceiver>();
    feed(Pdu{CommandStatus::Ok, sequence, BindTransceiverResp{"smsc", {}}});
    EXPECT_EQ(take<Bound>().size(), 1u);
  }

  void acceptSubmit(uint32_t sequence, std::string message_id) {
    feed(Pdu{CommandStatus::Ok, sequence, SubmitSmResp{std::move(message_id)}});
  }

  template <class T>
  std::vector<T> take() {
    std::vector<T> found;
    std::vector<SessionAction> rest;
    for (SessionAction& action : events) {
      if (auto* event = std::get_if<T>(&action)) {
        found.push_back(std::move(*event));
      } else {
        rest.push_back(std::move(action));
      }
    }
    events = std::move(rest);
    return found;
  }

  // Names of the events left, in order: "Close", "ReconnectAfter", …
  std::vector<std::string> eventNames() const {
    static constexpr const char* kNames[] = {"Send",
                                             "Close",
                                             "ReconnectAfter",
                                             "Bound",
                                             "BindRefused",
                                             "SubmitAccepted",
                                             "MessageAccepted",
                                             "SubmitFailed",
                                             "SubmitUnconfirmed",
                                             "InboundMessage",
                                             "InboundRejected",
                                             "DeliveryReceipt"};
    std::vector<std::string> names;
    for (const SessionAction& action : events) {
      names.emplace_back(kNames[action.index()]);
    }
    return names;
  }

  double jitter = 1.0;  // the upper end: delays are exactly initial · 2^attempt
  TimePoint now{std::chrono::hours(24 * 365 * 56)};
  EsmeSession session;
  std::deque<Pdu> sent;
  std::vector<SessionAction> events;

 private:
  PduReader wire_;
};

inline OutboundSms sms(std::string id, std::string text) {
  return OutboundSms{OutboundSmsId{std::move(id)}, "Parley", "+447700900123", std::move(text),
                     0x01};
}

}  // namespace parley::channels::smpp::testing
