#pragma once
// The API's JSON shapes (docs/api.md, "Shapes"), one function each.

#include <string>

#include "core/json/json_writer.h"
#include "core/model.h"

namespace parley::api {

void renderUser(JsonWriter& json, const User& user);
void renderSession(JsonWriter& json, const Session& session, bool current);
void renderToken(JsonWriter& json, const ApiToken& token);
void renderContact(JsonWriter& json, const Contact& contact);
void renderAuditEntry(JsonWriter& json, const AuditEntry& entry);

// {"user": …}
std::string userDocument(const User& user);

// {"<name>": …} around one rendered item.
template <class Item, class Render>
std::string document(std::string_view name, const Item& item, Render render) {
  JsonWriter json;
  json.beginObject().key(name);
  render(json, item);
  json.endObject();
  return json.take();
}

// {"items": [ … ]} with each item drawn by `render(json, item)`.
template <class Items, class Render>
std::string itemsDocument(const Items& items, Render render) {
  JsonWriter json;
  json.beginObject().key("items").beginArray();
  for (const auto& item : items) {
    render(json, item);
  }
  json.endArray().endObject();
  return json.take();
}

}  // namespace parley::api
