#pragma once

#include "storage/privacy_store.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/media_files.h"

namespace parley::storage::sqlite {

class SqlitePrivacyStore final : public PrivacyStore {
 public:
  SqlitePrivacyStore(Database& database, const MediaFiles& media_files)
      : database_(database), media_files_(media_files) {}

  Result<PrivacySettings> privacySettings(const TenantId& tenant) override;
  void savePrivacySettings(PrivacySettings settings, Actor actor,
                           Done<PrivacySettings> done) override;
  Result<std::vector<SubjectSummary>> findSubjects(const TenantId& tenant,
                                                   const SubjectQuery& query,
                                                   size_t limit) override;
  Result<SubjectSummary> subject(const TenantId& tenant, const ContactId& contact) override;

  // In subject_erasure.cc.
  void anonymiseSubject(TenantId tenant, ContactId contact, Actor actor,
                        Done<SubjectActionResult> done) override;
  void eraseSubject(TenantId tenant, ContactId contact, Actor actor,
                    Done<SubjectActionResult> done) override;
  void rotateContactKeys(TenantId tenant, Actor actor, Done<size_t> done) override;
  void sweepErased(size_t batch, Done<size_t> done) override;
  // In retention_sweep.cc.
  void applyRetention(TimePoint now, size_t batch, Done<RetentionWork> done) override;

 private:
  Result<SubjectSummary> summarize(Connection& db, const TenantId& tenant,
                                   const ContactId& contact);
  Database& database_;
  const MediaFiles& media_files_;
};

// The keyed form an erased message's provider id is kept in (erased_provider_ids).
std::string erasedProviderIndex(const privacy::SecretKey& index_key, std::string_view channel,
                                std::string_view provider_id);
// Keeps a provider id in that form, so that a provider's late retry of its message is still known.
// REQUIRES: inside a write.
[[nodiscard]] Result<void> keepErasedProviderId(Connection& db, const TenantId& tenant,
                                                const privacy::SecretKey& index_key,
                                                std::string_view channel,
                                                std::string_view provider_id);

// The tenant's privacy settings as stored, or the defaults.
[[nodiscard]] Result<PrivacySettings> readPrivacySettings(Connection& db, const TenantId& tenant);

}  // namespace parley::storage::sqlite
