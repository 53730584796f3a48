#pragma once
// A tenant's channel configurations, and its contacts' consent per channel (P6). Same contract as
// stores.h: every call names its tenant; reads are synchronous; writes call `done` exactly once on
// a storage thread after the commit.

#include <optional>
#include <string>
#include <vector>

#include "core/channel.h"
#include "core/model.h"
#include "storage/stores.h"

namespace parley::storage {

// How a replace is guarded and audited.
struct ChannelSave {
  // The stored channel's updated_at when the caller read it: a change committed since then fails
  // the replace with Conflict instead of being undone (two admins editing, or a PATCH carrying
  // the epoch secret a visitors' sign-out just replaced). Each replace moves updated_at forward by
  // at least a millisecond, so every commit is a new version.
  std::optional<TimePoint> read_updated_at;
  // Audited in the same transaction, without a value: who did it and what (entity "channel").
  std::optional<Actor> audit_actor;
  std::string audit_attribute;
};

class ChannelStore {
 public:
  virtual ~ChannelStore() = default;
  // Creates (an empty id: a new id, created_at = updated_at given by the caller) or replaces (the
  // same id; created_at kept, everything else as given: an empty secret removes the secret).
  // NotFound for an unknown tenant or (replace) a channel of another tenant; Conflict when `how`
  // names a version that is no longer the stored one. Audited only as `how` says; the secret
  // never reaches the audit log.
  virtual void saveChannel(ChannelConfig channel, ChannelSave how, Done<ChannelConfig> done) = 0;
  void saveChannel(ChannelConfig channel, Done<ChannelConfig> done) {
    saveChannel(std::move(channel), {}, std::move(done));
  }
  // NotFound if unknown.
  virtual void deleteChannel(TenantId tenant, ChannelId channel, Done<void> done) = 0;
  // NotFound if unknown (or another tenant's).
  [[nodiscard]] virtual Result<ChannelConfig> findChannel(const TenantId& tenant,
                                                          const ChannelId& channel) = 0;
  // Across tenants, for the web chat widget, whose public embed names only the channel id (ids
  // are random and unique node-wide). NotFound if unknown.
  [[nodiscard]] virtual Result<ChannelConfig> findChannelById(const ChannelId& channel) = 0;
  // Oldest first.
  [[nodiscard]] virtual Result<std::vector<ChannelConfig>> listChannels(const TenantId& tenant) = 0;
  // The type and id of each of the tenant's channels, deleted tenant or not (nothing opened): what
  // stopping them needs.
  [[nodiscard]] virtual Result<std::vector<std::pair<std::string, ChannelId>>> listChannelIds(
      const TenantId& tenant) = 0;

  // P6 consent: whether the contact opted out of that channel (the channel string as stored on
  // conversations, e.g. "chn_…"). Never saved: false. A contact merged into another answers for
  // the contact it went into.
  [[nodiscard]] virtual Result<bool> isOptedOut(const TenantId& tenant, const ContactId& contact,
                                                const std::string& channel) = 0;
  // Records an opt-out (true) or opt-in (false) with the keyword that caused it ("STOP", "START",
  // or "admin"), in one transaction with an audit row per change (P1: entity the contact,
  // attribute "consent.<channel>", the new value like "opted out (STOP)" sealed under the
  // contact's key; actor as given). Setting the state the contact is in already changes nothing.
  // A contact merged into another: recorded on the contact it went into. NotFound for an unknown
  // contact; Conflict for an erased one.
  virtual void setOptOut(TenantId tenant, ContactId contact, std::string channel, bool opted_out,
                         std::string cause, Actor actor, Done<void> done) = 0;

  // Why a provider said the contact cannot be reached on `channel` ("unreachable (blocked the
  // bot)"), or nullopt. It lasts until the contact writes on that channel again: the next inbound
  // message from them there clears it (ConversationStore::receive).
  [[nodiscard]] virtual Result<std::optional<std::string>> unreachableReason(
      const TenantId& tenant, const ContactId& contact, const std::string& channel) = 0;
  // Records it (nullopt: reachable again), on each of the contact's identities on `channel` (none:
  // nothing to record).
  virtual void setUnreachable(TenantId tenant, ContactId contact, std::string channel,
                              std::optional<std::string> reason, Done<void> done) = 0;

  // The channel's message templates as the provider last listed them: replaces all it had.
  // NotFound for an unknown channel.
  virtual void replaceTemplates(TenantId tenant, ChannelId channel,
                                std::vector<ChannelTemplate> templates, Done<void> done) = 0;
  // By name, then language; empty when never synced.
  [[nodiscard]] virtual Result<std::vector<ChannelTemplate>> listTemplates(
      const TenantId& tenant, const ChannelId& channel) = 0;
};

}  // namespace parley::storage
