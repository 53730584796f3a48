#include "storage/sqlite/migrations.h"

#include <string>

#include "storage/sqlite/connection.h"

namespace parley::storage::sqlite {
namespace {

struct Migration {
  int version;
  const char* sql;
  // Rebuilds a table others refer to (SQLite cannot drop a constraint in place): runs with foreign
  // keys off, so that dropping the old table neither fails nor cascades, and checks every
  // reference before it commits (https://www.sqlite.org/lang_altertable.html#otheralter).
  bool rebuilds_tables = false;
};

// Small rows keyed by text are WITHOUT ROWID (one b-tree instead of a table and its key index);
// rows of a kilobyte or more (contacts, audit_log) are not, because such tables spill large rows to
// overflow pages. Columns ending in _enc hold XChaCha20-Poly1305 ciphertext; _index columns hold
// keyed blind indexes.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  wrapped_key BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE TABLE users (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  email_index BLOB NOT NULL UNIQUE,
  email_enc BLOB NOT NULL,
  display_name_enc BLOB NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE TABLE sessions (
  secret_hash BLOB PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  user_id TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  user_agent_enc BLOB,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX sessions_by_user ON sessions (tenant_id, user_id);
CREATE TABLE api_tokens (
  secret_hash BLOB PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_by_tenant ON api_tokens (tenant_id);
CREATE TABLE contacts (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  wrapped_key BLOB,
  name_enc BLOB,
  email_enc BLOB,
  phone_enc BLOB,
  attributes_enc BLOB,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE TABLE contact_lookup (
  tenant_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  blind_index BLOB NOT NULL,
  contact_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, kind, blind_index, contact_id)
) WITHOUT ROWID;
CREATE TABLE audit_log (
  tenant_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  attribute TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  value_enc BLOB NOT NULL,
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_by_entity ON audit_log (tenant_id, entity, entity_id, seq);
)sql"},
    // Routing configuration and conversations. Lists in routing configuration are JSON text
    // (json_columns.h). Message content, notes and channel identities are sealed under their
    // contact's key; identities are found by a blind index under the tenant's index key. A
    // message's seq numbers it within its conversation in commit order (ids made in the same
    // millisecond sort by chance).
    {2, R"sql(
CREATE TABLE skills (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name COLLATE NOCASE)
) WITHOUT ROWID;
CREATE TABLE categories (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  priority INTEGER NOT NULL,
  position INTEGER NOT NULL,
  skills TEXT NOT NULL,
  relaxation TEXT NOT NULL,
  offer_timeout_seconds INTEGER NOT NULL,
  channels TEXT NOT NULL,
  keywords TEXT NOT NULL,
  entry_points TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE TABLE agent_routing (
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  capacity INTEGER NOT NULL,
  presence TEXT NOT NULL,
  auto_allocate INTEGER NOT NULL,
  skills TEXT NOT NULL,
  presence_changed_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE tenant_settings (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
  reopen_window_seconds INTEGER NOT NULL,
  offline_grace_seconds INTEGER NOT NULL,
  api_webhook_url TEXT NOT NULL,
  api_webhook_secret_enc BLOB,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE contact_identities (
  tenant_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  identity_index BLOB NOT NULL,
  contact_id TEXT NOT NULL,
  identity_enc BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, channel, identity_index),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts(tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX contact_identities_by_contact ON contact_identities (tenant_id, contact_id);
CREATE TABLE conversations (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  category_id TEXT,
  state TEXT NOT NULL,
  agent_id TEXT,
  manual INTEGER NOT NULL,
  enqueued_at INTEGER NOT NULL,
  assigned_at INTEGER,
  offer_deadline INTEGER,
  missed_by TEXT NOT NULL,
  first_response_at INTEGER,
  closed_at INTEGER,
  created_at INTEGER NOT NULL,
  last_message_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts(tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX conversations_by_state ON conversations (tenant_id, state, id);
CREATE UNIQUE INDEX conversations_open_by_contact ON conversations (tenant_id, contact_id, channel)
  WHERE state <> 'closed';
CREATE INDEX conversations_by_contact ON conversations (tenant_id, contact_id, id);
CREATE INDEX conversations_by_agent ON conversations (tenant_id, agent_id, id);
CREATE INDEX conversations_closed ON conversations (tenant_id, closed_at)
  WHERE closed_at IS NOT NULL;
CREATE TABLE messages (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  contact_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  direction TEXT NOT NULL,
  content_enc BLOB NOT NULL,
  status TEXT NOT NULL,
  status_reason TEXT,
  provider_message_id TEXT,
  author_id TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations(tenant_id, id)
);
CREATE UNIQUE INDEX messages_by_conversation ON messages (tenant_id, conversation_id, seq);
CREATE UNIQUE INDEX messages_by_provider_id ON messages (tenant_id, channel, provider_message_id)
  WHERE provider_message_id IS NOT NULL;
CREATE TABLE notes (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  text_enc BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations(tenant_id, id)
);
CREATE INDEX notes_by_conversation ON notes (tenant_id, conversation_id, id);
CREATE TABLE routing_decisions (
  tenant_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  cause TEXT NOT NULL,
  agent_id TEXT,
  explanation_json TEXT NOT NULL,
  PRIMARY KEY (tenant_id, conversation_id, seq)
);
CREATE TABLE idempotency_keys (
  tenant_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash BLOB NOT NULL,
  status INTEGER NOT NULL,
  body_enc BLOB,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, scope, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
)sql"},
    // The outbox (C9): outbound messages waiting to be sent, ids and retry state only (what a
    // request carries is read when it is sent). A row goes when its message is sent or fails for
    // good; `seq` numbers rows in the order they were recorded.
    {3, R"sql(
CREATE TABLE outbox (
  tenant_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  message_seq INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, message_id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages(tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX outbox_by_seq ON outbox (tenant_id, seq);
)sql"},
    // Merged contacts keep their row (and their own audit trail) and name the contact they went
    // into.
    {4, R"sql(
ALTER TABLE contacts ADD COLUMN merged_into TEXT;
)sql"},
    // Outbound messages not sent yet, for the outbox's start-up sweep (small: rows leave it once
    // sent or failed).
    {5, R"sql(
CREATE INDEX messages_unsent ON messages (tenant_id, created_at)
  WHERE direction = 'outbound' AND status = 'queued';
)sql"},
    // Invites (A2): only the token's hash is kept; email and display name are sealed under the
    // tenant key like a user's. A row stays once used or revoked, for the audit trail.
    {6, R"sql(
CREATE TABLE invites (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  token_hash BLOB NOT NULL UNIQUE,
  email_enc BLOB NOT NULL,
  display_name_enc BLOB NOT NULL,
  role TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  used_by TEXT,
  revoked_at INTEGER,
  PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
)sql"},
    // Canned responses (W3): tenant configuration, not personal data.
    {7, R"sql(
CREATE TABLE canned_responses (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  shortcut TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, shortcut)
) WITHOUT ROWID;
)sql"},
    // The API channel can be switched off (A1); it is on unless an admin says otherwise.
    {8, R"sql(
ALTER TABLE tenant_settings ADD COLUMN api_enabled INTEGER NOT NULL DEFAULT 1;
)sql"},
    // Configured channels (SMS over SMPP): tenant configuration in plain text but for the secret,
    // sealed under the tenant key. Consent per contact and channel (P6): a row exists once the
    // contact opted out or back in; it goes with its contact's row. The SMS center's ids of our
    // sent messages, one per part, for delivery receipts: an id taken over by a later message
    // (centers reuse ids) names that one.
    {9, R"sql(
CREATE TABLE channels (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  settings TEXT NOT NULL,
  secret_enc BLOB,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX channels_by_id ON channels (id);
CREATE TABLE contact_consents (
  tenant_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  opted_out INTEGER NOT NULL,
  cause TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, contact_id, channel),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts(tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE provider_message_ids (
  tenant_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, channel, provider_id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages(tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX provider_message_ids_by_message ON provider_message_ids (tenant_id, message_id);
)sql"},
    // A contact a provider cannot reach on a channel (Telegram: they blocked the bot), on their
    // identity there, until they write again (issue 11).
    {10, R"sql(
ALTER TABLE contact_identities ADD COLUMN unreachable TEXT;
ALTER TABLE contact_identities ADD COLUMN unreachable_at INTEGER;
)sql"},
    // Files that came with messages (issue 11): each sealed under a key of its own in a file of its
    // own (DATA_DIR/media/<tenant>/<id>); the row holds that key sealed under the contact's key,
    // the name sealed under the file's key, the type the bytes told and the size.
    {11, R"sql(
CREATE TABLE media (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  key_enc BLOB NOT NULL,
  name_enc BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX media_by_contact ON media (tenant_id, contact_id);
)sql"},
    // The reply window of WhatsApp, Messenger and Instagram conversations (issue 12): when the
    // customer last wrote by the provider's clock (ms), and when the window closes; NULL elsewhere.
    {12, R"sql(
ALTER TABLE conversations ADD COLUMN customer_last_at INTEGER;
ALTER TABLE conversations ADD COLUMN reply_window_closes_at INTEGER;
CREATE INDEX conversations_by_window ON conversations (tenant_id, reply_window_closes_at)
  WHERE reply_window_closes_at IS NOT NULL;
)sql"},
    // WhatsApp's message templates per channel, as last synced from Meta (issue 12): configuration,
    // not personal data.
    {13, R"sql(
CREATE TABLE channel_templates (
  tenant_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  name TEXT NOT NULL,
  language TEXT NOT NULL,
  category TEXT NOT NULL,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  parameters INTEGER NOT NULL,
  components TEXT NOT NULL,
  PRIMARY KEY (tenant_id, channel_id, name, language),
  FOREIGN KEY (tenant_id, channel_id) REFERENCES channels(tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
)sql"},
    // A category's window boost (issue 12, R11): 0 seconds for none.
    {14, R"sql(
ALTER TABLE categories ADD COLUMN window_boost_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN window_boost_priority INTEGER NOT NULL DEFAULT 0;
)sql"},
    // The privacy console (issue 16): a tenant's privacy settings (the region national phone
    // numbers are read in, retention); work on existing rows that needs keys, done once at start-up
    // (sqlite_stores.cc); when a contact was anonymised or erased (the row stays as a
    // tombstone without personal data, and the sweeper then removes what was erased); name words
    // as blind-index look-ups (kind "name"); and the keyed provider ids of erased messages, so that
    // a provider's late retry of one cannot bring its contact back.
    {15, R"sql(
CREATE TABLE privacy_settings (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
  phone_region TEXT NOT NULL,
  anonymise_after_days INTEGER NOT NULL,
  delete_after_days INTEGER NOT NULL,
  audit_keep_days INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
ALTER TABLE contacts ADD COLUMN anonymised_at INTEGER;
ALTER TABLE contacts ADD COLUMN erased_at INTEGER;
ALTER TABLE contacts ADD COLUMN swept_at INTEGER;
CREATE INDEX contacts_to_sweep ON contacts (erased_at) WHERE erased_at IS NOT NULL AND swept_at IS NULL;
CREATE INDEX contacts_by_merged_into ON contacts (tenant_id, merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX contact_lookup_by_contact ON contact_lookup (tenant_id, contact_id);
CREATE TABLE erased_provider_ids (
  tenant_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  provider_index BLOB NOT NULL,
  PRIMARY KEY (tenant_id, channel, provider_index)
) WITHOUT ROWID;
-- Stored idempotent answers' request hashes are keyed from now on: the unkeyed ones go.
DELETE FROM idempotency_keys;
CREATE TABLE pending_data_tasks (name TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO pending_data_tasks VALUES ('index-contact-name-words');
)sql"},
    // Retention (issue 16, P3): when a conversation's data was anonymised (by the schedule, or with
    // its customer's), and the conversations still to anonymise, oldest close first; the head of
    // each tenant's pruned audit prefix, MAC'd, from which the kept chain goes on.
    {16, R"sql(
ALTER TABLE conversations ADD COLUMN anonymised_at INTEGER;
UPDATE conversations SET anonymised_at = (
  SELECT coalesce(c.anonymised_at, c.erased_at) FROM contacts c
  WHERE c.tenant_id = conversations.tenant_id AND c.id = conversations.contact_id);
CREATE INDEX conversations_to_anonymise ON conversations (tenant_id, closed_at)
  WHERE closed_at IS NOT NULL AND anonymised_at IS NULL;
CREATE TABLE audit_checkpoints (
  tenant_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  hash BLOB NOT NULL,
  at INTEGER NOT NULL,
  mac BLOB NOT NULL
) WITHOUT ROWID;
)sql"},
    // Tenant deletion (issue 16, P4): when a deleted tenant's key was destroyed, and when its last
    // rows were removed. Usage records (I4) read messages by time.
    {17, R"sql(
ALTER TABLE tenants ADD COLUMN destroyed_at INTEGER;
ALTER TABLE tenants ADD COLUMN purged_at INTEGER;
CREATE INDEX messages_by_time ON messages (tenant_id, created_at, id);
)sql"},
    // Contacts' keys live in a key store of their own (contact_key_store.h): a contact names its
    // key. Database::open has copied the keys there before this runs; keys made before keep their
    // contact's id.
    {18, R"sql(
ALTER TABLE contacts ADD COLUMN key_id TEXT;
UPDATE contacts SET key_id = id WHERE wrapped_key IS NOT NULL;
ALTER TABLE contacts DROP COLUMN wrapped_key;
)sql"},
    // Reports (issue 15, W6): anonymous counts per hour and per UTC day, for each channel, each
    // category and each agent ("" for none), with durations as counts per bucket
    // (reports/duration_buckets.h). Neither retention nor erasure touches them: past reports never
    // change, and no customer is in them.
    {19, R"sql(
CREATE TABLE report_counts (
  tenant_id TEXT NOT NULL,
  span INTEGER NOT NULL,
  dimension INTEGER NOT NULL,
  start INTEGER NOT NULL,
  value TEXT NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  handled INTEGER NOT NULL DEFAULT 0,
  abandoned INTEGER NOT NULL DEFAULT 0,
  missed_offers INTEGER NOT NULL DEFAULT 0,
  first_response BLOB,
  handling BLOB,
  waiting BLOB,
  PRIMARY KEY (tenant_id, span, dimension, start, value)
) WITHOUT ROWID;
INSERT INTO pending_data_tasks VALUES ('count-conversations-for-reports');
)sql"},
    // All conversations (issue 15, W3) filtered by a creation period.
    {20, R"sql(
CREATE INDEX conversations_by_creation ON conversations (tenant_id, created_at);
)sql"},
    // Two-factor sign-in (issue 17, S3): a user's TOTP secret sealed under the tenant's key, the
    // last step used, the recovery codes as keyed hashes, and the tenant's policy of which roles
    // must use it. A user's rows go with the user.
    {21, R"sql(
CREATE TABLE second_factors (
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  secret_enc BLOB NOT NULL,
  confirmed_at INTEGER,
  last_step INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE recovery_codes (
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  code_hash BLOB NOT NULL,
  used_at INTEGER,
  PRIMARY KEY (tenant_id, user_id, code_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE security_policies (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
  two_factor_roles TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql"},
    // Scoped API tokens (issue 17, S4): what a token may do within its role, space-separated
    // (tokens made before keep everything their role allows: "admin"), and an optional expiry.
    {22, R"sql(
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
)sql"},
    // User lifecycle (issue 17, A2–A4): deactivated users cannot sign in and route nothing until
    // reactivated; deleted users keep only their id (and the audit that names it).
    {23, R"sql(
ALTER TABLE users ADD COLUMN deactivated_at INTEGER;
ALTER TABLE users ADD COLUMN deleted_at INTEGER;
)sql"},
    // The node's keys, wrapped under the master key (issue 17, O6: storage/sqlite/node_keys.h).
    {24, R"sql(
CREATE TABLE IF NOT EXISTS node_keys (
  name TEXT PRIMARY KEY,
  wrapped BLOB NOT NULL
) WITHOUT ROWID;
)sql"},
    // One person in several tenants (issue 17, item 9): an email is unique within a tenant, no
    // longer across the node, so that no answer to one tenant's admin depends on another tenant's
    // users. Sign-in still finds a person's users by the email's blind index, in every tenant.
    {25, R"sql(
CREATE TABLE users_by_tenant (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  email_index BLOB NOT NULL,
  email_enc BLOB NOT NULL,
  display_name_enc BLOB NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  deactivated_at INTEGER,
  deleted_at INTEGER,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email_index)
) WITHOUT ROWID;
INSERT INTO users_by_tenant (tenant_id, id, email_index, email_enc, display_name_enc, role,
  password_hash, created_at, deactivated_at, deleted_at)
  SELECT tenant_id, id, email_index, email_enc, display_name_enc, role, password_hash,
    created_at, deactivated_at, deleted_at FROM users;
DROP TABLE users;
ALTER TABLE users_by_tenant RENAME TO users;
CREATE INDEX users_by_email ON users (email_index);
)sql",
     true},
    // Who an API token acts for (issue 17, A3): their tokens go with a deactivated user. Tokens
    // made before are given the user their audited creation names; a token made by a token takes
    // whom that one acts for (chains of up to four). Without such an entry (made by the CLI, or
    // the entry pruned by retention) a token acts for nobody.
    {26, R"sql(
ALTER TABLE api_tokens ADD COLUMN created_by TEXT;
UPDATE api_tokens SET created_by = (
  SELECT CASE a.actor_kind WHEN 'user' THEN a.actor_id WHEN 'token' THEN 'token:' || a.actor_id END
  FROM audit_log a
  WHERE a.tenant_id = api_tokens.tenant_id AND a.entity = 'token' AND a.entity_id = api_tokens.id
    AND a.attribute = 'created'
  ORDER BY a.seq LIMIT 1);
UPDATE api_tokens SET created_by = (SELECT maker.created_by FROM api_tokens maker
  WHERE maker.tenant_id = api_tokens.tenant_id AND 'token:' || maker.id = api_tokens.created_by)
  WHERE created_by LIKE 'token:%';
UPDATE api_tokens SET created_by = (SELECT maker.created_by FROM api_tokens maker
  WHERE maker.tenant_id = api_tokens.tenant_id AND 'token:' || maker.id = api_tokens.created_by)
  WHERE created_by LIKE 'token:%';
UPDATE api_tokens SET created_by = (SELECT maker.created_by FROM api_tokens maker
  WHERE maker.tenant_id = api_tokens.tenant_id AND 'token:' || maker.id = api_tokens.created_by)
  WHERE created_by LIKE 'token:%';
UPDATE api_tokens SET created_by = NULL WHERE created_by LIKE 'token:%';
CREATE INDEX api_tokens_by_creator ON api_tokens (tenant_id, created_by) WHERE created_by IS NOT NULL;
)sql"},
    // Users' and invites' own keys (issue 17, A4: storage/sqlite/personal_keys.h): the audit copies
    // of their email and name are sealed under them, so that deleting a user destroys those too.
    {27, R"sql(
CREATE TABLE IF NOT EXISTS personal_keys (
  tenant_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  wrapped_key BLOB NOT NULL,
  PRIMARY KEY (tenant_id, entity, entity_id)
) WITHOUT ROWID;
)sql"},
};

Result<int> currentVersion(Connection& connection) {
  auto created = connection.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL DEFAULT (unixepoch()))");
  if (!created) {
    return std::unexpected(created.error());
  }
  auto query = connection.statement("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!query) {
    return std::unexpected(query.error());
  }
  StatementScope scope(**query);
  scope->step();
  return static_cast<int>(scope->integer(0));
}

// Every reference still names a row (run before a rebuild commits).
Result<void> checkForeignKeys(Connection& connection) {
  auto check = connection.statement("PRAGMA foreign_key_check");
  if (!check) {
    return std::unexpected(check.error());
  }
  StatementScope scope(**check);
  if (scope->step()) {
    return fail(ErrorCode::Internal,
                "a row of " + scope->text(0) + " refers to a missing " + scope->text(2) + " row");
  }
  if (scope->error()) {
    return std::unexpected(*scope->error());
  }
  return {};
}

}  // namespace

Result<int> migrate(Connection& connection) {
  auto version = currentVersion(connection);
  if (!version) {
    return version;
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= *version) {
      continue;
    }
    if (migration.rebuilds_tables) {
      if (auto off = connection.exec("PRAGMA foreign_keys=OFF"); !off) {
        return std::unexpected(off.error());
      }
    }
    const std::string script = std::string("BEGIN IMMEDIATE;") + migration.sql +
                               "INSERT INTO schema_migrations (version) VALUES (" +
                               std::to_string(migration.version) + ");";
    auto applied = connection.exec(script);
    if (applied && migration.rebuilds_tables) {
      applied = checkForeignKeys(connection);
    }
    if (applied) {
      applied = connection.exec("COMMIT");
    }
    if (!applied) {
      (void)connection.exec("ROLLBACK");
    }
    if (migration.rebuilds_tables) {
      if (auto on = connection.exec("PRAGMA foreign_keys=ON"); !on && applied) {
        return std::unexpected(on.error());
      }
    }
    if (!applied) {
      return fail(ErrorCode::Internal, "migration " + std::to_string(migration.version) +
                                           " failed: " + applied.error().message);
    }
    *version = migration.version;
  }
  return *version;
}

}  // namespace parley::storage::sqlite
