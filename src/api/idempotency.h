#pragma once
// Idempotency keys on POST (I1). A request carrying `Idempotency-Key` runs once per caller, route
// and key: a repeat with the same body gets the stored answer (with `Idempotent-Replayed: true`),
// a repeat with another body is 409, a repeat while the first still runs is 409 too. Answers of
// 500 and above are not kept, so the client may retry. Keys live 24 hours.

#include "api/api_context.h"
#include "api/router.h"

namespace parley::api {

Handler idempotent(ApiContext& context, Handler handler);

}  // namespace parley::api
