#include "core/model.h"

namespace parley {

std::string_view actorKindName(Actor::Kind kind) {
  switch (kind) {
    case Actor::Kind::User:
      return "user";
    case Actor::Kind::Token:
      return "token";
    case Actor::Kind::System:
      return "system";
  }
  return "system";
}

}  // namespace parley
