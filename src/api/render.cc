#include "api/render.h"

namespace parley::api {

void renderUser(JsonWriter& json, const User& user) {
  json.beginObject()
      .field("id", user.id.value)
      .field("tenantId", user.tenant_id.value)
      .field("email", user.email)
      .field("displayName", user.display_name)
      .field("role", roleName(user.role))
      .field("status", user.deleted_at       ? "deleted"
                       : user.deactivated_at ? "deactivated"
                                             : "active")
      .key("deactivatedAt")
      .optionalString(user.deactivated_at ? std::optional(formatRfc3339(*user.deactivated_at))
                                          : std::nullopt)
      .field("createdAt", formatRfc3339(user.created_at))
      .endObject();
}

void renderSession(JsonWriter& json, const Session& session, bool current) {
  json.beginObject()
      .field("id", session.id.value)
      .field("createdAt", formatRfc3339(session.created_at))
      .field("lastSeenAt", formatRfc3339(session.last_seen_at))
      .field("expiresAt", formatRfc3339(session.expires_at))
      .field("userAgent", session.user_agent)
      .key("current")
      .boolean(current)
      .endObject();
}

void renderToken(JsonWriter& json, const ApiToken& token) {
  json.beginObject()
      .field("id", token.id.value)
      .field("name", token.name)
      .field("role", roleName(token.role))
      .field("createdAt", formatRfc3339(token.created_at))
      .key("lastUsedAt");
  if (token.last_used_at) {
    json.string(formatRfc3339(*token.last_used_at));
  } else {
    json.null();
  }
  json.key("scopes").beginArray();
  for (const std::string& scope : token.scopes) {
    json.string(scope);
  }
  json.endArray()
      .key("expiresAt")
      .optionalString(token.expires_at ? std::optional(formatRfc3339(*token.expires_at))
                                       : std::nullopt)
      .key("createdBy")
      .optionalString(token.created_by ? std::optional(token.created_by->value) : std::nullopt);
  json.endObject();
}

void renderContact(JsonWriter& json, const Contact& contact) {
  json.beginObject()
      .field("id", contact.id.value)
      .key("name")
      .optionalString(contact.name)
      .key("email")
      .optionalString(contact.email)
      .key("phone")
      .optionalString(contact.phone)
      .key("attributes")
      .beginObject();
  for (const auto& [name, value] : contact.attributes) {
    json.field(name, value);
  }
  json.endObject()
      .key("mergedInto")
      .optionalString(contact.merged_into ? std::optional(contact.merged_into->value)
                                          : std::nullopt)
      .field("createdAt", formatRfc3339(contact.created_at))
      .endObject();
}

void renderAuditEntry(JsonWriter& json, const AuditEntry& entry) {
  json.beginObject()
      .key("seq")
      .number(entry.seq)
      .field("entity", entry.entity)
      .field("entityId", entry.entity_id)
      .field("attribute", entry.attribute)
      .key("actor")
      .beginObject()
      .field("kind", actorKindName(entry.actor.kind))
      .field("id", entry.actor.id)
      .endObject()
      .field("at", formatRfc3339(entry.at))
      .key("value")
      .optionalString(entry.value)
      .endObject();
}

std::string userDocument(const User& user) {
  JsonWriter json;
  json.beginObject().key("user");
  renderUser(json, user);
  json.endObject();
  return json.take();
}

}  // namespace parley::api
