#include "api/idempotency.h"

#include "privacy/crypto.h"
#include "storage/conversation_stores.h"

namespace parley::api {

constexpr size_t kMaxKeyBytes = 255;

Handler idempotent(ApiContext& context, Handler handler) {
  return [&context, handler = std::move(handler)](Call call) {
    const std::string key = call.request.idempotency_key;
    if (key.empty()) {
      handler(std::move(call));
      return;
    }
    if (key.size() > kMaxKeyBytes) {
      call.fail(ErrorCode::ValidationFailed, "Idempotency-Key is longer than 255 bytes");
      return;
    }
    const TenantId tenant = call.principal->tenant;
    std::string scope = call.principal->actor.id + " " + call.request.path;
    std::string request_hash = privacy::hash(call.request.body);
    context.stores.idempotency->reserve(
        tenant, scope, key, std::move(request_hash),
        [&context, handler, tenant, scope, key,
         call = std::move(call)](Result<storage::IdempotencyReservation> reservation) mutable {
          if (!reservation) {
            call.fail(reservation.error());
            return;
          }
          if (reservation->done) {
            Response replay = Response::json(reservation->done->status, reservation->done->body);
            replay.headers.emplace_back("Idempotent-Replayed", "true");
            call.respond(std::move(replay));
            return;
          }
          if (reservation->mismatch) {
            call.fail(ErrorCode::Conflict, "this Idempotency-Key was used for a different request");
            return;
          }
          if (reservation->in_progress) {
            call.fail(ErrorCode::Conflict, "a request with this Idempotency-Key is still running");
            return;
          }
          // Run the handler with a respond that records the answer before sending it.
          Respond respond = std::move(call.respond);
          call.respond = [&context, tenant, scope, key,
                          respond = std::move(respond)](Response response) mutable {
            storage::IdempotentAnswer answer{response.status, response.body};
            auto shared = std::make_shared<Respond>(std::move(respond));
            auto sent = std::make_shared<Response>(std::move(response));
            context.stores.idempotency->complete(
                tenant, scope, key, std::move(answer),
                [shared, sent](Result<void>) mutable { (*shared)(std::move(*sent)); });
          };
          handler(std::move(call));
        });
  };
}

}  // namespace parley::api
