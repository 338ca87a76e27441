// redrive list: ListMessageMoveTasks, the queue's recent tasks, newest first.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/network_options.hpp"
#include "cli/output.hpp"
#include "cli/render_json.hpp"
#include "cli/render_text.hpp"
#include "cli/session.hpp"

namespace redrive::cli {
namespace {

constexpr std::string_view list_usage = "usage: redrive list --source ARN [--max-results N] [options]";

constexpr std::string_view list_help =
    "Lists the most recent message move tasks of a queue (ListMessageMoveTasks), newest first.\n"
    "  --source ARN           the dead-letter queue (SourceArn)\n"
    "  --max-results N        1..10 (default: the service's, 1)\n";

}  // namespace

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
    auto v = MaxResults::parse(*m);
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
    if (!result->results) result->results.emplace();  // list always prints "Results", [] for none
    append_json(out, *result);
    print_line(stdout, out);
  } else if (result->results && !result->results->empty()) {
    for (const auto& e : *result->results) print_line(stdout, entry_text(e));
  } else {
    complain("no message move tasks for " + std::string(source->str()));
  }
  return exit_ok;
}

}  // namespace redrive::cli
