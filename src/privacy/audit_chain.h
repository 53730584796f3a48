#pragma once
// The audit log's hash chain (P1): each link's hash covers every field of the link and the previous
// link's hash, keyed by a secret derived from the master key. Changing, inserting or removing a row
// anywhere but the tail breaks the chain; without the key nobody can recompute it.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "privacy/crypto.h"

namespace parley::privacy {

// One audit row as stored: the value is already sealed.
struct AuditLink {
  std::string tenant_id;
  int64_t seq = 0;  // 1, 2, 3… per tenant
  std::string entity;
  std::string entity_id;
  std::string attribute;
  std::string actor_kind;
  std::string actor_id;
  int64_t at_ms = 0;
  std::string value_sealed;  // empty when the value was cleared
  std::string prev_hash;     // empty for seq 1
  std::string hash;
};

std::string linkHash(const SecretKey& chain_key, const AuditLink& link);

struct ChainBreak {
  int64_t seq;
  std::string reason;
};

// Where a pruned chain goes on (P3): the last pruned link's seq and hash, MAC'd under the chain key
// so that nobody without it can move the start of the chain.
struct AuditCheckpoint {
  std::string tenant_id;
  int64_t seq = 0;
  std::string hash;
  int64_t at_ms = 0;  // when the prefix was pruned
  std::string mac;
};

std::string checkpointMac(const SecretKey& chain_key, const AuditCheckpoint& checkpoint);

// Checks one tenant's links in seq order, from seq 1 or from `genesis` (whose MAC must hold); the
// first break, or nullopt when the chain is intact.
std::optional<ChainBreak> findChainBreak(const SecretKey& chain_key,
                                         std::span<const AuditLink> links,
                                         const AuditCheckpoint* genesis = nullptr);

}  // namespace parley::privacy
