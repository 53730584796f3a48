#pragma once
// Reading a CSV file people exported from a spreadsheet or another product (RFC 4180, plus what
// spreadsheets really write: a UTF-8 byte order mark, LF or CRLF line ends, a semicolon separator
// in locales where the comma is the decimal mark).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace parley {

struct CsvRow {
  size_t line = 0;  // where the row starts in the file, from 1 (the header is line 1)
  std::vector<std::string> cells;
};

struct CsvTable {
  char separator = ',';
  std::vector<std::string> headers;
  std::vector<CsvRow> rows;  // blank lines left out; each row as many cells as it had
};

// The header line and every row after it. Fails, naming the line, on text that is not UTF-8, a
// quote never closed, a quote in the middle of an unquoted cell, more than `max_rows` rows or more
// than 1,000 cells in a row. The separator is ';' when the header line has more of them than
// commas. A line break inside a quoted cell reads as "\n", CRLF or not.
[[nodiscard]] Result<CsvTable> readCsvTable(std::string_view text, size_t max_rows);

}  // namespace parley
