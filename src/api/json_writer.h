#pragma once
// The writer lives in core/ (the routing service renders with it too); the API names it here.

#include "core/json_writer.h"

namespace parley::api {
using parley::JsonWriter;
}  // namespace parley::api
