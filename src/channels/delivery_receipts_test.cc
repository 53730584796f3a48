#include "channels/delivery_receipts.h"

#include <gtest/gtest.h>

namespace parley::channels {
namespace {

using enum DeliveryStatus;

TEST(DeliveryReceipts, StatusesOnlyMoveForward) {
  EXPECT_TRUE(movesForward(Sent, Delivered));
  EXPECT_TRUE(movesForward(Sent, Read));
  EXPECT_TRUE(movesForward(Delivered, Read));
  EXPECT_FALSE(movesForward(Read, Delivered));  // "seen" came before "delivered"
  EXPECT_FALSE(movesForward(Delivered, Delivered));
}

TEST(DeliveryReceipts, AFailureIsFinalAndCanCome) {
  EXPECT_TRUE(movesForward(Sent, Failed));
  EXPECT_TRUE(movesForward(Delivered, Failed));
  EXPECT_FALSE(movesForward(Failed, Delivered));
  EXPECT_FALSE(movesForward(Failed, Read));
}

}  // namespace
}  // namespace parley::channels
