#include "api/http_types.h"

#include <gtest/gtest.h>

namespace parley::api {
namespace {

TEST(ErrorResponse, HasTheOneShapeAndStatus) {
  const Response response = Response::error({ErrorCode::PayloadTooLarge, "too big"});
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.body, R"({"error":{"code":"payload_too_large","message":"too big"}})");
}

TEST(ErrorResponse, InternalDetailStaysInTheLog) {
  const Response response = Response::error({ErrorCode::Internal, "UNIQUE constraint failed: x.y"});
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("UNIQUE"), std::string::npos);
  EXPECT_NE(response.body.find("\"internal\""), std::string::npos);
}

TEST(HttpParsing, QueryParametersAndCookies) {
  EXPECT_EQ(queryParameter("email=a%40b.com&x=1", "email"), "a@b.com");
  EXPECT_EQ(queryParameter("phone=%2B44%2020", "phone"), "+44 20");
  EXPECT_EQ(queryParameter("phone=+4420&email=a+tag@b.com", "phone"), "+4420");
  EXPECT_EQ(queryParameter("phone=+4420&email=a+tag@b.com", "email"), "a+tag@b.com");
  EXPECT_EQ(queryParameter("x=1", "email"), "");
  EXPECT_EQ(queryParameter("bad=%zz%4", "bad"), "%zz%4");
  EXPECT_EQ(cookieValue("a=1; parley_session=abc; b=2", "parley_session"), "abc");
  EXPECT_EQ(cookieValue("xparley_session=abc", "parley_session"), "");
}

}  // namespace
}  // namespace parley::api
