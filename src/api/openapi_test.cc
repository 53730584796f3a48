#include "api/openapi.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <set>
#include <string>
#include <utility>

#include "api/live_events.h"
#include "api/routes.h"

namespace parley::api {
namespace {

using Operation = std::pair<std::string, std::string>;  // {"get", "/api/v1/skills/{id}"}

// Registering routes runs no handler, so nothing here is ever asked to do work.
class RefusingExecutor final : public Executor {
 public:
  void post(Job job) override { job(false); }
};

std::string openApiMethod(Method method) {
  switch (method) {
    case Method::Get:
      return "get";
    case Method::Head:
      return "head";
    case Method::Post:
      return "post";
    case Method::Put:
      return "put";
    case Method::Patch:
      return "patch";
    case Method::Delete:
      return "delete";
    case Method::Options:
      return "options";
    case Method::Other:
      return "other";
  }
  return "other";
}

std::string describe(const std::set<Operation>& operations) {
  std::string text;
  for (const auto& [method, path] : operations) {
    text += "  " + method + " " + path + "\n";
  }
  return text;
}

// The real router, built by buildRouter over a context whose storage is absent: the check is
// about which routes exist, not what they do.
class OpenApiTest : public ::testing::Test {
 protected:
  OpenApiTest()
      : authenticator_(storage::Stores{}, clock_, auth::SessionPolicy{}),
        throttle_(clock_),
        live_events_(events_),
        routing_(storage::Stores{}, clock_, live_events_),
        context_{.stores = {},
                 .clock = clock_,
                 .blocking = executor_,
                 .authenticator = authenticator_,
                 .throttle = throttle_,
                 .events = events_,
                 .metrics = metrics_,
                 .routing = routing_,
                 .is_ready = [] { return true; },
                 .engine_metrics = [] { return std::string(); }},
        router_(buildRouter(context_)) {}

  std::set<Operation> registered() const {
    std::set<Operation> operations;
    for (const auto& [method, pattern] : router_->routes()) {
      operations.emplace(openApiMethod(method), pattern);
    }
    return operations;
  }

  // The operations under `paths`; fails the test when the document does not parse.
  std::set<Operation> documented() {
    std::set<Operation> operations;
    simdjson::dom::object paths;
    EXPECT_EQ(parsed()["paths"].get(paths), simdjson::SUCCESS) << "no paths object";
    for (auto [path, item] : paths) {
      simdjson::dom::object operations_of_path;
      EXPECT_EQ(item.get(operations_of_path), simdjson::SUCCESS) << path;
      for (auto [key, operation] : operations_of_path) {
        if (kMethods.contains(std::string(key))) {
          operations.emplace(std::string(key), std::string(path));
        }
      }
    }
    return operations;
  }

  simdjson::dom::element parsed() {
    simdjson::dom::element root;
    const auto error = parser_.parse(document_).get(root);
    EXPECT_EQ(error, simdjson::SUCCESS) << simdjson::error_message(error);
    return root;
  }

  inline static const std::set<std::string> kMethods = {"get",     "put",  "post",  "delete",
                                                        "options", "head", "patch", "trace"};
  ManualClock clock_;
  RefusingExecutor executor_;
  Authenticator authenticator_;
  auth::SignInThrottle throttle_;
  events::EventBus events_;
  Metrics metrics_;
  LiveEvents live_events_;
  conversations::RoutingService routing_;
  ApiContext context_;
  std::unique_ptr<Router> router_;
  simdjson::padded_string document_{openApiDocument()};
  simdjson::dom::parser parser_;
};

TEST_F(OpenApiTest, DocumentIsOpenApi303Json) {
  std::string_view version;
  ASSERT_EQ(parsed()["openapi"].get(version), simdjson::SUCCESS);
  EXPECT_EQ(version, "3.0.3");
}

TEST_F(OpenApiTest, EveryRegisteredRouteIsDocumented) {
  const std::set<Operation> in_document = documented();
  ASSERT_FALSE(registered().empty());
  std::set<Operation> missing;
  for (const Operation& route : registered()) {
    if (!in_document.contains(route)) {
      missing.insert(route);
    }
  }
  EXPECT_TRUE(missing.empty()) << "routes missing from src/api/openapi.json:\n"
                               << describe(missing);
}

TEST_F(OpenApiTest, EveryDocumentedOperationIsRegistered) {
  const std::set<Operation> routes = registered();
  std::set<Operation> extra;
  for (const Operation& operation : documented()) {
    if (!routes.contains(operation)) {
      extra.insert(operation);
    }
  }
  EXPECT_TRUE(extra.empty()) << "operations in src/api/openapi.json that no route serves:\n"
                             << describe(extra);
}

// Every operation that takes credentials names the scope an API token needs (x-token-scope), and
// it is the one the router enforces.
TEST_F(OpenApiTest, EveryOperationNamesTheTokenScopeTheRouterChecks) {
  simdjson::dom::object paths;
  ASSERT_EQ(parsed()["paths"].get(paths), simdjson::SUCCESS);
  std::set<Method> methods = {Method::Get,   Method::Post,   Method::Put,
                              Method::Patch, Method::Delete, Method::Options};
  size_t checked = 0;
  for (auto [path, item] : paths) {
    for (Method method : methods) {
      simdjson::dom::object operation;
      if (item[openApiMethod(method)].get(operation) != simdjson::SUCCESS) {
        continue;
      }
      simdjson::dom::array security;
      const bool is_public =
          operation["security"].get(security) == simdjson::SUCCESS && security.size() == 0;
      std::string_view scope;
      const bool named = operation["x-token-scope"].get(scope) == simdjson::SUCCESS;
      const std::string where = openApiMethod(method) + " " + std::string(path);
      if (is_public) {
        EXPECT_FALSE(named) << where << " is public: no scope";
        continue;
      }
      ASSERT_TRUE(named) << where << " names no x-token-scope";
      EXPECT_EQ(scope, tokenScopeName(requiredScope(method, path))) << where;
      ++checked;
    }
  }
  EXPECT_GT(checked, 80u);
}

TEST_F(OpenApiTest, ServedPubliclyAtApiV1OpenapiJson) {
  Request request;
  request.path = "/api/v1/openapi.json";
  Response answer;
  router_->dispatch(std::move(request),
                    [&answer](Response response) { answer = std::move(response); });
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_EQ(answer.body, openApiDocument());
}

}  // namespace
}  // namespace parley::api
