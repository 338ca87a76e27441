// redrive decode-file FILE [--op OP] [--status N]: one response body, shown for humans.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/render_text.hpp"
#include "redrive.hpp"
#include "redrive/operations.hpp"

namespace redrive::cli {
namespace {

std::string decode_file_usage() {
  return "usage: redrive decode-file FILE [--op OP] [--status N]\n"
         "  Shows one response body (FILE, or - for stdin) for humans.\n"
         "  --op OP      " + std::string(operation_names_text) + "\n"
         "               (default: guessed from the body's members)\n"
         "  --status N   the HTTP status (default 200, or 400 when the body has a __type member)\n";
}

std::string number_or_dash(std::optional<std::int64_t> v) { return v ? std::to_string(*v) : "-"; }

void print_error(const ServiceError& e) {
  std::printf("error: %s (HTTP %d, %s fault%s%s%s)\n", e.name.c_str(), e.http_status,
              std::string(to_string(e.fault())).c_str(), e.is_throttling() ? ", throttling" : "",
              e.is_transient() ? ", transient" : "", e.is_retryable() ? ", retryable" : ", not retryable");
  if (e.code == ServiceErrc::Unknown && e.name != "Unknown") std::printf("  (not an error this tool knows)\n");
  std::printf("message:    %s\n", e.message.empty() ? "(none)" : e.message.c_str());
  std::printf("request id: %s\n", e.request_id.empty() ? "(none)" : e.request_id.c_str());
  if (!e.query_code.empty() || !e.query_type.empty())
    std::printf("query code: %s;%s\n", e.query_code.c_str(), e.query_type.c_str());
}

void print_result(const ListMessageMoveTasksResult& r) {
  if (!r.results || r.results->empty()) {
    std::puts("no message move tasks");
    return;
  }
  std::printf("%zu task%s\n", r.results->size(), r.results->size() == 1 ? "" : "s");
  std::printf("%-11s %-24s %9s %9s %6s  %s\n", "STATUS", "STARTED (UTC)", "MOVED", "TO MOVE", "RATE",
              "SOURCE -> DESTINATION");
  for (const auto& e : *r.results) {
    std::string status(e.status.value_or("-"));
    std::string started = e.started_timestamp ? format_timestamp(*e.started_timestamp) : "-";
    std::string rate = e.max_number_of_messages_per_second ? std::to_string(*e.max_number_of_messages_per_second) : "auto";
    std::string route = std::string(e.source_arn.value_or("?")) + " -> " +
                        (e.destination_arn ? std::string(*e.destination_arn) : std::string("(original sources)"));
    std::printf("%-11s %-24s %9s %9s %6s  %s\n", status.c_str(), started.c_str(),
                number_or_dash(e.approximate_number_of_messages_moved).c_str(),
                number_or_dash(e.approximate_number_of_messages_to_move).c_str(), rate.c_str(), route.c_str());
    if (e.task_handle) std::printf("%-11s handle: %.*s\n", "", static_cast<int>(e.task_handle->size()), e.task_handle->data());
    if (e.failure_reason)
      std::printf("%-11s failure: %.*s\n", "", static_cast<int>(e.failure_reason->size()), e.failure_reason->data());
  }
}

void print_result(const StartMessageMoveTaskResult& r) {
  std::printf("StartMessageMoveTask: task handle %s\n", r.task_handle ? std::string(*r.task_handle).c_str() : "(none)");
}

void print_result(const CancelMessageMoveTaskResult& r) {
  std::printf("CancelMessageMoveTask: %s messages moved\n", number_or_dash(r.approximate_number_of_messages_moved).c_str());
}

template <class S>
void print_urls(std::string_view what, const std::optional<std::vector<S>>& urls, const std::optional<S>& next) {
  const std::size_t n = urls ? urls->size() : 0;
  std::printf("%zu %.*s\n", n, static_cast<int>(what.size()), what.data());
  if (urls)
    for (const auto& u : *urls) std::printf("  %.*s\n", static_cast<int>(std::string_view(u).size()), std::string_view(u).data());
  if (next) std::printf("next token: %s\n", std::string(*next).c_str());
}

void print_result(const ListQueuesResult& r) { print_urls("queues", r.queue_urls, r.next_token); }

void print_result(const ListDeadLetterSourceQueuesResult& r) { print_urls("source queues", r.queue_urls, r.next_token); }

void print_result(const GetQueueUrlResult& r) {
  std::printf("GetQueueUrl: %s\n", r.queue_url ? std::string(*r.queue_url).c_str() : "(none)");
}

void print_result(const GetQueueAttributesResult& r) {
  if (!r.attributes || r.attributes->empty()) {
    std::puts("no attributes");
    return;
  }
  for (const auto& [name, value] : *r.attributes)
    std::printf("%-38s %.*s\n", std::string(name).c_str(), static_cast<int>(value.size()), value.data());
}

}  // namespace

int decode_file(Args args) {
  std::optional<std::string_view> file, op_arg, status_arg;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--help" || a == "-h") {
      std::fputs(decode_file_usage().c_str(), stdout);
      return 0;
    }
    if ((a == "--op" || a == "--status") && i + 1 < args.size()) {
      (a == "--op" ? op_arg : status_arg) = args[++i];
    } else if (!file && (a == "-" || !a.starts_with("--"))) {
      file = a;
    } else {
      std::fprintf(stderr, "redrive decode-file: unexpected argument '%.*s'\n\n", static_cast<int>(a.size()), a.data());
      std::fputs(decode_file_usage().c_str(), stderr);
      return 2;
    }
  }
  if (!file) {
    std::fputs(decode_file_usage().c_str(), stderr);
    return 2;
  }
  std::string body;
  if (*file == "-") {
    body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in{std::string(*file), std::ios::binary};
    if (!in) {
      std::fprintf(stderr, "redrive decode-file: cannot read '%.*s'\n", static_cast<int>(file->size()), file->data());
      return 2;
    }
    body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  auto has = [&](std::string_view member) { return body.find(member) != std::string::npos; };
  OperationId op = has("\"Results\"")                            ? OperationId::ListMessageMoveTasks
                   : has("\"ApproximateNumberOfMessagesMoved\"") ? OperationId::CancelMessageMoveTask
                   : has("\"queueUrls\"")                        ? OperationId::ListDeadLetterSourceQueues
                   : has("\"QueueUrls\"")                        ? OperationId::ListQueues
                   : has("\"Attributes\"")                       ? OperationId::GetQueueAttributes
                   : has("\"QueueUrl\"")                         ? OperationId::GetQueueUrl
                                                                 : OperationId::StartMessageMoveTask;
  if (op_arg) {
    auto o = operation_from_name(*op_arg);
    if (!o) {
      std::fprintf(stderr, "redrive decode-file: --op must be %.*s\n", static_cast<int>(operation_names_text.size()),
                   operation_names_text.data());
      return 2;
    }
    op = *o;
  }
  int status = body.find("\"__type\"") != std::string::npos ? 400 : 200;
  if (status_arg) {
    auto n = parse_integer(*status_arg);
    if (!n || *n < 0 || *n > 999) {
      std::fputs("redrive decode-file: --status must be an HTTP status code\n", stderr);
      return 2;
    }
    status = static_cast<int>(*n);
  }

  Decoder decoder;
  HttpResponse response{status, {}, body};
  return with_operation(op, [&](auto operation) {
    auto r = decoder.decode<typename decltype(operation)::Result>(response);
    if (!r) return print_error(r.error()), 1;
    print_result(*r);
    return 0;
  });
}

}  // namespace redrive::cli
