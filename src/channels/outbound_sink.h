#pragma once
// How the use cases hand outbound messages to the channels, and hear back how delivery went,
// without knowing how anything is sent.

#include "core/conversation.h"
#include "storage/stores.h"

namespace parley::channels {

class OutboundSink {
 public:
  virtual ~OutboundSink() = default;
  // `message` is an outbound message just stored in `conversation`. When the sink sends that
  // conversation's channel it records the message for sending, and `recorded` runs once the record
  // is durable; otherwise `recorded` runs at once. Either way it gets the message as it now stands:
  // when the record cannot be made the message is marked failed (with a reason) instead, and only
  // when that fails too does `recorded` get the error. Runs `recorded` exactly once, on any thread.
  virtual void enqueue(const Conversation& conversation, const Message& message,
                       storage::Done<Message> recorded) = 0;
};

class DeliveryObserver {
 public:
  virtual ~DeliveryObserver() = default;
  // An outbound message's delivery status changed (sent, or failed with a reason), once committed.
  // `conversation` is as it was read for the attempt.
  virtual void messageStatusChanged(const TenantId& tenant, const Conversation& conversation,
                                    const Message& message) = 0;
};

}  // namespace parley::channels
