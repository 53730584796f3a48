#include "channels/whatsapp/wa_api.h"

#include <gtest/gtest.h>

namespace parley::channels::whatsapp {
namespace {

TEST(WhatsAppApi, TextGoesAsTextMessage) {
  auto body = buildSend("4915112345678", R"({"text":"Hello from support"})");
  ASSERT_TRUE(body.has_value()) << body.error().message;
  EXPECT_EQ(
      *body,
      R"({"messaging_product":"whatsapp","recipient_type":"individual","text":{"body":"Hello from support","preview_url":false},"to":"4915112345678","type":"text"})");
  EXPECT_FALSE(buildSend("1", R"({"text":")" + std::string(4097, 'a') + "\"}"));
}

TEST(WhatsAppApi, FilesGoByLinkAsTheKindTheirTypeIs) {
  auto image = buildSend(
      "1",
      R"({"media":{"url":"https://p.example/m/1","mimeType":"image/jpeg","caption":"Invoice"}})");
  ASSERT_TRUE(image.has_value()) << image.error().message;
  EXPECT_NE(image->find(R"("type":"image")"), std::string::npos);
  EXPECT_NE(image->find(R"("image":{"caption":"Invoice","link":"https://p.example/m/1"})"),
            std::string::npos);
  auto pdf = buildSend(
      "1",
      R"({"media":{"url":"https://p.example/m/2","mimeType":"application/pdf","name":"a.pdf"}})");
  ASSERT_TRUE(pdf.has_value());
  EXPECT_NE(pdf->find(R"("document":{"filename":"a.pdf","link":"https://p.example/m/2"})"),
            std::string::npos);
  EXPECT_FALSE(buildSend("1", R"({"media":{"url":"ftp://x","mimeType":"image/png"}})"));
}

TEST(WhatsAppApi, FewShortChoicesAreButtonsOthersAList) {
  auto buttons = buildSend("1", R"({"choices":{"text":"Solved?","options":["Yes","No"]}})");
  ASSERT_TRUE(buttons.has_value()) << buttons.error().message;
  EXPECT_NE(
      buttons->find(
          R"("action":{"buttons":[{"reply":{"id":"opt:Yes","title":"Yes"},"type":"reply"},{"reply":{"id":"opt:No","title":"No"},"type":"reply"}]})"),
      std::string::npos);
  EXPECT_NE(buttons->find(R"("type":"button")"), std::string::npos);

  auto list = buildSend(
      "1",
      R"({"choices":{"text":"When?","options":["Monday","Tuesday","Wednesday","A very long option that does not fit"]}})");
  ASSERT_TRUE(list.has_value()) << list.error().message;
  EXPECT_NE(list->find(R"("type":"list")"), std::string::npos);
  EXPECT_NE(list->find(R"("button":"Choose")"), std::string::npos);
  EXPECT_NE(
      list->find(
          R"({"description":"A very long option that does not fit","id":"opt:A very long option that does not fit","title":"A very long option that "})"),
      std::string::npos);
  EXPECT_FALSE(buildSend(
      "1",
      R"({"choices":{"text":"x","options":["1","2","3","4","5","6","7","8","9","10","11"]}})"));
  // Ids are distinct and at most 200 characters.
  EXPECT_FALSE(buildSend("1", R"({"choices":{"text":"x","options":["Same","Same"]}})"));
  auto longest = buildSend("1", R"({"choices":{"text":"x","options":[")" + std::string(300, 'a') +
                                    R"(","b","c","d"]}})");
  ASSERT_TRUE(longest.has_value()) << longest.error().message;
  EXPECT_NE(longest->find("\"id\":\"opt:" + std::string(196, 'a') + "\""), std::string::npos);
}

TEST(WhatsAppApi, ATemplateGoesWithItsParametersAsTheBodys) {
  auto body = buildSend(
      "1",
      R"({"template":{"name":"ticket_update","language":"en_US","parameters":["#4711"],"text":"Your ticket #4711 was updated"}})");
  ASSERT_TRUE(body.has_value()) << body.error().message;
  EXPECT_NE(
      body->find(
          R"("template":{"components":[{"parameters":[{"text":"#4711","type":"text"}],"type":"body"}],"language":{"code":"en_US"},"name":"ticket_update"})"),
      std::string::npos)
      << *body;
  auto bare =
      buildSend("1", R"({"template":{"name":"hello_world","language":"en_US","parameters":[]}})");
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ(bare->find("components"), std::string::npos);
}

TEST(WhatsAppApi, ReadsTheTemplateList) {
  auto page = parseTemplates(
      R"({"data":[{"name":"ticket_update","language":"en_US","status":"APPROVED","category":"UTILITY","components":[{"type":"HEADER","format":"TEXT","text":"Update"},{"type":"BODY","text":"Your ticket {{1}} was updated by {{2}}"}],"id":"1"},{"language":"en_US"},{"name":"promo","language":"de","status":"PENDING","category":"MARKETING","components":[]}],"paging":{"cursors":{"after":"x"},"next":"https://graph.facebook.com/v24.0/1/message_templates?after=x"}})");
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->templates.size(), 2u);
  EXPECT_EQ(page->templates[0].body, "Your ticket {{1}} was updated by {{2}}");
  EXPECT_EQ(page->templates[0].parameters, 2);
  EXPECT_EQ(page->templates[0].status, "APPROVED");
  EXPECT_NE(page->templates[0].components_json.find("HEADER"), std::string::npos);
  EXPECT_EQ(page->templates[1].parameters, 0);
  EXPECT_EQ(page->next, "https://graph.facebook.com/v24.0/1/message_templates?after=x");
  EXPECT_FALSE(parseTemplates(R"({"error":{"code":100}})"));
}

TEST(WhatsAppApi, ReadsTheAnswers) {
  EXPECT_EQ(
      parseSentId(
          R"({"messaging_product":"whatsapp","contacts":[{"input":"1","wa_id":"1"}],"messages":[{"id":"wamid.HBgL"}]})")
          .value_or(""),
      "wamid.HBgL");
  EXPECT_FALSE(parseSentId(R"({"messages":[]})"));
  EXPECT_EQ(parseMediaUrl(R"({"url":"https://lookaside.fbsbx.com/x","mime_type":"image/jpeg"})")
                .value_or(""),
            "https://lookaside.fbsbx.com/x");
  EXPECT_FALSE(parseMediaUrl(R"x({"url":"javascript:alert(1)"})x"));
  EXPECT_EQ(graphUrl("http://127.0.0.1:9/", "v24.0", "106/messages"),
            "http://127.0.0.1:9/v24.0/106/messages");
}

}  // namespace
}  // namespace parley::channels::whatsapp
