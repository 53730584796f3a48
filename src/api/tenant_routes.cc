// The tenant itself (P4): what it is, and its deletion by one of its admins. Deleting locks the
// tenant out at once (sessions, tokens, webhooks, live sockets, channels' connections); its data is
// destroyed kTenantGrace later unless an operator undeletes it (`parley admin undelete-tenant`).
#include "api/render.h"
#include "api/routes.h"

namespace parley::api {
namespace {

void renderTenant(JsonWriter& json, const Tenant& tenant) {
  json.beginObject()
      .field("id", tenant.id.value)
      .field("name", tenant.name)
      .field("createdAt", formatRfc3339(tenant.created_at));
  if (tenant.deleted_at) {
    json.field("deletedAt", formatRfc3339(*tenant.deleted_at))
        .field("destroyAfter", formatRfc3339(*tenant.deleted_at + kTenantGrace));
  }
  json.endObject();
}

void getTenant(ApiContext& context, Call call) {
  auto tenant = context.stores.tenants->findTenant(call.principal->tenant);
  if (!tenant) {
    call.fail(tenant.error());
    return;
  }
  call.respond(Response::json(200, document("tenant", *tenant, renderTenant)));
}

// DELETE {"confirm": "<the tenant's name>"}: signed-in admins only, never a token.
void deleteTenant(ApiContext& context, Call call) {
  if (!call.principal->isCookieAuthenticated()) {
    call.fail(ErrorCode::Forbidden, "only an admin signed in to the web UI can delete the tenant");
    return;
  }
  auto tenant = context.stores.tenants->findTenant(call.principal->tenant);
  if (!tenant) {
    call.fail(tenant.error());
    return;
  }
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto confirm = body->optionalString("confirm", 400);
  if (!confirm) {
    call.fail(confirm.error());
    return;
  }
  if (*confirm != std::optional<std::string>(tenant->name)) {
    call.fail(ErrorCode::ValidationFailed,
              "this locks everyone out and destroys all data after 30 days: confirm with the "
              "tenant's name, {\"confirm\": \"" +
                  tenant->name + "\"}");
    return;
  }
  const TenantId id = tenant->id;
  Actor actor = call.principal->actor;
  context.stores.tenants->deleteTenant(
      id, std::move(actor), [&context, id, call = std::move(call)](Result<Tenant> deleted) mutable {
        if (!deleted) {
          call.fail(deleted.error());
          return;
        }
        context.tenant_deleted(id);  // channels stop, live sockets close
        call.respond(Response::json(200, document("tenant", *deleted, renderTenant)));
      });
}

}  // namespace

void addTenantRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/tenant", Permission::ListChannels,
             withContext(context, getTenant));
  router.add(Method::Delete, "/api/v1/tenant", Permission::ManageUsers,
             withContext(context, deleteTenant));
}

}  // namespace parley::api
