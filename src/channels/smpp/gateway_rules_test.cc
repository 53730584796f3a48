#include "channels/smpp/gateway_rules.h"

#include <gtest/gtest.h>

namespace parley::channels::smpp {
namespace {

TEST(GatewayRules, DigitAddressesBecomeE164Identities) {
  EXPECT_EQ(contactIdentity("4915112345678"), "+4915112345678");
  EXPECT_EQ(contactIdentity("ParleyShop"), "ParleyShop");  // alphanumeric sender stays
  EXPECT_EQ(contactIdentity(""), "");
}

TEST(GatewayRules, IdentitiesLoseTheirPlusOnTheWire) {
  EXPECT_EQ(smppAddress("+4915112345678"), "4915112345678");
  EXPECT_EQ(smppAddress("4915112345678"), "4915112345678");
  EXPECT_EQ(smppAddress(contactIdentity("15550001")), "15550001");
}

TEST(GatewayRules, RefusalNamesTheSmppStatusWhenThereIsOne) {
  EXPECT_EQ(refusalReason("the SMS center refused the SMS", CommandStatus::InvDstAdr),
            "the SMS center refused the SMS (ESME_RINVDSTADR)");
  EXPECT_EQ(refusalReason("no bind", std::nullopt), "no bind");
}

DeliveryReceipt receipt(std::optional<MessageState> state, std::optional<uint32_t> error = {}) {
  DeliveryReceipt made;
  made.message_id = "m1";
  made.state = state;
  made.error_code = error;
  return made;
}

TEST(GatewayRules, DelivrdMarksTheMessageDelivered) {
  auto status = receiptStatus(receipt(MessageState::Delivered));
  ASSERT_TRUE(status);
  EXPECT_EQ(status->first, DeliveryStatus::Delivered);
  EXPECT_EQ(status->second, "");
}

TEST(GatewayRules, StatesOnTheWayAndNoStateChangeNothing) {
  EXPECT_FALSE(receiptStatus(receipt(MessageState::Enroute)));
  EXPECT_FALSE(receiptStatus(receipt(MessageState::Accepted)));
  EXPECT_FALSE(receiptStatus(receipt(std::nullopt)));
}

TEST(GatewayRules, FinalFailuresSayWhatHappenedWithTheErrorCode) {
  for (auto [state, word] :
       {std::pair{MessageState::Undeliverable, "UNDELIV"},
        std::pair{MessageState::Expired, "EXPIRED"}, std::pair{MessageState::Rejected, "REJECTD"},
        std::pair{MessageState::Deleted, "DELETED"}, std::pair{MessageState::Unknown, "UNKNOWN"}}) {
    auto status = receiptStatus(receipt(state, 34));
    ASSERT_TRUE(status) << word;
    EXPECT_EQ(status->first, DeliveryStatus::Failed);
    EXPECT_NE(status->second.find(std::string("(") + word + ", error 34)"), std::string::npos)
        << status->second;
  }
}

TEST(GatewayRules, ConfirmationsTellHowToUndoThem) {
  EXPECT_NE(kOptedOutText.find("START"), std::string_view::npos);
  EXPECT_NE(kOptedInText.find("STOP"), std::string_view::npos);
  EXPECT_NE(kHelpText.find("STOP"), std::string_view::npos);
}

}  // namespace
}  // namespace parley::channels::smpp
