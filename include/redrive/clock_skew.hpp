// Clock skew correction as the AWS SDKs do it: every response's Date header is compared with the
// caller's clock plus the current offset, and a difference of 5 minutes or more replaces the offset
// with the server's time minus the caller's. Requests are then signed at now + offset.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace redrive {

using Milliseconds = std::chrono::milliseconds;
// A point in time as the call path sees it: wall-clock (system_clock) milliseconds, passed in by the
// caller.
using CallTime = std::chrono::sys_time<Milliseconds>;

inline constexpr Milliseconds clock_skew_threshold{std::chrono::minutes{5}};

// An HTTP date in the IMF-fixdate form every server sends ("Tue, 01 Dec 2026 21:47:42 GMT"), or
// nullopt for anything else.
[[nodiscard]] constexpr std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view s) noexcept {
  if (s.size() != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT")
    return std::nullopt;
  auto number = [&](std::size_t at, std::size_t n) -> int {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  constexpr std::string_view months = "JanFebMarAprMayJunJulAugSepOctNovDec";
  std::size_t month = 0;
  while (month < 12 && months.substr(month * 3, 3) != s.substr(8, 3)) ++month;
  const int day = number(5, 2), year = number(12, 4), hour = number(17, 2), minute = number(20, 2),
            second = number(23, 2);
  if (month == 12 || day < 1 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
      second > 60)
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month + 1)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days{date} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second};
}

// The offset to use after a response whose Date said `server_time`, received at `now` (the
// caller's clock) while the offset was `offset`: unchanged unless now + offset is 5 minutes or
// more away from the server's time, then server_time - now.
[[nodiscard]] constexpr Milliseconds updated_clock_offset(std::chrono::sys_seconds server_time, CallTime now,
                                                          Milliseconds offset) noexcept {
  const Milliseconds gap = (now + offset) - CallTime{server_time};
  if (gap < clock_skew_threshold && -gap < clock_skew_threshold) return offset;
  return CallTime{server_time} - now;
}

}  // namespace redrive
