// parley: the command line. `serve` runs the server; `admin` holds operator commands.

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/admin.h"
#include "app/serve.h"

namespace {

using parley::app::ServeConfig;

void addServeOptions(CLI::App& serve, ServeConfig& config) {
  serve.add_option("--data", config.data_dir, "data directory")
      ->envname("PARLEY_DATA")
      ->capture_default_str();
  serve.add_option("--listen", config.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->envname("PARLEY_LISTEN")
      ->capture_default_str();
  serve
      .add_option("--web-root", config.web_root,
                  "built web UI (default: web/dist of the source tree)")
      ->envname("PARLEY_WEB_ROOT");
  serve
      .add_flag("--tls", config.tls,
                "serve HTTPS (a self-signed certificate is made if none given)")
      ->envname("PARLEY_TLS");
  serve.add_option("--tls-cert", config.tls_cert, "PEM certificate chain")
      ->envname("PARLEY_TLS_CERT");
  serve.add_option("--tls-key", config.tls_key, "PEM private key")->envname("PARLEY_TLS_KEY");
  serve
      .add_flag("--behind-tls-proxy", config.behind_tls_proxy,
                "a TLS-terminating proxy is in front: allow non-loopback addresses without --tls")
      ->envname("PARLEY_BEHIND_TLS_PROXY");
  serve
      .add_option("--trusted-proxy", config.trusted_proxies,
                  "with --behind-tls-proxy: a proxy (address or network) whose X-Forwarded-For is "
                  "believed; repeat for several")
      ->envname("PARLEY_TRUSTED_PROXIES")
      ->delimiter(',')
      ->capture_default_str();
  serve
      .add_option("--rate-limit-per-token", config.rate_limit_per_token,
                  "requests a second one API token may make (bursts of ten seconds' worth); 0: "
                  "no limit")
      ->envname("PARLEY_RATE_LIMIT_PER_TOKEN")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  serve
      .add_option("--rate-limit-per-address", config.rate_limit_per_address,
                  "API requests a second from one client address (bursts of ten seconds' "
                  "worth); 0: no limit")
      ->envname("PARLEY_RATE_LIMIT_PER_ADDRESS")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  serve
      .add_option("--rate-limit-widget-per-address", config.rate_limit_widget_per_address,
                  "web chat sessions and sockets a second one client address may start; 0: no "
                  "limit")
      ->envname("PARLEY_RATE_LIMIT_WIDGET_PER_ADDRESS")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  serve
      .add_option("--presence-grace", config.presence_grace_seconds,
                  "seconds after an agent's last live socket closes (browser closed, laptop "
                  "asleep) before they are set offline; their choice comes back with them; 0: "
                  "never")
      ->envname("PARLEY_PRESENCE_GRACE")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  serve
      .add_option("--backup-at", config.backup_at,
                  "daily backup time, HH:MM in UTC, or off (backups on demand: parley admin "
                  "backup, or the Configurator)")
      ->envname("PARLEY_BACKUP_AT")
      ->capture_default_str();
  serve
      .add_option("--backup-dir", config.backup_dir,
                  "where backups go (default: DATA/backups; better another disk)")
      ->envname("PARLEY_BACKUP_DIR");
  serve.add_option("--backup-keep", config.backup_keep, "data backups kept")
      ->envname("PARLEY_BACKUP_KEEP")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  serve
      .add_option("--backup-keep-keys", config.backup_keep_keys,
                  "key-store backups kept: an erased contact's key lives on in them until they "
                  "go")
      ->envname("PARLEY_BACKUP_KEEP_KEYS")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  serve.add_option("--threads", config.threads, "network threads (0: one per core)")
      ->envname("PARLEY_THREADS")
      ->capture_default_str();
  serve.add_option("--max-body-bytes", config.max_body_bytes, "largest request body accepted")
      ->envname("PARLEY_MAX_BODY_BYTES")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 30));
  serve
      .add_option("--request-timeout", config.request_timeout_seconds,
                  "seconds a client has to send each request")
      ->envname("PARLEY_REQUEST_TIMEOUT")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve
      .add_option("--shutdown-grace", config.shutdown_grace_seconds,
                  "seconds requests in flight get after SIGTERM")
      ->envname("PARLEY_SHUTDOWN_GRACE")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600));
  serve
      .add_option("--session-idle-minutes", config.session_idle_minutes,
                  "a session unused this long expires")
      ->envname("PARLEY_SESSION_IDLE_MINUTES")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 60));
  serve
      .add_option("--session-absolute-hours", config.session_absolute_hours,
                  "a session expires this long after sign-in, used or not")
      ->envname("PARLEY_SESSION_ABSOLUTE_HOURS")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 30));
  serve
      .add_option("--live-recheck-seconds", config.live_recheck_seconds,
                  "how often an open live-event socket re-checks its session or token")
      ->envname("PARLEY_LIVE_RECHECK_SECONDS")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve
      .add_option("--webhook-ca-file", config.webhook_ca_file,
                  "PEM certificates trusted for outbound webhooks besides the system's")
      ->envname("PARLEY_WEBHOOK_CA_FILE");
  serve
      .add_flag("--webhook-allow-private", config.webhook_allow_private,
                "let tenants' webhook URLs reach loopback, private and link-local addresses "
                "(off by default: they must not reach into this network)")
      ->envname("PARLEY_WEBHOOK_ALLOW_PRIVATE");
  serve
      .add_option("--public-url", config.public_url,
                  "where providers reach this server (https://parley.example.com): channels' "
                  "webhook URLs start with it")
      ->envname("PARLEY_PUBLIC_URL");
  serve.add_flag("--accept-lost-contact-keys", config.accept_lost_contact_keys,
                 "start even when contacts name keys missing from parley-keys.db (a lost or "
                 "older copy): those contacts are marked erased, for good");
  serve.add_option("--log-level", config.log_level, "trace, debug, info, warn, error")
      ->envname("PARLEY_LOG_LEVEL")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  serve
      .add_option("--log-format", config.log_format,
                  "text, or json: one JSON object per line (time, level, logger, thread, message)")
      ->envname("PARLEY_LOG_FORMAT")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
}

// CLI11 ranks a config file above the environment; Parley's order is file, then environment, then
// flags. So the PARLEY_* variables of `serve` become flags placed before the user's own (the last
// one wins).
std::vector<std::string> withEnvironmentFlags(int argc, char** argv, const CLI::App& serve) {
  std::vector<std::string> args(argv, argv + argc);
  auto position = std::find(args.begin(), args.end(), "serve");
  if (position == args.end()) {
    return args;
  }
  std::vector<std::string> injected;
  for (const CLI::Option* option : serve.get_options()) {
    const char* value =
        option->get_envname().empty() ? nullptr : std::getenv(option->get_envname().c_str());
    if (!value || option->get_lnames().empty()) {
      continue;
    }
    const std::string flag = "--" + option->get_lnames().front();
    if (option->get_type_size() == 0) {  // a switch
      const std::string text = value;
      if (text == "1" || text == "true" || text == "yes" || text == "on") {
        injected.push_back(flag);
      }
    } else {
      injected.push_back(flag + "=" + value);
    }
  }
  args.insert(position + 1, injected.begin(), injected.end());
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  // stdout carries results (ids, tokens, the listening address); logs go to stderr.
  spdlog::set_default_logger(spdlog::stderr_color_mt("parley"));
  CLI::App app{"Parley: a self-hosted omnichannel contact center"};
  app.require_subcommand(1);
  int exit_code = 0;

  ServeConfig config;
  CLI::App* serve = app.add_subcommand("serve", "run the server");
  serve->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  addServeOptions(*serve, config);
  // The config file belongs to the root (CLI11 reads config files there); fallthrough lets it be
  // given after `serve`. Its [serve] section holds serve's options: listen = "127.0.0.1:9000".
  app.set_config("--config", "", "TOML or INI file; options of `serve` go in a [serve] section");
  serve->fallthrough();
  serve->callback([&] { exit_code = parley::app::serve(config); });

  CLI::App* admin = app.add_subcommand("admin", "operator commands on a data directory");
  admin->require_subcommand(1);
  std::filesystem::path data_dir = "./data";
  std::string tenant, name, email, role = "admin", display_name;
  auto withData = [&](CLI::App* command) {
    command->add_option("--data", data_dir, "data directory")
        ->envname("PARLEY_DATA")
        ->capture_default_str();
    return command;
  };

  CLI::App* create_tenant =
      withData(admin->add_subcommand("create-tenant", "prints the tenant id"));
  create_tenant->add_option("--name", name, "the business's name")->required();
  create_tenant->callback([&] { exit_code = parley::app::createTenant(data_dir, name); });

  CLI::App* create_user = withData(
      admin->add_subcommand("create-user", "reads the password from stdin; prints the id"));
  create_user->add_option("--tenant", tenant, "tenant id")->required();
  create_user->add_option("--email", email, "sign-in email")->required();
  create_user->add_option("--role", role, "admin, supervisor, agent or dpo")->required();
  create_user->add_option("--display-name", display_name, "name shown to colleagues");
  create_user->callback(
      [&] { exit_code = parley::app::createUser(data_dir, tenant, email, role, display_name); });

  CLI::App* create_token =
      withData(admin->add_subcommand("create-token", "prints a new API token (shown once)"));
  create_token->add_option("--tenant", tenant, "tenant id")->required();
  create_token->add_option("--name", name, "what the token is for")->required();
  create_token->add_option("--role", role, "the role the token acts with")->capture_default_str();
  std::vector<std::string> scopes = {"admin"};
  create_token
      ->add_option("--scopes", scopes,
                   "what it may do within its role, comma-separated: conversations:read, "
                   "conversations:write, messages:send, contacts:read, contacts:write, "
                   "channels:inbound, reports:read, admin (everything)")
      ->delimiter(',')
      ->capture_default_str();
  create_token->callback(
      [&] { exit_code = parley::app::createToken(data_dir, tenant, name, role, scopes); });

  CLI::App* reset_password = withData(admin->add_subcommand(
      "reset-password", "reads a new password from stdin; signs the user out everywhere"));
  reset_password->add_option("--email", email, "sign-in email")->required();
  reset_password->add_option("--tenant", tenant,
                             "tenant id, when the email signs in to several tenants");
  reset_password->callback(
      [&] { exit_code = parley::app::resetPassword(data_dir, email, tenant); });

  CLI::App* verify = withData(admin->add_subcommand("verify-audit", "checks the audit hash chain"));
  verify->callback([&] { exit_code = parley::app::verifyAudit(data_dir); });

  CLI::App* list_tenants = withData(admin->add_subcommand(
      "list-tenants", "every tenant: id, name, and active, deleted (until when) or destroyed"));
  list_tenants->callback([&] { exit_code = parley::app::listTenants(data_dir); });

  std::string confirm;
  CLI::App* delete_tenant = withData(admin->add_subcommand(
      "delete-tenant",
      "locks the tenant out at once; its data is destroyed 30 days later unless undeleted"));
  delete_tenant->add_option("--tenant", tenant, "tenant id")->required();
  delete_tenant->add_option("--confirm", confirm, "the tenant's name, typed again")->required();
  delete_tenant->callback(
      [&] { exit_code = parley::app::deleteTenant(data_dir, tenant, confirm); });

  CLI::App* undelete_tenant = withData(admin->add_subcommand(
      "undelete-tenant", "restores a deleted tenant within 30 days of its deletion"));
  undelete_tenant->add_option("--tenant", tenant, "tenant id")->required();
  undelete_tenant->callback([&] { exit_code = parley::app::undeleteTenant(data_dir, tenant); });

  CLI::App* bootstrap = withData(admin->add_subcommand(
      "bootstrap",
      "on an empty data directory: a demo tenant and an admin with a random password"));
  std::string admin_email = "admin@parley.localhost";
  bootstrap->add_option("--email", admin_email, "the admin's email")->capture_default_str();
  bootstrap->callback([&] { exit_code = parley::app::bootstrap(data_dir, admin_email); });

  std::filesystem::path backup_dir, backup_file, keys_file, key_file;
  size_t keep = 14, keep_keys = 3;
  CLI::App* backup = withData(admin->add_subcommand(
      "backup", "an encrypted backup now, while the server runs: prints the files it wrote"));
  backup->add_option("--backup-dir", backup_dir, "where backups go (default: DATA/backups)")
      ->envname("PARLEY_BACKUP_DIR");
  backup->add_option("--keep", keep, "data backups kept")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  backup->add_option("--keep-keys", keep_keys, "key-store backups kept")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  backup->callback(
      [&] { exit_code = parley::app::makeBackup(data_dir, backup_dir, keep, keep_keys); });

  CLI::App* verify_backup = withData(admin->add_subcommand(
      "verify-backup", "decrypts a backup file and checks every file and database in it"));
  verify_backup->add_option("file", backup_file, "a parley-data-… or parley-keys-… file")
      ->required();
  verify_backup->callback(
      [&] { exit_code = parley::app::verifyBackup(backup_file, data_dir / "master.key"); });

  CLI::App* restore = admin->add_subcommand(
      "restore", "writes a backup into a new data directory (with the newest key-store backup)");
  restore->add_option("--from", backup_file, "the data backup (parley-data-….pbk)")->required();
  restore->add_option("--keys", keys_file,
                      "the key-store backup (default: the newest beside --from)");
  restore->add_option("--data", data_dir, "the new data directory (must not exist or be empty)")
      ->required();
  restore->add_option("--master-key", key_file,
                      "the master.key the backup was made under (or set PARLEY_MASTER_KEY)");
  restore->callback(
      [&] { exit_code = parley::app::restoreBackup(backup_file, keys_file, data_dir, key_file); });

  CLI::App* rotate = withData(admin->add_subcommand(
      "rotate-master-key",
      "with the server stopped: a new master.key; the keys in the data are re-wrapped under it"));
  rotate->callback([&] { exit_code = parley::app::rotateMasterKey(data_dir); });

  const std::vector<std::string> args = withEnvironmentFlags(argc, argv, *serve);
  std::vector<char*> arg_pointers;
  for (const std::string& arg : args) {
    arg_pointers.push_back(const_cast<char*>(arg.c_str()));
  }
  CLI11_PARSE(app, static_cast<int>(arg_pointers.size()), arg_pointers.data());
  return exit_code;
}
