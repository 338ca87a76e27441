#include <doctest/doctest.h>

#include <redrive/decode.hpp>
#include <redrive/encode.hpp>
#include <redrive/paginate.hpp>
#include <redrive/queue_model.hpp>
#include <string>
#include <vector>

using namespace redrive;
using namespace redrive::literals;

static_assert(all_operations.size() == 7);
static_assert(operation_from_name("ListDeadLetterSourceQueues") == OperationId::ListDeadLetterSourceQueues);
static_assert(operation_from_name("listQueues") == std::nullopt);
static_assert(Operation<GetQueueAttributesRequest>::target == "AmazonSQS.GetQueueAttributes");
static_assert(OperationOfResult<ListDeadLetterSourceQueuesResult>::id == OperationId::ListDeadLetterSourceQueues);
static_assert(OperationOfResult<ListQueuesResult>::id == OperationId::ListQueues);
static_assert(DecodableResult<GetQueueUrlResult> && !DecodableResult<OwnedGetQueueUrlResult>);
static_assert(to_string(QueueAttribute::RedriveAllowPolicy) == "RedriveAllowPolicy");
static_assert(*parse_queue_attribute("ApproximateNumberOfMessagesNotVisible") ==
              QueueAttribute::ApproximateNumberOfMessagesNotVisible);

namespace {
constexpr auto dlq_url = "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq"_queue_url;

std::string body_of(const auto& request) {
  std::string out;
  encode_body(request, out);
  return out;
}

const HeaderView request_id[] = {{"x-amzn-RequestId", "req-1"}};

template <class R>
std::expected<R, ServiceError> decode(Decoder& d, std::string_view body, int status = 200) {
  return d.decode<R>(HttpResponse{status, request_id, body});
}

GetQueueAttributesResult attributes(std::vector<std::pair<std::string_view, std::string_view>> pairs) {
  return {std::move(pairs)};
}
}  // namespace

TEST_CASE("queue operation bodies: members in model order, absent ones left out") {
  CHECK(body_of(ListQueuesRequest{}) == "{}");
  CHECK(body_of(ListQueuesRequest{*QueueNamePrefix::parse("orders"), *NextToken::parse("t\"1"),
                                  *QueueMaxResults::make(1000)}) ==
        R"({"QueueNamePrefix":"orders","NextToken":"t\"1","MaxResults":1000})");
  CHECK(body_of(ListQueuesRequest{std::nullopt, std::nullopt, *QueueMaxResults::make(7)}) == R"({"MaxResults":7})");
  CHECK(body_of(ListQueuesRequest{std::nullopt, *NextToken::parse("x"), std::nullopt}) == R"({"NextToken":"x"})");
  CHECK(body_of(GetQueueUrlRequest{*QueueName::parse("orders-dlq"), std::nullopt}) == R"({"QueueName":"orders-dlq"})");
  CHECK(body_of(GetQueueUrlRequest{*QueueName::parse("q.fifo"), *AccountId::parse("210987654321")}) ==
        R"({"QueueName":"q.fifo","QueueOwnerAWSAccountId":"210987654321"})");
  CHECK(body_of(GetQueueAttributesRequest{dlq_url, std::nullopt}) ==
        R"({"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq"})");
  CHECK(body_of(GetQueueAttributesRequest{dlq_url, std::vector<QueueAttribute>{}}) ==
        R"({"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq","AttributeNames":[]})");
  CHECK(body_of(GetQueueAttributesRequest{dlq_url, std::vector{QueueAttribute::QueueArn, QueueAttribute::RedrivePolicy}}) ==
        R"({"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq","AttributeNames":["QueueArn","RedrivePolicy"]})");
  CHECK(body_of(ListDeadLetterSourceQueuesRequest{dlq_url, *NextToken::parse("n"), *QueueMaxResults::make(10)}) ==
        R"({"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq","NextToken":"n","MaxResults":10})");
}

TEST_CASE("queue operation requests: target and content-length") {
  HttpRequest r = encode(ListDeadLetterSourceQueuesRequest{dlq_url, std::nullopt, std::nullopt}, *endpoint_for("us-east-1"));
  REQUIRE(r.headers.size() == 5);
  CHECK(r.headers[2].value == "AmazonSQS.ListDeadLetterSourceQueues");
  CHECK(r.headers[4].value == std::to_string(r.body.size()));
  CHECK(encode(ListQueuesRequest{}, *endpoint_for("eu-west-1")).headers[2].value == "AmazonSQS.ListQueues");
}

TEST_CASE("request values reject what SQS would") {
  CHECK(QueueMaxResults::make(0).error() == Error{Field::QueueMaxResults, Errc::OutOfRange, 0});
  CHECK(QueueMaxResults::make(1001).error().message() == "The number must be 1..1000.");
  CHECK(field_name(Field::QueueMaxResults) == "MaxResults");
  CHECK(NextToken::parse("").error() == Error{Field::NextToken, Errc::Empty, 0});
  CHECK(NextToken::parse("a\xff").error() == Error{Field::NextToken, Errc::InvalidUtf8, 1});
  CHECK(QueueNamePrefix::parse("orders.fifo"));
  CHECK(QueueNamePrefix::parse("").error() == Error{Field::QueueNamePrefix, Errc::Empty, 0});
  CHECK(QueueNamePrefix::parse("a*").error() == Error{Field::QueueNamePrefix, Errc::BadQueueNameChar, 1});
  CHECK(QueueNamePrefix::parse(std::string(81, 'a')).error() == Error{Field::QueueNamePrefix, Errc::TooLong, 80});
  CHECK(parse_queue_attribute("queuearn").error() == Error{Field::AttributeNames, Errc::UnknownValue, 0});
}

TEST_CASE("decoding the queue results") {
  Decoder d;
  auto list = decode<ListQueuesResult>(d, R"({"QueueUrls":["https://a/1","https:\/\/b/2"],"NextToken":"n1"})");
  REQUIRE(list);
  REQUIRE(list->queue_urls);
  CHECK(*list->queue_urls == std::vector<std::string_view>{"https://a/1", "https://b/2"});
  CHECK(list->next_token == "n1");
  OwnedListQueuesResult owned = list->to_owned();
  CHECK(owned.queue_urls->at(1) == "https://b/2");

  auto none = decode<ListQueuesResult>(d, "{}");
  REQUIRE(none);
  CHECK_FALSE(none->queue_urls);
  CHECK_FALSE(none->next_token);
  auto empty = decode<ListQueuesResult>(d, R"({"QueueUrls":[],"NextToken":null})");
  REQUIRE(empty);
  CHECK(empty->queue_urls == std::vector<std::string_view>{});

  auto sources = decode<ListDeadLetterSourceQueuesResult>(d, R"({"queueUrls":["u1","u2"],"QueueUrls":["no"]})");
  REQUIRE(sources);
  CHECK(*sources->queue_urls == std::vector<std::string_view>{"u1", "u2"});

  auto url = decode<GetQueueUrlResult>(d, R"({"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/q"})");
  REQUIRE(url);
  CHECK(url->queue_url == "https://sqs.us-east-1.amazonaws.com/123456789012/q");

  auto attrs = decode<GetQueueAttributesResult>(
      d, R"({"Attributes":{"QueueArn":"arn:aws:sqs:us-east-1:123456789012:q","ApproximateNumberOfMessages":"12",)"
         R"("Policy":"{}","ApproximateNumberOfMessages":"13"}})");
  REQUIRE(attrs);
  CHECK(attrs->attributes->size() == 4);
  CHECK(attrs->attribute("Policy") == "{}");
  CHECK(attrs->attribute("VisibilityTimeout") == std::nullopt);
  CHECK(**attrs->approximate_number_of_messages() == 13);  // the last one counts
  CHECK((*attrs->queue_arn())->str() == "arn:aws:sqs:us-east-1:123456789012:q");
}

TEST_CASE("malformed queue results are MalformedResponse, naming the member") {
  Decoder d;
  auto expect = [&](auto r, std::string_view text) {
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ServiceErrc::MalformedResponse);
    CAPTURE(r.error().message);
    CHECK(r.error().message.find(text) != std::string::npos);
  };
  expect(decode<ListQueuesResult>(d, R"({"QueueUrls":"u"})"), "QueueUrls is not an array");
  expect(decode<ListQueuesResult>(d, R"({"QueueUrls":[1]})"), "QueueUrls is not a string");
  expect(decode<ListDeadLetterSourceQueuesResult>(d, R"({"queueUrls":{}})"), "queueUrls is not an array");
  expect(decode<GetQueueAttributesResult>(d, R"({"Attributes":[]})"), "Attributes is not a JSON object");
  expect(decode<GetQueueAttributesResult>(d, R"({"Attributes":{"A":1}})"), "Attributes is not a string");
  expect(decode<GetQueueUrlResult>(d, R"({"QueueUrl":["x"]})"), "QueueUrl is not a string");
  expect(decode<GetQueueAttributesResult>(d, R"({"Attributes":{"A":"b"})"), "not valid JSON");
  // A null entry or value: the typed result cannot hold it.
  expect(decode<ListQueuesResult>(d, R"({"QueueUrls":["u",null]})"), "QueueUrls is not a string");
  expect(decode<GetQueueAttributesResult>(d, R"({"Attributes":{"Policy":null}})"), "Attributes is not a string");
  // An error status gives the service's error, e.g. a queue that does not exist.
  const HeaderView q[] = {{"x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"}};
  auto missing = d.decode<GetQueueUrlResult>(
      HttpResponse{400, q, R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."})"});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ServiceErrc::QueueDoesNotExist);
}

TEST_CASE("typed attributes: absent is nullopt, malformed is an Error") {
  auto a = attributes({{"QueueArn", "arn:aws:sqs:us-east-1:123456789012:orders-dlq.fifo"},
                       {"FifoQueue", "true"},
                       {"ApproximateNumberOfMessages", "1200"},
                       {"ApproximateNumberOfMessagesNotVisible", "3"},
                       {"ApproximateNumberOfMessagesDelayed", "0"},
                       {"RedrivePolicy", R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:x.fifo","maxReceiveCount":5})"},
                       {"RedriveAllowPolicy", R"({"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:123456789012:a.fifo","arn:aws:sqs:us-east-1:123456789012:b.fifo"]})"}});
  CHECK((*a.queue_arn())->queue_name() == "orders-dlq.fifo");
  CHECK(**a.fifo() == true);
  CHECK(**a.approximate_number_of_messages() == 1200);
  CHECK(**a.approximate_number_of_messages_not_visible() == 3);
  CHECK(**a.approximate_number_of_messages_delayed() == 0);
  auto policy = a.redrive_policy();
  REQUIRE(policy);
  REQUIRE(*policy);
  CHECK((*policy)->dead_letter_target_arn.str() == "arn:aws:sqs:us-east-1:123456789012:x.fifo");
  CHECK((*policy)->max_receive_count == 5);
  auto allow = a.redrive_allow_policy();
  REQUIRE(allow);
  REQUIRE(*allow);
  CHECK((*allow)->redrive_permission == RedrivePermission::ByQueue);
  REQUIRE((*allow)->source_queue_arns.size() == 2);
  CHECK((*allow)->source_queue_arns[1].queue_name() == "b.fifo");
  CHECK(a.to_owned().attribute(QueueAttribute::FifoQueue) == "true");

  auto none = attributes({});
  CHECK(*none.queue_arn() == std::nullopt);
  CHECK(*none.fifo() == std::nullopt);
  CHECK(*none.redrive_policy() == std::nullopt);
  CHECK(*none.redrive_allow_policy() == std::nullopt);
  CHECK(*GetQueueAttributesResult{}.approximate_number_of_messages() == std::nullopt);

  auto bad = attributes({{"QueueArn", "arn:aws:sqs:us-east-1:1:q"}, {"FifoQueue", "yes"}, {"ApproximateNumberOfMessages", "-1"}});
  CHECK(bad.queue_arn().error() == Error{Field::Attributes, Errc::BadAccount, 23});
  CHECK(bad.fifo().error() == Error{Field::Attributes, Errc::UnknownValue, 0});
  CHECK(bad.approximate_number_of_messages().error() == Error{Field::Attributes, Errc::NotAnInteger, 0});
  CHECK(parse_attribute_count("99999999999999999999").error().code == Errc::OutOfRange);
  // Found by fuzz_decode: the largest counts were refused as out of range.
  CHECK(parse_attribute_count("9223372036854775807") == INT64_MAX);
  CHECK(parse_attribute_count("9223372036854775808").error().code == Errc::OutOfRange);
}

TEST_CASE("RedrivePolicy: maxReceiveCount as a number or a string, every malformation an Error") {
  const std::string arn = "arn:aws:sqs:us-east-1:123456789012:dlq";
  auto p = parse_redrive_policy(R"({"maxReceiveCount":"10","deadLetterTargetArn":")" + arn + R"(","extra":[1]})");
  REQUIRE(p);
  CHECK(p->max_receive_count == 10);
  CHECK(p->dead_letter_target_arn.str() == arn);
  CHECK(parse_redrive_policy(R"( {"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:d","maxReceiveCount":1000} )"));

  auto error = [](std::string_view json) {
    auto r = parse_redrive_policy(json);
    REQUIRE_FALSE(r);
    CHECK(r.error().field == Field::RedrivePolicy);
    return r.error();
  };
  CHECK(error("").code == Errc::NotJson);
  CHECK(error("{").code == Errc::NotJson);
  CHECK(error("[]").code == Errc::NotJson);
  CHECK(error(R"({"deadLetterTargetArn":"x"} trailing)").code == Errc::NotJson);
  CHECK(error(R"({"deadLetterTargetArn":5,"maxReceiveCount":5})").code == Errc::NotJson);
  CHECK(error(R"({"maxReceiveCount":5})").code == Errc::MissingMember);
  CHECK(error(R"({"deadLetterTargetArn":")" + arn + R"("})").code == Errc::MissingMember);
  CHECK(error(R"({"deadLetterTargetArn":")" + arn + R"(","maxReceiveCount":0})").code == Errc::OutOfRange);
  CHECK(error(R"({"deadLetterTargetArn":")" + arn + R"(","maxReceiveCount":"5x"})").code == Errc::NotAnInteger);
  CHECK(error(R"({"deadLetterTargetArn":")" + arn + R"(","maxReceiveCount":2.5})").code == Errc::NotAnInteger);
  CHECK(error(R"({"deadLetterTargetArn":")" + arn + R"(","maxReceiveCount":true})").code == Errc::NotAnInteger);
  // A bad ARN: its error, at its byte in the policy text.
  const std::string bad = R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:12345:dlq","maxReceiveCount":5})";
  CHECK(error(bad) == Error{Field::RedrivePolicy, Errc::BadAccount, static_cast<std::uint32_t>(bad.find("12345:") + 5)});
}

TEST_CASE("RedriveAllowPolicy") {
  CHECK(parse_redrive_allow_policy(R"({"redrivePermission":"allowAll"})")->redrive_permission == RedrivePermission::AllowAll);
  CHECK(parse_redrive_allow_policy(R"({"redrivePermission":"denyAll"})")->source_queue_arns.empty());
  CHECK(to_string(RedrivePermission::ByQueue) == "byQueue");
  CHECK(parse_redrive_allow_policy(R"({"redrivePermission":"AllowAll"})").error().code == Errc::UnknownValue);
  CHECK(parse_redrive_allow_policy(R"({"sourceQueueArns":[]})").error().code == Errc::MissingMember);
  CHECK(parse_redrive_allow_policy(R"({"redrivePermission":"byQueue","sourceQueueArns":"x"})").error().code == Errc::NotJson);
  CHECK(parse_redrive_allow_policy(R"({"redrivePermission":"byQueue","sourceQueueArns":[1]})").error().code == Errc::NotJson);
  CHECK(parse_redrive_allow_policy(R"({"redrivePermission":"byQueue","sourceQueueArns":["q"]})").error() ==
        Error{Field::RedriveAllowPolicy, Errc::MissingArnPrefix, static_cast<std::uint32_t>(std::string_view(
            R"({"redrivePermission":"byQueue","sourceQueueArns":[")").size())});
  CHECK(parse_redrive_allow_policy("nope").error() == Error{Field::RedriveAllowPolicy, Errc::NotJson, 0});
  // Found by fuzz_decode: sourceQueueArns were kept for allowAll and denyAll, against the documentation.
  const std::string src = R"(["arn:aws:sqs:us-east-1:123456789012:q"]})";
  CHECK(parse_redrive_allow_policy(R"({"redrivePermission":"allowAll","sourceQueueArns":)" + src)->source_queue_arns.empty());
  CHECK(parse_redrive_allow_policy(R"({"sourceQueueArns":)" + src.substr(0, src.size() - 1) +
                                   R"(,"redrivePermission":"denyAll"})")->source_queue_arns.empty());
  CHECK(parse_redrive_allow_policy(R"({"redrivePermission":"byQueue","sourceQueueArns":)" + src)->source_queue_arns.size() == 1);
}

TEST_CASE("Pages: next requests from NextToken, done without one, a repeated token is an error") {
  Pages pages(ListQueuesRequest{std::nullopt, std::nullopt, *QueueMaxResults::make(2)});
  CHECK_FALSE(pages.done());
  CHECK_FALSE(pages.request().next_token);
  OwnedListQueuesResult first{std::vector<std::string>{"u1", "u2"}, "t1"};
  REQUIRE(pages.advance(first));
  CHECK(pages.request().next_token->str() == "t1");
  CHECK(pages.request().max_results->value() == 2);
  REQUIRE(pages.advance(std::optional<std::string_view>("t2")));
  CHECK(pages.request().next_token->str() == "t2");
  REQUIRE(pages.advance(ListQueuesResult{}));
  CHECK(pages.done());
  CHECK(pages.pages() == 3);
  CHECK(pages.advance(std::optional<std::string_view>("t1")));  // after done: nothing changes
  CHECK(pages.done());

  Pages loop(ListDeadLetterSourceQueuesRequest{dlq_url, std::nullopt, std::nullopt});
  REQUIRE(loop.advance(std::optional<std::string_view>("a")));
  REQUIRE(loop.advance(std::optional<std::string_view>("b")));
  auto again = loop.advance(std::optional<std::string_view>("a"));
  REQUIRE_FALSE(again);
  CHECK(again.error() == Error{Field::NextToken, Errc::RepeatedToken, 0});
  CHECK_FALSE(loop.done());

  Pages resumed(ListQueuesRequest{std::nullopt, *NextToken::parse("r"), std::nullopt});
  CHECK(resumed.advance(std::optional<std::string_view>("r")).error().code == Errc::RepeatedToken);
  Pages empty_token(ListQueuesRequest{});
  REQUIRE(empty_token.advance(std::optional<std::string_view>("")));
  CHECK(empty_token.done());
  Pages bad(ListQueuesRequest{});
  CHECK(bad.advance(std::optional<std::string_view>("\xff")).error().code == Errc::InvalidUtf8);
}
