// The arn_parse measure: parse and validate one SQS queue ARN into an owning value.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "fixtures.hpp"
#include "timed_loop.hpp"

namespace bench {

// What the baselines produce: the fields of a valid queue ARN, owned.
struct ParsedQueueArn {
  std::string partition, region, account, queue_name;
};

template <class Result>
bool matches(const Result& r, const ExpectedArn& e) {
  return r.partition == e.partition && r.region == e.region && r.account == e.account && r.queue_name == e.queue_name;
}

// Whether the measure must also reject invalid_arns: every parser does, except the floor, which
// only splits and copies (it does no validation, so it is checked on the valid ARNs' fields only).
enum class Rejects { invalid, nothing };

// `parse(std::string_view)` returns something that converts to false when the ARN is invalid and
// dereferences to a value with the four fields (as members or as accessors, `fields(value)`).
template <class Parse, class Fields>
void arn_parse(benchmark::State& state, Parse parse, Fields fields, Rejects rejects = Rejects::invalid) {
  for (const ExpectedArn& arn : valid_arns) {
    auto r = parse(arn.text);
    if (!r || !matches(fields(*r), arn)) return state.SkipWithError("a valid ARN was rejected or misread");
  }
  if (rejects == Rejects::invalid)
    for (std::string_view text : invalid_arns)
      if (parse(text)) return state.SkipWithError("an invalid ARN was accepted");

  std::size_t i = 0;
  auto last = timed_loop(state, [&] {
    auto r = parse(valid_arns[i].text);
    i = (i + 1) % valid_arns.size();
    return r;
  });
  // The last timed iteration parsed the ARN before valid_arns[i].
  const ExpectedArn& last_arn = valid_arns[(i + valid_arns.size() - 1) % valid_arns.size()];
  if (!last || !*last || !matches(fields(**last), last_arn))
    return state.SkipWithError("a valid ARN was rejected or misread in the timed loop");
  state.SetItemsProcessed(state.iterations());
}

inline const ParsedQueueArn& own_fields(const ParsedQueueArn& p) { return p; }

}  // namespace bench
