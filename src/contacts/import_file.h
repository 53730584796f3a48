#pragma once
// A contacts import file (I5) read into changes: which column is which field, and each row's
// changes or the reason it cannot be taken. Headers are matched without regard to case: `id`,
// `name`, `email`, `phone`, `attributes.<key>` (or `attribute.<key>`), `identity.<channel>` (a
// channel's id or exact name; several addresses one per line of the cell); any other header is
// an attribute of that name. An empty cell changes nothing.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "storage/stores.h"

namespace parley::contacts {

inline constexpr size_t kMaxImportRows = 100'000;

struct ImportColumn {
  enum class Field { Id, Name, Email, Phone, Attribute, Identity, Ignored };
  std::string header;  // as written in the file
  Field field = Field::Ignored;
  std::string key;           // an attribute's key, or an identity's channel id
  std::string channel_name;  // an identity's channel, as people know it
};

struct ImportRow {
  size_t line = 0;
  storage::ContactChanges changes;
  std::string error;  // set when a cell cannot be taken: the row is left out
};

struct ImportFile {
  std::vector<ImportColumn> columns;
  std::vector<ImportRow> rows;
};

// A channel identities may be imported for: its id and its name.
struct ImportChannel {
  std::string id;
  std::string name;
};

// Fails, with a sentence, when the file cannot be read at all (not CSV, no known column, a header
// twice, an identity column of no channel, more than kMaxImportRows rows).
[[nodiscard]] Result<ImportFile> readImportFile(std::string_view text,
                                                const std::vector<ImportChannel>& channels);

}  // namespace parley::contacts
