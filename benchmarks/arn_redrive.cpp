#include <redrive/types.hpp>

#include "arn_parse.hpp"

namespace {

struct Fields {
  std::string_view partition, region, account, queue_name;
};

void redrive_parse(benchmark::State& state) {
  bench::arn_parse(
      state, [](std::string_view s) { return redrive::SourceArn::parse(s); },
      [](const redrive::SourceArn& a) { return Fields{a.partition(), a.region(), a.account(), a.queue_name()}; });
}

}  // namespace

BENCHMARK(redrive_parse)->Name("arn_parse/redrive");
