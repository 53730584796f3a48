#pragma once
// Conversations and what routes them, in plaintext. Storage seals message content and channel
// identities under the contact's key (P5, P10); nothing here knows how.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"

namespace parley {

struct SkillTag {
  static constexpr const char* kPrefix = "skl_";
};
struct CategoryTag {
  static constexpr const char* kPrefix = "cat_";
};
struct ConversationTag {
  static constexpr const char* kPrefix = "cnv_";
};
struct MessageTag {
  static constexpr const char* kPrefix = "msg_";
};
struct NoteTag {
  static constexpr const char* kPrefix = "not_";
};
struct MediaTag {
  static constexpr const char* kPrefix = "med_";
};
using SkillId = Id<SkillTag>;
using CategoryId = Id<CategoryTag>;
using ConversationId = Id<ConversationTag>;
using MessageId = Id<MessageTag>;
using NoteId = Id<NoteTag>;
using MediaId = Id<MediaTag>;

struct Skill {
  TenantId tenant_id;
  SkillId id;
  std::string name;
  TimePoint created_at;
};

struct RelaxationStepConfig {
  int after_seconds = 0;
  std::vector<std::vector<SkillId>> any_of;
};

// R3: a category's matching rules, requirements and priority. `position` orders the matching.
struct Category {
  TenantId tenant_id;
  CategoryId id;
  std::string name;
  int priority = 0;
  int position = 0;
  std::vector<SkillId> skills;
  std::vector<RelaxationStepConfig> relaxation;
  int offer_timeout_seconds = 0;
  // R11: raise a waiting conversation's priority by this much while its reply window closes
  // within that many seconds; 0: no boost.
  int window_boost_seconds = 0;
  int window_boost_priority = 0;
  std::vector<std::string> channels;
  std::vector<std::string> keywords;
  std::vector<std::string> entry_points;
  TimePoint created_at;
};

// An agent's routing settings (what a user with the agent role carries besides the User record).
struct AgentRouting {
  TenantId tenant_id;
  UserId user_id;
  int capacity = 3;
  std::string presence = "offline";  // available | away | offline
  bool auto_allocate = true;
  std::vector<std::pair<SkillId, bool>> skills;  // skill, active
  TimePoint presence_changed_at;
};

enum class ConversationState { Queued, Assigned, Closed };
std::string_view conversationStateName(ConversationState state);

struct Conversation {
  TenantId tenant_id;
  ConversationId id;
  ContactId contact_id;
  std::string channel;  // "api", "sms"…
  std::optional<CategoryId> category_id;
  ConversationState state = ConversationState::Queued;
  std::optional<UserId> agent_id;
  bool manual = false;  // assigned by a person, not by automatic allocation
  TimePoint enqueued_at;
  std::optional<TimePoint> assigned_at;
  std::optional<TimePoint> offer_deadline;
  std::vector<UserId> missed_by;
  std::optional<TimePoint> first_response_at;
  std::optional<TimePoint> closed_at;
  TimePoint created_at;
  TimePoint last_message_at;
  // Channels with a reply window (WhatsApp, Messenger, Instagram: R11): when the customer last
  // wrote, by the provider's clock as the provider counts the window, and when the window that
  // opened closes. Both none on channels without one.
  std::optional<TimePoint> customer_last_at;
  std::optional<TimePoint> reply_window_closes_at;
};

enum class Direction { Inbound, Outbound };
enum class DeliveryStatus { Received, Queued, Sent, Delivered, Read, Failed };
std::string_view deliveryStatusName(DeliveryStatus status);

struct Message {
  TenantId tenant_id;
  MessageId id;
  ConversationId conversation_id;
  ContactId contact_id;
  Direction direction = Direction::Inbound;
  // The content as JSON ({"text":…}, {"media":…}, {"choices":…}, {"location":…}); personal.
  std::string content;
  DeliveryStatus status = DeliveryStatus::Received;
  std::optional<std::string> status_reason;
  std::optional<std::string> provider_message_id;
  std::optional<UserId> author_id;  // outbound: the agent who wrote it
  TimePoint created_at;
};

struct Note {
  TenantId tenant_id;
  NoteId id;
  ConversationId conversation_id;
  UserId author_id;
  std::string text;  // personal: it is about the customer
  TimePoint created_at;
};

// One allocation and its reasons (R10), as JSON rendered by the routing service.
struct RoutingDecision {
  ConversationId conversation_id;
  int64_t seq = 0;
  TimePoint at;
  std::string cause;
  std::optional<UserId> agent_id;
  std::string explanation_json;
};

}  // namespace parley
