#pragma once
// Ids are distinct types so a TenantId can never be passed where a UserId is meant. The value is an
// opaque string with a readable prefix ("ten_019a…"): creation time, then 64 random bits.

#include <compare>
#include <functional>
#include <string>

namespace parley {

template <class Tag>
struct Id {
  std::string value;

  bool empty() const { return value.empty(); }
  auto operator<=>(const Id&) const = default;
};

struct TenantTag {
  static constexpr const char* kPrefix = "ten_";
};
struct UserTag {
  static constexpr const char* kPrefix = "usr_";
};
struct SessionTag {
  static constexpr const char* kPrefix = "ses_";
};
struct TokenTag {
  static constexpr const char* kPrefix = "tok_";
};
struct ContactTag {
  static constexpr const char* kPrefix = "con_";
};
// A contact's key in the key store (storage/sqlite/contact_key_store.h). Keys made before that
// store existed keep their contact's id as theirs.
struct ContactKeyTag {
  static constexpr const char* kPrefix = "ckey_";
};
struct InviteTag {
  static constexpr const char* kPrefix = "inv_";
};
struct CannedResponseTag {
  static constexpr const char* kPrefix = "cnr_";
};

using TenantId = Id<TenantTag>;
using UserId = Id<UserTag>;
using SessionId = Id<SessionTag>;
using ApiTokenId = Id<TokenTag>;
using ContactId = Id<ContactTag>;
using ContactKeyId = Id<ContactKeyTag>;
using InviteId = Id<InviteTag>;
using CannedResponseId = Id<CannedResponseTag>;

}  // namespace parley

template <class Tag>
struct std::hash<parley::Id<Tag>> {
  size_t operator()(const parley::Id<Tag>& id) const noexcept {
    return std::hash<std::string>{}(id.value);
  }
};
