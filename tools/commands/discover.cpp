// redrive discover: the dead-letter queues of a region, fullest first, with their source queues.
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

constexpr std::string_view discover_usage = "usage: redrive discover [--prefix PREFIX] [options]";

constexpr std::string_view discover_help =
    "Lists the dead-letter queues of the region (queues that some queue's RedrivePolicy names as its\n"
    "deadLetterTargetArn), fullest first: the approximate number of messages, the queue's ARN and\n"
    "its source queues. Reads every queue (ListQueues, GetQueueAttributes); --output json prints one\n"
    "{\"dlq\",\"fifo\",\"messages\",\"sources\"} object per line.\n"
    "  --prefix PREFIX        only queues whose name starts with PREFIX (QueueNamePrefix)\n";

// A source by its name when it shares the dead-letter queue's account and region, else its ARN.
std::string source_text(const QueueArn& source, const QueueArn& dlq) {
  if (source.account() == dlq.account() && source.region() == dlq.region() && source.partition() == dlq.partition())
    return std::string(source.queue_name());
  return std::string(source.str());
}

}  // namespace

int discover(Args args) {
  static constexpr OptionSpec own[] = {{"--prefix", true}};
  auto parsed = parse_args(args, own);
  if (!parsed) return usage_error(parsed.error(), discover_usage);
  if (parsed->common.help) return print_help(discover_usage, discover_help);
  if (!parsed->positional.empty())
    return usage_error("unexpected argument '" + std::string(parsed->positional.front()) + "'", discover_usage);
  auto prefix_option = optional_value<QueueNamePrefix>(*parsed, "--prefix");
  if (!prefix_option) return prefix_option.error();
  const auto& prefix = *prefix_option;

  auto session = Session::open(parsed->common, std::nullopt);
  if (!session) return session.error();
  if (parsed->common.dry_run != DryRun::Off)
    return session->dry_run(ListQueuesRequest{prefix, std::nullopt, QueueMaxResults::make(1000).value()});

  auto found = discover_dead_letter_queues(*session, prefix);
  if (!found) return session->report(found.error(), 1);
  if (found->empty()) complain(prefix ? "no dead-letter queue among the queues named " + std::string(prefix->str()) + "*"
                                      : std::string("no dead-letter queue in this region"));
  for (const auto& d : *found) {
    std::string line;
    if (session->json()) {
      append_json(line, d);
    } else {
      char count[32];
      std::snprintf(count, sizeof count, "%9s  ", d.messages ? std::to_string(*d.messages).c_str() : "?");
      line = count;
      line += d.arn.str();
      line += "  <- ";
      for (std::size_t i = 0; i < d.sources.size(); ++i) line += (i ? ", " : "") + source_text(d.sources[i], d.arn);
    }
    print_line(stdout, line);
  }
  return exit_ok;
}

}  // namespace redrive::cli
