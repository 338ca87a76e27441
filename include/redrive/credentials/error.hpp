// Why credentials or a region could not be found: CredentialsErrc and CredentialsError, whose
// message names the variables, profile and files involved and never a secret value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace redrive {

enum class CredentialsErrc : std::uint8_t {
  NotFound,                // no environment credentials and no [default] profile in either file
  ProfileNotFound,         // the named profile is in neither file
  MissingAccessKeyId,      // a secret access key without its key ID
  MissingSecretAccessKey,  // a key ID without its secret access key
  UnsupportedProfile,      // the profile gets credentials another way (role_arn, SSO, credential_process...)
  NoRegion,                // no --region, AWS_REGION, AWS_DEFAULT_REGION or profile region
  // A provider that was configured, and tried, failed; `detail` says how.
  InvalidProfile,          // a profile's settings contradict each other (a source_profile loop, an unknown credential_source)
  AssumeRoleFailed,        // STS AssumeRole answered an error or could not be reached
  WebIdentityFailed,       // the token file could not be read, or AssumeRoleWithWebIdentity failed
  ProcessFailed,           // credential_process could not run, exited non-zero or printed no valid credentials
  SsoLoginRequired,        // no cached SSO token, or it expired: run `aws sso login`
  SsoFailed,               // the SSO portal's GetRoleCredentials failed
  ContainerFailed,         // the container credentials endpoint failed or is not allowed
  InstanceMetadataFailed,  // the EC2 instance metadata service failed or is unreachable
  NoCredentialsInProfile,  // the profile exists but names no way to get credentials
};

[[nodiscard]] constexpr std::string_view code_name(CredentialsErrc c) noexcept {
  switch (c) {
    case CredentialsErrc::NotFound: return "NotFound";
    case CredentialsErrc::ProfileNotFound: return "ProfileNotFound";
    case CredentialsErrc::MissingAccessKeyId: return "MissingAccessKeyId";
    case CredentialsErrc::MissingSecretAccessKey: return "MissingSecretAccessKey";
    case CredentialsErrc::UnsupportedProfile: return "UnsupportedProfile";
    case CredentialsErrc::NoRegion: return "NoRegion";
    case CredentialsErrc::InvalidProfile: return "InvalidProfile";
    case CredentialsErrc::AssumeRoleFailed: return "AssumeRoleFailed";
    case CredentialsErrc::WebIdentityFailed: return "WebIdentityFailed";
    case CredentialsErrc::ProcessFailed: return "ProcessFailed";
    case CredentialsErrc::SsoLoginRequired: return "SsoLoginRequired";
    case CredentialsErrc::SsoFailed: return "SsoFailed";
    case CredentialsErrc::ContainerFailed: return "ContainerFailed";
    case CredentialsErrc::InstanceMetadataFailed: return "InstanceMetadataFailed";
    case CredentialsErrc::NoCredentialsInProfile: return "NoCredentialsInProfile";
  }
  return "?";
}

// What went wrong and where; never carries a secret value.
struct CredentialsError {
  CredentialsErrc code;
  std::string profile;           // the profile involved; empty when the environment is at fault
  std::string credentials_file;  // the files that were consulted (empty if none could be named)
  std::string config_file;
  // What the provider reported (an STS error, a process's exit status, ...); never a secret.
  std::string detail{};

  [[nodiscard]] std::string message() const {
    const std::string files = credentials_file.empty() && config_file.empty()
                                  ? std::string("the shared credentials files (no home directory found)")
                                  : credentials_file + " or " + config_file;
    const std::string where = "the profile '" + profile + "' (" + files + ")";
    const std::string more = detail.empty() ? std::string() : " " + detail;
    switch (code) {
      case CredentialsErrc::NotFound:
        return "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add a [default] "
               "profile with aws_access_key_id and aws_secret_access_key to " +
               files + "." + more;
      case CredentialsErrc::ProfileNotFound:
        return "The profile '" + profile + "' is not in " + files + "." + more;
      case CredentialsErrc::MissingAccessKeyId:
        if (profile.empty()) return "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not.";
        return where + " has no aws_access_key_id." + more;
      case CredentialsErrc::MissingSecretAccessKey:
        if (profile.empty()) return "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.";
        return where + " has no aws_secret_access_key." + more;
      case CredentialsErrc::UnsupportedProfile:
        if (!detail.empty()) return where + ": " + detail;
        return where +
               " gets its credentials through a role, SSO or a process, which redrive does not run; export "
               "static credentials (for example with 'aws configure export-credentials --format env').";
      case CredentialsErrc::NoRegion:
        return "No region: give one explicitly (--region in the CLI), or set AWS_REGION or AWS_DEFAULT_REGION, or add region to the profile '" +
               profile + "' in " + (config_file.empty() ? std::string("~/.aws/config") : config_file) + ".";
      case CredentialsErrc::InvalidProfile: return where + ": " + detail;
      case CredentialsErrc::AssumeRoleFailed: return "AssumeRole failed: " + detail;
      case CredentialsErrc::WebIdentityFailed: return "AssumeRoleWithWebIdentity failed: " + detail;
      case CredentialsErrc::ProcessFailed: return "credential_process failed: " + detail;
      case CredentialsErrc::SsoLoginRequired:
        return detail + " Run 'aws sso login" + (profile.empty() || profile == "default" ? std::string() : " --profile " + profile) + "'.";
      case CredentialsErrc::SsoFailed: return "SSO GetRoleCredentials failed: " + detail;
      case CredentialsErrc::ContainerFailed: return "container credentials: " + detail;
      case CredentialsErrc::InstanceMetadataFailed: return "EC2 instance metadata: " + detail;
      case CredentialsErrc::NoCredentialsInProfile:
        return where + " has no credentials: no aws_access_key_id, role_arn, web_identity_token_file, "
                       "credential_process or sso_session." + more;
    }
    return "Unknown credentials error.";
  }
};

}  // namespace redrive
