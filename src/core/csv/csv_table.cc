#include "core/csv/csv_table.h"

#include <algorithm>
#include <string>

namespace parley {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// Far more than any contacts file has, and a bound on what a line of separators costs.
constexpr size_t kMaxCells = 1000;

// Where the first byte that is not well-formed UTF-8 is (overlong forms, surrogates and code points
// past U+10FFFF included), or npos.
size_t firstBadUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the bounds of the second byte
    if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
      low = byte == 0xE0 ? 0xA0 : 0x80;
      high = byte == 0xED ? 0x9F : 0xBF;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
      low = byte == 0xF0 ? 0x90 : 0x80;
      high = byte == 0xF4 ? 0x8F : 0xBF;
    } else {
      return i;
    }
    if (i + length > text.size()) {
      return i;
    }
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) {
        return i;
      }
    }
    i += length;
  }
  return std::string_view::npos;
}

char separatorOf(std::string_view text) {
  const std::string_view header = text.substr(0, text.find('\n'));
  const auto count = [&](char c) { return std::count(header.begin(), header.end(), c); };
  return count(';') > count(',') ? ';' : ',';
}

std::unexpected<Error> badLine(size_t line, std::string_view why) {
  return fail(ErrorCode::ValidationFailed,
              "line " + std::to_string(line) + ": " + std::string(why));
}

bool blank(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(), [](const std::string& cell) {
    return cell.find_first_not_of(" \t") == std::string::npos;
  });
}

}  // namespace

Result<CsvTable> readCsvTable(std::string_view text, size_t max_rows) {
  if (text.starts_with(kByteOrderMark)) {
    text.remove_prefix(kByteOrderMark.size());
  }
  if (const size_t bad = firstBadUtf8(text); bad != std::string_view::npos) {
    const size_t line = 1 + std::count(text.begin(), text.begin() + bad, '\n');
    return badLine(line, "the file is not UTF-8 text (save it as \"CSV UTF-8\")");
  }
  CsvTable table;
  table.separator = separatorOf(text);
  std::vector<std::string> cells;
  std::string cell;
  size_t line = 1;
  size_t row_line = 1;
  bool header_done = false;
  // Ends the current row at a line end or at the end of the text.
  auto endRow = [&]() -> Result<void> {
    cells.push_back(std::move(cell));
    cell.clear();
    if (!header_done) {
      table.headers = std::move(cells);
      header_done = true;
    } else if (!blank(cells)) {
      if (table.rows.size() == max_rows) {
        return badLine(row_line, "more than " + std::to_string(max_rows) +
                                     " rows: split the file into smaller ones");
      }
      table.rows.push_back(CsvRow{row_line, std::move(cells)});
    }
    cells.clear();
    return {};
  };
  size_t i = 0;
  bool cell_started_quoted = false;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"' && cell.empty() && !cell_started_quoted) {
      // A quoted cell: up to the lone quote that closes it; "" is a quote inside.
      cell_started_quoted = true;
      const size_t opened_on = line;
      ++i;
      while (true) {
        if (i >= text.size()) {
          return badLine(opened_on, "a quoted cell is never closed");
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
          ++i;  // a line break inside a cell is kept as a line feed, whatever wrote the file
        }
        line += text[i] == '\n' ? 1 : 0;
        cell += text[i++];
      }
      if (i < text.size() && text[i] != table.separator && text[i] != '\r' && text[i] != '\n') {
        return badLine(line, "text after a quoted cell's closing quote");
      }
      continue;
    }
    if (c == table.separator) {
      if (cells.size() == kMaxCells) {
        return badLine(row_line, "more than " + std::to_string(kMaxCells) + " cells in a row");
      }
      cells.push_back(std::move(cell));
      cell.clear();
      cell_started_quoted = false;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      i += c == '\r' && i + 1 < text.size() && text[i + 1] == '\n' ? 2 : 1;
      if (auto ended = endRow(); !ended) {
        return std::unexpected(ended.error());
      }
      cell_started_quoted = false;
      ++line;
      row_line = line;
      continue;
    }
    if (c == '"') {
      return badLine(line, "a quote inside a cell that does not start with one");
    }
    cell += c;
    ++i;
  }
  if (!cell.empty() || !cells.empty() || cell_started_quoted) {
    if (auto ended = endRow(); !ended) {
      return std::unexpected(ended.error());
    }
  }
  if (table.headers.empty() || blank(table.headers)) {
    return fail(ErrorCode::ValidationFailed, "the file has no header line");
  }
  return table;
}

}  // namespace parley
