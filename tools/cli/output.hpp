// What the commands print besides their results: the exit codes, messages on stderr, usage and
// validation errors.
#pragma once

#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "redrive/error.hpp"

namespace redrive::cli {

// Exit codes of the network commands (documented in --help and the README).
enum ExitCode : int {
  exit_ok = 0,
  exit_service = 1,      // the service answered with an error; watch: the task FAILED or was CANCELLED
  exit_usage = 2,        // bad arguments or values; nothing was sent
  exit_transport = 3,    // no HTTP response (DNS, connect, TLS, timeout), or built without libcurl
  exit_credentials = 4,  // no usable credentials, or signing failed
};

inline constexpr std::string_view exit_codes_help =
    "exit codes:\n"
    "  0  success (watch: the task COMPLETED)\n"
    "  1  the service answered with an error (after retries), or the watched task FAILED or was CANCELLED\n"
    "  2  usage or validation error; nothing was sent\n"
    "  3  transport error: no HTTP response (DNS, connection, TLS, timeout), or built without libcurl\n"
    "  4  credentials error: none found, the profile is unusable, or signing failed\n";

inline void print_line(std::FILE* to, std::string_view s) {
  std::fwrite(s.data(), 1, s.size(), to);
  std::fputc('\n', to);
}

inline void warn(std::string_view s) {
  std::string line = "redrive: warning: ";
  line += s;
  print_line(stderr, line);
}

inline void complain(std::string_view s) {
  std::string line = "redrive: ";
  line += s;
  print_line(stderr, line);
}

// A usage problem: the message, then the command's usage line, exit 2.
inline int usage_error(std::string_view message, std::string_view usage) {
  complain(message);
  std::fprintf(stderr, "%.*s\nRun with --help for details.\n", static_cast<int>(usage.size()), usage.data());
  return exit_usage;
}

// A validation error with the input and a caret under the offending byte, exit 2.
inline int validation_error(const Error& e, std::string_view input) {
  print_line(stderr, render(e, input));
  return exit_usage;
}

// For a command that takes no arguments (encode, decode, sign): when it was given some, prints
// `usage` (on stdout when the first one is --help or -h, on stderr otherwise) and returns the exit
// code, 0 for help and 2 otherwise.
inline std::optional<int> refuse_arguments(std::span<const std::string_view> args, std::string_view usage) {
  if (args.empty()) return std::nullopt;
  const bool help = args.front() == "--help" || args.front() == "-h";
  std::fwrite(usage.data(), 1, usage.size(), help ? stdout : stderr);
  return help ? exit_ok : exit_usage;
}

}  // namespace redrive::cli
