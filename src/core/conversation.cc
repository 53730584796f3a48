#include "core/conversation.h"

namespace parley {

std::string_view conversationStateName(ConversationState state) {
  switch (state) {
    case ConversationState::Queued:
      return "queued";
    case ConversationState::Assigned:
      return "assigned";
    case ConversationState::Closed:
      return "closed";
  }
  return "queued";
}

std::string_view deliveryStatusName(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::Received:
      return "received";
    case DeliveryStatus::Queued:
      return "queued";
    case DeliveryStatus::Sent:
      return "sent";
    case DeliveryStatus::Delivered:
      return "delivered";
    case DeliveryStatus::Read:
      return "read";
    case DeliveryStatus::Failed:
      return "failed";
  }
  return "queued";
}

}  // namespace parley
