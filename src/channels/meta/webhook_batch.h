#pragma once
// One webhook POST from Meta carries many events (messages, statuses, reads…) and is answered
// once: 200 when every event it carried is durable, else 503 so that Meta sends the whole POST
// again (its message ids make the repeat harmless). Each event in flight holds the batch; the
// answer goes when the last holder lets go. An event whose callback was dropped without being
// called counts as not handled.

#include <atomic>
#include <functional>
#include <memory>

#include "channels/channel_type.h"

namespace parley::channels::meta {

class WebhookBatch {
 public:
  explicit WebhookBatch(std::move_only_function<void(WebhookReply)> answer)
      : answer_(std::move(answer)) {}
  ~WebhookBatch() {
    answer_(unfinished_ == 0
                ? WebhookReply{.body = "{}"}
                : webhookError(503, "not_ready", "not all of it was stored; send it again"));
  }
  WebhookBatch(const WebhookBatch&) = delete;
  WebhookBatch& operator=(const WebhookBatch&) = delete;

  // An event starts; finished() once it is durable (or needs nothing).
  void started() { ++unfinished_; }
  void finished() { --unfinished_; }

 private:
  std::move_only_function<void(WebhookReply)> answer_;
  std::atomic<int> unfinished_{0};
};

}  // namespace parley::channels::meta
