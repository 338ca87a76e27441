// The inputs every benchmark shares, and the values a correct implementation produces from them.
// Built once, outside the timed loops.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <redrive.hpp>

namespace bench {

// ---- queue ARNs ----------------------------------------------------------------------------------

struct ExpectedArn {
  std::string_view text, partition, region, account, queue_name;
};

// Valid SQS queue ARNs across partitions, regions, name lengths and queue types. The ARN
// benchmarks cycle through them, so no single input trains the branch predictor.
inline constexpr std::array<ExpectedArn, 8> valid_arns{{
    {"arn:aws:sqs:us-east-1:111122223333:MyDeadLetterQueue", "aws", "us-east-1", "111122223333", "MyDeadLetterQueue"},
    {"arn:aws:sqs:eu-west-1:444455556666:orders-dlq", "aws", "eu-west-1", "444455556666", "orders-dlq"},
    {"arn:aws:sqs:ap-southeast-2:777788889999:payments_dead_letter.fifo", "aws", "ap-southeast-2", "777788889999",
     "payments_dead_letter.fifo"},
    {"arn:aws-cn:sqs:cn-north-1:123456789012:cn-dlq", "aws-cn", "cn-north-1", "123456789012", "cn-dlq"},
    {"arn:aws-us-gov:sqs:us-gov-west-1:210987654321:gov-queue", "aws-us-gov", "us-gov-west-1", "210987654321",
     "gov-queue"},
    {"arn:aws:sqs:sa-east-1:135792468024:a", "aws", "sa-east-1", "135792468024", "a"},
    {"arn:aws:sqs:us-west-2:111122223333:MySourceQueue", "aws", "us-west-2", "111122223333", "MySourceQueue"},
    {"arn:aws:sqs:me-central-1:999988887777:billing-events-redrive-dlq.fifo", "aws", "me-central-1", "999988887777",
     "billing-events-redrive-dlq.fifo"},
}};

// Each is invalid for one reason; every implementation must reject all of them.
inline constexpr std::array<std::string_view, 10> invalid_arns{
    "arn:aws:sqs:us-east-1:11112222333:q",         // 11-digit account
    "arn:aws:sqs:xx-east-1:111122223333:q",        // region of no partition
    "arn:aws-cn:sqs:us-east-1:111122223333:q",     // region of another partition
    "arn:aws:sns:us-east-1:111122223333:q",        // not SQS
    "arn:aws:sqs:us-east-1:111122223333:a/b",      // path in the name
    "arn:aws:sqs:us-east-1:111122223333:.fifo",    // suffix only
    "arn:aws:sqs:us-east-1:111122223333",          // no name
    "arn:aws:sqs:us-east-1:111122223333:q:extra",  // too many fields
    "arn:foo:sqs:us-east-1:111122223333:q",        // unknown partition
    "arn:aws:sqs:us-east-1:111122223333:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",  // 81
};

// ---- responses -----------------------------------------------------------------------------------

// A body in a buffer with redrive::required_padding readable bytes after it, as a transport that
// knows about simdjson would hand it over.
class PaddedBody {
 public:
  explicit PaddedBody(std::string_view body) : storage_(body) {
    storage_.append(redrive::required_padding, '\0');
  }
  std::string_view view() const noexcept { return {storage_.data(), storage_.size() - redrive::required_padding}; }

 private:
  std::string storage_;
};

inline constexpr std::string_view request_id = "d8ba0b76-5a4e-5a2b-9c59-3a1f2d3e4b5c";
inline constexpr std::string_view task_handle =
    "eyJ0YXNrSWQiOiJkYzE2OWUwNC0wZTU1LTQ0ZDItYWE5MC1jMDgwY2ExZjM2ZjciLCJzb3VyY2VBcm4iOiJhcm46YXdzOnNxczp1cy1lYXN0LT"
    "E6MTExMTIyMjIzMzMzOk15RGVhZExldHRlclF1ZXVlIn0=";
inline constexpr std::string_view error_name = "ResourceNotFoundException";
inline constexpr std::string_view error_message = "The resource that you specified for the SourceArn parameter doesn't exist.";

// The response headers SQS sends (what a transport passes on).
inline constexpr redrive::HeaderView ok_headers[] = {
    {"x-amzn-RequestId", request_id},
    {"Date", "Sun, 30 Aug 2015 12:36:00 GMT"},
    {"Content-Type", "application/x-amz-json-1.0"},
    {"Connection", "keep-alive"},
};
inline constexpr redrive::HeaderView error_headers[] = {
    {"x-amzn-RequestId", request_id},
    {"x-amzn-query-error", "ResourceNotFoundException;Sender"},
    {"Date", "Sun, 30 Aug 2015 12:36:00 GMT"},
    {"Content-Type", "application/x-amz-json-1.0"},
    {"Connection", "keep-alive"},
};

// The ListMessageMoveTasks response holding `expected_list10()`, compact as SQS sends it.
std::string list10_body();
redrive::OwnedListMessageMoveTasksResult expected_list10();

struct Responses {
  PaddedBody start_body{std::string(R"({"TaskHandle":")") + std::string(task_handle) + "\"}"};
  PaddedBody list10_body{bench::list10_body()};
  PaddedBody error_body{std::string(R"({"__type":"com.amazonaws.sqs#)") + std::string(error_name) +
                        R"(","message":")" + std::string(error_message) + "\"}"};

  redrive::HttpResponse start() const { return {200, ok_headers, start_body.view()}; }
  redrive::HttpResponse list10() const { return {200, ok_headers, list10_body.view()}; }
  redrive::HttpResponse error() const { return {400, error_headers, error_body.view()}; }
};

inline const Responses& responses() {
  static const Responses r;
  return r;
}

// What every implementation must extract from the error response (redrive resolves more: the
// code, the query error header).
inline bool is_expected_error(const redrive::ServiceError& e) {
  return e.name == error_name && e.message == error_message && e.http_status == 400 && e.request_id == request_id;
}

// ---- requests ------------------------------------------------------------------------------------

inline constexpr std::string_view source_arn = "arn:aws:sqs:us-east-1:111122223333:MyDeadLetterQueue";
inline constexpr std::string_view destination_arn = "arn:aws:sqs:us-east-1:111122223333:MySourceQueue";
inline constexpr int rate = 50;
inline constexpr std::string_view start_request_body =
    R"({"SourceArn":"arn:aws:sqs:us-east-1:111122223333:MyDeadLetterQueue",)"
    R"("DestinationArn":"arn:aws:sqs:us-east-1:111122223333:MySourceQueue","MaxNumberOfMessagesPerSecond":50})";

inline redrive::StartMessageMoveTaskRequest start_request() {
  return redrive::StartMessageMoveTaskRequest::parse(source_arn, destination_arn, rate).value();
}
inline redrive::Endpoint endpoint() { return redrive::Endpoint::for_region("us-east-1").value(); }

// The headers every encoder must produce for start_request(), in order.
inline bool has_expected_headers(const redrive::HttpRequest& r) {
  const std::vector<redrive::Header> expected{{"host", "sqs.us-east-1.amazonaws.com"},
                                              {"content-type", "application/x-amz-json-1.0"},
                                              {"x-amz-target", "AmazonSQS.StartMessageMoveTask"},
                                              {"x-amzn-query-mode", "true"},
                                              {"content-length", std::to_string(start_request_body.size())}};
  return r.method == "POST" && r.host == "sqs.us-east-1.amazonaws.com" && r.path == "/" && r.headers == expected;
}

// ---- signing (the AWS documentation's example credentials and time) ------------------------------

inline constexpr std::string_view access_key_id = "AKIDEXAMPLE";
inline constexpr std::string_view secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
inline constexpr std::chrono::sys_seconds signing_time{std::chrono::seconds(1440938160)};  // 2015-08-30T12:36:00Z

}  // namespace bench
