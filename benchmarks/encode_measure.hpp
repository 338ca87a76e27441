// The encode_start measure: a StartMessageMoveTask request (source, destination, rate) into a
// redrive::HttpRequest that is reused across calls, so a warm encoder need not allocate.
#pragma once

#include <benchmark/benchmark.h>

#include "fixtures.hpp"

namespace bench {

// `encode(request, endpoint, out)` overwrites `out`.
template <class Encode>
void encode_start(benchmark::State& state, Encode encode) {
  const redrive::StartMessageMoveTaskRequest request = start_request();
  const redrive::Endpoint where = endpoint();
  redrive::HttpRequest out;
  encode(request, where, out);
  if (out.body != start_request_body || !has_expected_headers(out))
    return state.SkipWithError("the request differs from the AWS SDK's");
  for (auto _ : state) {
    encode(request, where, out);
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
}

}  // namespace bench
