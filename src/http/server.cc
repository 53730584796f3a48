#include "http/server.h"

#include <spdlog/spdlog.h>

#include <thread>
#include <vector>

#include "http/sessions.h"
#include "http/static_files.h"
#include "net/asio.h"

namespace parley::http {

struct Server::Impl {
  Impl(ServerOptions options_in, api::Router& router, api::Authenticator& authenticator,
       api::Metrics& metrics, events::EventBus& events, LiveHooks live, WidgetHooks widget)
      : options(std::move(options_in)),
        files(options.web_root),
        context{options, router,      authenticator, metrics,         events,
                files,   connections, stopping,      std::move(live), std::move(widget)},
        loops(makeLoops(options.threads)),
        io(*loops.front()) {}

  static std::vector<std::unique_ptr<asio::io_context>> makeLoops(size_t threads) {
    const size_t count =
        threads != 0 ? threads : std::max<size_t>(1, std::thread::hardware_concurrency());
    std::vector<std::unique_ptr<asio::io_context>> loops;
    for (size_t index = 0; index < count; ++index) {
      loops.push_back(std::make_unique<asio::io_context>(1));
    }
    return loops;
  }

  asio::awaitable<void> acceptLoop();
  void beginShutdown(const std::function<void()>& on_stopping);
  void waitForConnections(std::chrono::steady_clock::time_point deadline);

  ServerOptions options;
  StaticFiles files;
  ConnectionRegistry connections;
  std::atomic<bool> stopping{false};
  ServerContext context;
  // One event loop per network thread, connections dealt round-robin: every core takes its share,
  // and a connection's handlers never run on two threads (no strands needed).
  std::vector<std::unique_ptr<asio::io_context>> loops;
  asio::io_context& io;  // loops[0]: the acceptor, signals and shutdown timers live here
  size_t next_loop = 0;
  tcp::acceptor acceptor{io};
  // Installed with the server, before it says it listens: a SIGTERM sent as soon as the listening
  // line appears must reach the handler, not end the process by default.
  asio::signal_set signals{io, SIGINT, SIGTERM};
  std::unique_ptr<asio::ssl::context> tls;
  std::unique_ptr<asio::steady_timer> drain_timer;
};

namespace {

void logSessionEnd(std::exception_ptr failure) {
  if (!failure) {
    return;
  }
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    spdlog::warn("connection ended by an exception: {}", error.what());
  }
}

Result<std::unique_ptr<asio::ssl::context>> makeTlsContext(const ServerOptions& options) {
  auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  boost::system::error_code error;
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                       error);
  context->use_certificate_chain_file(options.tls_cert_file.string(), error);
  if (!error) {
    context->use_private_key_file(options.tls_key_file.string(), asio::ssl::context::pem, error);
  }
  if (error) {
    return fail(ErrorCode::BadRequest, "cannot load TLS certificate " +
                                           options.tls_cert_file.string() + " or key " +
                                           options.tls_key_file.string() + ": " + error.message());
  }
  return context;
}

}  // namespace

asio::awaitable<void> Server::Impl::acceptLoop() {
  while (acceptor.is_open()) {
    boost::system::error_code error;
    asio::io_context& loop = *loops[next_loop++ % loops.size()];
    tcp::socket socket =
        co_await acceptor.async_accept(loop, asio::redirect_error(asio::use_awaitable, error));
    if (error) {
      if (!acceptor.is_open() || error == asio::error::operation_aborted) {
        co_return;
      }
      spdlog::warn("accept failed: {}", error.message());  // e.g. out of file descriptors
      asio::steady_timer pause(io, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, error));
      continue;
    }
    socket.set_option(tcp::no_delay(true), error);
    std::string peer = socket.remote_endpoint(error).address().to_string();
    auto executor = socket.get_executor();
    if (tls) {
      asio::co_spawn(
          executor,
          serveHttp(TlsStream(PlainStream(std::move(socket)), *tls), context, std::move(peer)),
          logSessionEnd);
    } else {
      asio::co_spawn(executor, serveHttp(PlainStream(std::move(socket)), context, std::move(peer)),
                     logSessionEnd);
    }
  }
}

void Server::Impl::beginShutdown(const std::function<void()>& on_stopping) {
  spdlog::info("stopping: no new connections; finishing requests in flight");
  stopping = true;
  if (on_stopping) {
    on_stopping();
  }
  boost::system::error_code ignored;
  acceptor.close(ignored);
  connections.closeAll();
  waitForConnections(std::chrono::steady_clock::now() + options.shutdown_grace);
}

void Server::Impl::waitForConnections(std::chrono::steady_clock::time_point deadline) {
  if (connections.size() == 0 || std::chrono::steady_clock::now() >= deadline) {
    if (connections.size() != 0) {
      spdlog::warn("{} connections still open after the grace period", connections.size());
    }
    for (auto& loop : loops) {
      loop->stop();
    }
    return;
  }
  drain_timer = std::make_unique<asio::steady_timer>(io, std::chrono::milliseconds(20));
  drain_timer->async_wait([this, deadline](boost::system::error_code) {
    connections.closeAll();  // connections that were busy before may be idle now
    waitForConnections(deadline);
  });
}

Server::Server(ServerOptions options, api::Router& router, api::Authenticator& authenticator,
               api::Metrics& metrics, events::EventBus& events, LiveHooks live, WidgetHooks widget)
    : impl_(std::make_unique<Impl>(std::move(options), router, authenticator, metrics, events,
                                   std::move(live), std::move(widget))) {}

Server::~Server() = default;

bool Server::isStopping() const { return impl_->stopping.load(); }

Result<uint16_t> Server::listen() {
  const ServerOptions& options = impl_->options;
  boost::system::error_code error;
  const std::string host = options.host == "localhost" ? "127.0.0.1" : options.host;
  const auto address = asio::ip::make_address(host, error);
  if (error) {
    return fail(ErrorCode::BadRequest,
                "cannot listen on '" + options.host + "': not an IP address");
  }
  if (!address.is_loopback() && !options.tls && !options.behind_tls_proxy) {
    return fail(ErrorCode::BadRequest,
                "refusing to serve " + options.host +
                    " without TLS: pass --tls (with --tls-cert/--tls-key) or --behind-tls-proxy");
  }
  if (options.tls) {
    auto context = makeTlsContext(options);
    if (!context) {
      return std::unexpected(context.error());
    }
    impl_->tls = std::move(*context);
  }
  tcp::acceptor& acceptor = impl_->acceptor;
  const tcp::endpoint endpoint(address, options.port);
  acceptor.open(endpoint.protocol(), error);
  if (!error) {
    acceptor.set_option(asio::socket_base::reuse_address(true), error);
    acceptor.bind(endpoint, error);
  }
  if (!error) {
    acceptor.listen(asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    return fail(ErrorCode::BadRequest, "cannot listen on " + options.host + ":" +
                                           std::to_string(options.port) + ": " + error.message());
  }
  spdlog::info("serving {} static files from {}", impl_->files.size(), options.web_root.string());
  return acceptor.local_endpoint().port();
}

void Server::runUntilSignalled(std::function<void()> on_stopping) {
  Impl& impl = *impl_;
  impl.signals.async_wait([&impl, &on_stopping](boost::system::error_code error, int) {
    if (!error) {
      impl.beginShutdown(on_stopping);
    }
  });
  asio::co_spawn(impl.io, impl.acceptLoop(), logSessionEnd);
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  std::vector<std::thread> workers;
  for (size_t index = 1; index < impl.loops.size(); ++index) {
    asio::io_context& loop = *impl.loops[index];
    keep_running.push_back(asio::make_work_guard(loop));
    workers.emplace_back([&loop] { loop.run(); });
  }
  impl.io.run();
  for (std::thread& worker : workers) {
    worker.join();
  }
}

}  // namespace parley::http
