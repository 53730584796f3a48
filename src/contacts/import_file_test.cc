#include "contacts/import_file.h"

#include <gtest/gtest.h>

namespace parley::contacts {
namespace {

using Field = ImportColumn::Field;
const std::vector<ImportChannel> kChannels = {{"api", "API"}, {"ch_sms", "Support SMS"}};

std::string errorOf(std::string_view text) {
  auto file = readImportFile(text, kChannels);
  return file ? std::string("read") : file.error().message;
}

TEST(ImportFileTest, NamesEachColumnWhateverItsCase) {
  auto file = readImportFile(
      " Name ,EMAIL,Phone,attributes.Plan,Attribute.tier,Company,identity.Support SMS,"
      "identity.api,,id,createdAt,mergedInto\n"
      "Ada,ada@example.com,07911 123456,gold,1,Acme,+447911123456,\"ext 1\r\n ext-2\",,con_1,x,y\n",
      kChannels);
  ASSERT_TRUE(file) << file.error().message;
  std::vector<std::pair<Field, std::string>> fields;
  for (const ImportColumn& column : file->columns) {
    fields.emplace_back(column.field, column.key);
  }
  EXPECT_EQ(fields, (std::vector<std::pair<Field, std::string>>{{Field::Name, ""},
                                                                {Field::Email, ""},
                                                                {Field::Phone, ""},
                                                                {Field::Attribute, "Plan"},
                                                                {Field::Attribute, "tier"},
                                                                {Field::Attribute, "Company"},
                                                                {Field::Identity, "ch_sms"},
                                                                {Field::Identity, "api"},
                                                                {Field::Ignored, ""},
                                                                {Field::Id, ""},
                                                                {Field::Ignored, ""},
                                                                {Field::Ignored, ""}}));
  EXPECT_EQ(file->columns[6].channel_name, "Support SMS");
  ASSERT_EQ(file->rows.size(), 1u);
  const storage::ContactChanges& row = file->rows[0].changes;
  EXPECT_EQ(file->rows[0].line, 2u);
  EXPECT_EQ(row.name, "Ada");
  EXPECT_EQ(row.email, "ada@example.com");
  EXPECT_EQ(row.phone, "07911 123456");
  EXPECT_EQ(row.attributes, (std::map<std::string, std::string>{
                                {"Company", "Acme"}, {"Plan", "gold"}, {"tier", "1"}}));
  EXPECT_EQ(row.identities, (std::vector<std::pair<std::string, std::string>>{
                                {"ch_sms", "+447911123456"}, {"api", "ext 1"}, {"api", "ext-2"}}))
      << "one address per line of the cell; an address may hold spaces";
  EXPECT_EQ(row.id, ContactId{"con_1"});
}

TEST(ImportFileTest, TakesBackWhatAnExportMadeInert) {
  auto file = readImportFile("name,phone\n'@Mallory,'+44 20 7946 0000\n'Tis me,\n", kChannels);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->rows[0].changes.name, "@Mallory");
  EXPECT_EQ(file->rows[0].changes.phone, "+44 20 7946 0000");
  EXPECT_EQ(file->rows[1].changes.name, "'Tis me") << "an apostrophe before a letter is the name's";
}

TEST(ImportFileTest, FiftyAttributesARowHoweverManyColumns) {
  std::string header = "name", full = "Full", sparse = "Sparse";
  for (int i = 0; i < 60; ++i) {
    header += ",a" + std::to_string(i);
    full += ",v";
    sparse += i < 50 ? ",v" : ",";
  }
  auto file = readImportFile(header + "\n" + sparse + "\n" + full + "\n", kChannels);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->rows[0].error, "");
  EXPECT_EQ(file->rows[0].changes.attributes.size(), 50u);
  EXPECT_EQ(file->rows[1].error, "more than 50 attributes");
}

TEST(ImportFileTest, AnEmptyCellChangesNothing) {
  auto file = readImportFile("name,email,plan\nAda,,\n", kChannels);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->rows[0].changes.name, "Ada");
  EXPECT_FALSE(file->rows[0].changes.email);
  EXPECT_TRUE(file->rows[0].changes.attributes.empty());
}

TEST(ImportFileTest, ARowWithACellItCannotTakeIsLeftOutWithTheReason) {
  auto file = readImportFile(
      "name,email,phone\n"
      "Ok,ok@example.com,+44 20 7946 0000\n"
      "Bad email,ada@,\n"
      "Bad phone,,call me\n"
      "Too many,,,surplus\n"
      "Control,\x01@example.com,\n"
      "Long," +
          std::string(250, 'a') + "@example.com,\n",
      kChannels);
  ASSERT_TRUE(file) << file.error().message;
  std::vector<std::string> errors;
  for (const ImportRow& row : file->rows) {
    errors.push_back(row.error);
  }
  EXPECT_EQ(errors,
            (std::vector<std::string>{
                "", "email \"ada@\" is not an address", "phone \"call me\" is not a phone number",
                "more cells than the header has columns",
                "email: control characters are not allowed", "email: longer than 254 bytes"}));
}

TEST(ImportFileTest, RefusesAFileItCannotReadAsContacts) {
  EXPECT_EQ(errorOf("name,identity.telegram\n"),
            "column \"identity.telegram\": no channel has the id or name \"telegram\"");
  EXPECT_EQ(errorOf("Email,email\n"), "columns \"Email\" and \"email\" set the same field");
  EXPECT_EQ(errorOf("identity.api,identity.API\n"),
            "columns \"identity.api\" and \"identity.API\" set the same field");
  EXPECT_EQ(errorOf("plan,tier\n"),
            "no column says who a contact is: the file needs a name, email, phone, id or "
            "identity.<channel> column");
  EXPECT_EQ(errorOf("name\n\"open\n"), "line 2: a quoted cell is never closed");
  EXPECT_EQ(errorOf("name,attributes." + std::string(101, 'k') + "\n"),
            "column \"attributes." + std::string(101, 'k') +
                "\": an attribute's name must be 1 to 100 bytes");
}

}  // namespace
}  // namespace parley::contacts
