#pragma once
// `parley admin …`: operator commands against a data directory (the server need not run, but may).
// Each prints its result on stdout and returns the process exit code; errors go to stderr.

#include <filesystem>
#include <string>

namespace parley::app {

int createTenant(const std::filesystem::path& data_dir, const std::string& name);
// Reads the password from the first line of stdin.
int createUser(const std::filesystem::path& data_dir, const std::string& tenant,
               const std::string& email, const std::string& role, const std::string& display_name);
int createToken(const std::filesystem::path& data_dir, const std::string& tenant,
                const std::string& name, const std::string& role);
// Reads the new password from the first line of stdin; signs the user out everywhere.
int resetPassword(const std::filesystem::path& data_dir, const std::string& email);
int verifyAudit(const std::filesystem::path& data_dir);
// In admin_tenants.cc (P4). Every tenant with its state; deleting needs the tenant's name typed
// again (`confirm`); undeleting works within kTenantGrace of the deletion.
int listTenants(const std::filesystem::path& data_dir);
int deleteTenant(const std::filesystem::path& data_dir, const std::string& tenant,
                 const std::string& confirm);
int undeleteTenant(const std::filesystem::path& data_dir, const std::string& tenant);
// For a fresh data directory: a demo tenant and an admin with a random password, printed once.
// Does nothing (and says so) when a tenant exists.
int bootstrap(const std::filesystem::path& data_dir, const std::string& admin_email);

}  // namespace parley::app
