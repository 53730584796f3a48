#include "channels/viber/viber_signature.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace parley::channels::viber {
namespace {

// Expected values computed independently with Node.js:
//   node -e "require('crypto').createHmac('sha256', key).update(body).digest('hex')"
constexpr std::string_view kToken = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9";
constexpr std::string_view kBody =
    R"({"event":"webhook","timestamp":1457764197627,"message_token":241256543215})";
constexpr std::string_view kExpected =
    "bd52434b46be1542d32bfa5e3332b757b927e183c5ef3b20a5f9877207dc55b9";

std::string uppercase(std::string_view text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return upper;
}

TEST(ViberSignature, MatchesAnIndependentlyComputedHmac) {
  EXPECT_EQ(signatureOf(kToken, kBody), kExpected);
}

TEST(ViberSignature, AcceptsAKeyLongerThanTheHashBlock) {
  EXPECT_EQ(signatureOf(std::string(100, 'k'), "hello"),
            "3fd578d761a4f6703009e92d2e8a0aea22ab9ab50d4ad250dc95d8c369dec3f5");
}

TEST(ViberSignature, SignsAnEmptyBody) {
  EXPECT_EQ(signatureOf("token", ""),
            "ce282bed9e6f7eb223c19a9ed2220e32c351b5a3e14ddfeab0f2230755a2987b");
}

TEST(ViberSignature, IsSixtyFourLowercaseHexDigits) {
  const std::string signature = signatureOf("t", "b");
  EXPECT_EQ(signature.size(), kSignatureHexLength);
  EXPECT_TRUE(std::all_of(signature.begin(), signature.end(),
                          [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
}

TEST(ViberSignature, AValidSignatureIsAccepted) {
  EXPECT_TRUE(isValidSignature(kToken, kBody, kExpected));
}

TEST(ViberSignature, UppercaseHexIsAccepted) {
  EXPECT_TRUE(isValidSignature(kToken, kBody, uppercase(kExpected)));
}

TEST(ViberSignature, AChangedBodyIsRefused) {
  std::string body(kBody);
  body.back() = ' ';
  EXPECT_FALSE(isValidSignature(kToken, body, kExpected));
  EXPECT_FALSE(isValidSignature(kToken, std::string(kBody) + "\n", kExpected));
}

TEST(ViberSignature, AnotherTokenIsRefused) {
  EXPECT_FALSE(isValidSignature("another-token", kBody, kExpected));
}

TEST(ViberSignature, AnEmptyTokenVerifiesNothing) {
  EXPECT_FALSE(isValidSignature("", kBody, signatureOf("", kBody)));
}

TEST(ViberSignature, AWrongLengthIsRefused) {
  EXPECT_FALSE(isValidSignature(kToken, kBody, ""));
  EXPECT_FALSE(isValidSignature(kToken, kBody, kExpected.substr(0, 63)));
  EXPECT_FALSE(isValidSignature(kToken, kBody, std::string(kExpected) + "0"));
  EXPECT_FALSE(isValidSignature(kToken, kBody, " " + std::string(kExpected)));
  EXPECT_FALSE(isValidSignature(kToken, kBody, "sha256=" + std::string(kExpected)));
}

TEST(ViberSignature, NonHexCharactersAreRefused) {
  std::string signature(kExpected);
  signature[10] = 'g';
  EXPECT_FALSE(isValidSignature(kToken, kBody, signature));
  signature[10] = '\0';
  EXPECT_FALSE(isValidSignature(kToken, kBody, signature));
}

TEST(ViberSignature, OneFlippedDigitIsRefused) {
  std::string signature(kExpected);
  signature[63] = signature[63] == '9' ? '8' : '9';
  EXPECT_FALSE(isValidSignature(kToken, kBody, signature));
}

}  // namespace
}  // namespace parley::channels::viber
