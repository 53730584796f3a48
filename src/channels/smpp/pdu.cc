#include "channels/smpp/pdu.h"

#include <optional>
#include <utility>

namespace parley::channels::smpp {

std::string_view commandIdName(CommandId id) {
  switch (id) {
    case CommandId::GenericNack:
      return "generic_nack";
    case CommandId::BindReceiver:
      return "bind_receiver";
    case CommandId::BindReceiverResp:
      return "bind_receiver_resp";
    case CommandId::BindTransmitter:
      return "bind_transmitter";
    case CommandId::BindTransmitterResp:
      return "bind_transmitter_resp";
    case CommandId::QuerySm:
      return "query_sm";
    case CommandId::QuerySmResp:
      return "query_sm_resp";
    case CommandId::SubmitSm:
      return "submit_sm";
    case CommandId::SubmitSmResp:
      return "submit_sm_resp";
    case CommandId::DeliverSm:
      return "deliver_sm";
    case CommandId::DeliverSmResp:
      return "deliver_sm_resp";
    case CommandId::Unbind:
      return "unbind";
    case CommandId::UnbindResp:
      return "unbind_resp";
    case CommandId::BindTransceiver:
      return "bind_transceiver";
    case CommandId::BindTransceiverResp:
      return "bind_transceiver_resp";
    case CommandId::Outbind:
      return "outbind";
    case CommandId::EnquireLink:
      return "enquire_link";
    case CommandId::EnquireLinkResp:
      return "enquire_link_resp";
    case CommandId::AlertNotification:
      return "alert_notification";
    case CommandId::DataSm:
      return "data_sm";
    case CommandId::DataSmResp:
      return "data_sm_resp";
  }
  return "unknown";
}

std::string_view commandStatusName(CommandStatus status) {
  switch (status) {
    case CommandStatus::Ok:
      return "ESME_ROK";
    case CommandStatus::InvMsgLen:
      return "ESME_RINVMSGLEN";
    case CommandStatus::InvCmdLen:
      return "ESME_RINVCMDLEN";
    case CommandStatus::InvCmdId:
      return "ESME_RINVCMDID";
    case CommandStatus::InvBndSts:
      return "ESME_RINVBNDSTS";
    case CommandStatus::AlyBnd:
      return "ESME_RALYBND";
    case CommandStatus::InvPrtFlg:
      return "ESME_RINVPRTFLG";
    case CommandStatus::InvRegDlvFlg:
      return "ESME_RINVREGDLVFLG";
    case CommandStatus::SysErr:
      return "ESME_RSYSERR";
    case CommandStatus::InvSrcAdr:
      return "ESME_RINVSRCADR";
    case CommandStatus::InvDstAdr:
      return "ESME_RINVDSTADR";
    case CommandStatus::InvMsgId:
      return "ESME_RINVMSGID";
    case CommandStatus::BindFail:
      return "ESME_RBINDFAIL";
    case CommandStatus::InvPaswd:
      return "ESME_RINVPASWD";
    case CommandStatus::InvSysId:
      return "ESME_RINVSYSID";
    case CommandStatus::MsgQFul:
      return "ESME_RMSGQFUL";
    case CommandStatus::InvSerTyp:
      return "ESME_RINVSERTYP";
    case CommandStatus::InvEsmClass:
      return "ESME_RINVESMCLASS";
    case CommandStatus::SubmitFail:
      return "ESME_RSUBMITFAIL";
    case CommandStatus::InvSysTyp:
      return "ESME_RINVSYSTYP";
    case CommandStatus::Throttled:
      return "ESME_RTHROTTLED";
    case CommandStatus::InvSched:
      return "ESME_RINVSCHED";
    case CommandStatus::InvExpiry:
      return "ESME_RINVEXPIRY";
    case CommandStatus::XTAppn:
      return "ESME_RX_T_APPN";
    case CommandStatus::XPAppn:
      return "ESME_RX_P_APPN";
    case CommandStatus::InvOptParStream:
      return "ESME_RINVOPTPARSTREAM";
    case CommandStatus::OptParNotAllwd:
      return "ESME_ROPTPARNOTALLWD";
    case CommandStatus::InvParLen:
      return "ESME_RINVPARLEN";
    case CommandStatus::MissingOptParam:
      return "ESME_RMISSINGOPTPARAM";
    case CommandStatus::InvOptParamVal:
      return "ESME_RINVOPTPARAMVAL";
    case CommandStatus::DeliveryFailure:
      return "ESME_RDELIVERYFAILURE";
    case CommandStatus::UnknownErr:
      return "ESME_RUNKNOWNERR";
  }
  return "ESME_UNKNOWN";
}

CommandId commandId(const Body& body) {
  struct Visitor {
    CommandId operator()(const GenericNack&) const { return CommandId::GenericNack; }
    CommandId operator()(const BindTransceiver&) const { return CommandId::BindTransceiver; }
    CommandId operator()(const BindTransceiverResp&) const {
      return CommandId::BindTransceiverResp;
    }
    CommandId operator()(const EnquireLink&) const { return CommandId::EnquireLink; }
    CommandId operator()(const EnquireLinkResp&) const { return CommandId::EnquireLinkResp; }
    CommandId operator()(const Unbind&) const { return CommandId::Unbind; }
    CommandId operator()(const UnbindResp&) const { return CommandId::UnbindResp; }
    CommandId operator()(const SubmitSm&) const { return CommandId::SubmitSm; }
    CommandId operator()(const SubmitSmResp&) const { return CommandId::SubmitSmResp; }
    CommandId operator()(const DeliverSm&) const { return CommandId::DeliverSm; }
    CommandId operator()(const DeliverSmResp&) const { return CommandId::DeliverSmResp; }
  };
  return std::visit(Visitor{}, body);
}

std::optional<Pdu> errorResponse(const DecodeError& error) {
  const auto id = static_cast<CommandId>(error.command_id);
  if (error.failure == DecodeFailure::MalformedBody) {
    if (isResponse(id)) {
      return std::nullopt;
    }
    switch (id) {
      case CommandId::BindTransceiver:
        return Pdu{error.status, error.sequence_number, BindTransceiverResp{}};
      case CommandId::SubmitSm:
        return Pdu{error.status, error.sequence_number, SubmitSmResp{}};
      case CommandId::DeliverSm:
        return Pdu{error.status, error.sequence_number, DeliverSmResp{}};
      default:
        break;
    }
  }
  return Pdu{error.status, error.sequence_number, GenericNack{}};
}

}  // namespace parley::channels::smpp
