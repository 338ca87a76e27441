// redrive's Decoder, reused across calls as its documentation says; the body has the padding
// simdjson wants, so it is parsed in place. `redrive_owned` adds to_owned(), for the same
// std::string-owning result the baselines produce.
#include "decode_measures.hpp"

namespace {

template <class Result>
auto views(redrive::Decoder& decoder) {
  return [&decoder](const redrive::HttpResponse& r) { return decoder.decode<Result>(r, redrive::required_padding); };
}

template <class Result>
auto owned(redrive::Decoder& decoder) {
  return [&decoder](const redrive::HttpResponse& r)
             -> std::expected<decltype(std::declval<Result>().to_owned()), redrive::ServiceError> {
    auto v = decoder.decode<Result>(r, redrive::required_padding);
    if (!v) return std::unexpected(std::move(v.error()));
    return v->to_owned();
  };
}

void start_views(benchmark::State& state) {
  redrive::Decoder decoder;
  bench::decode_start(state, views<redrive::StartMessageMoveTaskResult>(decoder));
}
void start_owned(benchmark::State& state) {
  redrive::Decoder decoder;
  bench::decode_start(state, owned<redrive::StartMessageMoveTaskResult>(decoder));
}
void list10_views(benchmark::State& state) {
  redrive::Decoder decoder;
  bench::decode_list10(state, views<redrive::ListMessageMoveTasksResult>(decoder));
}
void list10_owned(benchmark::State& state) {
  redrive::Decoder decoder;
  bench::decode_list10(state, owned<redrive::ListMessageMoveTasksResult>(decoder));
}
void error(benchmark::State& state) {
  redrive::Decoder decoder;
  bench::decode_error(state, views<redrive::StartMessageMoveTaskResult>(decoder));
}

}  // namespace

BENCHMARK(start_views)->Name("decode_start/redrive");
BENCHMARK(start_owned)->Name("decode_start/redrive_owned");
BENCHMARK(list10_views)->Name("decode_list10/redrive");
BENCHMARK(list10_owned)->Name("decode_list10/redrive_owned");
BENCHMARK(error)->Name("decode_error/redrive");
