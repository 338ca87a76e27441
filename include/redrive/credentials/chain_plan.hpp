// The default credential chain's decisions, made from the environment and the text of the shared
// files alone: which providers to try, in which order, with which settings — the order and the
// precedence rules of the AWS SDK for JavaScript v3's default chain. Pure: running the plan (HTTP,
// processes, token files) is default_chain.hpp's job.
//
//   1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, unless a profile is named (--profile or
//      AWS_PROFILE): a named profile hides environment keys;
//   2. the profile (named, else "default"): role_arn (source_profile or credential_source), static
//      keys, web_identity_token_file, credential_process, SSO — in that order of precedence;
//   3. web identity from AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN;
//   4. container credentials when AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI is set,
//      else EC2 instance metadata unless AWS_EC2_METADATA_DISABLED.
// A provider that is not configured passes to the next; one that is configured but fails may end
// the chain (an STS or SSO error) or pass (as the SDK does for a failing credential_process).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "redrive/credentials/environment.hpp"
#include "redrive/credentials/error.hpp"
#include "redrive/credentials/profile.hpp"
#include "redrive/credentials/provider.hpp"
#include "redrive/credentials/timestamp.hpp"
#include "redrive/secret.hpp"

namespace redrive {

struct CredentialsLink;

namespace plan {

// Keys known at planning time: the environment's or a profile's.
struct StaticKeys {
  Credentials credentials;
};
// STS AssumeRole with credentials from `source` (a profile's keys, another role, or a
// credential_source).
struct AssumeRole {
  std::string role_arn;
  std::string role_session_name;  // empty: the provider makes one
  std::string external_id;
  std::optional<int> duration_seconds;
  std::string region;  // for STS: the profile's region; empty: the client's
  std::shared_ptr<const CredentialsLink> source;
};
struct WebIdentity {
  std::string token_file;
  std::string role_arn;
  std::string role_session_name;
  std::string region;  // for STS; empty: the client's
};
struct Process {
  std::string command;
};
struct Sso {
  std::string start_url;
  std::string region;
  std::string account_id;
  std::string role_name;
  std::string session_name;  // empty for the legacy form (sso_start_url in the profile)
};
struct Container {};
// The profile's ec2_metadata_service_endpoint and ec2_metadata_service_endpoint_mode, if any.
struct InstanceMetadata {
  std::optional<std::string> endpoint;
  std::optional<std::string> endpoint_mode;
};
// A provider that is configured wrongly; `try_next`: the chain goes on to the next link.
struct Unusable {
  CredentialsError error;
  bool try_next = false;
};

}  // namespace plan

// One provider the chain tries: how, the profile it comes from (empty for the environment), and
// the source it reports.
struct CredentialsLink {
  std::variant<plan::StaticKeys, plan::AssumeRole, plan::WebIdentity, plan::Process, plan::Sso, plan::Container,
               plan::InstanceMetadata, plan::Unusable>
      how;
  CredentialSource source = CredentialSource::Environment;
  std::string profile;
};

struct CredentialsPlan {
  std::string profile;               // the profile the chain reads ("default" unless named)
  bool profile_named = false;        // named by --profile or AWS_PROFILE
  bool environment_keys_hidden = false;  // environment keys are set but a named profile hides them
  std::vector<CredentialsLink> links;
};

namespace detail {

class PlanBuilder {
 public:
  PlanBuilder(std::string_view credentials_text, std::string_view config_text, const GetEnv& env)
      : credentials_(credentials_text), config_(config_text), env_(env) {}

  // A profile read once from both files; a key in the credentials file wins.
  [[nodiscard]] Profile profile(std::string_view name) const { return Profile::read(name, credentials_, config_); }
  [[nodiscard]] std::optional<std::string> get(std::string_view name, std::string_view key) const {
    const Profile p = profile(name);
    auto v = p.get(key);  // a view into `p`
    return v ? std::optional<std::string>(*v) : std::nullopt;
  }

  // The links a profile gives (resolveProfileData): `visited` holds the profiles already on the way
  // (a source profile's static keys win over its role); `role_from_source`: the profile is reached as
  // a source whose credential_source stands alone.
  CredentialsLink profile_link(const std::string& name, std::vector<std::string> visited, bool role_from_source) const {
    const Profile p = profile(name);
    auto value = [&](std::string_view key) -> std::optional<std::string> {
      auto v = p.get(key);
      return v ? std::optional<std::string>(*v) : std::nullopt;
    };
    const bool is_static = value("aws_access_key_id") && value("aws_secret_access_key");
    if (!visited.empty() && is_static) return static_link(name);
    const bool has_source_profile = value("source_profile").has_value();
    const bool has_credential_source = value("credential_source").has_value();
    const bool is_role = value("role_arn") && has_source_profile != has_credential_source;
    if (role_from_source || is_role) return role_link(name, std::move(visited));
    if (is_static) return static_link(name);
    if (value("web_identity_token_file") && value("role_arn"))
      return {plan::WebIdentity{*value("web_identity_token_file"), *value("role_arn"),
                                value("role_session_name").value_or(""), ""},
              CredentialSource::WebIdentity, name};
    if (auto command = value("credential_process"))
      return {plan::Process{*command}, CredentialSource::Process, name};
    for (std::string_view key : {"sso_start_url", "sso_account_id", "sso_session", "sso_region", "sso_role_name"})
      if (value(key)) return sso_link(name);
    if (value("login_session"))
      return unusable(name, CredentialsErrc::UnsupportedProfile, "login_session (aws login) is not supported", false);
    const CredentialsErrc why = !p.exists()                     ? CredentialsErrc::ProfileNotFound
                                : value("aws_access_key_id")     ? CredentialsErrc::MissingSecretAccessKey
                                : value("aws_secret_access_key") ? CredentialsErrc::MissingAccessKeyId
                                                                 : CredentialsErrc::NoCredentialsInProfile;
    return unusable(name, why, "", true);
  }

 private:
  static CredentialsLink unusable(const std::string& profile, CredentialsErrc code, std::string detail, bool try_next) {
    CredentialsError e{code, profile, {}, {}};
    e.detail = std::move(detail);
    return {plan::Unusable{std::move(e), try_next}, CredentialSource::SharedFiles, profile};
  }

  CredentialsLink static_link(const std::string& name) const {
    Credentials c{*get(name, "aws_access_key_id"), SecretString(*get(name, "aws_secret_access_key")), {}};
    if (auto token = get(name, "aws_session_token")) c.session_token = SecretString(*token);
    return {plan::StaticKeys{std::move(c)}, CredentialSource::SharedFiles, name};
  }

  CredentialsLink role_link(const std::string& name, std::vector<std::string> visited) const {
    auto value = [&](std::string_view key) { return get(name, key); };
    std::shared_ptr<const CredentialsLink> source;
    if (auto source_profile = value("source_profile")) {
      for (const auto& seen : visited)
        if (seen == *source_profile)
          return unusable(name, CredentialsErrc::InvalidProfile,
                          "source_profile '" + *source_profile + "' leads back to itself", true);
      visited.push_back(*source_profile);
      const bool source_stands_alone = !get(*source_profile, "role_arn") && get(*source_profile, "credential_source");
      source = std::make_shared<const CredentialsLink>(profile_link(*source_profile, std::move(visited), source_stands_alone));
    } else {
      const std::string credential_source = value("credential_source").value_or("");
      if (credential_source == "Environment") source = std::make_shared<const CredentialsLink>(environment_link(true));
      else if (credential_source == "Ec2InstanceMetadata")
        source = std::make_shared<const CredentialsLink>(instance_metadata_link(name));
      else if (credential_source == "EcsContainer")
        source = std::make_shared<const CredentialsLink>(CredentialsLink{plan::Container{}, CredentialSource::Container, name});
      else
        return unusable(name, CredentialsErrc::InvalidProfile,
                        "credential_source '" + credential_source +
                            "' is not one of EcsContainer, Ec2InstanceMetadata or Environment",
                        true);
    }
    if (!value("role_arn")) return *source;  // a credential_source on its own
    if (value("mfa_serial"))
      return unusable(name, CredentialsErrc::UnsupportedProfile,
                      "mfa_serial needs an MFA code, which redrive cannot ask for; use credentials from 'aws sts "
                      "get-session-token' or a credential_process instead",
                      false);
    plan::AssumeRole role{*value("role_arn"), value("role_session_name").value_or(""), value("external_id").value_or(""),
                          std::nullopt, value("region").value_or(""), std::move(source)};
    if (auto duration = value("duration_seconds")) {
      int seconds = 0;
      for (char ch : *duration) {
        if (ch < '0' || ch > '9' || seconds > 100'000'000) return unusable(name, CredentialsErrc::InvalidProfile,
                                                                          "duration_seconds is not a number of seconds", false);
        seconds = seconds * 10 + (ch - '0');
      }
      if (!duration->empty()) role.duration_seconds = seconds;
    }
    return {std::move(role), CredentialSource::AssumeRole, name};
  }

  CredentialsLink sso_link(const std::string& name) const {
    auto value = [&](std::string_view key) { return get(name, key).value_or(""); };
    plan::Sso sso{value("sso_start_url"), value("sso_region"), value("sso_account_id"), value("sso_role_name"),
                  value("sso_session")};
    if (!sso.session_name.empty()) {
      const Profile session = Profile::read_section(SectionKind::SsoSession, sso.session_name, config_);
      auto start_url = session.get("sso_start_url");
      auto region = session.get("sso_region");
      if (!start_url && !region)
        return unusable(name, CredentialsErrc::InvalidProfile,
                        "sso_session '" + sso.session_name + "' has no [sso-session " + sso.session_name +
                            "] section with sso_start_url and sso_region",
                        false);
      sso.start_url = std::string(start_url.value_or(""));
      sso.region = std::string(region.value_or(""));
    }
    std::string missing;
    for (auto [key, v] : {std::pair<std::string_view, const std::string*>{"sso_start_url", &sso.start_url},
                          {"sso_account_id", &sso.account_id},
                          {"sso_region", &sso.region},
                          {"sso_role_name", &sso.role_name}})
      if (v->empty()) missing += (missing.empty() ? "" : ", ") + std::string(key);
    if (!missing.empty())
      return unusable(name, CredentialsErrc::InvalidProfile, "an SSO profile needs " + missing, false);
    return {std::move(sso), CredentialSource::Sso, name};
  }

 public:
  CredentialsLink instance_metadata_link(const std::string& profile) const {
    return {plan::InstanceMetadata{get(profile, "ec2_metadata_service_endpoint"),
                                   get(profile, "ec2_metadata_service_endpoint_mode")},
            CredentialSource::InstanceMetadata, profile};
  }

  // AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION).
  CredentialsLink environment_link(bool required) const {
    std::string key_id = env_string(env_, "AWS_ACCESS_KEY_ID");
    SecretString secret(env_ ? (env_("AWS_SECRET_ACCESS_KEY") ? env_("AWS_SECRET_ACCESS_KEY") : "") : "");
    if (key_id.empty() || secret.empty()) {
      CredentialsErrc code = !key_id.empty()  ? CredentialsErrc::MissingSecretAccessKey
                             : !secret.empty() ? CredentialsErrc::MissingAccessKeyId
                                               : CredentialsErrc::NotFound;
      CredentialsError e{code, {}, {}, {}};
      if (required) e.detail = "credential_source = Environment needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
      return {plan::Unusable{std::move(e), true}, CredentialSource::Environment, {}};
    }
    Credentials c{std::move(key_id), std::move(secret), {}};
    if (const char* token = env_ ? env_("AWS_SESSION_TOKEN") : nullptr; token && *token) c.session_token = SecretString(token);
    if (auto expiry = env_string(env_, "AWS_CREDENTIAL_EXPIRATION"); !expiry.empty()) c.expiration = parse_iso8601(expiry);
    return {plan::StaticKeys{std::move(c)}, CredentialSource::Environment, {}};
  }

 private:
  std::string_view credentials_, config_;
  const GetEnv& env_;
};

}  // namespace detail

// The chain's plan for `profile` (else AWS_PROFILE, else "default"), given the text of the shared
// credentials and config files.
[[nodiscard]] inline CredentialsPlan plan_credentials(std::string_view credentials_text, std::string_view config_text,
                                                      const GetEnv& env = process_env,
                                                      std::optional<std::string_view> profile = {}) {
  detail::PlanBuilder builder(credentials_text, config_text, env);
  CredentialsPlan plan;
  plan.profile = profile && !profile->empty() ? std::string(*profile) : detail::env_string(env, "AWS_PROFILE");
  plan.profile_named = !plan.profile.empty();
  if (!plan.profile_named) plan.profile = "default";

  CredentialsLink from_env = builder.environment_link(false);
  if (plan.profile_named) plan.environment_keys_hidden = std::holds_alternative<plan::StaticKeys>(from_env.how);
  else plan.links.push_back(std::move(from_env));

  CredentialsLink from_profile = builder.profile_link(plan.profile, {}, false);
  const bool profile_runs_process = std::holds_alternative<plan::Process>(from_profile.how);
  plan.links.push_back(std::move(from_profile));
  // The SDK's chain asks the profile's credential_process again on its own; once is enough when the
  // profile itself is a process profile.
  if (auto command = builder.get(plan.profile, "credential_process"); command && !profile_runs_process)
    plan.links.push_back({plan::Process{*command}, CredentialSource::Process, plan.profile});

  const std::string token_file = detail::env_string(env, "AWS_WEB_IDENTITY_TOKEN_FILE");
  const std::string role_arn = detail::env_string(env, "AWS_ROLE_ARN");
  if (!token_file.empty() && !role_arn.empty())
    plan.links.push_back({plan::WebIdentity{token_file, role_arn, detail::env_string(env, "AWS_ROLE_SESSION_NAME"), ""},
                          CredentialSource::WebIdentity, {}});

  if (!detail::env_string(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").empty() ||
      !detail::env_string(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI").empty())
    plan.links.push_back({plan::Container{}, CredentialSource::Container, {}});
  else if (auto disabled = detail::env_string(env, "AWS_EC2_METADATA_DISABLED"); disabled.empty() || disabled == "false")
    plan.links.push_back(builder.instance_metadata_link(plan.profile));
  return plan;
}

}  // namespace redrive
