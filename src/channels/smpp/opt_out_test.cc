#include "channels/smpp/opt_out.h"

#include <gtest/gtest.h>

namespace parley::channels::smpp {
namespace {

TEST(OptOut, StopWordsOptOutWhateverTheirCase) {
  for (const char* text : {"STOP", "stop", "Stop", "STOPALL", "stop all", "UNSUBSCRIBE", "Cancel",
                           "end", "QUIT", "revoke", "opt out", "Opt-Out", "OPT_OUT", "optout"}) {
    EXPECT_EQ(classifyOptOut(text), OptOutKeyword::Stop) << text;
  }
}

TEST(OptOut, TrimmingAndPunctuationDoNotHideAKeyword) {
  EXPECT_EQ(classifyOptOut("  stop\r\n"), OptOutKeyword::Stop);
  EXPECT_EQ(classifyOptOut("Stop."), OptOutKeyword::Stop);
  EXPECT_EQ(classifyOptOut("STOP!!"), OptOutKeyword::Stop);
  EXPECT_EQ(classifyOptOut("\"unsubscribe\""), OptOutKeyword::Stop);
  EXPECT_EQ(classifyOptOut("opt   out"), OptOutKeyword::Stop);
}

TEST(OptOut, StartWordsOptBackIn) {
  for (const char* text : {"START", "start", "Unstop", "YES", " yes. "}) {
    EXPECT_EQ(classifyOptOut(text), OptOutKeyword::Start) << text;
  }
}

TEST(OptOut, HelpWordsAskForHelp) {
  EXPECT_EQ(classifyOptOut("HELP"), OptOutKeyword::Help);
  EXPECT_EQ(classifyOptOut("info?"), OptOutKeyword::Help);
}

TEST(OptOut, OnlyTheWholeMessageCounts) {
  for (const char* text : {"", "   ", "please stop", "stop sending me these", "don't stop", "stopp",
                           "s t o p", "yes please", "the end is near", "STOP STOP"}) {
    EXPECT_EQ(classifyOptOut(text), OptOutKeyword::None) << text;
  }
  EXPECT_EQ(classifyOptOut(std::string(10'000, ' ') + "stop"), OptOutKeyword::Stop);
  EXPECT_EQ(classifyOptOut(std::string(100, 'x')), OptOutKeyword::None);
}

TEST(OptOut, KeywordNames) {
  EXPECT_EQ(optOutKeywordName(OptOutKeyword::Stop), "stop");
  EXPECT_EQ(optOutKeywordName(OptOutKeyword::None), "none");
}

}  // namespace
}  // namespace parley::channels::smpp
