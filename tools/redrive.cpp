// redrive: validate, encode, decode, sign and send SQS message move task requests.
#include <cstdio>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "redrive/version.hpp"

namespace {

struct Command {
  std::string_view name;
  int (*run)(redrive::cli::Args);
  std::string_view summary;
};

constexpr Command commands[] = {
    {"check", redrive::cli::check, "check ARN...            validate SQS queue ARNs (exit 1 if any is invalid)"},
    {"start", redrive::cli::start, "start --source ARN      start a message move task (StartMessageMoveTask); --wait to watch it"},
    {"cancel", redrive::cli::cancel, "cancel HANDLE           cancel a running task (CancelMessageMoveTask)"},
    {"list", redrive::cli::list, "list --source ARN       the queue's recent tasks (ListMessageMoveTasks)"},
    {"watch", redrive::cli::watch, "watch --source ARN      follow the newest task: progress, rate, ETA; exit 0 if it COMPLETED"},
    {"discover", redrive::cli::discover, "discover [--prefix P]   the region's dead-letter queues, fullest first, with their sources"},
    {"preflight", redrive::cli::preflight, "preflight --source ARN  every check before a move task: pass, warn or fail (exit 1 if one fails)"},
    {"fleet", redrive::cli::fleet, "fleet --sources FILE    drain many DLQs within the account's task quota (or --all [--prefix P])"},
    {"encode", redrive::cli::encode, "encode < lines.jsonl    JSON lines of operations -> unsigned AWS JSON 1.0 requests"},
    {"decode", redrive::cli::decode, "decode < lines.jsonl    JSON lines of HTTP responses -> decoded results or service errors"},
    {"decode-file", redrive::cli::decode_file, "decode-file FILE        show one response body for humans (--op OP, --status N)"},
#ifdef REDRIVE_HAVE_LIBCRYPTO
    {"sign", redrive::cli::sign, "sign < lines.jsonl      JSON lines of requests -> their SigV4 headers"},
    {"configure", redrive::cli::configure, "configure list          the settings and credentials in effect, and where each comes from"},
#endif
};

void print_help(std::FILE* to) {
  std::fputs("usage: redrive <command> [options]     (redrive --version: the version)\n\ncommands:\n", to);
  for (const auto& c : commands) std::fprintf(to, "  %.*s\n", static_cast<int>(c.summary.size()), c.summary.data());
  std::fputs("\nRun 'redrive <command> --help' for a command's options.\n", to);
  std::fputs("The network commands exit with 0 on success, 1 on a service error, a task that FAILED or was\n"
             "CANCELLED, or a failed preflight check, 2 on a usage error, 3 on a transport error, 4 on a\n"
             "credentials error.\n", to);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_help(args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::puts("redrive " REDRIVE_VERSION);
    return 0;
  }
  for (const auto& c : commands)
    if (c.name == args[0]) return c.run(redrive::cli::Args(args).subspan(1));
  std::fprintf(stderr, "redrive: unknown command '%.*s'\n\n", static_cast<int>(args[0].size()), args[0].data());
  print_help(stderr);
  return 2;
}
