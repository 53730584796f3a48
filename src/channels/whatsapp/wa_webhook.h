#pragma once
// WhatsApp Cloud API webhooks (channels.md §1.1), read after the signature was checked: one POST
// is {"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{
// "metadata":{"phone_number_id"},"contacts":[…],"messages":[…]|"statuses":[…]}}]}]} and may carry
// many entries, changes, messages and statuses; all are returned, in order. Changes of other
// fields (template status updates…) are skipped.
//
// Parsed with simdjson: a 1 KB webhook is checked and read in about a microsecond. Bounded: the
// body (4 MiB), nesting (kMaxJsonDepth), each field, and 1000 events per POST.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace parley::channels::whatsapp {

inline constexpr size_t kMaxWebhookBytes = 4 * 1024 * 1024;
inline constexpr size_t kMaxEvents = 1000;

struct WaMedia {
  std::string id;  // download with GET /{version}/{id}
  std::string mime_type;
  std::string file_name;  // documents only
};

struct WaLocation {
  double latitude = 0;
  double longitude = 0;
  std::string name;
  std::string address;
};

enum class WaKind {
  Text,
  Media,     // image, audio, video, document, sticker: `media`, `text` the caption
  Location,  // `location`
  Choice,    // a button or list row the customer pressed: `choice` is its title
  Reaction,  // `text` the emoji, `reacted_to` the message
  Contacts,  // `text` a line per shared contact
  Other,     // a type Parley does not show: `type` names it
};

struct WaMessage {
  std::string phone_number_id;  // the business number it was sent to
  std::string from;             // the customer's wa_id (or business-scoped user id)
  std::string id;               // wamid.…: unique, Meta's retries repeat it
  int64_t timestamp = 0;        // Unix seconds, Meta's clock: the window counts from here
  std::string type;             // as sent: "text", "image", "interactive"…
  WaKind kind = WaKind::Other;
  std::string text;
  std::optional<std::string> choice;
  std::optional<std::string> choice_id;
  std::optional<WaMedia> media;
  std::optional<WaLocation> location;
  std::optional<std::string> context_id;  // the message it replies to
  std::optional<std::string> reacted_to;
  std::optional<std::string> contact_name;  // the profile name Meta gives with it
};

struct WaStatus {
  std::string phone_number_id;
  std::string id;      // the wamid Parley's send got back
  std::string status;  // "sent", "delivered", "read", "failed" (also "played", "deleted")
  int64_t timestamp = 0;
  std::optional<int64_t> error_code;
  std::string error_text;  // title and details of the first error
};

struct WaWebhook {
  std::vector<WaMessage> messages;
  std::vector<WaStatus> statuses;
};

// InvalidJson or ValidationFailed (naming the field) when the body is not a WhatsApp webhook.
[[nodiscard]] Result<WaWebhook> parseWhatsAppWebhook(std::string_view body);

}  // namespace parley::channels::whatsapp
