#include <doctest/doctest.h>

#include <redrive/encode.hpp>
#include <string>

using namespace redrive;
using namespace redrive::literals;

namespace {
constexpr auto dlq = "arn:aws:sqs:us-east-1:123456789012:dlq"_source_arn;
constexpr auto src = "arn:aws:sqs:us-east-1:123456789012:src"_destination_arn;

Endpoint us_east_1() { return *endpoint_for("us-east-1"); }

StartMessageMoveTaskRequest start(std::optional<DestinationArn> d = std::nullopt, std::optional<int> rate = std::nullopt) {
  std::optional<Rate> r;
  if (rate) r = *Rate::make(*rate);
  return *StartMessageMoveTaskRequest::make(dlq, d, r);
}

CancelMessageMoveTaskRequest cancel(std::string_view handle) { return {*TaskHandle::parse(handle)}; }

std::string body_of(const auto& request) {
  std::string out;
  encode_body(request, out);
  return out;
}
}  // namespace

static_assert(RequestTraits<StartMessageMoveTaskRequest>::target == "AmazonSQS.StartMessageMoveTask");
static_assert(RequestTraits<CancelMessageMoveTaskRequest>::target == "AmazonSQS.CancelMessageMoveTask");
static_assert(RequestTraits<ListMessageMoveTasksRequest>::target == "AmazonSQS.ListMessageMoveTasks");
static_assert(RequestTraits<ListMessageMoveTasksRequest>::operation == "ListMessageMoveTasks");

TEST_CASE("StartMessageMoveTask bodies: members in model order, absent ones left out") {
  CHECK(body_of(start()) == R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq"})");
  CHECK(body_of(start(src)) ==
        R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","DestinationArn":"arn:aws:sqs:us-east-1:123456789012:src"})");
  CHECK(body_of(start(std::nullopt, 50)) ==
        R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","MaxNumberOfMessagesPerSecond":50})");
  CHECK(body_of(start(src, 500)) ==
        R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","DestinationArn":"arn:aws:sqs:us-east-1:123456789012:src","MaxNumberOfMessagesPerSecond":500})");
  for (int rate : {1, 9, 10, 99, 100, 499})
    CHECK(body_of(start(std::nullopt, rate)) == R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","MaxNumberOfMessagesPerSecond":)" +
                                                   std::to_string(rate) + "}");
  auto fifo = *StartMessageMoveTaskRequest::parse("arn:aws-cn:sqs:cn-north-1:123456789012:a_b-C.fifo",
                                                  "arn:aws-cn:sqs:cn-north-1:123456789012:x.fifo");
  CHECK(body_of(fifo) ==
        R"({"SourceArn":"arn:aws-cn:sqs:cn-north-1:123456789012:a_b-C.fifo","DestinationArn":"arn:aws-cn:sqs:cn-north-1:123456789012:x.fifo"})");
}

TEST_CASE("ListMessageMoveTasks bodies") {
  CHECK(body_of(ListMessageMoveTasksRequest{dlq, std::nullopt}) == R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq"})");
  CHECK(body_of(ListMessageMoveTasksRequest{dlq, *MaxResults::make(1)}) ==
        R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","MaxResults":1})");
  CHECK(body_of(ListMessageMoveTasksRequest{dlq, *MaxResults::make(10)}) ==
        R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","MaxResults":10})");
}

TEST_CASE("CancelMessageMoveTask bodies: TaskHandle escaped as JSON.stringify escapes it") {
  CHECK(body_of(cancel("abc")) == R"({"TaskHandle":"abc"})");
  CHECK(body_of(cancel("a\"b\\c")) == R"({"TaskHandle":"a\"b\\c"})");
  CHECK(body_of(cancel("\b\f\n\r\t")) == R"({"TaskHandle":"\b\f\n\r\t"})");
  CHECK(body_of(cancel(std::string_view("\x00\x01\x1f", 3))) == R"({"TaskHandle":"\u0000\u0001\u001f"})");
  CHECK(body_of(cancel("\x0b\x1b")) == R"({"TaskHandle":"\u000b\u001b"})");
  CHECK(body_of(cancel("a/b\x7f")) == "{\"TaskHandle\":\"a/b\x7f\"}");                       // '/' and DEL raw
  CHECK(body_of(cancel("é€😀")) == "{\"TaskHandle\":\"é€😀\"}");                         // non-ASCII raw
  CHECK(body_of(cancel("\u2028\u2029")) == "{\"TaskHandle\":\"\u2028\u2029\"}");           // raw, as in ES2019
  std::string all_controls, expected;
  for (int c = 1; c < 0x20; ++c) all_controls += static_cast<char>(c);
  expected = R"({"TaskHandle":"\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f)"
             R"(\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"})";
  CHECK(body_of(cancel(all_controls)) == expected);
}

TEST_CASE("encode_body appends to what the buffer holds") {
  std::string buf = "prefix|";
  encode_body(start(std::nullopt, 7), buf);
  CHECK(buf == R"(prefix|{"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","MaxNumberOfMessagesPerSecond":7})");
  encode_body(cancel("h"), buf);
  encode_body(ListMessageMoveTasksRequest{dlq, *MaxResults::make(3)}, buf);
  CHECK(buf == R"(prefix|{"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","MaxNumberOfMessagesPerSecond":7})"
               R"({"TaskHandle":"h"})"
               R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","MaxResults":3})");
  buf.clear();
  encode_body(start(), buf);
  CHECK(buf == R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq"})");
}

TEST_CASE("whole requests: method, host, path, headers, content-length") {
  auto check = [](const HttpRequest& r, std::string_view host, std::string_view target, std::string_view body) {
    CHECK(r.method == "POST");
    CHECK(r.scheme == "https");
    CHECK(r.host == host);
    CHECK(r.path == "/");
    CHECK(r.body == body);
    REQUIRE(r.headers.size() == 5);
    CHECK(r.headers[0] == Header{"host", std::string(host)});
    CHECK(r.headers[1] == Header{"content-type", "application/x-amz-json-1.0"});
    CHECK(r.headers[2] == Header{"x-amz-target", std::string(target)});
    CHECK(r.headers[3] == Header{"x-amzn-query-mode", "true"});
    CHECK(r.headers[4] == Header{"content-length", std::to_string(body.size())});
    CHECK(r.header("Content-Length") == std::to_string(body.size()));
    CHECK(r.url() == "https://" + std::string(host) + "/");
  };
  check(encode(start(src, 50), us_east_1()), "sqs.us-east-1.amazonaws.com", "AmazonSQS.StartMessageMoveTask",
        R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","DestinationArn":"arn:aws:sqs:us-east-1:123456789012:src","MaxNumberOfMessagesPerSecond":50})");
  check(encode(cancel("é\n"), *endpoint_for("us-gov-west-1", {.fips = true})), "sqs.us-gov-west-1.amazonaws.com",
        "AmazonSQS.CancelMessageMoveTask", "{\"TaskHandle\":\"é\\n\"}");
  CHECK(*encode(cancel("é\n"), us_east_1()).header("content-length") == "21");  // bytes, not characters
  check(encode(ListMessageMoveTasksRequest{dlq, *MaxResults::make(10)}, *endpoint_for("cn-north-1", {.dual_stack = true})),
        "sqs.cn-north-1.api.amazonwebservices.com.cn", "AmazonSQS.ListMessageMoveTasks",
        R"({"SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq","MaxResults":10})");
}

TEST_CASE("custom endpoint: scheme, host with port, base path") {
  auto r = encode(start(), *Endpoint::custom("http://127.0.0.1:4566/base"));
  CHECK(r.scheme == "http");
  CHECK(r.host == "127.0.0.1:4566");
  CHECK(r.path == "/base/");
  CHECK(*r.header("host") == "127.0.0.1:4566");
  CHECK(r.url() == "http://127.0.0.1:4566/base/");
}

TEST_CASE("encode_into overwrites every part and drops extra headers") {
  HttpRequest r;
  r.method = "GET";
  r.body = "stale";
  r.headers = {{"authorization", "x"}, {"a", "b"}, {"c", "d"}, {"e", "f"}, {"g", "h"}, {"x-amz-date", "y"}};
  encode_into(cancel("h"), us_east_1(), r);
  CHECK(r == encode(cancel("h"), us_east_1()));
  encode_into(start(), *Endpoint::custom("http://localhost:9324"), r);
  CHECK(r == encode(start(), *Endpoint::custom("http://localhost:9324")));
  CHECK_FALSE(r.header("authorization"));
}
