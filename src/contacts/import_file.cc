#include "contacts/import_file.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/contact_limits.h"
#include "core/csv/csv_table.h"

namespace parley::contacts {
namespace {

using Field = ImportColumn::Field;

// The contacts API's bounds; an attribute's column may be empty on most rows, so the attributes
// bound is a row's. An identity's address is bounded here only.
constexpr size_t kMaxName = contact_limits::kName, kMaxEmail = contact_limits::kEmail,
                 kMaxPhone = contact_limits::kPhone, kMaxAttributes = contact_limits::kAttributes,
                 kMaxAttributeKey = contact_limits::kAttributeKey,
                 kMaxAttributeValue = contact_limits::kAttributeValue, kMaxIdentity = 256;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

Result<ImportColumn> columnOf(std::string_view written,
                              const std::vector<ImportChannel>& channels) {
  ImportColumn column{.header = std::string(written)};
  const std::string_view header = trim(written);
  const std::string name = lower(header);
  static const std::map<std::string, Field, std::less<>> kFields = {
      {"id", Field::Id},
      {"name", Field::Name},
      {"email", Field::Email},
      {"phone", Field::Phone},
      // An export's columns that an import does not set.
      {"createdat", Field::Ignored},
      {"mergedinto", Field::Ignored}};
  if (header.empty()) {
    return column;  // Ignored: a spreadsheet's stray empty column
  }
  if (auto known = kFields.find(name); known != kFields.end()) {
    column.field = known->second;
    return column;
  }
  for (std::string_view prefix : {"identity.", "identities."}) {
    if (name.starts_with(prefix)) {
      const std::string_view wanted = trim(header.substr(prefix.size()));
      const auto channel = std::find_if(channels.begin(), channels.end(), [&](const auto& known) {
        return known.id == wanted || known.name == wanted;
      });
      if (channel == channels.end()) {
        return fail(ErrorCode::ValidationFailed, "column \"" + std::string(header) +
                                                     "\": no channel has the id or name \"" +
                                                     std::string(wanted) + "\"");
      }
      column.field = Field::Identity;
      column.key = channel->id;
      column.channel_name = channel->name;
      return column;
    }
  }
  std::string key(header);
  for (std::string_view prefix : {"attributes.", "attribute."}) {
    if (name.starts_with(prefix)) {
      key = std::string(trim(header.substr(prefix.size())));
      break;
    }
  }
  if (key.empty() || key.size() > kMaxAttributeKey) {
    return fail(ErrorCode::ValidationFailed, "column \"" + std::string(header) +
                                                 "\": an attribute's name must be 1 to " +
                                                 std::to_string(kMaxAttributeKey) + " bytes");
  }
  column.field = Field::Attribute;
  column.key = std::move(key);
  return column;
}

// Why a cell of `column` cannot be taken, or "".
std::string cellError(const ImportColumn& column, std::string_view cell) {
  if (std::any_of(cell.begin(), cell.end(),
                  [](unsigned char c) { return c < 0x20 && c != '\n' && c != '\t'; })) {
    return column.header + ": control characters are not allowed";
  }
  const auto tooLong = [&](size_t limit) {
    return cell.size() > limit ? column.header + ": longer than " + std::to_string(limit) + " bytes"
                               : std::string();
  };
  switch (column.field) {
    case Field::Name:
      return tooLong(kMaxName);
    case Field::Email:
      if (!contact_limits::looksLikeEmail(cell)) {
        return "email \"" + std::string(cell) + "\" is not an address";
      }
      return tooLong(kMaxEmail);
    case Field::Phone:
      if (!contact_limits::looksLikePhoneNumber(cell)) {
        return "phone \"" + std::string(cell) + "\" is not a phone number";
      }
      return tooLong(kMaxPhone);
    case Field::Attribute:
      return tooLong(kMaxAttributeValue);
    case Field::Identity:  // several addresses, one per line: each is checked as it is read
      return tooLong(kMaxIdentity * kMaxAttributes);
    case Field::Id:
      return cell.find('\n') != std::string_view::npos ? column.header + ": a line break"
                                                       : tooLong(kMaxIdentity);
    case Field::Ignored:
      return {};
  }
  return {};
}

ImportRow rowOf(const CsvRow& csv, const std::vector<ImportColumn>& columns) {
  ImportRow row{.line = csv.line};
  storage::ContactChanges& changes = row.changes;
  if (csv.cells.size() > columns.size() &&
      std::any_of(csv.cells.begin() + static_cast<ptrdiff_t>(columns.size()), csv.cells.end(),
                  [](const std::string& cell) { return !trim(cell).empty(); })) {
    row.error = "more cells than the header has columns";
    return row;
  }
  for (size_t i = 0; i < columns.size() && i < csv.cells.size(); ++i) {
    const ImportColumn& column = columns[i];
    std::string_view cell = trim(csv.cells[i]);
    if (cell.size() > 1 && cell[0] == '\'' &&
        std::string_view("=+-@").find(cell[1]) != std::string_view::npos) {
      cell.remove_prefix(1);  // made inert by an export (api/csv.h): "'+44…" is "+44…"
    }
    if (cell.empty() || column.field == Field::Ignored) {
      continue;
    }
    if (std::string error = cellError(column, cell); !error.empty()) {
      row.error = std::move(error);
      return row;
    }
    switch (column.field) {
      case Field::Id:
        changes.id = ContactId{std::string(cell)};
        break;
      case Field::Name:
        changes.name = std::string(cell);
        break;
      case Field::Email:
        changes.email = std::string(cell);
        break;
      case Field::Phone:
        changes.phone = std::string(cell);
        break;
      case Field::Attribute:
        changes.attributes[column.key] = std::string(cell);
        break;
      case Field::Identity:
        // Several addresses on one channel: one per line of the cell (an address may hold spaces).
        for (size_t at = 0; at < cell.size();) {
          const size_t end = std::min(cell.find('\n', at), cell.size());
          const std::string_view address = trim(cell.substr(at, end - at));
          if (address.size() > kMaxIdentity) {
            row.error = column.header + ": an address longer than " + std::to_string(kMaxIdentity) +
                        " bytes";
            return row;
          }
          if (!address.empty()) {
            changes.identities.emplace_back(column.key, std::string(address));
          }
          at = end + 1;
        }
        break;
      case Field::Ignored:
        break;
    }
  }
  if (changes.attributes.size() > kMaxAttributes) {
    row.error = "more than " + std::to_string(kMaxAttributes) + " attributes";
  }
  return row;
}

}  // namespace

Result<ImportFile> readImportFile(std::string_view text,
                                  const std::vector<ImportChannel>& channels) {
  auto table = readCsvTable(text, kMaxImportRows);
  if (!table) {
    return std::unexpected(table.error());
  }
  ImportFile file;
  std::map<std::string, std::string> seen;  // what each column sets, to refuse it twice
  size_t attributes = 0;
  for (const std::string& header : table->headers) {
    auto column = columnOf(header, channels);
    if (!column) {
      return std::unexpected(column.error());
    }
    if (column->field != Field::Ignored) {
      const std::string sets =
          std::to_string(static_cast<int>(column->field)) + ":" +
          (column->field == Field::Attribute ? column->key : lower(column->key));
      if (auto [previous, added] = seen.emplace(sets, header); !added) {
        return fail(ErrorCode::ValidationFailed, "columns \"" + previous->second + "\" and \"" +
                                                     header + "\" set the same field");
      }
      attributes += column->field == Field::Attribute ? 1 : 0;
    }
    file.columns.push_back(std::move(*column));
  }
  if (attributes == seen.size()) {
    return fail(ErrorCode::ValidationFailed,
                "no column says who a contact is: the file needs a name, email, phone, id or "
                "identity.<channel> column");
  }
  file.rows.reserve(table->rows.size());
  for (const CsvRow& csv : table->rows) {
    file.rows.push_back(rowOf(csv, file.columns));
  }
  return file;
}

}  // namespace parley::contacts
