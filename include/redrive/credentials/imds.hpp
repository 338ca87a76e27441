// EC2 instance metadata credentials, IMDSv2 only: where the service is (AWS_EC2_METADATA_DISABLED,
// AWS_EC2_METADATA_SERVICE_ENDPOINT, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE and their profile
// keys) and the fetch (a session token, the role name, the role's credentials).
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "redrive/credentials/environment.hpp"
#include "redrive/credentials/error.hpp"
#include "redrive/credentials/metadata_document.hpp"
#include "redrive/credentials/provider.hpp"
#include "redrive/detail/ascii.hpp"
#include "redrive/endpoint.hpp"
#include "redrive/http.hpp"
#include "redrive/secret.hpp"

namespace redrive {

// Where the instance metadata service is.
struct ImdsSettings {
  std::string scheme = "http";
  std::string host = "169.254.169.254";  // host[:port], as in HttpRequest::host

  [[nodiscard]] std::string origin() const { return scheme + "://" + host; }
};

// The detail of the InstanceMetadataFailed error that imds_settings() returns when
// AWS_EC2_METADATA_DISABLED turns the service off. The SDK then goes on as if no provider was
// configured, so a chain should too: test for it with is_imds_disabled().
inline constexpr std::string_view imds_disabled_detail = "access is disabled by AWS_EC2_METADATA_DISABLED";

[[nodiscard]] inline bool is_imds_disabled(const CredentialsError& e) noexcept {
  return e.code == CredentialsErrc::InstanceMetadataFailed && e.detail == imds_disabled_detail;
}

namespace detail {
inline CredentialsError imds_error(std::string detail) {
  return CredentialsError{CredentialsErrc::InstanceMetadataFailed, {}, {}, {}, std::move(detail)};
}
}  // namespace detail

// The instance metadata service as the AWS SDK for JavaScript v3 finds it. The caller passes the
// profile's ec2_metadata_service_endpoint and ec2_metadata_service_endpoint_mode (nullopt when
// the profile has none). Empty values count as unset.
//   AWS_EC2_METADATA_DISABLED set to anything but "false": an error, is_imds_disabled() is true;
//   AWS_EC2_METADATA_SERVICE_ENDPOINT, else the profile's endpoint: that URL (http or https;
//     its path is not used);
//   else AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE, else the profile's mode, else IPv4:
//     "IPv4" → http://169.254.169.254, "IPv6" → http://[fd00:ec2::254] (spelled exactly so).
// An endpoint that is not a URL or another mode is an InstanceMetadataFailed error naming the
// variable or key.
[[nodiscard]] inline std::expected<ImdsSettings, CredentialsError> imds_settings(
    const GetEnv& env, std::optional<std::string_view> profile_endpoint = std::nullopt,
    std::optional<std::string_view> profile_endpoint_mode = std::nullopt) {
  if (const std::string disabled = detail::env_string(env, "AWS_EC2_METADATA_DISABLED");
      !disabled.empty() && disabled != "false")
    return std::unexpected(detail::imds_error(std::string(imds_disabled_detail)));
  auto pick = [&](const char* variable, std::optional<std::string_view> from_profile, const char* key)
      -> std::pair<std::string, std::string_view> {
    if (std::string v = detail::env_string(env, variable); !v.empty()) return {std::move(v), variable};
    if (from_profile && !from_profile->empty()) return {std::string(*from_profile), key};
    return {};
  };
  if (auto [url, name] = pick("AWS_EC2_METADATA_SERVICE_ENDPOINT", profile_endpoint, "ec2_metadata_service_endpoint");
      !url.empty()) {
    auto endpoint = Endpoint::custom(url);
    if (!endpoint)
      return std::unexpected(detail::imds_error(std::string(name) + " is not a usable URL: " +
                                                std::string(endpoint.error().message())));
    return ImdsSettings{std::string(endpoint->scheme()), std::string(endpoint->host())};
  }
  auto [mode, name] =
      pick("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", profile_endpoint_mode, "ec2_metadata_service_endpoint_mode");
  if (mode.empty() || mode == "IPv4") return ImdsSettings{};
  if (mode == "IPv6") return ImdsSettings{"http", "[fd00:ec2::254]"};
  return std::unexpected(detail::imds_error(std::string(name) + " is '" + detail::printable(mode, 40) +
                                            "': it must be IPv4 or IPv6"));
}

// One fetch from the instance metadata service, IMDSv2 only (no fallback to IMDSv1):
//   1. PUT /latest/api/token with x-aws-ec2-metadata-token-ttl-seconds: 21600;
//   2. GET /latest/meta-data/iam/security-credentials/ with x-aws-ec2-metadata-token: the role
//      name is the first line of the answer, trimmed;
//   3. GET /latest/meta-data/iam/security-credentials/<role> with the token: the credentials.
// Each request may take 1 s and is made once, as in the SDK's default chain (timeout 1000 ms,
// maxRetries 0), so an instance without metadata service fails within about a second. The
// outcome's source is CredentialSource::InstanceMetadata; a failure is InstanceMetadataFailed:
// "... is unreachable" when the token request gets no answer, else the step and the status or the
// transport's message. The session token is a secret: it is wiped once used.
class ImdsFetch final : public CredentialsFetch {
 public:
  static constexpr std::chrono::milliseconds timeout{1000};
  static constexpr std::string_view token_path = "/latest/api/token";
  static constexpr std::string_view token_ttl_seconds = "21600";
  static constexpr std::string_view credentials_path = "/latest/meta-data/iam/security-credentials/";

  explicit ImdsFetch(ImdsSettings settings = {}) : settings_(std::move(settings)) {
    request_ = HttpRequest{"PUT", settings_.scheme, settings_.host, std::string(token_path),
                           {{"x-aws-ec2-metadata-token-ttl-seconds", std::string(token_ttl_seconds)}}, {}, timeout};
  }
  ImdsFetch(const ImdsFetch&) = delete;
  ImdsFetch& operator=(const ImdsFetch&) = delete;
  ~ImdsFetch() override { forget_token(); }

  Step next(CallTime) override {
    if (stage_ == Stage::Done) return {};
    return Step{Step::Kind::Send, &request_, {}};
  }

  void on_response(const HttpResponse& response, std::size_t padding, CallTime) override {
    if (stage_ == Stage::Done) return;
    const bool ok = response.status >= 200 && response.status <= 299;
    const std::string status = "status " + std::to_string(response.status);
    switch (stage_) {
      case Stage::Token:
        if (response.status == 403 || response.status == 404 || response.status == 405)
          return fail("refused the session token request (IMDSv2) with " + status +
                      "; redrive does not fall back to IMDSv1");
        if (!ok) return fail("answered the session token request with " + status);
        if (response.body.empty() || !detail::is_header_value(response.body))
          return fail("returned a session token that is empty or not a valid header value");
        token_ = SecretString(response.body);
        return request(std::string(credentials_path));
      case Stage::Role: {
        if (response.status == 404) return fail("has no IAM role for this instance (" + status + ")");
        if (!ok) return fail("answered the role name request with " + status);
        const std::string_view role =
            detail::trim<detail::is_json_space>(response.body.substr(0, response.body.find('\n')));
        if (role.empty()) return fail("has no IAM role for this instance (the role list is empty)");
        for (char c : role)
          if (!detail::is_path_char(c) || c == '/' || c == '%')
            return fail("returned a role name with a byte that cannot be in a role name");
        return request(std::string(credentials_path) + std::string(role));
      }
      case Stage::Credentials: {
        if (!ok) return fail("answered the credentials request with " + status);
        auto credentials = parse_metadata_credentials(response.body, padding);
        if (!credentials) return fail("returned an unusable answer: " + credentials.error());
        forget_token();
        outcome_ = ProvidedCredentials{std::move(*credentials), CredentialSource::InstanceMetadata};
        stage_ = Stage::Done;
        return;
      }
      case Stage::Done: return;
    }
  }

  void on_transport_error(const TransportError& error, CallTime) override {
    if (stage_ == Stage::Done) return;
    const std::string why = error.kind == TransportFailure::Timeout ? "no answer within 1 s" : error.message;
    if (stage_ == Stage::Token) return fail("is unreachable (" + why + ")");
    fail(std::string("did not answer the ") + (stage_ == Stage::Role ? "role name" : "credentials") + " request (" +
         why + ")");
  }

  const Outcome& outcome() const& noexcept override { return outcome_; }

 private:
  enum class Stage : unsigned char { Token, Role, Credentials, Done };

  void request(std::string path) {
    forget_token();
    request_ = HttpRequest{"GET", settings_.scheme, settings_.host, std::move(path),
                           {{"x-aws-ec2-metadata-token", std::string(token_.reveal())}}, {}, timeout};
    stage_ = stage_ == Stage::Token ? Stage::Role : Stage::Credentials;
  }

  void fail(std::string what) {
    forget_token();
    outcome_ = std::unexpected(detail::imds_error("the instance metadata service at " + settings_.origin() + " " + what));
    stage_ = Stage::Done;
  }

  void forget_token() noexcept {
    for (auto& h : request_.headers)
      if (h.name == "x-aws-ec2-metadata-token") detail::wipe_string(h.value);
  }

  ImdsSettings settings_;
  HttpRequest request_;
  SecretString token_;
  Stage stage_ = Stage::Token;
  Outcome outcome_ = std::unexpected(detail::imds_error("the fetch has not finished"));
};

// Makes an ImdsFetch for each refresh.
class ImdsProvider final : public CredentialsProvider {
 public:
  explicit ImdsProvider(ImdsSettings settings = {}) : settings_(std::move(settings)) {}
  [[nodiscard]] std::unique_ptr<CredentialsFetch> fetch() override { return std::make_unique<ImdsFetch>(settings_); }

 private:
  ImdsSettings settings_;
};

}  // namespace redrive
