#include "core/role.h"

namespace parley {

std::string_view roleName(Role role) {
  switch (role) {
    case Role::Admin:
      return "admin";
    case Role::Supervisor:
      return "supervisor";
    case Role::Agent:
      return "agent";
    case Role::Dpo:
      return "dpo";
  }
  return "agent";
}

std::optional<Role> parseRole(std::string_view name) {
  if (name == "admin") return Role::Admin;
  if (name == "supervisor") return Role::Supervisor;
  if (name == "agent") return Role::Agent;
  if (name == "dpo") return Role::Dpo;
  return std::nullopt;
}

bool isAllowed(Role role, Permission permission) {
  switch (permission) {
    case Permission::ManageUsers:
      return role == Role::Admin;
    case Permission::ViewUsers:
      return role == Role::Admin || role == Role::Supervisor;
    case Permission::WriteContacts:
      return role != Role::Dpo;
    case Permission::ReadContacts:
    case Permission::ListChannels:
      return true;
    case Permission::ReadAudit:
    case Permission::ManagePrivacy:
      return role == Role::Admin || role == Role::Dpo;
    case Permission::ManageRouting:
    case Permission::InjectMessages:
      return role == Role::Admin;
    case Permission::HandleConversations:
      return role != Role::Dpo;
    case Permission::ViewRouting:
    case Permission::ManageCannedResponses:
      return role == Role::Admin || role == Role::Supervisor;
  }
  return false;
}

}  // namespace parley
