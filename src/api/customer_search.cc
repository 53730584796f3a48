#include "api/customer_search.h"

#include <array>

#include "api/render.h"
#include "api/render_privacy.h"
#include "api/routes.h"

namespace parley::api {

Result<std::optional<storage::SubjectQuery>> customerSearchFrom(std::string_view query_string) {
  using By = storage::SubjectQuery::By;
  std::optional<storage::SubjectQuery> query;
  for (const auto& [name, by] :
       {std::pair{"phone", By::Phone}, std::pair{"email", By::Email}, std::pair{"name", By::Name},
        std::pair{"identity", By::Identity}}) {
    std::string value = queryParameter(query_string, name);
    if (value.empty()) {
      continue;
    }
    if (query) {
      return fail(ErrorCode::ValidationFailed, "give only one of phone, email, name or identity");
    }
    if (value.size() > 320) {
      return fail(ErrorCode::ValidationFailed, "the search is longer than 320 bytes");
    }
    query = storage::SubjectQuery{.by = by, .value = std::move(value)};
  }
  if (query) {
    query->channel = queryParameter(query_string, "channel");
  }
  return query;
}

Result<std::vector<storage::SubjectSummary>> findCustomers(ApiContext& context,
                                                           const Principal& reader,
                                                           const storage::SubjectQuery& query,
                                                           size_t limit) {
  auto subjects = context.stores.privacy->findSubjects(reader.tenant, query, limit);
  if (!subjects) {
    return subjects;
  }
  constexpr std::array kBy{"search.phone", "search.email", "search.name", "search.identity"};
  const std::string how = kBy[static_cast<size_t>(query.by)];
  for (const storage::SubjectSummary& subject : *subjects) {
    recordRead(context, reader, "contact", subject.contact.id.value, how);
  }
  if (subjects->empty()) {
    recordRead(context, reader, "privacy", "nobody", how);
  }
  return subjects;
}

void getCustomer(ApiContext& context, Call call) {
  auto subject = context.stores.privacy->subject(call.principal->tenant, ContactId{call.params[0]});
  if (!subject) {
    call.fail(subject.error());
    return;
  }
  recordRead(context, *call.principal, "contact", subject->contact.id.value, "read");
  call.respond(Response::json(200, document("subject", *subject, renderSubject)));
}

}  // namespace parley::api
