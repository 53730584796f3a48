#include "api/render.h"
#include "api/routes.h"

namespace parley::api {
namespace {

void listAudit(ApiContext& context, Call call) {
  const std::string entity = queryParameter(call.request.query, "entity");
  const std::string entity_id = queryParameter(call.request.query, "entityId");
  if ((entity != "contact" && entity != "user" && entity != "invite") || entity_id.empty()) {
    call.fail(ErrorCode::ValidationFailed,
              "entity must be contact, user or invite, with an entityId");
    return;
  }
  auto entries = context.stores.audit->listAudit(call.principal->tenant, entity, entity_id);
  if (!entries) {
    call.fail(entries.error());
    return;
  }
  call.respond(Response::json(200, itemsDocument(*entries, renderAuditEntry)));
}

}  // namespace

void addAuditRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/audit", Permission::ReadAudit, withContext(context, listAudit));
}

}  // namespace parley::api
