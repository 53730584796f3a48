#pragma once

#include "storage/conversation_stores.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/media_files.h"

namespace parley::storage::sqlite {

// Message content, notes and channel identities are sealed under the key of the conversation's
// contact, so erasing the contact's key erases them (P10). A channel identity is found through a
// blind index of the identity as given, surrounding white space removed: channels pass it in their
// canonical form (E.164 phone, chat id).
//
// Beyond the interface's contract:
// - receive() keeps a reopened conversation's category, taking the message's only when it had none.
// - applyRouting() leaves closed conversations alone (a decision that raced a close is dropped, not
//   recorded), and fails the whole write with ValidationFailed for an update to Closed.
// - addMessage() and addNote() fail with Conflict when the contact was erased.
// - listMessages() orders by commit within the conversation (ids made in the same millisecond
//   sort by chance), and is ValidationFailed for a cursor that is not one of its messages.
// - listMessages(), listNotes() and listDecisions() are NotFound for an unknown conversation;
//   listDecisions() returns the latest 1000.
class SqliteConversationStore final : public ConversationStore {
 public:
  SqliteConversationStore(Database& database, const MediaFiles& media)
      : database_(database), media_(media) {}

  // ConversationStore
  void receive(InboundMessage message, Done<ReceivedMessage> done) override;
  void addMessage(Message message, Done<Message> done) override;
  void updateMessageStatus(TenantId tenant, MessageId message, DeliveryStatus status,
                           std::optional<std::string> reason, Done<void> done) override;
  void applyRouting(TenantId tenant, std::vector<RoutingUpdate> updates, Done<void> done) override;
  void closeConversation(TenantId tenant, ConversationId conversation, Actor actor,
                         Done<Conversation> done) override;
  Result<Conversation> findConversation(const TenantId& tenant, const ConversationId& id) override;
  Result<ContactId> findContactByIdentity(const TenantId& tenant, const std::string& channel,
                                          const std::string& identity) override;
  Result<std::vector<Conversation>> listConversations(const TenantId& tenant,
                                                      const ConversationFilter& filter) override;
  Result<std::vector<Conversation>> listOpenConversations(const TenantId& tenant) override;
  Result<std::vector<UsageRecord>> listUsage(const TenantId& tenant, TimePoint from,
                                             TimePoint until, const UsageCursor& after,
                                             size_t limit) override;
  Result<std::vector<Message>> listMessages(const TenantId& tenant, const ConversationId& id,
                                            const std::string& after, size_t limit) override;
  Result<std::vector<Message>> listLatestMessages(const TenantId& tenant, const ConversationId& id,
                                                  size_t limit) override;
  void addNote(Note note, Done<Note> done) override;
  Result<std::vector<Note>> listNotes(const TenantId& tenant, const ConversationId& id) override;
  Result<std::vector<RoutingDecision>> listDecisions(const TenantId& tenant,
                                                     const ConversationId& id) override;
  Result<HandlingStats> handlingStats(const TenantId& tenant, TimePoint since) override;
  Result<WindowStats> windowStats(const TenantId& tenant, TimePoint now,
                                  TimePoint day_start) override;
  Result<bool> hasProviderMessage(const TenantId& tenant, const std::string& channel,
                                  const std::string& provider_id) override;
  Result<HandlingStats> agentHandlingStats(const TenantId& tenant, const UserId& agent,
                                           TimePoint since) override;

 private:
  struct PreparedInbound;  // conversation_receive.cc
  Result<void> prepareInbound(PreparedInbound& prepared);
  Result<ReceivedMessage> applyInbound(WriteContext& context, PreparedInbound& prepared);
  // Finds the identity's contact or creates it; returns the key to seal the message under.
  Result<privacy::SecretKey> resolveContact(WriteContext& context, PreparedInbound& prepared,
                                            ReceivedMessage& received);
  // The earlier message with the same provider message id on the same channel, if any (or that
  // it was erased).
  Result<std::optional<ReceivedMessage>> findDuplicate(Connection& db,
                                                       const InboundMessage& message,
                                                       std::string_view erased_index);
  Result<std::optional<ReceivedMessage>> erasedDuplicate(Connection& db,
                                                         const InboundMessage& message,
                                                         std::string_view erased_index);

  // The key of the conversation's contact; nullopt when the contact was erased.
  Result<std::optional<privacy::SecretKey>> keyOfContact(Connection& db, const TenantId& tenant,
                                                         const ContactId& contact);
  // The conversation, and the key its personal data is sealed under (nullopt: erased).
  struct Sealing {
    Conversation conversation;
    std::optional<privacy::SecretKey> key;
  };
  Result<Sealing> sealingOf(Connection& db, const TenantId& tenant, const ConversationId& id);

  void sealMediaKeys(PreparedInbound& prepared, const privacy::SecretKey& contact_key);
  // The staged files of a message that was not stored (or was a repeat) go.
  void discardMedia(const InboundMessage& message);

  Database& database_;
  const MediaFiles& media_;
};

}  // namespace parley::storage::sqlite
