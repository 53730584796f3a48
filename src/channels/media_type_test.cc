#include "channels/media_type.h"

#include <gtest/gtest.h>

#include <string>

namespace parley::channels {
namespace {

using namespace std::string_literals;

TEST(SniffMediaType, TellsCommonFilesByTheirFirstBytes) {
  const struct {
    std::string bytes;
    std::string_view mime;
    bool image;
  } cases[] = {
      {"\xFF\xD8\xFF\xE0\x00\x10JFIF"s, "image/jpeg", true},
      {"\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR"s, "image/png", true},
      {"GIF89a\x01\x00"s, "image/gif", true},
      {"RIFF\x24\x00\x00\x00WEBPVP8 "s, "image/webp", true},
      {"\x00\x00\x00\x18"
       "ftypheic\x00\x00\x00\x00"s,
       "image/heic", true},
      {"%PDF-1.7\n"s, "application/pdf", false},
      {"\x00\x00\x00\x20"
       "ftypisom\x00\x00\x02\x00"s,
       "video/mp4", false},
      {"\x00\x00\x00\x14"
       "ftypqt  \x00\x00\x00\x00"s,
       "video/quicktime", false},
      {"OggS\x00\x02"s, "audio/ogg", false},
      {"ID3\x04\x00"s, "audio/mpeg", false},
      {"\xFF\xFB\x90\x64"s, "audio/mpeg", false},
      {"RIFF\x24\x00\x00\x00WAVEfmt "s, "audio/wav", false},
      {"PK\x03\x04\x14\x00"s, "application/zip", false},
  };
  for (const auto& [bytes, mime, image] : cases) {
    const MediaType type = sniffMediaType(bytes);
    EXPECT_EQ(type.mime, mime) << bytes;
    EXPECT_EQ(type.image, image) << bytes;
  }
}

TEST(SniffMediaType, WhatCouldRunInABrowserOrIsUnknownIsOnlyBytes) {
  for (const std::string& bytes :
       {"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"s,
        "<!DOCTYPE html><html><script>alert(1)</script>"s, "<?xml version=\"1.0\"?>"s,
        "plain text that claims to be photo.jpg"s, ""s, "\xFF"s, "\xFF\xD8"s, "RIFF"s,
        "\x00\x00\x00\x18"
        "ftyp"s}) {
    const MediaType type = sniffMediaType(bytes);
    EXPECT_EQ(type.mime, "application/octet-stream") << bytes;
    EXPECT_EQ(type.extension, "bin");
    EXPECT_FALSE(type.image);
  }
}

}  // namespace
}  // namespace parley::channels
