#include <doctest/doctest.h>

#include <redrive/types.hpp>
#include <string>
#include <type_traits>

using namespace redrive;
using namespace redrive::literals;

// ---- compile time ---------------------------------------------------------------------------
constexpr auto dlq = "arn:aws:sqs:us-east-1:123456789012:orders-dlq"_source_arn;
constexpr auto fifo = "arn:aws-cn:sqs:cn-north-1:123456789012:jobs.fifo"_destination_arn;
constexpr auto plain = "arn:aws-us-gov:sqs:us-gov-west-1:000000000000:a_b-C9"_queue_arn;
static_assert(dlq.queue_name() == "orders-dlq" && !dlq.is_fifo() && dlq.region() == "us-east-1");
static_assert(fifo.is_fifo() && fifo.partition() == "aws-cn" && fifo.account() == "123456789012");
static_assert(plain.partition() == "aws-us-gov" && plain.region() == "us-gov-west-1" && plain.queue_name() == "a_b-C9");
static_assert(QueueArn::parse("arn:aws:sqs:us-east-1:123456789012:q").value().str() ==
              "arn:aws:sqs:us-east-1:123456789012:q");
static_assert(SourceArn::parse("arn:aws:sqs:us-east-1:1234:q").error() == Error{Field::SourceArn, Errc::BadAccount, 26});
static_assert(DestinationArn::parse("").error() == Error{Field::DestinationArn, Errc::Empty, 0});
static_assert(Rate::make(500)->value() == 500 && !Rate::make(501) && !Rate::make(0));
static_assert(MaxResults::make(1)->value() == 1 && !MaxResults::make(11));
static_assert(Rate::parse("500")->value() == 500 && MaxResults::parse("10")->value() == 10);
static_assert(Rate::parse("501").error() == Error{Field::MaxNumberOfMessagesPerSecond, Errc::OutOfRange, 0});
static_assert(MaxResults::parse("1x").error() == Error{Field::MaxResults, Errc::NotAnInteger, 1});
static_assert(TaskHandle::parse("AQEB==")->str() == "AQEB==");
static_assert(TaskHandle::parse("").error() == Error{Field::TaskHandle, Errc::Empty, 0});

static_assert(std::is_trivially_copyable_v<QueueArn>);
static_assert(std::is_trivially_copyable_v<SourceArn>);
static_assert(!std::is_convertible_v<SourceArn, DestinationArn>);
static_assert(!std::is_convertible_v<DestinationArn, SourceArn>);
static_assert(!std::is_constructible_v<DestinationArn, SourceArn>);
static_assert(!std::is_default_constructible_v<QueueArn>);
static_assert(noexcept(QueueArn::parse("")) && noexcept(SourceArn::parse("")) && noexcept(Rate::make(1)) &&
              noexcept(MaxResults::make(1)) && noexcept(TaskHandle::parse("x")) && noexcept(Rate::parse("1")) &&
              noexcept(MaxResults::parse("1")));

// ---- run time -------------------------------------------------------------------------------
TEST_CASE("valid queue ARNs of every partition") {
  for (std::string_view s : {
           "arn:aws:sqs:us-east-1:123456789012:q",
           "arn:aws:sqs:ap-southeast-5:123456789012:Queue_Name-1",
           "arn:aws-cn:sqs:cn-northwest-1:123456789012:q",
           "arn:aws-us-gov:sqs:us-gov-east-1:123456789012:q",
           "arn:aws-iso:sqs:us-iso-west-1:123456789012:q",
           "arn:aws-iso-b:sqs:us-isob-east-1:123456789012:q",
           "arn:aws-iso-e:sqs:eu-isoe-west-1:123456789012:q",
           "arn:aws-iso-f:sqs:us-isof-east-1:123456789012:q",
           "arn:aws-eusc:sqs:eusc-de-east-1:123456789012:q.fifo",
       }) {
    CAPTURE(s);
    auto q = QueueArn::parse(s);
    REQUIRE(q);
    CHECK(q->str() == s);
    CHECK(std::string(q->partition()) + ":" == std::string(s.substr(4, q->partition().size() + 1)));
  }
}

TEST_CASE("queue name length: 80 characters including .fifo") {
  std::string prefix = "arn:aws:sqs:us-east-1:123456789012:";
  CHECK(QueueArn::parse(prefix + std::string(80, 'a')));
  CHECK(QueueArn::parse(prefix + std::string(75, 'a') + ".fifo")->is_fifo());
  CHECK(QueueArn::parse(prefix + "a.fifo")->queue_name() == "a.fifo");

  auto too_long = prefix + std::string(81, 'a');
  CHECK(QueueArn::parse(too_long).error() == Error{Field::Arn, Errc::QueueNameTooLong, 35 + 80});
  auto fifo_too_long = prefix + std::string(76, 'a') + ".fifo";
  CHECK(QueueArn::parse(fifo_too_long).error() == Error{Field::Arn, Errc::QueueNameTooLong, 35 + 80});
}

TEST_CASE("every queue ARN error code, with field and offset") {
  struct Case {
    std::string_view input;
    Errc code;
    std::uint32_t offset;
  };
  const Case cases[] = {
      {"", Errc::Empty, 0},
      {"urn:aws:sqs:us-east-1:123456789012:q", Errc::MissingArnPrefix, 0},
      {"arn:aws:sqs:us-east-1", Errc::TooFewFields, 21},
      {"arn:aws:sqs:us-east-1:123456789012:a:b", Errc::TooManyFields, 36},
      {"arn::sqs:us-east-1:123456789012:q", Errc::EmptyPartition, 4},
      {"arn:aws::us-east-1:123456789012:q", Errc::EmptyService, 8},
      {"arn:aws-mars:sqs:us-east-1:123456789012:q", Errc::UnknownPartition, 4},
      {"arn:aws:sns:us-east-1:123456789012:q", Errc::WrongService, 8},
      {"arn:aws:SQS:us-east-1:123456789012:q", Errc::WrongService, 8},
      {"arn:aws:sqs::123456789012:q", Errc::MissingRegion, 12},
      {"arn:aws:sqs:cn-north-1:123456789012:q", Errc::BadRegion, 12},
      {"arn:aws:sqs:us-gov-west-1:123456789012:q", Errc::BadRegion, 12},
      {"arn:aws-cn:sqs:us-east-1:123456789012:q", Errc::BadRegion, 15},
      {"arn:aws:sqs:useast1:123456789012:q", Errc::BadRegion, 12},
      {"arn:aws:sqs:us-east-1::q", Errc::BadAccount, 22},
      {"arn:aws:sqs:us-east-1:12345678901:q", Errc::BadAccount, 33},
      {"arn:aws:sqs:us-east-1:1234567890123:q", Errc::BadAccount, 34},
      {"arn:aws:sqs:us-east-1:1234-5678-9012:q", Errc::BadAccount, 26},
      {"arn:aws:sqs:us-east-1:80398EXAMPLE:q", Errc::BadAccount, 27},
      {"arn:aws:sqs:us-east-1:123456789012:", Errc::EmptyQueueName, 35},
      {"arn:aws:sqs:us-east-1:123456789012:a/b", Errc::QueueNameHasPath, 36},
      {"arn:aws:sqs:us-east-1:123456789012:queue/name", Errc::QueueNameHasPath, 40},
      {"arn:aws:sqs:us-east-1:123456789012:my queue", Errc::BadQueueNameChar, 37},
      {"arn:aws:sqs:us-east-1:123456789012:caf\xC3\xA9", Errc::BadQueueNameChar, 38},
      {"arn:aws:sqs:us-east-1:123456789012:.fifo", Errc::BadFifoSuffix, 35},
      {"arn:aws:sqs:us-east-1:123456789012:q.fif", Errc::BadFifoSuffix, 36},
      {"arn:aws:sqs:us-east-1:123456789012:q.fifo.fifo", Errc::BadFifoSuffix, 36},
      {"arn:aws:sqs:us-east-1:123456789012:q.FIFO", Errc::BadFifoSuffix, 36},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    auto r = QueueArn::parse(c.input);
    REQUIRE_FALSE(r);
    CHECK(r.error() == Error{Field::Arn, c.code, c.offset});
    CHECK(r.error().offset <= c.input.size());
  }
}

// The fields are checked in one pass, but an error of the split (too few fields, an empty field)
// still outranks what is wrong inside a field, wherever the two are.
TEST_CASE("queue ARN errors keep their order") {
  struct Case {
    std::string_view input;
    Errc code;
    std::uint32_t offset;
  };
  const Case cases[] = {
      {"arn:foo:sqs", Errc::TooFewFields, 11},
      {"arn:foo:sqs:us-east-1:123456789012", Errc::TooFewFields, 34},
      {"arn:aws:sns:x:y", Errc::TooFewFields, 15},
      {"arn:aws:sqs:us-east-1:123456789012", Errc::TooFewFields, 34},
      {"arn:aws:sqs:us-east-1:12345678901", Errc::TooFewFields, 33},
      {"arn:aws:sqs:us-east-1:1234567890123", Errc::TooFewFields, 35},
      {"arn:foo::us-east-1:123456789012:q", Errc::EmptyService, 8},
      {"arn:aws:sqs:bad:123456789012:", Errc::EmptyQueueName, 29},
      {"arn:aws:sqs:us-east-1:12:q", Errc::BadAccount, 24},
      {"arn:aws:sqs:us-east-1:123456789012x:q", Errc::BadAccount, 34},
      {"arn:aws:sqs:us-east-1:12345678901x:q", Errc::BadAccount, 33},
      {"arn:aws:sqs:us-east-1x:123456789012:q", Errc::BadRegion, 12},
      {"arn:aws:sqs:us-east-:123456789012:q", Errc::BadRegion, 12},
      {"arn:aws:sqs:us--1:123456789012:q", Errc::BadRegion, 12},
      {"arn:aws:sqs:ap:123456789012:q", Errc::BadRegion, 12},
      {"arn:aws-cn:sqs:cn-north-1:123456789012:q/", Errc::QueueNameHasPath, 40},
      {"arn:aws:sqs:us-east-1:123456789012:q..fifo", Errc::BadFifoSuffix, 36},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    CHECK(QueueArn::parse(c.input).error() == Error{Field::Arn, c.code, c.offset});
    CHECK(DestinationArn::parse(c.input).error() == Error{Field::DestinationArn, c.code, c.offset});
  }
}

TEST_CASE("an overlong region is TooLong, not a buffer overflow") {
  std::string region = "us-" + std::string(200, 'x') + "-1";
  auto r = QueueArn::parse("arn:aws:sqs:" + region + ":123456789012:q");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::TooLong);
  CHECK(r.error().offset > 12);
}

TEST_CASE("source and destination errors name their member") {
  CHECK(SourceArn::parse("arn:aws:sqs:us-east-1:123456789012:a b").error().field == Field::SourceArn);
  CHECK(DestinationArn::parse("arn:aws:sqs:us-east-1:123456789012:a b").error().field == Field::DestinationArn);
}

TEST_CASE("QueueArn is a regular value that owns its bytes") {
  std::string s = "arn:aws:sqs:eu-west-1:123456789012:q";
  auto q = QueueArn::parse(s).value();
  s.assign(s.size(), 'x');  // the parsed value must not view the input
  CHECK(q.str() == "arn:aws:sqs:eu-west-1:123456789012:q");
  QueueArn copy = q;
  CHECK(copy == q);
  CHECK(QueueArn::parse("arn:aws:sqs:eu-west-1:123456789012:a").value() < q);
  CHECK(SourceArn(q).queue() == q);
}

TEST_CASE("Rate and MaxResults ranges") {
  CHECK(Rate::make(1)->value() == 1);
  CHECK(Rate::make(500)->value() == 500);
  CHECK(Rate::make(0).error() == Error{Field::MaxNumberOfMessagesPerSecond, Errc::OutOfRange, 0});
  CHECK(Rate::make(-5).error().code == Errc::OutOfRange);
  CHECK(Rate::make(1LL << 40).error().code == Errc::OutOfRange);
  CHECK(MaxResults::make(10)->value() == 10);
  CHECK(MaxResults::make(0).error() == Error{Field::MaxResults, Errc::OutOfRange, 0});
  CHECK(MaxResults::make(11).error().field == Field::MaxResults);
}

TEST_CASE("Rate::parse and MaxResults::parse read decimal text, with an offset like the ARN parsers") {
  constexpr auto rate = Field::MaxNumberOfMessagesPerSecond;
  struct Case {
    std::string_view text;
    Errc code;
    std::uint32_t offset;
  };
  const Case bad_rates[] = {
      {"", Errc::Empty, 0},
      {"abc", Errc::NotAnInteger, 0},
      {"+5", Errc::NotAnInteger, 0},          // no '+': a count is written without a sign
      {" 5", Errc::NotAnInteger, 0},          // no surrounding whitespace
      {"5 ", Errc::NotAnInteger, 1},
      {"5\n", Errc::NotAnInteger, 1},
      {"5.0", Errc::NotAnInteger, 1},
      {"1e3", Errc::NotAnInteger, 1},
      {"0x10", Errc::NotAnInteger, 1},
      {"12a", Errc::NotAnInteger, 2},
      {"-", Errc::NotAnInteger, 1},           // the digit that is missing
      {"--5", Errc::NotAnInteger, 1},
      {"-x", Errc::NotAnInteger, 1},
      {"\xEF\xBC\x95", Errc::NotAnInteger, 0},  // a full-width digit is not an ASCII digit
      {"0", Errc::OutOfRange, 0},
      {"-0", Errc::OutOfRange, 0},
      {"-5", Errc::OutOfRange, 0},
      {"501", Errc::OutOfRange, 0},
      {"0501", Errc::OutOfRange, 0},
      {"9223372036854775807", Errc::OutOfRange, 0},              // LLONG_MAX
      {"9223372036854775808", Errc::OutOfRange, 0},              // one past it: no overflow
      {"-99999999999999999999999999999999", Errc::OutOfRange, 0},
      {"123456789012345678901234567890x", Errc::NotAnInteger, 30},  // the bad byte wins over the size
  };
  for (const Case& c : bad_rates) {
    CAPTURE(c.text);
    CHECK(Rate::parse(c.text).error() == Error{rate, c.code, c.offset});
  }
  CHECK(Rate::parse("1")->value() == 1);
  CHECK(Rate::parse("500")->value() == 500);
  CHECK(Rate::parse("007")->value() == 7);  // leading zeros are accepted
  CHECK(Rate::parse("000000000000000000000000000000050")->value() == 50);
  CHECK(Rate::parse("50") == Rate::make(50));

  CHECK(MaxResults::parse("1")->value() == 1);
  CHECK(MaxResults::parse("10")->value() == 10);
  CHECK(MaxResults::parse("11").error() == Error{Field::MaxResults, Errc::OutOfRange, 0});
  CHECK(MaxResults::parse("").error() == Error{Field::MaxResults, Errc::Empty, 0});
  CHECK(MaxResults::parse("1 0").error() == Error{Field::MaxResults, Errc::NotAnInteger, 1});

  // Every value of the range round-trips, and its neighbours are out of it.
  for (int v = Rate::min - 1; v <= Rate::max + 1; ++v) {
    auto parsed = Rate::parse(std::to_string(v));
    CHECK(parsed.has_value() == (v >= Rate::min && v <= Rate::max));
    if (parsed) CHECK(parsed->value() == v);
  }
}

TEST_CASE("an out-of-range rate or MaxResults says the range, from make and parse alike") {
  CHECK(render(Rate::make(501).error(), "501") ==
        "MaxNumberOfMessagesPerSecond: The number must be 1..500.\n"
        "  501\n"
        "  ^");
  CHECK(Rate::parse("0").error().message() == "The number must be 1..500.");
  CHECK(MaxResults::make(0).error().message() == "The number must be 1..10.");
  CHECK(MaxResults::parse("100").error().message() == "The number must be 1..10.");
  CHECK(render(Rate::parse("5O").error(), "5O") ==
        "MaxNumberOfMessagesPerSecond: The value must be a whole number in decimal digits, such as 50.\n"
        "  5O\n"
        "   ^");
}

TEST_CASE("TaskHandle is any non-empty UTF-8 text") {
  CHECK(TaskHandle::parse("eyJ0YXNrSWQiOiIxIn0=")->str() == "eyJ0YXNrSWQiOiIxIn0=");
  CHECK(TaskHandle::parse("with \"quotes\" and \n and \xE2\x82\xAC"));
  CHECK(TaskHandle::parse("ab\xFF").error() == Error{Field::TaskHandle, Errc::InvalidUtf8, 2});
  CHECK(TaskHandle::parse("\xC0\xAF").error().code == Errc::InvalidUtf8);          // overlong
  CHECK(TaskHandle::parse("x\xED\xA0\x80").error().offset == 1);                  // surrogate
  CHECK(TaskHandle::parse("\xF4\x90\x80\x80").error().code == Errc::InvalidUtf8);  // > U+10FFFF
  CHECK(TaskHandle::parse("\xE2\x82").error().code == Errc::InvalidUtf8);          // truncated
  CHECK(TaskHandle::parse("\xF0\x9F\x98\x80"));                                    // emoji
}
