#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/channel_store.h"
#include "storage/sqlite/database.h"

namespace parley::storage::sqlite {

// Channel configurations in plain text but for the secret, which is sealed under the tenant key
// bound to tenant, entity "channel", row and field (like the API webhook secret). Consent rows
// (contact_consents) hold no personal values; their audit copies are sealed under the contact's
// key, so erasing the contact erases them.
//
// Beyond the interface's contract:
// - saveChannel() is ValidationFailed without a type or a name.
// - setOptOut() is ValidationFailed without a channel; isOptedOut() is false for an unknown
//   contact.
// - Contacts merge their consents in contact_merge.cc (an opt-out wins).
class SqliteChannelStore final : public ChannelStore {
 public:
  explicit SqliteChannelStore(Database& database) : database_(database) {}

  // ChannelStore
  using ChannelStore::saveChannel;
  void saveChannel(ChannelConfig channel, ChannelSave how, Done<ChannelConfig> done) override;
  void deleteChannel(TenantId tenant, ChannelId channel, Done<void> done) override;
  Result<ChannelConfig> findChannel(const TenantId& tenant, const ChannelId& channel) override;
  Result<ChannelConfig> findChannelById(const ChannelId& channel) override;
  Result<std::vector<ChannelConfig>> listChannels(const TenantId& tenant) override;
  Result<std::vector<std::pair<std::string, ChannelId>>> listChannelIds(
      const TenantId& tenant) override;
  Result<bool> isOptedOut(const TenantId& tenant, const ContactId& contact,
                          const std::string& channel) override;
  Result<std::optional<std::string>> unreachableReason(const TenantId& tenant,
                                                       const ContactId& contact,
                                                       const std::string& channel) override;
  void setUnreachable(TenantId tenant, ContactId contact, std::string channel,
                      std::optional<std::string> reason, Done<void> done) override;
  void replaceTemplates(TenantId tenant, ChannelId channel, std::vector<ChannelTemplate> templates,
                        Done<void> done) override;
  Result<std::vector<ChannelTemplate>> listTemplates(const TenantId& tenant,
                                                     const ChannelId& channel) override;
  void setOptOut(TenantId tenant, ContactId contact, std::string channel, bool opted_out,
                 std::string cause, Actor actor, Done<void> done) override;

 private:
  Result<ChannelConfig> channelFromRow(Connection& db, const Statement& row);
  Database& database_;
};

// The audit attribute of a contact's consent on a channel ("consent.chn_…"), and its value
// ("opted out (STOP)", "opted in (START)").
std::string consentAttribute(std::string_view channel);
std::string consentValue(bool opted_out, std::string_view cause);

// A consent the kept contact of a merge took over, for its audit row.
struct MovedConsent {
  std::string channel;
  bool opted_out = false;
  std::string cause;
};
// Moves the consents of `from` to `into`: on a channel `into` has none, `into` takes `from`'s;
// where both have one, an opt-out wins. Returns the consents of `into` that changed.
// REQUIRES: inside a write (ContactStore::mergeContacts).
[[nodiscard]] Result<std::vector<MovedConsent>> mergeConsents(Connection& db,
                                                              const TenantId& tenant,
                                                              const ContactId& into,
                                                              const ContactId& from);

}  // namespace parley::storage::sqlite
