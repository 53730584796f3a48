#pragma once
// The foundation's domain records, in plaintext. Storage encrypts the personal fields; nothing here
// knows how.

#include <map>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/ids.h"
#include "core/role.h"

namespace parley {

struct Tenant {
  TenantId id;
  std::string name;
  TimePoint created_at;
  // Deleted (P4): locked out at once; destroyed (its key gone, its rows removed) kTenantGrace
  // later.
  std::optional<TimePoint> deleted_at;
  std::optional<TimePoint> destroyed_at;
};

// How long a deleted tenant can still be restored before its data is destroyed (P4).
inline constexpr std::chrono::hours kTenantGrace{24 * 30};

struct User {
  TenantId tenant_id;
  UserId id;
  std::string email;         // personal: encrypted, found by blind index
  std::string display_name;  // personal: encrypted
  Role role = Role::Agent;
  TimePoint created_at;
  // Since when they sign in with a second factor (S3); unset when they do not.
  std::optional<TimePoint> two_factor_since;
  // A deactivated user cannot sign in and is routed nothing until reactivated (A3); a deleted one
  // keeps only its id, its personal fields erased.
  std::optional<TimePoint> deactivated_at;
  std::optional<TimePoint> deleted_at;
  bool active() const { return !deactivated_at && !deleted_at; }
};

// Who did something, as the audit log records it.
struct Actor {
  enum class Kind { User, Token, System };
  Kind kind = Kind::System;
  std::string id;  // user id, token id, or the system component's name

  static Actor system(std::string component) { return {Kind::System, std::move(component)}; }
};
std::string_view actorKindName(Actor::Kind kind);

struct Session {
  SessionId id;
  TenantId tenant_id;
  UserId user_id;
  std::string csrf_token;
  std::string user_agent;  // encrypted at rest
  TimePoint created_at;
  TimePoint last_seen_at;
  TimePoint expires_at;  // absolute expiry
};

struct ApiToken {
  TenantId tenant_id;
  ApiTokenId id;
  std::string name;
  Role role = Role::Admin;
  TimePoint created_at;
  std::optional<TimePoint> last_used_at;
  // What it may do within its role (api/token_scopes.h): "admin" is everything the role allows.
  std::vector<std::string> scopes = {"admin"};
  std::optional<TimePoint> expires_at;  // refused from then on
  // The user it acts for: who made it, or who made the token that made it. Revoked when that user
  // is deactivated or deleted. None for tokens made by the CLI (the operator's).
  std::optional<UserId> created_by;
};

// A one-time link that lets someone set a password and join the tenant (A2). Only a hash of its
// token is stored.
struct Invite {
  TenantId tenant_id;
  InviteId id;
  std::string email;         // personal: encrypted
  std::string display_name;  // personal: encrypted; the email's local part unless given
  Role role = Role::Agent;
  TimePoint created_at;
  TimePoint expires_at;
  std::string created_by;  // the inviting user's (or token's) id
};

// A reply an agent inserts by its shortcut (W3). Tenant configuration, not personal data.
struct CannedResponse {
  TenantId tenant_id;
  CannedResponseId id;
  std::string shortcut;  // 1–32 of [a-z0-9_-], unique in the tenant
  std::string text;      // 1–4096 bytes
  TimePoint created_at;
  TimePoint updated_at;
};

struct Contact {
  TenantId tenant_id;
  ContactId id;
  std::optional<std::string> name;                // personal
  std::optional<std::string> email;               // personal, blind-indexed
  std::optional<std::string> phone;               // personal, blind-indexed
  std::map<std::string, std::string> attributes;  // personal
  TimePoint created_at;
  std::optional<ContactId> merged_into;  // set once merged into another contact
};

// One change to personal data, decrypted for an authorised reader.
struct AuditEntry {
  int64_t seq = 0;
  std::string entity;  // "contact", "user"
  std::string entity_id;
  std::string attribute;  // "email", "displayName", "attributes.plan"
  Actor actor;
  TimePoint at;
  std::optional<std::string> value;  // the new value; nullopt when erased or unset
};

}  // namespace parley
