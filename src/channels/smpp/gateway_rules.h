#pragma once
// The SMS gateway's rules that need no connection (net/smpp_gateway.h runs them): how SMPP
// addresses become contact identities and back, the wording of an SMS center's refusals, what a
// delivery receipt does to a message, and the confirmation texts of STOP / START / HELP. Pure code.

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "channels/smpp/pdu.h"
#include "channels/smpp/session.h"
#include "core/conversation.h"

namespace parley::channels::smpp {

// Sent straight from the gateway when a contact's consent changes (channels.md §6.8).
constexpr std::string_view kOptedOutText =
    "You are unsubscribed and will get no more messages from us. Reply START to subscribe again.";
constexpr std::string_view kOptedInText = "You are subscribed again. Reply STOP to unsubscribe.";
constexpr std::string_view kHelpText = "Reply STOP to unsubscribe, START to subscribe again.";

// SMPP addresses carry digits without the '+'; contacts are stored in E.164 with it. An address
// that is not all digits (an alphanumeric sender) stays as it is.
std::string contactIdentity(std::string_view address);
// The other way: a stored identity as an SMPP address (the '+' dropped).
std::string smppAddress(std::string_view identity);

// "the SMS center refused the SMS (ESME_RINVDSTADR)": what happened, with the SMPP status's name
// when there is one. For the agent and the admin.
std::string refusalReason(std::string_view what, std::optional<CommandStatus> status);

// A receipt's state as the message's delivery status and, when failed, the reason the agent sees;
// none for states on the way (ENROUTE, ACCEPTD) or no state at all.
std::optional<std::pair<DeliveryStatus, std::string>> receiptStatus(const DeliveryReceipt& receipt);

}  // namespace parley::channels::smpp
