#include <doctest/doctest.h>

#include <redrive/queue_url.hpp>
#include <string>

using namespace redrive;
using namespace redrive::literals;

static_assert("https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq"_queue_url.queue_name() == "orders-dlq");
static_assert("http://127.0.0.1:9324/000000000000/jobs.fifo"_queue_url.is_fifo());

namespace {
Error error_of(std::string_view url) {
  auto r = QueueUrl::parse(url);
  REQUIRE_FALSE(r);
  CHECK(r.error().field == Field::QueueUrl);
  return r.error();
}
}  // namespace

TEST_CASE("a queue URL keeps its bytes and splits into origin, host, account and name") {
  auto u = QueueUrl::parse("https://sqs.eu-west-1.amazonaws.com/123456789012/Orders_DLQ-1");
  REQUIRE(u);
  CHECK(u->str() == "https://sqs.eu-west-1.amazonaws.com/123456789012/Orders_DLQ-1");
  CHECK(u->origin() == "https://sqs.eu-west-1.amazonaws.com");
  CHECK(u->host() == "sqs.eu-west-1.amazonaws.com");
  CHECK(u->account() == "123456789012");
  CHECK(u->queue_name() == "Orders_DLQ-1");
  CHECK_FALSE(u->is_fifo());

  auto local = QueueUrl::parse("http://127.0.0.1:9324/000000000000/jobs.fifo");
  REQUIRE(local);
  CHECK(local->host() == "127.0.0.1:9324");
  CHECK(local->origin() == "http://127.0.0.1:9324");
  CHECK(local->is_fifo());
  CHECK(QueueUrl::parse("http://[::1]:4566/000000000000/q"));
  CHECK(QueueUrl::parse("HTTPS://SQS.US-EAST-1.AMAZONAWS.COM/123456789012/q")->str() ==
        "HTTPS://SQS.US-EAST-1.AMAZONAWS.COM/123456789012/q");
  CHECK(QueueUrl::parse("https://h/123456789012/" + std::string(80, 'q')));
  CHECK(*QueueUrl::parse("https://a/123456789012/q") < *QueueUrl::parse("https://b/123456789012/q"));
}

TEST_CASE("queue URL errors name the code and the byte") {
  CHECK(error_of("") == Error{Field::QueueUrl, Errc::Empty, 0});
  CHECK(error_of("sqs.us-east-1.amazonaws.com/123456789012/q").code == Errc::BadEndpoint);
  CHECK(error_of("ftp://h/123456789012/q").code == Errc::BadEndpoint);
  CHECK(error_of("https:///123456789012/q") == Error{Field::QueueUrl, Errc::EndpointMissingHost, 8});
  CHECK(error_of("https://u:p@h/123456789012/q") == Error{Field::QueueUrl, Errc::EndpointHasUserInfo, 8});
  CHECK(error_of("https://h x/123456789012/q") == Error{Field::QueueUrl, Errc::BadEndpointHost, 9});
  CHECK(error_of("https://h:0/123456789012/q").code == Errc::BadEndpointPort);
  CHECK(error_of("https://h") == Error{Field::QueueUrl, Errc::BadQueueUrlPath, 9});
  CHECK(error_of("https://h/") == Error{Field::QueueUrl, Errc::BadQueueUrlPath, 10});
  CHECK(error_of("https://h/123456789012") == Error{Field::QueueUrl, Errc::BadQueueUrlPath, 10});
  CHECK(error_of("https://h/12345/q") == Error{Field::QueueUrl, Errc::BadAccount, 15});
  CHECK(error_of("https://h/1234567890123/q") == Error{Field::QueueUrl, Errc::BadAccount, 22});
  CHECK(error_of("https://h/12345678901x/q") == Error{Field::QueueUrl, Errc::BadAccount, 21});
  CHECK(error_of("https://h/123456789012/") == Error{Field::QueueUrl, Errc::EmptyQueueName, 23});
  CHECK(error_of("https://h/123456789012/a/b") == Error{Field::QueueUrl, Errc::QueueNameHasPath, 24});
  CHECK(error_of("https://h/123456789012/q/") == Error{Field::QueueUrl, Errc::QueueNameHasPath, 24});
  CHECK(error_of("https://h/123456789012/my queue") == Error{Field::QueueUrl, Errc::BadQueueNameChar, 25});
  CHECK(error_of("https://h/123456789012/.fifo") == Error{Field::QueueUrl, Errc::BadFifoSuffix, 23});
  CHECK(error_of("https://h/123456789012/" + std::string(81, 'q')) ==
        Error{Field::QueueUrl, Errc::QueueNameTooLong, 23 + 80});
  CHECK(error_of("https://h/123456789012/q?a=b") == Error{Field::QueueUrl, Errc::EndpointHasQuery, 24});
  CHECK(error_of("https://h?x") == Error{Field::QueueUrl, Errc::EndpointHasQuery, 9});
  CHECK(error_of("https://h/123456789012/q#f") == Error{Field::QueueUrl, Errc::EndpointHasFragment, 24});
  CHECK(error_of("https://" + std::string(300, 'h') + "/123456789012/q").code == Errc::TooLong);
  // The sentences speak of a queue URL, not of an endpoint.
  CHECK(Error{Field::QueueUrl, Errc::BadEndpoint, 0}.message() == "A queue URL must start with https:// or http://.");
  CHECK(Error{Field::Endpoint, Errc::BadEndpoint, 0}.message() == "The endpoint must start with http:// or https://.");
}

TEST_CASE("queue URL to ARN on the AWS endpoint forms") {
  auto arn = [](std::string_view url) -> std::string {
    auto u = QueueUrl::parse(url);
    REQUIRE(u);
    auto a = queue_arn_of(*u);
    return a ? std::string(a->str()) : std::string("none");
  };
  CHECK(arn("https://sqs.us-east-1.amazonaws.com/123456789012/dlq") == "arn:aws:sqs:us-east-1:123456789012:dlq");
  CHECK(arn("https://sqs.eu-west-1.amazonaws.com:443/123456789012/dlq.fifo") == "arn:aws:sqs:eu-west-1:123456789012:dlq.fifo");
  CHECK(arn("https://SQS.us-west-2.AmazonAWS.com/123456789012/q") == "arn:aws:sqs:us-west-2:123456789012:q");
  CHECK(arn("https://sqs-fips.us-east-2.amazonaws.com/123456789012/q") == "arn:aws:sqs:us-east-2:123456789012:q");
  CHECK(arn("https://sqs.us-east-1.api.aws/123456789012/q") == "arn:aws:sqs:us-east-1:123456789012:q");
  CHECK(arn("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q") == "arn:aws-cn:sqs:cn-north-1:123456789012:q");
  CHECK(arn("https://sqs.us-gov-west-1.amazonaws.com/123456789012/q") == "arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q");
  CHECK(arn("https://sqs.us-iso-east-1.c2s.ic.gov/123456789012/q") == "arn:aws-iso:sqs:us-iso-east-1:123456789012:q");
  CHECK(arn("https://eu-west-1.queue.amazonaws.com/123456789012/q") == "arn:aws:sqs:eu-west-1:123456789012:q");
  CHECK(arn("https://queue.amazonaws.com/123456789012/q") == "arn:aws:sqs:us-east-1:123456789012:q");
  CHECK(arn("http://sqs.us-east-1.amazonaws.com/123456789012/q") == "arn:aws:sqs:us-east-1:123456789012:q");
  // Not an AWS endpoint, or the region and the suffix disagree: no ARN from the URL.
  CHECK(arn("http://127.0.0.1:9324/000000000000/q") == "none");
  CHECK(arn("http://localhost:4566/000000000000/q") == "none");
  CHECK(arn("https://sqs.us-east-1.amazonaws.com:8443/123456789012/q") == "none");
  CHECK(arn("https://sqs.cn-north-1.amazonaws.com/123456789012/q") == "none");
  CHECK(arn("https://sqs.xx-foo-1.amazonaws.com/123456789012/q") == "none");
  CHECK(arn("https://sqs.US-EAST-1.amazonaws.com/123456789012/q") == "none");
  CHECK(arn("https://sqs.amazonaws.com/123456789012/q") == "none");
  CHECK(arn("https://proxy.example.com/123456789012/q") == "none");
}

TEST_CASE("queue ARN to URL on the standard endpoint, and back") {
  for (std::string_view s : {"arn:aws:sqs:us-east-1:123456789012:dlq", "arn:aws-cn:sqs:cn-northwest-1:123456789012:q.fifo",
                             "arn:aws-us-gov:sqs:us-gov-east-1:123456789012:q", "arn:aws-eusc:sqs:eusc-de-east-1:123456789012:q"}) {
    CAPTURE(s);
    auto arn = QueueArn::parse(s);
    REQUIRE(arn);
    QueueUrl url = queue_url_of(*arn);
    CHECK(url.str().starts_with("https://sqs." + std::string(arn->region()) + "."));
    CHECK(url.queue_name() == arn->queue_name());
    auto back = queue_arn_of(url);
    REQUIRE(back);
    CHECK(*back == *arn);
  }
  CHECK(queue_url_of(*QueueArn::parse("arn:aws-cn:sqs:cn-north-1:123456789012:q")).str() ==
        "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q");
}

TEST_CASE("queue names and account IDs") {
  CHECK(QueueName::parse("orders-dlq.fifo")->is_fifo());
  CHECK(QueueName::parse("orders")->str() == "orders");
  CHECK(QueueName::parse("").error() == Error{Field::QueueName, Errc::EmptyQueueName, 0});
  CHECK(QueueName::parse("a b").error() == Error{Field::QueueName, Errc::BadQueueNameChar, 1});
  CHECK(QueueName::parse("a/b").error() == Error{Field::QueueName, Errc::QueueNameHasPath, 1});
  CHECK(QueueName::parse("a.b").error() == Error{Field::QueueName, Errc::BadFifoSuffix, 1});
  CHECK(QueueName::parse(std::string(81, 'a')).error() == Error{Field::QueueName, Errc::QueueNameTooLong, 80});
  CHECK(AccountId::parse("123456789012")->str() == "123456789012");
  CHECK(AccountId::parse("").error() == Error{Field::QueueOwnerAWSAccountId, Errc::Empty, 0});
  CHECK(AccountId::parse("1234-5678").error() == Error{Field::QueueOwnerAWSAccountId, Errc::BadAccount, 4});
  CHECK(AccountId::parse("12345678901").error() == Error{Field::QueueOwnerAWSAccountId, Errc::BadAccount, 11});
  CHECK(AccountId::parse("1234567890123").error() == Error{Field::QueueOwnerAWSAccountId, Errc::BadAccount, 12});
}
