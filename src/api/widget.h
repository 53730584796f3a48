#pragma once
// The web chat widget's side of the API (C7). Input: untrusted (anyone's browser, any page).
//
// A page that embeds /widget.js?channel=chn_… first calls POST /api/v1/widget/sessions (public,
// CORS): the channel must be an enabled web chat channel and the page's Origin on its allowed list
// (or Parley's own origin: the /demo page); the answer is the visitor's token (signed, see
// channels/webchat/visitor_token.h; a new visitor when none or an invalid one was sent), the
// widget's look, and the visitor's latest conversation on the channel. Then the page opens
// /api/v1/widget/live?channel=…&token=… (same checks) and talks JSON frames:
//   visitor → server: {"type":"message","clientId":"c_…","text":"…"}  stored once per clientId,
//                     {"type":"typing","typing":true}, {"type":"read","messageId":"msg_…"}
//   server → visitor: {"type":"ack","clientId":…,"message":…}, {"type":"message","message":…},
//                     {"type":"status","messageId":…,"status":"read"}, {"type":"typing",…}
// Frames to a visitor go through the event bus addressed to the visitor id (every tab of the
// visitor gets them); visitors never receive tenant-wide events.
//
// Agents: POST /api/v1/conversations/{id}/read marks the contact's messages read (the visitor
// sees the ticks), POST /api/v1/conversations/{id}/typing tells the visitor an agent is typing.

#include <optional>
#include <string>
#include <string_view>

#include "api/api_context.h"
#include "api/http_types.h"
#include "channels/channel_sender.h"
#include "channels/webchat/visitor_token.h"

namespace parley::api {

struct Visitor {
  TenantId tenant;
  ChannelId channel;
  channels::webchat::VisitorId id;
  // The page's Origin and the Host it asked, to check again while the socket is open.
  std::string origin;
  std::string host;
  // The token it came with, to check again: visitors signed out, or the token expired.
  std::string token;
};

// The visitor behind a WebSocket upgrade to /api/v1/widget/live: NotFound for an unknown or
// disabled channel, Forbidden for a foreign origin, Unauthenticated for a bad token.
[[nodiscard]] Result<Visitor> authenticateVisitor(ApiContext& context, const Request& request);
// Whether an open visitor socket may stay: the channel still enabled, the page's origin still
// allowed (checked every --live-recheck-seconds; no: the socket is closed).
bool visitorStillAllowed(ApiContext& context, const Visitor& visitor);
// The event-bus audience of the visitor's sockets.
UserId visitorAudience(const Visitor& visitor);
// One frame from the visitor's socket. Answers and errors go to the visitor through the bus.
void onVisitorFrame(ApiContext& context, const Visitor& visitor, std::string_view frame);

// The outbox's sender for web chat conversations: the agent's message is pushed to the visitor's
// open pages (and is in the session's history for pages opened later): sent at once.
class WidgetSender final : public channels::ChannelSender {
 public:
  // `key` signs the links the visitor's page opens files with (the widget key).
  WidgetSender(events::EventBus& events, const privacy::SecretKey& key)
      : events_(events), key_(key) {}
  bool sends(std::string_view channel) const override;
  void send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
            std::move_only_function<void(channels::SendOutcome)> done) override;
  // "Agent is typing…" in the visitor's widget.
  void showTyping(const TenantId& tenant, const ChannelId& channel, const std::string& identity,
                  bool typing) override;

 private:
  events::EventBus& events_;
  const privacy::SecretKey& key_;
};

void addWidgetRoutes(Router& router, ApiContext& context);

}  // namespace parley::api
