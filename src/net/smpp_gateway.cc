#include "net/smpp_gateway.h"

// clang-format off
#include <utility>
// clang-format on

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <random>
#include <vector>

#include "channels/choice_reply.h"
#include "channels/render.h"
#include "channels/smpp/gateway_rules.h"
#include "channels/smpp/settings_json.h"
#include "net/smpp_connection.h"
#include "privacy/crypto.h"
#include "storage/channel_store.h"
#include "storage/conversation_stores.h"
#include "storage/outbox_store.h"

namespace parley::net {
namespace {

namespace asio = boost::asio;
namespace smpp = channels::smpp;
using channels::ChannelStatus;
using channels::SendOutcome;
using channels::Verdict;

constexpr std::string_view kType = "smpp";
// A receipt can overtake the outbox's record of the message ids: look again after these waits.
constexpr std::chrono::milliseconds kReceiptRetries[] = {
    std::chrono::milliseconds(200), std::chrono::seconds(1), std::chrono::seconds(5)};

double jitter() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

std::string key(const TenantId& tenant, std::string_view channel) {
  return tenant.value + '/' + std::string(channel);
}

}  // namespace

struct SmppGateway::Impl {
  struct Channel;

  // One connection of a channel, and its listener.
  struct Bind final : SmppConnectionListener {
    Impl& gateway;
    Channel& channel;
    uint64_t id = 0;  // unique in this run: names the bind across asynchronous writes
    std::unique_ptr<SmppConnection> connection;
    bool bound = false;
    bool stopped = false;
    std::string smsc;

    Bind(Impl& gateway_in, Channel& channel_in) : gateway(gateway_in), channel(channel_in) {}
    void onSessionEvent(const smpp::SessionAction& event) override {
      gateway.onSessionEvent(channel, *this, event);
    }
    void onConnection(const SmppConnectionEvent& event) override {
      gateway.onConnection(channel, *this, event);
    }
  };

  struct Channel {
    ChannelConfig config;
    smpp::ChannelSettings settings;
    std::vector<std::unique_ptr<Bind>> binds;
    size_t next_bind = 0;
    bool retiring = false;
    // The latest refusal of the credentials, until a bind succeeds.
    std::optional<std::string> refused;
    std::string last_problem;
  };

  // An outbound attempt waiting for its SMS's fate.
  struct Pending {
    std::move_only_function<void(SendOutcome)> done;  // none: a confirmation, nobody waits
    smpp::DeliveryGuarantee guarantee = smpp::DeliveryGuarantee::AtLeastOnce;
  };

  // A connection test: the connection and the listener it reports to.
  struct Test final : SmppConnectionListener {
    Impl& gateway;
    uint64_t id;
    std::unique_ptr<SmppConnection> connection;
    std::move_only_function<void(Result<void>)> done;
    std::unique_ptr<asio::steady_timer> timer;

    Test(Impl& gateway_in, uint64_t id_in) : gateway(gateway_in), id(id_in) {}
    void finish(Result<void> result) {
      if (done) {
        auto callback = std::move(done);
        done = nullptr;
        callback(std::move(result));
        timer->cancel();
        connection->stop(std::chrono::seconds(2), [this] {
          asio::post(gateway.io, [gateway = &gateway, id = id] { gateway->tests.erase(id); });
        });
      }
    }
    void onSessionEvent(const smpp::SessionAction& event) override {
      if (std::holds_alternative<smpp::Bound>(event)) {
        finish({});
      } else if (const auto* refused = std::get_if<smpp::BindRefused>(&event)) {
        finish(
            fail(ErrorCode::Forbidden,
                 smpp::refusalReason(refused->credentials ? "the SMS center refused the credentials"
                                                          : "the SMS center refused the bind",
                                     refused->status)));
      }
    }
    void onConnection(const SmppConnectionEvent& event) override {
      if (event.kind == SmppConnectionEvent::Kind::ConnectFailed) {
        finish(fail(ErrorCode::NotReady, "cannot connect to the SMS center: " + event.detail));
      } else if (event.kind == SmppConnectionEvent::Kind::Disconnected && done) {
        finish(fail(ErrorCode::NotReady, "the SMS center closed the connection: " + event.detail));
      }
    }
  };

  Impl(storage::Stores stores_in, const Clock& clock_in, channels::DeliveryObserver& observer_in,
       SmppGatewayOptions options_in)
      : stores(stores_in),
        clock(clock_in),
        observer(observer_in),
        options(options_in),
        work(asio::make_work_guard(io)) {}

  // --- On the gateway's thread. ---

  void startChannel(ChannelConfig config) {
    auto settings = channels::smpp::readSmppSettings(config.settings);
    const std::string id = key(config.tenant_id, config.id.value);
    if (!settings) {
      spdlog::error("smpp {}: unusable settings: {}", config.id.value, settings.error().message);
      publish(id, {"disconnected", "the settings cannot be used: " + settings.error().message,
                   clock.now()});
      return;
    }
    auto channel = std::make_unique<Channel>();
    channel->config = std::move(config);
    channel->settings = std::move(*settings);
    if (!channel->config.enabled) {
      publish(id, {"disabled", "switched off", clock.now()});
      channels.emplace(id, std::move(channel));
      return;
    }
    SmppConnectionOptions connection_options{
        .host = channel->settings.host,
        .port = channel->settings.port,
        .connect_timeout = options.connect_timeout,
        .session = smpp::sessionConfig(channel->settings, channel->config.secret)};
    for (int i = 0; i < channel->settings.binds; ++i) {
      auto bind = std::make_unique<Bind>(*this, *channel);
      bind->id = ++next_bind_id;
      auto connection = SmppConnection::create(connection_options, io, clock, *bind, jitter);
      if (!connection) {
        spdlog::error("smpp {}: {}", channel->config.id.value, connection.error().message);
        publish(id, {"disconnected", connection.error().message, clock.now()});
        return;
      }
      bind->connection = std::move(*connection);
      channel->binds.push_back(std::move(bind));
    }
    publish(id, {"connecting", "connecting to " + channel->settings.host, clock.now()});
    for (auto& bind : channel->binds) {
      bind->connection->start();
    }
    channels.emplace(id, std::move(channel));
  }

  // Stops the channel's binds; the object is dropped once they all stopped.
  void retire(const std::string& id) {
    auto found = channels.find(id);
    if (found == channels.end()) {
      return;
    }
    std::unique_ptr<Channel> channel = std::move(found->second);
    channels.erase(found);
    Channel* raw = channel.get();
    raw->retiring = true;
    if (raw->binds.empty()) {
      return;
    }
    retired.push_back(std::move(channel));
    for (auto& bind : raw->binds) {
      bind->connection->stop(options.stop_grace, [this, raw, bind = bind.get()] {
        bind->stopped = true;
        asio::post(io, [this, raw] { dropIfStopped(raw); });
      });
    }
  }

  void dropIfStopped(Channel* channel) {
    if (!std::all_of(channel->binds.begin(), channel->binds.end(),
                     [](const auto& bind) { return bind->stopped; })) {
      return;
    }
    std::erase_if(retired, [channel](const auto& held) { return held.get() == channel; });
  }

  void reload(const TenantId& tenant, const ChannelId& channel_id) {
    if (stopping) {
      return;
    }
    const std::string id = key(tenant, channel_id.value);
    retire(id);
    auto config = stores.channels->findChannel(tenant, channel_id);
    if (!config) {
      std::lock_guard lock(status_mutex);
      statuses.erase(id);
      return;
    }
    if (config->type == kType) {
      startChannel(std::move(*config));
    }
  }

  void publish(const std::string& id, ChannelStatus status) {
    {
      std::lock_guard lock(status_mutex);
      ChannelStatus& current = statuses[id];
      if (current.state == status.state && current.detail == status.detail) {
        return;
      }
      current = std::move(status);
    }
    if (status_changed) {
      const size_t slash = id.find('/');
      status_changed(TenantId{id.substr(0, slash)}, ChannelId{id.substr(slash + 1)});
    }
  }

  void updateStatus(Channel& channel) {
    if (channel.retiring) {
      return;
    }
    const std::string id = key(channel.config.tenant_id, channel.config.id.value);
    const size_t total = channel.binds.size();
    const size_t up = static_cast<size_t>(std::count_if(
        channel.binds.begin(), channel.binds.end(), [](const auto& bind) { return bind->bound; }));
    if (up == total && total > 0) {
      const std::string smsc = channel.binds.front()->smsc;
      publish(id, {"bound",
                   "bound to " + (smsc.empty() ? channel.settings.host : smsc) + " (" +
                       std::to_string(up) + " of " + std::to_string(total) +
                       (total == 1 ? " bind)" : " binds)"),
                   clock.now()});
    } else if (channel.refused) {
      publish(id, {"refused", *channel.refused, clock.now()});
    } else if (up > 0) {
      publish(id, {"connecting",
                   std::to_string(up) + " of " + std::to_string(total) + " binds up; " +
                       channel.last_problem,
                   clock.now()});
    } else {
      publish(id, {channel.last_problem.empty() ? "connecting" : "disconnected",
                   channel.last_problem.empty() ? "connecting to " + channel.settings.host
                                                : channel.last_problem,
                   clock.now()});
    }
  }

  void onConnection(Channel& channel, Bind& bind, const SmppConnectionEvent& event) {
    using Kind = SmppConnectionEvent::Kind;
    if (event.kind == Kind::ConnectFailed) {
      channel.last_problem = "cannot connect to " + channel.settings.host + ": " + event.detail;
      spdlog::warn("smpp {}: {}; again in {} ms", channel.config.id.value, channel.last_problem,
                   event.retry_in.count());
    } else if (event.kind == Kind::Disconnected) {
      bind.bound = false;
      channel.last_problem = "connection lost: " + event.detail;
      spdlog::info("smpp {}: {}", channel.config.id.value, channel.last_problem);
    }
    updateStatus(channel);
  }

  void onSessionEvent(Channel& channel, Bind& bind, const smpp::SessionAction& event) {
    std::visit(
        [&](const auto& action) {
          using T = std::decay_t<decltype(action)>;
          if constexpr (std::is_same_v<T, smpp::Bound>) {
            bind.bound = true;
            bind.smsc = action.smsc_system_id;
            channel.refused.reset();
            channel.last_problem.clear();
            spdlog::info("smpp {}: bound to {}", channel.config.id.value, action.smsc_system_id);
            updateStatus(channel);
          } else if constexpr (std::is_same_v<T, smpp::BindRefused>) {
            bind.bound = false;
            const std::string reason =
                smpp::refusalReason(action.credentials ? "the SMS center refused the credentials"
                                                       : "the SMS center refused the bind",
                                    action.status);
            if (action.credentials) {
              channel.refused = reason;
            }
            channel.last_problem = reason;
            spdlog::warn("smpp {}: {}", channel.config.id.value, reason);
            updateStatus(channel);
          } else if constexpr (std::is_same_v<T, smpp::MessageAccepted>) {
            settle(action.local_id, SendOutcome::of(Verdict::Delivered, {}, action.message_ids));
          } else if constexpr (std::is_same_v<T, smpp::SubmitFailed>) {
            settle(action.local_id,
                   SendOutcome::of(
                       action.retryable ? Verdict::Retry : Verdict::Failed,
                       smpp::refusalReason("the SMS center refused the SMS", action.status)));
          } else if constexpr (std::is_same_v<T, smpp::SubmitUnconfirmed>) {
            unconfirmed(action);
          } else if constexpr (std::is_same_v<T, smpp::InboundMessage>) {
            receive(channel, bind, action);
          } else if constexpr (std::is_same_v<T, smpp::InboundRejected>) {
            spdlog::warn("smpp {}: an inbound SMS was refused: {}", channel.config.id.value,
                         action.reason);
          } else if constexpr (std::is_same_v<T, smpp::DeliveryReceipt>) {
            receipt(channel.config.tenant_id, channel.config.id.value, action, 0);
          }
        },
        event);
  }

  void settle(const smpp::OutboundSmsId& id, SendOutcome result) {
    auto found = pending.find(id);
    if (found == pending.end()) {
      return;
    }
    auto done = std::move(found->second.done);
    pending.erase(found);
    if (done) {
      done(std::move(result));
    }
  }

  void unconfirmed(const smpp::SubmitUnconfirmed& action) {
    auto found = pending.find(action.local_id);
    if (found == pending.end()) {
      return;
    }
    const bool again = found->second.guarantee == smpp::DeliveryGuarantee::AtLeastOnce;
    settle(action.local_id,
           SendOutcome::of(again ? Verdict::Retry : Verdict::Failed,
                           "the SMS center did not confirm the SMS (" + action.reason +
                               (again ? "); sending it again (at least once)"
                                      : "); not sent again: the channel delivers at most once")));
  }

  Bind* boundBind(Channel& channel) {
    for (size_t i = 0; i < channel.binds.size(); ++i) {
      Bind& bind = *channel.binds[(channel.next_bind + i) % channel.binds.size()];
      if (bind.bound) {
        channel.next_bind = (channel.next_bind + i + 1) % channel.binds.size();
        return &bind;
      }
    }
    return nullptr;
  }

  void submit(Bind& bind, smpp::OutboundSms sms, Pending waiting) {
    const smpp::OutboundSmsId id = sms.local_id;
    pending.emplace(id, std::move(waiting));
    bind.connection->submit(std::move(sms), [this, id](Result<size_t> queued) {
      if (!queued) {
        const bool retry = queued.error().code == ErrorCode::NotReady;
        settle(id, SendOutcome::of(retry ? Verdict::Retry : Verdict::Failed,
                                   "the SMS cannot be sent: " + queued.error().message));
      }
    });
  }

  // Every bind of the channel holds its own parts waiting for the rest.
  void forgetContact(const std::string& channel_key, const std::string& identity) {
    auto found = channels.find(channel_key);
    if (found == channels.end()) {
      return;
    }
    for (const auto& bind : found->second->binds) {
      if (bind->connection) {
        bind->connection->forgetSender(smpp::smppAddress(identity));
      }
    }
  }

  void send(storage::OutboxEntry entry, storage::OutboundMessage outbound,
            std::move_only_function<void(SendOutcome)> done) {
    if (stopping) {
      done(SendOutcome::of(Verdict::Retry, "the server is stopping"));
      return;
    }
    auto found = channels.find(key(entry.tenant_id, entry.channel));
    if (found == channels.end()) {
      // Deleted channels are failed by ConfiguredChannelSender; here it is one not started (yet).
      done(SendOutcome::of(Verdict::Retry, "the SMS channel is not running"));
      return;
    }
    Channel& channel = *found->second;
    if (!channel.config.enabled) {
      done(SendOutcome::of(Verdict::Retry, "the SMS channel is switched off"));
      return;
    }
    auto text = channels::plainTextOf(outbound.message.content);
    if (!text) {
      done(SendOutcome::of(Verdict::Failed,
                           "the message cannot be sent as SMS: " + text.error().message));
      return;
    }
    Bind* bind = boundBind(channel);
    if (!bind) {
      done(SendOutcome::of(Verdict::Retry, "not connected to the SMS center"));
      return;
    }
    smpp::OutboundSms sms{.local_id = privacy::newId<smpp::OutboundSmsTag>(),
                          .source = channel.settings.source_address,
                          .destination = smpp::smppAddress(*outbound.identity),
                          .text = std::move(*text)};
    submit(*bind, std::move(sms), Pending{std::move(done), channel.settings.guarantee});
  }

  void receive(Channel& channel, Bind& bind, const smpp::InboundMessage& message) {
    const uint64_t ack = message.ack;
    if (smpp::smppAddress(channel.settings.source_address) == message.source) {
      spdlog::info("smpp {}: dropped an echo of our own sender id", channel.config.id.value);
      bind.connection->acknowledge(ack, true);
      return;
    }
    channels::ChannelInbound text{.tenant = channel.config.tenant_id,
                                  .channel = channel.config.id.value,
                                  .identity = smpp::contactIdentity(message.source),
                                  .text = message.text,
                                  .entry_point = smpp::contactIdentity(message.destination),
                                  .keywords = true};
    text.choice = channels::chosenOption(*stores.conversations, text.tenant, text.channel,
                                         text.identity, text.text);
    ++storing;
    const std::string id = key(channel.config.tenant_id, channel.config.id.value);
    pipeline->receive(std::move(text), [this, id, bind_id = bind.id, ack, source = message.source](
                                           Result<channels::InboundOutcome> outcome) mutable {
      // After stop() the io_context no longer runs: the text goes unanswered and
      // the SMS center delivers it again.
      asio::post(io, [this, id, bind_id, ack, outcome = std::move(outcome),
                      source = std::move(source)]() mutable {
        stored(id, bind_id, ack, std::move(outcome), source);
      });
      --storing;
    });
  }

  // The bind, if it is still there (its channel may have been reloaded meanwhile).
  Bind* findBind(uint64_t bind_id) const {
    const auto in = [bind_id](const Channel& channel) -> Bind* {
      for (const auto& bind : channel.binds) {
        if (bind->id == bind_id) {
          return bind.get();
        }
      }
      return nullptr;
    };
    for (const auto& [key, channel] : channels) {
      if (Bind* bind = in(*channel)) {
        return bind;
      }
    }
    for (const auto& channel : retired) {
      if (Bind* bind = in(*channel)) {
        return bind;
      }
    }
    return nullptr;
  }

  void stored(const std::string& id, uint64_t bind_id, uint64_t ack,
              Result<channels::InboundOutcome> outcome, const std::string& source) {
    if (!outcome) {
      spdlog::error("smpp: an inbound SMS was not stored ({}); the SMS center will send it again",
                    outcome.error().message);
    }
    if (Bind* bind = findBind(bind_id)) {
      bind->connection->acknowledge(ack, outcome.has_value());
    }
    if (!outcome || outcome->reply == channels::ConsentReply::None) {
      return;
    }
    auto found = channels.find(id);
    if (found == channels.end()) {
      return;
    }
    Channel& channel = *found->second;
    Bind* bind = boundBind(channel);
    if (!bind) {
      return;
    }
    std::string_view text = smpp::kHelpText;
    if (outcome->reply == channels::ConsentReply::OptedOut) {
      text = smpp::kOptedOutText;
    } else if (outcome->reply == channels::ConsentReply::OptedIn) {
      text = smpp::kOptedInText;
    }
    submit(*bind,
           smpp::OutboundSms{.local_id = privacy::newId<smpp::OutboundSmsTag>(),
                             .source = channel.settings.source_address,
                             .destination = source,
                             .text = std::string(text),
                             .registered_delivery = 0},
           Pending{});
  }

  void receipt(TenantId tenant, std::string channel, smpp::DeliveryReceipt receipt,
               size_t attempt) {
    auto status = smpp::receiptStatus(receipt);
    if (!status || receipt.message_id.empty()) {
      return;
    }
    auto message = stores.outbox->findByProviderId(tenant, channel, receipt.message_id);
    if (!message) {
      if (message.error().code == ErrorCode::NotFound && attempt < std::size(kReceiptRetries)) {
        auto timer = std::make_shared<asio::steady_timer>(io, kReceiptRetries[attempt]);
        timer->async_wait([this, timer, tenant = std::move(tenant), channel = std::move(channel),
                           receipt = std::move(receipt), attempt](auto error) mutable {
          if (!error) {
            this->receipt(std::move(tenant), std::move(channel), std::move(receipt), attempt + 1);
          }
        });
        return;
      }
      spdlog::info("smpp {}: a receipt for an unknown message id", channel);
      return;
    }
    const MessageId id = *message;
    // One part's failure is the message's: a later part's DELIVRD does not undo it.
    if (auto current = stores.outbox->findOutbound(tenant, id);
        current && current->message.status == DeliveryStatus::Failed) {
      return;
    }
    ++storing;
    stores.conversations->updateMessageStatus(
        tenant, id, status->first,
        status->second.empty() ? std::nullopt : std::optional(status->second),
        [this, tenant, id](Result<void> updated) {
          if (updated) {
            if (auto outbound = stores.outbox->findOutbound(tenant, id)) {
              observer.messageStatusChanged(tenant, outbound->conversation, outbound->message);
            }
          } else {
            spdlog::warn("smpp: a receipt's status was not saved: {}", updated.error().message);
          }
          --storing;
        });
  }

  void test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) {
    if (stopping) {
      done(fail(ErrorCode::NotReady, "the server is stopping"));
      return;
    }
    auto settings = channels::smpp::readSmppSettings(config.settings);
    if (!settings) {
      done(std::unexpected(settings.error()));
      return;
    }
    const uint64_t id = ++next_test;
    auto test = std::make_unique<Test>(*this, id);
    smpp::SessionConfig session = smpp::sessionConfig(*settings, config.secret);
    // One attempt: no reconnecting while the admin waits.
    SmppConnectionOptions connection_options{.host = settings->host,
                                             .port = settings->port,
                                             .connect_timeout = options.connect_timeout,
                                             .session = session};
    auto connection = SmppConnection::create(connection_options, io, clock, *test, jitter);
    if (!connection) {
      done(std::unexpected(connection.error()));
      return;
    }
    test->connection = std::move(*connection);
    test->done = std::move(done);
    test->timer = std::make_unique<asio::steady_timer>(io, options.test_timeout);
    test->timer->async_wait([this, id](auto error) {
      auto found = tests.find(id);
      if (!error && found != tests.end()) {
        found->second->finish(fail(ErrorCode::NotReady, "the SMS center did not answer in time"));
      }
    });
    Test& started = *test;
    tests.emplace(id, std::move(test));
    started.connection->start();
  }

  storage::Stores stores;
  const Clock& clock;
  channels::InboundSink* pipeline = nullptr;  // set by start()
  channels::DeliveryObserver& observer;
  SmppGatewayOptions options;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::thread thread;
  std::atomic<bool> stopped{false};
  bool stopping = false;        // on the gateway's thread: set by stop()'s job, then nothing starts
  std::atomic<int> storing{0};  // inbound texts and receipts being written: stop() waits

  std::map<std::string, std::unique_ptr<Channel>> channels;  // by tenant/channel
  std::vector<std::unique_ptr<Channel>> retired;             // stopping
  std::map<smpp::OutboundSmsId, Pending> pending;
  std::map<uint64_t, std::unique_ptr<Test>> tests;
  uint64_t next_test = 0;
  uint64_t next_bind_id = 0;

  std::function<void(const TenantId&, const ChannelId&)> status_changed;
  mutable std::mutex status_mutex;
  std::map<std::string, ChannelStatus> statuses;
};

SmppGateway::SmppGateway(storage::Stores stores, const Clock& clock,
                         channels::DeliveryObserver& observer, SmppGatewayOptions options)
    : impl_(std::make_unique<Impl>(stores, clock, observer, options)) {}

SmppGateway::~SmppGateway() { stop(); }

Result<void> SmppGateway::start(channels::InboundSink& inbound, channels::StatusChanged changed) {
  impl_->pipeline = &inbound;
  impl_->status_changed = std::move(changed);
  auto tenants = impl_->stores.tenants->listTenants();
  if (!tenants) {
    return std::unexpected(tenants.error());
  }
  std::vector<ChannelConfig> configs;
  for (const Tenant& tenant : *tenants) {
    auto listed = impl_->stores.channels->listChannels(tenant.id);
    if (!listed) {
      return std::unexpected(listed.error());
    }
    for (ChannelConfig& config : *listed) {
      if (config.type == kType) {
        configs.push_back(std::move(config));
      }
    }
  }
  // Before the thread runs, so attempts the outbox posted already find their channels.
  for (ChannelConfig& config : configs) {
    impl_->startChannel(std::move(config));
  }
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
  return {};
}

void SmppGateway::stop() {
  if (impl_->stopped.exchange(true)) {
    return;
  }
  Impl& impl = *impl_;
  if (!impl.thread.joinable()) {
    // Never started: answer what was posted meanwhile (attempts of the outbox) and stop.
    impl.stopping = true;
    impl.work.reset();
    impl.io.poll();
    return;
  }
  // Every channel unbinds; attempts in flight are answered by the sessions as they stop.
  asio::post(impl.io, [&impl] {
    impl.stopping = true;
    std::vector<std::string> ids;
    for (const auto& [id, channel] : impl.channels) {
      ids.push_back(id);
    }
    for (const std::string& id : ids) {
      impl.retire(id);
    }
    for (auto& [id, test] : impl.tests) {
      test->finish(fail(ErrorCode::NotReady, "the server is stopping"));
    }
    impl.work.reset();
  });
  impl.thread.join();
  // Jobs posted after stop()'s: answered (stopping is set) rather than dropped.
  impl.io.restart();
  impl.io.poll();
  // Writes of inbound texts and receipts still call back into the gateway: wait for them.
  while (impl.storing.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  for (auto& [id, waiting] : impl.pending) {
    if (waiting.done) {
      waiting.done(SendOutcome::of(Verdict::Retry, "the server stopped"));
    }
  }
  impl.pending.clear();
}

bool SmppGateway::sends(std::string_view channel) const {
  return channel.starts_with(ChannelTag::kPrefix);
}

void SmppGateway::send(const storage::OutboxEntry& entry, const storage::OutboundMessage& outbound,
                       std::move_only_function<void(SendOutcome)> done) {
  if (impl_->stopped) {
    done(SendOutcome::of(Verdict::Retry, "the server is stopping"));
    return;
  }
  asio::post(impl_->io, [impl = impl_.get(), entry, outbound, done = std::move(done)]() mutable {
    impl->send(std::move(entry), std::move(outbound), std::move(done));
  });
}

void SmppGateway::changed(const TenantId& tenant, const ChannelId& channel) {
  if (impl_->stopped) {
    return;
  }
  {
    // Until the restart reports: what the admin who just saved it sees.
    std::lock_guard lock(impl_->status_mutex);
    impl_->statuses[key(tenant, channel.value)] =
        ChannelStatus{"connecting", "starting with the saved settings", impl_->clock.now()};
  }
  asio::post(impl_->io, [impl = impl_.get(), tenant, channel] { impl->reload(tenant, channel); });
}

void SmppGateway::forgetContact(const TenantId& tenant, const ChannelId& channel,
                                std::string_view identity) {
  if (impl_->stopped) {
    return;
  }
  asio::post(impl_->io,
             [impl = impl_.get(), channel_key = key(tenant, channel.value),
              identity = std::string(identity)] { impl->forgetContact(channel_key, identity); });
}

ChannelStatus SmppGateway::status(const TenantId& tenant, const ChannelId& channel) const {
  std::lock_guard lock(impl_->status_mutex);
  auto found = impl_->statuses.find(key(tenant, channel.value));
  return found == impl_->statuses.end() ? ChannelStatus{} : found->second;
}

void SmppGateway::test(ChannelConfig config, std::move_only_function<void(Result<void>)> done) {
  if (impl_->stopped) {
    done(fail(ErrorCode::NotReady, "the server is stopping"));
    return;
  }
  asio::post(impl_->io,
             [impl = impl_.get(), config = std::move(config), done = std::move(done)]() mutable {
               impl->test(std::move(config), std::move(done));
             });
}

}  // namespace parley::net
