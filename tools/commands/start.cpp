// redrive start: StartMessageMoveTask; with --wait, then follows the task as watch does.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/follow.hpp"
#include "cli/network_options.hpp"
#include "cli/output.hpp"
#include "cli/render_json.hpp"
#include "cli/session.hpp"

namespace redrive::cli {
namespace {

constexpr std::string_view start_usage =
    "usage: redrive start --source ARN [--destination ARN] [--rate N] [--wait [--interval SECONDS] [--max-poll-failures N]] [options]";

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
  auto destination = optional_value<DestinationArn>(*parsed, "--destination");
  if (!destination) return destination.error();
  auto rate = optional_value<Rate>(*parsed, "--rate");
  if (!rate) return rate.error();
  auto interval = interval_from(*parsed, status, start_usage);
  if (!interval) return status;
  auto max_failures = max_poll_failures_from(*parsed, status, start_usage);
  if (!max_failures) return status;
  if ((parsed->has("--interval") || parsed->has("--max-poll-failures")) && !parsed->has("--wait"))
    return usage_error(std::string(parsed->has("--interval") ? "--interval" : "--max-poll-failures") + " goes with --wait",
                       start_usage);

  auto request = StartMessageMoveTaskRequest::make(*source, *destination, *rate);
  if (!request) {
    print_line(stderr, render(request.error(), source->str(), parsed->get("--destination"), parsed->get("--rate")));
    return exit_usage;
  }
  warn_about_destination(*request);

  auto session = Session::open(parsed->common, source->region());
  if (!session) return session.error();
  if (parsed->common.dry_run != DryRun::Off) return session->dry_run(*request);

  Call call(session->client(), *request);
  if (int rc = session->run(call); rc != exit_ok) return rc;
  const auto& result = *call.outcome();
  std::string out;
  if (session->json()) {
    append_json(out, result);
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
}

}  // namespace redrive::cli
