#pragma once
// How a channel hands a message its contact sent to the inbound pipeline every channel shares
// (conversations/inbound_pipeline.h implements it), without knowing routing or storage: the
// channel decodes the provider's bytes and checks who sent them; the sink masks card numbers
// (P8), applies opt-out keywords (P6), stores the message with its contact and conversation,
// routes it, and records the consent change.

#include <optional>
#include <string>
#include <vector>

#include "storage/channel_store.h"
#include "storage/conversation_stores.h"

namespace parley::channels {

struct ChannelInbound {
  TenantId tenant;
  std::string channel;   // as on conversations: "chn_…"
  std::string identity;  // the contact's address there (an SMS phone number with its '+')
  std::string text;      // UTF-8, as received
  std::optional<std::string> provider_message_id;
  std::string entry_point;  // where it arrived (the number it was sent to), for category rules
  std::optional<std::string> contact_name;  // the name the provider gives the contact
  bool keywords = false;                    // STOP / START / HELP change consent (SMS)
  // The option a numeric answer or a pressed button picked from the choices the agent sent last
  // (channels/choice_reply.h); stored beside the text as {"text":"2","choice":"Tuesday"}.
  std::optional<std::string> choice;
  // Stored content other than plain text (a web chat image: {"media":…}); `text` is then its
  // caption, what keyword rules read.
  std::optional<std::string> content;
  // Files the content names by id ({"media":{"id":"med_…"}}), stored with the message.
  std::vector<storage::StagedMedia> media;
  // Channels with a reply window (WhatsApp…): when the provider says the contact sent it, and the
  // window it opens (Capabilities::reply_window).
  std::optional<TimePoint> sent_at;
  std::optional<std::chrono::seconds> reply_window;
};

enum class ConsentReply {
  None,
  OptedOut,  // confirm the opt-out
  OptedIn,   // confirm the opt-in
  Help,      // send the help text
};

struct InboundOutcome {
  storage::ReceivedMessage received;
  ConsentReply reply = ConsentReply::None;
};

class InboundSink {
 public:
  virtual ~InboundSink() = default;
  // `done` once the message is durable (and the consent change with it), on any thread. The
  // channel answers its provider only then, and sends the confirmation the outcome asks for.
  virtual void receive(ChannelInbound inbound, storage::Done<InboundOutcome> done) = 0;
};

}  // namespace parley::channels
