#pragma once
// The four roles of PRODUCT.md and what each may do. Every endpoint asks one of these questions.

#include <optional>
#include <string_view>

namespace parley {

enum class Role { Admin, Supervisor, Agent, Dpo };

std::string_view roleName(Role role);
std::optional<Role> parseRole(std::string_view name);

// Grouped permissions; endpoints name one of these, never a role list of their own.
enum class Permission {
  ManageUsers,          // create users, API tokens, tenant settings
  ViewUsers,            // list users and their state
  WriteContacts,        // create and change contacts
  ReadContacts,         // read contacts
  ReadAudit,            // read the audit log
  ManageRouting,        // skills, categories, agents' skills and capacity, tenant routing settings
  HandleConversations,  // own presence, the queue, pick, reply, notes, transfer, close
  ViewRouting,          // the whole queue, every conversation, decisions, dry runs, statistics
  InjectMessages,       // post inbound messages on the API channel (integrators)
  ManageCannedResponses,  // create, change and delete the tenant's canned responses
  ManagePrivacy,  // the privacy console: privacy settings, find, anonymise and erase customers
  ListChannels,   // the tenant's channels by name and type (agents reply on them, DPOs search)
};

bool isAllowed(Role role, Permission permission);

}  // namespace parley
