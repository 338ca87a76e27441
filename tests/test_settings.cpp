#include <doctest/doctest.h>

#include <redrive/config.hpp>
#include <redrive/settings.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

using namespace redrive;
using namespace std::chrono_literals;

namespace {

struct Env {
  std::map<std::string, std::string, std::less<>> vars;
  GetEnv get() const {
    return [this](const char* name) -> const char* {
      auto it = vars.find(std::string_view(name));
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

constexpr std::string_view credentials_path = "/home/me/.aws/credentials";
constexpr std::string_view config_path = "/home/me/.aws/config";

detail::SharedFiles files(std::string_view credentials, std::string_view config) {
  detail::SharedFiles f;
  f.credentials_path = credentials_path;
  f.config_path = config_path;
  f.credentials = SecretString(credentials);
  f.config = SecretString(config);
  return f;
}

Settings resolve(const SettingFlags& flags, const Env& env, std::string_view credentials, std::string_view config) {
  auto s = Settings::resolve(flags, env.get(), files(credentials, config));
  REQUIRE_MESSAGE(s, s.error().message());
  return *std::move(s);
}

SettingsError resolve_error(const SettingFlags& flags, const Env& env, std::string_view credentials,
                            std::string_view config) {
  auto s = Settings::resolve(flags, env.get(), files(credentials, config));
  REQUIRE(!s);
  return s.error();
}

const SettingOrigin default_origin{};
SettingOrigin flag(std::string_view name) { return {SettingSource::Flag, std::string(name), {}, {}}; }
SettingOrigin env_origin(std::string_view name) { return {SettingSource::Environment, std::string(name), {}, {}}; }
SettingOrigin in_config(std::string_view key, std::string_view section) {
  return {SettingSource::Profile, std::string(key), std::string(section), std::string(config_path)};
}
SettingOrigin in_credentials(std::string_view key, std::string_view section) {
  return {SettingSource::Profile, std::string(key), std::string(section), std::string(credentials_path)};
}

}  // namespace

TEST_CASE("defaults: nothing set anywhere") {
  Settings s = resolve({}, Env{}, "", "");
  CHECK(s.profile == Setting<std::string>{"default", default_origin});
  CHECK(!s.region);
  CHECK(s.use_fips_endpoint == Setting<bool>{false, default_origin});
  CHECK(s.use_dualstack_endpoint == Setting<bool>{false, default_origin});
  CHECK(s.max_attempts == Setting<int>{3, default_origin});
  CHECK(s.retry_mode == Setting<RetryMode>{RetryMode::Standard, default_origin});
  CHECK(!s.ca_bundle);
  CHECK(!s.app_id);
  CHECK(!s.connect_timeout);
  CHECK(s.ignore_configured_endpoint_urls == Setting<bool>{false, default_origin});
  for (AwsService service : {AwsService::Sqs, AwsService::Sts, AwsService::Sso}) {
    REQUIRE(s.endpoint_url(service));
    CHECK(!*s.endpoint_url(service));
  }
  CHECK(s.profile.origin.text() == "default");
}

TEST_CASE("profile: --profile, then AWS_PROFILE, then default; empty counts as unset") {
  Env env;
  env.vars["AWS_PROFILE"] = "from-env";
  SettingFlags flags;
  flags.profile = "from-flag";
  CHECK(resolve(flags, env, "", "").profile == Setting<std::string>{"from-flag", flag("--profile")});
  flags.profile = "";
  CHECK(resolve(flags, env, "", "").profile == Setting<std::string>{"from-env", env_origin("AWS_PROFILE")});
  env.vars["AWS_PROFILE"] = "";
  CHECK(resolve(flags, env, "", "").profile.value == "default");
  CHECK(resolve({}, Env{{{"AWS_PROFILE", "x"}}}, "", "").profile.origin.text() == "env AWS_PROFILE");
}

TEST_CASE("region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile (credentials file first)") {
  const std::string_view credentials = "[dev]\nregion = from-credentials\n";
  const std::string_view config = "[profile dev]\nregion = from-config\n[default]\nregion = default-region\n";
  Env env;
  SettingFlags flags;
  CHECK(resolve(flags, env, credentials, config).region ==
        Setting<std::string>{"default-region", in_config("region", "profile default")});
  flags.profile = "dev";
  CHECK(resolve(flags, env, credentials, config).region ==
        Setting<std::string>{"from-credentials", in_credentials("region", "profile dev")});
  CHECK(resolve(flags, env, "", config).region == Setting<std::string>{"from-config", in_config("region", "profile dev")});
  env.vars["AWS_DEFAULT_REGION"] = "default-env";
  CHECK(resolve(flags, env, credentials, config).region ==
        Setting<std::string>{"default-env", env_origin("AWS_DEFAULT_REGION")});
  env.vars["AWS_REGION"] = "region-env";
  CHECK(resolve(flags, env, credentials, config).region == Setting<std::string>{"region-env", env_origin("AWS_REGION")});
  flags.region = "flag-region";
  auto r = resolve(flags, env, credentials, config).region;
  CHECK(r == Setting<std::string>{"flag-region", flag("--region")});
  CHECK(r->origin.text() == "--region");
  flags.region = "";  // empty: unset
  CHECK(resolve(flags, env, credentials, config).region->value == "region-env");
  env.vars["AWS_REGION"] = "";
  CHECK(resolve(flags, env, credentials, config).region->value == "default-env");
  CHECK(in_config("region", "profile dev").text() == "profile dev in /home/me/.aws/config");
}

TEST_CASE("use_fips_endpoint and use_dualstack_endpoint: flag, environment, profile, default") {
  struct Case {
    const char* variable;
    const char* key;
    const char* flag_name;
    Setting<bool> Settings::*member;
    std::optional<bool> SettingFlags::*flag_member;
  };
  for (const Case& c : {Case{"AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", "--fips", &Settings::use_fips_endpoint,
                             &SettingFlags::use_fips_endpoint},
                        Case{"AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", "--dualstack",
                             &Settings::use_dualstack_endpoint, &SettingFlags::use_dualstack_endpoint}}) {
    CAPTURE(c.key);
    const std::string config = "[default]\n" + std::string(c.key) + " = true\n";
    const std::string credentials = "[default]\n" + std::string(c.key) + " = false\n";
    Env env;
    SettingFlags flags;
    // The config file wins over the credentials file for client settings (the SDK's loadConfig).
    CHECK(resolve(flags, env, credentials, config).*c.member == Setting<bool>{true, in_config(c.key, "profile default")});
    CHECK(resolve(flags, env, credentials, "").*c.member ==
          Setting<bool>{false, in_credentials(c.key, "profile default")});
    env.vars[c.variable] = "false";
    CHECK(resolve(flags, env, credentials, config).*c.member == Setting<bool>{false, env_origin(c.variable)});
    flags.*c.flag_member = true;
    CHECK(resolve(flags, env, credentials, config).*c.member == Setting<bool>{true, flag(c.flag_name)});
    flags.*c.flag_member = std::nullopt;
    env.vars[c.variable] = "";
    CHECK((resolve(flags, env, credentials, config).*c.member).value);

    // Only "true" and "false", exactly, as the SDK's booleanSelector.
    for (const char* bad : {"maybe", "TRUE", "True", "1", "yes", " true"}) {
      CAPTURE(bad);
      env.vars[c.variable] = bad;
      SettingsError e = resolve_error(flags, env, credentials, config);
      CHECK(e.code == SettingsErrc::InvalidValue);
      CHECK(e.origin == env_origin(c.variable));
      CHECK(e.value == bad);
      CHECK(e.message() == std::string(c.variable) + " is \"" + bad + "\": expected \"true\" or \"false\".");
    }
    env.vars.clear();
    // The default profile has no such key: the other profile's value is not read.
    CHECK(Settings::resolve(flags, env.get(), files("", "[profile dev]\n" + std::string(c.key) + " = maybe\n")));
    flags.profile = "dev";
    SettingsError e = resolve_error(flags, env, "", "[profile dev]\n" + std::string(c.key) + " = maybe\n");
    CHECK(e.origin == in_config(c.key, "profile dev"));
    CHECK(e.message() == std::string(c.key) + " of profile dev in /home/me/.aws/config is \"maybe\": expected \"true\" or \"false\".");
  }
}

TEST_CASE("max_attempts: flag, AWS_MAX_ATTEMPTS, max_attempts, 3; invalid values are errors") {
  Env env;
  SettingFlags flags;
  const std::string_view config = "[default]\nmax_attempts = 7\n";
  CHECK(resolve(flags, env, "", config).max_attempts == Setting<int>{7, in_config("max_attempts", "profile default")});
  env.vars["AWS_MAX_ATTEMPTS"] = "5";
  CHECK(resolve(flags, env, "", config).max_attempts == Setting<int>{5, env_origin("AWS_MAX_ATTEMPTS")});
  flags.max_attempts = 2;
  CHECK(resolve(flags, env, "", config).max_attempts == Setting<int>{2, flag("--max-attempts")});
  flags.max_attempts = std::nullopt;
  env.vars["AWS_MAX_ATTEMPTS"] = "2147483647";
  CHECK(resolve(flags, env, "", config).max_attempts.value == 2147483647);
  env.vars["AWS_MAX_ATTEMPTS"] = "007";
  CHECK(resolve(flags, env, "", config).max_attempts.value == 7);
  for (const char* bad : {"x", "0", "-1", "3.5", " 3", "3x", "+3", "2147483648", "99999999999999999999"}) {
    CAPTURE(bad);
    env.vars["AWS_MAX_ATTEMPTS"] = bad;
    SettingsError e = resolve_error(flags, env, "", config);
    CHECK(e.code == SettingsErrc::InvalidValue);
    CHECK(e.message() == "AWS_MAX_ATTEMPTS is \"" + std::string(bad) + "\": expected a whole number of at least 1.");
  }
  env.vars.clear();
  SettingsError e = resolve_error(flags, env, "[default]\nmax_attempts = many\n", "");
  CHECK(e.origin == in_credentials("max_attempts", "profile default"));
  CHECK(e.message() ==
        "max_attempts of profile default in /home/me/.aws/credentials is \"many\": expected a whole number of at least 1.");
  // A valid flag hides an invalid variable: the first source found is the only one read.
  env.vars["AWS_MAX_ATTEMPTS"] = "x";
  flags.max_attempts = 4;
  CHECK(resolve(flags, env, "", "").max_attempts.value == 4);
}

TEST_CASE("retry_mode: standard, adaptive, and legacy read as standard") {
  Env env;
  SettingFlags flags;
  CHECK(resolve(flags, env, "", "[default]\nretry_mode = adaptive\n").retry_mode ==
        Setting<RetryMode>{RetryMode::Adaptive, in_config("retry_mode", "profile default")});
  env.vars["AWS_RETRY_MODE"] = "legacy";
  CHECK(resolve(flags, env, "", "[default]\nretry_mode = adaptive\n").retry_mode ==
        Setting<RetryMode>{RetryMode::Standard, env_origin("AWS_RETRY_MODE")});
  env.vars["AWS_RETRY_MODE"] = "standard";
  CHECK(resolve(flags, env, "", "").retry_mode.value == RetryMode::Standard);
  env.vars["AWS_RETRY_MODE"] = "adaptive";
  CHECK(resolve(flags, env, "", "").retry_mode.value == RetryMode::Adaptive);
  flags.retry_mode = RetryMode::Standard;
  CHECK(resolve(flags, env, "", "").retry_mode == Setting<RetryMode>{RetryMode::Standard, flag("--retry-mode")});
  flags.retry_mode = std::nullopt;
  for (const char* bad : {"Adaptive", "fast", "STANDARD"}) {
    env.vars["AWS_RETRY_MODE"] = bad;
    SettingsError e = resolve_error(flags, env, "", "");
    CHECK(e.message() == "AWS_RETRY_MODE is \"" + std::string(bad) + "\": expected \"standard\", \"adaptive\" or \"legacy\".");
  }
  CHECK(retry_mode_name(RetryMode::Adaptive) == "adaptive");
  CHECK(retry_mode_name(RetryMode::Standard) == "standard");
}

TEST_CASE("ca_bundle, app id and connect timeout") {
  Env env;
  SettingFlags flags;
  const std::string_view config =
      "[default]\nca_bundle = /etc/profile-ca.pem\nsdk-ua-app-id = old-name\n"
      "[profile new]\nsdk_ua_app_id = new-name\nsdk-ua-app-id = old-name\n";
  Settings s = resolve(flags, env, "", config);
  CHECK(s.ca_bundle == Setting<std::string>{"/etc/profile-ca.pem", in_config("ca_bundle", "profile default")});
  CHECK(s.app_id == Setting<std::string>{"old-name", in_config("sdk-ua-app-id", "profile default")});
  flags.profile = "new";
  CHECK(resolve(flags, env, "", config).app_id == Setting<std::string>{"new-name", in_config("sdk_ua_app_id", "profile new")});
  env.vars["AWS_CA_BUNDLE"] = "/etc/env-ca.pem";
  env.vars["AWS_SDK_UA_APP_ID"] = "env-app";
  s = resolve(flags, env, "", config);
  CHECK(s.ca_bundle == Setting<std::string>{"/etc/env-ca.pem", env_origin("AWS_CA_BUNDLE")});
  CHECK(s.app_id == Setting<std::string>{"env-app", env_origin("AWS_SDK_UA_APP_ID")});
  flags.ca_bundle = "/etc/flag-ca.pem";
  flags.app_id = "flag-app";
  flags.connect_timeout = 1500ms;
  s = resolve(flags, env, "", config);
  CHECK(s.ca_bundle == Setting<std::string>{"/etc/flag-ca.pem", flag("--ca-bundle")});
  CHECK(s.app_id == Setting<std::string>{"flag-app", flag("--app-id")});
  CHECK(s.connect_timeout == Setting<std::chrono::milliseconds>{1500ms, flag("--connect-timeout")});
  // No variable or profile key sets the connect timeout.
  env.vars["AWS_CONNECT_TIMEOUT"] = "5";
  CHECK(!resolve({}, env, "", "[default]\nconnect_timeout = 5\n").connect_timeout);
}

TEST_CASE("endpoint URLs: the SDK's order, per service") {
  const std::string config =
      "[default]\n"
      "endpoint_url = http://profile-url\n"
      "services = local\n"
      "[services local]\n"
      "sqs =\n"
      "  endpoint_url = http://services-sqs\n"
      "sts =\n"
      "  endpoint_url = http://services-sts\n";
  Env env;
  SettingFlags flags;
  auto url = [&](AwsService service, std::string_view cfg = {}) -> std::optional<Setting<std::string>> {
    Settings s = resolve(flags, env, "", cfg.data() ? cfg : std::string_view(config));
    REQUIRE_MESSAGE(s.endpoint_url(service), s.endpoint_url(service).error().message());
    return *s.endpoint_url(service);
  };
  CHECK(url(AwsService::Sqs) == Setting<std::string>{"http://services-sqs", in_config("sqs.endpoint_url", "services local")});
  CHECK(url(AwsService::Sts) == Setting<std::string>{"http://services-sts", in_config("sts.endpoint_url", "services local")});
  // No "sso" in the services section: the profile's endpoint_url.
  CHECK(url(AwsService::Sso) == Setting<std::string>{"http://profile-url", in_config("endpoint_url", "profile default")});
  CHECK(url(AwsService::Sqs)->origin.text() == "services local in /home/me/.aws/config");

  env.vars["AWS_ENDPOINT_URL"] = "http://env-all";
  for (AwsService service : {AwsService::Sqs, AwsService::Sts, AwsService::Sso})
    CHECK(url(service) == Setting<std::string>{"http://env-all", env_origin("AWS_ENDPOINT_URL")});
  env.vars["AWS_ENDPOINT_URL_STS"] = "http://env-sts";
  env.vars["AWS_ENDPOINT_URL_SSO"] = "http://env-sso";
  env.vars["AWS_ENDPOINT_URL_SQS"] = "http://env-sqs";
  CHECK(url(AwsService::Sqs) == Setting<std::string>{"http://env-sqs", env_origin("AWS_ENDPOINT_URL_SQS")});
  CHECK(url(AwsService::Sts) == Setting<std::string>{"http://env-sts", env_origin("AWS_ENDPOINT_URL_STS")});
  CHECK(url(AwsService::Sso) == Setting<std::string>{"http://env-sso", env_origin("AWS_ENDPOINT_URL_SSO")});

  // --endpoint-url is SQS's own endpoint; the credential services do not take it.
  flags.endpoint_url = "http://flag";
  CHECK(url(AwsService::Sqs) == Setting<std::string>{"http://flag", flag("--endpoint-url")});
  CHECK(url(AwsService::Sts)->value == "http://env-sts");

  // Ignoring configured endpoints leaves the flag only.
  env.vars["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
  CHECK(url(AwsService::Sqs)->value == "http://flag");
  CHECK(!url(AwsService::Sts));
  CHECK(!url(AwsService::Sso));
  flags.endpoint_url.reset();
  CHECK(!url(AwsService::Sqs));
  Settings s = resolve(flags, env, "", config);
  CHECK(s.ignore_configured_endpoint_urls == Setting<bool>{true, env_origin("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")});
  env.vars["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "false";
  CHECK(url(AwsService::Sqs)->value == "http://env-sqs");
  env.vars.clear();
  CHECK(!url(AwsService::Sqs, "[default]\nendpoint_url = http://x\nignore_configured_endpoint_urls = true\n"));
  CHECK(url(AwsService::Sqs, "[default]\nendpoint_url = http://x\nignore_configured_endpoint_urls = false\n")->value ==
        "http://x");
  env.vars["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "yes";
  SettingsError e = resolve_error(flags, env, "", "");
  CHECK(e.message() == "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is \"yes\": expected \"true\" or \"false\".");
}

TEST_CASE("endpoint URLs: the profile's services section must exist; the credentials file counts for the profile") {
  Env env;
  SettingFlags flags;
  flags.profile = "dev";
  const std::string_view config = "[profile dev]\nservices = missing\nendpoint_url = http://x\n[services other]\nsqs =\n  endpoint_url = http://o\n";
  Settings s = resolve(flags, env, "", config);  // resolving succeeds: only the services that need it fail
  for (AwsService service : {AwsService::Sqs, AwsService::Sts, AwsService::Sso}) {
    REQUIRE(!s.endpoint_url(service));
    const SettingsError& e = s.endpoint_url(service).error();
    CHECK(e.code == SettingsErrc::MissingServicesSection);
    CHECK(e.origin == in_config("services", "profile dev"));
    CHECK(e.value == "missing");
    CHECK(e.message() ==
          "services of profile dev in /home/me/.aws/config names the services section 'missing', but "
          "/home/me/.aws/config has no [services missing] section with keys.");
  }
  // An environment URL is found first, so that service never looks at the section.
  env.vars["AWS_ENDPOINT_URL_STS"] = "http://sts";
  s = resolve(flags, env, "", config);
  CHECK(s.endpoint_url(AwsService::Sts));
  CHECK(!s.endpoint_url(AwsService::Sqs));
  CHECK(!resolve_endpoint(s, AwsService::Sqs, "us-east-1"));
  // The services section is read from the config file only; the profile's keys from both files.
  env.vars.clear();
  s = resolve(flags, env, "[dev]\nservices = other\n[services other]\nsqs =\n  endpoint_url = http://c\n",
              "[services other]\nsqs =\n  endpoint_url = http://o\n");
  CHECK(s.endpoint_url(AwsService::Sqs).value() ==
        Setting<std::string>{"http://o", in_config("sqs.endpoint_url", "services other")});
  CHECK(!s.endpoint_url(AwsService::Sts).value());
}

TEST_CASE("resolve_endpoint: AWS endpoints of the credential services, overrides, errors") {
  Env env;
  Settings s = resolve({}, env, "", "");
  CHECK(resolve_endpoint(s, AwsService::Sts, "eu-west-1")->url() == "https://sts.eu-west-1.amazonaws.com/");
  CHECK(resolve_endpoint(s, AwsService::Sso, "eu-west-1")->url() == "https://portal.sso.eu-west-1.amazonaws.com/");
  CHECK(resolve_endpoint(s, AwsService::Sqs, "eu-west-1")->url() == "https://sqs.eu-west-1.amazonaws.com/");
  env.vars["AWS_USE_FIPS_ENDPOINT"] = "true";
  s = resolve({}, env, "", "");
  CHECK(resolve_endpoint(s, AwsService::Sts, "us-east-2")->host() == "sts-fips.us-east-2.amazonaws.com");
  CHECK(resolve_endpoint(s, AwsService::Sts, "us-gov-west-1")->host() == "sts.us-gov-west-1.amazonaws.com");
  env.vars["AWS_USE_DUALSTACK_ENDPOINT"] = "true";
  s = resolve({}, env, "", "");
  CHECK(resolve_endpoint(s, AwsService::Sso, "us-east-1")->host() == "portal.sso-fips.us-east-1.api.aws");
  CHECK(resolve_endpoint(s, AwsService::Sts, "cn-north-1")->host() == "sts-fips.cn-north-1.api.amazonwebservices.com.cn");

  // A configured URL signs for the region it is given.
  env.vars.clear();
  env.vars["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:4567";
  s = resolve({}, env, "", "");
  auto sts = resolve_endpoint(s, AwsService::Sts, "ap-south-1");
  REQUIRE(sts);
  CHECK(sts->url() == "http://127.0.0.1:4567/");
  CHECK(sts->signing_region() == "ap-south-1");
  CHECK(sts->is_custom());
  CHECK(resolve_endpoint(s, AwsService::Sso, "ap-south-1")->host() == "portal.sso.ap-south-1.amazonaws.com");

  // ... and is refused with FIPS on, naming both.
  env.vars["AWS_USE_FIPS_ENDPOINT"] = "true";
  s = resolve({}, env, "", "");
  auto conflict = resolve_endpoint(s, AwsService::Sts, "us-east-1");
  REQUIRE(!conflict);
  CHECK(conflict.error().code == SettingsErrc::InvalidEndpoint);
  CHECK(conflict.error().error == Error{Field::Endpoint, Errc::EndpointConflict, 0});
  CHECK(conflict.error().message() ==
        "AWS_ENDPOINT_URL_STS is \"http://127.0.0.1:4567\": A custom endpoint cannot be combined with FIPS or "
        "dual-stack. FIPS is on by env AWS_USE_FIPS_ENDPOINT.");

  // A malformed URL names its source; so does a region that is no region.
  env.vars.clear();
  SettingFlags flags;
  flags.profile = "p";
  s = resolve(flags, env, "", "[profile p]\nendpoint_url = ftp://x\nregion = nowhere\n");
  auto bad = resolve_endpoint(s, AwsService::Sts, "us-east-1");
  REQUIRE(!bad);
  CHECK(bad.error().origin == in_config("endpoint_url", "profile p"));
  CHECK(bad.error().error == Error{Field::Endpoint, Errc::BadEndpoint, 0});
  CHECK(bad.error().message() ==
        "endpoint_url of profile p in /home/me/.aws/config is \"ftp://x\": The endpoint must start with http:// or https://.");
  s = resolve(flags, env, "", "[profile p]\nregion = nowhere\n");
  auto region = resolve_endpoint(s, AwsService::Sts, "nowhere");
  REQUIRE(!region);
  CHECK(region.error().origin == in_config("region", "profile p"));
  CHECK(region.error().error == Error{Field::Region, Errc::UnknownRegion, 0});
  auto other = resolve_endpoint(s, AwsService::Sso, "");
  CHECK(other.error().origin.name == "region");
  CHECK(other.error().message() == "region is \"\": The value is empty.");
}

TEST_CASE("sts_region: the role profile's region, the client's, the resolved one, us-east-1") {
  Env env;
  Settings none = resolve({}, env, "", "");
  CHECK(sts_region(none) == "us-east-1");
  Settings s = resolve({}, env, "", "[default]\nregion = eu-central-1\n");
  CHECK(sts_region(s) == "eu-central-1");
  CHECK(sts_region(s, std::nullopt, "ap-east-1") == "ap-east-1");
  CHECK(sts_region(s, "sa-east-1", "ap-east-1") == "sa-east-1");
  CHECK(sts_region(s, "", "") == "eu-central-1");
}

TEST_CASE("resolve_settings reads the files the environment names; resolve_region agrees with Settings::region") {
  auto dir = std::filesystem::temp_directory_path() / "redrive-test-settings";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / ".aws");
  std::ofstream(dir / ".aws" / "config") << "[profile dev]\nregion = us-west-1\nmax_attempts = 9\n";
  std::ofstream(dir / ".aws" / "credentials") << "[dev]\nregion = us-west-2\n";
  Env env;
  env.vars["HOME"] = dir.string();
  env.vars["AWS_PROFILE"] = "dev";
  auto s = resolve_settings({}, env.get());
  REQUIRE(s);
  CHECK(s->max_attempts.value == 9);
  CHECK(s->max_attempts.origin.file == (dir / ".aws" / "config").string());
  CHECK(s->region->value == "us-west-2");  // the credentials file wins for the region, as in the SDK
  CHECK(resolve_region(std::nullopt, env.get()).value() == "us-west-2");
  // configured_endpoint_url reads the same sources for one service.
  std::ofstream(dir / ".aws" / "config", std::ios::app) << "endpoint_url = http://localhost:4566\n";
  auto sqs = configured_endpoint_url(AwsService::Sqs, {}, env.get());
  REQUIRE(sqs);
  REQUIRE(*sqs);
  CHECK((*sqs)->value == "http://localhost:4566");
  CHECK((*sqs)->origin.text() == "profile dev in " + (dir / ".aws" / "config").string());
  SettingFlags flags;
  flags.endpoint_url = "http://flag:1";
  flags.profile = "default";
  CHECK(configured_endpoint_url(AwsService::Sqs, flags, env.get()).value()->value == "http://flag:1");
  CHECK(!configured_endpoint_url(AwsService::Sts, flags, env.get()).value());  // the default profile has none
  env.vars["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
  CHECK(!configured_endpoint_url(AwsService::Sqs, {}, env.get()).value());
  env.vars["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "on";
  CHECK(configured_endpoint_url(AwsService::Sqs, {}, env.get()).error().code == SettingsErrc::InvalidValue);
  env.vars.erase("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  env.vars["AWS_SHARED_CREDENTIALS_FILE"] = (dir / "none").string();
  CHECK(resolve_settings({}, env.get())->region->value == "us-west-1");
  CHECK(resolve_region(std::nullopt, env.get()).value() == "us-west-1");
  std::filesystem::remove_all(dir);
}

TEST_CASE("origins read as the CLI shows them") {
  CHECK(flag("--region").text() == "--region");
  CHECK(env_origin("AWS_REGION").text() == "env AWS_REGION");
  CHECK(in_credentials("region", "profile dev").text() == "profile dev in /home/me/.aws/credentials");
  CHECK(default_origin.text() == "default");
  CHECK(env_origin("AWS_REGION").where() == "AWS_REGION");
  CHECK(in_config("region", "profile dev").where() == "region of profile dev in /home/me/.aws/config");
  CHECK(code_name(SettingsErrc::InvalidValue) == "InvalidValue");
  CHECK(code_name(SettingsErrc::MissingServicesSection) == "MissingServicesSection");
  CHECK(code_name(SettingsErrc::InvalidEndpoint) == "InvalidEndpoint");
}
