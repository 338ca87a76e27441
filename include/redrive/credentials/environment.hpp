// The process environment as the credential chain and the settings read it: through GetEnv, so
// tests and embedders can pass their own.
#pragma once

#include <cstdlib>
#include <functional>
#include <string>

namespace redrive {

// Reads one environment variable; nullptr when unset. Injectable so tests need no real environment.
using GetEnv = std::function<const char*(const char*)>;
inline const char* process_env(const char* name) noexcept { return std::getenv(name); }

namespace detail {
inline std::string env_string(const GetEnv& env, const char* name) {
  const char* v = env ? env(name) : nullptr;
  return v ? std::string(v) : std::string();
}
}  // namespace detail

}  // namespace redrive
