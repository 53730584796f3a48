#include "net/http_connection_pool.h"

#include <sys/socket.h>

#include <cerrno>

namespace parley::net {

bool HttpConnection::looksOpen() {
  if (!(tls || plain) || !socket().is_open()) {
    return false;
  }
  char byte = 0;
  const ssize_t peeked =
      ::recv(socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT | MSG_NOSIGNAL);
  if (peeked < 0) {
    return errno == EAGAIN || errno == EWOULDBLOCK;  // nothing to read: open and quiet
  }
  // 0 is the peer's FIN. Bytes on an idle plain connection are not an answer to anything; on TLS
  // they may be a late session ticket, which the next read consumes.
  return peeked > 0 && tls.has_value();
}

HttpConnectionPool::~HttpConnectionPool() {
  clear();
  for (auto& [peer, session] : sessions_) {
    SSL_SESSION_free(session);
  }
}

std::unique_ptr<HttpConnection> HttpConnectionPool::take(const std::string& peer) {
  std::unique_lock lock(mutex_);
  const auto found = idle_.find(peer);
  if (found == idle_.end()) {
    return nullptr;
  }
  auto& connections = found->second;
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<HttpConnection>> closed;
  std::unique_ptr<HttpConnection> open;
  while (!connections.empty() && !open) {
    auto connection = std::move(connections.back());
    connections.pop_back();
    --idle_count_;
    const auto idle = now - connection->idle_since;
    // The peek costs a system call per request; a connection idle for a moment is taken on trust
    // (were it closed, the request is retried on a new one).
    if (idle < idle_timeout_ && (idle < kTrustedIdle || connection->looksOpen())) {
      open = std::move(connection);
    } else {
      closed.push_back(std::move(connection));
    }
  }
  if (connections.empty()) {
    idle_.erase(found);
  }
  lock.unlock();
  for (auto& connection : closed) {
    connection->close();
  }
  if (open) {
    open->reused = true;
  }
  return open;
}

void HttpConnectionPool::put(const std::string& peer, std::unique_ptr<HttpConnection> connection) {
  const auto now = std::chrono::steady_clock::now();
  connection->idle_since = now;
  std::lock_guard lock(mutex_);
  dropExpired(now);
  auto& connections = idle_[peer];
  if (connections.size() >= max_idle_per_peer_ || idle_count_ >= kMaxIdle) {
    connection->close();
    if (connections.empty()) {
      idle_.erase(peer);
    }
    return;
  }
  connections.push_back(std::move(connection));
  ++idle_count_;
}

void HttpConnectionPool::clear() {
  std::lock_guard lock(mutex_);
  for (auto& [peer, connections] : idle_) {
    for (auto& connection : connections) {
      connection->close();
    }
  }
  idle_.clear();
  idle_count_ = 0;
}

void HttpConnectionPool::dropExpired(std::chrono::steady_clock::time_point now) {
  for (auto peer = idle_.begin(); peer != idle_.end();) {
    auto& connections = peer->second;
    // Oldest first: each peer's list is in the order the connections came back.
    size_t expired = 0;
    while (expired < connections.size() &&
           now - connections[expired]->idle_since >= idle_timeout_) {
      connections[expired++]->close();
    }
    connections.erase(connections.begin(), connections.begin() + static_cast<ptrdiff_t>(expired));
    idle_count_ -= expired;
    peer = connections.empty() ? idle_.erase(peer) : std::next(peer);
  }
}

void HttpConnectionPool::offerSession(const std::string& peer, SSL* ssl) {
  std::lock_guard lock(mutex_);
  if (const auto found = sessions_.find(peer); found != sessions_.end()) {
    SSL_set_session(ssl, found->second);  // takes its own reference
  }
}

void HttpConnectionPool::rememberSession(const std::string& peer, SSL* ssl) {
  // A copy: OpenSSL marks a connection's own session not resumable when the connection ends
  // without a TLS close, as connections to webhooks often do.
  SSL_SESSION* current = SSL_get_session(ssl);
  SSL_SESSION* session = current != nullptr ? SSL_SESSION_dup(current) : nullptr;
  if (session == nullptr) {
    return;
  }
  if (!SSL_SESSION_is_resumable(session)) {
    SSL_SESSION_free(session);
    return;
  }
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= kMaxSessions && !sessions_.contains(peer)) {
    SSL_SESSION_free(sessions_.begin()->second);  // any one: this bounds memory, not a cache policy
    sessions_.erase(sessions_.begin());
  }
  auto [entry, inserted] = sessions_.try_emplace(peer, session);
  if (!inserted) {
    SSL_SESSION_free(entry->second);
    entry->second = session;
  }
}

}  // namespace parley::net
