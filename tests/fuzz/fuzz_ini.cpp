// The shared files' reader and the settings on arbitrary bytes. The input is
// "credentials\0config\0environment" (the environment as NAME=value lines; missing parts are
// empty). Checks: every entry is a non-empty key and a non-empty trimmed value taken from its file;
// lookups agree with iteration and with the older readers (ini_value, credentials_from_profile); a
// profile written back as "key=value" lines reads back the same; settings resolve to a value or an
// error that names its source, and endpoints resolve or fail with a message.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <redrive/credentials.hpp>
#include <redrive/settings.hpp>

#include "fuzz_check.hpp"

using namespace redrive;

namespace {

std::string_view next_part(std::string_view& rest) {
  std::size_t nul = rest.find('\0');
  std::string_view part = rest.substr(0, nul);
  rest = nul == std::string_view::npos ? std::string_view{} : rest.substr(nul + 1);
  return part;
}

bool trimmed(std::string_view s) { return !s.empty() && !detail::is_space(s.front()) && !detail::is_space(s.back()); }

void check_section(const Profile& p, std::string_view credentials, std::string_view config) {
  p.for_each([&](std::string_view key, ProfileValue v) {
    FUZZ_CHECK(trimmed(key));
    FUZZ_CHECK(trimmed(v.value));
    FUZZ_CHECK(v.value.find('\n') == std::string_view::npos);
    FUZZ_CHECK((v.file == ProfileFile::Config ? config : credentials).find(v.value) != std::string_view::npos);
    FUZZ_CHECK(p.get(key) == v.value);
    FUZZ_CHECK(p.find(key, ProfileFile::Credentials)->value == v.value);
    auto c = p.find(key, ProfileFile::Config);
    FUZZ_CHECK(c && (c->file == ProfileFile::Config || v.file == ProfileFile::Credentials));
  });
  FUZZ_CHECK(p.exists() == [&] {
    bool any = false;
    p.for_each([&](std::string_view, ProfileValue) { any = true; });
    return any;
  }());
}

void check_profile(std::string_view name, std::string_view credentials, std::string_view config) {
  Profile p = Profile::read(name, credentials, config);
  FUZZ_CHECK(p.name() == name && p.kind() == SectionKind::Profile);
  check_section(p, credentials, config);

  // The older readers see the same top-level keys.
  for (std::string_view key : {"aws_access_key_id", "aws_secret_access_key", "region", "services"}) {
    auto old = detail::ini_value(credentials, name, detail::IniFile::Credentials, key);
    if (!old) old = detail::ini_value(config, name, detail::IniFile::Config, key);
    FUZZ_CHECK(old == p.get(key));
  }
  auto creds = credentials_from_profile(credentials, config, name);
  if (creds) FUZZ_CHECK(p.get("aws_access_key_id") == creds->access_key_id);
  if (creds) FUZZ_CHECK(p.get("aws_secret_access_key") == creds->secret_access_key.reveal());

  // Written back as plain "key=value" lines of a credentials file, the profile reads the same.
  // Keys starting with '[' are left out: such a line could read as a section header.
  if (name != "dev") return;
  std::string text = "[dev]\n";
  std::vector<std::pair<std::string, std::string>> want;
  p.for_each([&](std::string_view key, ProfileValue v) {
    if (key.front() == '[') return;
    text.append(key).append("=").append(v.value).append("\n");
    want.emplace_back(key, v.value);
  });
  Profile again = Profile::read("dev", text, "");
  std::vector<std::pair<std::string, std::string>> got;
  again.for_each([&](std::string_view key, ProfileValue v) {
    FUZZ_CHECK(v.file == ProfileFile::Credentials);
    got.emplace_back(key, v.value);
  });
  FUZZ_CHECK(got == want);
}

void check_settings(std::string_view credentials, std::string_view config, std::string_view environment) {
  std::map<std::string, std::string, std::less<>> vars;
  while (!environment.empty()) {
    std::size_t nl = environment.find('\n');
    std::string_view line = environment.substr(0, nl);
    environment = nl == std::string_view::npos ? std::string_view{} : environment.substr(nl + 1);
    std::size_t eq = line.find('=');
    if (eq != std::string_view::npos) vars[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
  }
  GetEnv env = [&vars](const char* name) -> const char* {
    auto it = vars.find(std::string_view(name));
    return it == vars.end() ? nullptr : it->second.c_str();
  };
  detail::SharedFiles files;
  files.credentials_path = "/c";
  files.config_path = "/f";
  files.credentials = SecretString(credentials);
  files.config = SecretString(config);
  auto s = Settings::resolve({}, env, files);
  if (!s) {
    const SettingsError& e = s.error();
    FUZZ_CHECK(e.code == SettingsErrc::InvalidValue);
    FUZZ_CHECK(e.origin.source == SettingSource::Environment || e.origin.source == SettingSource::Profile);
    FUZZ_CHECK(e.message().starts_with(e.origin.where()));
    return;
  }
  FUZZ_CHECK(s->max_attempts.value >= 1);
  FUZZ_CHECK(!s->profile.value.empty());
  if (s->region) FUZZ_CHECK(!s->region->value.empty());
  for (AwsService service : {AwsService::Sqs, AwsService::Sts, AwsService::Sso}) {
    const auto& url = s->endpoint_url(service);
    if (!url) FUZZ_CHECK(url.error().code == SettingsErrc::MissingServicesSection);
    else if (*url) FUZZ_CHECK(!(*url)->value.empty() && (*url)->origin.source != SettingSource::Default);
    for (std::string_view region : {std::string_view("us-east-1"), s->region ? std::string_view(s->region->value) : std::string_view()}) {
      auto e = resolve_endpoint(*s, service, region);
      if (e) FUZZ_CHECK(e->signing_region() == region);
      else FUZZ_CHECK(!e.error().message().empty());
    }
  }
  FUZZ_CHECK(!sts_region(*s).empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string_view credentials = next_part(rest);
  std::string_view config = next_part(rest);
  std::string_view environment = next_part(rest);
  for (std::string_view name : {"default", "dev", "profile.dev", ""}) check_profile(name, credentials, config);
  for (SectionKind kind : {SectionKind::SsoSession, SectionKind::Services})
    for (std::string_view name : {"s", "dev"}) {
      Profile p = Profile::read_section(kind, name, config);
      FUZZ_CHECK(p.kind() == kind);
      check_section(p, {}, config);
      p.for_each([](std::string_view, ProfileValue v) { FUZZ_CHECK(v.file == ProfileFile::Config); });
    }
  check_settings(credentials, config, environment);
  return 0;
}
