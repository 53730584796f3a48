#include "routing/categorizer.h"

#include <gtest/gtest.h>

namespace parley::routing {
namespace {

const std::vector<CategoryMatch> kRules = {
    {.category = "billing", .keywords = {"invoice", "credit card"}},
    {.category = "sms-sales", .channels = {"sms"}, .entry_points = {"promo"}},
    {.category = "web", .channels = {"webchat"}},
    {.category = "general"},
};

TEST(Categorizer, FirstMatchingCategoryWins) {
  EXPECT_EQ(categorize(kRules, {"sms", "Where is my INVOICE?", "promo"}), "billing");
  EXPECT_EQ(categorize(kRules, {"sms", "hello", "promo"}), "sms-sales");
  EXPECT_EQ(categorize(kRules, {"webchat", "hello", ""}), "web");
  EXPECT_EQ(categorize(kRules, {"api", "hello", ""}), "general");
}

TEST(Categorizer, KeywordsMatchWholeWordsAndPhrases) {
  EXPECT_EQ(categorize(kRules, {"api", "my credit card was charged", ""}), "billing");
  EXPECT_EQ(categorize(kRules, {"api", "invoices", ""}), "general");
  EXPECT_EQ(categorize(kRules, {"api", "reinvoice", ""}), "general");
  EXPECT_EQ(categorize(kRules, {"api", "invoice.", ""}), "billing");
  EXPECT_EQ(categorize(kRules, {"api", "invoiceé", ""}), "general");
}

TEST(Categorizer, NoCatchAllMeansUncategorised) {
  const std::vector<CategoryMatch> rules(kRules.begin(), kRules.begin() + 2);
  EXPECT_EQ(categorize(rules, {"api", "hello", ""}), std::nullopt);
  EXPECT_EQ(categorize({}, {"api", "hello", ""}), std::nullopt);
}

}  // namespace
}  // namespace parley::routing
