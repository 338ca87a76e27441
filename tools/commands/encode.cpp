// redrive encode: JSON lines of operations in, one unsigned AWS JSON 1.0 request out per line.
//   in:  {"op":"StartMessageMoveTask","region":"us-east-1","endpoint_variant":"fips",
//         "endpoint_url":"http://...","input":{AWS member names}}
//   out: {"method":"POST","scheme":"https","host":...,"path":"/","headers":{...},"body":"..."}
//        or {"error":{"field","code","offset","message"}}
// Errors found here rather than by the library (offset 0):
//   Missing          a required key or member is absent (field: op, Region, or the AWS member)
//   WrongType        a value has the wrong JSON type (null included; numbers must be integers)
//   UnknownOperation op is not one of the three operations (field: op)
//   UnknownVariant   endpoint_variant is not fips, dualstack or fips-dualstack
//   UnknownMember    a key the line or the operation's input does not have (field: the key)
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "cli/commands.hpp"
#include "cli/jsonl.hpp"
#include "cli/line_handlers.hpp"
#include "cli/output.hpp"
#include "cli/render_text.hpp"
#include "redrive.hpp"
#include "redrive/operations.hpp"

namespace redrive::cli {
namespace {

namespace od = simdjson::ondemand;

// The members of any operation's input, as they came; which ones the operation takes is checked
// once the operation is known (the keys may come in any order).
struct RawInput {
  std::optional<std::string_view> source_arn, destination_arn, task_handle;
  std::optional<long long> rate, max_results;
  std::optional<std::string_view> unknown;  // the first key no operation has
};

struct Line {
  std::optional<std::string_view> op, region, variant, url;
  RawInput input;
};

// An integer member. JSON numbers with an integral value (50, 5e1, 50.0) are that integer, as in
// JavaScript; fractions are WrongType; magnitudes beyond any member's range clamp so the member's
// range check reports OutOfRange.
Read read_int(od::value v, std::string_view field, std::optional<long long>& to) {
  od::json_type type;
  if (auto err = v.type().get(type)) return err;
  if (type != od::json_type::number) return wrong_type(field, "a JSON integer");
  double d;
  if (auto err = v.get_double().get(d)) return err;
  if (d != std::floor(d)) return wrong_type(field, "a JSON integer");
  constexpr double limit = 1e15;
  to = static_cast<long long>(d > limit ? limit : d < -limit ? -limit : d);
  return {};
}

Read read_input(od::value v, RawInput& in) {
  return read_object(v, "input", [&](std::string_view key, od::value value) -> Read {
    if (key == "SourceArn") return read_string(value, key, in.source_arn);
    if (key == "DestinationArn") return read_string(value, key, in.destination_arn);
    if (key == "TaskHandle") return read_string(value, key, in.task_handle);
    if (key == "MaxNumberOfMessagesPerSecond") return read_int(value, key, in.rate);
    if (key == "MaxResults") return read_int(value, key, in.max_results);
    if (!in.unknown) in.unknown = key;
    return {};
  });
}

Read read_line(od::object& obj, Line& line) {
  return for_each_field(obj, [&](std::string_view key, od::value value) -> Read {
    if (key == "op") return read_string(value, "op", line.op);
    if (key == "region") return read_string(value, "Region", line.region);
    if (key == "endpoint_variant") return read_string(value, "endpoint_variant", line.variant);
    if (key == "endpoint_url") return read_string(value, "Endpoint", line.url);
    if (key == "input") return read_input(value, line.input);
    return unknown_member(key, "an encode line", "op, region, endpoint_variant, endpoint_url, input");
  });
}

// Builds the request and encodes it into `request`, or returns what is wrong.
std::variant<std::monostate, Stop, Error> build(const Line& line, HttpRequest& request) {
  if (!line.op) return missing("op");
  const std::optional<OperationId> op = operation_from_name(*line.op);
  if (!op) return Stop{"op", "UnknownOperation", "op must be " + std::string(operation_names_text) + "."};
  const bool is_start = *op == OperationId::StartMessageMoveTask;
  const bool is_cancel = *op == OperationId::CancelMessageMoveTask;
  const bool is_list = *op == OperationId::ListMessageMoveTasks;
  const std::string in_input = " in " + std::string(operation_name(*op)) + "'s input";

  // Members: none the operation lacks, the required one present.
  const RawInput& in = line.input;
  std::optional<std::string_view> extra = in.unknown;
  if (!extra && !is_start && in.destination_arn) extra = "DestinationArn";
  if (!extra && !is_start && in.rate) extra = "MaxNumberOfMessagesPerSecond";
  if (!extra && !is_list && in.max_results) extra = "MaxResults";
  if (!extra && is_cancel && in.source_arn) extra = "SourceArn";
  if (!extra && !is_cancel && in.task_handle) extra = "TaskHandle";
  if (extra)
    return Stop{*extra, "UnknownMember",
                std::string(*extra) + " is not a member of " + std::string(operation_name(*op)) + "'s input."};
  if (is_cancel && !in.task_handle) return missing("TaskHandle", in_input);
  if (!is_cancel && !in.source_arn) return missing("SourceArn", in_input);

  // Endpoint.
  if (!line.region) return missing("Region", " (the signing region, also with endpoint_url)");
  EndpointOptions options;
  if (line.variant) {
    if (*line.variant == "fips") options = {.fips = true};
    else if (*line.variant == "dualstack") options = {.dual_stack = true};
    else if (*line.variant == "fips-dualstack") options = {.fips = true, .dual_stack = true};
    else return Stop{"endpoint_variant", "UnknownVariant", "endpoint_variant must be fips, dualstack or fips-dualstack."};
  }
  auto endpoint = line.url ? Endpoint::custom(*line.url, *line.region, options) : endpoint_for(*line.region, options);
  if (!endpoint) return endpoint.error();

  switch (*op) {
    case OperationId::StartMessageMoveTask: {
      auto r = StartMessageMoveTaskRequest::parse(*in.source_arn, in.destination_arn, in.rate);
      if (!r) return r.error();
      encode_into(*r, *endpoint, request);
      break;
    }
    case OperationId::CancelMessageMoveTask: {
      auto handle = TaskHandle::parse(*in.task_handle);
      if (!handle) return handle.error();
      encode_into(CancelMessageMoveTaskRequest{std::move(*handle)}, *endpoint, request);
      break;
    }
    case OperationId::ListMessageMoveTasks: {
      auto source = SourceArn::parse(*in.source_arn);
      if (!source) return source.error();
      std::optional<MaxResults> max;
      if (in.max_results) {
        auto m = MaxResults::make(*in.max_results);
        if (!m) return m.error();
        max = *m;
      }
      encode_into(ListMessageMoveTasksRequest{*source, max}, *endpoint, request);
      break;
    }
  }
  return {};
}

// One input line; `request` is reused from line to line.
simdjson::error_code encode_object(od::object& obj, std::string& out, HttpRequest& request) {
  Line line;
  Read read = read_line(obj, line);
  if (auto* err = std::get_if<simdjson::error_code>(&read)) return *err;
  if (auto* stop = std::get_if<Stop>(&read)) {
    append_stop(out, *stop);
    return simdjson::SUCCESS;
  }
  auto built = build(line, request);
  if (auto* stop = std::get_if<Stop>(&built)) append_stop(out, *stop);
  else if (auto* error = std::get_if<Error>(&built)) append_json(out, *error);
  else append_json(out, request);
  return simdjson::SUCCESS;
}

std::string encode_usage() {
  return "usage: redrive encode < lines.jsonl\n"
         "Reads one JSON object per line:\n"
         "  {\"op\":" + quoted_operation_names() + ",\n"
         "   \"region\":\"us-east-1\", \"endpoint_variant\":\"fips\"|\"dualstack\"|\"fips-dualstack\" (optional),\n"
         "   \"endpoint_url\":\"http://127.0.0.1:4566\" (optional), \"input\":{AWS member names}}\n"
         "and writes one line per input line: the unsigned request\n"
         "  {\"method\",\"scheme\",\"host\",\"path\",\"headers\":{...},\"body\"}\n"
         "or {\"error\":{\"field\",\"code\",\"offset\",\"message\"}}. Exit 1 if any line was an error.\n";
}

}  // namespace

int encode(Args args) {
  if (auto rc = refuse_arguments(args, encode_usage())) return *rc;
  HttpRequest request;
  return for_each_json_line(
      [&](od::object& obj, std::string& out) -> simdjson::error_code { return encode_object(obj, out, request); });
}

std::string handle_encode_line(std::string_view line) {
  simdjson::ondemand::parser parser;
  HttpRequest request;
  std::string out;
  handle_json_line(parser, line, out,
                   [&](od::object& obj, std::string& o) -> simdjson::error_code { return encode_object(obj, o, request); });
  return out;
}

}  // namespace redrive::cli
