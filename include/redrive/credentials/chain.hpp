// The credential chain: environment credentials, else a profile of the shared files.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "redrive/credentials/environment.hpp"
#include "redrive/credentials/error.hpp"
#include "redrive/credentials/shared_files.hpp"
#include "redrive/secret.hpp"

namespace redrive {

// Credentials the way the AWS SDKs' default chain finds static ones:
//   1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), unless a profile is
//      named (by `profile` or AWS_PROFILE), in which case the profile is used, as the JS SDK does;
//   2. the profile (AWS_PROFILE, else "default") from AWS_SHARED_CREDENTIALS_FILE
//      (~/.aws/credentials) and AWS_CONFIG_FILE (~/.aws/config).
// Roles, SSO, credential_process and instance metadata are not resolved (they need network or
// processes); such a profile yields UnsupportedProfile. Empty variables count as unset.
[[nodiscard]] inline std::expected<Credentials, CredentialsError> load_credentials(std::optional<std::string_view> profile,
                                                                     const GetEnv& env = process_env) {
  std::string name = profile && !profile->empty() ? std::string(*profile) : detail::env_string(env, "AWS_PROFILE");
  const bool named = !name.empty();
  std::string key_id = detail::env_string(env, "AWS_ACCESS_KEY_ID");
  const char* secret_env = env ? env("AWS_SECRET_ACCESS_KEY") : nullptr;
  SecretString secret(secret_env ? secret_env : "");
  if (!named && !key_id.empty() && !secret.empty()) {
    Credentials c{std::move(key_id), std::move(secret), {}};
    if (const char* token = env ? env("AWS_SESSION_TOKEN") : nullptr; token && *token)
      c.session_token = SecretString(token);
    return c;
  }
  if (!named) name = "default";

  auto files = detail::SharedFiles::load(env);
  auto result = credentials_from_profile(files.credentials.reveal(), files.config.reveal(), name);
  if (result) return result;
  CredentialsError e = std::move(result.error());
  e.credentials_file = files.credentials_path;
  e.config_file = files.config_path;
  if (!named && e.code == CredentialsErrc::ProfileNotFound) {
    // Nothing in the files either: point at the half-set environment if there is one.
    e.profile.clear();
    if (!key_id.empty()) e.code = CredentialsErrc::MissingSecretAccessKey;
    else if (!secret.empty()) e.code = CredentialsErrc::MissingAccessKeyId;
    else {
      e.code = CredentialsErrc::NotFound;
      e.profile = "default";
    }
  }
  return std::unexpected(std::move(e));
}

[[nodiscard]] inline std::expected<Credentials, CredentialsError> load_credentials(const GetEnv& env = process_env) {
  return load_credentials(std::nullopt, env);
}

}  // namespace redrive
