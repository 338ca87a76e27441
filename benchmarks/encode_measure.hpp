// The encode_start measure: a StartMessageMoveTask request (source, destination, rate) into a
// redrive::HttpRequest that is reused across calls, so a warm encoder need not allocate.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>

#include "fixtures.hpp"
#include "timed_loop.hpp"

namespace bench {

// Overwrites every byte `r` holds, keeping sizes and capacities (so no allocation).
inline void scribble(redrive::HttpRequest& r) {
  for (std::string* s : {&r.method, &r.scheme, &r.host, &r.path, &r.body}) std::fill(s->begin(), s->end(), '#');
  for (redrive::Header& h : r.headers) {
    std::fill(h.name.begin(), h.name.end(), '#');
    std::fill(h.value.begin(), h.value.end(), '#');
  }
}

// `encode(request, endpoint, out)` overwrites `out`. The first (cold) encode is checked before the
// loop; the last timed one after it, on a request scribbled over just before.
template <class Encode>
void encode_start(benchmark::State& state, Encode encode) {
  const redrive::StartMessageMoveTaskRequest request = start_request();
  const redrive::Endpoint where = endpoint();
  redrive::HttpRequest out;
  auto encoded = [&] { return out.body == start_request_body && has_expected_headers(out); };
  encode(request, where, out);
  if (!encoded()) return state.SkipWithError("the request differs from the AWS SDK's");
  timed_loop(
      state,
      [&] {
        encode(request, where, out);
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
      },
      [&] { scribble(out); });
  if (!encoded()) state.SkipWithError("the request differs from the AWS SDK's in the timed loop");
}

}  // namespace bench
