#include "privacy/audit_chain.h"

namespace parley::privacy {
namespace {

// Length-prefixed so that no two different links serialise to the same bytes.
void appendField(std::string& out, std::string_view field) {
  const uint32_t size = static_cast<uint32_t>(field.size());
  out.append(reinterpret_cast<const char*>(&size), sizeof size);
  out.append(field);
}

}  // namespace

std::string linkHash(const SecretKey& chain_key, const AuditLink& link) {
  std::string message;
  message.reserve(256 + link.value_sealed.size());
  appendField(message, link.tenant_id);
  appendField(message, std::to_string(link.seq));
  appendField(message, link.entity);
  appendField(message, link.entity_id);
  appendField(message, link.attribute);
  appendField(message, link.actor_kind);
  appendField(message, link.actor_id);
  appendField(message, std::to_string(link.at_ms));
  appendField(message, link.value_sealed);
  appendField(message, link.prev_hash);
  return keyedHash(chain_key, message);
}

std::string checkpointMac(const SecretKey& chain_key, const AuditCheckpoint& checkpoint) {
  std::string message;
  appendField(message, "audit-checkpoint");
  appendField(message, checkpoint.tenant_id);
  appendField(message, std::to_string(checkpoint.seq));
  appendField(message, checkpoint.hash);
  appendField(message, std::to_string(checkpoint.at_ms));
  return keyedHash(chain_key, message);
}

std::optional<ChainBreak> findChainBreak(const SecretKey& chain_key,
                                         std::span<const AuditLink> links,
                                         const AuditCheckpoint* genesis) {
  int64_t expected_seq = 1;
  std::string previous_hash;
  if (genesis) {
    if (!equalsConstantTime(genesis->mac, checkpointMac(chain_key, *genesis))) {
      return ChainBreak{genesis->seq, "the checkpoint of the pruned entries was altered"};
    }
    expected_seq = genesis->seq + 1;
    previous_hash = genesis->hash;
  }
  for (const AuditLink& link : links) {
    if (link.seq != expected_seq) {
      return ChainBreak{link.seq, "expected seq " + std::to_string(expected_seq)};
    }
    if (link.prev_hash != previous_hash) {
      return ChainBreak{link.seq, "does not follow the previous entry"};
    }
    if (!equalsConstantTime(link.hash, linkHash(chain_key, link))) {
      return ChainBreak{link.seq, "content does not match its hash"};
    }
    previous_hash = link.hash;
    ++expected_seq;
  }
  return std::nullopt;
}

}  // namespace parley::privacy
