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
#include "redrive/credentials/shared_files.hpp"

namespace redrive {

// The region: `flag` (--region), else AWS_REGION, else AWS_DEFAULT_REGION, else `region` of the
// profile (`profile`, else AWS_PROFILE, else "default") in the config file, then in the
// credentials file. Empty values count as unset. The value is not validated here.
[[nodiscard]] inline std::expected<std::string, CredentialsError> resolve_region(std::optional<std::string_view> flag,
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
