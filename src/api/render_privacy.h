#pragma once
// JSON shapes of the privacy console (docs/api.md, "Shapes"): what is held about one customer.

#include "core/json/json_writer.h"
#include "storage/privacy_store.h"

namespace parley::api {

// Subject {"contact","identities","channels","conversations",…,"anonymisedAt","erasedAt"}.
void renderSubject(JsonWriter& json, const storage::SubjectSummary& subject);

}  // namespace parley::api
