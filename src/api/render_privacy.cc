#include "api/render_privacy.h"

#include "api/render.h"

namespace parley::api {
namespace {

void renderOptionalTime(JsonWriter& json, const std::optional<TimePoint>& at) {
  if (at) {
    json.string(formatRfc3339(*at));
  } else {
    json.null();
  }
}

}  // namespace

void renderSubject(JsonWriter& json, const storage::SubjectSummary& subject) {
  json.beginObject().key("contact");
  renderContact(json, subject.contact);
  json.key("identities").beginArray();
  for (const storage::SubjectIdentity& identity : subject.identities) {
    json.beginObject()
        .field("channel", identity.channel)
        .field("identity", identity.identity)
        .key("unreachable")
        .optionalString(identity.unreachable)
        .endObject();
  }
  json.endArray().key("channels").beginArray();
  for (const std::string& channel : subject.channels) {
    json.string(channel);
  }
  json.endArray()
      .key("conversations")
      .number(subject.conversations)
      .key("openConversations")
      .number(subject.open_conversations)
      .key("messages")
      .number(subject.messages)
      .key("notes")
      .number(subject.notes)
      .key("media")
      .number(subject.media)
      .key("consents")
      .beginArray();
  for (const storage::SubjectConsent& consent : subject.consents) {
    json.beginObject()
        .field("channel", consent.channel)
        .key("optedOut")
        .boolean(consent.opted_out)
        .field("cause", consent.cause)
        .field("changedAt", formatRfc3339(consent.changed_at))
        .endObject();
  }
  json.endArray().key("mergedFrom").beginArray();
  for (const ContactId& merged : subject.merged_from) {
    json.string(merged.value);
  }
  json.endArray().key("anonymisedAt");
  renderOptionalTime(json, subject.anonymised_at);
  json.key("erasedAt");
  renderOptionalTime(json, subject.erased_at);
  json.endObject();
}

}  // namespace parley::api
