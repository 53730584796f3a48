#include "api/router.h"

#include <gtest/gtest.h>

namespace parley::api {
namespace {

class RouterTest : public ::testing::Test {
 protected:
  RouterTest()
      : authenticator_(storage::Stores{}, clock_, auth::SessionPolicy{}), router_(authenticator_) {
    router_.add(Method::Get, "/things/{id}", Access::Public,
                [](Call call) { call.respond(Response::json(200, call.params[0])); });
    router_.add(Method::Post, "/things", Permission::ManageUsers,
                [](Call call) { call.respond(Response::json(201, "created")); });
  }
  Response dispatch(Method method, std::string path) {
    Response answer;
    Request request;
    request.method = method;
    request.path = std::move(path);
    router_.dispatch(std::move(request),
                     [&answer](Response response) { answer = std::move(response); });
    return answer;
  }
  ManualClock clock_;
  Authenticator authenticator_;
  Router router_;
};

TEST_F(RouterTest, PlaceholderSegmentsBecomeParams) {
  const Response response = dispatch(Method::Get, "/things/con_42");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "con_42");
}

TEST_F(RouterTest, UnknownPathIs404AndOtherMethodIs405) {
  EXPECT_EQ(dispatch(Method::Get, "/nothing").status, 404);
  EXPECT_EQ(dispatch(Method::Get, "/things/a/b").status, 404);
  EXPECT_EQ(dispatch(Method::Delete, "/things/1").status, 405);
}

TEST_F(RouterTest, MalformedPercentEscapeIs400) {
  EXPECT_EQ(dispatch(Method::Get, "/things/%ZZ").status, 400);
  EXPECT_EQ(dispatch(Method::Get, "/things/a%2").status, 400);
  EXPECT_EQ(dispatch(Method::Get, "/things/a%20b").status, 200);
}

TEST_F(RouterTest, HeadIsServedByTheGetRoute) {
  EXPECT_EQ(dispatch(Method::Head, "/things/1").status, 200);
}

TEST_F(RouterTest, ProtectedRouteWithoutCredentialsIs401) {
  const Response response = dispatch(Method::Post, "/things");
  EXPECT_EQ(response.status, 401);
  EXPECT_NE(response.body.find("unauthenticated"), std::string::npos);
}

}  // namespace
}  // namespace parley::api
