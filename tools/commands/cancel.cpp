// redrive cancel: CancelMessageMoveTask for a task handle.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/network_options.hpp"
#include "cli/output.hpp"
#include "cli/render_json.hpp"
#include "cli/session.hpp"

namespace redrive::cli {
namespace {

constexpr std::string_view cancel_usage = "usage: redrive cancel HANDLE [options]";

constexpr std::string_view cancel_help =
    "Cancels a RUNNING message move task (CancelMessageMoveTask). Prints how many messages were\n"
    "moved so far. The region defaults to the one named in the handle.\n"
    "  HANDLE, --task-handle HANDLE   the TaskHandle that 'redrive start' printed\n";

// The source queue ARN inside a task handle (SQS issues base64 of {"taskId":...,"sourceArn":...}),
// if it has one; only used to pick the region, the handle itself is sent as it is.
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

}  // namespace

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
    append_json(out, *result);
  } else {
    out = "cancel requested; " + std::to_string(result->approximate_number_of_messages_moved.value_or(0)) +
          " messages moved so far";
  }
  print_line(stdout, out);
  return exit_ok;
}

}  // namespace redrive::cli
