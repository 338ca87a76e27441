// Settings resolved the way the AWS SDKs resolve them, from an explicit value, the environment
// and the shared config files: the region.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "redrive/credentials/environment.hpp"
#include "redrive/credentials/error.hpp"
#include "redrive/credentials/ini.hpp"
#include "redrive/credentials/profile.hpp"
#include "redrive/credentials/shared_files.hpp"
#include "redrive/settings.hpp"

namespace redrive {

// The region: `flag` (--region), else AWS_REGION, else AWS_DEFAULT_REGION, else `region` of the
// profile (`profile`, else AWS_PROFILE, else "default") in the credentials file, then in the
// config file (the JS SDK's order for the region). Empty values count as unset. The value is not
// validated here. Settings::region (settings.hpp) is the same, with its origin.
[[nodiscard]] inline std::expected<std::string, CredentialsError> resolve_region(std::optional<std::string_view> flag,
                                                                   const GetEnv& env = process_env,
                                                                   std::optional<std::string_view> profile = {}) {
  if (flag && !flag->empty()) return std::string(*flag);
  SettingFlags flags;
  flags.profile = profile;
  std::string name = detail::profile_setting(flags, env).value;
  auto files = detail::SharedFiles::load(env);
  const Profile p = Profile::read(name, files.credentials.reveal(), files.config.reveal());
  if (auto r = detail::region_setting(flags, env, p, files)) return std::move(r->value);
  return std::unexpected(
      CredentialsError{CredentialsErrc::NoRegion, std::move(name), files.credentials_path, files.config_path});
}

}  // namespace redrive
