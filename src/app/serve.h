#pragma once

#include "app/config.h"

namespace parley::app {

// `parley serve`: wires every module and serves until SIGINT/SIGTERM. Returns the exit code.
int serve(const ServeConfig& config);

}  // namespace parley::app
