// What a credentials provider is: something that makes fetches, each a sans-IO state machine
// shaped like a Call (next / on_response / on_transport_error, driven by drive() or any HTTP
// stack), whose outcome is Credentials (with their expiration) or a CredentialsError. Providers
// that need no HTTP (environment, files, a process) finish on the first next().
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <string_view>
#include <utility>

#include "redrive/credentials/error.hpp"
#include "redrive/http.hpp"
#include "redrive/secret.hpp"
#include "redrive/step.hpp"

namespace redrive {

// Where credentials came from, named as `aws configure list` names them.
enum class CredentialSource : std::uint8_t {
  Environment,       // AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
  SharedFiles,       // static keys of a profile
  AssumeRole,        // role_arn with source_profile or credential_source
  WebIdentity,       // web_identity_token_file / AWS_WEB_IDENTITY_TOKEN_FILE
  Process,           // credential_process
  Sso,               // sso_session or sso_start_url
  Container,         // AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI
  InstanceMetadata,  // EC2 instance metadata (IMDSv2)
};

[[nodiscard]] constexpr std::string_view source_name(CredentialSource s) noexcept {
  switch (s) {
    case CredentialSource::Environment: return "env";
    case CredentialSource::SharedFiles: return "shared-credentials-file";
    case CredentialSource::AssumeRole: return "assume-role";
    case CredentialSource::WebIdentity: return "assume-role-with-web-identity";
    case CredentialSource::Process: return "custom-process";
    case CredentialSource::Sso: return "sso";
    case CredentialSource::Container: return "container-role";
    case CredentialSource::InstanceMetadata: return "iam-role";
  }
  return "?";
}

// Credentials and the provider that gave them.
struct ProvidedCredentials {
  Credentials credentials;
  CredentialSource source = CredentialSource::Environment;
};

// One fetch of credentials. next() returns Send (send the request, feed the answer back), Wait
// (ask again at wake_at) or Done (outcome() is set). Views into responses are not kept.
class CredentialsFetch {
 public:
  using Outcome = std::expected<ProvidedCredentials, CredentialsError>;

  virtual ~CredentialsFetch() = default;
  [[nodiscard]] virtual Step next(CallTime now) = 0;
  virtual void on_response(const HttpResponse& response, std::size_t padding, CallTime now) = 0;
  virtual void on_transport_error(const TransportError& error, CallTime now) = 0;
  // Meaningful once next() returned Done.
  [[nodiscard]] virtual const Outcome& outcome() const& noexcept = 0;
};

// Makes a fetch each time credentials are needed: first use, and each refresh before they expire.
class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  [[nodiscard]] virtual std::unique_ptr<CredentialsFetch> fetch() = 0;
};

// A fetch that needs no HTTP: its outcome is known when it is made.
class ReadyFetch final : public CredentialsFetch {
 public:
  explicit ReadyFetch(Outcome outcome) : outcome_(std::move(outcome)) {}
  Step next(CallTime) override { return {}; }
  void on_response(const HttpResponse&, std::size_t, CallTime) override {}
  void on_transport_error(const TransportError&, CallTime) override {}
  const Outcome& outcome() const& noexcept override { return outcome_; }

 private:
  Outcome outcome_;
};

}  // namespace redrive
