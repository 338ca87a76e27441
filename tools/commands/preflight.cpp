// redrive preflight: every check before a message move task, one line each; exit 1 if one fails.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/network_options.hpp"
#include "cli/output.hpp"
#include "cli/queues.hpp"
#include "cli/session.hpp"

namespace redrive::cli {
namespace {

constexpr std::string_view preflight_usage =
    "usage: redrive preflight --source ARN [--destination ARN] [--rate N] [options]";

constexpr std::string_view preflight_help =
    "Checks whether a message move task from the source would work, before starting it: one line per\n"
    "check, pass, warn or fail with the reason (--output json: {\"check\",\"result\",\"detail\"} per line).\n"
    "Checks: source-exists, source-is-dlq (some queue names it in its RedrivePolicy),\n"
    "destination-exists, same-queue-type, no-active-task (the newest task is not RUNNING or\n"
    "CANCELLING), messages (warns when there is nothing to move), duration (messages / rate; warns\n"
    "past the 36-hour limit). Exits 1 if a check fails, 0 otherwise (warnings included).\n"
    "  --source ARN           the dead-letter queue (SourceArn)\n"
    "  --destination ARN      where the messages would go (default: back to their source queues)\n"
    "  --rate N               the MaxNumberOfMessagesPerSecond the task would run at, 1..500\n";

}  // namespace

int preflight(Args args) {
  static constexpr OptionSpec own[] = {{"--source", true}, {"--destination", true}, {"--rate", true}};
  auto parsed = parse_args(args, own);
  if (!parsed) return usage_error(parsed.error(), preflight_usage);
  if (parsed->common.help) return print_help(preflight_usage, preflight_help);
  if (!parsed->positional.empty())
    return usage_error("unexpected argument '" + std::string(parsed->positional.front()) + "'", preflight_usage);
  if (parsed->common.dry_run != DryRun::Off)
    return usage_error("preflight makes several requests; --dry-run is not available", preflight_usage);
  int status = exit_ok;
  auto source = required_arn<SourceArn>(*parsed, status, preflight_usage);
  if (!source) return status;
  auto destination = optional_value<DestinationArn>(*parsed, "--destination");
  if (!destination) return destination.error();
  auto rate = optional_value<Rate>(*parsed, "--rate");
  if (!rate) return rate.error();

  auto session = Session::open(parsed->common, source->region());
  if (!session) return session.error();
  const PreflightFacts facts = gather_preflight_facts(*session, *source, *destination, *rate);
  // Without the service there is nothing to judge: that is the transport's or the credentials' error.
  if (facts.source_queue && !*facts.source_queue && unreachable(facts.source_queue->error()))
    return session->report(facts.source_queue->error(), 1);

  const auto checks = redrive::preflight(facts);
  for (const auto& c : checks) {
    std::string line;
    if (session->json()) {
      append_json(line, c);
    } else {
      char head[40];
      std::snprintf(head, sizeof head, "%-4s  %-18s  ", std::string(to_string(c.result)).c_str(),
                    std::string(to_string(c.name)).c_str());
      line = head;
      line += c.detail;
    }
    print_line(stdout, line);
  }
  return preflight_exit_code(checks);
}

}  // namespace redrive::cli
