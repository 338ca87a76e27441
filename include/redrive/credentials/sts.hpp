// Credentials from AWS STS: AssumeRole (a role_arn profile, signed with the credentials of its
// source_profile or credential_source) and AssumeRoleWithWebIdentity (a web identity token file:
// EKS IRSA, or web_identity_token_file in a profile), as the AWS SDK for JavaScript v3's STS
// client sends them: query protocol (a form-encoded POST), XML answers, standard retries.
// Needs OpenSSL's libcrypto (sigv4.hpp) and pugixml: not in the umbrella <redrive/credentials.hpp>;
// link both (the redrive::sigv4 CMake target, the redrive-sigv4 pkg-config module).
//
// Request builders and parsers are pure. AssumeRoleFetch and WebIdentityFetch are sans-IO
// CredentialsFetch machines (provider.hpp): they read no clock and never sleep.
#pragma once

#include <pugixml.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>

#include "redrive/detail/ascii.hpp"
#include "redrive/clock_skew.hpp"
#include "redrive/credentials/error.hpp"
#include "redrive/credentials/provider.hpp"
#include "redrive/credentials/shared_files.hpp"
#include "redrive/credentials/timestamp.hpp"
#include "redrive/endpoint.hpp"
#include "redrive/http.hpp"
#include "redrive/retry.hpp"
#include "redrive/secret.hpp"
#include "redrive/service_error.hpp"
#include "redrive/sigv4.hpp"
#include "redrive/step.hpp"

namespace redrive {

inline constexpr std::string_view sts_api_version = "2011-06-15";

// AssumeRole's parameters, from a profile's role_arn, role_session_name, external_id and
// duration_seconds.
struct AssumeRoleParams {
  std::string role_arn{};
  std::string role_session_name{};  // empty: default_role_session_name(now) when the fetch starts
  std::optional<std::string> external_id{};
  std::optional<int> duration_seconds{};  // none: 3600, what the SDK sends for a profile without one
};

// AssumeRoleWithWebIdentity's parameters: AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and
// AWS_ROLE_SESSION_NAME, or a profile's web_identity_token_file, role_arn and role_session_name.
struct WebIdentityParams {
  std::string token_file{};
  std::string role_arn{};
  std::string role_session_name{};  // empty: default_web_identity_session_name(now) when the fetch starts
};

// The session names the SDK makes when none is configured ("aws-sdk-js-<Date.now()>" and
// "aws-sdk-js-session-<Date.now()>"), with redrive's prefix: milliseconds since the epoch.
[[nodiscard]] inline std::string default_role_session_name(CallTime now) {
  return "redrive-" + std::to_string(now.time_since_epoch().count());
}
[[nodiscard]] inline std::string default_web_identity_session_name(CallTime now) {
  return "redrive-session-" + std::to_string(now.time_since_epoch().count());
}

namespace detail::sts {

inline void append_param(std::string& body, std::string_view name, std::string_view value) {
  body += '&';
  body += name;
  body += '=';
  sigv4::append_uri_encoded(body, value);
}

// POST to the endpoint's path with the headers the SDK's STS client signs (its user agent and
// invocation id aside): host, content-type, content-length.
inline HttpRequest form_request(const Endpoint& sts, std::string body) {
  HttpRequest r;
  r.method = "POST";
  r.scheme = sts.scheme();
  r.host = sts.host();
  r.path = sts.path();
  r.headers.push_back({"host", std::string(sts.host())});
  r.headers.push_back({"content-type", "application/x-www-form-urlencoded"});
  r.headers.push_back({"content-length", std::to_string(body.size())});
  r.body = std::move(body);
  return r;
}

// Zeroes what a request may hold of a secret (a session token header, a web identity token in
// the body) before its buffers are reused or freed.
inline void wipe_request(HttpRequest& r) noexcept {
  for (auto& h : r.headers) wipe_string(h.value);
  wipe_string(r.body);
}

// Parses `xml` (UTF-8, any bytes) in a copy that is zeroed afterwards, and calls f(document, ok).
template <class F>
auto with_document(std::string_view xml, F&& f) {
  WipedString buffer(xml);
  pugi::xml_document doc;  // destroyed before the buffer it points into
  bool ok = false;
  if (!buffer.text.empty()) {
    // In place and without conversion: the names and values point into `buffer`.
    const pugi::xml_parse_result r = doc.load_buffer_inplace(buffer.text.data(), buffer.text.size(),
                                                             pugi::parse_default, pugi::encoding_utf8);
    ok = static_cast<bool>(r);
  }
  return f(static_cast<const pugi::xml_document&>(doc), ok);
}

}  // namespace detail::sts

// The AssumeRole request: POST <endpoint path>, form body Action=AssumeRole&Version=2011-06-15&
// RoleArn=..&RoleSessionName=..&DurationSeconds=..[&ExternalId=..] in the SDK's order and
// encoding (RFC 3986). Unsigned: AssumeRoleFetch adds amz-sdk-request and signs it.
[[nodiscard]] inline HttpRequest assume_role_request(const Endpoint& sts, const AssumeRoleParams& params) {
  std::string body;
  body.reserve(128 + 3 * (params.role_arn.size() + params.role_session_name.size() +
                          (params.external_id ? params.external_id->size() : 0)));
  body += "Action=AssumeRole&Version=";
  body += sts_api_version;
  detail::sts::append_param(body, "RoleArn", params.role_arn);
  detail::sts::append_param(body, "RoleSessionName", params.role_session_name);
  detail::sts::append_param(body, "DurationSeconds", std::to_string(params.duration_seconds.value_or(3600)));
  if (params.external_id) detail::sts::append_param(body, "ExternalId", *params.external_id);
  return detail::sts::form_request(sts, std::move(body));
}

// The AssumeRoleWithWebIdentity request with the token's text (a secret: the body holds it).
// Sent unsigned, as the SDK sends it.
[[nodiscard]] inline HttpRequest assume_role_with_web_identity_request(const Endpoint& sts,
                                                                       const WebIdentityParams& params,
                                                                       std::string_view token) {
  std::string body;
  // Large enough from the start: growing would free a copy of the token without zeroing it.
  body.reserve(128 + 3 * (params.role_arn.size() + params.role_session_name.size() + token.size()));
  body += "Action=AssumeRoleWithWebIdentity&Version=";
  body += sts_api_version;
  detail::sts::append_param(body, "RoleArn", params.role_arn);
  detail::sts::append_param(body, "RoleSessionName", params.role_session_name);
  detail::sts::append_param(body, "WebIdentityToken", token);
  return detail::sts::form_request(sts, std::move(body));
}

// The credentials of an AssumeRoleResponse or AssumeRoleWithWebIdentityResponse
// (<...Result><Credentials> with AccessKeyId, SecretAccessKey, SessionToken, Expiration). As the
// SDK, it requires AccessKeyId and SecretAccessKey; a missing SessionToken or Expiration is left
// empty, an Expiration that is not an ISO 8601 time is an error. Any bytes are accepted; the error
// says what is wrong and never quotes the document.
[[nodiscard]] inline std::expected<Credentials, std::string> parse_sts_credentials(std::string_view xml) {
  return detail::sts::with_document(xml, [](const pugi::xml_document& doc, bool ok) -> std::expected<Credentials, std::string> {
    if (!ok) return std::unexpected(std::string("the answer is not XML"));
    const pugi::xml_node root = doc.document_element();
    const std::string_view name = root.name();
    pugi::xml_node result;
    if (name == "AssumeRoleResponse") result = root.child("AssumeRoleResult");
    else if (name == "AssumeRoleWithWebIdentityResponse") result = root.child("AssumeRoleWithWebIdentityResult");
    else return std::unexpected(std::string("the answer is not an AssumeRole or AssumeRoleWithWebIdentity response"));
    const pugi::xml_node creds = result.child("Credentials");
    if (!creds) return std::unexpected(std::string("the answer has no Credentials"));
    const std::string_view key_id = creds.child_value("AccessKeyId");
    const std::string_view secret = creds.child_value("SecretAccessKey");
    if (key_id.empty()) return std::unexpected(std::string("the answer's Credentials have no AccessKeyId"));
    if (secret.empty()) return std::unexpected(std::string("the answer's Credentials have no SecretAccessKey"));
    Credentials c{std::string(key_id), SecretString(secret), SecretString(creds.child_value("SessionToken"))};
    if (const pugi::xml_node exp = creds.child("Expiration")) {
      c.expiration = parse_iso8601(exp.child_value());
      if (!c.expiration) return std::unexpected(std::string("the answer's Expiration is not an ISO 8601 time"));
    }
    return c;
  });
}

// An STS error document: <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>
// (or the <Response><Errors><Error> form the SDK also reads). The texts are as sent.
struct StsError {
  std::string type;  // "Sender" or "Receiver"
  std::string code;  // "AccessDenied", "ExpiredToken", "Throttling", ...
  std::string message;
  std::string request_id;
};

// The error an STS answer carries, or nullopt when it is not XML or holds no Error element.
[[nodiscard]] inline std::optional<StsError> parse_sts_error(std::string_view xml) {
  return detail::sts::with_document(xml, [](const pugi::xml_document& doc, bool ok) -> std::optional<StsError> {
    if (!ok) return std::nullopt;
    const pugi::xml_node root = doc.document_element();
    pugi::xml_node error = root.child("Error");
    if (!error) error = root.child("Errors").child("Error");
    if (!error) return std::nullopt;
    StsError e;
    e.type = error.child_value("Type");
    e.code = error.child_value("Code");
    e.message = error.child("Message") ? error.child_value("Message") : error.child_value("message");
    e.request_id = root.child_value("RequestId");
    if (e.request_id.empty()) e.request_id = root.child_value("RequestID");
    return e;
  });
}

namespace detail::sts {

// What AssumeRoleFetch and WebIdentityFetch share: the STS exchange, attempt by attempt with the
// SDK's standard retries (3 attempts unless the policy says otherwise), the answer read into
// credentials or into an error detail that names the role.
class Exchange : public CredentialsFetch {
 public:
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;
  ~Exchange() override {
    wipe_request(base_);
    wipe_request(http_);
  }

  [[nodiscard]] const Outcome& outcome() const& noexcept override { return outcome_; }
  // Attempts sent to STS so far.
  [[nodiscard]] int attempts() const noexcept { return attempt_; }

 protected:
  // `role_arn` ends every error detail.
  Exchange(CredentialsErrc errc, CredentialSource source, std::string role_arn, RetryPolicy policy, std::uint64_t seed)
      : errc_(errc), provided_as_(source), role_arn_(std::move(role_arn)), policy_(policy), random_(seed) {}

  enum class State : std::uint8_t { Starting, Ready, Sent, Waiting, Done };

  // Signs an attempt's request at `time`; nullopt when signed, else why not. Unsigned by default.
  virtual std::optional<std::string> sign(HttpRequest&, std::chrono::sys_seconds) { return std::nullopt; }

  // The request is known: from now on the exchange runs.
  void start(HttpRequest request) {
    wipe_request(base_);
    base_ = std::move(request);
    state_ = State::Ready;
  }

  Step exchange_next(CallTime now) {
    switch (state_) {
      case State::Waiting:
        if (now < wake_at_) return {Step::Kind::Wait, nullptr, wake_at_};
        [[fallthrough]];
      case State::Ready: return prepare(now);
      case State::Sent: return {Step::Kind::Send, &http_, {}};
      case State::Starting:
      case State::Done: break;
    }
    return {};
  }

  void exchange_response(const HttpResponse& response, CallTime now) {
    if (state_ != State::Sent) return;
    bool corrected = false;
    if (auto date = response.header("date")) {
      if (auto server = parse_http_date(*date); server && signs_) {
        const Milliseconds before = offset_;
        offset_ = updated_clock_offset(*server, now, before);
        corrected = offset_ != before;
      }
    }
    if (response.status >= 200 && response.status <= 299) {
      auto creds = parse_sts_credentials(response.body);
      if (!creds) return fail("invalid answer from " + base_.url() + ": " + creds.error());
      return finish(ProvidedCredentials{std::move(*creds), provided_as_});
    }
    const std::optional<StsError> parsed = parse_sts_error(response.body);
    ServiceError error;
    error.http_status = response.status;
    error.name = parsed && !parsed->code.empty() ? parsed->code : response.status == 404 ? "NotFound" : "";
    error.message = parsed ? parsed->message : std::string();
    RetryKind kind = retry_kind(error);
    // Modeled as retryable in STS (IDPCommunicationErrorException); and, as the SDKs do, an error
    // that corrected the clock is retried with the server's time.
    if (kind == RetryKind::NotRetryable && (error.name == "IDPCommunicationError" || corrected))
      kind = RetryKind::Transient;
    std::string what = error.name.empty() ? "HTTP " + std::to_string(response.status) : printable(error.name);
    if (!error.message.empty()) what += ": " + printable(error.message);
    retry_or_fail(kind, retry_after_hint(response), std::move(what), now);
  }

  void exchange_transport_error(const TransportError& failure, CallTime now) {
    if (state_ != State::Sent) return;
    retry_or_fail(retry_kind(failure.kind), std::nullopt,
                  "could not reach " + base_.url() + ": " + printable(failure.message), now);
  }

  // Ends the fetch with errc_ and `what`, followed by the role.
  void fail(std::string what) {
    if (!role_arn_.empty()) what += " (role " + printable(role_arn_) + ")";
    finish(std::unexpected(CredentialsError{errc_, {}, {}, {}, std::move(what)}));
  }
  void finish(Outcome outcome) {
    outcome_ = std::move(outcome);
    state_ = State::Done;
    wipe_request(http_);
  }

  State state_ = State::Starting;
  bool signs_ = false;  // signed requests correct the clock from answers' Date headers

 private:
  Step prepare(CallTime now) {
    ++attempt_;
    wipe_request(http_);
    http_ = base_;
    http_.headers.push_back(
        {"amz-sdk-request", "attempt=" + std::to_string(attempt_) + "; max=" + std::to_string(policy_.max_attempts)});
    if (auto problem = sign(http_, std::chrono::floor<std::chrono::seconds>(now + offset_))) {
      fail("could not sign the request: " + *problem);
      return {};
    }
    state_ = State::Sent;
    return {Step::Kind::Send, &http_, {}};
  }

  void retry_or_fail(RetryKind kind, std::optional<Milliseconds> hint, std::string what, CallTime now) {
    const double r = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
    const RetryDecision d = decide_retry(policy_, attempt_, kind, r, hint);
    if (!d.retry) return fail(std::move(what));
    wake_at_ = now + d.delay;
    state_ = State::Waiting;
  }

  CredentialsErrc errc_;
  CredentialSource provided_as_;
  std::string role_arn_;
  RetryPolicy policy_;
  std::mt19937_64 random_;
  HttpRequest base_;  // the request without amz-sdk-request and signature
  HttpRequest http_;  // the attempt handed out
  int attempt_ = 0;
  CallTime wake_at_{};
  Milliseconds offset_{0};
  Outcome outcome_{std::unexpected(CredentialsError{CredentialsErrc::NotFound, {}, {}, {}})};
};

}  // namespace detail::sts

// Credentials of a role, assumed with the credentials `source` fetches (a source_profile's chain
// or a credential_source). The source's steps are handed out first; its failure is the outcome,
// unchanged. Then AssumeRole is signed with the source credentials (SigV4 for the endpoint's
// signing region and "sts", at now plus the clock offset learned from answers, floored to a
// second) and sent with the SDK's standard retries. Outcome: CredentialSource::AssumeRole with
// the answer's expiration, or CredentialsErrc::AssumeRoleFailed whose detail is the STS error
// ("<Code>: <Message>"), a transport failure or an unreadable answer, followed by the role ARN.
class AssumeRoleFetch final : public detail::sts::Exchange {
 public:
  AssumeRoleFetch(std::unique_ptr<CredentialsFetch> source, AssumeRoleParams params, Endpoint sts,
                  std::uint64_t seed = std::random_device{}(), RetryPolicy policy = {})
      : Exchange(CredentialsErrc::AssumeRoleFailed, CredentialSource::AssumeRole, params.role_arn, policy, seed),
        source_(std::move(source)),
        params_(std::move(params)),
        sts_(std::move(sts)) {
    signs_ = true;
  }

  [[nodiscard]] Step next(CallTime now) override {
    if (state_ == State::Starting) {
      if (!source_) {
        fail("no source credentials");
        return {};
      }
      Step step = source_->next(now);
      if (!step.done()) return step;
      const Outcome& got = source_->outcome();
      if (!got) {
        finish(std::unexpected(got.error()));
        return {};
      }
      signer_.emplace(got->credentials);
      source_.reset();  // its copy of the source credentials goes now
      if (params_.role_session_name.empty()) params_.role_session_name = default_role_session_name(now);
      start(assume_role_request(sts_, params_));
    }
    return exchange_next(now);
  }
  void on_response(const HttpResponse& response, std::size_t padding, CallTime now) override {
    if (state_ == State::Starting) {
      if (source_) source_->on_response(response, padding, now);
      return;
    }
    exchange_response(response, now);
  }
  void on_transport_error(const TransportError& error, CallTime now) override {
    if (state_ == State::Starting) {
      if (source_) source_->on_transport_error(error, now);
      return;
    }
    exchange_transport_error(error, now);
  }

 private:
  std::optional<std::string> sign(HttpRequest& request, std::chrono::sys_seconds time) override {
    auto signed_ok = signer_->sign(request, sts_.signing_region(), "sts", time);
    if (!signed_ok) return std::string(message(signed_ok.error()));
    return std::nullopt;
  }

  std::unique_ptr<CredentialsFetch> source_;
  AssumeRoleParams params_;
  Endpoint sts_;
  std::optional<Signer> signer_;
};

// Credentials of a role assumed with a web identity token (EKS IRSA and other OIDC providers).
// Each fetch reads the token file anew, so a rotated token is used at the next refresh; its text
// is sent as the SDK reads it (each byte with its high bit cleared, nothing trimmed), unsigned,
// with the SDK's standard retries. Outcome: CredentialSource::WebIdentity with the answer's
// expiration, or CredentialsErrc::WebIdentityFailed whose detail names the unreadable token file,
// or is the STS error ("<Code>: <Message>"), a transport failure or an unreadable answer, followed
// by the role ARN.
class WebIdentityFetch final : public detail::sts::Exchange {
 public:
  WebIdentityFetch(WebIdentityParams params, Endpoint sts, std::uint64_t seed = std::random_device{}(),
                   RetryPolicy policy = {})
      : Exchange(CredentialsErrc::WebIdentityFailed, CredentialSource::WebIdentity, params.role_arn, policy, seed),
        params_(std::move(params)),
        sts_(std::move(sts)) {}

  [[nodiscard]] Step next(CallTime now) override {
    if (state_ == State::Starting) {
      std::optional<std::string> token =
          params_.token_file.empty() ? std::nullopt : detail::read_small_file(params_.token_file);
      if (!token) {
        fail(params_.token_file.empty() ? std::string("no web identity token file was given")
                                        : "the web identity token file '" + detail::printable(params_.token_file) +
                                              "' could not be read");
        return {};
      }
      for (char& c : *token) c = static_cast<char>(static_cast<unsigned char>(c) & 0x7f);
      if (params_.role_session_name.empty()) params_.role_session_name = default_web_identity_session_name(now);
      start(assume_role_with_web_identity_request(sts_, params_, *token));
      detail::wipe_string(*token);
    }
    return exchange_next(now);
  }
  void on_response(const HttpResponse& response, std::size_t, CallTime now) override {
    exchange_response(response, now);
  }
  void on_transport_error(const TransportError& error, CallTime now) override {
    exchange_transport_error(error, now);
  }

 private:
  WebIdentityParams params_;
  Endpoint sts_;
};

}  // namespace redrive
