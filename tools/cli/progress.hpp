// Progress of a message move task for `redrive watch`: the bar and plain line renderings of what
// the library's TaskFollower measured. Pure: no I/O, no clock.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "redrive/watch.hpp"

namespace redrive::cli {

// "45s", "3m05s", "2h07m"; "?" for a negative or non-finite value.
inline std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  auto s = static_cast<long long>(std::llround(seconds));
  char buf[48];
  if (s < 60) std::snprintf(buf, sizeof buf, "%llds", s);
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  return buf;
}

struct ProgressState {
  std::string_view status;              // RUNNING, COMPLETED, ...
  std::int64_t moved = 0;
  std::optional<std::int64_t> to_move;  // absent until the task is selected to start
  std::optional<double> rate;           // messages per second
};

// "12/25 (48%)  10.0 msg/s  ETA 1s": what both lines show after their start.
inline std::string counts_rate_eta(const ProgressState& p) {
  char buf[160];
  std::string out;
  if (p.to_move) {
    double pct = *p.to_move > 0 ? 100.0 * static_cast<double>(p.moved) / static_cast<double>(*p.to_move) : 100.0;
    if (pct > 100) pct = 100;
    std::snprintf(buf, sizeof buf, "%lld/%lld (%.0f%%)", static_cast<long long>(p.moved),
                  static_cast<long long>(*p.to_move), pct);
  } else {
    std::snprintf(buf, sizeof buf, "%lld/?", static_cast<long long>(p.moved));
  }
  out += buf;
  if (p.rate) {
    std::snprintf(buf, sizeof buf, "  %.1f msg/s", *p.rate);
    out += buf;
  }
  if (auto eta = TaskProgress::eta(p.to_move, p.moved, p.rate); eta && p.status == "RUNNING") out += "  ETA " + format_duration(*eta);
  return out;
}

// A terminal line: "[#########...........] 12/25 (48%)  10.0 msg/s  ETA 1s  RUNNING".
inline std::string progress_bar_line(const ProgressState& p, int width = 30) {
  if (width < 1) width = 1;
  int filled = 0;
  if (p.to_move && *p.to_move > 0) {
    double f = static_cast<double>(p.moved) / static_cast<double>(*p.to_move);
    if (f > 1) f = 1;
    if (f < 0) f = 0;
    filled = static_cast<int>(f * width);
  } else if (p.to_move) {
    filled = width;
  }
  std::string out = "[";
  out.append(static_cast<std::size_t>(filled), '#');
  out.append(static_cast<std::size_t>(width - filled), '.');
  out += "] ";
  out += counts_rate_eta(p);
  out += "  ";
  out += p.status;
  return out;
}

// A plain line for logs and pipes: "RUNNING 12/25 (48%)  10.0 msg/s  ETA 1s".
inline std::string progress_plain_line(const ProgressState& p) {
  std::string out(p.status);
  out += ' ';
  out += counts_rate_eta(p);
  return out;
}

}  // namespace redrive::cli
