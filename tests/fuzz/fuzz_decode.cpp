// Every decoder on arbitrary status, headers and body. Checked:
//  - decoding in place (padded body) and from a copy give the same result or the same error, and a
//    Decoder that decoded something else before gives it too;
//  - a non-2xx status is always an error, equal to decode_error(), carrying the status and
//    request id;
//  - a body that an independent JSON parser (nlohmann-json) rejects is MalformedResponse for a
//    2xx status, and contributes nothing to the error of another status;
//  - when that parser accepts the body, the results agree with it:
//    each string member is byte-equal to what nlohmann extracts, integers are equal, a member of
//    the wrong type or range is MalformedResponse, and an error body's message and name come from
//    the members nlohmann sees;
//  - on a decoded GetQueueAttributes result, the typed readers (queue_arn, fifo, the counts, the
//    redrive policies) give the same answer twice, in place, from a copy and on the owned copy, and
//    accept exactly what queue_attributes.hpp documents (a policy as nlohmann reads its text).
// Input: FuzzedDataProvider picks the operation, status, headers and padding; the rest is the body.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>
#include <redrive.hpp>
#include <redrive/decode.hpp>
#include <redrive/retry.hpp>
#include <redrive/service_error.hpp>

#include "fuzz_check.hpp"

using namespace redrive;
using nlohmann::json;

namespace {

// nlohmann parse plus what the comparison must know: whether any object repeats a key (redrive
// reports a wrongly typed earlier duplicate that nlohmann's "last wins" hides) and the depth
// (simdjson stops at 1024 levels, nlohmann does not).
struct Oracle {
  json value;
  bool accepted = false;
  bool duplicate_keys = false;
  std::size_t max_depth = 0;
};

Oracle parse_oracle(std::string_view body) {
  Oracle o;
  std::vector<std::set<std::string>> keys;
  std::size_t depth = 0;
  auto callback = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        keys.emplace_back();
        [[fallthrough]];
      case json::parse_event_t::array_start:
        if (++depth > o.max_depth) o.max_depth = depth;
        break;
      case json::parse_event_t::object_end:
        if (!keys.empty()) keys.pop_back();
        [[fallthrough]];
      case json::parse_event_t::array_end:
        if (depth) --depth;
        break;
      case json::parse_event_t::key:
        if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second) o.duplicate_keys = true;
        break;
      case json::parse_event_t::value:
        break;
    }
    return true;
  };
  o.value = json::parse(body.begin(), body.end(), callback, /*allow_exceptions=*/false);
  // nlohmann stops at a NUL byte as if the input ended there; raw NUL is never valid JSON.
  o.accepted = !o.value.is_discarded() && body.find('\0') == std::string_view::npos;
  return o;
}

// What an int64 member should decode to: the value, or nullopt when it is not an int64 integer.
std::optional<std::int64_t> as_int64(const json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned()) return v.get<std::int64_t>();
  if (v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v.get<std::uint64_t>());
  return std::nullopt;
}

// A member as nlohmann sees it, against redrive's value `got` (checked only when given). Returns
// false when the member makes the response malformed (wrong type, out of range).
bool string_member(const json& obj, const char* name, const std::optional<std::string_view>* got) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) {
    if (got) FUZZ_CHECK(!got->has_value());
    return true;
  }
  if (!it->is_string()) return false;
  if (got) FUZZ_CHECK(got->has_value() && **got == it->get_ref<const std::string&>());
  return true;
}

template <class T>
bool int_member(const json& obj, const char* name, const std::optional<T>* got) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) {
    if (got) FUZZ_CHECK(!got->has_value());
    return true;
  }
  auto n = as_int64(*it);
  if (!n || *n < std::numeric_limits<T>::min() || *n > std::numeric_limits<T>::max()) return false;
  if (got) FUZZ_CHECK(got->has_value() && **got == *n);
  return true;
}

// Whether the body (as nlohmann sees it) is a valid output of the operation; with a result,
// also checks its members against nlohmann's.
bool start_ok(const json& obj, const StartMessageMoveTaskResult* r) {
  return string_member(obj, "TaskHandle", r ? &r->task_handle : nullptr);
}
bool cancel_ok(const json& obj, const CancelMessageMoveTaskResult* r) {
  return int_member<std::int64_t>(obj, "ApproximateNumberOfMessagesMoved",
                                  r ? &r->approximate_number_of_messages_moved : nullptr);
}
bool entry_ok(const json& obj, const ListMessageMoveTasksResultEntry* e) {
  bool ok = true;
  ok &= string_member(obj, "TaskHandle", e ? &e->task_handle : nullptr);
  ok &= string_member(obj, "Status", e ? &e->status : nullptr);
  ok &= string_member(obj, "SourceArn", e ? &e->source_arn : nullptr);
  ok &= string_member(obj, "DestinationArn", e ? &e->destination_arn : nullptr);
  ok &= int_member<std::int32_t>(obj, "MaxNumberOfMessagesPerSecond", e ? &e->max_number_of_messages_per_second : nullptr);
  ok &= int_member<std::int64_t>(obj, "ApproximateNumberOfMessagesMoved",
                                 e ? &e->approximate_number_of_messages_moved : nullptr);
  ok &= int_member<std::int64_t>(obj, "ApproximateNumberOfMessagesToMove",
                                 e ? &e->approximate_number_of_messages_to_move : nullptr);
  ok &= string_member(obj, "FailureReason", e ? &e->failure_reason : nullptr);
  ok &= int_member<std::int64_t>(obj, "StartedTimestamp", e ? &e->started_timestamp : nullptr);
  return ok;
}
bool list_ok(const json& obj, const ListMessageMoveTasksResult* r) {
  auto it = obj.find("Results");
  if (it == obj.end() || it->is_null()) {
    if (r) FUZZ_CHECK(!r->results.has_value());
    return true;
  }
  if (!it->is_array()) return false;
  for (const auto& entry : *it)
    if (!entry.is_object() || !entry_ok(entry, nullptr)) return false;
  if (r) {
    FUZZ_CHECK(r->results.has_value() && r->results->size() == it->size());
    for (std::size_t i = 0; i < it->size(); ++i) entry_ok((*it)[i], &(*r->results)[i]);
  }
  return true;
}

// A list of strings (QueueUrls, queueUrls): absent or null, or an array of strings only.
bool string_list(const json& obj, const char* name, const std::optional<std::vector<std::string_view>>* got) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) {
    if (got) FUZZ_CHECK(!got->has_value());
    return true;
  }
  if (!it->is_array()) return false;
  for (const auto& item : *it)
    if (!item.is_string()) return false;
  if (got) {
    FUZZ_CHECK(got->has_value() && (*got)->size() == it->size());
    for (std::size_t i = 0; i < it->size(); ++i) FUZZ_CHECK((**got)[i] == (*it)[i].get_ref<const std::string&>());
  }
  return true;
}

bool list_queues_ok(const json& obj, const ListQueuesResult* r) {
  bool ok = string_list(obj, "QueueUrls", r ? &r->queue_urls : nullptr);
  return string_member(obj, "NextToken", r ? &r->next_token : nullptr) && ok;
}
bool queue_url_ok(const json& obj, const GetQueueUrlResult* r) {
  return string_member(obj, "QueueUrl", r ? &r->queue_url : nullptr);
}
bool dead_letter_sources_ok(const json& obj, const ListDeadLetterSourceQueuesResult* r) {
  bool ok = string_list(obj, "queueUrls", r ? &r->queue_urls : nullptr);
  return string_member(obj, "NextToken", r ? &r->next_token : nullptr) && ok;
}
// Attributes: absent or null, or an object of strings only. redrive keeps every pair in order
// (a repeated name too), so the distinct names must be nlohmann's and each lookup its value.
bool attributes_ok(const json& obj, const GetQueueAttributesResult* r) {
  auto it = obj.find("Attributes");
  if (it == obj.end() || it->is_null()) {
    if (r) FUZZ_CHECK(!r->attributes.has_value());
    return true;
  }
  if (!it->is_object()) return false;
  for (const auto& [key, value] : it->items())
    if (!value.is_string()) return false;
  if (r) {
    FUZZ_CHECK(r->attributes.has_value());
    std::set<std::string_view> names;
    for (const auto& [key, value] : *r->attributes) {
      FUZZ_CHECK(it->contains(std::string(key)));
      names.insert(key);
    }
    FUZZ_CHECK(names.size() == it->size());
    for (const auto& [key, value] : it->items()) FUZZ_CHECK(r->attribute(key) == value.get_ref<const std::string&>());
  }
  return true;
}

bool output_ok(const json& obj, const StartMessageMoveTaskResult* r) { return start_ok(obj, r); }
bool output_ok(const json& obj, const CancelMessageMoveTaskResult* r) { return cancel_ok(obj, r); }
bool output_ok(const json& obj, const ListMessageMoveTasksResult* r) { return list_ok(obj, r); }
bool output_ok(const json& obj, const ListQueuesResult* r) { return list_queues_ok(obj, r); }
bool output_ok(const json& obj, const GetQueueUrlResult* r) { return queue_url_ok(obj, r); }
bool output_ok(const json& obj, const GetQueueAttributesResult* r) { return attributes_ok(obj, r); }
bool output_ok(const json& obj, const ListDeadLetterSourceQueuesResult* r) { return dead_letter_sources_ok(obj, r); }

// ---- The typed readers of GetQueueAttributes' values, against what queue_attributes.hpp documents.

// Decimal digits only, as int64 (leading zeros allowed); nullopt otherwise or past INT64_MAX.
std::optional<std::int64_t> decimal_int64(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, c - '0', &v)) return std::nullopt;
  }
  return v;
}

// A policy text as nlohmann reads it: the object, or nullopt when it is not a JSON object.
// `exact` is false when the text repeats a key or nests deeper than simdjson reads: then only an
// accepted policy is compared.
struct PolicyOracle {
  std::optional<json> object;
  bool exact = true;
};
PolicyOracle policy_oracle(std::string_view text) {
  Oracle o = parse_oracle(text);
  PolicyOracle p;
  p.exact = !o.duplicate_keys && o.max_depth < 1000;
  if (o.accepted && o.value.is_object()) p.object = std::move(o.value);
  return p;
}

// RedrivePolicy: a string deadLetterTargetArn that is a queue ARN, and a maxReceiveCount that is
// an integer or a string of at most 18 decimal digits, from 1 to INT_MAX.
std::optional<RedrivePolicy> expected_redrive_policy(const json& o) {
  auto target = o.find("deadLetterTargetArn");
  auto count = o.find("maxReceiveCount");
  if (target == o.end() || !target->is_string() || count == o.end()) return std::nullopt;
  auto arn = QueueArn::parse(target->get_ref<const std::string&>());
  if (!arn) return std::nullopt;
  std::optional<std::int64_t> n = as_int64(*count);
  if (count->is_string() && count->get_ref<const std::string&>().size() <= 18)
    n = decimal_int64(count->get_ref<const std::string&>());
  if (!n || *n < 1 || *n > std::numeric_limits<int>::max()) return std::nullopt;
  return RedrivePolicy{*arn, static_cast<int>(*n)};
}

// RedriveAllowPolicy: redrivePermission allowAll, denyAll or byQueue; sourceQueueArns, when
// present, an array of queue ARN strings, kept only for byQueue.
std::optional<RedriveAllowPolicy> expected_allow_policy(const json& o) {
  auto permission = o.find("redrivePermission");
  if (permission == o.end() || !permission->is_string()) return std::nullopt;
  RedriveAllowPolicy out{RedrivePermission::ByQueue, {}};
  const std::string& p = permission->get_ref<const std::string&>();
  if (p == "allowAll") out.redrive_permission = RedrivePermission::AllowAll;
  else if (p == "denyAll") out.redrive_permission = RedrivePermission::DenyAll;
  else if (p != "byQueue") return std::nullopt;
  if (auto sources = o.find("sourceQueueArns"); sources != o.end()) {
    if (!sources->is_array()) return std::nullopt;
    for (const auto& item : *sources) {
      if (!item.is_string()) return std::nullopt;
      auto arn = QueueArn::parse(item.get_ref<const std::string&>());
      if (!arn) return std::nullopt;
      if (out.redrive_permission == RedrivePermission::ByQueue) out.source_queue_arns.push_back(*arn);
    }
  }
  return out;
}

// A policy reading against the oracle: accepted exactly when the rules hold on what nlohmann
// sees (always, when it is accepted), with the same value; an error on `field` within the text.
template <class T>
void check_policy(const std::expected<std::optional<T>, Error>& got, std::optional<std::string_view> raw, Field field,
                  std::optional<T> (*expected_of)(const json&)) {
  if (!raw) {
    FUZZ_CHECK(got && !got->has_value());
    return;
  }
  PolicyOracle o = policy_oracle(*raw);
  std::optional<T> expected = o.object ? expected_of(*o.object) : std::nullopt;
  if (got) {
    FUZZ_CHECK(got->has_value() && expected.has_value() && **got == *expected);
    return;
  }
  FUZZ_CHECK(got.error().field == field);
  FUZZ_CHECK(got.error().offset <= raw->size());
  if (o.exact) FUZZ_CHECK(!expected.has_value());
}

// Every typed reader of a decoded result: the documented rules, the same answer twice, and the
// same answer on the other decoder's result and on the owned copy.
void check_typed_attributes(const GetQueueAttributesResult& r, const GetQueueAttributesResult& other) {
  const auto owned = r.to_owned();
  auto same = [&](auto read) {
    auto first = read(r);
    FUZZ_CHECK(first == read(r));
    FUZZ_CHECK(first == read(other));
    FUZZ_CHECK(first == read(owned));
    return first;
  };
  auto raw = [&](QueueAttribute a) { return r.attribute(a); };

  auto arn = same([](const auto& x) { return x.queue_arn(); });
  if (auto v = raw(QueueAttribute::QueueArn)) {
    auto expected = QueueArn::parse(*v, Field::Attributes);
    FUZZ_CHECK(arn.has_value() == expected.has_value());
    if (arn) FUZZ_CHECK(arn->has_value() && (*arn)->str() == *v);
    else FUZZ_CHECK(arn.error() == expected.error());
  } else {
    FUZZ_CHECK(arn && !arn->has_value());
  }

  auto fifo = same([](const auto& x) { return x.fifo(); });
  if (auto v = raw(QueueAttribute::FifoQueue)) {
    FUZZ_CHECK(fifo.has_value() == (*v == "true" || *v == "false"));
    if (fifo) FUZZ_CHECK(**fifo == (*v == "true"));
    else FUZZ_CHECK(fifo.error().field == Field::Attributes);
  } else {
    FUZZ_CHECK(fifo && !fifo->has_value());
  }

  auto count = [&](QueueAttribute a, const std::expected<std::optional<std::int64_t>, Error>& got) {
    if (auto v = raw(a)) {
      auto expected = decimal_int64(*v);
      FUZZ_CHECK(got.has_value() == expected.has_value());
      if (got) FUZZ_CHECK(**got == *expected);
      else FUZZ_CHECK(got.error().field == Field::Attributes && got.error().offset <= v->size());
    } else {
      FUZZ_CHECK(got && !got->has_value());
    }
  };
  count(QueueAttribute::ApproximateNumberOfMessages, same([](const auto& x) { return x.approximate_number_of_messages(); }));
  count(QueueAttribute::ApproximateNumberOfMessagesNotVisible,
        same([](const auto& x) { return x.approximate_number_of_messages_not_visible(); }));
  count(QueueAttribute::ApproximateNumberOfMessagesDelayed,
        same([](const auto& x) { return x.approximate_number_of_messages_delayed(); }));

  check_policy<RedrivePolicy>(same([](const auto& x) { return x.redrive_policy(); }), raw(QueueAttribute::RedrivePolicy),
                              Field::RedrivePolicy, expected_redrive_policy);
  check_policy<RedriveAllowPolicy>(same([](const auto& x) { return x.redrive_allow_policy(); }),
                                   raw(QueueAttribute::RedriveAllowPolicy), Field::RedriveAllowPolicy,
                                   expected_allow_policy);
}

void check_service_error(const ServiceError& e, const HttpResponse& response) {
  FUZZ_CHECK(e.http_status == response.status);
  FUZZ_CHECK(e.request_id == detail::request_id_of(response));
  FUZZ_CHECK(!e.name.empty());
  if (e.code == ServiceErrc::Unknown) FUZZ_CHECK(service_errc_from(e.name) == ServiceErrc::Unknown);
  else if (e.code != ServiceErrc::MalformedResponse) FUZZ_CHECK(code_name(e.code) == e.name);
  // Classification and retry decisions are total.
  (void)e.fault();
  auto kind = retry_kind(e);
  FUZZ_CHECK(e.is_retryable() == (kind != RetryKind::NotRetryable));
  auto decision = decide_retry(RetryPolicy{}, 1, e, 0.5, retry_after_hint(response));
  FUZZ_CHECK(decision.retry == e.is_retryable());
  FUZZ_CHECK(decision.delay.count() >= 0);
}

// The error's message and name as nlohmann sees the error body (when it is an object).
void check_error_body(const ServiceError& e, const HttpResponse& response, const json& body) {
  if (!body.is_object()) {
    FUZZ_CHECK(e.message.empty());
    return;
  }
  auto str = [&](const char* name) -> std::optional<std::string> {
    auto it = body.find(name);
    if (it == body.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  std::string expected_message;
  if (auto upper = str("Message"); upper && !upper->empty()) expected_message = *upper;
  else if (auto lower = str("message")) expected_message = *lower;
  FUZZ_CHECK(e.message == expected_message);

  // The name, when it comes from a string member: x-amzn-query-error (non-empty code) first, then
  // a "code" member in any case (only one spelling present, to stay clear of the first-spelling
  // rule), then x-amzn-errortype, then __type.
  if (auto q = response.header("x-amzn-query-error"); q && !q->substr(0, q->find(';')).empty()) return;
  const json* code = nullptr;
  int code_members = 0;
  for (auto it = body.begin(); it != body.end(); ++it)
    if (detail::iequals(it.key(), "code")) {
      ++code_members;
      code = &it.value();
    }
  if (code_members > 1) return;
  std::optional<std::string> id;
  if (code && code->is_string()) id = code->get<std::string>();
  else if (code && code->is_number()) return;  // the raw number token is kept; nlohmann re-prints it
  else if (auto t = response.header("x-amzn-errortype")) id = std::string(*t);
  else if (auto type = body.find("__type"); type != body.end()) {
    if (type->is_string()) id = type->get<std::string>();
    else if (type->is_number()) return;
  }
  std::string_view name = id ? detail::sanitize_error_code(*id) : std::string_view();
  if (name.empty()) name = "Unknown";
  if (const auto* shape = detail::find_sqs_shape(name)) name = shape->name;
  FUZZ_CHECK(e.name == name);
}

std::string owned_summary(const ServiceError& e) {
  return std::string(code_name(e.code)) + "|" + e.name + "|" + e.message + "|" + std::to_string(e.http_status) + "|" +
         e.request_id + "|" + e.query_code + "|" + e.query_type;
}

template <class R>
void check_operation(Decoder& fresh, Decoder& used, const HttpResponse& response, std::string_view padded_body,
                     std::size_t padding, const Oracle& oracle) {
  auto copied = fresh.decode<R>(response);
  HttpResponse in_place = response;
  in_place.body = padded_body;
  auto direct = used.decode<R>(in_place, padding);
  FUZZ_CHECK(copied.has_value() == direct.has_value());
  if (copied) {
    FUZZ_CHECK(copied->to_owned() == direct->to_owned());
    if constexpr (std::is_same_v<R, GetQueueAttributesResult>) check_typed_attributes(*copied, *direct);
  } else FUZZ_CHECK(owned_summary(copied.error()) == owned_summary(direct.error()));

  bool success_status = response.status >= 200 && response.status <= 299;
  if (!success_status) {
    FUZZ_CHECK(!copied);
    FUZZ_CHECK(copied.error() == fresh.decode_error(response));
    check_service_error(copied.error(), response);
    // A body that is not JSON contributes nothing: the error is the headers' and the status's.
    if (!oracle.accepted)
      FUZZ_CHECK(copied.error() == detail::resolve_service_error(response, detail::ErrorBody{}));
    if (oracle.accepted && !oracle.duplicate_keys && oracle.max_depth < 1000)
      check_error_body(copied.error(), response, oracle.value);
    return;
  }
  if (!copied) {
    FUZZ_CHECK(copied.error().code == ServiceErrc::MalformedResponse);
    check_service_error(copied.error(), response);
  }
  if (response.body.empty()) {
    FUZZ_CHECK(copied && copied->to_owned() == R{}.to_owned());
    return;
  }
  // A body the independent parser rejects is not JSON, so it is never the operation's output.
  if (!oracle.accepted) {
    FUZZ_CHECK(!copied);
    return;
  }
  if (oracle.max_depth >= 1000) return;
  const json& v = oracle.value;
  if (v.is_null()) {
    FUZZ_CHECK(copied && copied->to_owned() == R{}.to_owned());
    return;
  }
  if (!v.is_object()) {
    FUZZ_CHECK(!copied);
    return;
  }
  bool valid = output_ok(v, static_cast<const R*>(nullptr));
  if (oracle.duplicate_keys) {
    // nlohmann kept only the last of each repeated key: a success must still agree with it.
    if (copied && valid) output_ok(v, &*copied);
    return;
  }
  FUZZ_CHECK(copied.has_value() == valid);
  if (copied) output_ok(v, &*copied);
}

constexpr std::string_view header_names[] = {
    "x-amzn-RequestId", "x-amzn-requestid", "x-amz-request-id", "x-amzn-query-error", "X-Amzn-Query-Error",
    "x-amzn-errortype", "content-type", "x-amz-retry-after", "retry-after", "date",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Decoder fresh_decoder;  // decodes from a copy of the body
  static Decoder used_decoder;   // decodes in place, after another decode
  FuzzedDataProvider in(data, size);
  int operation = in.ConsumeIntegralInRange(0, 6);
  int status = in.ConsumeBool() ? 200 : in.ConsumeIntegralInRange(-1, 600);
  std::vector<std::string> names, values;
  int header_count = in.ConsumeIntegralInRange(0, 4);
  for (int i = 0; i < header_count; ++i) {
    std::uint8_t pick = in.ConsumeIntegral<std::uint8_t>();
    names.push_back(pick < std::size(header_names) ? std::string(header_names[pick]) : in.ConsumeRandomLengthString(16));
    values.push_back(in.ConsumeRandomLengthString(64));
  }
  std::vector<HeaderView> headers;
  for (std::size_t i = 0; i < names.size(); ++i) headers.push_back({names[i], values[i]});
  std::size_t padding = required_padding + in.ConsumeIntegralInRange<std::size_t>(0, 8);
  char padding_byte = in.ConsumeIntegral<char>();
  std::string body = in.ConsumeRemainingBytesAsString();

  // The body again, followed by `padding` junk bytes (the decoder may read, never use, them).
  std::string padded = body + std::string(padding, padding_byte);
  HttpResponse response{status, headers, body};
  Oracle oracle = parse_oracle(body);

  // Leave the in-place decoder holding another result first.
  static const std::string other = R"({"Results":[{"TaskHandle":"h","Status":"RUNNING"}],"TaskHandle":"x"})";
  (void)used_decoder.decode<ListMessageMoveTasksResult>(HttpResponse{200, {}, other});

  std::string_view padded_body(padded.data(), body.size());
  switch (operation) {
    case 0:
      check_operation<StartMessageMoveTaskResult>(fresh_decoder, used_decoder, response, padded_body, padding, oracle);
      break;
    case 1:
      check_operation<CancelMessageMoveTaskResult>(fresh_decoder, used_decoder, response, padded_body, padding, oracle);
      break;
    case 2:
      check_operation<ListMessageMoveTasksResult>(fresh_decoder, used_decoder, response, padded_body, padding, oracle);
      break;
    case 3:
      check_operation<ListQueuesResult>(fresh_decoder, used_decoder, response, padded_body, padding, oracle);
      break;
    case 4:
      check_operation<GetQueueUrlResult>(fresh_decoder, used_decoder, response, padded_body, padding, oracle);
      break;
    case 5:
      check_operation<GetQueueAttributesResult>(fresh_decoder, used_decoder, response, padded_body, padding, oracle);
      break;
    default:
      check_operation<ListDeadLetterSourceQueuesResult>(fresh_decoder, used_decoder, response, padded_body, padding,
                                                        oracle);
      break;
  }
  return 0;
}
