// The shared files (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials, AWS_CONFIG_FILE or
// ~/.aws/config): where they are, reading them into wiped buffers, and a profile's static keys.
#pragma once

#include <cstddef>
#include <cstdio>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "redrive/credentials/environment.hpp"
#include "redrive/credentials/error.hpp"
#include "redrive/credentials/ini.hpp"
#include "redrive/secret.hpp"

namespace redrive {

namespace detail {

// Reads a whole file; nullopt if it cannot be opened. The caller owns (and wipes) the buffer.
inline std::optional<std::string> read_small_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return std::nullopt;
  std::string out;
  if (std::fseek(f, 0, SEEK_END) == 0) {
    long size = std::ftell(f);
    if (size > 0) out.reserve(static_cast<std::size_t>(size) + 1);
    std::fseek(f, 0, SEEK_SET);
  }
  char buf[4096];
  std::size_t n;
  bool read_error = false;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  read_error = std::ferror(f) != 0;
  detail::secure_wipe(buf, sizeof buf);
  std::fclose(f);
  if (read_error) {
    wipe_string(out);
    return std::nullopt;
  }
  return out;
}

inline std::string home_dir(const GetEnv& env) {
  if (auto h = env_string(env, "HOME"); !h.empty()) return h;
  if (auto h = env_string(env, "USERPROFILE"); !h.empty()) return h;
  if (auto p = env_string(env, "HOMEPATH"); !p.empty()) {
    auto drive = env_string(env, "HOMEDRIVE");
    return (drive.empty() ? std::string("C:\\") : drive) + p;
  }
  return {};
}

// AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else ~/.aws/<name>; "~/" is expanded.
inline std::string shared_file_path(const GetEnv& env, const char* variable, const char* name) {
  std::string path = env_string(env, variable);
  std::string home = home_dir(env);
  if (path.empty()) return home.empty() ? std::string() : home + "/.aws/" + name;
  if (path.starts_with("~/") && !home.empty()) return home + path.substr(1);
  return path;
}

// The text of both shared files, zeroed when it goes out of scope.
struct SharedFiles {
  std::string credentials_path, config_path;
  SecretString credentials, config;

  static SharedFiles load(const GetEnv& env) {
    SharedFiles f;
    f.credentials_path = shared_file_path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
    f.config_path = shared_file_path(env, "AWS_CONFIG_FILE", "config");
    auto take = [](const std::string& path, SecretString& into) {
      if (path.empty()) return;
      if (auto text = read_small_file(path)) {
        into = SecretString(*text);
        wipe_string(*text);
      }
    };
    take(f.credentials_path, f.credentials);
    take(f.config_path, f.config);
    return f;
  }
};

}  // namespace detail

// Credentials of `profile` from the text of the shared credentials and config files. A key in
// the credentials file wins over the same key in the config file (as in the SDKs). Pure: any
// bytes are accepted as input; the error names the profile, never a value.
[[nodiscard]] inline std::expected<Credentials, CredentialsError> credentials_from_profile(std::string_view credentials_text,
                                                                             std::string_view config_text,
                                                                             std::string_view profile) {
  using detail::IniFile;
  auto fail = [&](CredentialsErrc code) {
    return std::unexpected(CredentialsError{code, std::string(profile), {}, {}});
  };
  if (!detail::ini_has_profile(credentials_text, profile, IniFile::Credentials) &&
      !detail::ini_has_profile(config_text, profile, IniFile::Config))
    return fail(CredentialsErrc::ProfileNotFound);
  auto value = [&](std::string_view key) {
    auto v = detail::ini_value(credentials_text, profile, IniFile::Credentials, key);
    return v ? v : detail::ini_value(config_text, profile, IniFile::Config, key);
  };
  auto key_id = value("aws_access_key_id");
  auto secret = value("aws_secret_access_key");
  if (key_id && secret) {
    Credentials c{std::string(*key_id), SecretString(*secret), {}};
    if (auto token = value("aws_session_token")) c.session_token = SecretString(*token);
    return c;
  }
  if (key_id) return fail(CredentialsErrc::MissingSecretAccessKey);
  if (secret) return fail(CredentialsErrc::MissingAccessKeyId);
  for (std::string_view other : {"role_arn", "sso_session", "sso_start_url", "credential_process",
                                 "web_identity_token_file", "login_session"})
    if (value(other)) return fail(CredentialsErrc::UnsupportedProfile);
  return fail(CredentialsErrc::MissingAccessKeyId);
}

}  // namespace redrive
