#include <doctest/doctest.h>

#include <redrive/arn.hpp>

using namespace redrive;

constexpr Arn expect_arn(std::string_view s) { return parse_arn(s).value(); }
constexpr Error expect_error(std::string_view s) { return parse_arn(s).error(); }

static_assert(expect_arn("arn:aws:sqs:us-east-1:123456789012:q") ==
              Arn{"aws", "sqs", "us-east-1", "123456789012", "q"});
static_assert(expect_arn("arn:aws:s3:::bucket/key:with:colons").resource == "bucket/key:with:colons");
static_assert(expect_error("").code == Errc::Empty);
static_assert(expect_error("arm:aws").offset == 2);

TEST_CASE("parse_arn splits six fields and keeps ':' and '/' in the resource") {
  auto a = parse_arn("arn:aws:iam::123456789012:role/path/name");
  REQUIRE(a);
  CHECK(a->partition == "aws");
  CHECK(a->service == "iam");
  CHECK(a->region.empty());
  CHECK(a->account == "123456789012");
  CHECK(a->resource == "role/path/name");
  CHECK(parse_arn("arn:aws:lambda:us-east-1:123456789012:function:f:1")->resource == "function:f:1");
}

TEST_CASE("parse_arn errors carry field, code and offset") {
  struct Case {
    std::string_view input;
    Errc code;
    std::uint32_t offset;
  };
  const Case cases[] = {
      {"", Errc::Empty, 0},
      {"ar", Errc::MissingArnPrefix, 2},
      {"ARN:aws:sqs:r:a:q", Errc::MissingArnPrefix, 0},
      {"arnx", Errc::MissingArnPrefix, 3},
      {"arn:aws:sqs:us-east-1:123456789012", Errc::TooFewFields, 34},
      {"arn:aws", Errc::TooFewFields, 7},
      {"arn::sqs:us-east-1:123456789012:q", Errc::EmptyPartition, 4},
      {"arn:aws::us-east-1:123456789012:q", Errc::EmptyService, 8},
      {"arn:aws:sqs:us-east-1:123456789012:", Errc::EmptyResource, 35},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    auto r = parse_arn(c.input, Field::SourceArn);
    REQUIRE_FALSE(r);
    CHECK(r.error() == Error{Field::SourceArn, c.code, c.offset});
  }
}
