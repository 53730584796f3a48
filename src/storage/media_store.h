#pragma once
// Files that came with messages (a Telegram user's photo), as agents open them (issue 11, item 4).
//
// A file is staged first (stage(): sealed under a key of its own and written to a file in the data
// directory, off the routing and writer threads), then stored with the message that names it
// (ConversationStore::receive, InboundMessage::media), which seals the file's key under the
// contact's key in the file's row. Erasing a contact's key leaves its files unreadable; merging
// contacts re-seals the file keys only.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "core/clock.h"
#include "core/conversation.h"
#include "core/error.h"
#include "core/ids.h"

namespace parley::storage {

struct StagedMedia {
  MediaId id;
  std::string mime_type;  // as told by the bytes
  size_t size = 0;        // bytes
  std::string file_key;   // the key the file and its name are sealed under (32 bytes; secret)
  std::string name_sealed;
};

struct StoredMedia {
  TenantId tenant_id;
  MediaId id;
  ContactId contact_id;
  ConversationId conversation_id;
  MessageId message_id;  // empty for a file an agent attached (the reply names the file instead)
  std::string mime_type;
  std::string name;
  size_t size = 0;
  TimePoint created_at;
};

class MediaStore {
 public:
  virtual ~MediaStore() = default;
  // Seals `bytes` and `name` under a new key and writes them to a file of their own, which means
  // nothing until a stored message names it. Blocks on the disk (fsync): not for network, routing
  // or writer threads. Internal when the disk refuses.
  [[nodiscard]] virtual Result<StagedMedia> stage(const TenantId& tenant,
                                                  std::string_view mime_type, std::string_view name,
                                                  std::string_view bytes) = 0;
  // A file an agent attaches to a reply, before the reply is written: recorded against the
  // conversation (its key sealed under the contact's), so the reply can name it. The staged file is
  // deleted when this fails: NotFound for an unknown conversation, Conflict when its contact was
  // erased. Runs `done` on the writer thread.
  virtual void attach(const TenantId& tenant, const ConversationId& conversation,
                      StagedMedia staged,
                      std::move_only_function<void(Result<StoredMedia>)> done) = 0;
  // Deletes a staged file no message took.
  virtual void discard(const TenantId& tenant, const MediaId& id) = 0;
  // Deletes the files staged before `staged_before` that no message took, and half-written ones:
  // what a crash between staging and storing leaves behind. Returns how many went. Staging to
  // storing takes seconds, so a cut-off an hour back never races a message being stored.
  virtual size_t sweepUnclaimed(TimePoint staged_before) = 0;
  // The file's row, its name opened, without reading the file. NotFound as below.
  [[nodiscard]] virtual Result<StoredMedia> findMedia(const TenantId& tenant,
                                                      const MediaId& id) = 0;
  // The file's row and its bytes, opened. NotFound when unknown (or another tenant's), or when its
  // contact was erased or its file is gone.
  [[nodiscard]] virtual Result<std::pair<StoredMedia, std::string>> readMedia(
      const TenantId& tenant, const MediaId& id) = 0;
};

}  // namespace parley::storage
