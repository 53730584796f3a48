#include "api/csv.h"

namespace parley::api {

std::string csvCell(std::string_view value) {
  std::string cell(value);
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
    cell.insert(0, 1, '\'');
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    return cell;
  }
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') {
      quoted += '"';
    }
    quoted += c;
  }
  return quoted + "\"";
}

std::string csvRow(std::initializer_list<std::string_view> cells) {
  std::string line;
  bool first = true;
  for (std::string_view cell : cells) {
    if (!first) {
      line += ',';
    }
    line += csvCell(cell);
    first = false;
  }
  return line + "\r\n";
}

}  // namespace parley::api
