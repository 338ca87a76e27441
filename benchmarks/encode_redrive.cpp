#include "encode_measure.hpp"

namespace {

void encode(benchmark::State& state) {
  bench::encode_start(state, [](const auto& request, const auto& endpoint, redrive::HttpRequest& out) {
    redrive::encode_into(request, endpoint, out);
  });
}

}  // namespace

BENCHMARK(encode)->Name("encode_start/redrive");
