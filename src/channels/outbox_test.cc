// The outbox's ordering, retry and restart logic, driven by hand: a manual clock and scheduler, a
// fake HTTP client that answers when the test says so, and in-memory stores that commit at once.
#include "channels/outbox.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "channels/api/api_sender.h"
#include "channels/webhook_signature.h"

namespace parley::channels {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

const TenantId kTenant{"ten_1"};

// Runs posted jobs, and timed ones once the manual clock reaches them, when the test says so.
class ManualScheduler final : public Scheduler {
 public:
  explicit ManualScheduler(const Clock& clock) : clock_(clock) {}

  void post(Job job) override {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  void postAt(TimePoint at, Job job) override {
    std::lock_guard lock(mutex_);
    timers_.emplace(at, std::move(job));
  }
  // Runs until nothing posted or due is left.
  void run() {
    while (true) {
      Job job;
      {
        std::lock_guard lock(mutex_);
        while (!timers_.empty() && timers_.begin()->first <= clock_.now()) {
          jobs_.push_back(std::move(timers_.begin()->second));
          timers_.erase(timers_.begin());
        }
        if (jobs_.empty()) {
          return;
        }
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

 private:
  const Clock& clock_;
  std::mutex mutex_;
  std::deque<Job> jobs_;
  std::multimap<TimePoint, Job> timers_;
};

class FakeHttp final : public HttpClient {
 public:
  struct Call {
    HttpRequest request;
    Done done;
  };
  void send(HttpRequest request, Done done) override {
    calls_.push_back(Call{std::move(request), std::move(done)});
  }
  size_t waiting() const { return calls_.size(); }
  const HttpRequest& request(size_t index = 0) const { return calls_.at(index).request; }
  // Answers the oldest request still waiting.
  void answer(Result<HttpResponse> response) {
    ASSERT_FALSE(calls_.empty());
    Call call = std::move(calls_.front());
    calls_.pop_front();
    call.done(std::move(response));
  }
  void answer(int status) { answer(HttpResponse{.status = status}); }

 private:
  std::deque<Call> calls_;
};

class FakeTenants final : public storage::TenantStore {
 public:
  void createTenant(std::string, storage::Done<Tenant> done) override {
    done(fail(ErrorCode::Internal, "not in this test"));
  }
  Result<Tenant> findTenant(const TenantId& tenant) override { return Tenant{.id = tenant}; }
  Result<std::vector<Tenant>> listTenants() override { return std::vector{Tenant{.id = kTenant}}; }
  Result<std::vector<Tenant>> listAllTenants() override { return listTenants(); }
  void deleteTenant(TenantId, Actor, storage::Done<Tenant> done) override {
    done(fail(ErrorCode::Internal, "not in this test"));
  }
  void undeleteTenant(TenantId, Actor, storage::Done<Tenant> done) override {
    done(fail(ErrorCode::Internal, "not in this test"));
  }
};

class FakeSettings final : public storage::RoutingConfigStore {
 public:
  storage::TenantSettings settings{.tenant_id = kTenant,
                                   .api_webhook_url = "https://hooks.example.test/parley",
                                   .api_webhook_secret = "s3cret"};

  Result<storage::TenantSettings> findSettings(const TenantId&) override { return settings; }
  void updateSettings(TenantId, Actor, SettingsChange,
                      storage::Done<storage::TenantSettings> done) override {
    done(unused());
  }
  void createSkill(TenantId, std::string, storage::Done<Skill> done) override { done(unused()); }
  Result<std::vector<Skill>> listSkills(const TenantId&) override { return unused(); }
  void deleteSkill(TenantId, SkillId, storage::Done<void> done) override { done(unused()); }
  void renameSkill(TenantId, SkillId, std::string, storage::Done<Skill> done) override {
    done(unused());
  }
  void saveCategory(Category, storage::Done<Category> done) override { done(unused()); }
  Result<std::vector<Category>> listCategories(const TenantId&) override { return unused(); }
  void deleteCategory(TenantId, CategoryId, storage::Done<void> done) override { done(unused()); }
  void saveAgentRouting(AgentRouting, storage::Done<AgentRouting> done) override { done(unused()); }
  Result<AgentRouting> findAgentRouting(const TenantId&, const UserId&) override {
    return unused();
  }
  Result<std::vector<AgentRouting>> listAgentRouting(const TenantId&) override { return unused(); }

 private:
  static std::unexpected<Error> unused() { return fail(ErrorCode::Internal, "not in this test"); }
};

// Commits at once, on the caller's thread.
class FakeOutboxStore final : public storage::OutboxStore {
 public:
  explicit FakeOutboxStore(const Clock& clock) : clock_(clock) {}

  struct Finished {
    MessageId message;
    DeliveryStatus status;
    std::optional<std::string> reason;
  };

  // A stored outbound message the outbox may be asked to send.
  Message addMessage(const ConversationId& conversation, const std::string& text,
                     std::string channel = "api") {
    Message message{.tenant_id = kTenant,
                    .id = MessageId{"msg_" + std::to_string(++next_message_)},
                    .conversation_id = conversation,
                    .contact_id = ContactId{"con_" + conversation.value},
                    .direction = Direction::Outbound,
                    .content = R"({"text":")" + text + R"("})",
                    .status = DeliveryStatus::Queued,
                    .author_id = UserId{"usr_1"},
                    .created_at = clock_.now()};
    messages_[message.id] =
        storage::OutboundMessage{.conversation = Conversation{.tenant_id = kTenant,
                                                              .id = conversation,
                                                              .contact_id = message.contact_id,
                                                              .channel = std::move(channel),
                                                              .agent_id = UserId{"usr_1"}},
                                 .message = message,
                                 .identity = "+1555" + conversation.value};
    seq_[message.id] = ++next_seq_;
    return message;
  }
  void erase(const MessageId& message) {
    messages_.at(message).message.content.clear();
    messages_.at(message).identity.reset();
  }
  const storage::OutboundMessage& outbound(const MessageId& message) {
    return messages_.at(message);
  }

  // OutboxStore
  void enqueue(storage::OutboxEntry entry, storage::Done<storage::OutboxEntry> done) override {
    if (fail_writes) {
      done(fail(ErrorCode::Internal, "disk full"));
      return;
    }
    entry.event_id = storage::EventId{"evt_" + entry.message_id.value};
    entry.message_seq = seq_.at(entry.message_id);
    entry.created_at = clock_.now();
    entry.next_attempt_at = entry.created_at;
    entries_.push_back(entry);
    done(std::move(entry));
  }
  Result<std::vector<storage::OutboxEntry>> listPending(const TenantId&) override {
    return entries_;
  }
  Result<std::vector<storage::OutboxEntry>> listUnrecorded(const TenantId&) override {
    return std::vector<storage::OutboxEntry>{};
  }
  void recordAttempt(TenantId, MessageId message, int attempts, TimePoint next, std::string error,
                     storage::Done<void> done) override {
    for (storage::OutboxEntry& entry : entries_) {
      if (entry.message_id == message) {
        entry.attempts = attempts;
        entry.next_attempt_at = next;
      }
    }
    errors.push_back(std::move(error));
    done({});
  }
  void finish(TenantId, MessageId message, DeliveryStatus status, std::optional<std::string> reason,
              std::vector<std::string>, storage::Done<void> done) override {
    if (fail_finish) {
      done(fail(ErrorCode::Internal, "disk full"));
      return;
    }
    std::erase_if(entries_, [&](const auto& entry) { return entry.message_id == message; });
    finished.push_back(Finished{message, status, reason});
    done({});
  }
  Result<MessageId> findByProviderId(const TenantId&, const std::string&,
                                     const std::string&) override {
    return fail(ErrorCode::NotFound, "no message has that provider id");
  }
  Result<storage::OutboundMessage> findOutbound(const TenantId&,
                                                const MessageId& message) override {
    auto found = messages_.find(message);
    if (found == messages_.end()) {
      return fail(ErrorCode::NotFound, "no such message");
    }
    return found->second;
  }

  const std::vector<storage::OutboxEntry>& entries() const { return entries_; }
  void preload(storage::OutboxEntry entry) { entries_.push_back(std::move(entry)); }

  bool fail_writes = false;
  bool fail_finish = false;
  std::vector<Finished> finished;
  std::vector<std::string> errors;

 private:
  const Clock& clock_;
  int next_message_ = 0;
  int64_t next_seq_ = 0;
  std::map<MessageId, storage::OutboundMessage> messages_;
  std::map<MessageId, int64_t> seq_;
  std::vector<storage::OutboxEntry> entries_;
};

class RecordingObserver final : public DeliveryObserver {
 public:
  void messageStatusChanged(const TenantId&, const Conversation&, const Message& message) override {
    changes.push_back(message);
  }
  std::vector<Message> changes;
};

// A peer that asks to wait 30 s the first time (like Telegram's 429 retry_after), then takes it.
class WaitingPeer final : public ChannelSender {
 public:
  int attempts = 0;
  bool sends(std::string_view channel) const override { return channel == "tg"; }
  void send(const storage::OutboxEntry& /*entry*/, const storage::OutboundMessage& /*outbound*/,
            std::move_only_function<void(SendOutcome)> done) override {
    SendOutcome made;
    made.outcome.verdict = ++attempts == 1 ? Verdict::Retry : Verdict::Delivered;
    if (attempts == 1) {
      made.outcome.reason = "flood control";
      made.outcome.retry_after = seconds(30);
    }
    done(std::move(made));
  }
};

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() { makeOutbox(); }
  void TearDown() {
    // Nothing may be left waiting on the fake peer: the outbox waits for its answers.
    while (http_.waiting() > 0) {
      http_.answer(fail(ErrorCode::NotReady, "test over"));
      scheduler_->run();
    }
    outbox_.reset();
  }
  void makeOutbox(OutboxOptions options = {}, ChannelSender* other = nullptr) {
    outbox_.reset();
    auto scheduler = std::make_unique<ManualScheduler>(clock_);
    scheduler_ = scheduler.get();
    storage::Stores stores{.tenants = &tenants_, .routing = &settings_, .outbox = &store_};
    std::vector<ChannelSender*> senders{&api_sender_};
    if (other) {
      senders.push_back(other);
    }
    outbox_ = std::make_unique<Outbox>(stores, std::move(senders), clock_, observer_,
                                       std::move(scheduler), options);
    ASSERT_TRUE(outbox_->start().has_value());
    scheduler_->run();
  }
  // Hands a new reply to the outbox as the routing service does; returns what `recorded` got.
  Result<Message> reply(const ConversationId& conversation, const std::string& text,
                        const std::string& channel = "api") {
    const Message message = store_.addMessage(conversation, text, channel);
    std::optional<Result<Message>> recorded;
    outbox_->enqueue(store_.outbound(message.id).conversation, message,
                     [&](Result<Message> result) { recorded = std::move(result); });
    EXPECT_TRUE(recorded.has_value()) << "recorded before enqueue returns (the fake commits)";
    scheduler_->run();
    return recorded.value_or(fail(ErrorCode::Internal, "never recorded"));
  }
  void advance(milliseconds by) {
    clock_.advance(by);
    scheduler_->run();
  }
  void answer(int status) {
    http_.answer(status);
    scheduler_->run();
  }
  static std::string header(const HttpRequest& request, std::string_view name) {
    for (const auto& [key, value] : request.headers) {
      if (key == name) {
        return value;
      }
    }
    return "<missing>";
  }
  bool carries(const HttpRequest& request, const std::string& text) {
    return request.body.find(R"("content":{"text":")" + text + R"("})") != std::string::npos;
  }

  ManualClock clock_;
  FakeHttp http_;
  FakeTenants tenants_;
  FakeSettings settings_;
  api::ApiSender api_sender_{settings_, http_, clock_, /*allow_plain_http=*/false};
  FakeOutboxStore store_{clock_};
  RecordingObserver observer_;
  ManualScheduler* scheduler_ = nullptr;
  std::unique_ptr<Outbox> outbox_;
};

TEST_F(OutboxTest, SendsASignedRequestAndMarksTheMessageSent) {
  auto recorded = reply(ConversationId{"c1"}, "hello");
  ASSERT_TRUE(recorded.has_value());
  EXPECT_EQ(recorded->status, DeliveryStatus::Queued);
  ASSERT_EQ(store_.entries().size(), 1u);

  ASSERT_EQ(http_.waiting(), 1u);
  const HttpRequest& request = http_.request();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://hooks.example.test/parley");
  EXPECT_TRUE(carries(request, "hello"));
  EXPECT_NE(request.body.find(R"("identity":"+1555c1")"), std::string::npos);
  EXPECT_EQ(header(request, "X-Parley-Event-Id"), "evt_" + recorded->id.value);
  EXPECT_TRUE(WebhookSignature::verify("s3cret", header(request, "X-Parley-Timestamp"),
                                       header(request, "X-Parley-Signature"), request.body,
                                       clock_.now())
                  .has_value());

  answer(200);
  ASSERT_EQ(store_.finished.size(), 1u);
  EXPECT_EQ(store_.finished[0].status, DeliveryStatus::Sent);
  EXPECT_EQ(store_.finished[0].reason, std::nullopt);
  EXPECT_TRUE(store_.entries().empty());
  ASSERT_EQ(observer_.changes.size(), 1u);
  EXPECT_EQ(observer_.changes[0].id, recorded->id);
  EXPECT_EQ(observer_.changes[0].status, DeliveryStatus::Sent);
}

TEST_F(OutboxTest, RetriesAfterOneTwoFourSecondsWithTheSameEventId) {
  auto recorded = reply(ConversationId{"c1"}, "hello");
  ASSERT_TRUE(recorded.has_value());
  const std::string event = header(http_.request(), "X-Parley-Event-Id");
  const std::string first_timestamp = header(http_.request(), "X-Parley-Timestamp");
  answer(500);
  for (const auto wait : {seconds(1), seconds(2), seconds(4)}) {
    EXPECT_EQ(http_.waiting(), 0u);
    advance(wait - milliseconds(1));
    EXPECT_EQ(http_.waiting(), 0u) << "not before " << wait.count() << " s";
    advance(milliseconds(1));
    ASSERT_EQ(http_.waiting(), 1u) << "after " << wait.count() << " s";
    EXPECT_EQ(header(http_.request(), "X-Parley-Event-Id"), event);
    answer(wait == seconds(4) ? 200 : 503);
  }
  EXPECT_NE(
      first_timestamp,
      std::to_string(std::chrono::duration_cast<seconds>(clock_.now().time_since_epoch()).count()));
  EXPECT_EQ(store_.errors, (std::vector<std::string>{"webhook answered 500", "webhook answered 503",
                                                     "webhook answered 503"}));
  ASSERT_EQ(store_.finished.size(), 1u);
  EXPECT_EQ(store_.finished[0].status, DeliveryStatus::Sent);
}

TEST_F(OutboxTest, APeersRequestedWaitIsHonouredOverTheShorterBackoff) {
  WaitingPeer peer;
  makeOutbox({}, &peer);
  auto recorded = reply(ConversationId{"c1"}, "hello", "tg");
  ASSERT_TRUE(recorded.has_value());
  EXPECT_EQ(peer.attempts, 1);
  advance(seconds(29));  // the backoff alone would have tried again after 1 s
  EXPECT_EQ(peer.attempts, 1);
  advance(seconds(1));
  EXPECT_EQ(peer.attempts, 2);
  EXPECT_EQ(store_.errors, (std::vector<std::string>{"flood control"}));
  ASSERT_EQ(store_.finished.size(), 1u);
  EXPECT_EQ(store_.finished[0].status, DeliveryStatus::Sent);
  outbox_.reset();  // before `peer` goes
}

TEST_F(OutboxTest, AConversationsNextMessageWaitsForThePreviousOne) {
  auto first = reply(ConversationId{"c1"}, "first");
  auto second = reply(ConversationId{"c1"}, "second");
  ASSERT_TRUE(first && second);
  ASSERT_EQ(http_.waiting(), 1u);
  EXPECT_TRUE(carries(http_.request(), "first"));
  answer(500);
  advance(seconds(1));
  ASSERT_EQ(http_.waiting(), 1u);
  EXPECT_TRUE(carries(http_.request(), "first")) << "the retry, not the next message";
  answer(200);
  ASSERT_EQ(http_.waiting(), 1u);
  EXPECT_TRUE(carries(http_.request(), "second"));
  answer(200);
  ASSERT_EQ(store_.finished.size(), 2u);
  EXPECT_EQ(store_.finished[0].message, first->id);
  EXPECT_EQ(store_.finished[1].message, second->id);
}

TEST_F(OutboxTest, ConversationsDoNotWaitForEachOther) {
  ASSERT_TRUE(reply(ConversationId{"c1"}, "one").has_value());
  ASSERT_TRUE(reply(ConversationId{"c2"}, "two").has_value());
  ASSERT_EQ(http_.waiting(), 2u);
  answer(500);  // c1 waits a second; c2 goes on
  answer(200);
  ASSERT_EQ(store_.finished.size(), 1u);
  EXPECT_EQ(store_.outbound(store_.finished[0].message).conversation.id, ConversationId{"c2"});
}

TEST_F(OutboxTest, NoMoreRequestsAtOnceThanAllowed) {
  makeOutbox(OutboxOptions{.max_in_flight = 2});
  for (const char* conversation : {"c1", "c2", "c3"}) {
    ASSERT_TRUE(reply(ConversationId{conversation}, "hi").has_value());
  }
  EXPECT_EQ(http_.waiting(), 2u);
  answer(200);
  EXPECT_EQ(http_.waiting(), 2u) << "the third goes once a slot is free";
}

TEST_F(OutboxTest, ARefusalFailsTheMessageAtOnceAndTheNextOneGoes) {
  auto first = reply(ConversationId{"c1"}, "first");
  ASSERT_TRUE(reply(ConversationId{"c1"}, "second").has_value());
  answer(404);
  ASSERT_EQ(store_.finished.size(), 1u);
  EXPECT_EQ(store_.finished[0].message, first->id);
  EXPECT_EQ(store_.finished[0].status, DeliveryStatus::Failed);
  EXPECT_EQ(store_.finished[0].reason, "webhook answered 404");
  ASSERT_EQ(observer_.changes.size(), 1u);
  EXPECT_EQ(observer_.changes[0].status, DeliveryStatus::Failed);
  EXPECT_EQ(observer_.changes[0].status_reason, "webhook answered 404");
  ASSERT_EQ(http_.waiting(), 1u);
  EXPECT_TRUE(carries(http_.request(), "second"));
}

TEST_F(OutboxTest, ThrottlingAndTimeoutsAreRetried) {
  ASSERT_TRUE(reply(ConversationId{"c1"}, "hi").has_value());
  answer(429);
  advance(seconds(1));
  answer(408);
  advance(seconds(2));
  http_.answer(fail(ErrorCode::RequestTimeout, "the webhook did not answer within 10 s"));
  scheduler_->run();
  EXPECT_TRUE(store_.finished.empty());
  EXPECT_EQ(store_.errors.back(), "the webhook did not answer within 10 s");
}

TEST_F(OutboxTest, WithoutAWebhookUrlTheMessageFailsAtOnce) {
  settings_.settings.api_webhook_url.clear();
  auto recorded = reply(ConversationId{"c1"}, "hi");
  ASSERT_TRUE(recorded.has_value());
  EXPECT_EQ(http_.waiting(), 0u);
  ASSERT_EQ(store_.finished.size(), 1u);
  EXPECT_EQ(store_.finished[0].status, DeliveryStatus::Failed);
  EXPECT_EQ(store_.finished[0].reason, "no webhook URL configured");
}

TEST_F(OutboxTest, AnErasedContactsMessageFails) {
  const Message message = store_.addMessage(ConversationId{"c1"}, "hi");
  store_.erase(message.id);
  outbox_->enqueue(store_.outbound(message.id).conversation, message, [](Result<Message>) {});
  scheduler_->run();
  EXPECT_EQ(http_.waiting(), 0u);
  ASSERT_EQ(store_.finished.size(), 1u);
  EXPECT_EQ(store_.finished[0].reason, "the contact was erased");
}

TEST_F(OutboxTest, GivesUpADayAfterTheMessageWasRecorded) {
  auto recorded = reply(ConversationId{"c1"}, "hi");
  ASSERT_TRUE(recorded.has_value());
  const TimePoint started = clock_.now();
  int attempts = 0;
  while (store_.finished.empty()) {
    ASSERT_EQ(http_.waiting(), 1u) << "after " << attempts << " attempts";
    answer(502);
    ++attempts;
    if (store_.finished.empty()) {
      advance(OutboxOptions{}.policy.retryDelay(attempts));
    }
  }
  EXPECT_GE(clock_.now() - started, hours(24));
  EXPECT_LT(clock_.now() - started, hours(24) + std::chrono::minutes(10));
  EXPECT_EQ(store_.finished[0].status, DeliveryStatus::Failed);
  EXPECT_EQ(store_.finished[0].reason, "not delivered within 24 hours: webhook answered 502");
  // 1 + 2 + … + 512 s, then every 10 minutes until a day has passed.
  EXPECT_EQ(attempts, 11 + (24 * 3600 - 1023 + 599) / 600);
}

TEST_F(OutboxTest, PendingEntriesAreResumedOnStartWhenDue) {
  const Message first = store_.addMessage(ConversationId{"c1"}, "first");
  const Message second = store_.addMessage(ConversationId{"c1"}, "second");
  // As a restart finds them: the first was tried three times, the next try is 4 s away.
  store_.preload(storage::OutboxEntry{.tenant_id = kTenant,
                                      .message_id = first.id,
                                      .conversation_id = ConversationId{"c1"},
                                      .channel = "api",
                                      .event_id = storage::EventId{"evt_first"},
                                      .message_seq = 1,
                                      .created_at = clock_.now() - hours(1),
                                      .attempts = 3,
                                      .next_attempt_at = clock_.now() + seconds(4)});
  store_.preload(storage::OutboxEntry{.tenant_id = kTenant,
                                      .message_id = second.id,
                                      .conversation_id = ConversationId{"c1"},
                                      .channel = "api",
                                      .event_id = storage::EventId{"evt_second"},
                                      .message_seq = 2,
                                      .created_at = clock_.now(),
                                      .next_attempt_at = clock_.now()});
  makeOutbox();
  EXPECT_EQ(http_.waiting(), 0u) << "the second waits for the first, the first for its time";
  advance(seconds(4));
  ASSERT_EQ(http_.waiting(), 1u);
  EXPECT_EQ(header(http_.request(), "X-Parley-Event-Id"), "evt_first");
  answer(500);
  advance(seconds(8));  // the fourth failure waits 8 s
  ASSERT_EQ(http_.waiting(), 1u);
  answer(204);
  ASSERT_EQ(http_.waiting(), 1u);
  EXPECT_EQ(header(http_.request(), "X-Parley-Event-Id"), "evt_second");
}

TEST_F(OutboxTest, OtherChannelsAreLeftAlone) {
  auto recorded = reply(ConversationId{"c1"}, "hi", "sms");
  ASSERT_TRUE(recorded.has_value());
  EXPECT_EQ(recorded->status, DeliveryStatus::Queued);
  EXPECT_TRUE(store_.entries().empty());
  EXPECT_EQ(http_.waiting(), 0u);
}

TEST_F(OutboxTest, AMessageThatCannotBeRecordedIsMarkedFailed) {
  store_.fail_writes = true;
  auto recorded = reply(ConversationId{"c1"}, "hi");
  ASSERT_TRUE(recorded.has_value());
  EXPECT_EQ(recorded->status, DeliveryStatus::Failed);
  EXPECT_EQ(recorded->status_reason, "could not be queued for sending");
  ASSERT_EQ(store_.finished.size(), 1u);
  EXPECT_EQ(store_.finished[0].status, DeliveryStatus::Failed);
  EXPECT_EQ(http_.waiting(), 0u);
}

TEST_F(OutboxTest, AResultThatCannotBeSavedIsTriedAgain) {
  ASSERT_TRUE(reply(ConversationId{"c1"}, "hi").has_value());
  store_.fail_finish = true;
  answer(200);
  EXPECT_TRUE(observer_.changes.empty());
  store_.fail_finish = false;
  advance(seconds(1));
  ASSERT_EQ(http_.waiting(), 1u) << "sent again: at least once";
  answer(200);
  ASSERT_EQ(store_.finished.size(), 1u);
  EXPECT_EQ(store_.finished[0].status, DeliveryStatus::Sent);
}

// A peer whose answers come from the test's thread while the outbox runs on its own.
class ThreadedHttp final : public HttpClient {
 public:
  void send(HttpRequest, Done done) override {
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(done));
    arrived_.notify_all();
  }
  Done take() {
    std::unique_lock lock(mutex_);
    arrived_.wait(lock, [&] { return !calls_.empty(); });
    Done done = std::move(calls_.front());
    calls_.pop_front();
    return done;
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<Done> calls_;
};

TEST(OutboxOnItsThread, AnAnswerThatComesWhileTheOutboxStopsIsRecorded) {
  ManualClock clock;
  ThreadedHttp http;
  FakeTenants tenants;
  FakeSettings settings;
  FakeOutboxStore store(clock);
  RecordingObserver observer;
  api::ApiSender sender(settings, http, clock, /*allow_plain_http=*/false);
  auto outbox = std::make_unique<Outbox>(
      storage::Stores{.tenants = &tenants, .routing = &settings, .outbox = &store},
      std::vector<ChannelSender*>{&sender}, clock, observer,
      std::make_unique<ThreadScheduler>(clock));
  ASSERT_TRUE(outbox->start().has_value());
  const Message message = store.addMessage(ConversationId{"c1"}, "hi");
  std::promise<Result<Message>> recorded;
  outbox->enqueue(store.outbound(message.id).conversation, message,
                  [&recorded](Result<Message> result) { recorded.set_value(std::move(result)); });
  ASSERT_TRUE(recorded.get_future().get().has_value());
  HttpClient::Done answer = http.take();                // the request is in flight
  std::thread stopping([&outbox] { outbox.reset(); });  // waits for the answer
  answer(HttpResponse{.status = 200});
  stopping.join();
  ASSERT_EQ(store.finished.size(), 1u);
  EXPECT_EQ(store.finished[0].status, DeliveryStatus::Sent);
  ASSERT_EQ(observer.changes.size(), 1u);
}

}  // namespace
}  // namespace parley::channels
