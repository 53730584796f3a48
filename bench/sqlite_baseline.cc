// Baseline for bench/http_post.sh: raw SQLite inserting the rows one durable contact POST writes (a
// contact row, two blind-index rows, four audit rows, with blobs of the sizes Parley's ciphertexts
// have), in transactions of BATCH contacts with synchronous=FULL in WAL mode, on one thread, no
// HTTP, no crypto. Prints contacts/s: the ceiling Parley's group-commit writer can approach.
//
// usage: sqlite_baseline DB_PATH SECONDS [BATCH]

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/migrations.h"

namespace {

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
    std::fprintf(stderr, "insert failed\n");
    std::exit(1);
  }
  sqlite3_reset(statement);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DB_PATH SECONDS [BATCH]\n", argv[0]);
    return 2;
  }
  const double seconds = std::atof(argv[2]);
  const int batch = argc > 3 ? std::atoi(argv[3]) : 32;
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
  sqlite3_stmt* contact = nullptr;
  sqlite3_stmt* lookup = nullptr;
  sqlite3_stmt* audit = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO contacts VALUES ('ten_bench', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                     -1, &contact, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO contact_lookup VALUES ('ten_bench', ?1, ?2, ?3)", -1, &lookup,
                     nullptr);
  sqlite3_prepare_v2(db,
                     "INSERT INTO audit_log VALUES ('ten_bench', ?1, 'contact', ?2, ?3, 'token', "
                     "'tok_bench', ?4, ?5, ?6, ?7)",
                     -1, &audit, nullptr);
  std::mt19937_64 random(42);
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  long contacts = 0;
  long seq = 0;
  char id[40];
  while (std::chrono::steady_clock::now() < deadline) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (int index = 0; index < batch; ++index, ++contacts) {
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      std::snprintf(id, sizeof id, "con_%012llx%016llx",
                    static_cast<unsigned long long>(
                        std::chrono::duration_cast<std::chrono::milliseconds>(now).count()),
                    static_cast<unsigned long long>(random()));
      sqlite3_bind_text(contact, 1, id, -1, SQLITE_TRANSIENT);
      bindBlob(contact, 2, randomBlob(random, 72));
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
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::printf("BASELINE contacts=%ld seconds=%.3f contacts_per_s=%.1f rows_per_s=%.1f batch=%d\n",
              contacts, elapsed.count(), contacts / elapsed.count(), 7 * contacts / elapsed.count(),
              batch);
  sqlite3_finalize(contact);
  sqlite3_finalize(lookup);
  sqlite3_finalize(audit);
  sqlite3_close(db);
  return 0;
}
