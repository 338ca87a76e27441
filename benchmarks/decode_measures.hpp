// The decode_start, decode_list10 and decode_error measures. Each implementation is a callable
// taking the redrive::HttpResponse (status, headers, body) and returning
// std::expected<Result, redrive::ServiceError>, where Result has the members of
// Start/ListMessageMoveTasksResult (views or owning strings).
#pragma once

#include <benchmark/benchmark.h>

#include <string>

#include "fixtures.hpp"
#include "timed_loop.hpp"

namespace bench {

// Each measure checks the first (cold) result before the loop and the last (warm) one after it.
template <class Decode>
void decode_start(benchmark::State& state, Decode decode) {
  const redrive::HttpResponse response = responses().start();
  auto decoded = [](const auto& r) { return r && r->task_handle == task_handle; };
  if (!decoded(decode(response))) return state.SkipWithError("the task handle was not decoded");
  auto last = timed_loop(state, [&] { return decode(response); });
  if (!last || !decoded(*last)) state.SkipWithError("the task handle was not decoded in the timed loop");
}

template <class Decode>
void decode_list10(benchmark::State& state, Decode decode) {
  const redrive::HttpResponse response = responses().list10();
  auto decoded = [](const auto& r) { return r && r->to_owned() == expected_list10(); };
  if (!decoded(decode(response))) return state.SkipWithError("the entries were not decoded");
  auto last = timed_loop(state, [&] { return decode(response); });
  if (!last || !decoded(*last)) return state.SkipWithError("the entries were not decoded in the timed loop");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * response.body.size()));
}

// The error response to a StartMessageMoveTask call, decoded through the same entry point.
template <class Decode>
void decode_error(benchmark::State& state, Decode decode) {
  const redrive::HttpResponse response = responses().error();
  auto decoded = [](const auto& r) { return !r && is_expected_error(r.error()); };
  if (!decoded(decode(response))) return state.SkipWithError("the error was not decoded");
  auto last = timed_loop(state, [&] { return decode(response); });
  if (!last || !decoded(*last)) state.SkipWithError("the error was not decoded in the timed loop");
}

// Registers decode_start/<name>, decode_list10/<name> and decode_error/<name> for a baseline's two
// decode functions (the error response goes through the Start one). Call it from a namespace-scope
// initializer.
template <class DecodeStart, class DecodeList>
bool register_decoders(const std::string& name, DecodeStart start, DecodeList list) {
  benchmark::RegisterBenchmark(("decode_start/" + name).c_str(), [start](benchmark::State& s) { decode_start(s, start); });
  benchmark::RegisterBenchmark(("decode_list10/" + name).c_str(), [list](benchmark::State& s) { decode_list10(s, list); });
  benchmark::RegisterBenchmark(("decode_error/" + name).c_str(), [start](benchmark::State& s) { decode_error(s, start); });
  return true;
}

}  // namespace bench
