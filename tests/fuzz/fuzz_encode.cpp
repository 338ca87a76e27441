// Arbitrary strings in every string member of every request (the queue operations' too). The body must be valid JSON
// (two independent parsers: simdjson and nlohmann-json) that gives back exactly the strings that
// went in, byte-equal to what nlohmann-json serializes for the same members (JSON.stringify's
// escaping), and the headers must describe the body.
//
// Input: byte 0 flags, byte 1 rate / max results, then lines: source ARN, destination ARN,
// endpoint ("https://..." for a custom one, else a region); the rest, newlines included, is the
// task handle and NextToken. A queue URL, queue name, prefix or account ID is the first of these
// texts that is one. Flags: 1 FIPS, 2 dual-stack, 4 destination, 8 rate, 16 MaxResults, 32
// QueueNamePrefix, 64 QueueOwnerAWSAccountId, 128 AttributeNames.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <redrive.hpp>
#include <redrive/encode.hpp>
#include <redrive/endpoint.hpp>
#include <redrive/queue_model.hpp>
#include <redrive/queue_url.hpp>
#include <simdjson.h>

#include "fuzz_check.hpp"

using namespace redrive;

namespace {

std::string_view next_line(std::string_view& rest) {
  std::size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  return line;
}

void check_headers(const HttpRequest& req, const Endpoint& endpoint, std::string_view target) {
  FUZZ_CHECK(req.method == "POST");
  FUZZ_CHECK(req.scheme == endpoint.scheme() && req.host == endpoint.host() && req.path == endpoint.path());
  FUZZ_CHECK(req.header("host") == endpoint.host());
  FUZZ_CHECK(req.header("content-type") == json_content_type);
  FUZZ_CHECK(req.header("x-amz-target") == target);
  FUZZ_CHECK(req.header("x-amzn-query-mode") == "true");
  FUZZ_CHECK(req.header("content-length") == std::to_string(req.body.size()));
  for (const auto& h : req.headers)
    for (char c : h.name) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
}

// Parses the body with both parsers; returns nlohmann's object (already checked to be an object).
nlohmann::ordered_json parse_body(const std::string& body) {
  auto j = nlohmann::ordered_json::parse(body, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!j.is_discarded() && j.is_object());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  FUZZ_CHECK(parser.parse(body).get(doc) == simdjson::SUCCESS);
  simdjson::dom::object obj;
  FUZZ_CHECK(doc.get_object().get(obj) == simdjson::SUCCESS);
  FUZZ_CHECK(obj.size() == j.size());
  for (auto field : obj) {
    FUZZ_CHECK(j.contains(std::string(field.key)));
    const auto& v = j[std::string(field.key)];
    if (v.is_string()) {
      std::string_view s;
      FUZZ_CHECK(field.value.get_string().get(s) == simdjson::SUCCESS);
      FUZZ_CHECK(s == v.get_ref<const std::string&>());
    } else if (v.is_array()) {  // AttributeNames: strings
      simdjson::dom::array items;
      FUZZ_CHECK(field.value.get_array().get(items) == simdjson::SUCCESS && items.size() == v.size());
      std::size_t i = 0;
      for (auto item : items) {
        std::string_view s;
        FUZZ_CHECK(item.get_string().get(s) == simdjson::SUCCESS && v[i].is_string() && s == v[i].get_ref<const std::string&>());
        ++i;
      }
    } else {
      std::int64_t n = 0;
      FUZZ_CHECK(v.is_number_integer() && field.value.get_int64().get(n) == simdjson::SUCCESS);
      FUZZ_CHECK(n == v.get<std::int64_t>());
    }
  }
  return j;
}

template <class Request>
void check_request(const Request& r, const Endpoint& endpoint, const nlohmann::ordered_json& expected,
                   HttpRequest& reused) {
  HttpRequest req = encode(r, endpoint);
  check_headers(req, endpoint, RequestTraits<Request>::target);
  auto j = parse_body(req.body);
  FUZZ_CHECK(j == expected);
  // Byte-equal to a JSON.stringify-style serializer over the same members, in model order.
  FUZZ_CHECK(req.body == expected.dump());
  // Encoding into a request that held another one gives the same bytes.
  encode_into(r, endpoint, reused);
  FUZZ_CHECK(reused == req);
  std::string appended = "prefix";
  encode_body(r, appended);
  FUZZ_CHECK(appended == "prefix" + req.body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  std::uint8_t flags = data[0], number = data[1];
  std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::string_view source_text = next_line(rest);
  std::string_view destination_text = next_line(rest);
  std::string_view endpoint_text = next_line(rest);
  std::string_view handle_text = rest;

  auto endpoint = endpoint_text.starts_with("http") ? Endpoint::custom(endpoint_text)
                                                    : Endpoint::for_region(endpoint_text, {(flags & 1) != 0, (flags & 2) != 0});
  if (!endpoint) endpoint = Endpoint::for_region("us-east-1");
  FUZZ_CHECK(endpoint.has_value());
  HttpRequest reused;  // carries each request's strings into the next encode_into
  reused.headers.resize(7, Header{"x-stale", "stale"});
  reused.body = "stale body";

  auto source = SourceArn::parse(source_text);
  if (source) {
    std::optional<DestinationArn> destination;
    if (flags & 4) {
      if (auto d = DestinationArn::parse(destination_text)) destination = *d;
    }
    std::optional<Rate> rate;
    if (flags & 8) rate = Rate::make(1 + (number * 7 + (flags >> 4)) % 500).value();
    if (auto start = StartMessageMoveTaskRequest::make(*source, destination, rate)) {
      nlohmann::ordered_json expected;
      expected["SourceArn"] = std::string(source->str());
      if (destination) expected["DestinationArn"] = std::string(destination->str());
      if (rate) expected["MaxNumberOfMessagesPerSecond"] = rate->value();
      check_request(*start, *endpoint, expected, reused);
    }
    ListMessageMoveTasksRequest list{*source, std::nullopt};
    if (flags & 16) list.max_results = MaxResults::make(1 + number % 10).value();
    nlohmann::ordered_json expected;
    expected["SourceArn"] = std::string(source->str());
    if (list.max_results) expected["MaxResults"] = list.max_results->value();
    check_request(list, *endpoint, expected, reused);
  }

  // The task handle is free text: try it as given and with every byte folded to 7 bits (so
  // quotes, backslashes and control characters are common, and the text is valid UTF-8).
  std::string folded(handle_text);
  for (char& c : folded) c = static_cast<char>(c & 0x7f);
  for (std::string_view text : {handle_text, std::string_view(folded)}) {
    auto handle = TaskHandle::parse(text);
    if (!handle) continue;
    CancelMessageMoveTaskRequest cancel{*handle};
    nlohmann::ordered_json expected;
    expected["TaskHandle"] = std::string(text);
    check_request(cancel, *endpoint, expected, reused);
  }

  // The queue operations: each value from the first line (or the free text) it accepts.
  std::optional<QueueNamePrefix> prefix;
  std::optional<QueueName> name;
  std::optional<AccountId> account;
  std::optional<QueueUrl> url;
  for (std::string_view text : {source_text, destination_text, endpoint_text, handle_text, std::string_view(folded)}) {
    if (auto v = QueueNamePrefix::parse(text); v && !prefix) prefix = *v;
    if (auto v = QueueName::parse(text); v && !name) name = *v;
    if (auto v = AccountId::parse(text); v && !account) account = *v;
    if (auto v = QueueUrl::parse(text); v && !url) url = *v;
  }
  std::optional<QueueMaxResults> max_results;
  if (flags & 16) max_results = QueueMaxResults::make(1 + (number * 8 + (flags >> 5)) % 1000).value();
  // NextToken is free text (quotes, backslashes, control characters, any UTF-8): as given, folded, or absent.
  for (std::string_view text : {handle_text, std::string_view(folded), std::string_view()}) {
    std::optional<NextToken> token;
    if (auto t = NextToken::parse(text)) token = *t;
    else if (!text.empty()) continue;
    ListQueuesRequest list_queues{(flags & 32) ? prefix : std::nullopt, token, max_results};
    nlohmann::ordered_json expected = nlohmann::ordered_json::object();
    if (list_queues.queue_name_prefix) expected["QueueNamePrefix"] = std::string(prefix->str());
    if (token) expected["NextToken"] = std::string(token->str());
    if (max_results) expected["MaxResults"] = max_results->value();
    check_request(list_queues, *endpoint, expected, reused);
    if (url) {
      ListDeadLetterSourceQueuesRequest sources{*url, token, max_results};
      nlohmann::ordered_json e;
      e["QueueUrl"] = std::string(url->str());
      if (token) e["NextToken"] = std::string(token->str());
      if (max_results) e["MaxResults"] = max_results->value();
      check_request(sources, *endpoint, e, reused);
    }
  }
  if (name) {
    GetQueueUrlRequest get_url{*name, (flags & 64) ? account : std::nullopt};
    nlohmann::ordered_json expected;
    expected["QueueName"] = std::string(name->str());
    if (get_url.queue_owner_aws_account_id) expected["QueueOwnerAWSAccountId"] = std::string(account->str());
    check_request(get_url, *endpoint, expected, reused);
  }
  if (url) {
    GetQueueAttributesRequest attributes{*url, std::nullopt};
    nlohmann::ordered_json expected;
    expected["QueueUrl"] = std::string(url->str());
    if (flags & 128) {  // 0 to 4 names picked by `number`, repeats allowed
      attributes.attribute_names.emplace();
      expected["AttributeNames"] = nlohmann::ordered_json::array();
      for (int i = 0; i < number % 5; ++i) {
        auto a = static_cast<QueueAttribute>((number / 5 + i * 7) % queue_attribute_names.size());
        attributes.attribute_names->push_back(a);
        expected["AttributeNames"].push_back(std::string(to_string(a)));
      }
    }
    check_request(attributes, *endpoint, expected, reused);
  }
  return 0;
}
