// Errors the service answers with: which error, its message and request id, and whether to retry.
// Resolution and classification follow the AWS SDK for JavaScript v3 (docs/wire.md#errors).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "redrive/http.hpp"

namespace redrive {

enum class ServiceErrc : std::uint8_t {
  // The modeled errors of StartMessageMoveTask, CancelMessageMoveTask and ListMessageMoveTasks.
  ResourceNotFoundException,
  RequestThrottled,
  InvalidAddress,
  InvalidSecurity,
  UnsupportedOperation,
  // The other error shapes of the SQS model. The SDKs recognise them on any operation, so a
  // response naming one resolves to it here too.
  QueueDoesNotExist,
  OverLimit,
  InvalidAttributeName,
  InvalidAttributeValue,
  InvalidIdFormat,
  InvalidMessageContents,
  MessageNotInflight,
  ReceiptHandleIsInvalid,
  PurgeQueueInProgress,
  QueueDeletedRecently,
  QueueNameExists,
  BatchEntryIdsNotDistinct,
  BatchRequestTooLong,
  EmptyBatchRequest,
  InvalidBatchEntryId,
  TooManyEntriesInBatchRequest,
  KmsAccessDenied,
  KmsDisabled,
  KmsInvalidKeyUsage,
  KmsInvalidState,
  KmsNotFound,
  KmsOptInRequired,
  KmsThrottled,
  // Errors common to AWS services, not in the SQS model (InvalidParameterValue is what SQS answers
  // to a request it rejects, docs/wire.md#observed-server-behaviour; the rest are authentication,
  // authorization, throttling and availability errors any call can meet).
  InvalidParameterValue,
  InvalidParameterCombination,
  MissingParameter,
  ValidationError,
  ValidationException,
  InvalidAction,
  AccessDenied,
  AccessDeniedException,
  NotAuthorized,
  OptInRequired,
  SignatureDoesNotMatch,
  InvalidSignatureException,
  IncompleteSignature,
  MissingAuthenticationToken,
  InvalidClientTokenId,
  UnrecognizedClientException,
  ExpiredToken,
  ExpiredTokenException,
  RequestExpired,
  ThrottlingException,
  InternalFailure,
  InternalError,
  ServiceUnavailable,
  // Errors the client reports itself, never read from the wire:
  // a 2xx response whose body is not the operation's output (not JSON, or a member of the wrong
  // type or out of range);
  MalformedResponse,
  // no HTTP response at all (DNS, connection, TLS, timeout), after the retries;
  TransportError,
  // the request could not be signed (a time out of SigV4's range, a crypto library failure).
  SigningFailed,
  // no credentials to sign with: the credentials provider failed (the message says why).
  NoCredentials,
  // Anything else; ServiceError::name keeps the name the response gave.
  Unknown,
};

enum class Fault : std::uint8_t { Client, Server };

[[nodiscard]] constexpr std::string_view to_string(Fault f) noexcept {
  return f == Fault::Client ? "client" : "server";
}

namespace detail {

// An SQS error shape: its name, its awsQueryError code (the first half of x-amzn-query-error) and
// its modeled HTTP status. All are "client" errors in the model.
struct SqsErrorShape {
  ServiceErrc code;
  std::string_view name;
  std::string_view query_code;
  int http_status;  // 0: none modeled
};

inline constexpr std::array<SqsErrorShape, 28> sqs_error_shapes{{
    {ServiceErrc::ResourceNotFoundException, "ResourceNotFoundException", "ResourceNotFoundException", 404},
    {ServiceErrc::RequestThrottled, "RequestThrottled", "RequestThrottled", 403},
    {ServiceErrc::InvalidAddress, "InvalidAddress", "InvalidAddress", 404},
    {ServiceErrc::InvalidSecurity, "InvalidSecurity", "InvalidSecurity", 403},
    {ServiceErrc::UnsupportedOperation, "UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400},
    {ServiceErrc::QueueDoesNotExist, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400},
    {ServiceErrc::OverLimit, "OverLimit", "OverLimit", 403},
    {ServiceErrc::InvalidAttributeName, "InvalidAttributeName", "", 0},
    {ServiceErrc::InvalidAttributeValue, "InvalidAttributeValue", "", 0},
    {ServiceErrc::InvalidIdFormat, "InvalidIdFormat", "", 0},
    {ServiceErrc::InvalidMessageContents, "InvalidMessageContents", "", 0},
    {ServiceErrc::MessageNotInflight, "MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", 400},
    {ServiceErrc::ReceiptHandleIsInvalid, "ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 404},
    {ServiceErrc::PurgeQueueInProgress, "PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403},
    {ServiceErrc::QueueDeletedRecently, "QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently", 400},
    {ServiceErrc::QueueNameExists, "QueueNameExists", "QueueAlreadyExists", 400},
    {ServiceErrc::BatchEntryIdsNotDistinct, "BatchEntryIdsNotDistinct",
     "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400},
    {ServiceErrc::BatchRequestTooLong, "BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", 400},
    {ServiceErrc::EmptyBatchRequest, "EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400},
    {ServiceErrc::InvalidBatchEntryId, "InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400},
    {ServiceErrc::TooManyEntriesInBatchRequest, "TooManyEntriesInBatchRequest",
     "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400},
    {ServiceErrc::KmsAccessDenied, "KmsAccessDenied", "KMS.AccessDeniedException", 400},
    {ServiceErrc::KmsDisabled, "KmsDisabled", "KMS.DisabledException", 400},
    {ServiceErrc::KmsInvalidKeyUsage, "KmsInvalidKeyUsage", "KMS.InvalidKeyUsageException", 400},
    {ServiceErrc::KmsInvalidState, "KmsInvalidState", "KMS.InvalidStateException", 400},
    {ServiceErrc::KmsNotFound, "KmsNotFound", "KMS.NotFoundException", 400},
    {ServiceErrc::KmsOptInRequired, "KmsOptInRequired", "KMS.OptInRequired", 403},
    {ServiceErrc::KmsThrottled, "KmsThrottled", "KMS.ThrottlingException", 400},
}};

inline constexpr std::array<std::string_view, static_cast<std::size_t>(ServiceErrc::Unknown) -
                                                  static_cast<std::size_t>(ServiceErrc::InvalidParameterValue)>
    common_error_names{
        "InvalidParameterValue",
        "InvalidParameterCombination",
        "MissingParameter",
        "ValidationError",
        "ValidationException",
        "InvalidAction",
        "AccessDenied",
        "AccessDeniedException",
        "NotAuthorized",
        "OptInRequired",
        "SignatureDoesNotMatch",
        "InvalidSignatureException",
        "IncompleteSignature",
        "MissingAuthenticationToken",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "ExpiredToken",
        "ExpiredTokenException",
        "RequestExpired",
        "ThrottlingException",
        "InternalFailure",
        "InternalError",
        "ServiceUnavailable",
        "MalformedResponse",
        "TransportError",
        "SigningFailed",
        "NoCredentials",
    };

// @smithy/core's retry classification lists (THROTTLING_ERROR_CODES, TRANSIENT_ERROR_CODES).
inline constexpr std::array<std::string_view, 14> throttling_error_names{
    "BandwidthLimitExceeded",   "EC2ThrottledException",
    "LimitExceededException",   "PriorRequestNotComplete",
    "ProvisionedThroughputExceededException", "RequestLimitExceeded",
    "RequestThrottled",         "RequestThrottledException",
    "SlowDown",                 "ThrottledException",
    "Throttling",               "ThrottlingException",
    "TooManyRequestsException", "TransactionInProgressException",
};
inline constexpr std::array<std::string_view, 3> transient_error_names{"TimeoutError", "RequestTimeout",
                                                                       "RequestTimeoutException"};

constexpr bool is_sqs_shape(ServiceErrc c) noexcept { return c <= ServiceErrc::KmsThrottled; }
constexpr bool is_client_side(ServiceErrc c) noexcept {
  return c >= ServiceErrc::MalformedResponse && c < ServiceErrc::Unknown;
}

// The tables are indexed by the enum.
constexpr bool tables_match_enum() noexcept {
  for (std::size_t i = 0; i < sqs_error_shapes.size(); ++i)
    if (static_cast<std::size_t>(sqs_error_shapes[i].code) != i || sqs_error_shapes[i].name.empty()) return false;
  for (auto n : common_error_names)
    if (n.empty()) return false;
  return sqs_error_shapes.size() == static_cast<std::size_t>(ServiceErrc::KmsThrottled) + 1 &&
         static_cast<std::size_t>(ServiceErrc::KmsThrottled) + 1 == static_cast<std::size_t>(ServiceErrc::InvalidParameterValue);
}
static_assert(tables_match_enum());

template <std::size_t N>
constexpr bool contains(const std::array<std::string_view, N>& names, std::string_view s) noexcept {
  for (auto n : names)
    if (n == s) return true;
  return false;
}

// The error identifier as the SDKs clean it: the part before any ',' and then before any ':'
// ("Foo:http://internal.amazon.com/..."), and after a '#' the namespace is dropped
// ("com.amazonaws.sqs#Foo"). Like @smithy/core, a second '#' ends the name.
constexpr std::string_view sanitize_error_code(std::string_view s) noexcept {
  if (auto comma = s.find(','); comma != std::string_view::npos) s = s.substr(0, comma);
  if (auto colon = s.find(':'); colon != std::string_view::npos) s = s.substr(0, colon);
  if (auto hash = s.find('#'); hash != std::string_view::npos) {
    s = s.substr(hash + 1);
    if (auto next = s.find('#'); next != std::string_view::npos) s = s.substr(0, next);
  }
  return s;
}

// The SQS shape an identifier names, by shape name first, then by query code.
constexpr const SqsErrorShape* find_sqs_shape(std::string_view id) noexcept {
  for (const auto& e : sqs_error_shapes)
    if (e.name == id) return &e;
  for (const auto& e : sqs_error_shapes)
    if (!e.query_code.empty() && e.query_code == id) return &e;
  return nullptr;
}

// What an error body said; members absent, null or not strings are std::nullopt.
struct ErrorBody {
  std::optional<std::string_view> type;           // "__type"
  std::optional<std::string_view> code;           // the first member named "code" in any letter case
  std::optional<std::string_view> message;        // "message"
  std::optional<std::string_view> upper_message;  // "Message"
};

}  // namespace detail

// The canonical name of a code: the SQS shape name or the common AWS error name.
[[nodiscard]] constexpr std::string_view code_name(ServiceErrc c) noexcept {
  if (detail::is_sqs_shape(c)) return detail::sqs_error_shapes[static_cast<std::size_t>(c)].name;
  if (c == ServiceErrc::Unknown) return "Unknown";
  return detail::common_error_names[static_cast<std::size_t>(c) -
                                    static_cast<std::size_t>(ServiceErrc::InvalidParameterValue)];
}

// The code an error name (or an SQS query code, such as
// "AWS.SimpleQueueService.NonExistentQueue") stands for; Unknown when it is none of them.
[[nodiscard]] constexpr ServiceErrc service_errc_from(std::string_view name) noexcept {
  if (const auto* shape = detail::find_sqs_shape(name)) return shape->code;
  for (std::size_t i = 0; i < detail::common_error_names.size(); ++i) {
    const auto code = static_cast<ServiceErrc>(i + static_cast<std::size_t>(ServiceErrc::InvalidParameterValue));
    if (detail::common_error_names[i] == name && !detail::is_client_side(code)) return code;
  }
  return ServiceErrc::Unknown;
}

// A non-2xx response (or a 2xx one that could not be decoded) as a value. Owns its strings:
// errors are the slow path.
struct ServiceError {
  ServiceErrc code = ServiceErrc::Unknown;
  // The error's name as the AWS SDKs report it (JS `error.name`): the SQS shape name when the
  // response names a modeled error, else the name it gave ("InvalidParameterValue"), "Unknown" when
  // it gave none; for errors the client reports itself, the code's name ("MalformedResponse",
  // "TransportError", "SigningFailed").
  std::string name;
  std::string message;  // the body's "Message" or "message"; empty when it has neither
  int http_status = 0;
  std::string request_id;  // x-amzn-requestid; empty when absent
  std::string query_code;  // x-amzn-query-error "Code;Type", first half; empty when absent
  std::string query_type;  // its second half: "Sender" or "Receiver"; empty when absent

  // Modeled SQS errors are client faults whatever the status; others are client faults below 500.
  // An undecodable 2xx is the server's.
  [[nodiscard]] Fault fault() const noexcept {
    if (detail::is_sqs_shape(code)) return Fault::Client;
    if (code == ServiceErrc::MalformedResponse) return Fault::Server;
    if (code == ServiceErrc::TransportError) return Fault::Server;
    return http_status < 500 ? Fault::Client : Fault::Server;
  }
  // Status 429 or a throttling error name (RequestThrottled, ThrottlingException, ...).
  [[nodiscard]] bool is_throttling() const noexcept {
    return http_status == 429 || code == ServiceErrc::RequestThrottled || code == ServiceErrc::ThrottlingException ||
           detail::contains(detail::throttling_error_names, name);
  }
  // Status 500, 502, 503 or 504, a timeout error name, an expired signature, or no response at all.
  [[nodiscard]] bool is_transient() const noexcept {
    if (code == ServiceErrc::TransportError) return true;
    if (http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504) return true;
    if (detail::contains(detail::transient_error_names, name)) return true;
    return name == "InvalidSignatureException" && message.find("Signature expired") != std::string::npos;
  }
  // What the SDKs' standard retry strategy retries: throttling and transient errors.
  [[nodiscard]] bool is_retryable() const noexcept { return is_throttling() || is_transient(); }

  bool operator==(const ServiceError&) const = default;
};

// The error of a call that got no HTTP response (TransportError) or could not sign its request
// (SigningFailed); `message` says what happened.
[[nodiscard]] inline ServiceError client_side_error(ServiceErrc code, std::string message) {
  ServiceError e;
  e.code = code;
  e.name = code_name(code);
  e.message = std::move(message);
  return e;
}

// The request id a response carries (x-amzn-requestid, else x-amzn-request-id, else
// x-amz-request-id, as @smithy/core reads it); empty when it has none. A view into `r`'s headers.
[[nodiscard]] inline std::string_view request_id_of(const HttpResponse& r) noexcept {
  for (std::string_view h : {"x-amzn-requestid", "x-amzn-request-id", "x-amz-request-id"})
    if (auto v = r.header(h)) return *v;
  return {};
}

namespace detail {

using redrive::request_id_of;

// Resolves the error as the JS SDK does for a query-compatible awsJson1_0 service:
//  1. x-amzn-query-error "Code;Type" decides when present (with a non-empty code);
//  2. else a body member "code" (any letter case), 3. else the x-amzn-errortype header,
//  4. else "__type"; the identifier is sanitized, then matched to an SQS shape by name or by
//     query code; unmatched identifiers are kept as the name ("Unknown" when there was none).
// The message is "Message" when non-empty, else "message" (the SDK lets "Message" win).
inline ServiceError resolve_service_error(const HttpResponse& r, const ErrorBody& body) {
  ServiceError e;
  e.http_status = r.status;
  e.request_id = request_id_of(r);
  std::optional<std::string_view> id;
  if (auto q = r.header("x-amzn-query-error")) {
    std::string_view code = q->substr(0, q->find(';'));
    e.query_code = code;
    if (code.size() < q->size()) {
      std::string_view type = q->substr(code.size() + 1);
      e.query_type = type.substr(0, type.find(';'));
    }
    if (!code.empty()) id = code;
  }
  if (!id) id = body.code;
  if (!id) id = r.header("x-amzn-errortype");
  if (!id) id = body.type;
  std::string_view name = id ? sanitize_error_code(*id) : std::string_view();
  if (name.empty()) name = "Unknown";
  if (const auto* shape = find_sqs_shape(name)) {
    e.code = shape->code;
    e.name = shape->name;
  } else {
    e.code = service_errc_from(name);
    e.name = name;
  }
  if (body.upper_message && !body.upper_message->empty()) e.message = *body.upper_message;
  else if (body.message) e.message = *body.message;
  return e;
}

// A 2xx response whose body is not the operation's output.
inline ServiceError malformed_response(const HttpResponse& r, std::string message) {
  ServiceError e = client_side_error(ServiceErrc::MalformedResponse, std::move(message));
  e.http_status = r.status;
  e.request_id = request_id_of(r);
  return e;
}

}  // namespace detail

}  // namespace redrive
