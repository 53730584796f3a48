#include "channels/registry.h"

#include "channels/messenger/ms_channel.h"
#include "channels/smpp/smpp_channel.h"
#include "channels/telegram/telegram_channel.h"
#include "channels/viber/viber_channel.h"
#include "channels/webchat/webchat_channel.h"
#include "channels/whatsapp/wa_channel.h"

namespace parley::channels {

void registerChannelTypes(ChannelRegistry& registry, const ChannelServices& services) {
  smpp::registerSmpp(registry, services);
  webchat::registerWebchat(registry, services);
  telegram::registerTelegram(registry, services);
  viber::registerViber(registry, services);
  whatsapp::registerWhatsApp(registry, services);
  messenger::registerMessenger(registry, services);
}

}  // namespace parley::channels
