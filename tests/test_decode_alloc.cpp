// A warm Decoder decodes without allocating. It counts allocations by replacing the
// global operator new (count_allocations.hpp), so it is an executable of its own.
#include <doctest/doctest.h>

#include <redrive/decode.hpp>
#include <string>

#include "count_allocations.hpp"

using namespace redrive;

namespace {
constexpr std::string_view start_body =
    R"({"TaskHandle":"eyJ0YXNrSWQiOiIxMGY1NzE1Ny1mYzM4LTRkYTktYTExMy00ZGU3ZTEyZDA1ZGQiLCJzb3VyY2VBcm4iOiJhcm46YXdzOnNxczp1cy1lYXN0LTE6ODc4OTY2MDY1Nzg1OnRlc3QtcXVldWUtZG9lc250LWV4aXN0LTEyMzQ1NiJ9"})";
const HeaderView headers[] = {{"x-amzn-RequestId", "66916324-67ca-54bb-a410-3f567a7a0571"},
                              {"Content-Type", "application/x-amz-json-1.0"}};
}  // namespace

TEST_CASE("the counter sees allocations") {
  CHECK(allocations_in([] { std::string s(100, 'x'); }) == 1);
  // The pointer escapes through a volatile, so the compiler cannot elide the pair.
  static char* volatile sink = nullptr;
  CHECK(allocations_in([] { sink = new (std::nothrow) char[10]; }) == 1);
  delete[] sink;
}

TEST_CASE("a warm Decoder decodes a StartMessageMoveTask response without allocating") {
  Decoder decoder;
  HttpResponse response{200, headers, start_body};
  REQUIRE(decoder.decode<StartMessageMoveTaskResult>(response));  // warms the parser and the buffer

  int ok = 0;
  long n = allocations_in([&] {
    for (int i = 0; i < 100; ++i) {
      auto r = decoder.decode<StartMessageMoveTaskResult>(response);
      if (r && r->task_handle && r->task_handle->size() == start_body.size() - 17) ++ok;
    }
  });
  CHECK(n == 0);
  CHECK(ok == 100);
}

TEST_CASE("parsing a padded body in place does not allocate either") {
  std::string padded(start_body);
  padded.append(required_padding, '\0');
  HttpResponse response{200, headers, std::string_view(padded).substr(0, start_body.size())};
  Decoder decoder;
  REQUIRE(decoder.decode<StartMessageMoveTaskResult>(response, required_padding));
  long n = allocations_in([&] {
    for (int i = 0; i < 10; ++i) (void)decoder.decode<StartMessageMoveTaskResult>(response, required_padding);
  });
  CHECK(n == 0);
  auto r = decoder.decode<StartMessageMoveTaskResult>(response, required_padding);
  REQUIRE(r);
  // In place and without escapes, the view points into the caller's buffer.
  CHECK(r->task_handle->data() == padded.data() + 15);
}

TEST_CASE("Cancel decodes without allocating; List allocates exactly its result vector") {
  Decoder decoder;
  HttpResponse cancel{200, headers, R"({"ApproximateNumberOfMessagesMoved":102})"};
  REQUIRE(decoder.decode<CancelMessageMoveTaskResult>(cancel));
  CHECK(allocations_in([&] { (void)decoder.decode<CancelMessageMoveTaskResult>(cancel); }) == 0);

  std::string list = R"({"Results":[)";
  for (int i = 0; i < 10; ++i) {
    if (i) list += ',';
    list += R"({"Status":"COMPLETED","SourceArn":"arn:aws:sqs:us-east-1:123456789012:dlq",)"
            R"("ApproximateNumberOfMessagesMoved":29,"ApproximateNumberOfMessagesToMove":0,)"
            R"("StartedTimestamp":1342428272093})";
  }
  list += "]}";
  HttpResponse response{200, headers, list};
  REQUIRE(decoder.decode<ListMessageMoveTasksResult>(response));
  std::size_t entries = 0;
  long n = allocations_in([&] {
    auto r = decoder.decode<ListMessageMoveTasksResult>(response);
    if (r && r->results) entries = r->results->size();
  });
  CHECK(entries == 10);
  CHECK(n == 1);
}
