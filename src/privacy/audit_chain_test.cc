#include "privacy/audit_chain.h"

#include <gtest/gtest.h>

#include <vector>

namespace parley::privacy {
namespace {

std::vector<AuditLink> makeChain(const SecretKey& key, int count) {
  std::vector<AuditLink> links;
  std::string previous;
  for (int index = 1; index <= count; ++index) {
    AuditLink link{"ten_a",
                   index,
                   "contact",
                   "con_1",
                   "email",
                   "user",
                   "usr_1",
                   1000 + index,
                   "sealed-" + std::to_string(index),
                   previous,
                   ""};
    link.hash = linkHash(key, link);
    previous = link.hash;
    links.push_back(link);
  }
  return links;
}

TEST(AuditChain, IntactChainVerifies) {
  const SecretKey key = SecretKey::random();
  const auto links = makeChain(key, 5);
  EXPECT_EQ(findChainBreak(key, links), std::nullopt);
}

TEST(AuditChain, ChangedValueIsFoundAtItsSeq) {
  const SecretKey key = SecretKey::random();
  auto links = makeChain(key, 5);
  links[2].value_sealed = "other";
  auto broken = findChainBreak(key, links);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 3);
}

TEST(AuditChain, ChangedActorOrTimeIsFound) {
  const SecretKey key = SecretKey::random();
  auto links = makeChain(key, 3);
  links[1].actor_id = "usr_2";
  EXPECT_EQ(findChainBreak(key, links)->seq, 2);
  links = makeChain(key, 3);
  links[0].at_ms += 1;
  EXPECT_EQ(findChainBreak(key, links)->seq, 1);
}

TEST(AuditChain, RemovedLinkIsFound) {
  const SecretKey key = SecretKey::random();
  auto links = makeChain(key, 4);
  links.erase(links.begin() + 1);
  EXPECT_EQ(findChainBreak(key, links)->seq, 3);
}

TEST(AuditChain, RehashedLinkWithoutTheKeyIsFound) {
  const SecretKey key = SecretKey::random();
  auto links = makeChain(key, 3);
  links[1].value_sealed = "forged";
  links[1].hash = linkHash(SecretKey::random(), links[1]);
  EXPECT_EQ(findChainBreak(key, links)->seq, 2);
}

}  // namespace
}  // namespace parley::privacy
