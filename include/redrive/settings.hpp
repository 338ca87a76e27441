// The settings the AWS SDK for JavaScript v3 reads besides credentials, resolved the way it
// resolves them: an explicit value (a command-line flag), else the environment, else the profile
// in the shared files, else the default; each with where it came from. Also the endpoint URL a
// service is configured with (AWS_ENDPOINT_URL_<SERVICE>, [services] sections, ...), and the
// endpoints of the credential services. No libcrypto needed.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "redrive/credentials/environment.hpp"
#include "redrive/credentials/profile.hpp"
#include "redrive/credentials/shared_files.hpp"
#include "redrive/endpoint.hpp"
#include "redrive/error.hpp"
#include "redrive/retry.hpp"  // RetryMode

namespace redrive {

enum class SettingSource : std::uint8_t { Default, Flag, Environment, Profile };

// Where a setting's value came from.
struct SettingOrigin {
  SettingSource source = SettingSource::Default;
  std::string name;     // the flag ("--region"), the variable ("AWS_REGION") or the key ("region")
  std::string section;  // Profile: "profile dev", "services local"
  std::string file;     // Profile: the file the key is in

  // "--region", "env AWS_REGION", "profile dev in /home/me/.aws/config", "default".
  [[nodiscard]] std::string text() const {
    switch (source) {
      case SettingSource::Flag: return name;
      case SettingSource::Environment: return "env " + name;
      case SettingSource::Profile: return section + " in " + file;
      case SettingSource::Default: break;
    }
    return "default";
  }
  // The value's place, for error messages: "AWS_MAX_ATTEMPTS", "max_attempts of profile dev in
  // /home/me/.aws/config".
  [[nodiscard]] std::string where() const {
    if (source == SettingSource::Profile) return name + " of " + text();
    return name.empty() ? text() : name;
  }
  bool operator==(const SettingOrigin&) const = default;
};

template <class T>
struct Setting {
  T value{};
  SettingOrigin origin{};
  bool operator==(const Setting&) const = default;
};

[[nodiscard]] constexpr std::string_view retry_mode_name(RetryMode m) noexcept {
  return m == RetryMode::Adaptive ? "adaptive" : "standard";
}

// Values given explicitly (the CLI's flags, whose names the origins carry). Unset members fall
// through to the environment and the profile; an empty text counts as unset.
struct SettingFlags {
  std::optional<std::string_view> profile{};       // --profile
  std::optional<std::string_view> region{};        // --region
  std::optional<bool> use_fips_endpoint{};         // --fips
  std::optional<bool> use_dualstack_endpoint{};    // --dualstack
  std::optional<int> max_attempts{};               // --max-attempts
  std::optional<RetryMode> retry_mode{};           // --retry-mode
  std::optional<std::string_view> ca_bundle{};     // --ca-bundle
  std::optional<std::string_view> app_id{};        // --app-id
  std::optional<std::string_view> endpoint_url{};  // --endpoint-url: SQS's endpoint only, like a client's `endpoint`
  std::optional<std::chrono::milliseconds> connect_timeout{};  // --connect-timeout (no other source)
};

enum class SettingsErrc : std::uint8_t {
  InvalidValue,            // a value of the wrong form: max_attempts "x", use_fips_endpoint "maybe"
  MissingServicesSection,  // the profile's `services` names no [services NAME] section of the config file
  InvalidEndpoint,         // a configured endpoint URL, or the region, that no endpoint can be made of
};

[[nodiscard]] constexpr std::string_view code_name(SettingsErrc c) noexcept {
  switch (c) {
    case SettingsErrc::InvalidValue: return "InvalidValue";
    case SettingsErrc::MissingServicesSection: return "MissingServicesSection";
    case SettingsErrc::InvalidEndpoint: return "InvalidEndpoint";
  }
  return "?";
}

// What is wrong and where. Settings are not secrets: the refused value is shown.
struct SettingsError {
  SettingsErrc code;
  SettingOrigin origin;          // the variable, flag or profile key at fault
  std::string value;             // the value refused
  std::string expected;          // what would have been accepted (InvalidEndpoint: more about it)
  std::optional<Error> error{};  // InvalidEndpoint: Endpoint's error about `value`

  [[nodiscard]] std::string message() const {
    switch (code) {
      case SettingsErrc::InvalidValue:
        return origin.where() + " is \"" + value + "\": expected " + expected + ".";
      case SettingsErrc::MissingServicesSection:
        return origin.where() + " names the services section '" + value + "', but " +
               (origin.file.empty() ? std::string("the config file") : origin.file) + " has no [services " + value +
               "] section with keys.";
      case SettingsErrc::InvalidEndpoint:
        return origin.where() + " is \"" + value + "\": " + (error ? std::string(error->message()) : std::string()) +
               (expected.empty() ? std::string() : " " + expected);
    }
    return "Unknown settings error.";
  }
};

namespace detail {

inline constexpr std::size_t service_count = 3;

constexpr std::optional<bool> parse_setting_bool(std::string_view s) noexcept {
  if (s == "true") return true;  // exactly, as the SDK's booleanSelector
  if (s == "false") return false;
  return std::nullopt;
}

constexpr std::optional<int> parse_setting_attempts(std::string_view s) noexcept {
  if (s.empty()) return std::nullopt;
  long long n = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    n = n * 10 + (c - '0');
    if (n > 0x7fffffff) return std::nullopt;
  }
  if (n < 1) return std::nullopt;
  return static_cast<int>(n);
}

// The SDK's "legacy" mode is read as standard.
constexpr std::optional<RetryMode> parse_setting_retry_mode(std::string_view s) noexcept {
  return s == "legacy" ? RetryMode::Standard : parse_retry_mode(s);
}

// A candidate value and its origin, before it is parsed.
struct Found {
  std::string value;
  SettingOrigin origin;
};

inline std::optional<Found> setting_from_env(const GetEnv& env, const char* variable) {
  std::string v = env_string(env, variable);
  if (v.empty()) return std::nullopt;
  return Found{std::move(v), SettingOrigin{SettingSource::Environment, variable, {}, {}}};
}

inline SettingOrigin profile_origin(std::string_view key, const Profile& section, ProfileFile file,
                                    const SharedFiles& files) {
  std::string kind = section.kind() == SectionKind::Services     ? "services "
                     : section.kind() == SectionKind::SsoSession ? "sso-session "
                                                                 : "profile ";
  return SettingOrigin{SettingSource::Profile, std::string(key), kind + std::string(section.name()),
                       file == ProfileFile::Config ? files.config_path : files.credentials_path};
}

inline std::optional<Found> setting_from_profile(const Profile& profile, std::string_view key, ProfileFile preferred,
                                                 const SharedFiles& files) {
  auto v = profile.find(key, preferred);
  if (!v) return std::nullopt;
  return Found{std::string(v->value), profile_origin(key, profile, v->file, files)};
}

inline std::optional<Found> setting_from_flag(std::optional<std::string_view> flag, const char* name) {
  if (!flag || flag->empty()) return std::nullopt;
  return Found{std::string(*flag), SettingOrigin{SettingSource::Flag, name, {}, {}}};
}

// The first candidate found, parsed; the default when none is found.
template <class T, class Parse>
std::expected<Setting<T>, SettingsError> pick_setting(std::initializer_list<std::optional<Found>> candidates, T fallback,
                                                      Parse parse, const char* expected) {
  for (const auto& c : candidates) {
    if (!c) continue;
    auto v = parse(std::string_view(c->value));
    if (!v) return std::unexpected(SettingsError{SettingsErrc::InvalidValue, c->origin, c->value, expected});
    return Setting<T>{std::move(*v), c->origin};
  }
  return Setting<T>{std::move(fallback), {}};
}

inline Setting<std::string> profile_setting(const SettingFlags& flags, const GetEnv& env) {
  if (auto f = setting_from_flag(flags.profile, "--profile")) return {std::move(f->value), std::move(f->origin)};
  if (auto e = setting_from_env(env, "AWS_PROFILE")) return {std::move(e->value), std::move(e->origin)};
  return {"default", {}};
}

// The region: --region, AWS_REGION, AWS_DEFAULT_REGION (read by the AWS CLI, not by the JS SDK),
// then the profile's, the credentials file winning as in the SDK's region loader.
inline std::optional<Setting<std::string>> region_setting(const SettingFlags& flags, const GetEnv& env,
                                                          const Profile& profile, const SharedFiles& files) {
  for (auto& c : {setting_from_flag(flags.region, "--region"), setting_from_env(env, "AWS_REGION"),
                  setting_from_env(env, "AWS_DEFAULT_REGION"),
                  setting_from_profile(profile, "region", ProfileFile::Credentials, files)})
    if (c) return Setting<std::string>{c->value, c->origin};
  return std::nullopt;
}

// An optional text setting: flag, variable, profile keys (the config file winning).
inline std::optional<Setting<std::string>> text_setting(std::optional<std::string_view> flag, const char* flag_name,
                                                        const GetEnv& env, const char* variable, const Profile& profile,
                                                        std::initializer_list<std::string_view> keys,
                                                        const SharedFiles& files) {
  if (auto f = setting_from_flag(flag, flag_name)) return Setting<std::string>{f->value, f->origin};
  if (auto e = setting_from_env(env, variable)) return Setting<std::string>{e->value, e->origin};
  for (std::string_view key : keys)
    if (auto p = setting_from_profile(profile, key, ProfileFile::Config, files))
      return Setting<std::string>{p->value, p->origin};
  return std::nullopt;
}

inline std::optional<Found> flag_value(std::optional<bool> flag, const char* name) {
  if (!flag) return std::nullopt;
  return Found{*flag ? "true" : "false", SettingOrigin{SettingSource::Flag, name, {}, {}}};
}

using EndpointUrl = std::expected<std::optional<Setting<std::string>>, SettingsError>;

inline std::expected<Setting<bool>, SettingsError> ignore_configured_endpoints_setting(const GetEnv& env, const Profile& p,
                                                                                       const SharedFiles& files) {
  return pick_setting<bool>({setting_from_env(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"),
                             setting_from_profile(p, "ignore_configured_endpoint_urls", ProfileFile::Config, files)},
                            false, parse_setting_bool, "\"true\" or \"false\"");
}

// See Settings::endpoint_url.
inline EndpointUrl configured_endpoint_url(AwsService service, std::optional<std::string_view> flag, const GetEnv& env,
                                           const Profile& p, const SharedFiles& files, bool ignore) {
  auto done = [](std::optional<Found> f) -> EndpointUrl {
    if (!f) return std::nullopt;
    return Setting<std::string>{std::move(f->value), std::move(f->origin)};
  };
  if (auto f = setting_from_flag(flag, "--endpoint-url")) return done(std::move(f));
  if (ignore) return std::nullopt;
  std::string id(service_id(service));
  std::string variable = "AWS_ENDPOINT_URL_" + id;  // the id's words joined by '_' (these ids are one word)
  if (auto e = setting_from_env(env, variable.c_str())) return done(std::move(e));
  if (auto e = setting_from_env(env, "AWS_ENDPOINT_URL")) return done(std::move(e));
  if (auto services = setting_from_profile(p, "services", ProfileFile::Config, files)) {
    Profile section = Profile::read_section(SectionKind::Services, services->value, files.config.reveal());
    if (!section.exists())
      return std::unexpected(
          SettingsError{SettingsErrc::MissingServicesSection, services->origin, services->value, "a [services] section"});
    for (char& c : id) c = to_lower(c);
    if (auto url = setting_from_profile(section, id + ".endpoint_url", ProfileFile::Config, files)) return done(std::move(url));
  }
  return done(setting_from_profile(p, "endpoint_url", ProfileFile::Config, files));
}

}  // namespace detail

// Every setting, resolved. Optional ones are absent when no source sets them.
class Settings {
 public:
  using EndpointUrl = detail::EndpointUrl;

  Setting<std::string> profile{"default", {}};  // --profile, AWS_PROFILE, "default"
  std::optional<Setting<std::string>> region;   // see detail::region_setting
  Setting<bool> use_fips_endpoint;               // --fips, AWS_USE_FIPS_ENDPOINT, use_fips_endpoint, false
  Setting<bool> use_dualstack_endpoint;          // --dualstack, AWS_USE_DUALSTACK_ENDPOINT, use_dualstack_endpoint, false
  Setting<int> max_attempts{3, {}};              // --max-attempts, AWS_MAX_ATTEMPTS, max_attempts, 3
  Setting<RetryMode> retry_mode;                 // --retry-mode, AWS_RETRY_MODE, retry_mode, standard
  std::optional<Setting<std::string>> ca_bundle;  // --ca-bundle, AWS_CA_BUNDLE, ca_bundle
  std::optional<Setting<std::string>> app_id;     // --app-id, AWS_SDK_UA_APP_ID, sdk_ua_app_id (or sdk-ua-app-id)
  std::optional<Setting<std::chrono::milliseconds>> connect_timeout;  // --connect-timeout only
  // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, ignore_configured_endpoint_urls, false.
  Setting<bool> ignore_configured_endpoint_urls;

  // The endpoint URL `service` is configured with, none for its AWS endpoint; or why it cannot be
  // read. In the SDK's order: --endpoint-url (SQS only); then, unless configured endpoints are
  // ignored, AWS_ENDPOINT_URL_<ID>, AWS_ENDPOINT_URL, "<id>.endpoint_url" of the [services NAME]
  // section the profile's `services` names, the profile's endpoint_url (ID: service_id, the
  // section key in lower case). Kept per service, so one broken source only fails where used.
  [[nodiscard]] const EndpointUrl& endpoint_url(AwsService service) const noexcept REDRIVE_LIFETIME_BOUND {
    return endpoint_urls_[static_cast<std::size_t>(service)];
  }

  [[nodiscard]] EndpointOptions endpoint_options() const noexcept {
    return {use_fips_endpoint.value, use_dualstack_endpoint.value};
  }

  // Resolves every setting from `flags`, the environment and the text of the shared files (the
  // profile is read from both). The first invalid value is the error.
  [[nodiscard]] static std::expected<Settings, SettingsError> resolve(const SettingFlags& flags, const GetEnv& env,
                                                                      const detail::SharedFiles& files) {
    using namespace detail;
    Settings s;
    s.profile = profile_setting(flags, env);
    const Profile p = Profile::read(s.profile.value, files.credentials.reveal(), files.config.reveal());
    auto from_profile = [&](std::string_view key) { return setting_from_profile(p, key, ProfileFile::Config, files); };
    constexpr const char* boolean = "\"true\" or \"false\"";

    s.region = region_setting(flags, env, p, files);
    auto fips = pick_setting<bool>({flag_value(flags.use_fips_endpoint, "--fips"), setting_from_env(env, "AWS_USE_FIPS_ENDPOINT"),
                                    from_profile("use_fips_endpoint")},
                                   false, parse_setting_bool, boolean);
    if (!fips) return std::unexpected(std::move(fips.error()));
    s.use_fips_endpoint = std::move(*fips);
    auto dual = pick_setting<bool>({flag_value(flags.use_dualstack_endpoint, "--dualstack"),
                                    setting_from_env(env, "AWS_USE_DUALSTACK_ENDPOINT"), from_profile("use_dualstack_endpoint")},
                                   false, parse_setting_bool, boolean);
    if (!dual) return std::unexpected(std::move(dual.error()));
    s.use_dualstack_endpoint = std::move(*dual);

    std::optional<Found> attempts_flag;
    if (flags.max_attempts)
      attempts_flag = Found{std::to_string(*flags.max_attempts), SettingOrigin{SettingSource::Flag, "--max-attempts", {}, {}}};
    auto attempts = pick_setting<int>({attempts_flag, setting_from_env(env, "AWS_MAX_ATTEMPTS"), from_profile("max_attempts")}, 3,
                                      parse_setting_attempts, "a whole number of at least 1");
    if (!attempts) return std::unexpected(std::move(attempts.error()));
    s.max_attempts = std::move(*attempts);

    std::optional<Found> mode_flag;
    if (flags.retry_mode)
      mode_flag = Found{std::string(retry_mode_name(*flags.retry_mode)), SettingOrigin{SettingSource::Flag, "--retry-mode", {}, {}}};
    auto mode = pick_setting<RetryMode>({mode_flag, setting_from_env(env, "AWS_RETRY_MODE"), from_profile("retry_mode")},
                                        RetryMode::Standard, parse_setting_retry_mode,
                                        "\"standard\", \"adaptive\" or \"legacy\"");
    if (!mode) return std::unexpected(std::move(mode.error()));
    s.retry_mode = std::move(*mode);

    s.ca_bundle = text_setting(flags.ca_bundle, "--ca-bundle", env, "AWS_CA_BUNDLE", p, {"ca_bundle"}, files);
    s.app_id = text_setting(flags.app_id, "--app-id", env, "AWS_SDK_UA_APP_ID", p, {"sdk_ua_app_id", "sdk-ua-app-id"}, files);
    if (flags.connect_timeout)
      s.connect_timeout = Setting<std::chrono::milliseconds>{*flags.connect_timeout, {SettingSource::Flag, "--connect-timeout", {}, {}}};

    auto ignore = ignore_configured_endpoints_setting(env, p, files);
    if (!ignore) return std::unexpected(std::move(ignore.error()));
    s.ignore_configured_endpoint_urls = std::move(*ignore);

    for (AwsService service : {AwsService::Sqs, AwsService::Sts, AwsService::Sso})
      s.endpoint_urls_[static_cast<std::size_t>(service)] =
          configured_endpoint_url(service, service == AwsService::Sqs ? flags.endpoint_url : std::nullopt, env, p, files,
                                  s.ignore_configured_endpoint_urls.value);
    return s;
  }

 private:
  std::array<EndpointUrl, detail::service_count> endpoint_urls_{};
};

// Settings from `flags`, the environment and the shared files it names (AWS_CONFIG_FILE,
// AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials).
[[nodiscard]] inline std::expected<Settings, SettingsError> resolve_settings(const SettingFlags& flags = {},
                                                                             const GetEnv& env = process_env) {
  return Settings::resolve(flags, env, detail::SharedFiles::load(env));
}

// Settings::endpoint_url of `service` alone: only the profile, the ignore setting and the URL
// sources are read (for a caller that resolves nothing else).
[[nodiscard]] inline Settings::EndpointUrl configured_endpoint_url(AwsService service, const SettingFlags& flags = {},
                                                                   const GetEnv& env = process_env) {
  auto files = detail::SharedFiles::load(env);
  const Profile p = Profile::read(detail::profile_setting(flags, env).value, files.credentials.reveal(), files.config.reveal());
  auto ignore = detail::ignore_configured_endpoints_setting(env, p, files);
  if (!ignore) return std::unexpected(std::move(ignore.error()));
  return detail::configured_endpoint_url(service, service == AwsService::Sqs ? flags.endpoint_url : std::nullopt, env, p,
                                         files, ignore->value);
}

// The endpoint `service` is called at in `region`: its configured URL (signing for `region`), else
// its AWS endpoint with the FIPS and dual-stack settings (Endpoint::for_service). A configured URL
// with FIPS or dual-stack on is refused, as the SDK's endpoint rules refuse it.
[[nodiscard]] inline std::expected<Endpoint, SettingsError> resolve_endpoint(const Settings& settings, AwsService service,
                                                                             std::string_view region) {
  const auto& url = settings.endpoint_url(service);
  if (!url) return std::unexpected(url.error());
  auto fail = [](const Error& e, SettingOrigin origin, std::string_view value, std::string more = {}) {
    return std::unexpected(
        SettingsError{SettingsErrc::InvalidEndpoint, std::move(origin), std::string(value), std::move(more), e});
  };
  auto region_fail = [&](const Error& e) {
    SettingOrigin origin = settings.region && settings.region->value == region ? settings.region->origin : SettingOrigin{};
    if (origin.name.empty()) origin.name = "region";
    return fail(e, std::move(origin), region);
  };
  const EndpointOptions options = settings.endpoint_options();
  if (!*url) {
    auto e = Endpoint::for_service(service, region, options);
    if (e) return *e;
    return region_fail(e.error());
  }
  const Setting<std::string>& configured = **url;
  auto e = Endpoint::custom(configured.value, region, options);
  if (e) return *e;
  if (e.error().field == Field::Region) return region_fail(e.error());
  if (e.error().code == Errc::EndpointConflict) {
    const auto& on = options.fips ? settings.use_fips_endpoint : settings.use_dualstack_endpoint;
    return fail(e.error(), configured.origin, configured.value,
                std::string(options.fips ? "FIPS" : "Dual-stack") + " is on by " + on.origin.text() + ".");
  }
  return fail(e.error(), configured.origin, configured.value);
}

// The region the SDK's credential providers call STS in: the assuming profile's own `region`,
// else the region of the client they serve, else the resolved region, else us-east-1.
[[nodiscard]] inline std::string sts_region(const Settings& settings, std::optional<std::string_view> role_profile_region = {},
                                            std::optional<std::string_view> client_region = {}) {
  if (role_profile_region && !role_profile_region->empty()) return std::string(*role_profile_region);
  if (client_region && !client_region->empty()) return std::string(*client_region);
  if (settings.region) return settings.region->value;
  return "us-east-1";
}

}  // namespace redrive
