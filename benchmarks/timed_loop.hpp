// The timed loop of a measure, keeping what its last iteration produced so the measure can check
// it after the loop: the loop times the warm path (a reused Decoder, a cached key, reused buffers),
// which a check of the first, cold call does not reach.
#pragma once

#include <benchmark/benchmark.h>

#include <optional>
#include <utility>

namespace bench {

// Runs `step()` once per iteration and returns the last iteration's result (nullopt only if the
// loop did not run). Counting down to the last iteration costs a decrement and a predictable
// branch; the result is moved out once, in that iteration.
template <class Step>
auto timed_loop(benchmark::State& state, Step&& step) {
  std::optional<decltype(step())> last;
  benchmark::IterationCount left = state.max_iterations;
  for (auto _ : state) {
    auto result = step();
    benchmark::DoNotOptimize(result);
    if (--left == 0) last.emplace(std::move(result));
  }
  return last;
}

// Runs `step()` once per iteration (it writes into state the measure checks after the loop);
// `before_last()` runs at the start of the last iteration, to wipe that state, so what is checked
// was written by the last timed step and not left over from an earlier one.
template <class Step, class BeforeLast>
void timed_loop(benchmark::State& state, Step&& step, BeforeLast&& before_last) {
  benchmark::IterationCount left = state.max_iterations;
  for (auto _ : state) {
    if (--left == 0) before_last();
    step();
  }
}

}  // namespace bench
