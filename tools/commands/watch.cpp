// redrive watch: follows the newest message move task of a queue until it ends.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/follow.hpp"
#include "cli/network_options.hpp"
#include "cli/output.hpp"
#include "cli/session.hpp"

namespace redrive::cli {
namespace {

constexpr std::string_view watch_usage =
    "usage: redrive watch --source ARN [--interval SECONDS] [--max-poll-failures N] [options]";

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

}  // namespace

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
