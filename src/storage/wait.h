#pragma once
// For the CLI and tests: run an asynchronous store write and wait for its result.

#include <future>

#include "storage/stores.h"

namespace parley::storage {

template <class T, class Start>
Result<T> waitFor(Start start) {
  std::promise<Result<T>> promise;
  auto future = promise.get_future();
  start([&promise](Result<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

}  // namespace parley::storage
