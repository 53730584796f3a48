#include "api/customer_search.h"
#include "api/render.h"
#include "api/routes.h"
#include "core/contact_limits.h"

namespace parley::api {
namespace {

namespace limits = contact_limits;

constexpr size_t kDirectoryPage = 50;
constexpr size_t kMaxDirectoryPage = 200;
constexpr size_t kMaxFound = 50;

std::string contactDocument(const Contact& contact) {
  JsonWriter json;
  json.beginObject().key("contact");
  renderContact(json, contact);
  json.endObject();
  return json.take();
}

// The fields a contact's body may give, for creating it or changing it.
struct ContactFields {
  std::optional<std::string> name, email, phone;
  std::map<std::string, std::string> attributes;
};
Result<ContactFields> contactFields(const JsonObject& body) {
  auto name = body.optionalString("name", limits::kName);
  auto email = body.optionalString("email", limits::kEmail);
  auto phone = body.optionalString("phone", limits::kPhone);
  auto attributes = body.stringMap("attributes", limits::kAttributes, limits::kAttributeValue);
  for (const Error* error :
       {name ? nullptr : &name.error(), email ? nullptr : &email.error(),
        phone ? nullptr : &phone.error(), attributes ? nullptr : &attributes.error()}) {
    if (error) {
      return std::unexpected(*error);
    }
  }
  // "" clears a field when changing a contact; anything else must look like what it is.
  if (*email && !email->value().empty() && !limits::looksLikeEmail(**email)) {
    return fail(ErrorCode::ValidationFailed, "email is not an email address");
  }
  if (*phone && !phone->value().empty() && !limits::looksLikePhoneNumber(**phone)) {
    return fail(ErrorCode::ValidationFailed, "phone is not a phone number");
  }
  return ContactFields{std::move(*name), std::move(*email), std::move(*phone),
                       std::move(*attributes)};
}

void createContact(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto fields = contactFields(*body);
  if (!fields) {
    call.fail(fields.error());
    return;
  }
  Contact contact{.tenant_id = call.principal->tenant,
                  .name = std::move(fields->name),
                  .email = std::move(fields->email),
                  .phone = std::move(fields->phone),
                  .attributes = std::move(fields->attributes)};
  const Actor actor = call.principal->actor;
  context.stores.contacts->createContact(
      std::move(contact), actor, [call = std::move(call)](Result<Contact> created) mutable {
        if (!created) {
          call.fail(created.error());
          return;
        }
        call.respond(Response::json(201, contactDocument(*created)));
      });
}

void getContact(ApiContext& context, Call call) {
  auto contact =
      context.stores.contacts->findContact(call.principal->tenant, ContactId{call.params[0]});
  if (!contact) {
    call.fail(contact.error());
    return;
  }
  recordRead(context, *call.principal, "contact", contact->id.value, "read");
  call.respond(Response::json(200, contactDocument(*contact)));
}

// The directory (W5) without a search: contacts neither erased nor merged away, oldest first,
// a page after `after`; one read entry per page (who listed, not whom).
void listDirectory(ApiContext& context, Call call) {
  auto limit = limitParameter(call.request, kDirectoryPage, kMaxDirectoryPage);
  if (!limit) {
    call.fail(limit.error());
    return;
  }
  auto records = context.stores.contacts->listContacts(
      call.principal->tenant, ContactId{queryParameter(call.request.query, "after")}, *limit);
  if (!records) {
    call.fail(records.error());
    return;
  }
  recordRead(context, *call.principal, "contact", "*", "list");
  JsonWriter json;
  json.beginObject().key("items").beginArray();
  for (const storage::ContactRecord& record : *records) {
    renderContact(json, record.contact);
  }
  json.endArray().key("nextCursor");
  if (records->size() == *limit) {
    json.string(records->back().contact.id.value);
  } else {
    json.null();
  }
  call.respond(Response::json(200, json.endObject().take()));
}

// GET ?email= | ?phone= (exact, through the blind index) | ?name= | ?identity=[&channel=] (through
// the privacy search, on the read audit); none: the directory.
void findContacts(ApiContext& context, Call call) {
  auto query = customerSearchFrom(call.request.query);
  if (!query) {
    call.fail(query.error());
    return;
  }
  if (!*query) {
    listDirectory(context, std::move(call));
    return;
  }
  using By = storage::SubjectQuery::By;
  if ((*query)->by == By::Email || (*query)->by == By::Phone) {
    auto contacts = context.stores.contacts->findContacts(
        call.principal->tenant,
        (*query)->by == By::Email ? storage::ContactKey::Email : storage::ContactKey::Phone,
        (*query)->value);
    if (!contacts) {
      call.fail(contacts.error());
      return;
    }
    call.respond(Response::json(200, itemsDocument(*contacts, renderContact)));
    return;
  }
  auto found = findCustomers(context, *call.principal, **query, kMaxFound);
  if (!found) {
    call.fail(found.error());
    return;
  }
  std::vector<Contact> contacts;
  for (storage::SubjectSummary& subject : *found) {
    if (!subject.erased_at) {
      contacts.push_back(std::move(subject.contact));
    }
  }
  call.respond(Response::json(200, itemsDocument(contacts, renderContact)));
}

// PATCH /contacts/{id} {"name"?, "email"?, "phone"?, "attributes"?}: what is given is set (""
// clears a field or removes an attribute), each change audited.
void updateContact(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto fields = contactFields(*body);
  if (!fields) {
    call.fail(fields.error());
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const ContactId id{call.params[0]};
  std::vector<storage::ContactChanges> changes{{.id = id,
                                                .name = std::move(fields->name),
                                                .email = std::move(fields->email),
                                                .phone = std::move(fields->phone),
                                                .attributes = std::move(fields->attributes)}};
  const Actor actor = call.principal->actor;  // read before `call` moves into the callback
  context.stores.contacts->applyContactChanges(
      tenant, std::move(changes), actor,
      [&context, tenant, call = std::move(call)](
          Result<std::vector<storage::ContactChangeOutcome>> outcomes) mutable {
        if (!outcomes) {
          call.fail(outcomes.error());
          return;
        }
        const storage::ContactChangeOutcome& outcome = outcomes->front();
        if (outcome.action == storage::ContactChangeOutcome::Action::Failed) {
          // Not found; or merged into another, changed or erased meanwhile.
          call.fail(
              outcome.error.starts_with("no contact") ? ErrorCode::NotFound : ErrorCode::Conflict,
              outcome.error);
          return;
        }
        // Answered with the contact as it is now, read off the writer's thread and audited as the
        // read it is (P9).
        context.blocking.post([&context, tenant, id = outcome.contact,
                               call = std::move(call)](bool admitted) mutable {
          if (!admitted) {
            respondBusy(call);
            return;
          }
          auto contact = context.stores.contacts->findContact(tenant, id);
          if (!contact) {
            call.fail(contact.error());
            return;
          }
          recordRead(context, *call.principal, "contact", contact->id.value, "read");
          call.respond(Response::json(200, contactDocument(*contact)));
        });
      });
}

// POST /contacts/{id}/merge {"from": id}: the same customer reached us twice.
void mergeContacts(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto from = body->requiredString("from", 64);
  if (!from) {
    call.fail(from.error());
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const ContactId into{call.params[0]};
  const Actor actor = call.principal->actor;
  context.stores.contacts->mergeContacts(
      tenant, into, ContactId{*from}, actor,
      [call = std::move(call)](Result<Contact> merged) mutable {
        if (!merged) {
          call.fail(merged.error());
          return;
        }
        call.respond(Response::json(200, contactDocument(*merged)));
      });
}

}  // namespace

void addContactRoutes(Router& router, ApiContext& context) {
  router.add(Method::Post, "/api/v1/contacts/{id}/merge", Permission::WriteContacts,
             withContext(context, mergeContacts));
  router.add(Method::Post, "/api/v1/contacts", Permission::WriteContacts,
             withContext(context, createContact));
  router.add(Method::Get, "/api/v1/contacts", Permission::ReadContacts,
             withContext(context, findContacts));
  router.add(Method::Get, "/api/v1/contacts/{id}/profile", Permission::ReadContacts,
             withContext(context, getCustomer));
  router.add(Method::Get, "/api/v1/contacts/{id}", Permission::ReadContacts,
             withContext(context, getContact));
  router.add(Method::Patch, "/api/v1/contacts/{id}", Permission::WriteContacts,
             withContext(context, updateContact));
}

}  // namespace parley::api
