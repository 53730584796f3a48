#pragma once
// What a file is, told by its first bytes, never by the name or type its sender gave it (issue 11:
// media is "MIME checked by content"): a provider's or a visitor's "photo.jpg" may be anything, and
// Parley serves stored media with the type found here and `X-Content-Type-Options: nosniff`.
//
// Recognised: JPEG, PNG, GIF, WebP, HEIC/HEIF, PDF, MP4/MOV/3GP (ISO media), Ogg (Telegram voice
// notes), MP3, WAV and ZIP. Anything else, SVG and HTML included (they could run script in the
// browser), is application/octet-stream, which is only ever offered for download.

#include <string_view>

namespace parley::channels {

struct MediaType {
  std::string_view mime;       // "image/jpeg"; "application/octet-stream" when not recognised
  std::string_view extension;  // "jpg", for the name a download is offered under; "bin" if unknown
  bool image = false;          // shown inline by the Workspace
};

MediaType sniffMediaType(std::string_view bytes);

}  // namespace parley::channels
