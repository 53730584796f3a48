#include "api/routes.h"

namespace parley::api {

std::unique_ptr<Router> buildRouter(ApiContext& context) {
  auto router = std::make_unique<Router>(context.authenticator);
  addHealthRoutes(*router, context);
  addAuthRoutes(*router, context);
  addUserRoutes(*router, context);
  addTokenRoutes(*router, context);
  addContactRoutes(*router, context);
  addAuditRoutes(*router, context);
  addRoutingRoutes(*router, context);
  addConversationRoutes(*router, context);
  addChannelRoutes(*router, context);
  return router;
}

Result<JsonObject> jsonBody(const Request& request) {
  if (!request.content_type.starts_with("application/json")) {
    return fail(ErrorCode::UnsupportedMediaType, "send the body as application/json");
  }
  return JsonObject::parse(request.body);
}

}  // namespace parley::api
