// The CLI's JSON renderings, one per type, used by every command that prints the type as JSON.
// Members named as in AWS are left out when absent, as the service leaves them out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "redrive/error.hpp"
#include "redrive/http.hpp"
#include "redrive/json_write.hpp"
#include "redrive/model.hpp"
#include "redrive/queue_model.hpp"
#include "redrive/service_error.hpp"

namespace redrive::cli {

// `"name":`, after a comma unless it is the object's first member.
inline void append_key(std::string& out, bool& first, std::string_view name) {
  if (!first) out += ',';
  first = false;
  append_json_string(out, name);
  out += ':';
}

// `"name":value` when `v` holds a string or an integer; nothing when it is empty.
template <class T>
void append_optional(std::string& out, bool& first, std::string_view name, const std::optional<T>& v) {
  if (!v) return;
  append_key(out, first, name);
  if constexpr (std::is_integral_v<T>) append_json_int(out, static_cast<std::int64_t>(*v));
  else append_json_string(out, std::string_view(*v));
}

// A string, or null when it is empty (a value the response did not carry).
inline void append_string_or_null(std::string& out, std::string_view s) {
  if (s.empty()) out += "null";
  else append_json_string(out, s);
}

// ---- HttpRequest ------------------------------------------------------------------------------

// "method","scheme","host","path","headers":{name:value,...},"body" (the members, no braces).
inline void append_members(std::string& out, const HttpRequest& r) {
  out += R"("method":)";
  append_json_string(out, r.method);
  out += R"(,"scheme":)";
  append_json_string(out, r.scheme);
  out += R"(,"host":)";
  append_json_string(out, r.host);
  out += R"(,"path":)";
  append_json_string(out, r.path);
  out += R"(,"headers":{)";
  for (std::size_t i = 0; i < r.headers.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, r.headers[i].name);
    out += ':';
    append_json_string(out, r.headers[i].value);
  }
  out += R"(},"body":)";
  append_json_string(out, r.body);
}

inline void append_json(std::string& out, const HttpRequest& r) {
  out += '{';
  append_members(out, r);
  out += '}';
}

// ---- ServiceError -----------------------------------------------------------------------------

// "code","message","http_status","fault","throttling","transient","retryable","query_code",
// "query_type","request_id" (the members of the "error" object); values the response did not
// carry are null.
inline void append_members(std::string& out, const ServiceError& e) {
  out += R"("code":)";
  append_json_string(out, e.name);
  out += R"(,"message":)";
  append_string_or_null(out, e.message);
  out += R"(,"http_status":)";
  append_json_int(out, e.http_status);
  out += R"(,"fault":)";
  append_json_string(out, to_string(e.fault()));
  out += R"(,"throttling":)";
  out += e.is_throttling() ? "true" : "false";
  out += R"(,"transient":)";
  out += e.is_transient() ? "true" : "false";
  out += R"(,"retryable":)";
  out += e.is_retryable() ? "true" : "false";
  out += R"(,"query_code":)";
  append_string_or_null(out, e.query_code);
  out += R"(,"query_type":)";
  append_string_or_null(out, e.query_type);
  out += R"(,"request_id":)";
  append_string_or_null(out, e.request_id);
}

// {"error":{...}}
inline void append_json(std::string& out, const ServiceError& e) {
  out += R"({"error":{)";
  append_members(out, e);
  out += "}}";
}

// ---- results ----------------------------------------------------------------------------------

template <class S>
void append_json(std::string& out, const BasicStartMessageMoveTaskResult<S>& r) {
  bool first = true;
  out += '{';
  append_optional(out, first, "TaskHandle", r.task_handle);
  out += '}';
}

template <class S>
void append_json(std::string& out, const BasicCancelMessageMoveTaskResult<S>& r) {
  bool first = true;
  out += '{';
  append_optional(out, first, "ApproximateNumberOfMessagesMoved", r.approximate_number_of_messages_moved);
  out += '}';
}

// A list entry: its members in model order.
template <class S>
void append_json(std::string& out, const BasicListMessageMoveTasksResultEntry<S>& e) {
  bool first = true;
  out += '{';
  append_optional(out, first, "TaskHandle", e.task_handle);
  append_optional(out, first, "Status", e.status);
  append_optional(out, first, "SourceArn", e.source_arn);
  append_optional(out, first, "DestinationArn", e.destination_arn);
  append_optional(out, first, "MaxNumberOfMessagesPerSecond", e.max_number_of_messages_per_second);
  append_optional(out, first, "ApproximateNumberOfMessagesMoved", e.approximate_number_of_messages_moved);
  append_optional(out, first, "ApproximateNumberOfMessagesToMove", e.approximate_number_of_messages_to_move);
  append_optional(out, first, "FailureReason", e.failure_reason);
  append_optional(out, first, "StartedTimestamp", e.started_timestamp);
  out += '}';
}

template <class S>
void append_json(std::string& out, const BasicListMessageMoveTasksResult<S>& r) {
  out += '{';
  if (r.results) {
    out += R"("Results":[)";
    for (std::size_t i = 0; i < r.results->size(); ++i) {
      if (i) out += ',';
      append_json(out, (*r.results)[i]);
    }
    out += ']';
  }
  out += '}';
}

// ---- queue results ----------------------------------------------------------------------------

// `"name":["a","b"]` when `v` holds a list; nothing when it is empty.
template <class S>
void append_optional(std::string& out, bool& first, std::string_view name, const std::optional<std::vector<S>>& v) {
  if (!v) return;
  append_key(out, first, name);
  out += '[';
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (i) out += ',';
    append_json_string(out, std::string_view((*v)[i]));
  }
  out += ']';
}

template <class S>
void append_json(std::string& out, const BasicListQueuesResult<S>& r) {
  bool first = true;
  out += '{';
  append_optional(out, first, "QueueUrls", r.queue_urls);
  append_optional(out, first, "NextToken", r.next_token);
  out += '}';
}

template <class S>
void append_json(std::string& out, const BasicGetQueueUrlResult<S>& r) {
  bool first = true;
  out += '{';
  append_optional(out, first, "QueueUrl", r.queue_url);
  out += '}';
}

// Attributes in the response's order (a repeated name twice, the last value counting).
template <class S>
void append_json(std::string& out, const BasicGetQueueAttributesResult<S>& r) {
  out += '{';
  if (r.attributes) {
    out += R"("Attributes":{)";
    for (std::size_t i = 0; i < r.attributes->size(); ++i) {
      if (i) out += ',';
      append_json_string(out, std::string_view((*r.attributes)[i].first));
      out += ':';
      append_json_string(out, std::string_view((*r.attributes)[i].second));
    }
    out += '}';
  }
  out += '}';
}

template <class S>
void append_json(std::string& out, const BasicListDeadLetterSourceQueuesResult<S>& r) {
  bool first = true;
  out += '{';
  append_optional(out, first, "queueUrls", r.queue_urls);
  append_optional(out, first, "NextToken", r.next_token);
  out += '}';
}

// ---- input errors -----------------------------------------------------------------------------

// {"error":{"field":"Region","code":"Missing","offset":0,"message":"..."}}
inline void append_field_error(std::string& out, std::string_view field, std::string_view code, std::uint32_t offset,
                               std::string_view message) {
  out += R"({"error":{"field":)";
  append_json_string(out, field);
  out += R"(,"code":)";
  append_json_string(out, code);
  out += R"(,"offset":)";
  append_json_int(out, offset);
  out += R"(,"message":)";
  append_json_string(out, message);
  out += "}}";
}

// A validation error: {"error":{"field":"SourceArn","code":"BadAccount","offset":26,"message":"..."}}
inline void append_json(std::string& out, const Error& e) {
  append_field_error(out, field_name(e.field), code_name(e.code), e.offset, e.message());
}

// {"error":{"code":"MalformedInput","message":"..."}} for an input line that is not the expected JSON.
inline void append_input_error(std::string& out, std::string_view message) {
  out += R"({"error":{"code":"MalformedInput","message":)";
  append_json_string(out, message);
  out += "}}";
}

}  // namespace redrive::cli
