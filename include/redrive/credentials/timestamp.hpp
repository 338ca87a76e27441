// Expiration times as the credential services write them: ISO 8601 / RFC 3339
// ("2026-12-02T03:04:05Z", with optional fractional seconds and a numeric offset).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

namespace redrive {

// The instant `s` names (fractions of a second dropped), or nullopt for anything else. Accepts
// "T" or "t" or a space between date and time, and "Z", "z" or "+HH:MM"/"-HH:MM" after it.
[[nodiscard]] constexpr std::optional<std::chrono::sys_seconds> parse_iso8601(std::string_view s) noexcept {
  auto number = [&](std::size_t at, std::size_t n) -> int {
    if (at + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' ||
      s[16] != ':')
    return std::nullopt;
  const int year = number(0, 4), month = number(5, 2), day = number(8, 2), hour = number(11, 2),
            minute = number(14, 2), second = number(17, 2);
  if (year < 0 || month < 1 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
      second > 60)
    return std::nullopt;
  std::size_t i = 19;
  if (s[i] == '.') {
    std::size_t digits = 0;
    while (++i < s.size() && s[i] >= '0' && s[i] <= '9') ++digits;
    if (digits == 0) return std::nullopt;
  }
  std::chrono::minutes offset{0};
  const std::string_view zone = s.substr(i);
  if (zone == "Z" || zone == "z") {
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const int oh = number(i + 1, 2), om = number(i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
    offset = std::chrono::minutes{oh * 60 + om};
    if (zone[0] == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days{date} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second} - offset;
}

}  // namespace redrive
