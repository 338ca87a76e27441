#include <doctest/doctest.h>

#include <redrive/error.hpp>

using namespace redrive;

static_assert(Error{Field::SourceArn, Errc::BadAccount, 3}.message().ends_with("."));
static_assert(field_name(Field::MaxNumberOfMessagesPerSecond) == "MaxNumberOfMessagesPerSecond");
static_assert(code_name(Errc::QueueTypeMismatch) == "QueueTypeMismatch");

TEST_CASE("every error code has its own sentence and name, every field its own name") {
  for (int i = 0; i < detail::errc_count; ++i) {
    const auto code = static_cast<Errc>(i);
    const Error e{Field::Arn, code, 0};
    CAPTURE(code_name(code));
    CHECK(e.message().size() > 10);
    CHECK(e.message().back() == '.');
    CHECK(e.message() != "Unknown error.");
    CHECK(code_name(code) != "?");
    CHECK_FALSE(code_name(code).empty());
    for (int j = 0; j < i; ++j) {
      const auto other = static_cast<Errc>(j);
      CAPTURE(code_name(other));
      CHECK(Error{Field::Arn, other, 0}.message() != e.message());
      CHECK(code_name(other) != code_name(code));
    }
  }
  // One past the last code: no name, no sentence.
  CHECK(code_name(static_cast<Errc>(detail::errc_count)) == "?");
  CHECK(Error{Field::Arn, static_cast<Errc>(detail::errc_count), 0}.message() == "Unknown error.");

  for (int i = 0; i < detail::field_count; ++i) {
    const auto field = static_cast<Field>(i);
    CAPTURE(field_name(field));
    CHECK(field_name(field) != "?");
    CHECK_FALSE(field_name(field).empty());
    // MaxResults is one AWS member with two ranges (ListMessageMoveTasks', the queue listings').
    for (int j = 0; j < i; ++j)
      if (!(field == Field::QueueMaxResults && static_cast<Field>(j) == Field::MaxResults))
        CHECK(field_name(static_cast<Field>(j)) != field_name(field));
  }
  CHECK(field_name(static_cast<Field>(detail::field_count)) == "?");
}

TEST_CASE("render puts a caret under the offending byte") {
  std::string_view input = "arn:aws:sqs:us-east-1:12345:dlq";
  Error e{Field::SourceArn, Errc::BadAccount, 27};
  CHECK(render(e, input) ==
        "SourceArn: The account ID must be exactly 12 decimal digits, without hyphens.\n"
        "  arn:aws:sqs:us-east-1:12345:dlq\n"
        "                             ^");
}

TEST_CASE("render aligns the caret after multi-byte characters and hides control bytes") {
  Error e{Field::TaskHandle, Errc::InvalidUtf8, 4};
  CHECK(render(e, "\xC3\xA9\t\n\xFF") ==
        "TaskHandle: The value is not valid UTF-8.\n"
        "  \xC3\xA9??\xFF\n"
        "     ^");
  CHECK(render(Error{Field::MaxResults, Errc::OutOfRange, 0}, "") == "MaxResults: The number must be 1..10.");
}

TEST_CASE("render clamps an offset past the end") {
  CHECK(render(Error{Field::Arn, Errc::TooFewFields, 99}, "arn:") == std::string(
      "Arn: An ARN needs six colon-separated fields: arn:partition:service:region:account-id:resource.\n"
      "  arn:\n"
      "      ^"));
}

TEST_CASE("the codes after EndpointConflict have their own sentence and name too") {
  for (int i = static_cast<int>(Errc::NotAnInteger); i <= static_cast<int>(Errc::EndpointHasFragment); ++i) {
    auto code = static_cast<Errc>(i);
    CAPTURE(code_name(code));
    Error e{Field::Arn, code, 0};
    CHECK(e.message().size() > 10);
    CHECK(e.message().back() == '.');
    CHECK(code_name(code) != "?");
    for (int j = 0; j < i; ++j) CHECK(Error{Field::Arn, static_cast<Errc>(j), 0}.message() != e.message());
  }
}

TEST_CASE("an out-of-range number's sentence states the range of its member") {
  CHECK(Error{Field::MaxNumberOfMessagesPerSecond, Errc::OutOfRange, 0}.message() == "The number must be 1..500.");
  CHECK(Error{Field::MaxResults, Errc::OutOfRange, 0}.message() == "The number must be 1..10.");
  CHECK(Error{Field::QueueMaxResults, Errc::OutOfRange, 0}.message() == "The number must be 1..1000.");
  CHECK(Error{Field::Arn, Errc::OutOfRange, 0}.message() == "The number is out of the allowed range.");
}
