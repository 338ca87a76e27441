// Built without include/ on the include path (see tests/meson.build): redrive-single.hpp must
// compile on its own and behave like the headers it was made from.
#include <doctest/doctest.h>

#include "../redrive-single.hpp"

#include <string>
#include <string_view>

using namespace redrive::literals;

#ifndef REDRIVE_BUILD_VERSION
#error "build with -DREDRIVE_BUILD_VERSION=\"X.Y.Z\""
#endif

constexpr auto dlq = "arn:aws:sqs:us-east-1:123456789012:orders-dlq"_source_arn;
static_assert(dlq.queue_name() == "orders-dlq" && dlq.region() == "us-east-1");

TEST_CASE("single header: version matches meson.build (run python3 tools/amalgamate.py if not)") {
  CHECK(std::string_view(REDRIVE_VERSION) == std::string_view(REDRIVE_BUILD_VERSION));
}

TEST_CASE("single header: run-time parsing, errors and requests") {
  std::string input = "arn:aws:sqs:us-east-1:123456789012:orders";
  auto dst = redrive::DestinationArn::parse(input);
  REQUIRE(dst.has_value());
  CHECK(dst->queue_name() == "orders");
  CHECK(redrive::StartMessageMoveTaskRequest::make(dlq, *dst, redrive::Rate::make(50).value()).has_value());

  input = "arn:aws:sqs:us-east-1:12345:orders";
  auto bad = redrive::DestinationArn::parse(input);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().field == redrive::Field::DestinationArn);
  CHECK(bad.error().code == redrive::Errc::BadAccount);
  CHECK(redrive::render(bad.error(), input).find('^') != std::string::npos);

  auto cn = redrive::DestinationArn::parse("arn:aws-cn:sqs:cn-north-1:123456789012:orders").value();
  auto mismatch = redrive::StartMessageMoveTaskRequest::make(dlq, cn);
  REQUIRE_FALSE(mismatch.has_value());
  CHECK(mismatch.error().code == redrive::Errc::PartitionMismatch);
}
