// The program every consumer project builds (tests/consumers/run.sh copies it into each one).
// Usage: consumer EXPECTED_VERSION QUEUE_ARN; prints "ok" and exits 0 only if all is right.
#ifdef REDRIVE_CONSUMER_SINGLE_HEADER
#include "redrive-single.hpp"
#else
#include <redrive.hpp>
#endif

#include <cstdio>
#include <string>
#include <string_view>

using namespace redrive::literals;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: consumer EXPECTED_VERSION QUEUE_ARN\n");
    return 2;
  }
  bool ok = true;
  auto expect = [&ok](bool cond, const char* what) {
    if (!cond) std::fprintf(stderr, "FAILED: %s\n", what);
    ok = ok && cond;
  };

  expect(std::string_view(REDRIVE_VERSION) == argv[1], "REDRIVE_VERSION is the expected version");
  expect(std::to_string(REDRIVE_VERSION_MAJOR) + '.' + std::to_string(REDRIVE_VERSION_MINOR) + '.' +
             std::to_string(REDRIVE_VERSION_PATCH) == REDRIVE_VERSION,
         "REDRIVE_VERSION_MAJOR/MINOR/PATCH spell REDRIVE_VERSION");

  constexpr auto dlq = "arn:aws:sqs:us-east-1:123456789012:orders-dlq"_source_arn;
  expect(dlq.queue_name() == "orders-dlq", "the literal's queue name");

  std::string_view input = argv[2];
  auto dst = redrive::DestinationArn::parse(input);
  if (!dst) {
    std::fprintf(stderr, "%s\n", redrive::render(dst.error(), input).c_str());
    return 1;
  }
  expect(dst->str() == input && dst->account() == "123456789012", "the parsed ARN");
  expect(redrive::StartMessageMoveTaskRequest::make(dlq, *dst, redrive::Rate::make(50).value()).has_value(),
         "a StartMessageMoveTask request");

  std::string bad = std::string(input) + "!";
  auto err = redrive::DestinationArn::parse(bad);
  expect(!err && err.error().field == redrive::Field::DestinationArn, "an invalid ARN is rejected");

  if (!ok) return 1;
  std::printf("ok\n");
  return 0;
}
