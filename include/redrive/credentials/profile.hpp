// A named section of the shared files, read whole: a profile (its keys from both files), an
// [sso-session NAME] or a [services NAME] section of the config file. Owns copies of its values,
// zeroed when freed (a profile may hold a secret access key).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redrive/credentials/ini.hpp"
#include "redrive/detail/lifetime.hpp"
#include "redrive/secret.hpp"

namespace redrive {

// The shared file a value was read from.
enum class ProfileFile : std::uint8_t { Credentials, Config };

enum class SectionKind : std::uint8_t {
  Profile,     // [name] in the credentials file, [profile name] (or [default]) in the config file
  SsoSession,  // [sso-session name] in the config file
  Services,    // [services name] in the config file
};

struct ProfileValue {
  std::string_view value;
  ProfileFile file;
  bool operator==(const ProfileValue&) const = default;
};

class Profile {
 public:
  Profile() = default;

  // The profile `name` from the text of both files. A key of a sub-section ("s3 =" followed by
  // indented "name = value" lines) is "s3.name", as the SDK flattens it.
  [[nodiscard]] static Profile read(std::string_view name, std::string_view credentials_text, std::string_view config_text) {
    Profile p(SectionKind::Profile, name);
    auto add = [&p](ProfileFile file) {
      return [&p, file](std::string_view sub, std::string_view key, std::string_view value) { p.add(file, sub, key, value); };
    };
    detail::ini_profile_entries(credentials_text, name, detail::IniFile::Credentials, add(ProfileFile::Credentials));
    detail::ini_profile_entries(config_text, name, detail::IniFile::Config, add(ProfileFile::Config));
    return p;
  }

  // The [sso-session name] or [services name] section of the config file.
  [[nodiscard]] static Profile read_section(SectionKind kind, std::string_view name, std::string_view config_text) {
    Profile p(kind, name);
    if (kind == SectionKind::Profile) return read(name, {}, config_text);
    auto type = kind == SectionKind::SsoSession ? detail::IniSectionType::SsoSession : detail::IniSectionType::Services;
    detail::ini_named_section_entries(config_text, type, name, [&p](std::string_view sub, std::string_view key, std::string_view value) {
      p.add(ProfileFile::Config, sub, key, value);
    });
    return p;
  }

  [[nodiscard]] std::string_view name() const noexcept REDRIVE_LIFETIME_BOUND { return name_; }
  [[nodiscard]] SectionKind kind() const noexcept { return kind_; }
  // Whether the section has a key in either file: the SDK knows no section without one.
  [[nodiscard]] bool exists() const noexcept { return !entries_.empty(); }

  // The value of `key`; for a profile present in both files, the credentials file's wins (the
  // rule of the SDK's credential providers).
  [[nodiscard]] std::optional<std::string_view> get(std::string_view key) const noexcept REDRIVE_LIFETIME_BOUND {
    auto v = find(key);
    return v ? std::optional<std::string_view>(v->value) : std::nullopt;
  }

  // The value of `key` and the file it is in, the `preferred` file winning when both have it
  // (the SDK's client settings prefer the config file, the region the credentials file).
  [[nodiscard]] std::optional<ProfileValue> find(std::string_view key,
                                                 ProfileFile preferred = ProfileFile::Credentials) const noexcept
      REDRIVE_LIFETIME_BOUND {
    std::optional<ProfileValue> other;
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
      if (it->key != key) continue;
      if (it->file == preferred) return ProfileValue{it->value.text, it->file};
      if (!other) other = ProfileValue{it->value.text, it->file};
    }
    return other;
  }

  // Every key and its value (preferring `preferred`), once each, in the order first seen.
  template <class OnKey>
  void for_each(OnKey&& on_key, ProfileFile preferred = ProfileFile::Credentials) const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      bool seen = false;
      for (std::size_t j = 0; j < i && !seen; ++j) seen = entries_[j].key == entries_[i].key;
      if (!seen) on_key(std::string_view(entries_[i].key), *find(entries_[i].key, preferred));
    }
  }

 private:
  struct Entry {
    std::string key;
    detail::WipedString value;
    ProfileFile file;
  };

  Profile(SectionKind kind, std::string_view name) : name_(name), kind_(kind) {}

  void add(ProfileFile file, std::string_view sub, std::string_view key, std::string_view value) {
    std::string k;
    if (!sub.empty()) {
      k.reserve(sub.size() + 1 + key.size());
      k += sub;
      k += '.';
    }
    k += key;
    entries_.push_back(Entry{std::move(k), detail::WipedString(value), file});
  }

  std::string name_;
  SectionKind kind_ = SectionKind::Profile;
  std::vector<Entry> entries_;  // in the order read: the credentials file's, then the config file's
};

}  // namespace redrive
