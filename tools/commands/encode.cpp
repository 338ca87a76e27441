// redrive encode: JSON lines of operations in, one unsigned AWS JSON 1.0 request out per line.
//   in:  {"op":"StartMessageMoveTask","region":"us-east-1","endpoint_variant":"fips",
//         "endpoint_url":"http://...","input":{AWS member names}}
//   out: {"method":"POST","scheme":"https","host":...,"path":"/","headers":{...},"body":"..."}
//        or {"error":{"field","code","offset","message"}}
// Errors found here rather than by the library (offset 0):
//   Missing          a required key or member is absent (field: op, Region, or the AWS member)
//   WrongType        a value has the wrong JSON type (null included; numbers must be integers)
//   UnknownOperation op is not the name of an operation of operations.hpp (field: op)
//   UnknownVariant   endpoint_variant is not fips, dualstack or fips-dualstack
//   UnknownMember    a key the line or the operation's input does not have (field: the key)
#include <algorithm>
#include <cmath>
#include <iterator>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

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
  std::optional<std::string_view> queue_name_prefix, next_token, queue_name, queue_owner, queue_url;
  std::optional<std::vector<std::string_view>> attribute_names;
  std::optional<long long> rate, max_results;
  std::optional<std::string_view> unknown;  // the first key no operation has
};

// Which input members each operation takes (the AWS names), and which one it requires.
struct Members {
  OperationId op;
  std::string_view required;  // empty: none
  std::string_view allowed[3];  // unused entries are empty
};
constexpr std::string_view no_member;
const Members operation_members[] = {
    {OperationId::StartMessageMoveTask, "SourceArn", {"SourceArn", "DestinationArn", "MaxNumberOfMessagesPerSecond"}},
    {OperationId::CancelMessageMoveTask, "TaskHandle", {"TaskHandle"}},
    {OperationId::ListMessageMoveTasks, "SourceArn", {"SourceArn", "MaxResults"}},
    {OperationId::ListQueues, no_member, {"QueueNamePrefix", "NextToken", "MaxResults"}},
    {OperationId::GetQueueUrl, "QueueName", {"QueueName", "QueueOwnerAWSAccountId"}},
    {OperationId::GetQueueAttributes, "QueueUrl", {"QueueUrl", "AttributeNames"}},
    {OperationId::ListDeadLetterSourceQueues, "QueueUrl", {"QueueUrl", "NextToken", "MaxResults"}},
};

// The members present in `in`, in a fixed order (the one errors report them in).
std::vector<std::string_view> present_members(const RawInput& in) {
  std::vector<std::string_view> names;
  auto add = [&](bool present, std::string_view name) {
    if (present) names.push_back(name);
  };
  add(in.destination_arn.has_value(), "DestinationArn");
  add(in.rate.has_value(), "MaxNumberOfMessagesPerSecond");
  add(in.max_results.has_value(), "MaxResults");
  add(in.source_arn.has_value(), "SourceArn");
  add(in.task_handle.has_value(), "TaskHandle");
  add(in.queue_name_prefix.has_value(), "QueueNamePrefix");
  add(in.next_token.has_value(), "NextToken");
  add(in.queue_name.has_value(), "QueueName");
  add(in.queue_owner.has_value(), "QueueOwnerAWSAccountId");
  add(in.queue_url.has_value(), "QueueUrl");
  add(in.attribute_names.has_value(), "AttributeNames");
  return names;
}

// A list of strings (AttributeNames).
Read read_string_list(od::value v, std::string_view field, std::optional<std::vector<std::string_view>>& to) {
  od::json_type type;
  if (auto err = v.type().get(type)) return err;
  if (type != od::json_type::array) return wrong_type(field, "a JSON array of strings");
  od::array array;
  if (auto err = v.get_array().get(array)) return err;
  to.emplace();
  for (auto element : array) {
    od::value item;
    if (auto err = std::move(element).get(item)) return err;
    std::optional<std::string_view> s;
    Read r = read_string(item, field, s);
    if (r.index() != 0) return std::holds_alternative<Stop>(r) ? wrong_type(field, "a JSON array of strings") : r;
    to->push_back(*s);
  }
  return {};
}

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
    if (key == "QueueNamePrefix") return read_string(value, key, in.queue_name_prefix);
    if (key == "NextToken") return read_string(value, key, in.next_token);
    if (key == "QueueName") return read_string(value, key, in.queue_name);
    if (key == "QueueOwnerAWSAccountId") return read_string(value, key, in.queue_owner);
    if (key == "QueueUrl") return read_string(value, key, in.queue_url);
    if (key == "AttributeNames") return read_string_list(value, key, in.attribute_names);
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

// NextToken and MaxResults (1..1000) of ListQueues and ListDeadLetterSourceQueues.
template <class Request>
std::optional<Error> set_queue_listing(const RawInput& in, Request& r) {
  if (in.next_token) {
    auto token = NextToken::parse(*in.next_token);
    if (!token) return token.error();
    r.next_token = std::move(*token);
  }
  if (in.max_results) {
    auto max = QueueMaxResults::make(*in.max_results);
    if (!max) return max.error();
    r.max_results = *max;
  }
  return std::nullopt;
}

// Builds the request and encodes it into `request`, or returns what is wrong.
std::variant<std::monostate, Stop, Error> build(const Line& line, HttpRequest& request) {
  if (!line.op) return missing("op");
  const std::optional<OperationId> op = operation_from_name(*line.op);
  if (!op) return Stop{"op", "UnknownOperation", "op must be " + std::string(operation_names_text) + "."};
  const std::string in_input = " in " + std::string(operation_name(*op)) + "'s input";

  // Members: none the operation lacks, the required one present.
  const RawInput& in = line.input;
  const Members* members = &operation_members[0];
  for (const Members& m : operation_members)
    if (m.op == *op) members = &m;
  std::optional<std::string_view> extra = in.unknown;
  const std::vector<std::string_view> present = present_members(in);
  for (std::size_t i = 0; !extra && i < present.size(); ++i)
    if (std::find(std::begin(members->allowed), std::end(members->allowed), present[i]) == std::end(members->allowed))
      extra = present[i];
  if (extra)
    return Stop{*extra, "UnknownMember",
                std::string(*extra) + " is not a member of " + std::string(operation_name(*op)) + "'s input."};
  if (!members->required.empty() &&
      std::find(present.begin(), present.end(), members->required) == present.end())
    return missing(members->required, in_input);

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
    case OperationId::ListQueues: {
      ListQueuesRequest r;
      if (auto e = set_queue_listing(in, r)) return *e;
      if (in.queue_name_prefix) {
        auto prefix = QueueNamePrefix::parse(*in.queue_name_prefix);
        if (!prefix) return prefix.error();
        r.queue_name_prefix = *prefix;
      }
      encode_into(r, *endpoint, request);
      break;
    }
    case OperationId::GetQueueUrl: {
      auto name = QueueName::parse(*in.queue_name);
      if (!name) return name.error();
      GetQueueUrlRequest r{*name, std::nullopt};
      if (in.queue_owner) {
        auto owner = AccountId::parse(*in.queue_owner);
        if (!owner) return owner.error();
        r.queue_owner_aws_account_id = *owner;
      }
      encode_into(r, *endpoint, request);
      break;
    }
    case OperationId::GetQueueAttributes: {
      auto url = QueueUrl::parse(*in.queue_url);
      if (!url) return url.error();
      GetQueueAttributesRequest r{*url, std::nullopt};
      if (in.attribute_names) {
        r.attribute_names.emplace();
        for (std::string_view name : *in.attribute_names) {
          auto a = parse_queue_attribute(name);
          if (!a) return a.error();
          r.attribute_names->push_back(*a);
        }
      }
      encode_into(r, *endpoint, request);
      break;
    }
    case OperationId::ListDeadLetterSourceQueues: {
      auto url = QueueUrl::parse(*in.queue_url);
      if (!url) return url.error();
      ListDeadLetterSourceQueuesRequest r{*url, std::nullopt, std::nullopt};
      if (auto e = set_queue_listing(in, r)) return *e;
      encode_into(r, *endpoint, request);
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
