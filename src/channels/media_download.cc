#include "channels/media_download.h"

#include <spdlog/spdlog.h>

#include "channels/media_type.h"

namespace parley::channels {

void downloadMedia(HttpClient& http, storage::MediaStore& media, Scheduler& stager,
                   const ChannelConfig& channel, MediaDownload download,
                   std::move_only_function<void(std::optional<DownloadedMedia>)> done) {
  HttpRequest request{.method = "GET",
                      .url = std::move(download.url),
                      .headers = std::move(download.headers),
                      .timeout = kMediaDownloadTimeout,
                      .max_response_bytes = download.max_bytes};
  http.send(std::move(request), [&media, &stager, channel, download = std::move(download),
                                 done = std::move(done)](Result<HttpResponse> answer) mutable {
    if (!answer || answer->status != 200 || answer->body.empty()) {
      spdlog::info("{} {}: a file could not be downloaded: {}", download.provider, channel.id.value,
                   answer ? "answer " + std::to_string(answer->status) : answer.error().message);
      done(std::nullopt);
      return;
    }
    // The type the bytes tell, whatever the sender called the file.
    const MediaType type = sniffMediaType(answer->body);
    std::string name =
        download.name.empty() ? "file." + std::string(type.extension) : std::move(download.name);
    stager.post([&media, channel, provider = std::move(download.provider), type,
                 name = std::move(name), body = std::move(answer->body),
                 done = std::move(done)]() mutable {
      auto staged = media.stage(channel.tenant_id, type.mime, name, body);
      if (!staged) {
        spdlog::warn("{} {}: a file could not be stored: {}", provider, channel.id.value,
                     staged.error().message);
        done(std::nullopt);
        return;
      }
      done(DownloadedMedia{std::move(*staged), std::move(name)});
    });
  });
}

}  // namespace parley::channels
