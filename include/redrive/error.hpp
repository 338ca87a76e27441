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
  // The queue operations (queue_model.hpp, queue_url.hpp, queue_attributes.hpp).
  QueueUrl,
  QueueName,
  QueueNamePrefix,
  QueueOwnerAWSAccountId,
  NextToken,
  QueueMaxResults,  // MaxResults of ListQueues and ListDeadLetterSourceQueues (1..1000)
  AttributeNames,
  Attributes,  // a value of GetQueueAttributes' Attributes map read as a number, bool or ARN
  RedrivePolicy,
  RedriveAllowPolicy,
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
  BadQueueUrlPath,
  NotJson,
  MissingMember,
  UnknownValue,
  RepeatedToken,
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
    case Field::QueueUrl: return "QueueUrl";
    case Field::QueueName: return "QueueName";
    case Field::QueueNamePrefix: return "QueueNamePrefix";
    case Field::QueueOwnerAWSAccountId: return "QueueOwnerAWSAccountId";
    case Field::NextToken: return "NextToken";
    // The same AWS member as Field::MaxResults, in other operations, with another range.
    case Field::QueueMaxResults: return "MaxResults";
    case Field::AttributeNames: return "AttributeNames";
    case Field::Attributes: return "Attributes";
    case Field::RedrivePolicy: return "RedrivePolicy";
    case Field::RedriveAllowPolicy: return "RedriveAllowPolicy";
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
    case Errc::BadQueueUrlPath: return "BadQueueUrlPath";
    case Errc::NotJson: return "NotJson";
    case Errc::MissingMember: return "MissingMember";
    case Errc::UnknownValue: return "UnknownValue";
    case Errc::RepeatedToken: return "RepeatedToken";
  }
  return "?";
}

namespace detail {
// How many Field and Errc enumerators there are (they run from 0 without gaps): the bounds for
// code that visits them all. The static_asserts below fail when an enumerator is added and these
// are not updated.
inline constexpr int field_count = 18;
inline constexpr int errc_count = 38;
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
    if (field == Field::QueueUrl) {
      // A queue URL's scheme and authority are checked as an endpoint's are; the texts say so.
      switch (code) {
        case Errc::BadEndpoint: return "A queue URL must start with https:// or http://.";
        case Errc::EndpointMissingHost: return "The queue URL has no host after \"://\".";
        case Errc::BadEndpointHost:
          return "A queue URL's host may contain only letters, digits, '-', '.' and '_', or be an IPv6 address in "
                 "brackets.";
        case Errc::EndpointHasUserInfo: return "User info (\"user:password@\") is not allowed in a queue URL.";
        case Errc::BadEndpointPort: return "The queue URL's port must be a number from 1 to 65535.";
        case Errc::EndpointHasQuery: return "A query (\"?...\") is not allowed in a queue URL.";
        case Errc::EndpointHasFragment: return "A fragment (\"#...\") is not allowed in a queue URL.";
        default: break;
      }
    }
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
        if (field == Field::QueueMaxResults) return "The number must be 1..1000.";
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
      case Errc::BadQueueUrlPath:
        return "A queue URL's path must be /ACCOUNT-ID/QUEUE-NAME, as in "
               "https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq.";
      case Errc::NotJson:
        if (field == Field::RedrivePolicy || field == Field::RedriveAllowPolicy)
          return "The policy is not a JSON object (or holds a member of the wrong type).";
        return "The value is not valid JSON.";
      case Errc::MissingMember:
        if (field == Field::RedrivePolicy) return "A redrive policy needs deadLetterTargetArn and maxReceiveCount.";
        if (field == Field::RedriveAllowPolicy) return "A redrive allow policy needs redrivePermission.";
        return "A required member is missing.";
      case Errc::UnknownValue:
        if (field == Field::AttributeNames)
          return "The name is not an SQS queue attribute name (All, QueueArn, RedrivePolicy, ...).";
        if (field == Field::RedriveAllowPolicy) return "redrivePermission must be allowAll, denyAll or byQueue.";
        if (field == Field::Attributes) return "FifoQueue must be true or false.";
        return "The value is not one of the allowed values.";
      case Errc::RepeatedToken:
        return "The service returned a NextToken it had returned before: the listing would never end.";
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
