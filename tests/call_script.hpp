// A scripted transport and a fake clock, to drive the call path's state machines without a network
// or sleeping.
#pragma once

#include <redrive/call.hpp>

#include <chrono>
#include <deque>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace test {

using Answer = std::expected<redrive::ReceivedResponse, redrive::TransportError>;

// "Tue, 01 Dec 2026 21:47:42 GMT" for a time.
inline std::string http_date(redrive::CallTime t) {
  static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::seconds>(t - day)};
  const std::chrono::weekday wd{day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02ld:%02ld:%02ld GMT", days[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), months[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()));
  return buf;
}

inline redrive::ReceivedResponse response(int status, std::string_view body,
                                          std::vector<redrive::Header> headers = {}) {
  headers.push_back({"x-amzn-requestid", "req-" + std::to_string(status)});
  return redrive::ReceivedResponse(status, std::move(headers), body);
}

inline redrive::ReceivedResponse error_response(int status, std::string_view name, std::string_view message = "no",
                                                std::vector<redrive::Header> headers = {}) {
  std::string body = R"({"__type":"com.amazonaws.sqs#)" + std::string(name) + R"(","message":")" +
                     std::string(message) + R"("})";
  headers.push_back({"x-amzn-query-error", std::string(name) + ";Sender"});
  return response(status, body, std::move(headers));
}

// Time stands still unless someone sleeps; each answer takes `latency`.
struct FakeClock {
  redrive::CallTime t = redrive::CallTime{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}} +
                        std::chrono::hours{12};
  std::vector<redrive::Milliseconds> sleeps;
  redrive::CallTime now() const { return t; }
  void sleep_until(redrive::CallTime until) {
    sleeps.push_back(until - t);
    if (until > t) t = until;
  }
};

// Answers requests from a script, in order, and records what was sent.
struct ScriptedTransport {
  std::deque<Answer> script;
  std::vector<redrive::HttpRequest> sent;
  FakeClock* clock = nullptr;
  redrive::Milliseconds latency{0};

  Answer operator()(const redrive::HttpRequest& request) {
    sent.push_back(request);
    if (clock) clock->t += latency;
    if (script.empty()) return std::unexpected(redrive::TransportError{redrive::TransportFailure::Connection, "script ended"});
    Answer next = std::move(script.front());
    script.pop_front();
    return next;
  }
};

// A FakeClock the drivers take by const reference (sleep_until mutates through the pointer).
struct ClockRef {
  FakeClock* clock;
  redrive::CallTime now() const { return clock->now(); }
  void sleep_until(redrive::CallTime t) const { clock->sleep_until(t); }
};

}  // namespace test
