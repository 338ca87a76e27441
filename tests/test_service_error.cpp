#include <doctest/doctest.h>

#include <redrive/service_error.hpp>
#include <string>
#include <vector>

using namespace redrive;
using detail::ErrorBody;
using detail::sanitize_error_code;

// ---- compile time ---------------------------------------------------------------------------
static_assert(sanitize_error_code("FooError") == "FooError");
static_assert(sanitize_error_code("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/") == "FooError");
static_assert(sanitize_error_code("aws.protocoltests.restjson#FooError") == "FooError");
static_assert(sanitize_error_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/") == "FooError");
static_assert(sanitize_error_code("com.amazonaws.sqs#RequestThrottled") == "RequestThrottled");
static_assert(sanitize_error_code("ThrottlingException,Sender") == "ThrottlingException");
static_assert(sanitize_error_code("a#b#c") == "b");  // as @smithy/core: split("#")[1]
static_assert(sanitize_error_code("") == "");

static_assert(code_name(ServiceErrc::ResourceNotFoundException) == "ResourceNotFoundException");
static_assert(code_name(ServiceErrc::UnsupportedOperation) == "UnsupportedOperation");
static_assert(code_name(ServiceErrc::KmsThrottled) == "KmsThrottled");
static_assert(code_name(ServiceErrc::InvalidParameterValue) == "InvalidParameterValue");
static_assert(code_name(ServiceErrc::ServiceUnavailable) == "ServiceUnavailable");
static_assert(code_name(ServiceErrc::MalformedResponse) == "MalformedResponse");
static_assert(code_name(ServiceErrc::Unknown) == "Unknown");

static_assert(service_errc_from("RequestThrottled") == ServiceErrc::RequestThrottled);
static_assert(service_errc_from("AWS.SimpleQueueService.UnsupportedOperation") == ServiceErrc::UnsupportedOperation);
static_assert(service_errc_from("AWS.SimpleQueueService.NonExistentQueue") == ServiceErrc::QueueDoesNotExist);
static_assert(service_errc_from("QueueAlreadyExists") == ServiceErrc::QueueNameExists);
static_assert(service_errc_from("InvalidParameterValue") == ServiceErrc::InvalidParameterValue);
static_assert(service_errc_from("SignatureDoesNotMatch") == ServiceErrc::SignatureDoesNotMatch);
static_assert(service_errc_from("MalformedResponse") == ServiceErrc::Unknown);  // never from the wire
static_assert(service_errc_from("requestthrottled") == ServiceErrc::Unknown);   // case matters, as in the SDKs
static_assert(service_errc_from("") == ServiceErrc::Unknown);

// Every code round-trips through its name (the query code of a shape resolves to the same code).
constexpr bool names_round_trip() {
  for (int i = 0; i < static_cast<int>(ServiceErrc::MalformedResponse); ++i) {
    auto c = static_cast<ServiceErrc>(i);
    if (service_errc_from(code_name(c)) != c) return false;
  }
  for (const auto& s : detail::sqs_error_shapes)
    if (!s.query_code.empty() && service_errc_from(s.query_code) != s.code) return false;
  return true;
}
static_assert(names_round_trip());

// ---- run time -------------------------------------------------------------------------------
namespace {

ServiceError resolve(int status, std::vector<HeaderView> headers, ErrorBody body = {}) {
  return detail::resolve_service_error(HttpResponse{status, headers, ""}, body);
}

}  // namespace

TEST_CASE("the five modeled errors by __type, with and without namespace and suffix") {
  struct Case {
    std::string_view type;
    ServiceErrc code;
  };
  for (auto [type, code] : {
           Case{"com.amazonaws.sqs#ResourceNotFoundException", ServiceErrc::ResourceNotFoundException},
           Case{"RequestThrottled", ServiceErrc::RequestThrottled},
           Case{"com.amazonaws.sqs#InvalidAddress:http://internal.amazon.com/coral/", ServiceErrc::InvalidAddress},
           Case{"InvalidSecurity:http://internal", ServiceErrc::InvalidSecurity},
           Case{"com.amazonaws.sqs#UnsupportedOperation", ServiceErrc::UnsupportedOperation},
       }) {
    CAPTURE(type);
    auto e = resolve(400, {}, ErrorBody{type, {}, "m", {}});
    CHECK(e.code == code);
    CHECK(e.name == code_name(code));
    CHECK(e.message == "m");
    CHECK(e.fault() == Fault::Client);
    CHECK(e.query_code.empty());
    CHECK(e.query_type.empty());
  }
}

TEST_CASE("x-amzn-query-error decides and is kept") {
  auto e = resolve(400,
                   {{"X-Amzn-Query-Error", "AWS.SimpleQueueService.UnsupportedOperation;Sender"},
                    {"x-amzn-RequestId", "66916324-67ca-54bb-a410-3f567a7a0571"}},
                   ErrorBody{"com.amazonaws.sqs#InvalidAddress", {}, "Unsupported.", {}});
  CHECK(e.code == ServiceErrc::UnsupportedOperation);
  CHECK(e.name == "UnsupportedOperation");
  CHECK(e.query_code == "AWS.SimpleQueueService.UnsupportedOperation");
  CHECK(e.query_type == "Sender");
  CHECK(e.request_id == "66916324-67ca-54bb-a410-3f567a7a0571");
  CHECK(e.http_status == 400);

  // Unmodeled query code: kept as the name.
  auto ipv = resolve(400, {{"x-amzn-query-error", "InvalidParameterValue;Sender"}}, ErrorBody{"Whatever", {}, {}, {}});
  CHECK(ipv.code == ServiceErrc::InvalidParameterValue);
  CHECK(ipv.name == "InvalidParameterValue");
  CHECK(ipv.fault() == Fault::Client);

  auto q = resolve(400, {{"x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"}});
  CHECK(q.code == ServiceErrc::QueueDoesNotExist);
  CHECK(q.name == "QueueDoesNotExist");

  // No ';': the whole value is the code, the type is unknown; extra parts are dropped.
  auto bare = resolve(400, {{"x-amzn-query-error", "RequestThrottled"}});
  CHECK(bare.code == ServiceErrc::RequestThrottled);
  CHECK(bare.query_type.empty());
  auto extra = resolve(403, {{"x-amzn-query-error", "InvalidSecurity;Sender;more"}});
  CHECK(extra.code == ServiceErrc::InvalidSecurity);
  CHECK(extra.query_type == "Sender");

  // An empty code falls back to the body.
  auto empty = resolve(404, {{"x-amzn-query-error", ";Sender"}}, ErrorBody{"InvalidAddress", {}, {}, {}});
  CHECK(empty.code == ServiceErrc::InvalidAddress);
  CHECK(empty.query_code.empty());
  CHECK(empty.query_type == "Sender");
}

TEST_CASE("without the query header: code, then x-amzn-errortype, then __type") {
  CHECK(resolve(400, {{"x-amzn-errortype", "InvalidSecurity"}}, ErrorBody{"InvalidAddress", "RequestThrottled", {}, {}})
            .code == ServiceErrc::RequestThrottled);
  CHECK(resolve(400, {{"X-Amzn-ErrorType", "InvalidSecurity:http://x"}}, ErrorBody{"InvalidAddress", {}, {}, {}}).code ==
        ServiceErrc::InvalidSecurity);
  CHECK(resolve(400, {}, ErrorBody{"com.amazonaws.sqs#InvalidAddress", {}, {}, {}}).code == ServiceErrc::InvalidAddress);
  auto none = resolve(400, {});
  CHECK(none.code == ServiceErrc::Unknown);
  CHECK(none.name == "Unknown");
  // A __type that sanitizes to nothing is as good as none.
  CHECK(resolve(400, {}, ErrorBody{"com.amazonaws.sqs#", {}, {}, {}}).name == "Unknown");
}

TEST_CASE("unknown names are kept raw") {
  auto e = resolve(400, {}, ErrorBody{"com.amazonaws.sqs#SomethingNew:http://x", {}, "new", {}});
  CHECK(e.code == ServiceErrc::Unknown);
  CHECK(e.name == "SomethingNew");
  CHECK(e.message == "new");
}

TEST_CASE("message: a non-empty Message wins over message, as in the JS SDK") {
  CHECK(resolve(400, {}, ErrorBody{{}, {}, "lower", {}}).message == "lower");
  CHECK(resolve(400, {}, ErrorBody{{}, {}, {}, "Upper"}).message == "Upper");
  CHECK(resolve(400, {}, ErrorBody{{}, {}, "lower", "Upper"}).message == "Upper");
  CHECK(resolve(400, {}, ErrorBody{{}, {}, "lower", ""}).message == "lower");
  CHECK(resolve(400, {}).message.empty());
}

TEST_CASE("request id header fallbacks") {
  CHECK(resolve(400, {{"x-amz-request-id", "c"}, {"x-amzn-request-id", "b"}}).request_id == "b");
  CHECK(resolve(400, {{"x-amz-request-id", "c"}}).request_id == "c");
  CHECK(resolve(400, {{"X-AMZN-REQUESTID", "a"}, {"x-amz-request-id", "c"}}).request_id == "a");
}

TEST_CASE("fault: modeled errors are client errors whatever the status, others by status") {
  CHECK(resolve(500, {}, ErrorBody{"RequestThrottled", {}, {}, {}}).fault() == Fault::Client);
  CHECK(resolve(500, {}, ErrorBody{"InternalFailure", {}, {}, {}}).fault() == Fault::Server);
  CHECK(resolve(499, {}, ErrorBody{"Whatever", {}, {}, {}}).fault() == Fault::Client);
  CHECK(resolve(503, {}).fault() == Fault::Server);
  ServiceError malformed{ServiceErrc::MalformedResponse, "MalformedResponse", "", 200, "", "", ""};
  CHECK(malformed.fault() == Fault::Server);
  CHECK(to_string(Fault::Client) == "client");
  CHECK(to_string(Fault::Server) == "server");
}

TEST_CASE("classification as @smithy/core's retry module") {
  auto throttled = resolve(403, {}, ErrorBody{"com.amazonaws.sqs#RequestThrottled", {}, {}, {}});
  CHECK(throttled.is_throttling());
  CHECK_FALSE(throttled.is_transient());
  CHECK(throttled.is_retryable());

  for (std::string_view name : {"ThrottlingException", "Throttling", "RequestLimitExceeded", "SlowDown",
                                "TooManyRequestsException", "ProvisionedThroughputExceededException"}) {
    CAPTURE(name);
    CHECK(resolve(400, {}, ErrorBody{name, {}, {}, {}}).is_throttling());
  }
  CHECK(resolve(429, {}).is_throttling());
  CHECK_FALSE(resolve(400, {}, ErrorBody{"KmsThrottled", {}, {}, {}}).is_throttling());  // not in the SDK's list
  CHECK_FALSE(resolve(400, {}, ErrorBody{"ResourceNotFoundException", {}, {}, {}}).is_retryable());

  for (int status : {500, 502, 503, 504}) {
    CAPTURE(status);
    auto e = resolve(status, {});
    CHECK(e.is_transient());
    CHECK(e.is_retryable());
    CHECK_FALSE(e.is_throttling());
  }
  CHECK_FALSE(resolve(501, {}).is_transient());
  CHECK_FALSE(resolve(505, {}).is_retryable());
  for (std::string_view name : {"TimeoutError", "RequestTimeout", "RequestTimeoutException"})
    CHECK(resolve(400, {}, ErrorBody{name, {}, {}, {}}).is_transient());
  CHECK(resolve(400, {}, ErrorBody{"InvalidSignatureException", {}, "Signature expired: 20200101T000000Z", {}})
            .is_transient());
  CHECK_FALSE(resolve(400, {}, ErrorBody{"InvalidSignatureException", {}, "bad signature", {}}).is_transient());
  CHECK_FALSE(resolve(400, {}, ErrorBody{"SignatureDoesNotMatch", {}, {}, {}}).is_retryable());
}

TEST_CASE("ServiceError is a regular value") {
  auto a = resolve(404, {{"x-amzn-requestid", "r"}}, ErrorBody{"ResourceNotFoundException", {}, "Task does not exist.", {}});
  ServiceError b = a;
  CHECK(a == b);
  b.message.clear();
  CHECK_FALSE(a == b);
}
