// The INI dialect of the shared config files (~/.aws/credentials, ~/.aws/config) as the AWS SDK
// for JavaScript v3 reads it (@smithy/shared-ini-file-loader's parseIni and getConfigData):
// sections naming profiles, sso-sessions and services, comments, indented sub-sections. Pure:
// text in, views out; lines may hold any bytes and nothing here reads out of bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "redrive/detail/ascii.hpp"

namespace redrive {

namespace detail {

enum class IniFile : std::uint8_t { Credentials, Config };

// The prefix a "[prefix name]" header carries; None for a plain "[name]".
enum class IniSectionType : std::uint8_t { None, Profile, SsoSession, Services };

constexpr std::string_view ini_prefix(IniSectionType t) noexcept {
  switch (t) {
    case IniSectionType::Profile: return "profile";
    case IniSectionType::SsoSession: return "sso-session";
    case IniSectionType::Services: return "services";
    case IniSectionType::None: break;
  }
  return "";
}

constexpr std::optional<IniSectionType> ini_section_type(std::string_view prefix) noexcept {
  for (auto t : {IniSectionType::Profile, IniSectionType::SsoSession, IniSectionType::Services})
    if (prefix == ini_prefix(t)) return t;
  return std::nullopt;
}

// A section as the SDK keys it: its type and name. In the credentials file a prefixed section
// keeps its prefix as part of the name the profile lookup sees ("[profile x]" is the profile
// "profile.x"), so it is compared with ini_names_profile, not by name alone.
struct IniSection {
  IniSectionType type = IniSectionType::None;
  std::string_view name;
};

// Reads a section header's inner text ("profile dev" of "[profile dev]"), or nullopt for a
// section whose keys the SDK drops. "<prefix><one space><name>" with a prefix of [A-Za-z0-9_-]
// and a name of [A-Za-z0-9_-@+.%:/], optionally in matching quotes, is a prefixed section: kept
// if the prefix is profile, sso-session or services. Anything else is the plain section of that
// text; the config file keeps only "default" and "type.name" texts of those three types.
constexpr std::optional<IniSection> ini_section(std::string_view inner, IniFile file) noexcept {
  std::size_t i = 0;
  while (i < inner.size() && (is_word_char(inner[i]) || inner[i] == '-')) ++i;
  if (i > 0 && i < inner.size() && is_space(inner[i])) {
    std::string_view name = inner.substr(i + 1);
    if (!name.empty() && (name.front() == '"' || name.front() == '\'')) {
      if (name.size() >= 2 && name.back() == name.front()) name = name.substr(1, name.size() - 2);
      else name = {};
    }
    bool valid = !name.empty();
    for (char c : name)
      if (!(is_word_char(c) || c == '-' || c == '@' || c == '+' || c == '.' || c == '%' || c == ':' || c == '/'))
        valid = false;
    if (valid) {
      auto type = ini_section_type(inner.substr(0, i));
      if (!type) return std::nullopt;
      return IniSection{*type, name};
    }
  }
  if (file == IniFile::Credentials) return IniSection{IniSectionType::None, inner};
  if (inner == "default") return IniSection{IniSectionType::None, inner};
  std::size_t dot = inner.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto type = ini_section_type(inner.substr(0, dot));
  if (!type) return std::nullopt;
  return IniSection{*type, inner.substr(dot + 1)};
}

// Whether `section` is (part of) the profile `profile`. The config file's plain [default] is
// the profile "default" too; ini_profile_section says which of the two forms to read.
constexpr bool ini_names_profile(const IniSection& section, std::string_view profile, IniFile file) noexcept {
  if (file == IniFile::Config) {
    if (section.type == IniSectionType::Profile) return section.name == profile;
    return section.type == IniSectionType::None && profile == "default";  // only "default" is kept as None
  }
  if (section.type == IniSectionType::None) return section.name == profile;
  std::string_view prefix = ini_prefix(section.type);
  return profile.size() == prefix.size() + 1 + section.name.size() && profile.starts_with(prefix) &&
         profile[prefix.size()] == '.' && profile.ends_with(section.name);
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

// A file with a "[__proto__]" or "[profile __proto__]" header is refused whole by the SDK (its
// parser throws and the loader reads the file as empty); so it is here.
inline bool ini_file_refused(std::string_view text) {
  bool refused = false;
  for_each_ini_line(text, [&](std::string_view, std::string_view line) {
    if (is_ini_section(line)) {
      std::string_view inner = line.substr(1, line.size() - 2);
      refused = inner == "__proto__" || inner == "profile __proto__";
    }
    return !refused;
  });
  return refused;
}

// Calls `on_entry(section, sub, key, value)` for every assignment in file order, as the SDK
// stores them (so the last assignment of a key wins). "key =" with nothing after it opens a
// sub-section: the indented "name = value" lines after it have sub == "key" (the SDK's
// "key.name"); the first line that is not indented closes it. Keys before the first section, in
// dropped sections, and assignments of an empty value are not entries. A refused file has none.
template <class OnEntry>
void for_each_ini_entry(std::string_view text, IniFile file, OnEntry&& on_entry) {
  if (ini_file_refused(text)) return;
  std::optional<IniSection> section;
  std::string_view sub;
  bool in_sub = false;
  for_each_ini_line(text, [&](std::string_view raw, std::string_view line) {
    if (is_ini_section(line)) {
      section = ini_section(line.substr(1, line.size() - 2), file);
      in_sub = false;
      return true;
    }
    if (!section) return true;
    std::size_t eq = line.find('=');
    if (eq == 0 || eq == std::string_view::npos) return true;
    std::string_view key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (value.empty()) {
      sub = key;
      in_sub = true;
      return true;
    }
    if (in_sub && !raw.empty() && !is_space(raw.front())) in_sub = false;
    on_entry(*section, in_sub ? sub : std::string_view{}, key, value);
    return true;
  });
}

// Which sections hold the config file's profile "default": the SDK reads "[profile default]"
// instead of "[default]" when the former has any key.
inline bool ini_default_is_prefixed(std::string_view config_text) {
  bool found = false;
  for_each_ini_entry(config_text, IniFile::Config, [&](const IniSection& s, std::string_view, std::string_view, std::string_view) {
    found = found || (s.type == IniSectionType::Profile && s.name == "default");
  });
  return found;
}

// Calls `on_entry(sub, key, value)` for each entry of the profile `profile` in `text`, in file
// order (sub-section entries included, with their sub-section's name in `sub`).
template <class OnEntry>
void ini_profile_entries(std::string_view text, std::string_view profile, IniFile file, OnEntry&& on_entry) {
  const bool prefixed_default = file == IniFile::Config && profile == "default" && ini_default_is_prefixed(text);
  for_each_ini_entry(text, file, [&](const IniSection& s, std::string_view sub, std::string_view key, std::string_view value) {
    if (!ini_names_profile(s, profile, file)) return;
    if (prefixed_default && s.type != IniSectionType::Profile) return;
    on_entry(sub, key, value);
  });
}

// Calls `on_entry(sub, key, value)` for each entry of the config file's "[<type> name]" sections.
template <class OnEntry>
void ini_named_section_entries(std::string_view config_text, IniSectionType type, std::string_view name,
                               OnEntry&& on_entry) {
  for_each_ini_entry(config_text, IniFile::Config,
                     [&](const IniSection& s, std::string_view sub, std::string_view key, std::string_view value) {
                       if (s.type == type && s.name == name) on_entry(sub, key, value);
                     });
}

// The profile a section header names, or nullopt for a section that holds no profile of `file`.
// `prefixed` tells "[profile name]" from a plain "[name]".
constexpr std::optional<std::string_view> ini_section_profile(std::string_view inner, IniFile file,
                                                              bool& prefixed) noexcept {
  prefixed = false;
  auto s = ini_section(inner, file);
  if (!s) return std::nullopt;
  if (file == IniFile::Config) {
    if (s->type != IniSectionType::Profile && s->type != IniSectionType::None) return std::nullopt;
    prefixed = s->type == IniSectionType::Profile;
    return s->name;
  }
  if (s->type != IniSectionType::None) return std::nullopt;  // a profile named "prefix.name": see ini_names_profile
  return s->name;
}

// Calls `on_key(key, value)` for every top-level key of the profile `profile`, in file order (so
// the last assignment wins, as in the SDKs). Sub-section entries are skipped.
template <class OnKey>
void ini_profile_keys(std::string_view text, std::string_view profile, IniFile file, OnKey&& on_key) {
  ini_profile_entries(text, profile, file, [&](std::string_view sub, std::string_view key, std::string_view value) {
    if (sub.empty()) on_key(key, value);
  });
}

// The value of the top-level `key` in `profile`, or nullopt.
inline std::optional<std::string_view> ini_value(std::string_view text, std::string_view profile, IniFile file,
                                                 std::string_view key) {
  std::optional<std::string_view> out;
  ini_profile_keys(text, profile, file, [&](std::string_view k, std::string_view v) {
    if (k == key) out = v;
  });
  return out;
}

// Whether a section header names `profile` (an empty section counts too).
inline bool ini_has_profile(std::string_view text, std::string_view profile, IniFile file) {
  if (ini_file_refused(text)) return false;
  bool found = false;
  for_each_ini_line(text, [&](std::string_view, std::string_view line) {
    if (is_ini_section(line)) {
      auto s = ini_section(line.substr(1, line.size() - 2), file);
      found = s && ini_names_profile(*s, profile, file);
    }
    return !found;
  });
  return found;
}

}  // namespace detail

}  // namespace redrive
