#pragma once
// Everything the API's handlers use, wired by app/. Outlives every request.

#include <functional>
#include <string>

#include "api/authenticator.h"
#include "api/metrics.h"
#include "api/rate_limiter.h"
#include "api/read_audit.h"
#include "auth/sign_in_throttle.h"
#include "backup/backup_status.h"
#include "channels/channel_registry.h"
#include "contacts/contact_imports.h"
#include "conversations/inbound_pipeline.h"
#include "conversations/routing_service.h"
#include "core/http_client.h"
#include "core/worker_pool.h"
#include "events/event_bus.h"
#include "privacy/crypto.h"
#include "storage/stores.h"

namespace parley::api {

struct ApiContext {
  storage::Stores stores;
  const Clock& clock;
  Executor& blocking;  // password hashing and other slow work
  Authenticator& authenticator;
  auth::SignInThrottle& throttle;
  events::EventBus& events;
  Metrics& metrics;
  conversations::RoutingService& routing;
  std::function<bool()> is_ready;               // storage writable and not shutting down
  std::function<std::string()> engine_metrics;  // extra exposition lines from storage
  bool secure_cookies = false;                  // served over TLS (directly or behind a proxy)
  HttpClient* http = nullptr;                   // requests the API makes itself (webhook tests)
  const channels::ChannelRegistry* channel_types = nullptr;  // the types admins add channels of
  // Web chat (C7): visitors' messages go in through the pipeline; their tokens are signed with
  // the key; read receipts are announced like delivery statuses.
  conversations::InboundPipeline* inbound = nullptr;
  const privacy::SecretKey* widget_key = nullptr;
  channels::DeliveryObserver* delivery = nullptr;
  // Where providers reach Parley (--public-url, no trailing slash); "" when not set.
  std::string public_url;
  // Signs the links providers fetch agents' files through (channels/media_link.h).
  const privacy::SecretKey* media_link_key = nullptr;
  // A customer was erased: what their erasure left unreadable can be swept away now.
  std::function<void()> erased = [] {};
  // A tenant's retention settings changed: apply them now rather than at the next look.
  std::function<void()> retention_changed = [] {};
  // The tenant was deleted (P4): what still runs for it stops (app/tenant_lockout.h).
  std::function<void(const TenantId&)> tenant_deleted = [](const TenantId&) {};
  // Reads of personal data are audited through it (P9); none when unset (tests of other things).
  ReadAudit* read_audit = nullptr;
  // Contacts imports (I5); their routes answer not_ready when it is not set.
  contacts::ContactImports* contact_imports = nullptr;
  // Signs the challenge between a password and its second factor (auth/sign_in_challenge.h).
  const privacy::SecretKey* sign_in_challenge_key = nullptr;
  // Requests per token and per client address (S7); none when unset.
  RateLimits* rate_limits = nullptr;
  // The node's backups (O1); their routes answer not_ready when unset.
  backup::BackupControl* backups = nullptr;
  // --webhook-allow-private: tenants' webhooks may be plain http:// (receivers on the operator's
  // own network, and tests); otherwise https:// only.
  bool webhook_allow_private = false;
};

}  // namespace parley::api
