// redrive start / cancel / list / watch: the message move task API over the network (libcurl),
// or printed with --dry-run.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "cli/session.hpp"
#include "cli/commands.hpp"
#include "cli/args.hpp"
#include "cli/progress.hpp"
#include "redrive/watch.hpp"

namespace redrive::cli {
namespace {

constexpr double default_interval = 2.0;

// ---- help ---------------------------------------------------------------------------------------

constexpr std::string_view start_usage =
    "usage: redrive start --source ARN [--destination ARN] [--rate N] [--wait [--interval SECONDS] [--max-poll-failures N]] [options]";
constexpr std::string_view cancel_usage = "usage: redrive cancel HANDLE [options]";
constexpr std::string_view list_usage = "usage: redrive list --source ARN [--max-results N] [options]";
constexpr std::string_view watch_usage =
    "usage: redrive watch --source ARN [--interval SECONDS] [--max-poll-failures N] [options]";

int print_help(std::string_view usage, std::string_view what) {
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

constexpr std::string_view start_help =
    "Starts a message move task (StartMessageMoveTask): moves the messages of a dead-letter queue to\n"
    "--destination, or back to their original source queues. Prints the task handle.\n"
    "  --source ARN           the dead-letter queue (SourceArn)\n"
    "  --destination ARN      the queue to move the messages to (DestinationArn); default: the\n"
    "                         queues the messages came from\n"
    "  --rate N               MaxNumberOfMessagesPerSecond, 1..500; default: chosen by SQS\n"
    "  --wait                 then watch the task until it ends, as 'redrive watch' does\n"
    "  --interval SECONDS     poll period of --wait (default 2; fractions allowed)\n"
    "  --max-poll-failures N  give up --wait after N failed polls in a row (default 5)\n"
    "A destination in another account or region than the source, or equal to it, gets a warning;\n"
    "the service decides.\n";

constexpr std::string_view cancel_help =
    "Cancels a RUNNING message move task (CancelMessageMoveTask). Prints how many messages were\n"
    "moved so far. The region defaults to the one named in the handle.\n"
    "  HANDLE, --task-handle HANDLE   the TaskHandle that 'redrive start' printed\n";

constexpr std::string_view list_help =
    "Lists the most recent message move tasks of a queue (ListMessageMoveTasks), newest first.\n"
    "  --source ARN           the dead-letter queue (SourceArn)\n"
    "  --max-results N        1..10 (default: the service's, 1)\n";

constexpr std::string_view watch_help =
    "Follows the newest message move task of a queue (ListMessageMoveTasks) until it ends, and that\n"
    "task only, even when a newer one starts: a\n"
    "progress bar with rate and ETA on a terminal, plain lines otherwise, JSON lines with\n"
    "--output json. Exits 0 when the task COMPLETED, 1 when it FAILED (with the FailureReason)\n"
    "or was CANCELLED.\n"
    "  --source ARN           the dead-letter queue (SourceArn)\n"
    "  --interval SECONDS     poll period (default 2; fractions allowed)\n"
    "  --max-poll-failures N  give up after N failed polls in a row (default 5); a poll fails when\n"
    "                         it still fails after its retries\n";

// ---- output -------------------------------------------------------------------------------------

void append_member(std::string& out, bool& first, std::string_view name) {
  if (!first) out += ',';
  first = false;
  append_json_string(out, name);
  out += ':';
}

template <class S>
void append_opt_string(std::string& out, bool& first, std::string_view name, const std::optional<S>& v) {
  if (!v) return;
  append_member(out, first, name);
  append_json_string(out, std::string_view(*v));
}

template <class I>
void append_opt_int(std::string& out, bool& first, std::string_view name, const std::optional<I>& v) {
  if (!v) return;
  append_member(out, first, name);
  append_json_int(out, static_cast<std::int64_t>(*v));
}

// A list entry as the service sends it: its members in model order, absent ones left out.
template <class S>
void append_entry_json(std::string& out, const BasicListMessageMoveTasksResultEntry<S>& e) {
  bool first = true;
  out += '{';
  append_opt_string(out, first, "TaskHandle", e.task_handle);
  append_opt_string(out, first, "Status", e.status);
  append_opt_string(out, first, "SourceArn", e.source_arn);
  append_opt_string(out, first, "DestinationArn", e.destination_arn);
  append_opt_int(out, first, "MaxNumberOfMessagesPerSecond", e.max_number_of_messages_per_second);
  append_opt_int(out, first, "ApproximateNumberOfMessagesMoved", e.approximate_number_of_messages_moved);
  append_opt_int(out, first, "ApproximateNumberOfMessagesToMove", e.approximate_number_of_messages_to_move);
  append_opt_string(out, first, "FailureReason", e.failure_reason);
  append_opt_int(out, first, "StartedTimestamp", e.started_timestamp);
  out += '}';
}

// Epoch milliseconds as "2026-11-25T10:00:00.123Z".
std::string format_timestamp(std::int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  int millis = static_cast<int>(ms % 1000);
  if (millis < 0) {
    millis += 1000;
    --secs;
  }
  std::tm tm{};
  if (!gmtime_r(&secs, &tm)) return std::to_string(ms);
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", millis);
  return buf;
}

// RUNNING    12/25  50 msg/s  started 2026-11-25T10:00:00.123Z  <source> -> <destination>
//   handle <TaskHandle>
//   failure <FailureReason>
template <class S>
std::string entry_text(const BasicListMessageMoveTasksResultEntry<S>& e) {
  std::string out(e.status ? std::string_view(*e.status) : std::string_view("?"));
  if (out.size() < 10) out.append(10 - out.size(), ' ');
  out += ' ';
  out += std::to_string(e.approximate_number_of_messages_moved.value_or(0));
  out += '/';
  out += e.approximate_number_of_messages_to_move ? std::to_string(*e.approximate_number_of_messages_to_move) : "?";
  out += "  ";
  out += e.max_number_of_messages_per_second ? std::to_string(*e.max_number_of_messages_per_second) + " msg/s"
                                             : std::string("auto rate");
  if (e.started_timestamp) out += "  started " + format_timestamp(*e.started_timestamp);
  out += "  ";
  out += e.source_arn ? std::string_view(*e.source_arn) : std::string_view("?");
  out += " -> ";
  out += e.destination_arn ? std::string_view(*e.destination_arn) : std::string_view("(original source queues)");
  if (e.task_handle) out += "\n  handle " + std::string(*e.task_handle);
  if (e.failure_reason) out += "\n  failure " + std::string(*e.failure_reason);
  return out;
}

// ---- arguments ---------------------------------------------------------------------------------

std::optional<double> interval_from(const ParsedArgs& a, int& status, std::string_view usage) {
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

// The source queue ARN inside a task handle (base64 of {"taskId":...,"sourceArn":...}, SQS-SPEC
// §6), if it has one; only used to pick the region, the handle itself is sent as it is.
std::optional<QueueArn> handle_source(std::string_view handle) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (handle.empty() || handle.size() % 4 != 0 || handle.size() > 4096) return std::nullopt;
  std::string json;
  unsigned bits = 0;
  int nbits = 0;
  for (std::size_t i = 0; i < handle.size(); ++i) {
    if (handle[i] == '=') {
      if (i + 2 < handle.size()) return std::nullopt;
      break;
    }
    int v = value(handle[i]);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      json += static_cast<char>((bits >> nbits) & 0xFF);
    }
  }
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(json);
  simdjson::ondemand::document doc;
  std::string_view arn;
  if (parser.iterate(padded).get(doc) || doc["sourceArn"].get_string().get(arn)) return std::nullopt;
  auto q = QueueArn::parse(arn);
  if (!q) return std::nullopt;
  return *q;
}

// ---- watch -------------------------------------------------------------------------------------

FollowOptions follow_options(double interval_seconds, int max_poll_failures) {
  FollowOptions o;
  o.interval = std::chrono::duration_cast<Milliseconds>(std::chrono::duration<double>(interval_seconds));
  o.max_poll_failures = max_poll_failures;
  return o;
}

std::optional<int> max_poll_failures_from(const ParsedArgs& a, int& status, std::string_view usage) {
  auto v = a.get("--max-poll-failures");
  if (!v) return FollowOptions{}.max_poll_failures;
  auto n = parse_integer(*v);
  if (!n || *n < 1 || *n > 1000) {
    status = usage_error("--max-poll-failures needs a number 1..1000, not '" + std::string(*v) + "'", usage);
    return std::nullopt;
  }
  return static_cast<int>(*n);
}

// Follows the task to its end, printing its progress after every poll: a bar on a terminal, a
// line per change otherwise, a JSON line per change with --output json.
int watch_loop(Session& session, TaskFollower& follower) {
  const bool json = session.json();
  const bool tty = !json && isatty(STDOUT_FILENO);
  std::string last_shown;
  bool bar_drawn = false;
  auto end_bar = [&] {
    if (bar_drawn) std::fputc('\n', stdout);
    bar_drawn = false;
  };
  drive(follower, session.transport(), SystemClock{}, [&](const TaskFollower& f) {
    if (f.last_poll() == PollResult::Failed && !f.done()) {
      end_bar();
      const ServiceError& e = *f.last_error();
      warn("polling failed (" + std::to_string(f.consecutive_failures()) + " in a row): " + e.name +
           (e.message.empty() ? std::string() : ": " + e.message) + "; polling again");
      return;
    }
    if (f.last_poll() != PollResult::Updated) return;
    const auto& entry = *f.task();
    const TaskProgress& p = f.progress();
    ProgressState progress{p.status_text.empty() ? std::string_view("UNKNOWN") : std::string_view(p.status_text),
                           p.moved, p.to_move, p.rate};
    if (json) {
      std::string line;
      append_entry_json(line, entry);
      if (line != last_shown) print_line(stdout, line);
      last_shown = std::move(line);
    } else if (tty) {
      std::string line = "\r" + progress_bar_line(progress) + "\x1b[K";
      std::fwrite(line.data(), 1, line.size(), stdout);
      bar_drawn = true;
    } else {
      // A new line only when the counts or the status change.
      std::string key = std::string(progress.status) + ' ' + std::to_string(p.moved) + ' ' +
                        (p.to_move ? std::to_string(*p.to_move) : "?");
      if (key != last_shown) print_line(stdout, progress_plain_line(progress));
      last_shown = std::move(key);
    }
    std::fflush(stdout);
  });
  end_bar();
  const std::string source(follower.source().str());
  switch (follower.end()) {
    case FollowEnd::Completed: return exit_ok;
    case FollowEnd::Failed:
      complain("the message move task FAILED: " + follower.task()->failure_reason.value_or("(no FailureReason given)"));
      return exit_service;
    case FollowEnd::Cancelled:
      complain("the message move task was CANCELLED after " + std::to_string(follower.progress().moved) + " messages");
      return exit_service;
    case FollowEnd::Vanished:
      complain("the message move task of " + source + " is no longer listed (newer tasks pushed it out)");
      return exit_service;
    case FollowEnd::NotFound:
      complain(follower.polls() > 1 ? "the message move task just started is not listed for " + source
                                    : "no message move task for " + source);
      return exit_service;
    case FollowEnd::PollsFailed:
    case FollowEnd::Following: break;
  }
  return session.report(*follower.last_error(), 1);
}

// Warnings the issue asks for: legal requests that are probably not what the user meant.
void warn_about_destination(const StartMessageMoveTaskRequest& r) {
  if (!r.destination()) return;
  const auto& src = r.source();
  const auto& dst = *r.destination();
  if (dst.str() == src.str()) {
    warn("the destination is the source queue: the messages would move back into the queue they come from");
    return;
  }
  std::string where, from;
  auto add = [](std::string& s, std::string_view part) {
    if (!s.empty()) s += " and ";
    s += part;
  };
  if (dst.account() != src.account()) {
    add(where, "account " + std::string(dst.account()));
    add(from, "account " + std::string(src.account()));
  }
  if (dst.region() != src.region()) {
    add(where, "region " + std::string(dst.region()));
    add(from, "region " + std::string(src.region()));
  }
  if (!where.empty())
    warn("the destination is in " + where + " but the source is in " + from +
         "; the request is sent, the service decides whether that is allowed");
}

}  // namespace

// ---- commands ----------------------------------------------------------------------------------

int start(Args args) {
  static constexpr OptionSpec own[] = {
      {"--source", true}, {"--destination", true}, {"--rate", true}, {"--wait", false}, {"--interval", true},
      {"--max-poll-failures", true}};
  auto parsed = parse_args(args, own);
  if (!parsed) return usage_error(parsed.error(), start_usage);
  if (parsed->common.help) return print_help(start_usage, start_help);
  if (!parsed->positional.empty())
    return usage_error("unexpected argument '" + std::string(parsed->positional.front()) + "'", start_usage);

  int status = exit_ok;
  auto source = required_arn<SourceArn>(*parsed, status, start_usage);
  if (!source) return status;
  std::optional<DestinationArn> destination;
  if (auto d = parsed->get("--destination")) {
    auto arn = DestinationArn::parse(*d);
    if (!arn) return validation_error(arn.error(), *d);
    destination = *arn;
  }
  std::optional<Rate> rate;
  if (auto r = parsed->get("--rate")) {
    auto n = parse_integer(*r);
    if (!n) return usage_error("--rate needs an integer, not '" + std::string(*r) + "'", start_usage);
    auto v = Rate::make(*n);
    if (!v) return validation_error(v.error(), *r);
    rate = *v;
  }
  auto interval = interval_from(*parsed, status, start_usage);
  if (!interval) return status;
  auto max_failures = max_poll_failures_from(*parsed, status, start_usage);
  if (!max_failures) return status;
  if ((parsed->has("--interval") || parsed->has("--max-poll-failures")) && !parsed->has("--wait"))
    return usage_error(std::string(parsed->has("--interval") ? "--interval" : "--max-poll-failures") + " goes with --wait",
                       start_usage);

  auto request = StartMessageMoveTaskRequest::make(*source, destination, rate);
  if (!request) return validation_error(request.error(), parsed->get("--destination").value_or(""));
  warn_about_destination(*request);

  auto session = Session::open(parsed->common, source->region());
  if (!session) return session.error();
  if (parsed->common.dry_run != DryRun::Off) return session->dry_run(*request);

  Call call(session->client(), *request);
  if (int rc = session->run(call); rc != exit_ok) return rc;
  const auto& result = *call.outcome();
  std::string out;
  if (session->json()) {
    bool first = true;
    out += '{';
    append_opt_string(out, first, "TaskHandle", result.task_handle);
    out += '}';
  } else {
    out = result.task_handle.value_or("");
  }
  print_line(stdout, out);
  std::fflush(stdout);
  if (!parsed->has("--wait")) return exit_ok;
  auto follower = TaskFollower::after_start(session->client(), call, follow_options(*interval, *max_failures));
  if (!follower) {
    complain("the service returned no TaskHandle: nothing to wait for");
    return exit_service;
  }
  return watch_loop(*session, *follower);
  return exit_ok;
}

int cancel(Args args) {
  static constexpr OptionSpec own[] = {{"--task-handle", true}};
  auto parsed = parse_args(args, own);
  if (!parsed) return usage_error(parsed.error(), cancel_usage);
  if (parsed->common.help) return print_help(cancel_usage, cancel_help);
  auto named = parsed->get("--task-handle");
  if (parsed->positional.size() + (named ? 1 : 0) != 1)
    return usage_error("give exactly one task handle", cancel_usage);
  std::string_view text = named ? *named : parsed->positional.front();
  auto handle = TaskHandle::parse(text);
  if (!handle) return validation_error(handle.error(), text);
  CancelMessageMoveTaskRequest request{*handle};

  auto source = handle_source(text);
  auto session = Session::open(parsed->common, source ? std::optional(source->region()) : std::nullopt);
  if (!session) return session.error();
  if (parsed->common.dry_run != DryRun::Off) return session->dry_run(request);

  auto result = session->call(request);
  if (!result) return result.error();
  std::string out;
  if (session->json()) {
    bool first = true;
    out += '{';
    append_opt_int(out, first, "ApproximateNumberOfMessagesMoved", result->approximate_number_of_messages_moved);
    out += '}';
  } else {
    out = "cancel requested; " + std::to_string(result->approximate_number_of_messages_moved.value_or(0)) +
          " messages moved so far";
  }
  print_line(stdout, out);
  return exit_ok;
}

int list(Args args) {
  static constexpr OptionSpec own[] = {{"--source", true}, {"--max-results", true}};
  auto parsed = parse_args(args, own);
  if (!parsed) return usage_error(parsed.error(), list_usage);
  if (parsed->common.help) return print_help(list_usage, list_help);
  if (!parsed->positional.empty())
    return usage_error("unexpected argument '" + std::string(parsed->positional.front()) + "'", list_usage);
  int status = exit_ok;
  auto source = required_arn<SourceArn>(*parsed, status, list_usage);
  if (!source) return status;
  ListMessageMoveTasksRequest request{*source, std::nullopt};
  if (auto m = parsed->get("--max-results")) {
    auto n = parse_integer(*m);
    if (!n) return usage_error("--max-results needs an integer, not '" + std::string(*m) + "'", list_usage);
    auto v = MaxResults::make(*n);
    if (!v) return validation_error(v.error(), *m);
    request.max_results = *v;
  }

  auto session = Session::open(parsed->common, source->region());
  if (!session) return session.error();
  if (parsed->common.dry_run != DryRun::Off) return session->dry_run(request);

  auto result = session->call(request);
  if (!result) return result.error();
  std::string out;
  if (session->json()) {
    out += R"({"Results":[)";
    if (result->results)
      for (std::size_t i = 0; i < result->results->size(); ++i) {
        if (i) out += ',';
        append_entry_json(out, (*result->results)[i]);
      }
    out += "]}";
    print_line(stdout, out);
  } else if (result->results && !result->results->empty()) {
    for (const auto& e : *result->results) print_line(stdout, entry_text(e));
  } else {
    complain("no message move tasks for " + std::string(source->str()));
  }
  return exit_ok;
}

int watch(Args args) {
  static constexpr OptionSpec own[] = {{"--source", true}, {"--interval", true}, {"--max-poll-failures", true}};
  auto parsed = parse_args(args, own);
  if (!parsed) return usage_error(parsed.error(), watch_usage);
  if (parsed->common.help) return print_help(watch_usage, watch_help);
  if (!parsed->positional.empty())
    return usage_error("unexpected argument '" + std::string(parsed->positional.front()) + "'", watch_usage);
  int status = exit_ok;
  auto source = required_arn<SourceArn>(*parsed, status, watch_usage);
  if (!source) return status;
  auto interval = interval_from(*parsed, status, watch_usage);
  if (!interval) return status;
  auto max_failures = max_poll_failures_from(*parsed, status, watch_usage);
  if (!max_failures) return status;

  auto session = Session::open(parsed->common, source->region());
  if (!session) return session.error();
  if (parsed->common.dry_run != DryRun::Off)
    return session->dry_run(ListMessageMoveTasksRequest{*source, MaxResults::make(1).value()});
  TaskFollower follower(session->client(), *source, follow_options(*interval, *max_failures));
  return watch_loop(*session, follower);
}

}  // namespace redrive::cli
