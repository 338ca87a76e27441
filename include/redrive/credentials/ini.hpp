// The INI dialect of the shared config files (~/.aws/credentials, ~/.aws/config) as the AWS SDKs
// read it: sections naming profiles, comments, sub-sections. Pure: text in, views out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "redrive/detail/ascii.hpp"

namespace redrive {

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

}  // namespace detail

}  // namespace redrive
