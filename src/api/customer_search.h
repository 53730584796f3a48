#pragma once
// Finding a customer by phone, email, name or channel identity (through the blind indexes, never a
// plaintext index): shared by the DPO's search (privacy_routes.cc) and the conversation list's
// customer filter (conversation_routes.cc). Each search is on the read audit: which way was
// searched and whom it found, never what was searched for.

#include <optional>
#include <string_view>
#include <vector>

#include "api/api_context.h"
#include "api/router.h"
#include "storage/privacy_store.h"

namespace parley::api {

// The query's `phone=`, `email=`, `name=` or `identity=` (with `channel=` for an identity);
// nullopt when none is given; ValidationFailed when more than one is, or one is over 320 bytes.
[[nodiscard]] Result<std::optional<storage::SubjectQuery>> customerSearchFrom(
    std::string_view query_string);

// The contacts found (at most `limit`), the search recorded on each one's trail (or on
// privacy/nobody).
[[nodiscard]] Result<std::vector<storage::SubjectSummary>> findCustomers(
    ApiContext& context, const Principal& reader, const storage::SubjectQuery& query, size_t limit);

// GET …/{id}: the contact `call.params[0]` names with everything it holds (a Subject), on the read
// audit: the DPO's subject and the contacts directory's profile.
void getCustomer(ApiContext& context, Call call);

}  // namespace parley::api
