#pragma once
// The secrets of a channel type that has several (ChannelType::secretFields(): Meta's access token
// and app secret), as ChannelConfig.secret holds them: one JSON object of strings, sealed at rest
// like any channel secret. A type with one secret stores it as given and never comes here.

#include <map>
#include <string>
#include <string_view>

namespace parley::channels {

using ChannelSecrets = std::map<std::string, std::string, std::less<>>;

// The stored secrets; empty when there are none or they are unreadable.
ChannelSecrets readChannelSecrets(std::string_view stored);
// One of them, "" when not set.
std::string channelSecret(std::string_view stored, std::string_view field);
// What is stored for `secrets` ("" when there are none).
std::string channelSecretsJson(const ChannelSecrets& secrets);

}  // namespace parley::channels
