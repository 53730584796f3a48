#include "auth/totp.h"

#include <gtest/gtest.h>

#include <set>

#include "privacy/crypto.h"

namespace parley::auth {
namespace {

// RFC 6238 Appendix B's SHA-1 secret.
const std::string kRfcSecret = "12345678901234567890";

TimePoint at(int64_t unix_seconds) { return TimePoint(std::chrono::seconds(unix_seconds)); }

TEST(Totp, Rfc4226Vectors) {
  // RFC 4226 Appendix D: HOTP of counters 0…9.
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(hotp(kRfcSecret, counter), expected[counter]) << counter;
  }
}

TEST(Totp, Rfc6238Vectors) {
  // RFC 6238 Appendix B, SHA-1, 8 digits.
  const std::pair<int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [seconds, code] : vectors) {
    // T = floor(seconds / 30); year 2603 does not fit a nanosecond TimePoint, so computed here.
    EXPECT_EQ(hotp(kRfcSecret, static_cast<uint64_t>(seconds / 30), 8), code) << seconds;
    if (seconds < 10'000'000'000) {
      EXPECT_EQ(totpStep(at(seconds)), seconds / 30);
    }
  }
}

TEST(Totp, AcceptsOneStepOfDriftEitherSideAndNothingBeyond) {
  const TimePoint now = at(1234567890);
  const int64_t step = totpStep(now);
  for (int64_t drift : {-1, 0, 1}) {
    const std::string code = hotp(kRfcSecret, static_cast<uint64_t>(step + drift));
    EXPECT_EQ(matchTotp(kRfcSecret, code, now, 0), step + drift) << drift;
  }
  for (int64_t drift : {-3, -2, 2, 3}) {
    const std::string code = hotp(kRfcSecret, static_cast<uint64_t>(step + drift));
    EXPECT_FALSE(matchTotp(kRfcSecret, code, now, 0)) << drift;
  }
}

TEST(Totp, ACodeIsNeverAcceptedTwiceNorAnOlderOneAfterANewer) {
  const TimePoint now = at(1234567890);
  const int64_t step = totpStep(now);
  const std::string code = hotp(kRfcSecret, static_cast<uint64_t>(step));
  EXPECT_FALSE(matchTotp(kRfcSecret, code, now, step)) << "used already";
  const std::string older = hotp(kRfcSecret, static_cast<uint64_t>(step - 1));
  EXPECT_FALSE(matchTotp(kRfcSecret, older, now, step)) << "older than the last used";
  EXPECT_EQ(matchTotp(kRfcSecret, hotp(kRfcSecret, static_cast<uint64_t>(step + 1)), now, step),
            step + 1);
}

TEST(Totp, MalformedCodesMatchNothing) {
  const TimePoint now = at(1234567890);
  const std::string code = hotp(kRfcSecret, static_cast<uint64_t>(totpStep(now)));
  EXPECT_EQ(matchTotp(kRfcSecret, code.substr(0, 3) + " " + code.substr(3), now, 0), totpStep(now))
      << "a space as apps show it";
  for (std::string_view bad : {"", "12345", "1234567", "12345a", "-89005", "８９００５９"}) {
    EXPECT_FALSE(matchTotp(kRfcSecret, bad, now, 0)) << bad;
  }
  EXPECT_FALSE(matchTotp("", "000000", now, 0));
}

TEST(Totp, Base32RoundTripsAndReadsWhatAppsShow) {
  EXPECT_EQ(base32Encode("12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(base32Encode("f"), "MY");
  EXPECT_EQ(base32Encode("fooba"), "MZXW6YTB");
  EXPECT_EQ(base32Decode("mzxw 6ytb"), "fooba");
  EXPECT_EQ(base32Decode("MY======"), "f");
  EXPECT_FALSE(base32Decode("MZ1W"));
  privacy::initCrypto();
  const std::string secret = newTotpSecret();
  EXPECT_EQ(secret.size(), 20u);
  EXPECT_EQ(base32Decode(base32Encode(secret)), secret);
}

TEST(Totp, OtpauthUriNamesIssuerAndAccount) {
  EXPECT_EQ(otpauthUri("Parley (Acme Ltd)", "ada+1@example.com", "fooba"),
            "otpauth://totp/Parley%20%28Acme%20Ltd%29:ada%2B1%40example.com?secret=MZXW6YTB"
            "&issuer=Parley%20%28Acme%20Ltd%29&algorithm=SHA1&digits=6&period=30");
}

TEST(Totp, RecoveryCodesAreDistinctAndReadable) {
  privacy::initCrypto();
  const auto codes = newRecoveryCodes();
  ASSERT_EQ(codes.size(), kRecoveryCodeCount);
  std::set<std::string> distinct(codes.begin(), codes.end());
  EXPECT_EQ(distinct.size(), codes.size());
  for (const std::string& code : codes) {
    ASSERT_EQ(code.size(), 14u) << code;
    EXPECT_EQ(code[4], '-');
    EXPECT_EQ(code[9], '-');
    EXPECT_EQ(code.find_first_of("01ilo"), std::string::npos) << code;
    EXPECT_EQ(normalizeRecoveryCode(code).size(), 12u);
  }
  EXPECT_EQ(normalizeRecoveryCode(" K7PQ-2mxd 9TRW "), "k7pq2mxd9trw");
}

}  // namespace
}  // namespace parley::auth
