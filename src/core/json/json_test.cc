#include <gtest/gtest.h>

#include "core/json/json_reader.h"
#include "core/json/json_writer.h"

namespace parley {
namespace {

TEST(JsonObject, ReadsStringsAndMaps) {
  auto body = JsonObject::parse(R"({"name":"Ada","attributes":{"plan":"gold"},"none":null})");
  ASSERT_TRUE(body.has_value());
  EXPECT_EQ(**body->optionalString("name", 100), "Ada");
  EXPECT_FALSE(body->optionalString("none", 100)->has_value());
  EXPECT_FALSE(body->optionalString("missing", 100)->has_value());
  EXPECT_EQ(body->stringMap("attributes", 10, 100)->at("plan"), "gold");
}

TEST(JsonObject, MalformedJsonIsInvalidJson) {
  for (const char* text : {"", "{", "{\"a\":}", "nul", "{\"a\":1,}", "{} trailing"}) {
    auto body = JsonObject::parse(text);
    ASSERT_FALSE(body.has_value()) << text;
    EXPECT_EQ(body.error().code, ErrorCode::InvalidJson) << text;
  }
}

TEST(JsonObject, InvalidUtf8IsInvalidJson) {
  auto body = JsonObject::parse("{\"name\":\"\xff\xfe\"}");
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::InvalidJson);
}

TEST(JsonObject, DeepNestingIsInvalidJson) {
  const std::string deep = "{\"a\":" + std::string(1000, '[') + std::string(1000, ']') + "}";
  auto body = JsonObject::parse(deep);
  ASSERT_FALSE(body.has_value());
  EXPECT_EQ(body.error().code, ErrorCode::InvalidJson);
}

TEST(JsonObject, WrongShapesAreValidationErrorsNamingTheField) {
  EXPECT_EQ(JsonObject::parse("[1,2]").error().code, ErrorCode::ValidationFailed);
  auto body = JsonObject::parse(R"({"name":42,"attributes":{"a":1},"long":"abcdef"})");
  ASSERT_TRUE(body.has_value());
  EXPECT_EQ(body->optionalString("name", 10).error().code, ErrorCode::ValidationFailed);
  EXPECT_NE(body->optionalString("name", 10).error().message.find("name"), std::string::npos);
  EXPECT_EQ(body->stringMap("attributes", 10, 10).error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(body->optionalString("long", 3).error().code, ErrorCode::ValidationFailed);
  EXPECT_EQ(body->requiredString("missing", 3).error().code, ErrorCode::ValidationFailed);
}

TEST(JsonWriter, EscapesAndReplacesInvalidUtf8) {
  JsonWriter json;
  json.beginObject().field("a", "q\"\\\n<\x01").field("b", "\xff ok \xc3\xa9").endObject();
  EXPECT_EQ(json.take(),
            "{\"a\":\"q\\\"\\\\\\n\\u003c\\u0001\",\"b\":\"\xEF\xBF\xBD ok \xc3\xa9\"}");
}

TEST(JsonWriter, NestsArraysAndObjects) {
  JsonWriter json;
  json.beginObject().key("items").beginArray();
  json.beginObject().key("n").number(1).endObject();
  json.beginObject().key("n").null().endObject();
  json.endArray().key("ok").boolean(true).endObject();
  EXPECT_EQ(json.take(), R"({"items":[{"n":1},{"n":null}],"ok":true})");
}

}  // namespace
}  // namespace parley
