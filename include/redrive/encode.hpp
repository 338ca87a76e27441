// AWS JSON 1.0 requests for the operations of operations.hpp, byte for byte what the AWS SDK for JavaScript v3
// sends (docs/wire.md#requests): POST /, content-type application/x-amz-json-1.0, x-amz-target
// AmazonSQS.<Operation>, x-amzn-query-mode true, content-length, and a JSON body with the present
// members in model order. Unsigned: SigV4 (sigv4.hpp) adds x-amz-date and authorization.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "redrive/detail/json_write.hpp"
#include "redrive/endpoint.hpp"
#include "redrive/http.hpp"
#include "redrive/model.hpp"
#include "redrive/operations.hpp"

namespace redrive {

inline constexpr std::string_view json_content_type = "application/x-amz-json-1.0";

// Kept for code written against earlier versions: RequestTraits<R>::operation and ::target are
// Operation<R>::name and ::target (operations.hpp).
template <class Request>
struct RequestTraits {
  static constexpr std::string_view operation = Operation<Request>::name;
  static constexpr std::string_view target = Operation<Request>::target;
};
namespace detail {
inline char* put(char* p, std::string_view s) noexcept {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}
inline char* put_decimal(char* p, int v, std::size_t digits) noexcept {
  for (std::size_t i = digits; i-- > 0; v /= 10) p[i] = static_cast<char>('0' + v % 10);
  return p + digits;
}
// Appends exactly `n` bytes written by `write(char*) -> char* end`, growing `out` at most once.
template <class Write>
inline void append_exact(std::string& out, std::size_t n, Write write) {
  std::size_t old = out.size();
#if defined(__cpp_lib_string_resize_and_overwrite)
  // Returns old + n, not the size argument: libstdc++ 12 passes the grown capacity there.
  out.resize_and_overwrite(old + n, [&](char* buf, std::size_t) noexcept {
    write(buf + old);
    return old + n;
  });
#else
  out.resize(old + n);
  write(out.data() + old);
#endif
}
}  // namespace detail

// ---- bodies: appended to `out`, which is not cleared; no allocation when `out` has room --------
// Queue ARNs need no JSON escaping: a QueueArn holds only [A-Za-z0-9_.:-] (types.hpp), so they are
// copied as they are. TaskHandle is free text and is escaped as JSON.stringify escapes it.

inline void encode_body(const StartMessageMoveTaskRequest& r, std::string& out) {
  constexpr std::string_view k_source = R"({"SourceArn":")";
  constexpr std::string_view k_destination = R"(","DestinationArn":")";
  constexpr std::string_view k_rate = R"(,"MaxNumberOfMessagesPerSecond":)";
  std::string_view source = r.source().str();
  std::string_view destination = r.destination() ? r.destination()->str() : std::string_view{};
  int rate = r.rate() ? r.rate()->value() : 0;
  std::size_t rate_digits = r.rate() ? detail::decimal_digits(static_cast<std::uint32_t>(rate)) : 0;
  std::size_t n = k_source.size() + source.size() + 2 +
                  (r.destination() ? k_destination.size() + destination.size() : 0) +
                  (r.rate() ? k_rate.size() + rate_digits : 0);
  detail::append_exact(out, n, [&](char* p) {
    p = detail::put(p, k_source);
    p = detail::put(p, source);
    if (r.destination()) {
      p = detail::put(p, k_destination);
      p = detail::put(p, destination);
    }
    *p++ = '"';
    if (r.rate()) {
      p = detail::put(p, k_rate);
      p = detail::put_decimal(p, rate, rate_digits);
    }
    *p++ = '}';
    return p;
  });
}

inline void encode_body(const CancelMessageMoveTaskRequest& r, std::string& out) {
  std::string_view handle = r.task_handle.str();
  out.reserve(out.size() + handle.size() + 16);
  out += R"({"TaskHandle":)";
  detail::append_json_string(out, handle);
  out += '}';
}

inline void encode_body(const ListMessageMoveTasksRequest& r, std::string& out) {
  constexpr std::string_view k_source = R"({"SourceArn":")";
  constexpr std::string_view k_max = R"(,"MaxResults":)";
  std::string_view source = r.source.str();
  int max = r.max_results ? r.max_results->value() : 0;
  std::size_t max_digits = r.max_results ? detail::decimal_digits(static_cast<std::uint32_t>(max)) : 0;
  std::size_t n = k_source.size() + source.size() + 2 + (r.max_results ? k_max.size() + max_digits : 0);
  detail::append_exact(out, n, [&](char* p) {
    p = detail::put(p, k_source);
    p = detail::put(p, source);
    *p++ = '"';
    if (r.max_results) {
      p = detail::put(p, k_max);
      p = detail::put_decimal(p, max, max_digits);
    }
    *p++ = '}';
    return p;
  });
}

// The queue operations: members in model order, each string written as JSON.stringify writes it
// (queue names, URLs, prefixes and account IDs hold nothing to escape; NextToken may).
inline void encode_body(const ListQueuesRequest& r, std::string& out) {
  const std::size_t start = out.size();
  out += '{';
  auto key = [&](std::string_view name) {
    if (out.size() != start + 1) out += ',';
    out += '"';
    out += name;
    out += "\":";
  };
  if (r.queue_name_prefix) {
    key("QueueNamePrefix");
    detail::append_json_string(out, r.queue_name_prefix->str());
  }
  if (r.next_token) {
    key("NextToken");
    detail::append_json_string(out, r.next_token->str());
  }
  if (r.max_results) {
    key("MaxResults");
    detail::append_json_int(out, r.max_results->value());
  }
  out += '}';
}

inline void encode_body(const GetQueueUrlRequest& r, std::string& out) {
  out += R"({"QueueName":)";
  detail::append_json_string(out, r.queue_name.str());
  if (r.queue_owner_aws_account_id) {
    out += R"(,"QueueOwnerAWSAccountId":)";
    detail::append_json_string(out, r.queue_owner_aws_account_id->str());
  }
  out += '}';
}

inline void encode_body(const GetQueueAttributesRequest& r, std::string& out) {
  out += R"({"QueueUrl":)";
  detail::append_json_string(out, r.queue_url.str());
  if (r.attribute_names) {
    out += R"(,"AttributeNames":[)";
    for (std::size_t i = 0; i < r.attribute_names->size(); ++i) {
      if (i) out += ',';
      detail::append_json_string(out, to_string((*r.attribute_names)[i]));
    }
    out += ']';
  }
  out += '}';
}

inline void encode_body(const ListDeadLetterSourceQueuesRequest& r, std::string& out) {
  out += R"({"QueueUrl":)";
  detail::append_json_string(out, r.queue_url.str());
  if (r.next_token) {
    out += R"(,"NextToken":)";
    detail::append_json_string(out, r.next_token->str());
  }
  if (r.max_results) {
    out += R"(,"MaxResults":)";
    detail::append_json_int(out, r.max_results->value());
  }
  out += '}';
}

// ---- whole requests --------------------------------------------------------------------------

namespace detail {
inline void set_header(Header& h, std::string_view name, std::string_view value) {
  h.name.assign(name);
  h.value.assign(value);
}

template <class Request>
void encode_into(const Request& r, const Endpoint& endpoint, HttpRequest& out) {
  out.method.assign("POST");
  out.scheme.assign(endpoint.scheme());
  out.host.assign(endpoint.host());
  out.path.assign(endpoint.path());
  out.body.clear();
  encode_body(r, out.body);
  out.headers.resize(5);
  set_header(out.headers[0], "host", endpoint.host());
  set_header(out.headers[1], "content-type", json_content_type);
  set_header(out.headers[2], "x-amz-target", Operation<Request>::target);
  set_header(out.headers[3], "x-amzn-query-mode", "true");
  out.headers[4].name.assign("content-length");
  out.headers[4].value.clear();
  append_json_int(out.headers[4].value, static_cast<std::int64_t>(out.body.size()));
}
}  // namespace detail

// Overwrites `out` with the request, reusing its strings' capacity: once `out` has held a request
// at least as large, this allocates nothing. Headers, in order: host, content-type, x-amz-target,
// x-amzn-query-mode, content-length (any headers `out` had beyond these are dropped).
inline void encode_into(const StartMessageMoveTaskRequest& r, const Endpoint& e, HttpRequest& out) {
  detail::encode_into(r, e, out);
}
inline void encode_into(const CancelMessageMoveTaskRequest& r, const Endpoint& e, HttpRequest& out) {
  detail::encode_into(r, e, out);
}
inline void encode_into(const ListMessageMoveTasksRequest& r, const Endpoint& e, HttpRequest& out) {
  detail::encode_into(r, e, out);
}
inline void encode_into(const ListQueuesRequest& r, const Endpoint& e, HttpRequest& out) { detail::encode_into(r, e, out); }
inline void encode_into(const GetQueueUrlRequest& r, const Endpoint& e, HttpRequest& out) { detail::encode_into(r, e, out); }
inline void encode_into(const GetQueueAttributesRequest& r, const Endpoint& e, HttpRequest& out) {
  detail::encode_into(r, e, out);
}
inline void encode_into(const ListDeadLetterSourceQueuesRequest& r, const Endpoint& e, HttpRequest& out) {
  detail::encode_into(r, e, out);
}

[[nodiscard]] inline HttpRequest encode(const StartMessageMoveTaskRequest& r, const Endpoint& e) {
  HttpRequest out;
  encode_into(r, e, out);
  return out;
}
[[nodiscard]] inline HttpRequest encode(const CancelMessageMoveTaskRequest& r, const Endpoint& e) {
  HttpRequest out;
  encode_into(r, e, out);
  return out;
}
[[nodiscard]] inline HttpRequest encode(const ListMessageMoveTasksRequest& r, const Endpoint& e) {
  HttpRequest out;
  encode_into(r, e, out);
  return out;
}
[[nodiscard]] inline HttpRequest encode(const ListQueuesRequest& r, const Endpoint& e) {
  HttpRequest out;
  encode_into(r, e, out);
  return out;
}
[[nodiscard]] inline HttpRequest encode(const GetQueueUrlRequest& r, const Endpoint& e) {
  HttpRequest out;
  encode_into(r, e, out);
  return out;
}
[[nodiscard]] inline HttpRequest encode(const GetQueueAttributesRequest& r, const Endpoint& e) {
  HttpRequest out;
  encode_into(r, e, out);
  return out;
}
[[nodiscard]] inline HttpRequest encode(const ListDeadLetterSourceQueuesRequest& r, const Endpoint& e) {
  HttpRequest out;
  encode_into(r, e, out);
  return out;
}

}  // namespace redrive
