#include "channels/reply_window.h"

namespace parley::channels {

std::string roughDuration(std::chrono::seconds duration) {
  using namespace std::chrono;
  const auto minutes = std::max<int64_t>(duration_cast<std::chrono::minutes>(duration).count(), 0);
  if (minutes < 60) {
    return std::to_string(minutes) + " min";
  }
  if (minutes < 48 * 60) {
    const int64_t rest = minutes % 60;
    return std::to_string(minutes / 60) + " h" +
           (rest > 0 ? " " + std::to_string(rest) + " min" : "");
  }
  const int64_t hours = minutes / 60;
  return std::to_string(hours / 24) + " d" +
         (hours % 24 > 0 ? " " + std::to_string(hours % 24) + " h" : "");
}

Result<void> checkReplyWindow(const Capabilities& capabilities, const Conversation& conversation,
                              TimePoint now) {
  if (!capabilities.reply_window) {
    return {};
  }
  const auto& closes = conversation.reply_window_closes_at;
  if (closes && now < *closes) {
    return {};
  }
  const auto& last = conversation.customer_last_at;
  if (capabilities.tagged_window && last && now < *last + *capabilities.tagged_window) {
    return {};  // goes tagged as a human agent's reply (the sender decides the same way)
  }
  const std::string window =
      std::to_string(
          std::chrono::duration_cast<std::chrono::hours>(*capabilities.reply_window).count()) +
      "-hour reply window";
  const std::string what_goes =
      capabilities.after_window.empty() ? "" : ": send " + std::string(capabilities.after_window);
  if (!closes) {
    return fail(ErrorCode::ReplyWindowClosed,
                "the customer has not written on this channel, so its " + window + " is not open" +
                    what_goes);
  }
  return fail(ErrorCode::ReplyWindowClosed,
              "the " + window + " closed " +
                  roughDuration(std::chrono::duration_cast<std::chrono::seconds>(now - *closes)) +
                  " ago (it counts from the customer's last message); free-form messages are "
                  "refused" +
                  what_goes);
}

}  // namespace parley::channels
