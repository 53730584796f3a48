#pragma once
// CSV for downloads people open in spreadsheets (RFC 4180, CRLF line ends).

#include <initializer_list>
#include <string>
#include <string_view>

namespace parley::api {

// One cell: quoted when it must be, and made inert (a leading apostrophe) when a spreadsheet would
// run it as a formula (=, +, -, @, tab, carriage return: CSV injection).
std::string csvCell(std::string_view value);

// One line of cells, ending in CRLF.
std::string csvRow(std::initializer_list<std::string_view> cells);

}  // namespace parley::api
