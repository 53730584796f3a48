// Fuzz target: the Viber codec (src/channels/viber). The bytes are read as a webhook callback, as
// an API answer under several HTTP statuses, as a get_account_info answer, as stored content to
// send and as welcome text, and are checked against a signature. Each must give a value or an
// Error, never a crash, and what comes back must be consistent: kinds match their fields, tokens
// are exact decimal text, reasons stay bounded UTF-8, built calls are JSON for the right receiver
// within Viber's limits, and only the right hex signs the bytes.

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "channels/viber/viber_api.h"
#include "channels/viber/viber_callback.h"
#include "channels/viber/viber_signature.h"

namespace {

using namespace parley::channels::viber;
using parley::ErrorCode;

constexpr std::string_view kReceiver = "01234567890A=";
constexpr std::string_view kToken = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9";

void check(bool condition) {
  if (!condition) {
    std::abort();
  }
}

void checkError(const parley::Error& error) {
  check(error.code == ErrorCode::PayloadTooLarge || error.code == ErrorCode::InvalidJson ||
        error.code == ErrorCode::ValidationFailed);
  check(!error.message.empty());
}

bool needsUser(EventKind kind) { return kind != EventKind::Webhook && kind != EventKind::Other; }

void checkMessage(const ReceivedMessage& message) {
  check(!message.type_name.empty() || message.type == MessageType::Other);
  check(!message.text || message.text->size() <= kMaxTextBytes);
  const bool needs_media = message.type == MessageType::Picture ||
                           message.type == MessageType::Video ||
                           message.type == MessageType::File || message.type == MessageType::Url;
  check(!needs_media || (message.media && !message.media->url.empty()));
  check(!message.media || needs_media || message.type == MessageType::Sticker);
  check(!message.media || !message.media->size || *message.media->size >= 0);
  check(message.location.has_value() == (message.type == MessageType::Location));
  check(message.contact.has_value() == (message.type == MessageType::Contact));
  if (message.location) {
    check(std::fabs(message.location->latitude) <= 90 &&
          std::fabs(message.location->longitude) <= 180);
  }
}

void checkCallback(std::string_view input) {
  const auto callback = parseCallback(input);
  if (!callback) {
    checkError(callback.error());
    return;
  }
  check(callback->kind == EventKind::Other || callback->event == eventKindName(callback->kind));
  check(callback->timestamp >= 0);
  check(callback->message_token.empty() || isDecimalToken(callback->message_token));
  const bool needs_token = callback->kind == EventKind::Message ||
                           callback->kind == EventKind::Delivered ||
                           callback->kind == EventKind::Seen || callback->kind == EventKind::Failed;
  check(!needs_token || !callback->message_token.empty());
  check(needsUser(callback->kind) != callback->user_id.empty());
  check(!callback->user || callback->user->id == callback->user_id);
  check(callback->message.has_value() == (callback->kind == EventKind::Message));
  check(!callback->description || callback->kind == EventKind::Failed);
  check(!callback->context || callback->kind == EventKind::ConversationStarted);
  if (callback->message) {
    checkMessage(*callback->message);
  }
}

void checkAnswer(int http_status, std::string_view input) {
  const ViberAnswer answer = parseAnswer(http_status, input);
  check(answer.message_token.empty() || isDecimalToken(answer.message_token));
  check(answer.status_message.size() <= 1024 && utf16Length(answer.status_message).has_value());
  check(utf16Length(answer.reason).has_value());
  check((answer.kind == AnswerKind::Ok) == answer.reason.empty());
  check(answer.kind != AnswerKind::Ok || (answer.status == 0 && http_status < 500));
  if (http_status >= 500) {
    check(answer.kind == AnswerKind::Unreadable);
  }
  if (const auto info = parseAccountInfo(input)) {
    check(!info->id.empty() && !info->name.empty());
    check(!info->webhook || !info->webhook->empty());
    check(!info->subscribers_count || *info->subscribers_count >= 0);
  } else {
    checkError(info.error());
  }
}

void checkSend(std::string_view content) {
  const auto call = buildSend(kReceiver, {"Support", "https://cdn.example.com/a.png"}, content);
  if (!call) {
    checkError(call.error());
    return;
  }
  check(call->endpoint == "send_message" && call->body_json.size() <= kMaxSendBytes);
  const auto body = nlohmann::json::parse(call->body_json, nullptr, false);
  check(body.is_object() && body.value("receiver", std::string()) == kReceiver);
  check(body.value("sender", nlohmann::json()).value("name", std::string()) == "Support");
  const std::string type = body.value("type", std::string());
  check(type == "text" || type == "picture" || type == "url" || type == "location");
  const bool has_keyboard = body.contains("keyboard");
  check(body.value("min_api_version", 0) == (has_keyboard ? 3 : 1));
  if (type == "text") {
    const auto length = utf16Length(body.value("text", std::string()));
    check(length && *length >= 1 && *length <= kMaxTextLength);
  }
  if (has_keyboard) {
    const size_t buttons = body["keyboard"].value("Buttons", nlohmann::json::array()).size();
    check(type == "text" && buttons >= 1 && buttons <= kMaxButtons);
  }
  if (type == "picture" || type == "url") {
    check(body.value("media", std::string()).starts_with("http"));
    check(type == "picture" || !body.contains("text"));
  }
}

void checkSignature(std::string_view input) {
  const std::string signature = signatureOf(kToken, input);
  check(signature.size() == kSignatureHexLength);
  check(isValidSignature(kToken, input, signature));
  check(!isValidSignature("", input, signatureOf("", input)));
  // The bytes as a signature of themselves: valid only if they are that very hex (any case).
  std::string lower(input);
  for (char& c : lower) {
    c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  check(isValidSignature(kToken, input, input) == (lower == signature));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  checkCallback(input);
  static const int kStatuses[] = {200, 200, 400, 429, 500, 502};
  checkAnswer(kStatuses[size % std::size(kStatuses)], input);
  checkSend(input);
  if (const auto welcome = welcomeMessage({"Support", std::nullopt}, input)) {
    const auto body = nlohmann::json::parse(*welcome, nullptr, false);
    check(body.is_object() && !body.contains("receiver") && body.value("text", "") == input);
  }
  checkSignature(input);
  return 0;
}

std::vector<std::string> fuzzSeeds() {
  return {
      R"({"event":"message","timestamp":1717000000000,"message_token":4912661846655238145,"sender":{"id":"01234567890A=","name":"Ana","avatar":"https://…","language":"de","country":"DE","api_version":10},"message":{"type":"text","text":"Hello","tracking_data":"ticket-4711"},"silent":false})",
      R"({"event":"message","timestamp":1,"message_token":"18446744073709551615","sender":{"id":"u"},"message":{"type":"picture","media":"https://m.example/p.jpg","thumbnail":"https://m.example/t.jpg","text":"caption"}})",
      R"({"event":"message","timestamp":1,"message_token":2,"sender":{"id":"u"},"message":{"type":"file","media":"https://m.example/f","file_name":"a.pdf","size":5}})",
      R"({"event":"message","timestamp":1,"message_token":3,"sender":{"id":"u"},"message":{"type":"location","location":{"lat":52.52,"lon":13.4}}})",
      R"({"event":"message","timestamp":1,"message_token":4,"sender":{"id":"u"},"message":{"type":"contact","contact":{"name":"Bea","phone_number":"+49"}}})",
      R"({"event":"message","timestamp":1,"message_token":5,"sender":{"id":"u"},"message":{"type":"sticker","sticker_id":46105}})",
      R"({"event":"delivered","timestamp":1717000001000,"message_token":5058590812907389764,"user_id":"01234567890A="})",
      R"({"event":"failed","timestamp":3,"message_token":8,"user_id":"u1","desc":"failure description"})",
      R"({"event":"subscribed","timestamp":1457764197627,"user":{"id":"01234567890A=","name":"viberUser","avatar":"http://avatar_url","country":"IL","language":"en","api_version":1}})",
      R"({"event":"conversation_started","timestamp":1,"message_token":4912661846655238145,"type":"open","context":"c","subscribed":false,"user":{"id":"u"}})",
      R"({"event":"webhook","timestamp":1717000000000,"message_token":5058590812907389764,"chat_hostname":"SN-CHAT-04_"})",
      R"({"status":0,"status_message":"ok","message_token":5058590812907389764,"chat_hostname":"SN-CHAT-04_"})",
      R"({"status":6,"status_message":"receiverNotSubscribed"})",
      R"({"status":0,"status_message":"ok","id":"pa:75346594275468546724","name":"account name","uri":"accountUri","webhook":"https://my.site.com","subscribers_count":35,"members":[{"id":"u","role":"admin"}]})",
      R"({"text":"Hello 😀"})",
      R"({"media":{"url":"https://cdn.example.com/a.jpg","mimeType":null,"caption":"c"}})",
      R"({"media":{"url":"https://cdn.example.com/a.pdf","mimeType":"application/pdf","caption":null}})",
      R"({"choices":{"text":"Solved?","options":["Yes","No"]}})",
      R"({"location":{"latitude":52.5200000,"longitude":13.4000000,"name":"Office"}})",
      "bd52434b46be1542d32bfa5e3332b757b927e183c5ef3b20a5f9877207dc55b9",
      R"({"event":"message","message_token":1e400,"x":[[[[[[[[[[[[[[[[{"a":"\ud800"}]]]]]]]]]]]]]]]]})",
  };
}
