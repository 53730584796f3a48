#pragma once
// What the domain asks of storage. Every call names its tenant: nothing can read or write across
// tenants (S5). Implementations encrypt personal fields before they reach the database and record
// every change to personal data in the audit chain in the same transaction (P1, P5); callers pass
// plaintext and an Actor.
//
// Reads are synchronous and cheap (indexed look-ups on a pooled read connection). Writes are
// asynchronous: `done` runs on a storage thread once the write is durable (group commit), or with
// the error that stopped it; callers hop back to their own thread. A write's `done` always runs
// exactly once.

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"

namespace parley::storage {

template <class T>
using Done = std::move_only_function<void(Result<T>)>;

class TenantStore {
 public:
  virtual ~TenantStore() = default;
  virtual void createTenant(std::string name, Done<Tenant> done) = 0;
  [[nodiscard]] virtual Result<Tenant> findTenant(const TenantId& tenant) = 0;
  // The tenants in use (not deleted), oldest first.
  [[nodiscard]] virtual Result<std::vector<Tenant>> listTenants() = 0;
  // Every tenant, deleted and destroyed ones too: what operators list.
  [[nodiscard]] virtual Result<std::vector<Tenant>> listAllTenants() = 0;
  // Deletes the tenant (P4): from the commit on nobody of it signs in, no session, token or webhook
  // of it is accepted and its data no longer opens; kTenantGrace later retention destroys its key
  // and removes its rows. NotFound for an unknown tenant, Conflict when deleted already. Audited.
  virtual void deleteTenant(TenantId tenant, Actor actor, Done<Tenant> done) = 0;
  // Restores a deleted tenant within kTenantGrace. Conflict when it is not deleted, or was
  // destroyed already. Audited.
  virtual void undeleteTenant(TenantId tenant, Actor actor, Done<Tenant> done) = 0;
};

struct NewUser {
  TenantId tenant_id;
  std::string email;
  std::string display_name;
  Role role = Role::Agent;
  std::string password_hash;
};

struct UserCredentials {
  User user;
  std::string password_hash;
};

// What an admin changes about a user; unset fields stay.
struct UserPatch {
  std::optional<Role> role;
  std::optional<std::string> display_name;
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  // Conflict when the tenant has a user with that email already (other tenants' users do not
  // count: one person may belong to several tenants). Audited.
  virtual void createUser(NewUser user, Actor actor, Done<User> done) = 0;
  [[nodiscard]] virtual Result<User> findUser(const TenantId& tenant, const UserId& user) = 0;
  // Sign-in's look-up by blind index: the users with that email in every tenant in use (a person
  // who belongs to several has one user in each), oldest first; none when nobody uses it.
  [[nodiscard]] virtual Result<std::vector<UserCredentials>> findUsersByEmail(
      std::string_view email) = 0;
  [[nodiscard]] virtual Result<std::vector<User>> listUsers(const TenantId& tenant) = 0;
  // Replaces the password of the user who signs in with `email` (in `tenant`, which is needed
  // when the email signs in to several), and revokes all their sessions. Audited (that it
  // changed, never the hash). NotFound when nobody uses that email (there); Conflict when several
  // tenants do and none was named.
  virtual void setPassword(std::string_view email, std::optional<TenantId> tenant,
                           std::string password_hash, Actor actor, Done<User> done) = 0;
  // Audited.
  virtual void updateDisplayName(const TenantId& tenant, const UserId& user,
                                 std::string display_name, Actor actor, Done<User> done) = 0;
  // Changes role and/or display name; each change is audited. NotFound for an unknown user;
  // Conflict when the tenant would be left without an active admin, or the user is not active.
  virtual void updateUser(const TenantId& tenant, const UserId& user, UserPatch patch, Actor actor,
                          Done<User> done) = 0;
  // Deactivates (signed out everywhere, sign-in refused) or reactivates a user (A3). Audited.
  // NotFound for an unknown or deleted user; Conflict when the tenant would be left without an
  // active admin. Routing is the caller's (conversations::RoutingService::removeAgent).
  virtual void setUserActive(const TenantId& tenant, const UserId& user, bool active, Actor actor,
                             Done<User> done) = 0;
  // Deletes a user (A4): signed out, second factor gone, email, name and password erased; the id
  // stays, in the audit and on what they wrote. Audited. NotFound for an unknown or deleted user;
  // Conflict for the last active admin.
  virtual void deleteUser(const TenantId& tenant, const UserId& user, Actor actor,
                          Done<User> done) = 0;
};

// What a deleted user is called where their id still shows (old conversations, the audit).
inline constexpr std::string_view kDeletedUserName = "Deleted user";

inline constexpr std::chrono::hours kInviteLifetime{7 * 24};

struct NewInvite {
  TenantId tenant_id;
  std::string email;
  Role role = Role::Agent;
  std::optional<std::string> display_name;  // absent: the email's local part
  std::string created_by;
};

// Invites (A2): a one-time token, of which only a hash is stored, lets its holder create their own
// user with the invite's email and role. An invite is pending until it is used, revoked, or
// kInviteLifetime has passed.
class InviteStore {
 public:
  virtual ~InviteStore() = default;
  // Conflict when the tenant has a user with that email already. Audited.
  virtual void createInvite(NewInvite invite, std::string token_hash, Actor actor,
                            Done<Invite> done) = 0;
  // The tenant's pending invites, newest first.
  [[nodiscard]] virtual Result<std::vector<Invite>> listPendingInvites(const TenantId& tenant) = 0;
  // NotFound unless the token's invite is pending.
  [[nodiscard]] virtual Result<Invite> findPendingInvite(std::string_view token_hash) = 0;
  // Revokes a pending invite; NotFound otherwise. Audited.
  virtual void revokeInvite(const TenantId& tenant, const InviteId& invite, Actor actor,
                            Done<void> done) = 0;
  // In one transaction: creates the user in the invite's tenant with its email and role (and
  // `display_name`, else the invite's), and marks the invite used. NotFound unless the invite is
  // pending; Conflict when the tenant has a user with that email by now. Audited, the new user as
  // actor.
  virtual void acceptInvite(std::string token_hash, std::string password_hash,
                            std::optional<std::string> display_name, Done<User> done) = 0;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual void createSession(Session session, std::string secret_hash, Done<Session> done) = 0;
  // NotFound for an unknown or revoked session; expiry is the caller's policy.
  [[nodiscard]] virtual Result<Session> findSessionBySecretHash(std::string_view secret_hash) = 0;
  // The user's sessions that are not revoked, newest first.
  [[nodiscard]] virtual Result<std::vector<Session>> listSessions(const TenantId& tenant,
                                                                  const UserId& user) = 0;
  // Best effort, not awaited: records that the session was used.
  virtual void touchSession(const TenantId& tenant, const SessionId& session, TimePoint at) = 0;
  // NotFound unless the session belongs to this user of this tenant and is not revoked already.
  virtual void revokeSession(const TenantId& tenant, const UserId& user, const SessionId& session,
                             Done<void> done) = 0;
};

// Two-factor sign-in (S3): each user's TOTP secret (sealed under the tenant's key), whether its
// first code confirmed it, the last step used (a code is never accepted twice), and their recovery
// codes (keyed hashes); and the tenant's policy of which roles must use it.
struct SecondFactor {
  std::string secret;                     // the raw secret (auth/totp.h)
  std::optional<TimePoint> confirmed_at;  // unset while enrolment waits for its first code
  int64_t last_step = 0;
  size_t recovery_codes_left = 0;
};

struct TwoFactorPolicy {
  std::vector<Role> required_for;  // roles that must sign in with a second factor
  bool appliesTo(Role role) const {
    return std::find(required_for.begin(), required_for.end(), role) != required_for.end();
  }
};

class TwoFactorStore {
 public:
  virtual ~TwoFactorStore() = default;
  // NotFound when the user has none, not even one waiting for its first code.
  [[nodiscard]] virtual Result<SecondFactor> findSecondFactor(const TenantId& tenant,
                                                              const UserId& user) = 0;
  // Starts (or starts again) an enrolment with a new secret. Conflict when one is confirmed.
  virtual void startEnrolment(const TenantId& tenant, const UserId& user, std::string secret,
                              Done<void> done) = 0;
  // Confirms the waiting secret, if it is still `secret` (the one the first code matched: another
  // tab may have started over), with the step that code matched, and keeps the recovery codes.
  // Conflict when nothing waits or another secret does. Audited.
  virtual void confirmEnrolment(const TenantId& tenant, const UserId& user,
                                const std::string& secret, int64_t step,
                                std::vector<std::string> recovery_codes, Actor actor,
                                Done<void> done) = 0;
  // Records `step` as used. Conflict when it is not after the last one used (a replayed code,
  // even from two sign-ins racing).
  virtual void useStep(const TenantId& tenant, const UserId& user, int64_t step,
                       Done<void> done) = 0;
  // Spends one recovery code (normalised: auth::normalizeRecoveryCode, as are the codes given to
  // confirmEnrolment and replaceRecoveryCodes); answers how many are left. NotFound
  // unless it is an unused code of the user. Audited.
  virtual void useRecoveryCode(const TenantId& tenant, const UserId& user, std::string code,
                               Actor actor, Done<size_t> done) = 0;
  // The user's recovery codes become these. Audited.
  virtual void replaceRecoveryCodes(const TenantId& tenant, const UserId& user,
                                    std::vector<std::string> codes, Actor actor,
                                    Done<void> done) = 0;
  // Removes the second factor and its codes (turned off, or reset by an admin). NotFound when
  // there is none. Audited.
  virtual void removeSecondFactor(const TenantId& tenant, const UserId& user, Actor actor,
                                  Done<void> done) = 0;
  // No roles until an admin chooses some.
  [[nodiscard]] virtual Result<TwoFactorPolicy> twoFactorPolicy(const TenantId& tenant) = 0;
  // Audited.
  virtual void setTwoFactorPolicy(const TenantId& tenant, TwoFactorPolicy policy, Actor actor,
                                  Done<TwoFactorPolicy> done) = 0;
};

class ApiTokenStore {
 public:
  virtual ~ApiTokenStore() = default;
  // Audited: who made it, with its scopes (never the secret). Conflict when `token.created_by`
  // names a user who is not active (deactivated while the token was being made).
  virtual void createToken(ApiToken token, std::string secret_hash, Actor actor,
                           Done<ApiToken> done) = 0;
  // NotFound for an unknown or revoked token.
  [[nodiscard]] virtual Result<ApiToken> findTokenBySecretHash(std::string_view secret_hash) = 0;
  [[nodiscard]] virtual Result<std::vector<ApiToken>> listTokens(const TenantId& tenant) = 0;
  virtual void touchToken(const TenantId& tenant, const ApiTokenId& token, TimePoint at) = 0;
  // Audited. NotFound for an unknown or revoked token.
  virtual void revokeToken(const TenantId& tenant, const ApiTokenId& token, Actor actor,
                           Done<void> done) = 0;
};

enum class ContactKey { Email, Phone };

// Changes to one contact, from an import row (I5) or an edit: what is given is set, the rest kept.
struct ContactChanges {
  std::optional<ContactId> id;  // the contact to change; else matched by email, phone, identity
  std::optional<std::string> name, email, phone;                // "" clears the field
  std::map<std::string, std::string> attributes;                // "" removes the attribute
  std::vector<std::pair<std::string, std::string>> identities;  // channel, address: added
};

struct ContactChangeOutcome {
  // Deferred: an earlier change in the same call concerns the same contact; nothing was done, so
  // that it can be applied in a later call against what the earlier one left.
  enum class Action { Created, Updated, Unchanged, Failed, Deferred };
  Action action = Action::Failed;
  ContactId contact;  // the contact created or changed (empty when failed, or only planned)
  std::vector<std::string> changed;  // "name", "email", "attributes.plan", "identity.api"…
  std::string error;                 // why it failed, in a sentence
};

// A contact as an export lists it: its fields and its identities (channel, address).
struct ContactRecord {
  Contact contact;
  std::vector<std::pair<std::string, std::string>> identities;
};

class ContactStore {
 public:
  virtual ~ContactStore() = default;
  // Gives the contact its own key (P10); every personal field set is audited.
  virtual void createContact(Contact contact, Actor actor, Done<Contact> done) = 0;
  [[nodiscard]] virtual Result<Contact> findContact(const TenantId& tenant,
                                                    const ContactId& id) = 0;
  // Exact match through the blind index.
  [[nodiscard]] virtual Result<std::vector<Contact>> findContacts(const TenantId& tenant,
                                                                  ContactKey key,
                                                                  std::string_view value) = 0;
  // Moves everything of `from` (identities, conversations, messages, notes, look-ups, the fields
  // `into` lacks, consents: an opt-out wins) to `into`, re-sealed under `into`'s key; audited on
  // both. Conflict when both have an open conversation on the same channel, or either was merged
  // already.
  virtual void mergeContacts(TenantId tenant, ContactId into, ContactId from, Actor actor,
                             Done<Contact> done) = 0;
  // What `applyContactChanges` would do with each of `changes`, without writing.
  [[nodiscard]] virtual Result<std::vector<ContactChangeOutcome>> planContactChanges(
      const TenantId& tenant, const std::vector<ContactChanges>& changes) = 0;
  // Creates or changes each contact in one write, every field set audited as `actor`. A change
  // fails alone (its outcome says why): no match for its id, email and phone matching different
  // contacts, an identity that is another contact's, or the contact changed meanwhile.
  virtual void applyContactChanges(TenantId tenant, std::vector<ContactChanges> changes,
                                   Actor actor, Done<std::vector<ContactChangeOutcome>> done) = 0;
  // Contacts neither erased nor merged into another, in id order after `after` (empty: from the
  // first), opened.
  [[nodiscard]] virtual Result<std::vector<ContactRecord>> listContacts(const TenantId& tenant,
                                                                        const ContactId& after,
                                                                        size_t limit) = 0;
};

struct AuditVerification {
  int64_t entries = 0;
  // Set when a chain is broken: which tenant, which entry, why.
  std::optional<std::string> broken;
};

// What the audit viewer (P1) asks for; empty fields match everything.
struct AuditFilter {
  std::string entity;     // "contact", "user", "tenant"…
  std::string entity_id;  // with `entity`
  std::string attribute;  // "email"; "attributes" also matches "attributes.plan"
  std::optional<Actor::Kind> actor_kind;
  std::string actor_id;
  std::optional<TimePoint> from;   // at or after
  std::optional<TimePoint> until;  // before
  int64_t before_seq = 0;          // the cursor: only entries older than this one; 0: the newest
  size_t limit = 100;
};

// That someone read personal data (P9): who, what, when; never the values.
struct AuditRead {
  TenantId tenant;
  Actor actor;
  TimePoint at;
  std::string entity;     // "contact", "conversation", "privacy"
  std::string entity_id;  // the contact's or conversation's id; "search", "export"…
  std::string attribute;  // "read", "read.messages", "search.phone"…
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Appends the reads to their tenants' chains in one write, without values. Reads of a tenant
  // deleted meanwhile are dropped.
  virtual void appendReads(std::vector<AuditRead> reads, Done<void> done) = 0;
  // Oldest first, values decrypted (nullopt where the key was destroyed).
  [[nodiscard]] virtual Result<std::vector<AuditEntry>> listAudit(const TenantId& tenant,
                                                                  std::string_view entity,
                                                                  std::string_view entity_id) = 0;
  // The tenant's entries matching `filter`, newest first, at most filter.limit (≤ 1000); values
  // decrypted where their key still exists.
  [[nodiscard]] virtual Result<std::vector<AuditEntry>> searchAudit(const TenantId& tenant,
                                                                    const AuditFilter& filter) = 0;
  // Walks every tenant's chain.
  [[nodiscard]] virtual Result<AuditVerification> verifyAudit() = 0;
};

class RoutingConfigStore;  // conversation_stores.h
class ConversationStore;
class CannedResponseStore;
class IdempotencyStore;
class OutboxStore;   // outbox_store.h
class ChannelStore;  // channel_store.h
class MediaStore;    // media_store.h
class PrivacyStore;  // privacy_store.h
class ReportStore;   // report_store.h

// The set the application is wired with; owned by whichever engine made it.
struct Stores {
  TenantStore* tenants = nullptr;
  UserStore* users = nullptr;
  SessionStore* sessions = nullptr;
  ApiTokenStore* tokens = nullptr;
  ContactStore* contacts = nullptr;
  AuditStore* audit = nullptr;
  RoutingConfigStore* routing = nullptr;
  ConversationStore* conversations = nullptr;
  IdempotencyStore* idempotency = nullptr;
  OutboxStore* outbox = nullptr;
  InviteStore* invites = nullptr;
  CannedResponseStore* canned_responses = nullptr;
  ChannelStore* channels = nullptr;
  MediaStore* media = nullptr;
  PrivacyStore* privacy = nullptr;
  ReportStore* reports = nullptr;
  TwoFactorStore* two_factor = nullptr;
};

}  // namespace parley::storage
