#include "core/csv/csv_table.h"

#include <gtest/gtest.h>

namespace parley {
namespace {

using Cells = std::vector<std::string>;

TEST(CsvTableTest, ReadsQuotedCellsWithSeparatorsQuotesAndLineBreaks) {
  auto table = readCsvTable(
      "name,email,notes\r\n"
      "\"Lovelace, Ada\",ada@example.com,\"said \"\"hi\"\"\r\nthen left\"\r\n"
      "Grace,,\r\n",
      10);
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->headers, (Cells{"name", "email", "notes"}));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].line, 2u);
  EXPECT_EQ(table->rows[0].cells,
            (Cells{"Lovelace, Ada", "ada@example.com", "said \"hi\"\nthen left"}));
  EXPECT_EQ(table->rows[1].line, 4u) << "the quoted line break counts as a line";
  EXPECT_EQ(table->rows[1].cells, (Cells{"Grace", "", ""}));
}

TEST(CsvTableTest, TakesSemicolonsByteOrderMarkBareLineFeedsAndNoFinalNewline) {
  auto table = readCsvTable("\xEF\xBB\xBFname;phone\n\nZo\xC3\xAB;+44 7911 123456\n;\nLast;1", 10);
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->separator, ';');
  EXPECT_EQ(table->headers, (Cells{"name", "phone"}));
  ASSERT_EQ(table->rows.size(), 2u) << "blank lines and rows of empty cells are left out";
  EXPECT_EQ(table->rows[0].cells, (Cells{"Zo\xC3\xAB", "+44 7911 123456"}));
  EXPECT_EQ(table->rows[0].line, 3u);
  EXPECT_EQ(table->rows[1].cells, (Cells{"Last", "1"}));
  EXPECT_EQ(table->rows[1].line, 5u);
}

TEST(CsvTableTest, NamesTheLineOfWhatItCannotRead) {
  struct Case {
    std::string text;
    std::string message;
  };
  for (const Case& bad : {
           Case{"name\nok\n\"never closed\nmore\n", "line 3: a quoted cell is never closed"},
           Case{"name\nAda \"the\" first\n", "line 2: a quote inside a cell"},
           Case{"name,x\n\"Ada\"x,1\n", "line 2: text after a quoted cell's closing quote"},
           Case{"name\nok\n\xC3\x28\n", "line 3: the file is not UTF-8"},
           Case{"name\n\xED\xA0\x80\n", "line 2: the file is not UTF-8"},  // a surrogate
           Case{"name\n\xC0\xAF\n", "line 2: the file is not UTF-8"},      // overlong
           Case{"", "no header line"},
           Case{"\n\n", "no header line"},
       }) {
    auto table = readCsvTable(bad.text, 10);
    ASSERT_FALSE(table) << bad.text;
    EXPECT_EQ(table.error().code, ErrorCode::ValidationFailed);
    EXPECT_NE(table.error().message.find(bad.message), std::string::npos)
        << table.error().message << " for " << bad.text;
  }
}

TEST(CsvTableTest, RefusesARowOfMoreThanAThousandCells) {
  EXPECT_TRUE(readCsvTable("a\n" + std::string(999, ','), 10));
  auto table = readCsvTable("a\nx\n" + std::string(5'000'000, ','), 10);
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().message.find("line 3: more than 1000 cells in a row"), std::string::npos)
      << table.error().message;
}

TEST(CsvTableTest, RefusesMoreRowsThanAllowed) {
  EXPECT_TRUE(readCsvTable("n\n1\n2\n3\n", 3));
  auto table = readCsvTable("n\n1\n2\n3\n4\n", 3);
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().message.find("line 5: more than 3 rows"), std::string::npos)
      << table.error().message;
}

}  // namespace
}  // namespace parley
