#include "privacy/crypto.h"

#include <gtest/gtest.h>

#include "privacy/blind_index.h"

namespace parley::privacy {
namespace {

class Crypto : public ::testing::Test {
 protected:
  void SetUp() override { initCrypto(); }
};

TEST_F(Crypto, SealedTextOpensWithTheSameKeyAndContext) {
  const SecretKey key = SecretKey::random();
  const std::string sealed = seal(key, "Ada Lovelace", "contact|c1|name");
  EXPECT_EQ(sealed.find("Ada"), std::string::npos);
  auto opened = unseal(key, sealed, "contact|c1|name");
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(*opened, "Ada Lovelace");
}

TEST_F(Crypto, SealedTextMovedToAnotherFieldDoesNotOpen) {
  const SecretKey key = SecretKey::random();
  const std::string sealed = seal(key, "secret", "contact|c1|name");
  EXPECT_FALSE(unseal(key, sealed, "contact|c2|name").has_value());
  EXPECT_FALSE(unseal(SecretKey::random(), sealed, "contact|c1|name").has_value());
}

TEST_F(Crypto, TamperedOrTruncatedCiphertextIsAnErrorNotACrash) {
  const SecretKey key = SecretKey::random();
  std::string sealed = seal(key, "secret", "x");
  sealed[sealed.size() - 1] ^= 1;
  EXPECT_FALSE(unseal(key, sealed, "x").has_value());
  EXPECT_FALSE(unseal(key, "short", "x").has_value());
  EXPECT_FALSE(unseal(key, "", "x").has_value());
}

TEST_F(Crypto, SameTextSealsDifferentlyEachTime) {
  const SecretKey key = SecretKey::random();
  EXPECT_NE(seal(key, "same", "x"), seal(key, "same", "x"));
}

TEST_F(Crypto, IdsCarryTheirPrefixAndDiffer) {
  const ContactId first = newId<ContactTag>();
  const ContactId second = newId<ContactTag>();
  EXPECT_TRUE(first.value.starts_with("con_"));
  EXPECT_EQ(first.value.size(), 4u + 28u);
  EXPECT_NE(first, second);
  EXPECT_LE(first.value.substr(0, 16), second.value.substr(0, 16));  // time-ordered
}

TEST_F(Crypto, HexRoundTripsAndRejectsGarbage) {
  EXPECT_EQ(*fromHex(toHex("\x01\xff")), "\x01\xff");
  EXPECT_FALSE(fromHex("abc").has_value());
  EXPECT_FALSE(fromHex("zz").has_value());
}

TEST_F(Crypto, Base64DecodesStandardPaddedTextAndRejectsTheRest) {
  EXPECT_EQ(fromBase64("aGk=").value(), "hi");
  EXPECT_EQ(fromBase64("").value(), "");
  EXPECT_EQ(fromBase64("AAEC/w==").value(), std::string("\x00\x01\x02\xff", 4));
  for (std::string_view bad : {"aGk", "a$k=", "aGk==x", "AAEC_w=="}) {
    EXPECT_FALSE(fromBase64(bad).has_value()) << bad;
  }
}

TEST_F(Crypto, BlindIndexMatchesNormalisedEqualValuesOnly) {
  const SecretKey key = SecretKey::random();
  EXPECT_EQ(blindIndex(key, "email", normalizeEmail(" Ada@Example.COM ")),
            blindIndex(key, "email", normalizeEmail("ada@example.com")));
  EXPECT_NE(blindIndex(key, "email", "a"), blindIndex(key, "phone", "a"));
  EXPECT_NE(blindIndex(key, "email", "a"), blindIndex(SecretKey::random(), "email", "a"));
}

TEST_F(Crypto, PhoneNormalisationKeepsDigitsAndLeadingPlusWhenNotAValidNumber) {
  EXPECT_EQ(normalizePhone("+44 (20) 7946-0958"), "+442079460958");
  EXPECT_EQ(normalizePhone("0044+20"), "004420");
  EXPECT_EQ(normalizePhone("12345"), "12345");
  EXPECT_EQ(normalizePhone("no digits"), "");
}

}  // namespace
}  // namespace parley::privacy
