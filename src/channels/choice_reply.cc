#include "channels/choice_reply.h"

#include <algorithm>
#include <cctype>

#include "core/json/json_reader.h"

namespace parley::channels {
namespace {

constexpr size_t kScannedMessages = 20;  // the agent's last message is among the latest

// "2", " 2 ", "2." → 2; anything else → none.
std::optional<size_t> numberOf(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.back())) ||
                           text.back() == '.' || text.back() == ')')) {
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 2 ||
      !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return std::nullopt;
  }
  return static_cast<size_t>(std::stoi(std::string(text)));
}

}  // namespace

std::optional<std::string> chosenOption(storage::ConversationStore& conversations,
                                        const TenantId& tenant, const std::string& channel,
                                        const std::string& identity, std::string_view text) {
  const auto number = numberOf(text);
  if (!number || *number == 0) {
    return std::nullopt;
  }
  auto contact = conversations.findContactByIdentity(tenant, channel, identity);
  if (!contact) {
    return std::nullopt;
  }
  auto listed = conversations.listConversations(
      tenant, storage::ConversationFilter{.contact_id = *contact, .limit = 10});
  if (!listed) {
    return std::nullopt;
  }
  auto open = std::find_if(listed->begin(), listed->end(), [&](const Conversation& conversation) {
    return conversation.channel == channel && conversation.state != ConversationState::Closed;
  });
  if (open == listed->end()) {
    return std::nullopt;
  }
  auto messages = conversations.listLatestMessages(tenant, open->id, kScannedMessages);
  if (!messages) {
    return std::nullopt;
  }
  auto last = std::find_if(messages->rbegin(), messages->rend(), [](const Message& message) {
    return message.direction == Direction::Outbound;
  });
  if (last == messages->rend()) {
    return std::nullopt;
  }
  auto content = JsonObject::parse(last->content);
  if (!content) {
    return std::nullopt;
  }
  auto choices = content->optionalObject("choices");
  if (!choices || !*choices) {
    return std::nullopt;
  }
  auto options = (*choices)->optionalStrings("options", 10, 100);
  if (!options || !*options || *number > (*options)->size()) {
    return std::nullopt;
  }
  return (**options)[*number - 1];
}

}  // namespace parley::channels
