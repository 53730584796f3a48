#include "http/static_files.h"

#include <fstream>
#include <sstream>

#include "privacy/crypto.h"

namespace parley::http {
namespace {

std::string_view contentType(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".json") return "application/json";
  if (extension == ".woff2") return "font/woff2";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

StaticFiles::StaticFiles(const std::filesystem::path& root) {
  std::error_code error;
  if (root.empty() || !std::filesystem::is_directory(root, error)) {
    return;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, error)) {
    const std::filesystem::path& path = entry.path();
    if (!entry.is_regular_file() || path.extension() == ".gz") {
      continue;
    }
    StaticFile file;
    file.content_type = contentType(path);
    file.body = readFile(path);
    file.etag = "\"" + privacy::toHex(privacy::hash(file.body)).substr(0, 20) + "\"";
    const std::filesystem::path gzip = path.string() + ".gz";
    if (std::filesystem::exists(gzip, error)) {
      file.gzip_body = readFile(gzip);
    }
    const std::string relative = "/" + std::filesystem::relative(path, root).generic_string();
    file.immutable = relative.starts_with("/assets/");
    files_.emplace(relative, std::move(file));
  }
}

const StaticFile* StaticFiles::find(std::string_view path) const {
  if (path == "/") {
    path = "/index.html";
  }
  if (auto found = files_.find(std::string(path)); found != files_.end()) {
    return &found->second;
  }
  const size_t last_slash = path.rfind('/');
  const bool has_extension = path.find('.', last_slash) != std::string_view::npos;
  if (has_extension) {
    return nullptr;
  }
  auto index = files_.find("/index.html");
  return index == files_.end() ? nullptr : &index->second;
}

}  // namespace parley::http
