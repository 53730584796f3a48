#pragma once
// Everything held about one customer (GDPR Art. 15 and 20), as one download made piece by piece
// while it is sent, so that memory stays bounded whatever the customer's history: the contact and
// every contact merged into it, identities, consents, each conversation with its messages (a page
// at a time) and notes, and the audit entries about them. Media are listed, by the ids their
// messages name.
//
// JSON: {"exportedAt","subject",conversations:[{"conversation","messages","notes"}],"audit"}.
// CSV: one table of records (contact fields, identities, consents, conversations, messages, notes,
// audit entries), for spreadsheets; cells that a spreadsheet would run as a formula are quoted
// with a leading apostrophe.

#include <memory>

#include "api/api_context.h"
#include "api/http_types.h"

namespace parley::api {

enum class ExportFormat { Json, Csv };

// NotFound for an unknown contact; read errors later cut the download (http_types.h).
[[nodiscard]] Result<std::shared_ptr<BodyStream>> exportSubject(ApiContext& context,
                                                                const TenantId& tenant,
                                                                const ContactId& contact,
                                                                ExportFormat format);

}  // namespace parley::api
