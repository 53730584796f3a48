#pragma once
// Files that came with messages (a Telegram user's photo), as agents open them (issue 11, item 4).
// They are written with their message (ConversationStore::receive, InboundMessage::media): sealed
// under the contact's key, each in a file of its own in the data directory, with a row that names
// its contact, message, type and size. Erasing a contact's key leaves its files unreadable.

#include <cstddef>
#include <string>
#include <utility>

#include "core/clock.h"
#include "core/conversation.h"
#include "core/error.h"
#include "core/ids.h"

namespace parley::storage {

struct StoredMedia {
  TenantId tenant_id;
  MediaId id;
  ContactId contact_id;
  MessageId message_id;
  std::string mime_type;  // as told by the bytes when stored
  std::string name;
  size_t size = 0;  // bytes
  TimePoint created_at;
};

class MediaStore {
 public:
  virtual ~MediaStore() = default;
  // The file's row and its bytes, opened. NotFound when unknown (or another tenant's), or when its
  // contact was erased or its file is gone.
  [[nodiscard]] virtual Result<std::pair<StoredMedia, std::string>> readMedia(
      const TenantId& tenant, const MediaId& id) = 0;
};

}  // namespace parley::storage
