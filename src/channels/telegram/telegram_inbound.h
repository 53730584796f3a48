#pragma once
// One Telegram update as the message Parley stores (C5), pure: who wrote (the chat id is the
// contact's identity, the sender's name their name), what (text or caption; a location as a
// location; a pressed inline button as the option it names; an edit as a new message marked
// "(edited)"), and the provider id that makes a repeated update a duplicate:
//   message "<chat>:<message_id>", edit "<chat>:<message_id>:edited:<edit_date>",
//   button "callback:<callback_query_id>".
// A file (photo, document…) is named by kind with its caption; TelegramBots fetches the file and
// stores it with the message when it can (the content then names it: {"media":{"id",…}}).

#include <optional>
#include <string>

#include "channels/inbound_sink.h"
#include "channels/telegram/telegram_update.h"

namespace parley::channels::telegram {

struct TelegramInbound {
  ChannelInbound message;
  // A pressed button: answer it (answerCallbackQuery) once the message is stored.
  std::optional<std::string> callback_query_id;
};

// nullopt for what Parley does not store: Ignored updates, and messages bots send.
std::optional<TelegramInbound> toInbound(const Update& update, const TenantId& tenant,
                                         const ChannelId& channel);

}  // namespace parley::channels::telegram
