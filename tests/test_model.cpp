#include <doctest/doctest.h>

#include <redrive/model.hpp>

using namespace redrive;
using namespace redrive::literals;

constexpr auto src = "arn:aws:sqs:us-east-1:123456789012:orders-dlq"_source_arn;
constexpr auto dst = "arn:aws:sqs:us-west-2:210987654321:orders"_destination_arn;

static_assert(StartMessageMoveTaskRequest::make(src, dst, Rate::make(10).value())->rate()->value() == 10);
static_assert(StartMessageMoveTaskRequest::make(src)->destination() == std::nullopt);
static_assert(StartMessageMoveTaskRequest::parse("arn:aws:sqs:us-east-1:123456789012:q", std::nullopt, 501).error() ==
              Error{Field::MaxNumberOfMessagesPerSecond, Errc::OutOfRange, 0});
static_assert(task_status_from("CANCELLING") == TaskStatus::Cancelling);
static_assert(task_status_from("running") == TaskStatus::Unknown);

TEST_CASE("make checks partition and queue type, nothing else") {
  // Another account and another region are left to the service.
  CHECK(StartMessageMoveTaskRequest::make(src, dst));
  // So is a destination equal to the source.
  CHECK(StartMessageMoveTaskRequest::make(src, DestinationArn(src.queue())));

  auto cn = "arn:aws-cn:sqs:cn-north-1:123456789012:orders"_destination_arn;
  CHECK(StartMessageMoveTaskRequest::make(src, cn).error() == Error{Field::DestinationArn, Errc::PartitionMismatch, 4});

  auto fifo = "arn:aws:sqs:us-east-1:123456789012:orders.fifo"_destination_arn;
  CHECK(StartMessageMoveTaskRequest::make(src, fifo).error() ==
        Error{Field::DestinationArn, Errc::QueueTypeMismatch, 35});
  auto fifo_src = "arn:aws:sqs:us-east-1:123456789012:dlq.fifo"_source_arn;
  CHECK(StartMessageMoveTaskRequest::make(fifo_src, fifo));
  CHECK(StartMessageMoveTaskRequest::make(fifo_src, dst).error().code == Errc::QueueTypeMismatch);
}

TEST_CASE("parse reports the first failing field") {
  auto bad_src = StartMessageMoveTaskRequest::parse("arn:aws:sqs:us-east-1:1:q", "nope", 0);
  CHECK(bad_src.error().field == Field::SourceArn);
  auto bad_dst = StartMessageMoveTaskRequest::parse("arn:aws:sqs:us-east-1:123456789012:q", "nope", 0);
  CHECK(bad_dst.error() == Error{Field::DestinationArn, Errc::MissingArnPrefix, 0});
  auto bad_rate = StartMessageMoveTaskRequest::parse("arn:aws:sqs:us-east-1:123456789012:q",
                                                     "arn:aws:sqs:us-east-1:123456789012:r", 0);
  CHECK(bad_rate.error().field == Field::MaxNumberOfMessagesPerSecond);
  auto ok = StartMessageMoveTaskRequest::parse("arn:aws:sqs:us-east-1:123456789012:q",
                                               "arn:aws:sqs:us-east-1:123456789012:r", 7);
  REQUIRE(ok);
  CHECK(ok->source().queue_name() == "q");
  CHECK(ok->destination()->queue_name() == "r");
  CHECK(ok->rate()->value() == 7);
}

TEST_CASE("render against the request's inputs points into the input the error is about") {
  // A partition mismatch from make: the caret is under the destination's partition.
  std::string_view source = "arn:aws:sqs:us-east-1:123456789012:orders-dlq";
  std::string_view destination = "arn:aws-cn:sqs:cn-north-1:123456789012:orders";
  auto mismatch =
      StartMessageMoveTaskRequest::make(SourceArn::parse(source).value(), DestinationArn::parse(destination).value());
  CHECK(render(mismatch.error(), source, destination) ==
        "DestinationArn: The destination queue must be in the same partition as the source queue.\n"
        "  arn:aws-cn:sqs:cn-north-1:123456789012:orders\n"
        "      ^");

  // A queue type mismatch (FIFO source, standard destination) from parse: under the queue name.
  source = "arn:aws:sqs:us-east-1:123456789012:dlq.fifo";
  destination = "arn:aws:sqs:us-east-1:123456789012:orders";
  auto fifo_to_standard = StartMessageMoveTaskRequest::parse(source, destination);
  CHECK(render(fifo_to_standard.error(), source, destination) ==
        "DestinationArn: The destination queue must be of the same type as the source queue (FIFO to FIFO, "
        "standard to standard).\n"
        "  arn:aws:sqs:us-east-1:123456789012:orders\n"
        "                                     ^");
  // Standard source, FIFO destination.
  auto standard_to_fifo = StartMessageMoveTaskRequest::parse("arn:aws:sqs:us-east-1:123456789012:dlq",
                                                             "arn:aws:sqs:us-east-1:123456789012:o.fifo");
  CHECK(render(standard_to_fifo.error(), "arn:aws:sqs:us-east-1:123456789012:dlq",
               "arn:aws:sqs:us-east-1:123456789012:o.fifo")
            .ends_with("\n  arn:aws:sqs:us-east-1:123456789012:o.fifo\n                                     ^"));

  // A source error points into the source, whatever the destination.
  source = "arn:aws:sqs:us-east-1:1234:q";
  auto bad_source = StartMessageMoveTaskRequest::parse(source, destination);
  CHECK(render(bad_source.error(), source, destination) ==
        "SourceArn: The account ID must be exactly 12 decimal digits, without hyphens.\n"
        "  arn:aws:sqs:us-east-1:1234:q\n"
        "                            ^");
  CHECK(render(bad_source.error(), source, std::nullopt) == render(bad_source.error(), source));

  // A rate error against the rate's text, when the caller has it; else the sentence alone.
  auto rate = Rate::parse("60O");
  CHECK(render(rate.error(), source, destination, "60O") ==
        "MaxNumberOfMessagesPerSecond: The value must be a whole number in decimal digits, such as 50.\n"
        "  60O\n"
        "    ^");
  auto too_fast = StartMessageMoveTaskRequest::parse("arn:aws:sqs:us-east-1:123456789012:q", std::nullopt, 501);
  CHECK(render(too_fast.error(), "arn:aws:sqs:us-east-1:123456789012:q", std::nullopt) ==
        "MaxNumberOfMessagesPerSecond: The number must be 1..500.");
  // A destination error without a destination string shows the sentence alone.
  CHECK(render(mismatch.error(), source, std::nullopt) ==
        "DestinationArn: The destination queue must be in the same partition as the source queue.");
}

TEST_CASE("cancel and list requests are aggregates of valid members") {
  CancelMessageMoveTaskRequest cancel{TaskHandle::parse("h").value()};
  CHECK(cancel.task_handle.str() == "h");
  ListMessageMoveTasksRequest list{src, MaxResults::make(10).value()};
  CHECK(list.max_results->value() == 10);
  ListMessageMoveTasksRequest list_default{src, {}};
  CHECK_FALSE(list_default.max_results);
}

TEST_CASE("results: status, timestamps and owning copies") {
  std::string body_status = "CANCELLED";
  ListMessageMoveTasksResultEntry e;
  e.status = body_status;
  e.started_timestamp = 1442428276921;
  e.source_arn = "arn:aws:sqs:us-east-1:123456789012:q";
  CHECK(e.task_status() == TaskStatus::Cancelled);
  CHECK(e.started_at()->time_since_epoch().count() == 1442428276921);
  auto owned = e.to_owned();
  body_status.assign("XXXXXXXXX");
  CHECK(*owned.status == "CANCELLED");
  CHECK(owned.task_status() == TaskStatus::Cancelled);
  CHECK(*owned.source_arn == "arn:aws:sqs:us-east-1:123456789012:q");

  ListMessageMoveTasksResultEntry unknown;
  unknown.status = "PAUSED";
  CHECK(unknown.task_status() == TaskStatus::Unknown);
  CHECK(*unknown.status == "PAUSED");
  CHECK(ListMessageMoveTasksResultEntry{}.task_status() == TaskStatus::Unknown);
  CHECK_FALSE(ListMessageMoveTasksResultEntry{}.started_at());

  ListMessageMoveTasksResult list{std::vector{e, unknown}};
  auto owned_list = list.to_owned();
  REQUIRE(owned_list.results->size() == 2);
  CHECK(*(*owned_list.results)[1].status == "PAUSED");
  CHECK_FALSE(ListMessageMoveTasksResult{}.to_owned().results);
}
