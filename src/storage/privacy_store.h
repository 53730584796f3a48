#pragma once
// What the privacy console (P2, P3) asks of storage: a tenant's privacy settings, finding one
// customer's data, and the irreversible actions on it. Same rules as stores.h: every call names its
// tenant, writes are asynchronous and audited.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/conversation.h"
#include "storage/stores.h"

namespace parley::storage {

struct PrivacySettings {
  TenantId tenant_id;
  std::string phone_region;  // ISO 3166 alpha-2 national numbers are read in; "" for none
  int anonymise_after_days = 90;
  int delete_after_days = 365;
  int audit_keep_days = 365;
};

// One way to find a customer (P2). Phone and email go through their blind indexes, normalised
// (privacy/phone_number.h, text_fold.h); a name finds the contacts that have every word of it; a
// channel identity is looked up on `channel` (a channel id), or on every channel when empty. A
// phone also finds the identities of that number on any channel (an SMS sender, a WhatsApp id).
struct SubjectQuery {
  enum class By { Phone, Email, Name, Identity };
  By by = By::Phone;
  std::string value;
  std::string channel;
};

struct SubjectIdentity {
  std::string channel;  // channel id
  std::string identity;
  std::optional<std::string> unreachable;
};

struct SubjectConsent {
  std::string channel;
  bool opted_out = false;
  std::string cause;
  TimePoint changed_at;
};

// What is held about one contact, decrypted, with counts: what a DPO sees before acting.
struct SubjectSummary {
  Contact contact;
  std::vector<SubjectIdentity> identities;
  std::vector<std::string> channels;  // of its conversations
  int64_t conversations = 0;
  int64_t open_conversations = 0;
  int64_t messages = 0;
  int64_t notes = 0;
  int64_t media = 0;
  std::vector<SubjectConsent> consents;
  std::vector<ContactId> merged_from;  // merged into this one, directly or through another
  std::optional<TimePoint> anonymised_at;
  std::optional<TimePoint> erased_at;
};

// What an anonymisation or an erasure did, for the callers that purge copies held elsewhere.
struct SubjectActionResult {
  std::vector<ContactId> contacts;            // the contact and every contact merged with it
  std::vector<Conversation> closed;           // conversations it closed
  std::vector<MessageId> cancelled;           // outbound messages that will never be sent
  std::vector<ConversationId> conversations;  // all of theirs, open or not
  // Their identities as they were (channel id, address), for channels to drop what they hold in
  // memory from them (SMS parts waiting for the rest of their text).
  std::vector<std::pair<std::string, std::string>> identities;
};

// What one retention batch did (P3).
struct RetentionWork {
  size_t anonymised = 0;         // conversations anonymised
  size_t deleted = 0;            // conversations deleted with all they held
  size_t pruned = 0;             // audit entries pruned
  size_t tenants_destroyed = 0;  // deleted tenants whose key was destroyed (P4)
  size_t rows = 0;               // rows written in all: 0 when nothing was due
};

class PrivacyStore {
 public:
  virtual ~PrivacyStore() = default;

  // Defaults when never saved.
  [[nodiscard]] virtual Result<PrivacySettings> privacySettings(const TenantId& tenant) = 0;
  // ValidationFailed for an unknown region or days out of range. Audited.
  virtual void savePrivacySettings(PrivacySettings settings, Actor actor,
                                   Done<PrivacySettings> done) = 0;

  // At most `limit` contacts, oldest first. ValidationFailed for an empty query.
  [[nodiscard]] virtual Result<std::vector<SubjectSummary>> findSubjects(const TenantId& tenant,
                                                                         const SubjectQuery& query,
                                                                         size_t limit) = 0;
  // NotFound for an unknown contact.
  [[nodiscard]] virtual Result<SubjectSummary> subject(const TenantId& tenant,
                                                       const ContactId& contact) = 0;

  // Both act on the contact and every contact merged with it (either way), in one transaction: open
  // conversations are closed, queued outbound messages cancelled, identities, look-ups and consents
  // removed, the tenant's stored idempotent answers forgotten (they may hold the customer's data),
  // and the action audited (who, when, which: never a value). NotFound for an unknown contact;
  // Conflict when it was erased already.
  //
  // Anonymise: personal fields cleared, message and note text replaced by "Anonymised by DPO",
  // media removed; what statistics need stays.
  virtual void anonymiseSubject(TenantId tenant, ContactId contact, Actor actor,
                                Done<SubjectActionResult> done) = 0;
  // Erase: the contacts' keys are destroyed (crypto-shredding, P10): from the commit on nothing
  // sealed under them opens, in this database or any copy of it. Their rows are removed afterwards
  // by sweepErased; the contact rows stay as tombstones without personal data.
  virtual void eraseSubject(TenantId tenant, ContactId contact, Actor actor,
                            Done<SubjectActionResult> done) = 0;

  // Rotates the key that wraps the tenant's contact keys (O6): every contact key is re-wrapped
  // under a new one, in short batches of the key store (contact_key_store.h); no personal data is
  // rewritten. Audited (entity "tenant", attribute "contactKeysRotated": "started" before, then "N
  // keys re-wrapped"). Runs on the caller's thread, about a second per 100,000 contacts: call it
  // off the network threads. `done` gets how many keys were re-wrapped.
  virtual void rotateContactKeys(TenantId tenant, Actor actor, Done<size_t> done) = 0;
  // Removes at most about `batch` rows of erased contacts (messages, notes, media) in one write,
  // keeping keyed provider ids so that a late retry is still known; 0 when nothing is left.
  virtual void sweepErased(size_t batch, Done<size_t> done) = 0;

  // One small batch, in one write, of every tenant's retention as of `now` (P3), measured from a
  // conversation's close: conversations closed longer than anonymise_after_days have their messages
  // and notes replaced by "Anonymised by retention" and their files removed (counts, times,
  // channel, category, agent and statuses stay); those closed longer than delete_after_days go with
  // everything in them; audit entries older than audit_keep_days are pruned from the front of the
  // chain, which then verifies from a MAC'd checkpoint of the last pruned entry. Each tenant's
  // work in the batch is audited as counts, by the system actor "retention". Tenants deleted longer
  // than kTenantGrace ago are destroyed first (storage/sqlite/tenant_destruction.h).
  virtual void applyRetention(TimePoint now, size_t batch, Done<RetentionWork> done) = 0;
};

}  // namespace parley::storage
