#include "channels/webchat/visitor_token.h"

#include <charconv>

namespace parley::channels::webchat {
namespace {

constexpr std::string_view kPrefix = "vt_";
// Clocks of several nodes disagree a little; a token from further ahead was not made here.
constexpr std::chrono::minutes kClockSkew{5};

std::string signature(const privacy::SecretKey& key, std::string_view visitor,
                      std::string_view issued) {
  std::string message = "widget-visitor|v2|";
  message.append(visitor).append("|").append(issued);
  return privacy::toHex(privacy::keyedHash(key, message));
}

}  // namespace

privacy::SecretKey visitorTokenKey(const privacy::SecretKey& node_key,
                                   const ChannelConfig& channel) {
  // Length-prefixed so that no two (tenant, channel, epoch) triples give the same message.
  std::string message = "widget-visitor-key";
  for (const std::string& part : {channel.tenant_id.value, channel.id.value, channel.secret}) {
    message.append("|").append(std::to_string(part.size())).append(":").append(part);
  }
  return privacy::SecretKey(privacy::keyedHash(node_key, message));
}

std::string visitorToken(const privacy::SecretKey& channel_key, const VisitorId& visitor,
                         TimePoint issued) {
  const std::string seconds = std::to_string(toUnixMillis(issued) / 1000);
  return std::string(kPrefix) + visitor.value + "." + seconds + "." +
         signature(channel_key, visitor.value, seconds);
}

std::optional<VisitorId> verifyVisitorToken(const privacy::SecretKey& channel_key,
                                            std::string_view token, TimePoint now) {
  if (token.size() > 200 || !token.starts_with(kPrefix)) {
    return std::nullopt;
  }
  token.remove_prefix(kPrefix.size());
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view visitor = token.substr(0, first);
  const std::string_view issued = token.substr(first + 1, second - first - 1);
  if (!visitor.starts_with(VisitorTag::kPrefix) || issued.empty() || issued.size() > 12) {
    return std::nullopt;
  }
  int64_t seconds = 0;
  const auto [end, error] = std::from_chars(issued.data(), issued.data() + issued.size(), seconds);
  if (error != std::errc() || end != issued.data() + issued.size() || seconds < 0) {
    return std::nullopt;
  }
  const std::string expected = signature(channel_key, visitor, issued);
  const std::string_view given = token.substr(second + 1);
  if (given.size() != expected.size() || !privacy::equalsConstantTime(given, expected)) {
    return std::nullopt;
  }
  const TimePoint issued_at{std::chrono::seconds(seconds)};
  if (issued_at > now + kClockSkew || now - issued_at >= kVisitorTokenLifetime) {
    return std::nullopt;
  }
  return VisitorId{std::string(visitor)};
}

}  // namespace parley::channels::webchat
