// EsmeSession: bind, window, throttling, timeouts, keep-alive, unbind (outbound side).
#include "channels/smpp/session.h"

#include <gtest/gtest.h>

#include "channels/smpp/session_test_util.h"

namespace parley::channels::smpp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::ScriptedSmsc;
using testing::sms;

TEST(EsmeSession, BindsAsTransceiverVersion34AndSendsNothingElseUntilBound) {
  ScriptedSmsc smsc;
  smsc.connect();
  ASSERT_TRUE(smsc.submit(sms("a", "hello")).has_value());
  auto [sequence, bind] = smsc.nextAs<BindTransceiver>();
  EXPECT_EQ(bind.system_id, "parley");
  EXPECT_EQ(bind.password, "secret");
  EXPECT_EQ(bind.system_type, "cc");
  EXPECT_EQ(bind.interface_version, 0x34);
  EXPECT_TRUE(smsc.sent.empty()) << "a submit_sm went out before the bind was answered";

  smsc.feed(Pdu{CommandStatus::Ok, sequence, BindTransceiverResp{"smsc", {}}});
  ASSERT_EQ(smsc.take<Bound>().size(), 1u);
  EXPECT_EQ(smsc.session.state(), EsmeSession::State::Bound);
  auto [submit_sequence, submit] = smsc.nextAs<SubmitSm>();
  EXPECT_NE(submit_sequence, sequence);
  EXPECT_EQ(submit.short_message, "hello");
  EXPECT_EQ(submit.destination_addr, "447700900123");
  EXPECT_EQ(submit.source_addr_ton, 5) << "an alphanumeric sender";
  EXPECT_EQ(submit.registered_delivery, 0x01);
}

TEST(EsmeSession, RefusedCredentialsBackOffLongerThanOtherRefusals) {
  ScriptedSmsc smsc;
  smsc.connect();
  auto [sequence, bind] = smsc.nextAs<BindTransceiver>();
  smsc.feed(Pdu{CommandStatus::InvPaswd, sequence, BindTransceiverResp{}});
  auto refused = smsc.take<BindRefused>();
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].status, CommandStatus::InvPaswd);
  EXPECT_TRUE(refused[0].credentials);
  EXPECT_EQ(smsc.eventNames(), (std::vector<std::string>{"Close", "ReconnectAfter"}));
  EXPECT_EQ(smsc.take<ReconnectAfter>()[0].delay, std::chrono::minutes(1));
  EXPECT_EQ(smsc.session.state(), EsmeSession::State::Disconnected);

  smsc.events.clear();
  smsc.connect();
  auto [again, bind_again] = smsc.nextAs<BindTransceiver>();
  smsc.feed(Pdu{CommandStatus::InvSysId, again, BindTransceiverResp{}});
  EXPECT_EQ(smsc.take<ReconnectAfter>()[0].delay, std::chrono::minutes(2));

  ScriptedSmsc busy;
  busy.connect();
  auto [busy_sequence, busy_bind] = busy.nextAs<BindTransceiver>();
  busy.feed(Pdu{CommandStatus::SysErr, busy_sequence, BindTransceiverResp{}});
  EXPECT_FALSE(busy.take<BindRefused>()[0].credentials);
  EXPECT_EQ(busy.take<ReconnectAfter>()[0].delay, seconds(1));
}

TEST(EsmeSession, WindowFillsAndDrainsAsResponsesArriveInAnyOrder) {
  auto config = testing::testConfig();
  config.window = 3;
  ScriptedSmsc smsc(config);
  smsc.bind();
  for (int index = 0; index < 5; ++index) {
    ASSERT_TRUE(smsc.submit(sms("m" + std::to_string(index), "hi")));
  }
  ASSERT_EQ(smsc.sent.size(), 3u);
  EXPECT_EQ(smsc.session.outstandingSubmits(), 3u);
  EXPECT_EQ(smsc.session.queuedParts(), 2u);
  const uint32_t first = smsc.next().sequence_number;
  const uint32_t second = smsc.next().sequence_number;
  const uint32_t third = smsc.next().sequence_number;

  smsc.acceptSubmit(second, "id-1");
  ASSERT_EQ(smsc.sent.size(), 1u) << "one slot freed, one more sent";
  const uint32_t fourth = smsc.next().sequence_number;
  smsc.acceptSubmit(third, "id-2");
  smsc.acceptSubmit(first, "id-0");
  const uint32_t fifth = smsc.next().sequence_number;
  EXPECT_TRUE(smsc.sent.empty());
  smsc.acceptSubmit(fifth, "id-4");
  smsc.acceptSubmit(fourth, "id-3");

  auto accepted = smsc.take<MessageAccepted>();
  ASSERT_EQ(accepted.size(), 5u);
  EXPECT_EQ(accepted[0].local_id.value, "m1");
  EXPECT_EQ(accepted[0].message_ids, std::vector<std::string>{"id-1"});
  EXPECT_EQ(smsc.take<SubmitAccepted>().size(), 5u);
  EXPECT_EQ(smsc.session.outstandingSubmits(), 0u);
  EXPECT_EQ(smsc.session.pendingMessages(), 0u);
}

TEST(EsmeSession, LongTextGoesAsThreePartsAndIsAcceptedWhenAllAre) {
  ScriptedSmsc smsc;
  smsc.bind();
  const std::string text(400, 'x');  // 3 × 153 septets at most
  auto parts = smsc.submit(sms("long", text));
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, 3u);
  std::vector<uint32_t> sequences;
  for (uint8_t part = 1; part <= 3; ++part) {
    auto [sequence, submit] = smsc.nextAs<SubmitSm>();
    sequences.push_back(sequence);
    EXPECT_EQ(submit.esm_class & 0x40, 0x40) << "UDHI";
    ASSERT_GE(submit.short_message.size(), 6u);
    EXPECT_EQ(submit.short_message.substr(0, 3), std::string("\x05\x00\x03", 3));
    EXPECT_EQ(static_cast<uint8_t>(submit.short_message[4]), 3);
    EXPECT_EQ(static_cast<uint8_t>(submit.short_message[5]), part);
  }
  smsc.acceptSubmit(sequences[2], "c");
  smsc.acceptSubmit(sequences[0], "a");
  EXPECT_TRUE(smsc.take<MessageAccepted>().empty());
  smsc.acceptSubmit(sequences[1], "b");
  auto per_part = smsc.take<SubmitAccepted>();
  ASSERT_EQ(per_part.size(), 3u);
  EXPECT_EQ(per_part[0].part, 3u);
  EXPECT_EQ(per_part[0].parts, 3u);
  auto accepted = smsc.take<MessageAccepted>();
  ASSERT_EQ(accepted.size(), 1u);
  EXPECT_EQ(accepted[0].message_ids, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(EsmeSession, ThrottledPartPausesSendingAndIsSentAgain) {
  ScriptedSmsc smsc;
  smsc.bind();
  ASSERT_TRUE(smsc.submit(sms("a", "one")));
  ASSERT_TRUE(smsc.submit(sms("b", "two")));
  const uint32_t first = smsc.next().sequence_number;
  const uint32_t second = smsc.next().sequence_number;
  smsc.feed(Pdu{CommandStatus::Throttled, first, SubmitSmResp{}});
  EXPECT_TRUE(smsc.events.empty()) << "throttling is not a failure";
  EXPECT_TRUE(smsc.sent.empty());
  smsc.acceptSubmit(second, "id-b");
  EXPECT_TRUE(smsc.sent.empty()) << "paused";
  ASSERT_EQ(smsc.session.nextDeadline(), smsc.now + seconds(1));

  smsc.advance(milliseconds(999));
  EXPECT_TRUE(smsc.sent.empty());
  smsc.advance(milliseconds(1));
  auto [again, submit] = smsc.nextAs<SubmitSm>();
  EXPECT_NE(again, first) << "a new sequence number";
  EXPECT_EQ(submit.short_message, "one");
  smsc.feed(Pdu{CommandStatus::MsgQFul, again, SubmitSmResp{}});
  smsc.advance(milliseconds(1'999));
  EXPECT_TRUE(smsc.sent.empty()) << "the second pause is longer";
  smsc.advance(milliseconds(1));
  smsc.acceptSubmit(smsc.next().sequence_number, "id-a");
  auto accepted = smsc.take<MessageAccepted>();
  ASSERT_EQ(accepted.size(), 2u);
  EXPECT_EQ(accepted[1].local_id.value, "a");
  EXPECT_TRUE(smsc.take<SubmitFailed>().empty());
}

TEST(EsmeSession, ErrorStatusFailsTheWholeMessageRetryableOrNot) {
  auto config = testing::testConfig();
  config.window = 1;
  ScriptedSmsc narrow(config);
  narrow.bind();
  ASSERT_TRUE(narrow.submit(sms("long", std::string(400, 'y'))));
  ASSERT_TRUE(narrow.submit(sms("short", "ok")));
  narrow.acceptSubmit(narrow.next().sequence_number, "p1");
  narrow.feed(Pdu{CommandStatus::InvDstAdr, narrow.next().sequence_number, SubmitSmResp{}});
  auto failed = narrow.take<SubmitFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].local_id.value, "long");
  EXPECT_EQ(failed[0].status, CommandStatus::InvDstAdr);
  EXPECT_FALSE(failed[0].retryable);
  EXPECT_EQ(failed[0].parts_accepted, 1u);
  auto [sequence, next] = narrow.nextAs<SubmitSm>();
  EXPECT_EQ(next.short_message, "ok") << "the failed message's third part was dropped";
  narrow.feed(Pdu{CommandStatus::SysErr, sequence, SubmitSmResp{}});
  failed = narrow.take<SubmitFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_TRUE(failed[0].retryable);
}

TEST(EsmeSession, GenericNackFailsTheRequestItAnswers) {
  ScriptedSmsc smsc;
  smsc.bind();
  ASSERT_TRUE(smsc.submit(sms("a", "hi")));
  smsc.feed(Pdu{CommandStatus::InvCmdLen, smsc.next().sequence_number, GenericNack{}});
  auto failed = smsc.take<SubmitFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].status, CommandStatus::InvCmdLen);
  EXPECT_FALSE(failed[0].retryable);
  EXPECT_EQ(smsc.session.state(), EsmeSession::State::Bound);
}

TEST(EsmeSession, ResponseTimeoutLeavesSubmitsUnconfirmedAndReconnects) {
  auto config = testing::testConfig();
  config.window = 1;
  ScriptedSmsc smsc(config);
  smsc.bind();
  ASSERT_TRUE(smsc.submit(sms("written", "hi")));
  ASSERT_TRUE(smsc.submit(sms("queued", "there")));
  smsc.next();
  smsc.advance(milliseconds(29'999));
  EXPECT_TRUE(smsc.events.empty());
  smsc.advance(milliseconds(1));
  EXPECT_EQ(smsc.eventNames(), (std::vector<std::string>{"Close", "SubmitUnconfirmed",
                                                         "SubmitFailed", "ReconnectAfter"}));
  EXPECT_EQ(smsc.take<SubmitUnconfirmed>()[0].local_id.value, "written");
  auto never_sent = smsc.take<SubmitFailed>();
  EXPECT_EQ(never_sent[0].local_id.value, "queued");
  EXPECT_TRUE(never_sent[0].retryable);
  EXPECT_FALSE(never_sent[0].status.has_value());
  EXPECT_EQ(smsc.take<ReconnectAfter>()[0].delay, seconds(1));
  EXPECT_EQ(smsc.session.pendingMessages(), 0u);
  EXPECT_FALSE(smsc.submit(sms("late", "x")).has_value());
}

TEST(EsmeSession, ReconnectBackoffGrowsCapsAndResetsAfterABind) {
  auto config = testing::testConfig();
  config.reconnect = Backoff{seconds(1), seconds(5)};
  ScriptedSmsc smsc(config);
  std::vector<milliseconds> delays;
  for (int attempt = 0; attempt < 5; ++attempt) {
    smsc.connect();
    smsc.next();                // bind_transceiver, never answered
    smsc.advance(seconds(30));  // response timeout
    delays.push_back(smsc.take<ReconnectAfter>().at(0).delay);
    smsc.events.clear();
  }
  EXPECT_EQ(delays, (std::vector<milliseconds>{seconds(1), seconds(2), seconds(4), seconds(5),
                                               seconds(5)}));
  smsc.bind();
  smsc.disconnect();
  EXPECT_EQ(smsc.take<ReconnectAfter>().at(0).delay, seconds(1));

  smsc.jitter = 0.0;  // the lower end of the jitter: half the delay
  smsc.connect();
  smsc.disconnect();
  EXPECT_EQ(smsc.take<ReconnectAfter>().at(0).delay, seconds(1));  // attempt 1: 2 s → [1 s, 2 s]
}

TEST(EsmeSession, SendsEnquireLinkWhenIdleAndDropsTheLinkWithoutAnAnswer) {
  ScriptedSmsc smsc;
  smsc.bind();
  EXPECT_EQ(smsc.session.nextDeadline(), smsc.now + seconds(30));
  smsc.advance(seconds(30));
  auto [sequence, enquire] = smsc.nextAs<EnquireLink>();
  smsc.feed(Pdu{CommandStatus::Ok, sequence, EnquireLinkResp{}});
  EXPECT_TRUE(smsc.events.empty());
  smsc.advance(seconds(29));
  EXPECT_TRUE(smsc.sent.empty()) << "the answer counted as traffic";
  smsc.advance(seconds(1));
  smsc.nextAs<EnquireLink>();
  smsc.advance(seconds(30));
  EXPECT_EQ(smsc.eventNames(), (std::vector<std::string>{"Close", "ReconnectAfter"}));
  EXPECT_EQ(smsc.session.state(), EsmeSession::State::Disconnected);
}

TEST(EsmeSession, AnswersTheSmscsEnquireLink) {
  ScriptedSmsc smsc;
  smsc.bind();
  smsc.feed(Pdu{CommandStatus::Ok, 77, EnquireLink{}});
  auto [sequence, resp] = smsc.nextAs<EnquireLinkResp>();
  EXPECT_EQ(sequence, 77u);
  EXPECT_TRUE(smsc.events.empty());
}

TEST(EsmeSession, SmscUnbindIsAnsweredThenTheConnectionClosed) {
  ScriptedSmsc smsc;
  smsc.bind();
  ASSERT_TRUE(smsc.submit(sms("a", "hi")));
  smsc.next();
  smsc.feed(Pdu{CommandStatus::Ok, 9, Unbind{}});
  auto [sequence, resp] = smsc.nextAs<UnbindResp>();
  EXPECT_EQ(sequence, 9u);
  EXPECT_EQ(smsc.eventNames(),
            (std::vector<std::string>{"Close", "SubmitUnconfirmed", "ReconnectAfter"}));
}

TEST(EsmeSession, StopFinishesStartedMessagesThenUnbinds) {
  auto config = testing::testConfig();
  config.window = 1;
  ScriptedSmsc smsc(config);
  smsc.bind();
  ASSERT_TRUE(smsc.submit(sms("long", std::string(200, 'z'))));
  ASSERT_TRUE(smsc.submit(sms("later", "x")));
  const uint32_t first = smsc.next().sequence_number;
  smsc.stop();
  auto failed = smsc.take<SubmitFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].local_id.value, "later");
  EXPECT_TRUE(failed[0].retryable);
  EXPECT_FALSE(smsc.submit(sms("new", "x")).has_value());

  smsc.acceptSubmit(first, "p1");
  smsc.acceptSubmit(smsc.next().sequence_number, "p2");
  EXPECT_EQ(smsc.take<SubmitAccepted>().size(), 2u);
  EXPECT_EQ(smsc.take<MessageAccepted>().size(), 1u);
  auto [sequence, unbind] = smsc.nextAs<Unbind>();
  smsc.feed(Pdu{CommandStatus::Ok, sequence, UnbindResp{}});
  EXPECT_EQ(smsc.eventNames(), (std::vector<std::string>{"Close"}));
  EXPECT_EQ(smsc.session.state(), EsmeSession::State::Stopped);
}

TEST(EsmeSession, RateLimitSpacesSubmits) {
  auto config = testing::testConfig();
  config.submits_per_second = 2;
  config.burst = 1;
  ScriptedSmsc smsc(config);
  smsc.bind();
  for (int index = 0; index < 3; ++index) {
    ASSERT_TRUE(smsc.submit(sms("m" + std::to_string(index), "hi")));
  }
  EXPECT_EQ(smsc.sent.size(), 1u);
  EXPECT_EQ(smsc.session.nextDeadline(), smsc.now + milliseconds(500));
  smsc.advance(milliseconds(499));
  EXPECT_EQ(smsc.sent.size(), 1u);
  smsc.advance(milliseconds(1));
  EXPECT_EQ(smsc.sent.size(), 2u);
  smsc.advance(milliseconds(500));
  EXPECT_EQ(smsc.sent.size(), 3u);
}

TEST(EsmeSession, UnknownCommandIsNackedAndTheSessionGoesOn) {
  ScriptedSmsc smsc;
  smsc.bind();
  // A 16-octet header with an unknown command_id 0x00000099 and sequence 5.
  const std::string unknown("\x00\x00\x00\x10\x00\x00\x00\x99\x00\x00\x00\x00\x00\x00\x00\x05", 16);
  smsc.feedBytes(unknown);
  auto nack = smsc.next();
  EXPECT_EQ(commandId(nack.body), CommandId::GenericNack);
  EXPECT_EQ(nack.command_status, CommandStatus::InvCmdId);
  EXPECT_EQ(nack.sequence_number, 5u);
  EXPECT_TRUE(smsc.events.empty());
  EXPECT_EQ(smsc.session.state(), EsmeSession::State::Bound);
  smsc.feed(Pdu{CommandStatus::Ok, 6, EnquireLink{}});
  EXPECT_EQ(smsc.nextAs<EnquireLinkResp>().first, 6u);
}

TEST(EsmeSession, UnframeableStreamDropsTheConnection) {
  ScriptedSmsc smsc;
  smsc.bind();
  smsc.feedBytes(std::string("\x00\x00\x00\x04", 4));  // command_length 4 < 16
  EXPECT_EQ(commandId(smsc.next().body), CommandId::GenericNack);
  EXPECT_EQ(smsc.eventNames(), (std::vector<std::string>{"Close", "ReconnectAfter"}));
}

TEST(EsmeSession, BytesArrivingOneAtATimeAreEnough) {
  ScriptedSmsc smsc;
  smsc.connect();
  auto [sequence, bind] = smsc.nextAs<BindTransceiver>();
  const std::string stream =
      testing::encodeOrDie(Pdu{CommandStatus::Ok, sequence, BindTransceiverResp{"smsc", {}}}) +
      testing::encodeOrDie(Pdu{CommandStatus::Ok, 40, EnquireLink{}});
  for (char byte : stream) {
    smsc.feedBytes(std::string_view(&byte, 1));
  }
  EXPECT_EQ(smsc.take<Bound>().size(), 1u);
  EXPECT_EQ(smsc.nextAs<EnquireLinkResp>().first, 40u);
}

TEST(EsmeSession, SubmitRefusesWhatCannotBeSent) {
  ScriptedSmsc smsc;
  EXPECT_EQ(smsc.submit(sms("a", "hi")).error().code, ErrorCode::NotReady);
  smsc.bind();
  ASSERT_TRUE(smsc.submit(sms("a", "hi")));
  EXPECT_EQ(smsc.submit(sms("a", "hi")).error().code, ErrorCode::Conflict);
  EXPECT_EQ(smsc.submit(sms("b", std::string(2000, 'q'))).error().code, ErrorCode::PayloadTooLarge);
  EXPECT_EQ(smsc.submit(sms("c", "\xff")).error().code, ErrorCode::ValidationFailed);
  auto bad_address = sms("d", "hi");
  bad_address.destination = std::string(30, '1');
  EXPECT_EQ(smsc.submit(bad_address).error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(smsc.session.pendingMessages(), 1u);
}

TEST(EsmeSession, SequenceNumbersWrapFromTheLargestToOne) {
  EXPECT_EQ(nextSequenceNumber(1), 2u);
  EXPECT_EQ(nextSequenceNumber(0x7FFFFFFE), 0x7FFFFFFFu);
  EXPECT_EQ(nextSequenceNumber(0x7FFFFFFF), 1u);
  EXPECT_EQ(nextSequenceNumber(0xFFFFFFFF), 1u);
}

TEST(SessionConfig, ValidationNamesTheField) {
  auto config = testing::testConfig();
  EXPECT_TRUE(validateSessionConfig(config).has_value());
  config.password = "far too long";
  EXPECT_FALSE(validateSessionConfig(config).has_value());
  config = testing::testConfig();
  config.window = 0;
  EXPECT_FALSE(validateSessionConfig(config).has_value());
}

}  // namespace
}  // namespace parley::channels::smpp
