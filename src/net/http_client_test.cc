// The Beast client against a small peer on 127.0.0.1 (plain or TLS with a self-signed certificate),
// built here with blocking Asio calls on a thread of its own.
#include "net/http_client.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

#include "net/asio.h"
#include "net/http_connection_pool.h"
#include "net/tls_certificate.h"
// After http/asio.h, which must come first.
#include <boost/asio/ssl.hpp>

namespace parley::net {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

struct SeenRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// Serves each connection on a thread of its own, request after request while the client keeps it
// alive: records each request and answers as told, or holds the connection open without answering.
class TestPeer {
 public:
  struct Answer {
    int status = 200;
    std::string body = "ok";
    bool never = false;
    bool chunked = false;
    bool close = false;        // "Connection: close", then close
    bool hang_up = false;      // answer, then close without saying so
    bool drop_second = false;  // close the connection on its second request, unanswered
    bool early_hints = false;  // a 103 before the answer
  };

  explicit TestPeer(asio::ssl::context* tls = nullptr, std::string address = "127.0.0.1")
      : tls_(tls),
        address_(std::move(address)),
        acceptor_(io_, tcp::endpoint(asio::ip::make_address(address_), 0)) {
    acceptor_thread_ = std::thread([this] { accept(); });
  }
  ~TestPeer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    stopped_.notify_all();
    boost::system::error_code ignored;
    tcp::socket wake(io_);
    wake.connect(acceptor_.local_endpoint(), ignored);
    acceptor_thread_.join();
    {
      std::lock_guard lock(mutex_);
      for (int fd : open_fds_) {
        ::shutdown(fd, SHUT_RDWR);  // ends the blocking reads of the connections' threads
      }
    }
    for (auto& thread : connection_threads_) {
      thread.join();
    }
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string url(std::string_view target = "/hook") const {
    return std::string(tls_ ? "https" : "http") + "://" + address_ + ":" + std::to_string(port()) +
           std::string(target);
  }
  void answer(Answer answer) {
    std::lock_guard lock(mutex_);
    answer_ = std::move(answer);
  }
  std::vector<SeenRequest> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  void waitForRequests(size_t count) {
    std::unique_lock lock(mutex_);
    arrived_.wait(lock, [&] { return seen_.size() >= count; });
  }
  // Connections accepted, and of those over TLS, how many resumed an earlier session.
  size_t connections() {
    std::lock_guard lock(mutex_);
    return connections_;
  }
  size_t resumedSessions() {
    std::lock_guard lock(mutex_);
    return resumed_;
  }

 private:
  void accept() {
    while (true) {
      auto socket = std::make_shared<tcp::socket>(io_);
      boost::system::error_code error;
      acceptor_.accept(*socket, error);
      if (stopping_ || error) {
        return;
      }
      std::lock_guard lock(mutex_);
      ++connections_;
      open_fds_.push_back(socket->native_handle());
      connection_threads_.emplace_back([this, socket] { serve(std::move(*socket)); });
    }
  }
  void serve(tcp::socket socket) {
    // Off the list before the socket closes, so that the destructor never shuts down a reused fd.
    struct Forget {
      TestPeer& peer;
      int fd;
      ~Forget() {
        std::lock_guard lock(peer.mutex_);
        std::erase(peer.open_fds_, fd);
      }
    };
    if (!tls_) {
      Forget forget{*this, socket.native_handle()};
      converse(socket);
      return;
    }
    asio::ssl::stream<tcp::socket> stream(std::move(socket), *tls_);
    Forget forget{*this, stream.next_layer().native_handle()};
    boost::system::error_code error;
    stream.handshake(asio::ssl::stream_base::server, error);
    if (error) {
      return;
    }
    {
      std::lock_guard lock(mutex_);
      resumed_ += SSL_session_reused(stream.native_handle()) ? 1 : 0;
    }
    converse(stream);
  }
  // Returns when the connection is done with; a held one stays open until the peer goes.
  template <class Stream>
  void converse(Stream& stream) {
    beast::flat_buffer buffer;
    for (int number = 1;; ++number) {
      bhttp::request<bhttp::string_body> request;
      boost::system::error_code error;
      bhttp::read(stream, buffer, request, error);
      if (error) {
        return;
      }
      SeenRequest seen{
          std::string(request.method_string()), std::string(request.target()), {}, request.body()};
      for (const auto& field : request) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        seen.headers[name] = std::string(field.value());
      }
      Answer answer;
      {
        std::lock_guard lock(mutex_);
        seen_.push_back(std::move(seen));
        answer = answer_;
      }
      arrived_.notify_all();
      if (answer.never) {
        wait();
        return;
      }
      if (answer.drop_second && number == 2) {
        hangUp(stream);
        return;
      }
      if (answer.early_hints) {
        asio::write(stream,
                    asio::buffer(
                        std::string_view("HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n")),
                    error);
      }
      bhttp::response<bhttp::string_body> response{static_cast<bhttp::status>(answer.status), 11};
      response.set("X-Peer", "test");
      response.body() = answer.body;
      response.prepare_payload();
      if (answer.chunked) {
        response.chunked(true);
      }
      response.keep_alive(request.keep_alive() && !answer.close);
      bhttp::write(stream, response, error);
      if (error || !response.keep_alive() || answer.hang_up) {
        hangUp(stream);
        return;
      }
    }
  }
  template <class Stream>
  static void hangUp(Stream& stream) {
    boost::system::error_code ignored;
    beast::get_lowest_layer(stream).shutdown(tcp::socket::shutdown_both, ignored);
  }
  void wait() {
    std::unique_lock lock(mutex_);
    stopped_.wait(lock, [&] { return stopping_.load(); });
  }

  asio::ssl::context* tls_;
  std::string address_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::condition_variable stopped_;
  Answer answer_;
  std::vector<SeenRequest> seen_;
  size_t connections_ = 0;
  size_t resumed_ = 0;
  std::vector<int> open_fds_;
  std::vector<std::thread> connection_threads_;
  std::thread acceptor_thread_;
};

Result<HttpResponse> exchange(HttpClient& client, HttpRequest request) {
  std::promise<Result<HttpResponse>> answered;
  auto future = answered.get_future();
  client.send(std::move(request), [&answered](Result<HttpResponse> response) {
    answered.set_value(std::move(response));
  });
  return future.get();
}

// The test peers listen on loopback, which the client refuses by default (the SSRF guard).
std::unique_ptr<BeastHttpClient> client(HttpClientOptions options = {}) {
  options.allow_private_addresses = true;
  auto made = BeastHttpClient::create(std::move(options));
  EXPECT_TRUE(made.has_value()) << made.error().message;
  return std::move(*made);
}

std::string header(const HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) {
      return value;
    }
  }
  return "<missing>";
}

TEST(BeastHttpClient, PostsTheRequestAndReturnsTheAnswer) {
  TestPeer peer;
  peer.answer({.status = 201, .body = R"({"received":true})"});
  auto http = client();
  auto response = exchange(*http, HttpRequest{.method = "POST",
                                              .url = peer.url("/hook?x=1"),
                                              .headers = {{"X-Parley-Event-Id", "evt_1"},
                                                          {"Content-Type", "application/json"}},
                                              .body = R"({"hello":"world"})"});
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, R"({"received":true})");
  EXPECT_EQ(header(*response, "X-Peer"), "test");
  const auto seen = peer.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/hook?x=1");
  EXPECT_EQ(seen[0].body, R"({"hello":"world"})");
  EXPECT_EQ(seen[0].headers.at("x-parley-event-id"), "evt_1");
  EXPECT_EQ(seen[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(seen[0].headers.at("host"), "127.0.0.1:" + std::to_string(peer.port()));
  EXPECT_FALSE(seen[0].headers.contains("connection"))
      << "HTTP/1.1 keeps the connection by default";
  EXPECT_EQ(seen[0].headers.at("user-agent"), "Parley");
}

// Sends `count` requests one after the other and expects each answered 200.
void sendInTurn(HttpClient& http, const std::string& url, int count) {
  for (int index = 0; index < count; ++index) {
    auto response = exchange(http, HttpRequest{.url = url, .body = std::to_string(index)});
    ASSERT_TRUE(response.has_value()) << index << ": " << response.error().message;
    EXPECT_EQ(response->status, 200);
  }
}

TEST(BeastHttpClient, KeepsTheConnectionForTheNextRequestToThePeer) {
  TestPeer peer;
  auto http = client();
  sendInTurn(*http, peer.url(), 3);
  EXPECT_EQ(peer.connections(), 1u);
  ASSERT_EQ(peer.seen().size(), 3u);
  EXPECT_EQ(peer.seen()[2].body, "2");
}

TEST(BeastHttpClient, ClosesTheConnectionWhenThePeerAsks) {
  TestPeer peer;
  peer.answer({.close = true});
  auto http = client();
  sendInTurn(*http, peer.url(), 2);
  EXPECT_EQ(peer.connections(), 2u);
}

TEST(BeastHttpClient, APeerThatHungUpWhileIdleGetsTheNextRequestOnANewConnection) {
  TestPeer peer;
  peer.answer({.hang_up = true});
  auto http = client();
  sendInTurn(*http, peer.url(), 1);
  // Longer than the pool trusts an idle connection without a look: the peek sees the FIN.
  std::this_thread::sleep_for(HttpConnectionPool::kTrustedIdle + milliseconds(100));
  sendInTurn(*http, peer.url(), 1);
  EXPECT_EQ(peer.connections(), 2u);
  EXPECT_EQ(peer.seen().size(), 2u);
}

TEST(BeastHttpClient, AGetOnAReusedConnectionThePeerClosedIsSentOnceMoreOnANewOne) {
  TestPeer peer;
  peer.answer({.drop_second = true});
  auto http = client();
  for (int index = 0; index < 2; ++index) {
    auto response = exchange(*http, HttpRequest{.method = "GET", .url = peer.url()});
    ASSERT_TRUE(response.has_value()) << index << ": " << response.error().message;
  }
  EXPECT_EQ(peer.connections(), 2u);
  EXPECT_EQ(peer.seen().size(), 3u) << "the second request twice: dropped, then answered";
}

TEST(BeastHttpClient, APostThePeerTookButDidNotAnswerIsNotSentAgain) {
  TestPeer peer;
  peer.answer({.drop_second = true});
  auto http = client();
  sendInTurn(*http, peer.url(), 1);
  auto response = exchange(*http, HttpRequest{.url = peer.url(), .body = "once"});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::NotReady);
  ASSERT_EQ(peer.seen().size(), 2u) << "the peer may have acted on it: the caller decides";
  EXPECT_EQ(peer.seen()[1].body, "once");

  // With a key the peer deduplicates by, it may go again.
  sendInTurn(*http, peer.url(), 1);  // the first request on a new connection is answered
  auto keyed = exchange(
      *http,
      HttpRequest{.url = peer.url(), .headers = {{"Idempotency-Key", "k1"}}, .body = "keyed"});
  ASSERT_TRUE(keyed.has_value()) << keyed.error().message;
  EXPECT_EQ(peer.connections(), 3u);
  EXPECT_EQ(peer.seen().back().body, "keyed");
}

TEST(BeastHttpClient, AnInterimAnswerIsReadPastAndTheConnectionStaysInStep) {
  TestPeer peer;
  peer.answer({.status = 201, .body = "first", .early_hints = true});
  auto http = client();
  auto first = exchange(*http, HttpRequest{.url = peer.url()});
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->status, 201);
  EXPECT_EQ(first->body, "first");
  peer.answer({.status = 200, .body = "second"});
  auto second = exchange(*http, HttpRequest{.url = peer.url()});
  ASSERT_TRUE(second.has_value()) << second.error().message;
  EXPECT_EQ(second->body, "second");
  EXPECT_EQ(peer.connections(), 1u);
}

TEST(BeastHttpClient, AConnectionIdleLongerThanTheTimeoutIsNotReused) {
  TestPeer peer;
  auto http = client(HttpClientOptions{.idle_timeout = milliseconds(20)});
  sendInTurn(*http, peer.url(), 1);
  std::this_thread::sleep_for(milliseconds(60));
  sendInTurn(*http, peer.url(), 1);
  EXPECT_EQ(peer.connections(), 2u);
}

TEST(BeastHttpClient, WithoutPoolingEachRequestHasAConnectionOfItsOwn) {
  TestPeer peer;
  auto http = client(HttpClientOptions{.max_idle_per_peer = 0});
  sendInTurn(*http, peer.url(), 2);
  EXPECT_EQ(peer.connections(), 2u);
  EXPECT_EQ(peer.seen()[0].headers.at("connection"), "close");
}

TEST(BeastHttpClient, ConnectionsArePerPeer) {
  TestPeer first;
  TestPeer second;
  auto http = client();
  sendInTurn(*http, first.url(), 1);
  sendInTurn(*http, second.url(), 1);
  sendInTurn(*http, first.url(), 1);
  EXPECT_EQ(first.connections(), 1u);
  EXPECT_EQ(second.connections(), 1u);
}

TEST(BeastHttpClient, AnyStatusIsAnAnswer) {
  TestPeer peer;
  auto http = client();
  for (int status : {204, 302, 404, 500, 503}) {
    peer.answer({.status = status, .body = ""});
    auto response = exchange(*http, HttpRequest{.url = peer.url()});
    ASSERT_TRUE(response.has_value()) << response.error().message;
    EXPECT_EQ(response->status, status);
  }
}

TEST(BeastHttpClient, ARefusedConnectionIsNotReady) {
  uint16_t closed_port = 0;
  {
    TestPeer gone;
    closed_port = gone.port();
  }
  auto http = client();
  auto response = exchange(
      *http, HttpRequest{.url = "http://127.0.0.1:" + std::to_string(closed_port) + "/hook"});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::NotReady);
  EXPECT_NE(response.error().message.find("cannot connect to 127.0.0.1:"), std::string::npos)
      << response.error().message;
}

TEST(BeastHttpClient, APeerThatNeverAnswersTimesOut) {
  TestPeer peer;
  peer.answer({.never = true});
  auto http = client();
  auto response = exchange(*http, HttpRequest{.url = peer.url(), .timeout = milliseconds(200)});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::RequestTimeout);
  EXPECT_NE(response.error().message.find("within 200 ms"), std::string::npos)
      << response.error().message;
}

TEST(BeastHttpClient, AnAnswerLargerThanTheLimitIsRefused) {
  TestPeer peer;
  peer.answer({.body = std::string(4096, 'x')});
  auto http = client(HttpClientOptions{.max_response_bytes = 1024});
  auto response = exchange(*http, HttpRequest{.url = peer.url()});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::PayloadTooLarge);
}

TEST(BeastHttpClient, ARequestMaySetItsOwnAnswerLimit) {
  TestPeer peer;
  peer.answer({.body = std::string(4096, 'x')});
  auto http = client(HttpClientOptions{.max_response_bytes = 1024});
  auto download = exchange(*http, HttpRequest{.url = peer.url(), .max_response_bytes = 8192});
  ASSERT_TRUE(download.has_value()) << download.error().message;
  EXPECT_EQ(download->body.size(), 4096u);
  auto small = exchange(*http, HttpRequest{.url = peer.url(), .max_response_bytes = 100});
  ASSERT_FALSE(small.has_value());
  EXPECT_EQ(small.error().code, ErrorCode::PayloadTooLarge);
  EXPECT_NE(small.error().message.find("larger than 100 bytes"), std::string::npos);
}

TEST(BeastHttpClient, AnAnswerWithoutLengthIsLimitedToo) {
  TestPeer peer;
  peer.answer({.body = std::string(4096, 'x'), .chunked = true});
  auto http = client(HttpClientOptions{.max_response_bytes = 1024});
  auto response = exchange(*http, HttpRequest{.url = peer.url()});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::PayloadTooLarge);
}

TEST(BeastHttpClient, UnusableUrlsAndHeadersAreBadRequests) {
  auto http = client();
  for (const char* url :
       {"ftp://127.0.0.1/", "http://", "http://:80/", "http://127.0.0.1:0/",
        "http://127.0.0.1:99999/", "http://user:pw@127.0.0.1/", "http://[::1/", "127.0.0.1:80"}) {
    auto response = exchange(*http, HttpRequest{.url = url});
    ASSERT_FALSE(response.has_value()) << url;
    EXPECT_EQ(response.error().code, ErrorCode::BadRequest) << url;
  }
  // Nothing a caller passes can add a line to the request or split it.
  const std::vector<HttpRequest> hostile = {
      {.url = "http://127.0.0.1:1/", .headers = {{"X-A", "b\r\nX-Evil: 1"}}},
      {.url = "http://127.0.0.1:1/", .headers = {{"X-A\r\nX-Evil", "1"}}},
      {.url = "http://127.0.0.1:1/", .headers = {{"X A", "1"}}},
      {.url = "http://127.0.0.1:1/", .headers = {{"X-A", std::string("a\0b", 3)}}},
      {.url = "http://127.0.0.1:1/", .headers = {{"", "1"}}},
      {.method = "GET / HTTP/1.1\r\nX-Evil: 1\r\n\r\nGET", .url = "http://127.0.0.1:1/"},
      {.method = "", .url = "http://127.0.0.1:1/"},
      {.url = "http://127.0.0.1:1/a b"},
      {.url = "http://127.0.0.1:1/a\r\nX-Evil: 1"},
  };
  for (const HttpRequest& request : hostile) {
    auto refused = exchange(*http, request);
    ASSERT_FALSE(refused.has_value()) << request.method << " " << request.url;
    EXPECT_EQ(refused.error().code, ErrorCode::BadRequest) << request.method << " " << request.url;
  }
}

TEST(BeastHttpClient, TheClientFramesTheMessageWhateverHeadersTheCallerPasses) {
  TestPeer peer;
  auto http = client();
  auto response = exchange(*http, HttpRequest{.method = "PUT",
                                              .url = peer.url("/thing"),
                                              .headers = {{"content-length", "999"},
                                                          {"Transfer-Encoding", "chunked"},
                                                          {"Connection", "close"},
                                                          {"user-agent", "Parley-Test"},
                                                          {"X-Kept", "yes"}},
                                              .body = "12345"});
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  auto empty_post = exchange(*http, HttpRequest{.method = "POST", .url = peer.url("/empty")});
  ASSERT_TRUE(empty_post.has_value()) << empty_post.error().message;
  auto get = exchange(*http, HttpRequest{.method = "GET", .url = peer.url("/get")});
  ASSERT_TRUE(get.has_value()) << get.error().message;
  const auto seen = peer.seen();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "PUT");
  EXPECT_EQ(seen[0].body, "12345");
  EXPECT_EQ(seen[0].headers.at("content-length"), "5");
  EXPECT_FALSE(seen[0].headers.contains("transfer-encoding"));
  EXPECT_FALSE(seen[0].headers.contains("connection"));
  EXPECT_EQ(seen[0].headers.at("user-agent"), "Parley-Test") << "the caller's replaces the default";
  EXPECT_EQ(seen[0].headers.at("x-kept"), "yes");
  EXPECT_EQ(seen[1].headers.at("content-length"), "0") << "a POST always says its length";
  EXPECT_FALSE(seen[2].headers.contains("content-length")) << "a GET without a body does not";
  EXPECT_EQ(peer.connections(), 1u) << "all three on one kept connection";
}

TEST(BeastHttpClient, DestroyingTheClientEndsRequestsInFlight) {
  TestPeer peer;
  peer.answer({.never = true});
  auto http = client();
  std::promise<Result<HttpResponse>> answered;
  http->send(
      HttpRequest{.url = peer.url(), .timeout = seconds(60)},
      [&answered](Result<HttpResponse> response) { answered.set_value(std::move(response)); });
  peer.waitForRequests(1);  // then the client goes
  http.reset();
  auto future = answered.get_future();
  ASSERT_EQ(future.wait_for(seconds(0)), std::future_status::ready)
      << "the callback ran before the destructor returned";
  auto response = future.get();
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::NotReady);
  EXPECT_EQ(response.error().message, "the HTTP client is shutting down");
}

TEST(BeastHttpClient, RunsOnAnEventLoopItIsGiven) {
  TestPeer peer;
  asio::io_context io;
  auto guard = asio::make_work_guard(io);
  std::thread loop([&io] { io.run(); });
  {
    auto made = BeastHttpClient::create(HttpClientOptions{.allow_private_addresses = true}, io);
    ASSERT_TRUE(made.has_value());
    auto response = exchange(**made, HttpRequest{.url = peer.url()});
    ASSERT_TRUE(response.has_value()) << response.error().message;
    EXPECT_EQ(response->status, 200);
  }
  guard.reset();
  loop.join();
}

class BeastHttpsClient : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("parley-https-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    ASSERT_TRUE(ensureSelfSignedCertificate(cert(), dir_ / "key.pem").has_value());
    tls_.use_certificate_chain_file(cert().string());
    tls_.use_private_key_file((dir_ / "key.pem").string(), asio::ssl::context::pem);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path cert() const { return dir_ / "cert.pem"; }

  std::filesystem::path dir_;
  asio::ssl::context tls_{asio::ssl::context::tls_server};
};

TEST_F(BeastHttpsClient, TrustsAGivenCaFile) {
  TestPeer peer(&tls_);
  auto http = client(HttpClientOptions{.ca_file = cert()});
  auto response = exchange(*http, HttpRequest{.url = peer.url(), .body = "{}"});
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  ASSERT_EQ(peer.seen().size(), 1u);
  EXPECT_EQ(peer.seen()[0].body, "{}");
}

TEST_F(BeastHttpsClient, RefusesAnUntrustedCertificate) {
  TestPeer peer(&tls_);
  auto http = client();
  auto response = exchange(*http, HttpRequest{.url = peer.url()});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::NotReady);
  EXPECT_NE(response.error().message.find("certificate verify failed"), std::string::npos)
      << response.error().message;
  EXPECT_TRUE(peer.seen().empty());
}

TEST_F(BeastHttpsClient, RefusesACertificateForAnotherHost) {
  TestPeer peer(&tls_, "127.0.0.2");  // the certificate names localhost, 127.0.0.1 and ::1
  auto http = client(HttpClientOptions{.ca_file = cert()});
  auto response = exchange(*http, HttpRequest{.url = peer.url()});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::NotReady);
  EXPECT_TRUE(peer.seen().empty());
}

TEST_F(BeastHttpsClient, VerificationCanBeTurnedOffForTests) {
  TestPeer peer(&tls_);
  auto http = client(HttpClientOptions{.verify_peer = false});
  auto response = exchange(*http, HttpRequest{.url = peer.url()});
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->status, 200);
}

TEST_F(BeastHttpsClient, KeepsTheTlsConnection) {
  TestPeer peer(&tls_);
  auto http = client(HttpClientOptions{.ca_file = cert()});
  sendInTurn(*http, peer.url(), 3);
  EXPECT_EQ(peer.connections(), 1u);
}

TEST_F(BeastHttpsClient, ANewConnectionResumesTheTlsSession) {
  TestPeer peer(&tls_);
  peer.answer({.close = true});
  auto http = client(HttpClientOptions{.ca_file = cert()});
  sendInTurn(*http, peer.url(), 3);
  EXPECT_EQ(peer.connections(), 3u);
  EXPECT_EQ(peer.resumedSessions(), 2u);
}

TEST_F(BeastHttpsClient, AResumedSessionIsForItsOwnPeerOnly) {
  TestPeer first(&tls_);
  TestPeer second(&tls_, "127.0.0.2");  // the certificate does not name it
  first.answer({.close = true});
  auto http = client(HttpClientOptions{.ca_file = cert()});
  sendInTurn(*http, first.url(), 1);
  auto response = exchange(*http, HttpRequest{.url = second.url()});
  ASSERT_FALSE(response.has_value()) << "verified anew, not waved through by a session";
  EXPECT_TRUE(second.seen().empty());
}

TEST(BeastHttpClientOptions, AnUnreadableCaFileIsRefused) {
  auto made = BeastHttpClient::create(HttpClientOptions{.ca_file = "/nonexistent/ca.pem"});
  ASSERT_FALSE(made.has_value());
  EXPECT_EQ(made.error().code, ErrorCode::BadRequest);
}

}  // namespace

TEST(IsPublicAddress, RefusesWhatATenantMustNotReach) {
  for (const char* inward :
       {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "0.0.0.0", "255.255.255.255", "224.0.0.1", "::1", "::",
        "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "not an ip",
        // IPv4 inside IPv6: compatible, SIIT, NAT64 (well-known and local),
        // 6to4, Teredo (client inverted), and their hex spellings
        "::127.0.0.1", "::7f00:1", "::ffff:0:127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::10.0.0.1",
        "64:ff9b::169.254.169.254", "64:ff9b:1::808:808", "2002:7f00:1::", "2002:a9fe:a9fe::1",
        "2001:0:4136:e378:8000:63bf:80ff:fffe", "fec0::1", "100::1", "198.18.0.1", "240.0.0.1",
        "192.0.0.8"}) {
    EXPECT_FALSE(isPublicAddress(inward)) << inward;
  }
  for (const char* outward : {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1",
                              "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808",
                              "2002:808:808::1", "2001:0:4136:e378:8000:63bf:f7f7:f7f7"}) {
    EXPECT_TRUE(isPublicAddress(outward)) << outward;
  }
}

TEST(BeastHttpClient, RefusesLoopbackUnlessAllowed) {
  TestPeer peer;
  auto made = BeastHttpClient::create(HttpClientOptions{});
  ASSERT_TRUE(made.has_value());
  auto response =
      exchange(**made, HttpRequest{.method = "POST", .url = peer.url("/hook"), .body = "{}"});
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().code, ErrorCode::BadRequest);
  EXPECT_NE(response.error().message.find("private or local address"), std::string::npos);
  EXPECT_TRUE(peer.seen().empty());
}

}  // namespace parley::net
