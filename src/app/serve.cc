#include "app/serve.h"

#include <spdlog/spdlog.h>

#include <iostream>
#include <random>

#include "api/live.h"
#include "api/live_events.h"
#include "api/routes.h"
#include "api/widget.h"
#include "app/data_dir.h"
#include "app/json_log_formatter.h"
#include "app/tenant_lockout.h"
#include "backup/backup_schedule.h"
#include "channels/api/api_sender.h"
#include "channels/configured_sender.h"
#include "channels/outbox.h"
#include "channels/registry.h"
#include "contacts/contact_imports.h"
#include "conversations/connection_presence.h"
#include "conversations/inbound_pipeline.h"
#include "conversations/routing_service.h"
#include "http/server.h"
#include "net/http_client.h"
#include "net/smpp_gateway.h"
#include "net/tls_certificate.h"
#include "retention/erasure_sweeper.h"
#include "retention/retention_sweeper.h"

namespace parley::app {
namespace {

int report(const Error& error) {
  spdlog::critical("{}", error.message);
  std::cerr << "parley: " << error.message << "\n";
  return 1;
}

std::filesystem::path defaultWebRoot() {
  // The web UI built beside the source tree this binary was built from (build/release/parley →
  // web/dist).
  std::error_code error;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) {
    return {};
  }
  return executable.parent_path().parent_path().parent_path() / "web" / "dist";
}

Result<http::ServerOptions> serverOptions(const ServeConfig& config) {
  auto listen = parseListen(config.listen);
  if (!listen) {
    return std::unexpected(listen.error());
  }
  http::ServerOptions options;
  options.host = listen->host;
  options.port = listen->port;
  options.threads = config.threads;
  options.max_body_bytes = config.max_body_bytes;
  options.request_timeout = std::chrono::seconds(config.request_timeout_seconds);
  options.shutdown_grace = std::chrono::seconds(config.shutdown_grace_seconds);
  options.live_recheck = std::chrono::seconds(config.live_recheck_seconds);
  options.behind_tls_proxy = config.behind_tls_proxy;
  options.trusted_proxies.clear();
  for (const std::string& proxy : config.trusted_proxies) {
    auto network = http::parseIpNetwork(proxy);
    if (!network) {
      return fail(ErrorCode::ValidationFailed,
                  "--trusted-proxy: " + proxy + " is not an address or a network (10.0.0.0/8)");
    }
    options.trusted_proxies.push_back(*network);
  }
  options.web_root = config.web_root.empty() ? defaultWebRoot() : config.web_root;
  options.tls = config.tls || !config.tls_cert.empty();
  if (options.tls) {
    options.tls_cert_file =
        config.tls_cert.empty() ? config.data_dir / "tls-cert.pem" : config.tls_cert;
    options.tls_key_file =
        config.tls_key.empty() ? config.data_dir / "tls-key.pem" : config.tls_key;
    if (config.tls_cert.empty()) {
      if (auto made = net::ensureSelfSignedCertificate(options.tls_cert_file, options.tls_key_file);
          !made) {
        return std::unexpected(made.error());
      }
    }
  }
  return options;
}

std::string storageMetrics(storage::sqlite::Database& database) {
  const auto stats = database.stats();
  return "# HELP parley_storage_transactions_total Group-commit transactions.\n"
         "# TYPE parley_storage_transactions_total counter\n"
         "parley_storage_transactions_total " +
         std::to_string(stats.transactions) +
         "\n# HELP parley_storage_writes_total Writes committed in those transactions.\n"
         "# TYPE parley_storage_writes_total counter\n"
         "parley_storage_writes_total " +
         std::to_string(stats.writes) +
         "\n# HELP parley_storage_failed_commits_total Transactions that could not commit.\n"
         "# TYPE parley_storage_failed_commits_total counter\n"
         "parley_storage_failed_commits_total " +
         std::to_string(stats.failed_commits) + "\n";
}

std::string retentionMetrics(uint64_t erased_rows, const retention::RetentionCounts& counts) {
  std::string out;
  const auto counter = [&out](std::string_view name, std::string_view help, uint64_t value) {
    out += "# HELP " + std::string(name) + " " + std::string(help) + "\n# TYPE " +
           std::string(name) + " counter\n" + std::string(name) + " " + std::to_string(value) +
           "\n";
  };
  counter("parley_erasure_swept_rows_total", "Rows of erased customers removed by the sweeper.",
          erased_rows);
  counter("parley_retention_anonymised_conversations_total",
          "Conversations anonymised by the retention schedule.", counts.anonymised);
  counter("parley_retention_deleted_conversations_total",
          "Conversations deleted by the retention schedule.", counts.deleted);
  counter("parley_retention_pruned_audit_entries_total",
          "Audit entries pruned by the retention schedule.", counts.pruned);
  return out;
}

// For /demo without a channel: the first enabled web chat channel of the first tenant that has one.
std::optional<std::string> firstWebChatChannel(const storage::Stores& stores) {
  auto tenants = stores.tenants->listTenants();
  if (!tenants) {
    return std::nullopt;
  }
  for (const Tenant& tenant : *tenants) {
    auto channels = stores.channels->listChannels(tenant.id);
    if (!channels) {
      continue;
    }
    for (const ChannelConfig& channel : *channels) {
      if (channel.type == "webchat" && channel.enabled) {
        return channel.id.value;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

int serve(const ServeConfig& config) {
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  if (config.log_format == "json") {
    spdlog::default_logger()->set_formatter(std::make_unique<JsonLogFormatter>());
  }
  SystemClock clock;
  auto data = openDataDir(config.data_dir, clock);
  if (!data) {
    return report(data.error());
  }
  auto serving = takeServeLock(config.data_dir);
  if (!serving) {
    return report(serving.error());
  }
  auto options = serverOptions(config);
  if (!options) {
    return report(options.error());
  }
  const bool secure_cookies = options->tls || options->behind_tls_proxy;
  const std::optional<int> backup_minute = backup::parseTimeOfDay(config.backup_at);
  if (!backup_minute && config.backup_at != "off") {
    return report({ErrorCode::ValidationFailed,
                   "--backup-at must be a UTC time like 03:00, or off; not " + config.backup_at});
  }
  std::string public_url;
  if (!config.public_url.empty()) {
    auto normalized = normalizePublicUrl(config.public_url);
    if (!normalized) {
      return report(normalized.error());
    }
    public_url = std::move(*normalized);
  }

  // Keys a crash left unused (made ahead, or replaced by an anonymisation or erase just before).
  // Contacts whose key is missing stop the start unless the operator accepts their loss.
  if (auto collected =
          data->engine->database().collectUnusedContactKeys(config.accept_lost_contact_keys);
      !collected) {
    return report(collected.error());
  } else if (collected->unused_keys > 0) {
    spdlog::info("destroyed {} contact keys no contact uses", collected->unused_keys);
  }

  // Files a crash left staged but never stored with their message.
  if (data->stores.media) {
    if (const size_t swept =
            data->stores.media->sweepUnclaimed(clock.now() - std::chrono::hours(1));
        swept > 0) {
      spdlog::info("removed {} media files no message took (left by an earlier crash)", swept);
    }
  }

  // Two threads for Argon2id; 256 queued jobs at most (each waits ~0.1 s per thread ahead of it).
  auto blocking = std::make_unique<WorkerPool>(2, 256);
  auth::SessionPolicy policy;
  policy.idle = std::chrono::minutes(config.session_idle_minutes);
  policy.absolute = std::chrono::hours(config.session_absolute_hours);
  api::Authenticator authenticator(data->stores, clock, policy);
  auth::SignInThrottle throttle(clock);
  events::EventBus events;
  api::LiveEvents live_events(events);
  auto http_client = net::BeastHttpClient::create(net::HttpClientOptions{
      .ca_file = config.webhook_ca_file, .allow_private_addresses = config.webhook_allow_private});
  if (!http_client) {
    return report(http_client.error());
  }
  // Replies go out through the outbox, to the API channel's webhook or an SMS center; outbound
  // messages recorded before a restart are resumed before anything is served. Inbound SMS come
  // through the pipeline into routing, which hands replies to the outbox: the gateway starts last.
  channels::api::ApiSender api_sender(*data->stores.routing, **http_client, clock,
                                      config.webhook_allow_private);
  auto sms = std::make_unique<net::SmppGateway>(data->stores, clock, live_events);
  api::WidgetSender widget_sender(events, data->keyring->widgetVisitorKey());
  channels::ChannelRegistry channel_types;
  channels::registerChannelTypes(channel_types, {.stores = data->stores,
                                                 .clock = &clock,
                                                 .http = http_client->get(),
                                                 .public_url = public_url,
                                                 .media_link_key = &data->keyring->mediaLinkKey(),
                                                 .delivery = &live_events,
                                                 .smpp_sender = sms.get(),
                                                 .smpp_runtime = sms.get(),
                                                 .webchat_sender = &widget_sender});
  channels::ConfiguredChannelSender configured_sender(*data->stores.channels, channel_types);
  auto outbox = std::make_unique<channels::Outbox>(
      data->stores, std::vector<channels::ChannelSender*>{&api_sender, &configured_sender}, clock,
      live_events, std::make_unique<ThreadScheduler>(clock), channels::OutboxOptions{.random = [] {
        thread_local std::mt19937_64 engine{std::random_device{}()};
        return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
      }});
  if (auto started = outbox->start(); !started) {
    return report(started.error());
  }
  auto routing = std::make_unique<conversations::RoutingService>(data->stores, clock, live_events,
                                                                 outbox.get());
  if (auto started = routing->start(); !started) {
    return report(started.error());
  }
  conversations::InboundPipeline inbound(*routing, *data->stores.channels);
  // Presence follows the connection: an agent whose last live socket closed goes offline.
  auto connection_presence = std::make_unique<conversations::ConnectionPresence>(
      *routing, std::make_unique<ThreadScheduler>(clock), clock,
      std::chrono::seconds(config.presence_grace_seconds));
  // Rows an erasure left unreadable go in the background, in small batches.
  auto erasure_sweeper = std::make_unique<retention::ErasureSweeper>(
      *data->stores.privacy, std::make_unique<ThreadScheduler>(clock), clock);
  erasure_sweeper->start();
  // Each tenant's retention schedule (P3), looked at every minute and whenever it changes.
  auto retention_sweeper = std::make_unique<retention::RetentionSweeper>(
      *data->stores.privacy, std::make_unique<ThreadScheduler>(clock), clock);
  retention_sweeper->start();
  // Contacts imports (I5) run one at a time in the background.
  auto contact_imports = std::make_unique<contacts::ContactImports>(*data->stores.contacts,
                                                                    *data->stores.privacy, clock);
  api::Metrics metrics;
  // Reads of personal data, audited in batches (P9).
  auto read_audit = std::make_unique<api::ReadAudit>(
      *data->stores.audit, std::make_unique<ThreadScheduler>(clock), clock);
  std::atomic<bool> stopping{false};
  storage::sqlite::Database& database = data->engine->database();
  api::ApiContext context{data->stores,
                          clock,
                          *blocking,
                          authenticator,
                          throttle,
                          events,
                          metrics,
                          *routing,
                          [&] { return !stopping && database.isWritable(); },
                          [&] {
                            return storageMetrics(database) +
                                   retentionMetrics(erasure_sweeper->removed(),
                                                    retention_sweeper->counts());
                          },
                          secure_cookies,
                          http_client->get(),
                          &channel_types,
                          &inbound,
                          &data->keyring->widgetVisitorKey(),
                          &live_events,
                          public_url,
                          &data->keyring->mediaLinkKey(),
                          [&erasure_sweeper] { erasure_sweeper->wake(); },
                          [&retention_sweeper] { retention_sweeper->wake(); }};
  context.contact_imports = contact_imports.get();
  context.sign_in_challenge_key = &data->keyring->signInChallengeKey();
  context.webhook_allow_private = config.webhook_allow_private;
  const auto rate = [](double per_second) {
    return api::Rate{.per_second = per_second, .burst = std::max(1.0, per_second * 10)};
  };
  api::RateLimits rate_limits(clock, rate(config.rate_limit_per_token),
                              rate(config.rate_limit_per_address),
                              rate(config.rate_limit_widget_per_address));
  context.rate_limits = &rate_limits;
  // Backups of the whole node (O1), daily and on demand, on a thread of their own.
  auto backups = std::make_unique<backup::BackupSchedule>(
      backup::BackupOptions{
          .data_dir = config.data_dir,
          .backup_dir = config.backup_dir.empty() ? config.data_dir / "backups" : config.backup_dir,
          .keep = config.backup_keep,
          .keep_keys = config.backup_keep_keys},
      backup_minute, *data->keyring, std::make_unique<ThreadScheduler>(clock), clock);
  backups->start();
  context.backups = backups.get();
  auto router = api::buildRouter(context);
  // The API context exists now: channels' status changes are announced to admins.
  if (auto started =
          channel_types.start(inbound,
                              [&context](const TenantId& tenant, const ChannelId& channel) {
                                api::announceChannel(context, tenant, channel);
                              });
      !started) {
    return report(started.error());
  }
  // A deleted tenant's channels and live sockets stop (P4), at once or, when deleted by an
  // operator's command, at the next look.
  auto lockout = std::make_unique<TenantLockout>(
      data->stores, channel_types, events,
      [&data](const TenantId& tenant) { data->keyring->forgetTenantKey(tenant); },
      std::make_unique<ThreadScheduler>(clock), clock);
  lockout->start();
  context.tenant_deleted = [&lockout](const TenantId& tenant) { lockout->lockOut(tenant); };
  context.read_audit = read_audit.get();
  http::WidgetHooks widget{.authenticate =
                               [&context](const api::Request& request) {
                                 return api::authenticateVisitor(context, request);
                               },
                           .on_frame =
                               [&context](const api::Visitor& visitor, std::string_view frame) {
                                 api::onVisitorFrame(context, visitor, frame);
                               },
                           .still_allowed =
                               [&context](const api::Visitor& visitor) {
                                 return api::visitorStillAllowed(context, visitor);
                               },
                           .demo_channel = [&data]() { return firstWebChatChannel(data->stores); }};
  http::Server server(
      *options, *router, authenticator, metrics, events,
      http::LiveHooks{.hello =
                          [&context](const api::Principal& principal, const std::string& cursor,
                                     const std::optional<std::string>& watching) {
                            return api::liveHello(context, principal, cursor, watching);
                          },
                      .opened =
                          [&connection_presence](const TenantId& tenant, const UserId& user) {
                            if (connection_presence) {  // null once stopping
                              connection_presence->opened(tenant, user);
                            }
                          },
                      .closed =
                          [&connection_presence](const TenantId& tenant, const UserId& user) {
                            if (connection_presence) {
                              connection_presence->closed(tenant, user);
                            }
                          }},
      std::move(widget));
  auto port = server.listen();
  if (!port) {
    return report(port.error());
  }
  std::cout << "parley listening on " << (options->tls ? "https" : "http") << "://"
            << (options->host.find(':') != std::string::npos ? "[" + options->host + "]"
                                                             : options->host)
            << ":" << *port << std::endl;
  server.runUntilSignalled([&stopping] { stopping = true; });

  // Order matters: slow work first (it answers through the server), then the channels' runtimes
  // (the SMS connections unbind, answer the outbox's attempts in flight and wait for inbound texts
  // being stored), then routing (it waits for its storage callbacks, and hands replies to the
  // outbox), then the outbox (it starts no new request and waits for those in flight, each over
  // within its timeout, and for its storage writes), then the HTTP client (nothing of the outbox's
  // is in flight any more), then storage, which finishes every queued write before it closes, then
  // the SMS gateway's last remains (storage callbacks may still post to it). The server's event
  // loop is stopped but still alive for their callbacks.
  blocking.reset();
  backups.reset();  // a backup running finishes first
  lockout->stop();
  channel_types.stop();
  connection_presence->stop();  // before routing: its checks ask routing, which answers them
  routing.reset();
  outbox.reset();
  erasure_sweeper->stop();
  retention_sweeper->stop();
  read_audit.reset();       // its last reads are queued before storage closes
  contact_imports.reset();  // after the running batch's write
  http_client->reset();
  data->engine.reset();
  // Storage answered their last batches (and the settings saves that wake them) as it closed.
  erasure_sweeper.reset();
  retention_sweeper.reset();
  lockout.reset();
  sms.reset();
  connection_presence.reset();  // routing, which held its callbacks, is gone
  spdlog::info("stopped cleanly");
  return 0;
}

}  // namespace parley::app
