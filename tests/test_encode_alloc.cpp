// Encoding into reused buffers allocates nothing once they are warm. It counts allocations by
// replacing the global operator new (count_allocations.hpp), so it is an executable of its own.
#include <doctest/doctest.h>

#include <redrive/encode.hpp>
#include <string>

#include "count_allocations.hpp"

using namespace redrive;
using namespace redrive::literals;

namespace {
constexpr auto dlq = "arn:aws:sqs:us-east-1:123456789012:orders-dlq"_source_arn;
constexpr auto dst = "arn:aws:sqs:us-east-1:123456789012:orders"_destination_arn;
}  // namespace

TEST_CASE("the counter sees allocations") {
  // Two: the string object, then its 100 characters (beyond the small-string buffer).
  std::string* s = nullptr;
  long n = allocations_in([&] { s = new std::string(100, 'x'); });
  CHECK(n == 2);
  CHECK(s->size() == 100);
  delete s;
  CHECK(allocations_in([] { std::string small(10, 'x'); }) == 0);
}

TEST_CASE("StartMessageMoveTask body into a reused buffer: zero allocations once warm") {
  auto request = *StartMessageMoveTaskRequest::make(dlq, dst, *Rate::make(500));
  std::string buf;
  encode_body(request, buf);  // warm-up
  const std::string expected = buf;
  long n = allocations_in([&] {
    for (int i = 0; i < 1000; ++i) {
      buf.clear();
      encode_body(request, buf);
    }
  });
  CHECK(n == 0);
  CHECK(buf == expected);
}

TEST_CASE("the other bodies and whole requests: zero allocations once warm") {
  auto start = *StartMessageMoveTaskRequest::make(dlq, dst, *Rate::make(50));
  CancelMessageMoveTaskRequest cancel{*TaskHandle::parse("AQEB\"quoted\"\n/é")};
  ListMessageMoveTasksRequest list{dlq, *MaxResults::make(10)};
  std::string buf;
  HttpRequest request;
  long endpoint_allocations = 0;
  Endpoint endpoint = *endpoint_for("us-east-1");
  endpoint_allocations = allocations_in([&] { endpoint = *endpoint_for("us-gov-west-1", {.fips = true}); });
  CHECK(endpoint_allocations == 0);

  // Warm every buffer with every operation once.
  encode_body(cancel, buf);
  buf.clear();
  encode_body(list, buf);
  encode_into(cancel, endpoint, request);
  encode_into(start, endpoint, request);
  encode_into(list, endpoint, request);
  const HttpRequest expected = encode(start, endpoint);

  long n = allocations_in([&] {
    for (int i = 0; i < 100; ++i) {
      buf.clear();
      encode_body(cancel, buf);
      buf.clear();
      encode_body(list, buf);
      encode_into(list, endpoint, request);
      encode_into(cancel, endpoint, request);
      encode_into(start, endpoint, request);
    }
  });
  CHECK(n == 0);
  CHECK(request == expected);
}
