// Fuzz target: contact import files as readCsvTable reads them. Any input must give a table or an
// Error naming a line, never a crash; a table's rows are in file order and within the row limit.

#include <cstdlib>
#include <string>
#include <vector>

#include "core/csv/csv_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto table = parley::readCsvTable(text, 50);
  if (table) {
    size_t last = 1;
    for (const parley::CsvRow& row : table->rows) {
      if (row.line <= last || table->rows.size() > 50) {
        std::abort();
      }
      last = row.line;
    }
  } else if (table.error().message.empty()) {
    std::abort();
  }
  return 0;
}

std::vector<std::string> fuzzSeeds() {
  return {
      "name,email,phone,attributes.plan,identity.api\r\nAda,ada@example.com,+44 7911 "
      "123456,gold,ext-1\r\n",
      "\xEF\xBB\xBFname;phone\n\"Lovelace; Ada\";07911 123456\n",
      "a,b\n\"x\"\"y\",\"multi\nline\"\n",
      "a\n\"open",
      "a\n\xC3\x28\n",
      ""};
}
