#pragma once
// A file a provider links to (Telegram's file path, a Viber media URL), fetched by Parley and
// staged in the media store (issue 11, item 4): at most `max_bytes`, typed by its bytes, never by
// its name or the provider's word. The provider's links expire; the staged file does not.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "core/channel.h"
#include "core/http_client.h"
#include "core/scheduler.h"
#include "storage/media_store.h"

namespace parley::channels {

// What a bot may download from the Telegram Bot API, and what Parley keeps of any file.
inline constexpr size_t kMaxMediaBytes = 20 * 1024 * 1024;
// Long enough for that over a slow link.
inline constexpr std::chrono::milliseconds kMediaDownloadTimeout{60'000};

struct DownloadedMedia {
  storage::StagedMedia staged;
  std::string name;  // as the sender named it, or "file.<extension of the type its bytes tell>"
};

struct MediaDownload {
  std::string url;       // never logged: it may hold a bot token
  std::string name;      // "" when the sender gave none
  std::string provider;  // for logs: "telegram", "viber"
  HttpHeaders headers;   // WhatsApp's need the access token
  size_t max_bytes = kMaxMediaBytes;
};

// GETs the file and stages it on `stager` (sealing and fsync on a thread of the channel's own, not
// the HTTP client's). nullopt, logged with the channel's id, when the download or the disk fails.
void downloadMedia(HttpClient& http, storage::MediaStore& media, Scheduler& stager,
                   const ChannelConfig& channel, MediaDownload download,
                   std::move_only_function<void(std::optional<DownloadedMedia>)> done);

}  // namespace parley::channels
