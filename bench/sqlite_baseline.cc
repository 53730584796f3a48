// Baseline for the benchmark scripts: raw SQLite inserting, into Parley's own schema, the rows one
// durable Parley write stores, in transactions of BATCH units with synchronous=FULL in WAL mode, on
// one thread, with prepared statements, no HTTP and no crypto (blobs of the sizes Parley's
// ciphertexts have). It is the ceiling Parley's group-commit writer can approach.
//
// Modes:
//   contact  (default; bench/http_post.sh) one contact POST: a contact row, two blind-index rows,
//            four audit rows. Prints contacts/s.
//   inbound  (bench/inbound_e2e.mjs) one inbound message from a new identity, routed: a contact,
//            its channel identity, two audit rows (name, identity), a conversation (stored as
//            assigned), the message and the routing decision. Prints messages/s. Plaintext sizes
//            (bytes) may be given as KEY=N: identity, name, content (the message's content JSON),
//            explanation (the decision's explanation JSON); sealed columns get 40 bytes more
//            (XChaCha20-Poly1305 nonce and tag), as Parley's do.
//   reply    (bench/outbound_e2e.mjs) one agent reply through the outbound path: stored (the
//            message, its conversation's times, the outbox entry), then sent (the outbox entry
//            gone, the status and the provider's id on the message, the id's look-up row), in two
//            transactions per batch as sending comes between. Prints replies/s. content=N as above.
//
// usage: sqlite_baseline DB_PATH SECONDS [BATCH] [contact|inbound|reply [KEY=N]...]

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/migrations.h"

namespace {

constexpr size_t kSealOverhead = 40;  // 24-byte nonce + 16-byte tag

std::string randomBlob(std::mt19937_64& random, size_t size) {
  std::string blob(size, '\0');
  for (char& byte : blob) {
    byte = static_cast<char>(random());
  }
  return blob;
}

void bindBlob(sqlite3_stmt* statement, int index, const std::string& blob) {
  sqlite3_bind_blob(statement, index, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
}

void step(sqlite3_stmt* statement) {
  if (sqlite3_step(statement) != SQLITE_DONE) {
    std::fprintf(stderr, "insert failed: %s\n", sqlite3_errmsg(sqlite3_db_handle(statement)));
    std::exit(1);
  }
  sqlite3_reset(statement);
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "bad SQL (%s): %s\n", sqlite3_errmsg(db), sql);
    std::exit(1);
  }
  return statement;
}

// A time-ordered id like Parley's: prefix, 12 hex digits of milliseconds, 16 random hex digits.
void makeId(char (&id)[48], const char* prefix, std::mt19937_64& random) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  std::snprintf(id, sizeof id, "%s_%012llx%016llx", prefix,
                static_cast<unsigned long long>(
                    std::chrono::duration_cast<std::chrono::milliseconds>(now).count()),
                static_cast<unsigned long long>(random()));
}

int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

using Clock = std::chrono::steady_clock;

// The rows of one contact POST (bench/http_post.sh).
void runContacts(sqlite3* db, double seconds, int batch) {
  sqlite3_stmt* contact =
      prepare(db,
              "INSERT INTO contacts (tenant_id, id, key_id, name_enc, email_enc, phone_enc, "
              "attributes_enc, created_at, updated_at) VALUES ('ten_bench', ?1, ?2, ?3, ?4, ?5, "
              "?6, ?7, ?7)");
  sqlite3_stmt* lookup = prepare(db, "INSERT INTO contact_lookup VALUES ('ten_bench', ?1, ?2, ?3)");
  sqlite3_stmt* audit = prepare(db,
                                "INSERT INTO audit_log VALUES ('ten_bench', ?1, 'contact', ?2, ?3, "
                                "'token', 'tok_bench', ?4, ?5, ?6, ?7)");
  std::mt19937_64 random(42);
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  long contacts = 0;
  long seq = 0;
  char id[48];
  while (Clock::now() < deadline) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (int index = 0; index < batch; ++index, ++contacts) {
      makeId(id, "con", random);
      sqlite3_bind_text(contact, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(contact, 2, id, -1, SQLITE_TRANSIENT);  // its key's id, as long
      bindBlob(contact, 3, randomBlob(random, 52));
      bindBlob(contact, 4, randomBlob(random, 70));
      bindBlob(contact, 5, randomBlob(random, 56));
      bindBlob(contact, 6, randomBlob(random, 820));
      sqlite3_bind_int64(contact, 7, contacts);
      step(contact);
      for (const char* kind : {"email", "phone"}) {
        sqlite3_bind_text(lookup, 1, kind, -1, SQLITE_STATIC);
        bindBlob(lookup, 2, randomBlob(random, 32));
        sqlite3_bind_text(lookup, 3, id, -1, SQLITE_TRANSIENT);
        step(lookup);
      }
      for (int attribute = 0; attribute < 4; ++attribute) {
        sqlite3_bind_int64(audit, 1, ++seq);
        sqlite3_bind_text(audit, 2, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(audit, 3, "attribute", -1, SQLITE_STATIC);
        sqlite3_bind_int64(audit, 4, seq);
        bindBlob(audit, 5, randomBlob(random, attribute == 3 ? 820 : 60));
        bindBlob(audit, 6, randomBlob(random, 32));
        bindBlob(audit, 7, randomBlob(random, 32));
        step(audit);
      }
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  const std::chrono::duration<double> elapsed = Clock::now() - start;
  std::printf("BASELINE contacts=%ld seconds=%.3f contacts_per_s=%.1f rows_per_s=%.1f batch=%d\n",
              contacts, elapsed.count(), contacts / elapsed.count(), 7 * contacts / elapsed.count(),
              batch);
  for (sqlite3_stmt* statement : {contact, lookup, audit}) {
    sqlite3_finalize(statement);
  }
}

struct InboundSizes {
  size_t identity = 20;      // "+1555…" as the benchmark sends it
  size_t name = 20;          // "Customer …"
  size_t content = 60;       // {"text":"…"}
  size_t explanation = 190;  // the routing decision's explanation JSON (no agent skipped)
};

// The rows of one inbound message from a new identity that opens a conversation and is allocated
// at once (bench/inbound_e2e.mjs): 7 rows.
void runInbound(sqlite3* db, double seconds, int batch, const InboundSizes& sizes) {
  sqlite3_exec(db,
               "INSERT INTO users VALUES ('ten_bench', 'usr_bench', x'01', x'00', x'00', 'agent', "
               "'x', 0)",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* contact = prepare(db,
                                  "INSERT INTO contacts (tenant_id, id, key_id, name_enc, "
                                  "email_enc, phone_enc, attributes_enc, created_at, updated_at) "
                                  "VALUES ('ten_bench', ?1, ?2, ?3, NULL, NULL, NULL, ?4, ?4)");
  sqlite3_stmt* identity = prepare(db,
                                   "INSERT INTO contact_identities (tenant_id, channel, "
                                   "identity_index, contact_id, identity_enc, created_at) "
                                   "VALUES ('ten_bench', 'api', ?1, ?2, ?3, ?4)");
  sqlite3_stmt* audit = prepare(db,
                                "INSERT INTO audit_log VALUES ('ten_bench', ?1, 'contact', ?2, ?3, "
                                "'system', 'channel:api', ?4, ?5, ?6, ?7)");
  sqlite3_stmt* conversation = prepare(
      db,
      "INSERT INTO conversations (tenant_id, id, contact_id, channel, category_id, state, "
      "agent_id, manual, enqueued_at, assigned_at, offer_deadline, missed_by, first_response_at, "
      "closed_at, created_at, last_message_at) VALUES ('ten_bench', ?1, ?2, 'api', ?3, "
      "'assigned', ?4, 0, ?5, ?5, NULL, '[]', NULL, NULL, ?5, ?5)");
  sqlite3_stmt* message = prepare(
      db,
      "INSERT INTO messages (tenant_id, id, conversation_id, seq, contact_id, channel, direction, "
      "content_enc, status, status_reason, provider_message_id, author_id, created_at) VALUES "
      "('ten_bench', ?1, ?2, 1, ?3, 'api', 'inbound', ?4, 'received', NULL, NULL, NULL, ?5)");
  sqlite3_stmt* decision = prepare(db,
                                   "INSERT INTO routing_decisions (tenant_id, conversation_id, "
                                   "seq, at, cause, agent_id, explanation_json) VALUES "
                                   "('ten_bench', ?1, 1, ?2, 'allocated', ?3, ?4)");
  std::mt19937_64 random(42);
  // 100 agents, as in the benchmark's tenant; ids of Parley's length.
  std::string agents[100];
  for (int index = 0; index < 100; ++index) {
    char id[48];
    makeId(id, "usr", random);
    agents[index] = id;
  }
  const std::string categories[2] = {"cat_01a2000000000000000000000001",
                                     "cat_01a2000000000000000000000002"};
  // A JSON-ish text of the explanation's size (stored as TEXT, as Parley stores it).
  std::string explanation(sizes.explanation, 'x');
  if (explanation.size() >= 2) {
    explanation.front() = '{';
    explanation.back() = '}';
  }
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  long messages = 0;
  long seq = 0;
  char contact_id[48];
  char conversation_id[48];
  char message_id[48];
  while (Clock::now() < deadline) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (int index = 0; index < batch; ++index, ++messages) {
      const int64_t now = nowMillis();
      makeId(contact_id, "con", random);
      makeId(conversation_id, "cnv", random);
      makeId(message_id, "msg", random);
      const std::string& agent = agents[messages % 100];

      sqlite3_bind_text(contact, 1, contact_id, -1, SQLITE_TRANSIENT);
      // The key's id (as long as a contact id). Parley writes the key itself to its key store, in
      // batches of up to 1,024; the baseline does not.
      sqlite3_bind_text(contact, 2, contact_id, -1, SQLITE_TRANSIENT);
      bindBlob(contact, 3, randomBlob(random, sizes.name + kSealOverhead));
      sqlite3_bind_int64(contact, 4, now);
      step(contact);

      bindBlob(identity, 1, randomBlob(random, 32));  // blind index
      sqlite3_bind_text(identity, 2, contact_id, -1, SQLITE_TRANSIENT);
      bindBlob(identity, 3, randomBlob(random, sizes.identity + kSealOverhead));
      sqlite3_bind_int64(identity, 4, now);
      step(identity);

      for (int change = 0; change < 2; ++change) {
        sqlite3_bind_int64(audit, 1, ++seq);
        sqlite3_bind_text(audit, 2, contact_id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(audit, 3, change == 0 ? "name" : "identity.api", -1, SQLITE_STATIC);
        sqlite3_bind_int64(audit, 4, now);
        bindBlob(audit, 5,
                 randomBlob(random, (change == 0 ? sizes.name : sizes.identity) + kSealOverhead));
        bindBlob(audit, 6, randomBlob(random, 32));
        bindBlob(audit, 7, randomBlob(random, 32));
        step(audit);
      }

      sqlite3_bind_text(conversation, 1, conversation_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(conversation, 2, contact_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(conversation, 3, categories[messages % 2].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(conversation, 4, agent.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(conversation, 5, now);
      step(conversation);

      sqlite3_bind_text(message, 1, message_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(message, 2, conversation_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(message, 3, contact_id, -1, SQLITE_TRANSIENT);
      bindBlob(message, 4, randomBlob(random, sizes.content + kSealOverhead));
      sqlite3_bind_int64(message, 5, now);
      step(message);

      sqlite3_bind_text(decision, 1, conversation_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(decision, 2, now);
      sqlite3_bind_text(decision, 3, agent.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(decision, 4, explanation.data(), static_cast<int>(explanation.size()),
                        SQLITE_STATIC);
      step(decision);
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "commit failed: %s\n", sqlite3_errmsg(db));
      std::exit(1);
    }
  }
  const std::chrono::duration<double> elapsed = Clock::now() - start;
  std::printf(
      "BASELINE mode=inbound messages=%ld seconds=%.3f messages_per_s=%.1f rows_per_s=%.1f "
      "batch=%d identity=%zu name=%zu content=%zu explanation=%zu\n",
      messages, elapsed.count(), messages / elapsed.count(), 7 * messages / elapsed.count(), batch,
      sizes.identity, sizes.name, sizes.content, sizes.explanation);
  for (sqlite3_stmt* statement : {contact, identity, audit, conversation, message, decision}) {
    sqlite3_finalize(statement);
  }
}

// Replies to 64 open conversations in turn, as the benchmark's agents send them.
void runReplies(sqlite3* db, double seconds, int batch, const InboundSizes& sizes) {
  constexpr int kConversations = 64;
  sqlite3_stmt* open_conversation = prepare(
      db,
      "INSERT INTO conversations (tenant_id, id, contact_id, channel, category_id, state, "
      "agent_id, manual, enqueued_at, assigned_at, offer_deadline, missed_by, first_response_at, "
      "closed_at, created_at, last_message_at) VALUES ('ten_bench', ?1, ?2, 'chn_bench', NULL, "
      "'assigned', 'usr_bench', 0, ?3, ?3, NULL, '[]', NULL, NULL, ?3, ?3)");
  sqlite3_stmt* message = prepare(
      db,
      "INSERT INTO messages (tenant_id, id, conversation_id, contact_id, channel, direction, "
      "content_enc, status, status_reason, provider_message_id, author_id, created_at, seq) "
      "SELECT 'ten_bench', ?1, ?2, ?3, 'chn_bench', 'outbound', ?4, 'queued', NULL, NULL, "
      "'usr_bench', ?5, coalesce(max(seq), 0) + 1 FROM messages WHERE tenant_id = 'ten_bench' "
      "AND conversation_id = ?2");
  sqlite3_stmt* conversation =
      prepare(db,
              "UPDATE conversations SET last_message_at = ?1, first_response_at = "
              "coalesce(first_response_at, ?1) WHERE tenant_id = 'ten_bench' AND id = ?2");
  sqlite3_stmt* outbox = prepare(
      db,
      "INSERT INTO outbox (tenant_id, message_id, conversation_id, channel, event_id, "
      "message_seq, seq, attempts, next_attempt_at, created_at) SELECT 'ten_bench', ?1, ?2, "
      "'chn_bench', ?3, 1, coalesce(max(seq), 0) + 1, 0, ?4, ?4 FROM outbox WHERE tenant_id = "
      "'ten_bench'");
  sqlite3_stmt* sent_entry =
      prepare(db, "DELETE FROM outbox WHERE tenant_id = 'ten_bench' AND message_id = ?1");
  sqlite3_stmt* sent_status =
      prepare(db,
              "UPDATE messages SET status = 'sent', status_reason = NULL WHERE tenant_id = "
              "'ten_bench' AND id = ?1");
  sqlite3_stmt* provider_id = prepare(
      db, "UPDATE messages SET provider_message_id = ?1 WHERE tenant_id = 'ten_bench' AND id = ?2");
  sqlite3_stmt* provider_lookup =
      prepare(db,
              "INSERT OR REPLACE INTO provider_message_ids (tenant_id, channel, provider_id, "
              "message_id) VALUES ('ten_bench', 'chn_bench', ?1, ?2)");
  std::mt19937_64 random(42);
  std::string conversations[kConversations];
  std::string contacts[kConversations];
  char id[48];
  for (int index = 0; index < kConversations; ++index) {
    makeId(id, "cnv", random);
    conversations[index] = id;
    makeId(id, "con", random);
    contacts[index] = id;
    sqlite3_bind_text(open_conversation, 1, conversations[index].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(open_conversation, 2, contacts[index].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(open_conversation, 3, nowMillis());
    step(open_conversation);
  }
  std::vector<std::string> ids(static_cast<size_t>(batch));
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  long replies = 0;
  while (Clock::now() < deadline) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (int index = 0; index < batch; ++index) {
      const int64_t now = nowMillis();
      const int which = static_cast<int>((replies + index) % kConversations);
      makeId(id, "msg", random);
      ids[static_cast<size_t>(index)] = id;
      sqlite3_bind_text(message, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(message, 2, conversations[which].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(message, 3, contacts[which].c_str(), -1, SQLITE_STATIC);
      bindBlob(message, 4, randomBlob(random, sizes.content + kSealOverhead));
      sqlite3_bind_int64(message, 5, now);
      step(message);
      sqlite3_bind_int64(conversation, 1, now);
      sqlite3_bind_text(conversation, 2, conversations[which].c_str(), -1, SQLITE_STATIC);
      step(conversation);
      char event[48];
      makeId(event, "evt", random);
      sqlite3_bind_text(outbox, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(outbox, 2, conversations[which].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(outbox, 3, event, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(outbox, 4, now);
      step(outbox);
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "commit failed: %s\n", sqlite3_errmsg(db));
      std::exit(1);
    }
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (int index = 0; index < batch; ++index, ++replies) {
      const std::string& sent = ids[static_cast<size_t>(index)];
      const std::string provider = "4242:" + std::to_string(replies + 1);
      sqlite3_bind_text(sent_entry, 1, sent.c_str(), -1, SQLITE_STATIC);
      step(sent_entry);
      sqlite3_bind_text(sent_status, 1, sent.c_str(), -1, SQLITE_STATIC);
      step(sent_status);
      sqlite3_bind_text(provider_id, 1, provider.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(provider_id, 2, sent.c_str(), -1, SQLITE_STATIC);
      step(provider_id);
      sqlite3_bind_text(provider_lookup, 1, provider.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(provider_lookup, 2, sent.c_str(), -1, SQLITE_STATIC);
      step(provider_lookup);
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "commit failed: %s\n", sqlite3_errmsg(db));
      std::exit(1);
    }
  }
  const std::chrono::duration<double> elapsed = Clock::now() - start;
  std::printf(
      "BASELINE mode=reply replies=%ld seconds=%.3f replies_per_s=%.1f batch=%d content=%zu\n",
      replies, elapsed.count(), replies / elapsed.count(), batch, sizes.content);
  for (sqlite3_stmt* statement : {open_conversation, message, conversation, outbox, sent_entry,
                                  sent_status, provider_id, provider_lookup}) {
    sqlite3_finalize(statement);
  }
}

bool parseSize(const char* argument, InboundSizes& sizes) {
  const char* equals = std::strchr(argument, '=');
  if (!equals) {
    return false;
  }
  const std::string key(argument, equals);
  char* end = nullptr;
  const long value = std::strtol(equals + 1, &end, 10);
  if (*end != '\0' || value < 0 || value > 1 << 20) {
    return false;
  }
  size_t* target = key == "identity"      ? &sizes.identity
                   : key == "name"        ? &sizes.name
                   : key == "content"     ? &sizes.content
                   : key == "explanation" ? &sizes.explanation
                                          : nullptr;
  if (!target) {
    return false;
  }
  *target = static_cast<size_t>(value);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DB_PATH SECONDS [BATCH] [contact|inbound|reply [KEY=N]...]\n",
                 argv[0]);
    return 2;
  }
  const double seconds = std::atof(argv[2]);
  const int batch = argc > 3 ? std::atoi(argv[3]) : 32;
  const std::string mode = argc > 4 ? argv[4] : "contact";
  InboundSizes sizes;
  for (int index = 5; index < argc; ++index) {
    if ((mode != "inbound" && mode != "reply") || !parseSize(argv[index], sizes)) {
      std::fprintf(stderr, "bad argument: %s\n", argv[index]);
      return 2;
    }
  }
  if (batch < 1 || (mode != "contact" && mode != "inbound" && mode != "reply")) {
    std::fprintf(stderr, "bad batch or mode\n");
    return 2;
  }
  using parley::storage::sqlite::Connection;
  auto connection = Connection::open(argv[1], Connection::Mode::ReadWrite);
  if (!connection || !parley::storage::sqlite::migrate(**connection)) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  sqlite3* db = nullptr;
  sqlite3_open(argv[1], &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;",
               nullptr, nullptr, nullptr);
  sqlite3_exec(db, "INSERT INTO tenants VALUES ('ten_bench', 'bench', x'00', 0, NULL)", nullptr,
               nullptr, nullptr);
  if (mode == "inbound") {
    runInbound(db, seconds, batch, sizes);
  } else if (mode == "reply") {
    runReplies(db, seconds, batch, sizes);
  } else {
    runContacts(db, seconds, batch);
  }
  sqlite3_close(db);
  return 0;
}
