// The cache of unwrapped keys in locked memory: what is put is found, a replaced or erased key is
// gone, and slots are reused across blocks.
#include "privacy/locked_key_cache.h"

#include <gtest/gtest.h>

namespace parley::privacy {
namespace {

TEST(LockedKeyCacheTest, KeysAreFoundReplacedAndErasedByName) {
  LockedKeyCache cache;
  const SecretKey first = SecretKey::random();
  const SecretKey second = SecretKey::random();
  EXPECT_FALSE(cache.find("ten_a"));
  cache.put("ten_a", first);
  cache.put("ten_b", second);
  EXPECT_EQ(cache.find("ten_a")->view(), first.view());
  EXPECT_EQ(cache.find("ten_b")->view(), second.view());
  cache.put("ten_a", second);  // replaced in place
  EXPECT_EQ(cache.find("ten_a")->view(), second.view());
  cache.erase("ten_a");
  EXPECT_FALSE(cache.find("ten_a"));
  EXPECT_EQ(cache.find("ten_b")->view(), second.view());
  cache.erase("ten_unknown");  // nothing to do
}

TEST(LockedKeyCacheTest, ManyKeysSpanBlocksAndFreedSlotsAreReused) {
  LockedKeyCache cache;
  const size_t count = LockedKeyCache::kKeysPerBlock * 2 + 3;
  std::vector<SecretKey> keys;
  for (size_t index = 0; index < count; ++index) {
    keys.push_back(SecretKey::random());
    cache.put("ten_" + std::to_string(index), keys.back());
  }
  for (size_t index = 0; index < count; index += 7) {
    cache.erase("ten_" + std::to_string(index));
  }
  for (size_t index = 0; index < count; ++index) {
    auto found = cache.find("ten_" + std::to_string(index));
    if (index % 7 == 0) {
      EXPECT_FALSE(found) << index;
      cache.put("ten_" + std::to_string(index), keys[index]);  // into a freed slot
    } else {
      ASSERT_TRUE(found) << index;
      EXPECT_EQ(found->view(), keys[index].view()) << index;
    }
  }
  for (size_t index = 0; index < count; ++index) {
    EXPECT_EQ(cache.find("ten_" + std::to_string(index))->view(), keys[index].view()) << index;
  }
}

}  // namespace
}  // namespace parley::privacy
