#include "channels/message_template.h"

#include <gtest/gtest.h>

namespace parley::channels {
namespace {

ChannelTemplate ticketUpdate() {
  return {.name = "ticket_update",
          .language = "en_US",
          .category = "UTILITY",
          .status = "APPROVED",
          .body = "Hi {{1}}, your ticket {{2}} was updated. {{1}}, reply to reopen it.",
          .parameters = 2};
}

TEST(MessageTemplate, CountsItsParameters) {
  EXPECT_EQ(templateParameterCount("Hi {{1}}, ticket {{2}}"), 2);
  EXPECT_EQ(templateParameterCount("no parameters"), 0);
  EXPECT_EQ(templateParameterCount("{{3}} {{1}} {{x}} {{0}} {{"), 3);
}

TEST(MessageTemplate, FillsTheBodyAndStoresWhatWasSent) {
  auto content = templateContent(ticketUpdate(), {"Ana", "#4711"});
  ASSERT_TRUE(content.has_value()) << content.error().message;
  EXPECT_EQ(
      *content,
      R"({"template":{"name":"ticket_update","language":"en_US","parameters":["Ana","#4711"],)"
      R"("text":"Hi Ana, your ticket #4711 was updated. Ana, reply to reopen it."}})");
}

TEST(MessageTemplate, RefusesWhatMetaWouldRefuse) {
  EXPECT_FALSE(templateContent(ticketUpdate(), {"Ana"}));
  EXPECT_FALSE(templateContent(ticketUpdate(), {"Ana", ""}));
  EXPECT_FALSE(templateContent(ticketUpdate(), {"Ana", "line\nbreak"}));
  EXPECT_FALSE(templateContent(ticketUpdate(), {"Ana", "five     spaces"}));
  ChannelTemplate pending = ticketUpdate();
  pending.status = "PENDING";
  auto refused = templateContent(pending, {"Ana", "#4711"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "template ticket_update (en_US) is PENDING, not approved: Meta would refuse it");
}

}  // namespace
}  // namespace parley::channels
