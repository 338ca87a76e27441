#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <redrive/decode.hpp>
#include <string>
#include <type_traits>
#include <vector>

using namespace redrive;

// ---- compile time ---------------------------------------------------------------------------
static_assert(DecodableResult<StartMessageMoveTaskResult>);
static_assert(DecodableResult<ListMessageMoveTasksResult>);
static_assert(!DecodableResult<OwnedStartMessageMoveTaskResult>);
static_assert(!DecodableResult<ListMessageMoveTasksResultEntry>);
static_assert(required_padding >= 32);
static_assert(detail::is_json_number("0") && detail::is_json_number("-12.5e+3") && detail::is_json_number("1E9"));
static_assert(!detail::is_json_number("01") && !detail::is_json_number("1.") && !detail::is_json_number("-") &&
              !detail::is_json_number("1e") && !detail::is_json_number("+1") && !detail::is_json_number(""));

// ---- run time -------------------------------------------------------------------------------
namespace {

const HeaderView request_id[] = {{"x-amzn-RequestId", "req-1"}};

template <class R>
std::expected<R, ServiceError> decode(Decoder& d, std::string_view body, int status = 200) {
  return d.decode<R>(HttpResponse{status, request_id, body});
}

// The MalformedResponse error a 2xx body gives, with its message.
template <class R>
ServiceError malformed(std::string_view body) {
  Decoder d;
  auto r = decode<R>(d, body);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ServiceErrc::MalformedResponse);
  CHECK(r.error().name == "MalformedResponse");
  CHECK(r.error().http_status == 200);
  CHECK(r.error().request_id == "req-1");
  CHECK(r.error().fault() == Fault::Server);
  CHECK_FALSE(r.error().is_retryable());
  return r.error();
}

constexpr std::string_view full_list = R"({"Results": [
  {"TaskHandle": "AQEB6nR4...HzlvZQ==", "Status": "RUNNING",
   "SourceArn": "arn:aws:sqs:us-west-2:80398EXAMPLE:MyQueue1",
   "DestinationArn": "arn:aws:sqs:us-west-2:80398EXAMPLE:MyQueue2",
   "MaxNumberOfMessagesPerSecond": 50, "ApproximateNumberOfMessagesMoved": 203,
   "ApproximateNumberOfMessagesToMove": 30, "StartedTimestamp": 1442428276921},
  {"Status": "FAILED", "SourceArn": "arn:aws:sqs:us-west-2:80398EXAMPLE:MyQueue1",
   "ApproximateNumberOfMessagesMoved": 29, "ApproximateNumberOfMessagesToMove": 0,
   "FailureReason": "AWS.SimpleQueueService.NonExistentQueue", "StartedTimestamp": 1342428272093}]}
)";

}  // namespace

TEST_CASE("StartMessageMoveTask: the handle, absent, null, unknown members") {
  Decoder d;
  auto r = decode<StartMessageMoveTaskResult>(d, R"({"TaskHandle": "AQEB6nR4...HzlvZQ=="})");
  REQUIRE(r);
  CHECK(r->task_handle == "AQEB6nR4...HzlvZQ==");

  for (std::string_view body : {"", "{}", " { } ", "null", R"({"TaskHandle":null})",
                                R"({"Other":{"TaskHandle":"x"},"List":[1,{"a":null}],"n":1.5e300})"}) {
    CAPTURE(body);
    auto empty = decode<StartMessageMoveTaskResult>(d, body);
    REQUIRE(empty);
    CHECK_FALSE(empty->task_handle);
  }
  // Any 2xx is a success.
  CHECK(decode<StartMessageMoveTaskResult>(d, R"({"TaskHandle":"h"})", 204)->task_handle == "h");
  // The last of duplicate members wins, as with JSON.parse.
  CHECK(decode<StartMessageMoveTaskResult>(d, R"({"TaskHandle":"a","TaskHandle":"b"})")->task_handle == "b");
  CHECK_FALSE(decode<StartMessageMoveTaskResult>(d, R"({"TaskHandle":"a","TaskHandle":null})")->task_handle);
  // Keys are case-sensitive.
  CHECK_FALSE(decode<StartMessageMoveTaskResult>(d, R"({"taskhandle":"a"})")->task_handle);
}

TEST_CASE("escapes and unicode") {
  Decoder d;
  auto r = decode<StartMessageMoveTaskResult>(d, R"({"TaskHandle":"a\"b\\c\/d\n\u00e9\ud83d\ude00"})");
  REQUIRE(r);
  CHECK(*r->task_handle == "a\"b\\c/d\n\xC3\xA9\xF0\x9F\x98\x80");
  // Raw UTF-8 passes through.
  CHECK(decode<StartMessageMoveTaskResult>(d, "{\"TaskHandle\":\"caf\xC3\xA9\"}")->task_handle == "caf\xC3\xA9");
  // A key written with escapes is the same key.
  CHECK(decode<StartMessageMoveTaskResult>(d, R"({"Task\u0048andle":"x"})")->task_handle == "x");
  CHECK(decode<CancelMessageMoveTaskResult>(d, R"({"\u0041pproximateNumberOfMessagesMoved":7})")
            ->approximate_number_of_messages_moved == 7);
  CHECK(decode<StartMessageMoveTaskResult>(d, R"({"Task\"Handle":"x"})")->task_handle == std::nullopt);
}

TEST_CASE("a key that is a member name's prefix or extension is another, unknown member") {
  Decoder d;
  // Keys are matched on their first byte, then compared whole up to the closing quote. The decoys
  // come after the members, so one taken for a member would overwrite it (or fail the decode).
  auto r = decode<ListMessageMoveTasksResult>(
      d, R"({"Results":[{"Status":"RUNNING","StartedTimestamp":5,"ApproximateNumberOfMessagesMoved":6,)"
         R"("ApproximateNumberOfMessagesToMove":7,"Statu":"a","StatusX":"b","S":"c","":"d","StartedTimestampZ":"e",)"
         R"("ApproximateNumberOfMessagesMove":"f","ApproximateNumberOfMessagesToMoveX":"g","TaskHandles":"h"}]})");
  REQUIRE(r);
  REQUIRE(r->results);
  REQUIRE(r->results->size() == 1);
  const auto& e = (*r->results)[0];
  CHECK(e.status == "RUNNING");
  CHECK(e.started_timestamp == 5);
  CHECK(e.approximate_number_of_messages_moved == 6);
  CHECK(e.approximate_number_of_messages_to_move == 7);
  CHECK_FALSE(e.task_handle);
  auto start = decode<StartMessageMoveTaskResult>(d, R"({"TaskHandle":"x","TaskHandleX":1,"TaskHandl":2})");
  REQUIRE(start);
  CHECK(start->task_handle == "x");
}

TEST_CASE("CancelMessageMoveTask: int64 range, absent, null") {
  Decoder d;
  CHECK(decode<CancelMessageMoveTaskResult>(d, R"({"ApproximateNumberOfMessagesMoved":102})")
            ->approximate_number_of_messages_moved == 102);
  CHECK(decode<CancelMessageMoveTaskResult>(d, R"({"ApproximateNumberOfMessagesMoved":9223372036854775807})")
            ->approximate_number_of_messages_moved == INT64_MAX);
  CHECK(decode<CancelMessageMoveTaskResult>(d, R"({"ApproximateNumberOfMessagesMoved":-9223372036854775808})")
            ->approximate_number_of_messages_moved == INT64_MIN);
  CHECK(decode<CancelMessageMoveTaskResult>(d, R"({"ApproximateNumberOfMessagesMoved":-0})")
            ->approximate_number_of_messages_moved == 0);
  CHECK_FALSE(decode<CancelMessageMoveTaskResult>(d, "{}")->approximate_number_of_messages_moved);
  CHECK_FALSE(
      decode<CancelMessageMoveTaskResult>(d, R"({"ApproximateNumberOfMessagesMoved":null})")->approximate_number_of_messages_moved);
}

TEST_CASE("ListMessageMoveTasks: every member, absent and null members, unknown status") {
  Decoder d;
  auto r = decode<ListMessageMoveTasksResult>(d, full_list);
  REQUIRE(r);
  REQUIRE(r->results);
  REQUIRE(r->results->size() == 2);
  const auto& running = (*r->results)[0];
  CHECK(running.task_handle == "AQEB6nR4...HzlvZQ==");
  CHECK(running.status == "RUNNING");
  CHECK(running.task_status() == TaskStatus::Running);
  CHECK(running.source_arn == "arn:aws:sqs:us-west-2:80398EXAMPLE:MyQueue1");
  CHECK(running.destination_arn == "arn:aws:sqs:us-west-2:80398EXAMPLE:MyQueue2");
  CHECK(running.max_number_of_messages_per_second == 50);
  CHECK(running.approximate_number_of_messages_moved == 203);
  CHECK(running.approximate_number_of_messages_to_move == 30);
  CHECK(running.started_timestamp == 1442428276921);
  CHECK_FALSE(running.failure_reason);
  using namespace std::chrono;
  CHECK(running.started_at() == sys_time<milliseconds>(milliseconds(1442428276921)));
  CHECK(floor<days>(*running.started_at()) == sys_days(year(2015) / September / 16));

  const auto& failed = (*r->results)[1];
  CHECK(failed.task_status() == TaskStatus::Failed);
  CHECK_FALSE(failed.task_handle);
  CHECK_FALSE(failed.destination_arn);
  CHECK_FALSE(failed.max_number_of_messages_per_second);
  CHECK(failed.approximate_number_of_messages_to_move == 0);
  CHECK(failed.failure_reason == "AWS.SimpleQueueService.NonExistentQueue");

  auto odd = decode<ListMessageMoveTasksResult>(
      d, R"({"Results":[{"Status":"PAUSED","DestinationArn":null,"MaxNumberOfMessagesPerSecond":null,"Extra":[{}]}]})");
  REQUIRE(odd);
  const auto& e = odd->results->at(0);
  CHECK(e.task_status() == TaskStatus::Unknown);
  CHECK(e.status == "PAUSED");  // the raw text is kept
  CHECK_FALSE(e.destination_arn);
  CHECK_FALSE(e.max_number_of_messages_per_second);
  CHECK_FALSE(e.started_at());

  CHECK_FALSE(decode<ListMessageMoveTasksResult>(d, "{}")->results);
  CHECK_FALSE(decode<ListMessageMoveTasksResult>(d, "")->results);
  CHECK_FALSE(decode<ListMessageMoveTasksResult>(d, R"({"Results":null})")->results);
  auto none = decode<ListMessageMoveTasksResult>(d, R"({"Results":[]})");
  REQUIRE(none->results);
  CHECK(none->results->empty());
  CHECK(decode<ListMessageMoveTasksResult>(d, R"({"Results":[{}]})")->results->at(0) == ListMessageMoveTasksResultEntry{});
  CHECK(decode<ListMessageMoveTasksResult>(d, R"({"Results":[{"MaxNumberOfMessagesPerSecond":2147483647}]})")
            ->results->at(0)
            .max_number_of_messages_per_second == INT32_MAX);
}

TEST_CASE("views borrow from the Decoder and the body; to_owned copies") {
  Decoder d;
  std::string body = R"({"Results":[{"Status":"RUNNING","FailureReason":"esc\u0061ped"}]})";
  auto r = decode<ListMessageMoveTasksResult>(d, body);
  REQUIRE(r);
  OwnedListMessageMoveTasksResult owned = r->to_owned();
  body.assign(body.size(), 'x');
  (void)decode<ListMessageMoveTasksResult>(d, R"({"Results":[{"Status":"OTHER","FailureReason":"ot\u0068er"}]})");
  REQUIRE(owned.results);
  CHECK(owned.results->at(0).status == "RUNNING");
  CHECK(owned.results->at(0).failure_reason == "escaped");
  CHECK(owned.results->at(0).task_status() == TaskStatus::Running);

  auto start = decode<StartMessageMoveTaskResult>(d, R"({"TaskHandle":"h"})");
  OwnedStartMessageMoveTaskResult owned_start = start->to_owned();
  CHECK(owned_start.task_handle == std::string("h"));
  CHECK(decode<CancelMessageMoveTaskResult>(d, R"({"ApproximateNumberOfMessagesMoved":3})")->to_owned() ==
        OwnedCancelMessageMoveTaskResult{3});
}

TEST_CASE("padding: in place with enough, copied otherwise") {
  std::string storage = R"({"TaskHandle":"in-place"})";
  std::size_t size = storage.size();
  storage.append(required_padding, ' ');
  std::string_view body(storage.data(), size);
  Decoder d;
  auto in_place = d.decode<StartMessageMoveTaskResult>(HttpResponse{200, request_id, body}, required_padding);
  REQUIRE(in_place);
  CHECK(in_place->task_handle->data() == storage.data() + 15);
  auto copied = d.decode<StartMessageMoveTaskResult>(HttpResponse{200, request_id, body}, required_padding - 1);
  REQUIRE(copied);
  CHECK(copied->task_handle == "in-place");
  CHECK(copied->task_handle->data() != storage.data() + 15);

  // The buffer grows for a larger body and still decodes small ones.
  std::string big = R"({"TaskHandle":")" + std::string(100000, 'h') + R"("})";
  CHECK(d.decode<StartMessageMoveTaskResult>(HttpResponse{200, request_id, big})->task_handle->size() == 100000);
  CHECK(d.decode<StartMessageMoveTaskResult>(HttpResponse{200, request_id, R"({"TaskHandle":"s"})"})->task_handle == "s");
}

TEST_CASE("a 2xx body that is not the output is a MalformedResponse naming the member") {
  CHECK(malformed<StartMessageMoveTaskResult>(R"({"TaskHandle":5})").message ==
        "The StartMessageMoveTask response member TaskHandle is not a string.");
  malformed<StartMessageMoveTaskResult>(R"({"TaskHandle":true})");
  malformed<StartMessageMoveTaskResult>(R"({"TaskHandle":["a"]})");
  malformed<StartMessageMoveTaskResult>(R"({"TaskHandle":{"a":1}})");
  CHECK(malformed<CancelMessageMoveTaskResult>(R"({"ApproximateNumberOfMessagesMoved":1.5})").message ==
        "The CancelMessageMoveTask response member ApproximateNumberOfMessagesMoved is not an integer within the "
        "int64 range.");
  malformed<CancelMessageMoveTaskResult>(R"({"ApproximateNumberOfMessagesMoved":1.0})");
  malformed<CancelMessageMoveTaskResult>(R"({"ApproximateNumberOfMessagesMoved":1e3})");
  malformed<CancelMessageMoveTaskResult>(R"({"ApproximateNumberOfMessagesMoved":9223372036854775808})");
  malformed<CancelMessageMoveTaskResult>(R"({"ApproximateNumberOfMessagesMoved":-9223372036854775809})");
  malformed<CancelMessageMoveTaskResult>(R"({"ApproximateNumberOfMessagesMoved":"12"})");
  malformed<ListMessageMoveTasksResult>(R"({"Results":[{"MaxNumberOfMessagesPerSecond":2147483648}]})");
  malformed<ListMessageMoveTasksResult>(R"({"Results":[{"MaxNumberOfMessagesPerSecond":-2147483649}]})");
  malformed<ListMessageMoveTasksResult>(R"({"Results":[{"StartedTimestamp":"1442428276921"}]})");
  malformed<ListMessageMoveTasksResult>(R"({"Results":[{"Status":1}]})");
  CHECK(malformed<ListMessageMoveTasksResult>(R"({"Results":{}})").message ==
        "The ListMessageMoveTasks response member Results is not an array.");
  CHECK(malformed<ListMessageMoveTasksResult>(R"({"Results":[null]})").message ==
        "The ListMessageMoveTasks response member Results has an entry that is not an object.");
  malformed<ListMessageMoveTasksResult>(R"({"Results":[1]})");
  malformed<ListMessageMoveTasksResult>(R"({"Results":"x"})");
}

TEST_CASE("a 2xx body that is not JSON is a MalformedResponse") {
  CHECK(malformed<StartMessageMoveTaskResult>("[]").message == "The StartMessageMoveTask response body is not a JSON object.");
  malformed<StartMessageMoveTaskResult>("\"TaskHandle\"");
  malformed<StartMessageMoveTaskResult>("5");
  for (std::string_view body : {"not json", "   ", R"({"TaskHandle":"abc")", R"({"TaskHandle":"abc)", R"({"TaskHandle")",
                                R"({"TaskHandle":"a"} x)", R"({"TaskHandle":"a"}})", R"({"TaskHandle":"a",})",
                                R"({"TaskHandle":"\q"})", R"({"TaskHandle":"\ud800"})", "{\"TaskHandle\":\"a\x01\"}",
                                "{\"TaskHandle\":\"\xFF\"}", "nul", "nulll", R"({"TaskHandle":nul})", "{\"a\":1"}) {
    CAPTURE(body);
    auto e = malformed<StartMessageMoveTaskResult>(body);
    CHECK(e.message.starts_with("The StartMessageMoveTask response "));
  }
  for (std::string_view body : {R"({"ApproximateNumberOfMessagesMoved":01})", R"({"ApproximateNumberOfMessagesMoved":-})",
                                R"({"ApproximateNumberOfMessagesMoved":1x})"}) {
    CAPTURE(body);
    auto e = malformed<CancelMessageMoveTaskResult>(body);
    CHECK(e.message.find("is not valid JSON") != std::string::npos);
  }
  malformed<ListMessageMoveTasksResult>(R"({"Results":[{"Status":"RUNNING"})");
  malformed<ListMessageMoveTasksResult>(R"({"Results":[{"Status":"RUNNING"},]})");
}

TEST_CASE("a Decoder is usable again after a malformed body") {
  Decoder d;
  CHECK_FALSE(decode<ListMessageMoveTasksResult>(d, R"({"Results":[{"Status":"RUNNING")"));
  CHECK(decode<ListMessageMoveTasksResult>(d, R"({"Results":[{"Status":"RUNNING"}]})")->results->at(0).status ==
        "RUNNING");
}

TEST_CASE("non-2xx responses decode to the service error") {
  Decoder d;
  const HeaderView headers[] = {{"x-amzn-RequestId", "66916324-67ca-54bb-a410-3f567a7a0571"},
                                {"x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"}};
  auto r = d.decode<StartMessageMoveTaskResult>(HttpResponse{
      400, headers, R"({"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "The specified queue does not exist."})"});
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ServiceErrc::QueueDoesNotExist);
  CHECK(r.error().name == "QueueDoesNotExist");
  CHECK(r.error().message == "The specified queue does not exist.");
  CHECK(r.error().http_status == 400);
  CHECK(r.error().request_id == "66916324-67ca-54bb-a410-3f567a7a0571");
  CHECK(r.error().query_code == "AWS.SimpleQueueService.NonExistentQueue");
  CHECK(r.error().query_type == "Sender");

  auto throttled =
      decode<ListMessageMoveTasksResult>(d, R"({"__type":"com.amazonaws.sqs#RequestThrottled","Message":"slow down"})", 403);
  REQUIRE_FALSE(throttled);
  CHECK(throttled.error().code == ServiceErrc::RequestThrottled);
  CHECK(throttled.error().message == "slow down");
  CHECK(throttled.error().is_throttling());

  // 3xx is not a success either.
  CHECK(decode<StartMessageMoveTaskResult>(d, "", 302).error().name == "Unknown");
  CHECK(decode<StartMessageMoveTaskResult>(d, "", 199).error().http_status == 199);
}

TEST_CASE("error bodies: escapes, the code member in any case, unknown members") {
  Decoder d;
  auto e = d.decode_error(HttpResponse{400, {}, R"({"__type":"com.amazonaws.sqs#Inv\u0061lidAddress","message":"a\nb"})"});
  CHECK(e.code == ServiceErrc::InvalidAddress);
  CHECK(e.message == "a\nb");
  CHECK(d.decode_error(HttpResponse{400, {}, R"({"CODE":"InvalidSecurity","__type":"InvalidAddress"})"}).code ==
        ServiceErrc::InvalidSecurity);
  // The first spelling of "code" is the one read, like the SDK's key lookup.
  CHECK(d.decode_error(HttpResponse{400, {}, R"({"Code":"InvalidSecurity","code":"InvalidAddress"})"}).code ==
        ServiceErrc::InvalidSecurity);
  CHECK(d.decode_error(HttpResponse{400, {}, R"({"code":"InvalidSecurity","code":"InvalidAddress"})"}).code ==
        ServiceErrc::InvalidAddress);
  CHECK(d.decode_error(HttpResponse{400, {}, R"({"x":{"__type":"InvalidSecurity"},"__type":"InvalidAddress"})"}).code ==
        ServiceErrc::InvalidAddress);
  // Numbers are names too (the SDK stringifies them); other types say nothing.
  CHECK(d.decode_error(HttpResponse{400, {}, R"({"__type":404})"}).name == "404");
  CHECK(d.decode_error(HttpResponse{400, {}, R"({"__type":null,"code":true,"message":5})"}).name == "Unknown");
  CHECK(d.decode_error(HttpResponse{400, {}, R"({"__type":null,"code":true,"message":5})"}).message.empty());
}

TEST_CASE("error bodies that are empty, not JSON, truncated or not objects: status and headers still count") {
  Decoder d;
  const HeaderView query[] = {{"x-amzn-query-error", "InvalidParameterValue;Sender"}, {"x-amzn-requestid", "r"}};
  for (std::string_view body : {"", " ", "<html>Bad Gateway</html>", R"({"__type":"InvalidAddress","message":"trunc)",
                                R"({"__type":"InvalidAddress"} trailing)", "[1,2]", "null", "\"InvalidAddress\"",
                                "{\"__type\":\"\xFF\"}", R"({"__type":"InvalidAddress",)", "{"}) {
    CAPTURE(body);
    for (int status : {400, 404, 500, 502, 503, 504}) {
      auto plain = d.decode_error(HttpResponse{status, {}, body});
      CHECK(plain.code == ServiceErrc::Unknown);
      CHECK(plain.name == "Unknown");
      CHECK(plain.message.empty());
      CHECK(plain.http_status == status);
      CHECK(plain.fault() == (status < 500 ? Fault::Client : Fault::Server));
      CHECK(plain.is_transient() == (status >= 500));
      auto with_header = d.decode_error(HttpResponse{status, query, body});
      CHECK(with_header.code == ServiceErrc::InvalidParameterValue);
      CHECK(with_header.request_id == "r");
    }
  }
  // x-amzn-errortype alone names it too.
  const HeaderView errortype[] = {{"X-Amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/"}};
  auto t = d.decode_error(HttpResponse{400, errortype, "garbage"});
  CHECK(t.code == ServiceErrc::ThrottlingException);
  CHECK(t.is_throttling());
}

TEST_CASE("hostile bodies never crash: each gives its exact outcome, and the Decoder keeps working") {
  // What a 2xx gives: a success with no members, or MalformedResponse with this message (after
  // "The <operation> response ").
  enum class Outcome { Success, NotJson, NotObject };
  const std::string deep(10000, '[');
  const struct {
    std::string body;
    Outcome outcome;
  } hostile[] = {
      {deep, Outcome::NotObject},
      {std::string(10000, '{'), Outcome::NotJson},
      {"{\"" + std::string(5000, 'k') + "\":1}", Outcome::Success},  // valid JSON, an unknown member
      {"{\"\\", Outcome::NotJson},
      {"\"\\u", Outcome::NotJson},
      {std::string(1, '\0'), Outcome::NotJson},
      {"{\"Results\":[" + deep, Outcome::NotJson},
  };
  Decoder d;
  auto check = [](const auto& r, Outcome outcome, std::string_view operation) {
    if (outcome == Outcome::Success) {
      REQUIRE(r);
      CHECK(r->to_owned() == std::remove_cvref_t<decltype(*r)>{}.to_owned());
      return;
    }
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ServiceErrc::MalformedResponse);
    CHECK(r.error().name == "MalformedResponse");
    CHECK(r.error().http_status == 200);
    CHECK(r.error().request_id == "req-1");
    const std::string prefix = "The " + std::string(operation) + " response body ";
    if (outcome == Outcome::NotObject) CHECK(r.error().message == prefix + "is not a JSON object.");
    else CHECK(r.error().message.starts_with(prefix + "is not valid JSON: "));
  };
  for (const auto& [body, outcome] : hostile) {
    CAPTURE(body.substr(0, 20));
    check(decode<StartMessageMoveTaskResult>(d, body), outcome, "StartMessageMoveTask");
    check(decode<CancelMessageMoveTaskResult>(d, body), outcome, "CancelMessageMoveTask");
    check(decode<ListMessageMoveTasksResult>(d, body), outcome, "ListMessageMoveTasks");
    // A 5xx: the body names no error, so the status classifies it: an unknown, retryable server error.
    const ServiceError e = d.decode_error(HttpResponse{500, request_id, body});
    CHECK(e.code == ServiceErrc::Unknown);
    CHECK(e.name == "Unknown");
    CHECK(e.message.empty());
    CHECK(e.http_status == 500);
    CHECK(e.request_id == "req-1");
    CHECK(e.fault() == Fault::Server);
    CHECK(e.is_transient());
  }
  CHECK(decode<StartMessageMoveTaskResult>(d, R"({"TaskHandle":"ok"})")->task_handle == "ok");
}

// Found by fuzz_decode: On-Demand skips a value nobody reads by counting brackets, so invalid JSON
// in an unknown member, or after a member read without being consumed, passed as a success.
TEST_CASE("a 2xx body is JSON throughout, also in the members redrive does not read") {
  for (std::string_view body : {R"({"x":tru})", R"({"x":nul})", R"({"x":truex})", R"({"x":01})", R"({"x":-})",
                                R"({"x":1.})", R"({"x":1e999})", R"({"x":"\q"})", R"({"x":"\ud800"})",
                                R"({"x":[1,]})", R"({"x":[1:2]})", R"({"x":{"a" 1}})", R"({"x":{"\q":1}})",
                                R"({"TaskHandle":"a","x":fals})", R"({"TaskHandle":"a":}})", R"({"TaskHandle":"a":}, "b":1})",
                                R"({"x":1:}})"}) {
    CAPTURE(body);
    CHECK(malformed<StartMessageMoveTaskResult>(body).message.starts_with(
        "The StartMessageMoveTask response body is not valid JSON: "));
  }
  malformed<ListMessageMoveTasksResult>(R"({"Results":[{"TaskHandle":"a":}, "b":"c","d":1}]})");
  malformed<ListMessageMoveTasksResult>(R"({"Results":[{"Status":"RUNNING","x":[tru]}]})");
  malformed<CancelMessageMoveTaskResult>(R"({"x":{"y":[nul]},"ApproximateNumberOfMessagesMoved":1})");
  // Nesting in an unknown member stops at detail::max_unread_depth (1000) levels.
  const std::string nested = "{\"x\":" + std::string(1100, '[') + std::string(1100, ']') + "}";
  CHECK(malformed<StartMessageMoveTaskResult>(nested).message ==
        "The StartMessageMoveTask response body is not valid JSON: " +
            std::string(simdjson::error_message(simdjson::DEPTH_ERROR)));
  // Valid JSON in unknown members is still ignored.
  Decoder d;
  auto r = decode<StartMessageMoveTaskResult>(
      d, R"({"x":{"a":[1,-2.5e-3,true,false,null,"s\u00e9",{}],"\u0062":[]},"y":123456789012345678901234567890,)"
         R"("TaskHandle":"h","z":1e-999})");
  REQUIRE(r);
  CHECK(r->task_handle == "h");
  const std::string ok_nested = "{\"x\":" + std::string(1000, '[') + std::string(1000, ']') + "}";
  const std::string list_nested = R"({"Results":[{"x":)" + std::string(1000, '[') + std::string(1000, ']') + "}]}";
  CHECK(decode<ListMessageMoveTasksResult>(d, list_nested));
  CHECK(decode<StartMessageMoveTaskResult>(d, ok_nested));
}

TEST_CASE("an error body that is not JSON anywhere contributes nothing") {
  Decoder d;
  for (std::string_view body : {R"({"__type":"InvalidAddress","message":"m","x":tru})",
                                R"({"__type":"InvalidAddress","message":"m","x":{"a":1:}}})",
                                R"({"__type":"InvalidAddress","message":[nul]})", R"({"__type":1.,"message":"m"})",
                                R"({"code":true:},"__type":"InvalidAddress","message":"m"})"}) {
    CAPTURE(body);
    auto e = d.decode_error(HttpResponse{400, request_id, body});
    CHECK(e.code == ServiceErrc::Unknown);
    CHECK(e.name == "Unknown");
    CHECK(e.message.empty());
    CHECK(e.request_id == "req-1");
  }
  auto e = d.decode_error(HttpResponse{400, {}, R"({"__type":"InvalidAddress","message":"m","x":[1,{"y":null}]})"});
  CHECK(e.code == ServiceErrc::InvalidAddress);
  CHECK(e.message == "m");
}

// Found by fuzz_decode: simdjson 3.0.1's root is_null() looks one byte too far, so a bare null
// with trailing whitespace was malformed when decoded from a copy (zero padding) and accepted in
// place when the padding happened to hold a space.
TEST_CASE("a bare null body with whitespace around it is an empty success, whatever the padding") {
  Decoder d;
  for (std::string_view body : {"null ", " null ", "null\n", "\tnull\r\n"}) {
    CAPTURE(body);
    auto copied = d.decode<StartMessageMoveTaskResult>(HttpResponse{200, {}, body});
    REQUIRE(copied);
    CHECK_FALSE(copied->task_handle);
    for (char junk : {'x', ' ', '"', '\0'}) {
      std::string padded = std::string(body) + std::string(required_padding, junk);
      auto in_place =
          d.decode<StartMessageMoveTaskResult>(HttpResponse{200, {}, std::string_view(padded.data(), body.size())},
                                               required_padding);
      REQUIRE(in_place);
      CHECK_FALSE(in_place->task_handle);
    }
  }
  for (std::string_view body : {"null x", " nul ", "null null"}) {
    CAPTURE(body);
    auto r = d.decode<ListMessageMoveTasksResult>(HttpResponse{200, {}, body});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ServiceErrc::MalformedResponse);
  }
}

// Found by fuzz_decode: simdjson 3.0.1 reads the byte after an unbalanced root object ("{}}"), so
// the same body decoded in place gave another error message when the padding held a '}'.
TEST_CASE("a malformed body gives the same error in place, whatever the padding, as from a copy") {
  Decoder d;
  for (std::string_view body : {"{}}", R"({"TaskHandle":"h"}})", "{\x13 z}}", R"({"TaskHandle":"h"} })"}) {
    CAPTURE(body);
    auto copied = d.decode<StartMessageMoveTaskResult>(HttpResponse{200, {}, body});
    REQUIRE_FALSE(copied);
    for (char junk : {'}', '\0', ' ', ']'}) {
      std::string padded = std::string(body) + std::string(required_padding, junk);
      auto in_place =
          d.decode<StartMessageMoveTaskResult>(HttpResponse{200, {}, std::string_view(padded.data(), body.size())},
                                               required_padding);
      REQUIRE_FALSE(in_place);
      CHECK(in_place.error().code == ServiceErrc::MalformedResponse);
      CHECK(in_place.error().message == copied.error().message);
    }
  }
}
