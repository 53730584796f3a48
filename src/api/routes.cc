#include "api/routes.h"

#include <algorithm>

#include "api/widget.h"

namespace parley::api {

std::unique_ptr<Router> buildRouter(ApiContext& context) {
  auto router = std::make_unique<Router>(context.authenticator);
  router->useRateLimits(context.rate_limits);
  addHealthRoutes(*router, context);
  addAuthRoutes(*router, context);
  addUserRoutes(*router, context);
  addInviteRoutes(*router, context);
  addTokenRoutes(*router, context);
  addTwoFactorRoutes(*router, context);
  addBackupRoutes(*router, context);
  addContactImportRoutes(*router, context);
  addContactRoutes(*router, context);
  addAuditRoutes(*router, context);
  addRoutingRoutes(*router, context);
  addConversationRoutes(*router, context);
  addChannelRoutes(*router, context);
  addTemplateRoutes(*router, context);
  addMediaRoutes(*router, context);
  addPrivacyRoutes(*router, context);
  addTenantRoutes(*router, context);
  addUsageRoutes(*router, context);
  addReportRoutes(*router, context);
  addWidgetRoutes(*router, context);
  addWorkspaceRoutes(*router, context);
  addOpenApiRoutes(*router, context);
  return router;
}

void recordRead(ApiContext& context, const Principal& reader, std::string entity,
                std::string entity_id, std::string what) {
  if (context.read_audit != nullptr) {
    context.read_audit->record(storage::AuditRead{.tenant = reader.tenant,
                                                  .actor = reader.actor,
                                                  .at = context.clock.now(),
                                                  .entity = std::move(entity),
                                                  .entity_id = std::move(entity_id),
                                                  .attribute = std::move(what)});
  }
}

bool looksLikeEmail(std::string_view email) {
  const size_t at = email.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < email.size() &&
         email.find_first_of(" \t\r\n") == std::string_view::npos;
}

Result<std::string> emailField(const JsonObject& body) {
  auto email = body.requiredString("email", kMaxEmailBytes);
  if (email && !looksLikeEmail(*email)) {
    return fail(ErrorCode::ValidationFailed, "email is not an email address");
  }
  return email;
}

Result<Role> roleFromName(std::string_view name) {
  if (auto role = parseRole(name)) {
    return *role;
  }
  return fail(ErrorCode::ValidationFailed, "role must be admin, supervisor, agent or dpo");
}

Result<JsonObject> jsonBody(const Request& request) {
  if (!request.content_type.starts_with("application/json")) {
    return fail(ErrorCode::UnsupportedMediaType, "send the body as application/json");
  }
  return JsonObject::parse(request.body);
}

Result<Period> periodParameters(const Request& request, int utc_offset_minutes) {
  Period period;
  for (auto [name, bound] : {std::pair{"from", &period.from}, std::pair{"until", &period.until}}) {
    const std::string value = queryParameter(request.query, name);
    auto at = parseRfc3339(value);
    if (!at) {
      return fail(ErrorCode::ValidationFailed,
                  std::string(name) + " is required: a time like 2026-12-01T09:00:00Z, or a date");
    }
    if (value.size() == 10) {  // a date
      *at -= std::chrono::minutes(utc_offset_minutes);
      if (bound == &period.until) {
        *at += std::chrono::hours(24);  // to the end of that day
      }
    }
    *bound = *at;
  }
  return period;
}

Result<size_t> limitParameter(const Request& request, size_t fallback, size_t max) {
  const std::string text = queryParameter(request.query, "limit");
  if (text.empty()) {
    return fallback;
  }
  const bool digits = text.size() <= 6 && std::all_of(text.begin(), text.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
  const size_t limit = digits ? std::stoul(text) : 0;
  if (limit == 0 || limit > max) {
    return fail(ErrorCode::ValidationFailed,
                "limit must be a number from 1 to " + std::to_string(max));
  }
  return limit;
}

}  // namespace parley::api
