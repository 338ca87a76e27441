// Validation errors: which AWS member, what is wrong, and where in the input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace redrive {

// The AWS member (or, for the generic parsers, the kind of value) an error is about.
enum class Field : std::uint8_t {
  Arn,  // a bare ARN or queue ARN, before it is given a role
  SourceArn,
  DestinationArn,
  MaxNumberOfMessagesPerSecond,
  TaskHandle,
  MaxResults,
  Region,
  Endpoint,
};

enum class Errc : std::uint8_t {
  Empty,
  MissingArnPrefix,
  TooFewFields,
  TooManyFields,
  EmptyPartition,
  EmptyService,
  EmptyResource,
  UnknownPartition,
  WrongService,
  MissingRegion,
  BadRegion,
  BadAccount,
  EmptyQueueName,
  QueueNameHasPath,
  BadQueueNameChar,
  QueueNameTooLong,
  BadFifoSuffix,
  TooLong,
  OutOfRange,
  InvalidUtf8,
  PartitionMismatch,
  QueueTypeMismatch,
  UnknownRegion,
  BadEndpoint,
  EndpointConflict,
  NotAnInteger,
  EndpointMissingHost,
  BadEndpointHost,
  EndpointHasUserInfo,
  BadEndpointPort,
  BadEndpointPath,
  EndpointHasQuery,
  EndpointHasFragment,
};

[[nodiscard]] constexpr std::string_view field_name(Field f) noexcept {
  switch (f) {
    case Field::Arn: return "Arn";
    case Field::SourceArn: return "SourceArn";
    case Field::DestinationArn: return "DestinationArn";
    case Field::MaxNumberOfMessagesPerSecond: return "MaxNumberOfMessagesPerSecond";
    case Field::TaskHandle: return "TaskHandle";
    case Field::MaxResults: return "MaxResults";
    case Field::Region: return "Region";
    case Field::Endpoint: return "Endpoint";
  }
  return "?";
}

// A stable machine-readable name (used by the CLI's JSON output).
[[nodiscard]] constexpr std::string_view code_name(Errc c) noexcept {
  switch (c) {
    case Errc::Empty: return "Empty";
    case Errc::MissingArnPrefix: return "MissingArnPrefix";
    case Errc::TooFewFields: return "TooFewFields";
    case Errc::TooManyFields: return "TooManyFields";
    case Errc::EmptyPartition: return "EmptyPartition";
    case Errc::EmptyService: return "EmptyService";
    case Errc::EmptyResource: return "EmptyResource";
    case Errc::UnknownPartition: return "UnknownPartition";
    case Errc::WrongService: return "WrongService";
    case Errc::MissingRegion: return "MissingRegion";
    case Errc::BadRegion: return "BadRegion";
    case Errc::BadAccount: return "BadAccount";
    case Errc::EmptyQueueName: return "EmptyQueueName";
    case Errc::QueueNameHasPath: return "QueueNameHasPath";
    case Errc::BadQueueNameChar: return "BadQueueNameChar";
    case Errc::QueueNameTooLong: return "QueueNameTooLong";
    case Errc::BadFifoSuffix: return "BadFifoSuffix";
    case Errc::TooLong: return "TooLong";
    case Errc::OutOfRange: return "OutOfRange";
    case Errc::InvalidUtf8: return "InvalidUtf8";
    case Errc::PartitionMismatch: return "PartitionMismatch";
    case Errc::QueueTypeMismatch: return "QueueTypeMismatch";
    case Errc::UnknownRegion: return "UnknownRegion";
    case Errc::BadEndpoint: return "BadEndpoint";
    case Errc::EndpointConflict: return "EndpointConflict";
    case Errc::NotAnInteger: return "NotAnInteger";
    case Errc::EndpointMissingHost: return "EndpointMissingHost";
    case Errc::BadEndpointHost: return "BadEndpointHost";
    case Errc::EndpointHasUserInfo: return "EndpointHasUserInfo";
    case Errc::BadEndpointPort: return "BadEndpointPort";
    case Errc::BadEndpointPath: return "BadEndpointPath";
    case Errc::EndpointHasQuery: return "EndpointHasQuery";
    case Errc::EndpointHasFragment: return "EndpointHasFragment";
  }
  return "?";
}

namespace detail {
// How many Field and Errc enumerators there are (they run from 0 without gaps): the bounds for
// code that visits them all. The static_asserts below fail when an enumerator is added and these
// are not updated.
inline constexpr int field_count = 8;
inline constexpr int errc_count = 33;
}  // namespace detail

static_assert(field_name(static_cast<Field>(detail::field_count - 1)) != "?" &&
              field_name(static_cast<Field>(detail::field_count)) == "?");
static_assert(code_name(static_cast<Errc>(detail::errc_count - 1)) != "?" &&
              code_name(static_cast<Errc>(detail::errc_count)) == "?");

struct Error {
  Field field;
  Errc code;
  std::uint32_t offset;  // byte offset into the input the error is about (0 for a number out of range)

  // One sentence a user understands without the docs.
  [[nodiscard]] constexpr std::string_view message() const noexcept {
    switch (code) {
      case Errc::Empty: return "The value is empty.";
      case Errc::MissingArnPrefix: return "An ARN must start with \"arn:\".";
      case Errc::TooFewFields:
        return "An ARN needs six colon-separated fields: arn:partition:service:region:account-id:resource.";
      case Errc::TooManyFields: return "A queue ARN ends with the queue name, which cannot contain \":\".";
      case Errc::EmptyPartition: return "The ARN's partition (the field after \"arn:\") is empty.";
      case Errc::EmptyService: return "The ARN's service field is empty.";
      case Errc::EmptyResource: return "The ARN's resource field is empty.";
      case Errc::UnknownPartition:
        return "The partition is not an AWS partition (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, "
               "aws-iso-f, aws-eusc).";
      case Errc::WrongService: return "The ARN is not an SQS ARN: its service must be \"sqs\".";
      case Errc::MissingRegion: return "A queue ARN needs a region, such as us-east-1.";
      case Errc::BadRegion: return "The region is not a region of the ARN's partition.";
      case Errc::BadAccount: return "The account ID must be exactly 12 decimal digits, without hyphens.";
      case Errc::EmptyQueueName: return "The queue name is empty.";
      case Errc::QueueNameHasPath: return "A queue name cannot contain \"/\".";
      case Errc::BadQueueNameChar:
        return "A queue name may contain only letters, digits, hyphens (-) and underscores (_), plus a final .fifo.";
      case Errc::QueueNameTooLong: return "A queue name can have at most 80 characters, including any .fifo suffix.";
      case Errc::BadFifoSuffix:
        return "\".fifo\" must end a FIFO queue name and follow at least one other character.";
      case Errc::TooLong: return "The value is too long.";
      case Errc::OutOfRange:
        // The ranges of Rate and MaxResults (types.hpp checks that these state them).
        if (field == Field::MaxNumberOfMessagesPerSecond) return "The number must be 1..500.";
        if (field == Field::MaxResults) return "The number must be 1..10.";
        return "The number is out of the allowed range.";
      case Errc::InvalidUtf8: return "The value is not valid UTF-8.";
      case Errc::PartitionMismatch: return "The destination queue must be in the same partition as the source queue.";
      case Errc::QueueTypeMismatch:
        return "The destination queue must be of the same type as the source queue (FIFO to FIFO, standard to "
               "standard).";
      case Errc::UnknownRegion: return "The region matches no AWS partition's region pattern.";
      case Errc::BadEndpoint: return "The endpoint must start with http:// or https://.";
      case Errc::EndpointConflict: return "A custom endpoint cannot be combined with FIPS or dual-stack.";
      case Errc::NotAnInteger: return "The value must be a whole number in decimal digits, such as 50.";
      case Errc::EndpointMissingHost: return "The endpoint has no host after \"://\".";
      case Errc::BadEndpointHost:
        return "An endpoint host may contain only letters, digits, '-', '.' and '_', or be an IPv6 address in "
               "brackets.";
      case Errc::EndpointHasUserInfo: return "User info (\"user:password@\") is not allowed in the endpoint.";
      case Errc::BadEndpointPort: return "The endpoint's port must be a number from 1 to 65535.";
      case Errc::BadEndpointPath:
        return "The endpoint's path may contain only letters, digits and the URL path characters -._~!$&'()*+,;=:@%/.";
      case Errc::EndpointHasQuery: return "A query (\"?...\") is not allowed in the endpoint.";
      case Errc::EndpointHasFragment: return "A fragment (\"#...\") is not allowed in the endpoint.";
    }
    return "Unknown error.";
  }

  constexpr bool operator==(const Error&) const noexcept = default;
};

// "SourceArn: <sentence>" followed by the input and a caret under the offending byte:
//   SourceArn: The account ID must be exactly 12 decimal digits, without hyphens.
//     arn:aws:sqs:us-east-1:12345:dlq
//                           ^
// Control characters in the input are shown as '?' so the caret stays aligned.
[[nodiscard]] inline std::string render(const Error& e, std::string_view input) {
  std::string out;
  out += field_name(e.field);
  out += ": ";
  out += e.message();
  if (input.empty()) return out;
  out += "\n  ";
  for (char c : input) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  out += "\n  ";
  // Count code points before the offset so the caret lines up with multi-byte UTF-8.
  std::size_t stop = e.offset < input.size() ? e.offset : input.size();
  for (std::size_t i = 0; i < stop; ++i)
    if ((static_cast<unsigned char>(input[i]) & 0xC0) != 0x80) out += ' ';
  out += '^';
  return out;
}

}  // namespace redrive
