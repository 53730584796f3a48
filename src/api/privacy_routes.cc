// The privacy console (P2, P3) for DPOs and admins: the tenant's privacy settings, finding one
// customer's data, and anonymising or erasing it. Both actions are irreversible: the request names
// the action again in `confirm` (what the UI has the DPO type), and once storage has committed,
// the copies held in memory go too (the routing engine's conversations, the frames kept for
// resuming live sockets).

#include "api/customer_search.h"
#include "api/render.h"
#include "api/render_privacy.h"
#include "api/routes.h"
#include "api/subject_export.h"
#include "storage/privacy_store.h"

namespace parley::api {
namespace {

constexpr size_t kMaxSubjects = 50;

void renderSettings(JsonWriter& json, const storage::PrivacySettings& settings) {
  json.beginObject()
      .field("phoneRegion", settings.phone_region)
      .key("anonymiseAfterDays")
      .number(int64_t{settings.anonymise_after_days})
      .key("deleteAfterDays")
      .number(int64_t{settings.delete_after_days})
      .key("auditKeepDays")
      .number(int64_t{settings.audit_keep_days})
      .endObject();
}

void getSettings(ApiContext& context, Call call) {
  auto settings = context.stores.privacy->privacySettings(call.principal->tenant);
  if (!settings) {
    call.fail(settings.error());
    return;
  }
  call.respond(Response::json(200, document("settings", *settings, renderSettings)));
}

// PUT: every field optional; what is not given stays.
void putSettings(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto settings = context.stores.privacy->privacySettings(call.principal->tenant);
  if (!settings) {
    call.fail(settings.error());
    return;
  }
  auto region = body->optionalString("phoneRegion", 2);
  auto anonymise = body->optionalInteger("anonymiseAfterDays", 1, 36500);
  auto erase = body->optionalInteger("deleteAfterDays", 1, 36500);
  auto audit = body->optionalInteger("auditKeepDays", 1, 36500);
  for (const Error* error :
       {region ? nullptr : &region.error(), anonymise ? nullptr : &anonymise.error(),
        erase ? nullptr : &erase.error(), audit ? nullptr : &audit.error()}) {
    if (error) {
      call.fail(*error);
      return;
    }
  }
  if (*region) {
    settings->phone_region = std::move(**region);
  }
  if (*anonymise) {
    settings->anonymise_after_days = static_cast<int>(**anonymise);
  }
  if (*erase) {
    settings->delete_after_days = static_cast<int>(**erase);
  }
  if (*audit) {
    settings->audit_keep_days = static_cast<int>(**audit);
  }
  Actor actor = call.principal->actor;  // before `call` moves into the answer
  context.stores.privacy->savePrivacySettings(
      std::move(*settings), std::move(actor),
      [&context, answer = answerWith<storage::PrivacySettings>(std::move(call), 200, "settings",
                                                               renderSettings)](
          Result<storage::PrivacySettings> saved) mutable {
        if (saved) {
          context.retention_changed();  // "takes effect immediately" (P3)
        }
        answer(std::move(saved));
      });
}

// GET ?phone= | ?email= | ?name= | ?identity=[&channel=]: exactly one way to search.
void findSubjects(ApiContext& context, Call call) {
  auto query = customerSearchFrom(call.request.query);
  if (query && !*query) {
    query = fail(ErrorCode::ValidationFailed, "give exactly one of phone, email, name or identity");
  }
  if (!query) {
    call.fail(query.error());
    return;
  }
  auto subjects = findCustomers(context, *call.principal, **query, kMaxSubjects);
  if (!subjects) {
    call.fail(subjects.error());
    return;
  }
  call.respond(Response::json(200, itemsDocument(*subjects, renderSubject)));
}

// GET ?format=json (default) | csv: everything held about the customer, as a download.
void exportSubjectData(ApiContext& context, Call call) {
  const std::string format = queryParameter(call.request.query, "format");
  if (!format.empty() && format != "json" && format != "csv") {
    call.fail(ErrorCode::ValidationFailed, "format is json or csv");
    return;
  }
  const bool csv = format == "csv";
  const ContactId contact{call.params[0]};
  auto body = exportSubject(context, call.principal->tenant, contact,
                            csv ? ExportFormat::Csv : ExportFormat::Json);
  if (!body) {
    call.fail(body.error());
    return;
  }
  Response response{
      .status = 200,
      .content_type = csv ? "text/csv; charset=utf-8" : "application/json",
      .headers = {{"Content-Disposition", "attachment; filename=\"parley-" + contact.value +
                                              (csv ? ".csv\"" : ".json\"")}},
      .stream = std::move(*body)};
  recordRead(context, *call.principal, "contact", contact.value,
             csv ? "export.csv" : "export.json");
  call.respond(std::move(response));
}

enum class Action { Anonymise, Erase };

// POST /privacy/subjects/{id}/anonymise | erase {"confirm": "anonymise" | "erase"}.
void act(ApiContext& context, Call call, Action action) {
  const std::string_view word = action == Action::Erase ? "erase" : "anonymise";
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto confirm = body->optionalString("confirm", 32);
  if (!confirm) {
    call.fail(confirm.error());
    return;
  }
  if (*confirm != std::optional<std::string>(word)) {
    call.fail(ErrorCode::ValidationFailed,
              "this cannot be undone: confirm with {\"confirm\": \"" + std::string(word) + "\"}");
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const ContactId contact{call.params[0]};
  Actor actor = call.principal->actor;
  auto finish = [&context, tenant, contact, action,
                 call = std::move(call)](Result<storage::SubjectActionResult> done) mutable {
    if (!done) {
      call.fail(done.error());
      return;
    }
    std::vector<std::string> conversations;
    for (const ConversationId& id : done->conversations) {
      conversations.push_back(id.value);
    }
    context.events.redact(tenant, conversations);
    if (context.channel_types) {
      for (const auto& [channel, address] : done->identities) {
        context.channel_types->forgetContact(tenant, ChannelId{channel}, address);
      }
    }
    if (action == Action::Erase) {
      context.erased();
    }
    const size_t closed = done->closed.size();
    context.routing.closedInStorage(tenant, std::move(done->closed));
    auto subject = context.stores.privacy->subject(tenant, contact);
    if (!subject) {
      call.fail(subject.error());
      return;
    }
    JsonWriter json;
    json.beginObject().key("subject");
    renderSubject(json, *subject);
    json.key("contacts").beginArray();
    for (const ContactId& id : done->contacts) {
      json.string(id.value);
    }
    json.endArray()
        .key("closedConversations")
        .number(static_cast<int64_t>(closed))
        .key("cancelledMessages")
        .number(static_cast<int64_t>(done->cancelled.size()))
        .endObject();
    call.respond(Response::json(200, json.take()));
  };
  if (action == Action::Erase) {
    context.stores.privacy->eraseSubject(tenant, contact, std::move(actor), std::move(finish));
  } else {
    context.stores.privacy->anonymiseSubject(tenant, contact, std::move(actor), std::move(finish));
  }
}

// POST /privacy/contact-keys/rotate: a new key wraps the tenant's contact keys (O6). Not
// irreversible, nothing is lost: the old wrapping key simply stops existing here.
void rotateContactKeys(ApiContext& context, Call call) {
  const TenantId tenant = call.principal->tenant;
  Actor actor = call.principal->actor;
  context.blocking.post([&context, call = std::move(call), tenant = std::move(tenant),
                         actor = std::move(actor)](bool admitted) mutable {
    if (!admitted) {
      respondBusy(call);
      return;
    }
    context.stores.privacy->rotateContactKeys(
        std::move(tenant), std::move(actor), [call = std::move(call)](Result<size_t> done) mutable {
          if (!done) {
            call.fail(done.error());
            return;
          }
          JsonWriter json;
          json.beginObject().key("rewrappedKeys").number(static_cast<int64_t>(*done)).endObject();
          call.respond(Response::json(200, json.take()));
        });
  });
}

}  // namespace

void addPrivacyRoutes(Router& router, ApiContext& context) {
  router.add(Method::Get, "/api/v1/privacy/settings", Permission::ManagePrivacy,
             withContext(context, getSettings));
  router.add(Method::Put, "/api/v1/privacy/settings", Permission::ManagePrivacy,
             withContext(context, putSettings));
  router.add(Method::Get, "/api/v1/privacy/subjects", Permission::ManagePrivacy,
             withContext(context, findSubjects));
  router.add(Method::Get, "/api/v1/privacy/subjects/{id}", Permission::ManagePrivacy,
             withContext(context, getCustomer));
  router.add(Method::Get, "/api/v1/privacy/subjects/{id}/export", Permission::ManagePrivacy,
             withContext(context, exportSubjectData));
  router.add(Method::Post, "/api/v1/privacy/subjects/{id}/anonymise", Permission::ManagePrivacy,
             [&context](Call call) { act(context, std::move(call), Action::Anonymise); });
  router.add(Method::Post, "/api/v1/privacy/subjects/{id}/erase", Permission::ManagePrivacy,
             [&context](Call call) { act(context, std::move(call), Action::Erase); });
  router.add(Method::Post, "/api/v1/privacy/contact-keys/rotate", Permission::ManagePrivacy,
             withContext(context, rotateContactKeys));
}

}  // namespace parley::api
