#include <doctest/doctest.h>

#include <redrive/discover.hpp>

#include <string>
#include <vector>

using namespace redrive;

namespace {
QueueArn arn(const std::string& name) { return QueueArn::parse("arn:aws:sqs:us-east-1:111122223333:" + name).value(); }

QueueFacts queue(const std::string& name, std::optional<std::int64_t> messages, std::optional<std::string> dlq = {}) {
  QueueFacts f{arn(name), name.ends_with(".fifo"), messages, std::nullopt};
  if (dlq) f.dead_letter_target = arn(*dlq);
  return f;
}
}  // namespace

TEST_CASE("discovery reports the queues named as dead-letter targets, fullest first, with sorted sources") {
  const std::vector<QueueFacts> queues{
      queue("orders", 3, "orders-dlq"),     queue("payments", 0, "shared-dlq"), queue("orders-dlq", 40),
      queue("refunds", 1, "shared-dlq"),    queue("shared-dlq", 7),          queue("billing", 0, "shared-dlq"),
      queue("lonely", 12),                  queue("jobs.fifo", 0, "jobs-dlq.fifo"), queue("jobs-dlq.fifo", 7)};
  const auto found = find_dead_letter_queues(queues);
  REQUIRE(found.size() == 3);
  CHECK(found[0].arn == arn("orders-dlq"));
  CHECK(found[0].messages == 40);
  CHECK(found[0].sources == std::vector<QueueArn>{arn("orders")});
  // 7 and 7: by ARN.
  CHECK(found[1].arn == arn("jobs-dlq.fifo"));
  CHECK(found[1].fifo);
  CHECK(found[2].arn == arn("shared-dlq"));
  CHECK_FALSE(found[2].fifo);
  CHECK(found[2].sources == std::vector<QueueArn>{arn("billing"), arn("payments"), arn("refunds")});
  for (const auto& d : found) CHECK(d.listed);
}

TEST_CASE("a dead-letter queue outside the listed queues is reported with its count unknown, last") {
  const std::vector<QueueFacts> queues{queue("a", 1, "elsewhere-dlq.fifo"), queue("b", 1, "b-dlq"), queue("b-dlq", 0),
                                       queue("a", 1, "elsewhere-dlq.fifo")};
  const auto found = find_dead_letter_queues(queues);
  REQUIRE(found.size() == 2);
  CHECK(found[0].arn == arn("b-dlq"));
  CHECK(found[0].messages == 0);
  CHECK(found[1].arn == arn("elsewhere-dlq.fifo"));
  CHECK_FALSE(found[1].listed);
  CHECK_FALSE(found[1].messages);
  CHECK(found[1].fifo);  // from its name
  CHECK(found[1].sources.size() == 1);  // "a" listed twice counts once
}

TEST_CASE("no redrive policy anywhere: no dead-letter queue") {
  CHECK(find_dead_letter_queues(std::vector<QueueFacts>{queue("a", 5), queue("b", 0)}).empty());
  CHECK(find_dead_letter_queues({}).empty());
}

TEST_CASE("a dead-letter queue as JSON") {
  const std::vector<QueueFacts> queues{queue("s2", 1, "d"), queue("s1", 1, "d"), queue("d", 42), queue("x", 0, "gone")};
  const auto found = find_dead_letter_queues(queues);
  REQUIRE(found.size() == 2);
  std::string out;
  append_json(out, found[0]);
  CHECK(out == R"({"dlq":"arn:aws:sqs:us-east-1:111122223333:d","fifo":false,"messages":42,"sources":[)"
               R"("arn:aws:sqs:us-east-1:111122223333:s1","arn:aws:sqs:us-east-1:111122223333:s2"]})");
  out.clear();
  append_json(out, found[1]);
  CHECK(out.find(R"("messages":null)") != std::string::npos);
}
