// AWS credentials and region from the environment and the shared config files
// (~/.aws/credentials, ~/.aws/config), the way the AWS SDKs find them. No libcrypto needed.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "redrive/detail/ascii.hpp"

namespace redrive {

namespace detail {
// Zeroes memory in a way the optimizer may not drop (the buffer is about to be freed).
inline void secure_wipe(void* p, std::size_t n) noexcept {
  auto* v = static_cast<volatile unsigned char*>(p);
  while (n--) *v++ = 0;
}

// Zeroes the whole buffer a string owns, including bytes past size() left by earlier contents.
inline void wipe_string(std::string& s) noexcept {
  s.resize(s.capacity());  // no reallocation: the capacity is already there
  secure_wipe(s.data(), s.size());
  s.clear();
}

// A std::string whose whole buffer is zeroed before it is freed or overwritten.
struct WipedString {
  std::string text;

  WipedString() = default;
  explicit WipedString(std::string_view s) : text(s) {}
  WipedString(const WipedString&) = default;
  WipedString(WipedString&& other) noexcept : text(std::move(other.text)) {}
  WipedString& operator=(const WipedString& other) {
    if (this != &other) {
      wipe_string(text);
      text = other.text;
    }
    return *this;
  }
  WipedString& operator=(WipedString&& other) noexcept {
    if (this != &other) {
      wipe_string(text);
      text.swap(other.text);  // `other` now holds our zeroed buffer
    }
    return *this;
  }
  ~WipedString() { wipe_string(text); }
};
}  // namespace detail

// A string holding a secret: it is never printed (no stream operator, no implicit conversion)
// and its buffer is zeroed when it is destroyed or overwritten. Reading it is explicit: reveal().
class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string_view s) : value_(s) {}

  std::string_view reveal() const noexcept { return value_.text; }
  bool empty() const noexcept { return value_.text.empty(); }
  std::size_t size() const noexcept { return value_.text.size(); }

 private:
  detail::WipedString value_;
};

// Credentials for signing. The access key ID is not secret (it travels in the Authorization
// header); the secret access key and the session token are.
struct Credentials {
  std::string access_key_id;
  SecretString secret_access_key;
  SecretString session_token;  // empty for long-term (IAM user) keys
};

enum class CredentialsErrc : std::uint8_t {
  NotFound,                // no environment credentials and no [default] profile in either file
  ProfileNotFound,         // the named profile is in neither file
  MissingAccessKeyId,      // a secret access key without its key ID
  MissingSecretAccessKey,  // a key ID without its secret access key
  UnsupportedProfile,      // the profile gets credentials another way (role_arn, SSO, credential_process...)
  NoRegion,                // no --region, AWS_REGION, AWS_DEFAULT_REGION or profile region
};

constexpr std::string_view code_name(CredentialsErrc c) noexcept {
  switch (c) {
    case CredentialsErrc::NotFound: return "NotFound";
    case CredentialsErrc::ProfileNotFound: return "ProfileNotFound";
    case CredentialsErrc::MissingAccessKeyId: return "MissingAccessKeyId";
    case CredentialsErrc::MissingSecretAccessKey: return "MissingSecretAccessKey";
    case CredentialsErrc::UnsupportedProfile: return "UnsupportedProfile";
    case CredentialsErrc::NoRegion: return "NoRegion";
  }
  return "?";
}

// What went wrong and where; never carries a secret value.
struct CredentialsError {
  CredentialsErrc code;
  std::string profile;           // the profile involved; empty when the environment is at fault
  std::string credentials_file;  // the files that were consulted (empty if none could be named)
  std::string config_file;

  std::string message() const {
    const std::string files = credentials_file.empty() && config_file.empty()
                                  ? std::string("the shared credentials files (no home directory found)")
                                  : credentials_file + " or " + config_file;
    const std::string where = "the profile '" + profile + "' (" + files + ")";
    switch (code) {
      case CredentialsErrc::NotFound:
        return "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add a [default] "
               "profile with aws_access_key_id and aws_secret_access_key to " +
               files + ".";
      case CredentialsErrc::ProfileNotFound:
        return "The profile '" + profile + "' is not in " + files + ".";
      case CredentialsErrc::MissingAccessKeyId:
        if (profile.empty()) return "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not.";
        return where + " has no aws_access_key_id.";
      case CredentialsErrc::MissingSecretAccessKey:
        if (profile.empty()) return "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.";
        return where + " has no aws_secret_access_key.";
      case CredentialsErrc::UnsupportedProfile:
        return where +
               " gets its credentials through a role, SSO or a process, which redrive does not run; export "
               "static credentials (for example with 'aws configure export-credentials --format env').";
      case CredentialsErrc::NoRegion:
        return "No region: give one explicitly (--region in the CLI), or set AWS_REGION or AWS_DEFAULT_REGION, or add region to the profile '" +
               profile + "' in " + (config_file.empty() ? std::string("~/.aws/config") : config_file) + ".";
    }
    return "Unknown credentials error.";
  }
};

// Reads one environment variable; nullptr when unset. Injectable so tests need no real environment.
using GetEnv = std::function<const char*(const char*)>;
inline const char* process_env(const char* name) noexcept { return std::getenv(name); }

namespace detail {

enum class IniFile : std::uint8_t { Credentials, Config };

// The profile a section header names, or nullopt for a section that holds no profile. Follows
// the SDKs' reading: "[name]" in the credentials file; "[profile name]" (or "[default]") in the
// config file; a "prefix name" header of another kind (sso-session, services, ...) is skipped.
constexpr std::optional<std::string_view> ini_section_profile(std::string_view inner, IniFile file,
                                                              bool& prefixed) noexcept {
  prefixed = false;
  // "<prefix><one space><name>" with an optional matching pair of quotes around the name.
  std::size_t i = 0;
  while (i < inner.size() && (is_word_char(inner[i]) || inner[i] == '-')) ++i;
  bool has_prefix = i > 0 && i < inner.size() && is_space(inner[i]);
  std::string_view prefix = inner.substr(0, i), name;
  if (has_prefix) {
    name = inner.substr(i + 1);
    if (name.size() >= 2 && (name.front() == '"' || name.front() == '\'') && name.back() == name.front())
      name = name.substr(1, name.size() - 2);
    if (name.empty()) has_prefix = false;
    for (char c : name)
      if (!(is_word_char(c) || c == '-' || c == '@' || c == '+' || c == '.' || c == '%' || c == ':' || c == '/'))
        has_prefix = false;
  }
  if (has_prefix) {
    if (file == IniFile::Config && prefix == "profile") {
      prefixed = true;
      return name;
    }
    return std::nullopt;  // [profile x] in the credentials file, [sso-session x], [services x], ...
  }
  if (file == IniFile::Config && inner != "default") return std::nullopt;
  return inner;
}

// Calls `on_line(raw, line)` for each line of `text` (after a UTF-8 byte order mark): `raw` as in
// the file, `line` without its comment and surrounding whitespace. Stops when on_line returns false.
template <class OnLine>
void for_each_ini_line(std::string_view text, OnLine&& on_line) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    // A ';' or '#' at the start or after whitespace starts a comment.
    std::string_view line = raw;
    for (std::size_t i = 0; i < line.size(); ++i)
      if ((line[i] == '#' || line[i] == ';') && (i == 0 || is_space(line[i - 1]))) {
        line = line.substr(0, i);
        break;
      }
    if (!on_line(raw, trim(line))) return;
  }
}

constexpr bool is_ini_section(std::string_view line) noexcept {
  return line.size() >= 2 && line.front() == '[' && line.back() == ']';
}

// Calls `on_key(key, value)` for every top-level key of every section naming `profile`, in file
// order (so the last assignment wins, as in the SDKs). In the config file "[profile default]"
// takes precedence over "[default]" when both exist. Lines may hold any bytes; nothing here can
// read out of bounds.
template <class OnKey>
void ini_profile_keys(std::string_view text, std::string_view profile, IniFile file, OnKey&& on_key) {
  auto scan = [&](bool want_prefixed, bool emit) {
    bool in_profile = false, in_subsection = false, found = false;
    for_each_ini_line(text, [&](std::string_view raw, std::string_view line) {
      if (is_ini_section(line)) {
        bool prefixed = false;
        auto name = ini_section_profile(line.substr(1, line.size() - 2), file, prefixed);
        in_profile = name && *name == profile && prefixed == want_prefixed;
        found = found || in_profile;
        in_subsection = false;
        return true;
      }
      if (!in_profile) return true;
      std::size_t eq = line.find('=');
      if (eq == 0 || eq == std::string_view::npos) return true;
      std::string_view key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
      if (value.empty()) {  // "key =" opens a sub-section of indented "name = value" lines
        in_subsection = true;
        return true;
      }
      if (in_subsection && !raw.empty() && !is_space(raw.front())) in_subsection = false;
      if (!in_subsection && emit) on_key(key, value);
      return true;
    });
    return found;
  };

  if (file == IniFile::Config && profile == "default" && scan(true, false)) {
    scan(true, true);
    return;
  }
  scan(file == IniFile::Config && profile != "default", true);
}

// The value of `key` in `profile`, or nullopt.
inline std::optional<std::string_view> ini_value(std::string_view text, std::string_view profile, IniFile file,
                                                 std::string_view key) {
  std::optional<std::string_view> out;
  ini_profile_keys(text, profile, file, [&](std::string_view k, std::string_view v) {
    if (k == key) out = v;
  });
  return out;
}

// Whether a section names `profile` (an empty one counts too).
inline bool ini_has_profile(std::string_view text, std::string_view profile, IniFile file) {
  bool found = false;
  for_each_ini_line(text, [&](std::string_view, std::string_view line) {
    if (is_ini_section(line)) {
      bool prefixed = false;
      auto name = ini_section_profile(line.substr(1, line.size() - 2), file, prefixed);
      found = name && *name == profile;
    }
    return !found;
  });
  return found;
}

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

inline std::string env_string(const GetEnv& env, const char* name) {
  const char* v = env ? env(name) : nullptr;
  return v ? std::string(v) : std::string();
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
inline std::expected<Credentials, CredentialsError> credentials_from_profile(std::string_view credentials_text,
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

// Credentials the way the AWS SDKs' default chain finds static ones:
//   1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), unless a profile is
//      named (by `profile` or AWS_PROFILE), in which case the profile is used, as the JS SDK does;
//   2. the profile (AWS_PROFILE, else "default") from AWS_SHARED_CREDENTIALS_FILE
//      (~/.aws/credentials) and AWS_CONFIG_FILE (~/.aws/config).
// Roles, SSO, credential_process and instance metadata are not resolved (they need network or
// processes); such a profile yields UnsupportedProfile. Empty variables count as unset.
inline std::expected<Credentials, CredentialsError> load_credentials(std::optional<std::string_view> profile,
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

inline std::expected<Credentials, CredentialsError> load_credentials(const GetEnv& env = process_env) {
  return load_credentials(std::nullopt, env);
}

// The region: `flag` (--region), else AWS_REGION, else AWS_DEFAULT_REGION, else `region` of the
// profile (`profile`, else AWS_PROFILE, else "default") in the config file, then in the
// credentials file. Empty values count as unset. The value is not validated here.
inline std::expected<std::string, CredentialsError> resolve_region(std::optional<std::string_view> flag,
                                                                   const GetEnv& env = process_env,
                                                                   std::optional<std::string_view> profile = {}) {
  if (flag && !flag->empty()) return std::string(*flag);
  for (const char* var : {"AWS_REGION", "AWS_DEFAULT_REGION"})
    if (auto v = detail::env_string(env, var); !v.empty()) return v;
  std::string name = profile && !profile->empty() ? std::string(*profile) : detail::env_string(env, "AWS_PROFILE");
  if (name.empty()) name = "default";
  auto files = detail::SharedFiles::load(env);
  auto v = detail::ini_value(files.config.reveal(), name, detail::IniFile::Config, "region");
  if (!v) v = detail::ini_value(files.credentials.reveal(), name, detail::IniFile::Credentials, "region");
  if (v) return std::string(*v);
  return std::unexpected(
      CredentialsError{CredentialsErrc::NoRegion, std::move(name), files.credentials_path, files.config_path});
}

}  // namespace redrive
