#include "channels/media_type.h"

namespace parley::channels {
namespace {

constexpr MediaType kUnknown{"application/octet-stream", "bin", false};

bool startsWith(std::string_view bytes, std::string_view magic, size_t at = 0) {
  return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic;
}

// ISO base media files (MP4, MOV, 3GP, HEIC) open with a box "size ftyp brand".
MediaType isoMedia(std::string_view bytes) {
  if (!startsWith(bytes, "ftyp", 4) || bytes.size() < 12) {
    return kUnknown;
  }
  const std::string_view brand = bytes.substr(8, 4);
  for (std::string_view heic : {"heic", "heix", "heim", "heis", "mif1", "msf1"}) {
    if (brand == heic) {
      return {"image/heic", "heic", true};
    }
  }
  if (brand == "qt  ") {
    return {"video/quicktime", "mov", false};
  }
  if (brand.starts_with("3g")) {
    return {"video/3gpp", "3gp", false};
  }
  return {"video/mp4", "mp4", false};
}

}  // namespace

MediaType sniffMediaType(std::string_view bytes) {
  if (startsWith(bytes, "\xFF\xD8\xFF")) {
    return {"image/jpeg", "jpg", true};
  }
  if (startsWith(bytes, "\x89PNG\r\n\x1A\n")) {
    return {"image/png", "png", true};
  }
  if (startsWith(bytes, "GIF87a") || startsWith(bytes, "GIF89a")) {
    return {"image/gif", "gif", true};
  }
  if (startsWith(bytes, "RIFF") && startsWith(bytes, "WEBP", 8)) {
    return {"image/webp", "webp", true};
  }
  if (startsWith(bytes, "RIFF") && startsWith(bytes, "WAVE", 8)) {
    return {"audio/wav", "wav", false};
  }
  if (startsWith(bytes, "%PDF-")) {
    return {"application/pdf", "pdf", false};
  }
  if (startsWith(bytes, "OggS")) {
    return {"audio/ogg", "ogg", false};
  }
  if (startsWith(bytes, "ID3") ||
      (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
       (static_cast<unsigned char>(bytes[1]) & 0xE6) == 0xE2)) {  // an MPEG audio frame, layer III
    return {"audio/mpeg", "mp3", false};
  }
  if (startsWith(bytes, "PK\x03\x04")) {
    return {"application/zip", "zip", false};
  }
  return isoMedia(bytes);
}

}  // namespace parley::channels
