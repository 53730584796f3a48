#include "channels/smpp/gateway_rules.h"

#include <algorithm>

namespace parley::channels::smpp {

// SMPP addresses carry digits without the '+'; contacts are stored in E.164 with it.
std::string contactIdentity(std::string_view address) {
  const bool digits = !address.empty() && std::all_of(address.begin(), address.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
  return digits ? "+" + std::string(address) : std::string(address);
}

std::string smppAddress(std::string_view identity) {
  return std::string(identity.starts_with('+') ? identity.substr(1) : identity);
}

std::string refusalReason(std::string_view what, std::optional<CommandStatus> status) {
  if (!status) {
    return std::string(what);
  }
  return std::string(what) + " (" + std::string(commandStatusName(*status)) + ")";
}

// A receipt's state as the message's delivery status; none for states on the way (ENROUTE,
// ACCEPTD) or no state at all.
std::optional<std::pair<DeliveryStatus, std::string>> receiptStatus(
    const DeliveryReceipt& receipt) {
  if (!receipt.state) {
    return std::nullopt;
  }
  std::string error;
  if (receipt.error_code) {
    error = ", error " + std::to_string(*receipt.error_code);
  }
  switch (*receipt.state) {
    case MessageState::Delivered:
      return std::pair{DeliveryStatus::Delivered, std::string()};
    case MessageState::Enroute:
    case MessageState::Accepted:
      return std::nullopt;
    case MessageState::Expired:
      return std::pair{DeliveryStatus::Failed,
                       "the SMS expired before it reached the phone (EXPIRED" + error + ")"};
    case MessageState::Deleted:
      return std::pair{DeliveryStatus::Failed,
                       "the SMS center deleted the SMS (DELETED" + error + ")"};
    case MessageState::Undeliverable:
      return std::pair{DeliveryStatus::Failed,
                       "the SMS could not be delivered to the phone (UNDELIV" + error + ")"};
    case MessageState::Rejected:
      return std::pair{DeliveryStatus::Failed,
                       "the SMS center rejected the SMS (REJECTD" + error + ")"};
    case MessageState::Unknown:
      return std::pair{DeliveryStatus::Failed,
                       "the SMS center lost track of the SMS (UNKNOWN" + error + ")"};
  }
  return std::nullopt;
}

}  // namespace parley::channels::smpp
