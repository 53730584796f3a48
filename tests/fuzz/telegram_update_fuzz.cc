// Fuzz target: the Telegram codec (src/channels/telegram). The bytes are read as a webhook Update,
// as one element and as the whole of a getUpdates answer, as a Bot API answer, and as stored
// content to send. Each must give a value or an Error, never a crash, and what comes back must be
// consistent: kinds match their fields, chat ids match their text, the next offset confirms
// exactly the ids read, descriptions stay bounded UTF-8, built calls are JSON for the right chat.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/telegram/bot_api.h"
#include "channels/telegram/telegram_update.h"

namespace {

using namespace parley::channels::telegram;
using parley::ErrorCode;

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

void checkUpdate(const Update& update) {
  check(update.update_id >= 0 && update.update_id < INT64_MAX);
  check(update.callback.has_value() == (update.kind == UpdateKind::CallbackQuery));
  check(!update.edit_date || update.kind == UpdateKind::EditedMessage);
  if (update.kind == UpdateKind::Ignored) {
    check(!update.sender && !update.text && !update.attachment && !update.location &&
          !update.contact && update.chat.id_text.empty() && update.message_id == 0);
    return;
  }
  check(update.type == updateKindName(update.kind));
  check(update.chat.id_text == std::to_string(update.chat.id));
  if (update.callback) {
    check(!update.callback->id.empty());
    check(!update.callback->button_text || update.callback->data);
    check(!update.text && !update.attachment);
  }
  check(!update.text || update.text->size() <= kMaxTextBytes);
  check(!update.attachment || !update.attachment->file_id.empty());
  check(!update.attachment || !update.attachment->file_size || *update.attachment->file_size >= 0);
  if (update.location) {
    check(std::fabs(update.location->latitude) <= 90 &&
          std::fabs(update.location->longitude) <= 180);
  }
}

void checkBatch(const parley::Result<UpdateBatch>& batch) {
  if (!batch) {
    checkError(batch.error());
    return;
  }
  std::optional<int64_t> largest;
  for (const Update& update : batch->updates) {
    checkUpdate(update);
    largest = std::max(largest.value_or(update.update_id), update.update_id);
  }
  for (const RejectedUpdate& rejected : batch->rejected) {
    checkError(rejected.error);
    if (rejected.update_id) {
      largest = std::max(largest.value_or(*rejected.update_id), *rejected.update_id);
    }
  }
  check(batch->next_offset == (largest ? std::optional(*largest + 1) : std::nullopt));
}

void checkAnswer(int status, std::string_view body) {
  const BotAnswer answer = parseAnswer(status, body);
  check(answer.ok == (answer.kind == AnswerKind::Ok));
  check(answer.ok != answer.result.empty());
  if (answer.ok) {
    check(nlohmann::json::accept(answer.result));
    (void)parseSentMessage(answer.result);
    (void)parseGetMeResult(answer.result);
    if (auto file = parseGetFileResult(answer.result)) {
      const std::string segments = "/" + file->file_path + "/";
      check(!file->file_path.starts_with('/') && segments.find("/../") == std::string::npos);
    }
  }
  check(answer.description.size() <= 1024 && utf16Length(answer.description).has_value());
  check(!answer.retry_after || (*answer.retry_after >= 0 && *answer.retry_after <= 86400));
}

void checkSend(std::string_view content) {
  const auto call = buildSend("-1001234567890", content);
  if (!call) {
    checkError(call.error());
    return;
  }
  static const std::string_view kMethods[] = {"sendMessage", "sendPhoto", "sendDocument",
                                              "sendLocation"};
  check(std::find(std::begin(kMethods), std::end(kMethods), call->method) != std::end(kMethods));
  const auto body = nlohmann::json::parse(call->body_json, nullptr, false);
  check(body.is_object() && body.value("chat_id", int64_t{0}) == -1001234567890);
  if (call->method == "sendMessage") {
    const auto length = utf16Length(body.value("text", std::string()));
    check(length && *length >= 1 && *length <= kMaxMessageLength);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const auto update = parseUpdate(input);
  if (update) {
    checkUpdate(*update);
  } else {
    checkError(update.error());
  }
  checkBatch(parseGetUpdates(input));
  checkBatch(parseGetUpdates(R"({"ok":true,"result":[)" + std::string(input) + "]}"));

  static const int kStatuses[] = {200, 400, 401, 403, 404, 409, 429, 500, 502};
  checkAnswer(kStatuses[size % std::size(kStatuses)], input);
  checkSend(input);
  return 0;
}

std::vector<std::string> fuzzSeeds() {
  return {
      R"({"update_id":872310041,"message":{"message_id":57,"date":1717000000,"from":{"id":123456789,"is_bot":false,"first_name":"Ana","language_code":"de"},"chat":{"id":123456789,"type":"private","first_name":"Ana"},"text":"Hello"}})",
      R"({"update_id":2,"message":{"message_id":58,"date":1,"from":{"id":1,"is_bot":false,"first_name":"A","last_name":"S","username":"a"},"chat":{"id":-1001234567890,"type":"supergroup"},"photo":[{"file_id":"s","file_unique_id":"1","file_size":12,"width":90,"height":67},{"file_id":"l","file_unique_id":"2","width":1280,"height":960}],"caption":"Invoice"}})",
      R"({"update_id":3,"edited_message":{"message_id":1,"date":1,"edit_date":2,"chat":{"id":9007199254740993,"type":"private"},"document":{"file_id":"d","file_unique_id":"u","file_name":"a.pdf","mime_type":"application/pdf","file_size":5}}})",
      R"({"update_id":4,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"venue":{"location":{"latitude":48.85,"longitude":2.29},"title":"Tower"},"contact":{"phone_number":"+49","first_name":"B","user_id":5}}})",
      R"({"update_id":5,"callback_query":{"id":"438","from":{"id":1,"is_bot":false,"first_name":"A"},"message":{"message_id":6,"date":0,"chat":{"id":1,"type":"private"},"reply_markup":{"inline_keyboard":[[{"text":"Yes","callback_data":"1"}],[{"text":"No","callback_data":"2"}]]}},"data":"2"}})",
      R"({"update_id":6,"channel_post":{"message_id":3,"date":1,"chat":{"id":-100,"type":"channel"}}})",
      R"({"ok":true,"result":[{"update_id":7,"poll":{}},{"update_id":"8"},{"update_id":9,"message":{"chat":1}}]})",
      R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}})",
      R"({"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234567890}})",
      R"({"ok":true,"result":{"message_id":63,"chat":{"id":1,"type":"private"},"file_path":"photos/file_1.jpg","id":7,"username":"b","first_name":"P"}})",
      R"({"text":"Hello 😀"})",
      R"({"media":{"url":"https://x.example/a.jpg","mimeType":null,"caption":"c"}})",
      R"({"choices":{"text":"Solved?","options":["Yes","No"]}})",
      R"({"location":{"latitude":52.52,"longitude":13.40,"name":"Office"}})",
      R"({"update_id":1e400,"message":[[[[[[[[[[[[[[[[{"a":"\ud800"}]]]]]]]]]]]]]]]]})",
  };
}
