// What the network commands (start, cancel, list, watch) share in reading their own options and
// printing their help; a bad value is reported with the command's usage line (exit 2).
#pragma once

#include <chrono>
#include <cstdio>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "args.hpp"
#include "output.hpp"
#include "redrive/watch.hpp"

namespace redrive::cli {

inline constexpr double default_interval = 2.0;

// --help: the usage line, what the command does and its own options, the common options and the
// exit codes.
inline int print_help(std::string_view usage, std::string_view what) {
  std::string out(usage);
  out += "\n\n";
  out += what;
  out += "\noptions:\n";
  out += common_options_help;
  out += "\n";
  out += exit_codes_help;
  std::fwrite(out.data(), 1, out.size(), stdout);
  return exit_ok;
}

inline std::optional<double> interval_from(const ParsedArgs& a, int& status, std::string_view usage) {
  auto v = a.get("--interval");
  if (!v) return default_interval;
  auto seconds = parse_seconds(*v);
  if (!seconds) status = usage_error("--interval needs a positive number of seconds, not '" + std::string(*v) + "'", usage);
  return seconds;
}

template <class Value>
std::optional<Value> required_arn(const ParsedArgs& a, int& status, std::string_view usage) {
  auto v = a.get("--source");
  if (!v) {
    status = usage_error("--source ARN is required", usage);
    return std::nullopt;
  }
  auto arn = Value::parse(*v);
  if (!arn) {
    status = validation_error(arn.error(), *v);
    return std::nullopt;
  }
  return *arn;
}

// An option whose value is a typed value (Rate, DestinationArn, QueueNamePrefix): none when it is
// not given; an invalid value is reported (exit 2) and its exit code is the error.
template <class Value>
std::expected<std::optional<Value>, int> optional_value(const ParsedArgs& a, std::string_view name) {
  auto text = a.get(name);
  if (!text) return std::optional<Value>{};
  auto v = Value::parse(*text);
  if (!v) return std::unexpected(validation_error(v.error(), *text));
  return std::optional<Value>(*v);
}

inline FollowOptions follow_options(double interval_seconds, int max_poll_failures) {
  FollowOptions o;
  o.interval = std::chrono::duration_cast<Milliseconds>(std::chrono::duration<double>(interval_seconds));
  o.max_poll_failures = max_poll_failures;
  return o;
}

inline std::optional<int> max_poll_failures_from(const ParsedArgs& a, int& status, std::string_view usage) {
  auto v = a.get("--max-poll-failures");
  if (!v) return FollowOptions{}.max_poll_failures;
  auto n = parse_integer(*v);
  if (!n || *n < 1 || *n > 1000) {
    status = usage_error("--max-poll-failures needs a number 1..1000, not '" + std::string(*v) + "'", usage);
    return std::nullopt;
  }
  return static_cast<int>(*n);
}

}  // namespace redrive::cli
