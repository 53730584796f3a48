#pragma once
// A kind of channel an admin adds (SMS over SMPP, web chat, Telegram…) as the rest of Parley sees
// it (C9): what it can carry, how its settings are read, checked and shown (and which field is its
// secret, sealed at rest and never shown), who sends its outbound messages, what it runs while the
// server runs, and how a provider's calls to the channel's webhook URL are taken. One
// implementation per folder (channels/smpp/, channels/webchat/…), all registered in
// channels/registry.cc. Nothing outside channels/ branches on a type's name: it asks these.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/channel_runtime.h"
#include "channels/channel_sender.h"
#include "core/channel.h"
#include "core/http_client.h"
#include "core/json/json_reader.h"
#include "core/json/json_writer.h"

namespace parley::channels {

struct Capabilities {
  bool text = true;
  bool media = false;
  bool choices = false;  // as buttons, or as a numbered list the contact answers with a number
  int max_choices = 0;
  bool location = false;
  bool typing = false;         // the contact can be shown that an agent is typing
  bool read_receipts = false;  // the contact can be shown that an agent read their messages
  std::optional<std::chrono::seconds> reply_window;  // none: replies are never refused for age
  // What may still be sent once the window closed, for the agent ("an approved template").
  std::string_view after_window;
  // Messenger and Instagram: how long after the customer's last message a reply may still go
  // tagged as a human agent's (7 days), when the page has that permission; none otherwise.
  std::optional<std::chrono::seconds> tagged_window;
  // The provider's message templates can be sent (WhatsApp), also after the window closed.
  bool templates = false;
};

// A provider's call to /api/v1/channels/{id}/webhook, as it came.
struct WebhookRequest {
  std::string method;   // "GET" or "POST"
  std::string query;    // raw, after '?'
  HttpHeaders headers;  // the request's X-… headers, names in lower case
  std::string body;     // the raw bytes: signatures are over these

  // The first header of that name (lower case), "" when absent.
  std::string_view header(std::string_view lower_case_name) const;
};

struct WebhookReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// The API's one error shape, {"error":{"code":…,"message":…}}, with `status`.
WebhookReply webhookError(int status, std::string_view code, std::string_view message);

class ChannelType {
 public:
  virtual ~ChannelType() = default;

  // The name stored on its channels and used in the API ("smpp", "webchat", "telegram").
  virtual std::string_view name() const = 0;
  virtual Capabilities capabilities() const = 0;
  // What one channel of the type can do, where its settings change it (Messenger's human-agent
  // tag). Default: capabilities().
  virtual Capabilities capabilitiesOf(const ChannelConfig& /*channel*/) const {
    return capabilities();
  }

  // The request field that carries the type's secret ("password", "botToken"); "" for none.
  virtual std::string_view secretField() const { return {}; }
  // ValidationFailed naming the field when the secret cannot be right.
  [[nodiscard]] virtual Result<void> validateSecret(std::string_view secret) const;
  // A type with several secrets (Meta's: "accessToken" and "appSecret") names them all here; they
  // are stored sealed together as one JSON object (channels/channel_secrets.h), and a PATCH
  // replaces only those it gives. Default: secretField() alone, stored as given.
  virtual std::vector<std::string_view> secretFields() const;
  [[nodiscard]] virtual Result<void> validateSecretField(std::string_view field,
                                                         std::string_view secret) const;
  // A request's "settings" object, checked (ValidationFailed naming the field) and turned into
  // what is stored. Absent fields take their defaults.
  [[nodiscard]] virtual Result<std::string> readSettings(const JsonObject& settings) const = 0;
  // Stored settings in the API's spelling (as a value: an object, or null when unreadable).
  virtual void writeSettings(JsonWriter& json, std::string_view stored) const = 0;
  // Extra fields of the channel for admins (web chat: its embed and demo links), written into the
  // channel's object.
  virtual void writeLinks(JsonWriter& /*json*/, const ChannelConfig& /*channel*/) const {}
  // Extra fields for admins only (Meta's verify token, which lets its holder subscribe a webhook).
  virtual void writeAdminFields(JsonWriter& /*json*/, const ChannelConfig& /*channel*/) const {}

  // Sends its channels' outbound messages (the outbox makes the attempts).
  virtual ChannelSender& sender() = 0;
  // What it runs while the server runs; null when nothing (web chat).
  virtual ChannelRuntime* runtime() { return nullptr; }
  // The channel's status as admins see it: "disabled" when switched off, else its runtime's, else
  // "ready".
  virtual ChannelStatus status(const ChannelConfig& channel);

  // Fetches the channel's message templates from the provider and stores them all
  // (ChannelStore::replaceTemplates); `done` with how many, or why not, on any thread. For types
  // whose capabilities say `templates`; others answer NotFound.
  virtual void syncTemplates(ChannelConfig channel,
                             std::move_only_function<void(Result<size_t>)> done);

  // Whether providers call its channels' webhook URL.
  virtual bool takesWebhooks() const { return false; }
  // One call to the webhook of `channel` (enabled, of this type). The type verifies who sent it
  // before anything else and answers once what it carried is durable. REQUIRES: takesWebhooks()
  // and the runtime started. `done` once, on any thread.
  virtual void onWebhook(ChannelConfig channel, WebhookRequest request,
                         std::move_only_function<void(WebhookReply)> done);
};

}  // namespace parley::channels
