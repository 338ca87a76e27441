// Command-line parsing for the network commands (start, cancel, list, watch). Pure: no I/O, so
// it can be tested and fuzzed on its own.
#pragma once

#include <charconv>
#include <cmath>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace redrive::cli {

enum class OutputFormat { Text, Json };
enum class DryRun { Off, Http, Curl };

// Options every network command takes.
struct CommonOptions {
  std::optional<std::string_view> region;
  std::optional<std::string_view> profile;
  std::optional<std::string_view> endpoint_url;
  bool fips = false;
  bool dual_stack = false;
  DryRun dry_run = DryRun::Off;
  OutputFormat output = OutputFormat::Text;
  double timeout_seconds = 60;   // per HTTP attempt
  std::optional<int> max_attempts;  // overrides the retry policy's
  bool help = false;
};

// One option a command accepts beyond the common ones.
struct OptionSpec {
  std::string_view name;  // with the leading "--"
  bool takes_value;
};

struct ParsedOption {
  std::string_view name;
  std::string_view value;  // empty for a flag
};

struct ParsedArgs {
  CommonOptions common;
  std::vector<ParsedOption> options;  // the command's own, in order, each at most once
  std::vector<std::string_view> positional;

  std::optional<std::string_view> get(std::string_view name) const noexcept {
    for (const auto& o : options)
      if (o.name == name) return o.value;
    return std::nullopt;
  }
  bool has(std::string_view name) const noexcept { return get(name).has_value(); }
};

inline constexpr std::string_view common_options_help =
    "  --region REGION        AWS region (default: the queue ARN's region)\n"
    "  --profile NAME         credentials profile in the shared credentials/config files\n"
    "  --endpoint-url URL     send to this endpoint (LocalStack, ElasticMQ, a proxy, a test server)\n"
    "  --fips, --dualstack    use the FIPS and/or dual-stack AWS endpoint\n"
    "  --dry-run[=http|curl]  print the request (signed when credentials are found) instead of sending\n"
    "                         it: as HTTP/1.1 text (default) or as a curl command line\n"
    "  --output text|json     output format (default text)\n"
    "  --timeout SECONDS      time limit of one HTTP attempt (default 60)\n"
    "  --max-attempts N       attempts per request, retries included (default: the retry policy's)\n";

// A finite decimal number; the whole text must be the number.
inline bool parse_finite_double(std::string_view s, double& out) {
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && p == end && std::isfinite(out);
}

// An integer option value; the whole text must be a decimal number within long long.
inline std::optional<long long> parse_integer(std::string_view s) noexcept {
  long long v = 0;
  if (s.empty()) return std::nullopt;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end) return std::nullopt;
  return v;
}

// A positive number of seconds, fractions allowed ("2", "0.05").
inline std::optional<double> parse_seconds(std::string_view s) noexcept {
  double v = 0;
  if (!parse_finite_double(s, v) || v <= 0 || v > 86400) return std::nullopt;
  return v;
}

// Parses `args` against the common options and the command's `own` options. Accepts
// "--name value" and "--name=value"; "--" ends the options. Errors are one-line messages.
inline std::expected<ParsedArgs, std::string> parse_args(std::span<const std::string_view> args,
                                                          std::span<const OptionSpec> own) {
  ParsedArgs out;
  auto fail = [](std::string message) { return std::unexpected(std::move(message)); };
  bool seen_common[16] = {};
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--") {
      for (++i; i < args.size(); ++i) out.positional.push_back(args[i]);
      break;
    }
    if (!arg.starts_with("--") || arg.size() == 2) {
      if (arg == "-h") {
        out.common.help = true;
        continue;
      }
      if (arg.starts_with("-") && arg.size() > 1) return fail("unknown option " + std::string(arg));
      out.positional.push_back(arg);
      continue;
    }
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (auto eq = arg.find('='); eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    auto value = [&]() -> std::optional<std::string_view> {
      if (inline_value) return inline_value;
      // "--region --dry-run" is a forgotten value, not a region named "--dry-run".
      if (i + 1 < args.size() && !args[i + 1].starts_with("--")) return args[++i];
      return std::nullopt;
    };
    auto once = [&](int slot) {
      if (seen_common[slot]) return false;
      seen_common[slot] = true;
      return true;
    };
    auto needs = [&](std::string_view n) { return "option " + std::string(n) + " needs a value"; };
    auto twice = [&](std::string_view n) { return "option " + std::string(n) + " given twice"; };

    auto& c = out.common;
    if (name == "--help") {
      c.help = true;
    } else if (name == "--region" || name == "--profile" || name == "--endpoint-url") {
      int slot = name == "--region" ? 0 : name == "--profile" ? 1 : 2;
      if (!once(slot)) return fail(twice(name));
      auto v = value();
      if (!v || v->empty()) return fail(needs(name));
      (slot == 0 ? c.region : slot == 1 ? c.profile : c.endpoint_url) = *v;
    } else if (name == "--fips" || name == "--dualstack" || name == "--dual-stack") {
      if (inline_value) return fail("option " + std::string(name) + " takes no value");
      (name == "--fips" ? c.fips : c.dual_stack) = true;
    } else if (name == "--dry-run") {
      if (!once(3)) return fail(twice(name));
      std::string_view mode = inline_value.value_or("http");
      if (mode == "http") c.dry_run = DryRun::Http;
      else if (mode == "curl") c.dry_run = DryRun::Curl;
      else return fail("--dry-run takes http or curl, not '" + std::string(mode) + "'");
    } else if (name == "--output") {
      if (!once(4)) return fail(twice(name));
      auto v = value();
      if (!v) return fail(needs(name));
      if (*v == "text") c.output = OutputFormat::Text;
      else if (*v == "json") c.output = OutputFormat::Json;
      else return fail("--output takes text or json, not '" + std::string(*v) + "'");
    } else if (name == "--timeout") {
      if (!once(5)) return fail(twice(name));
      auto v = value();
      if (!v) return fail(needs(name));
      auto s = parse_seconds(*v);
      if (!s) return fail("--timeout needs a number of seconds in (0, 86400], not '" + std::string(*v) + "'");
      c.timeout_seconds = *s;
    } else if (name == "--max-attempts") {
      if (!once(6)) return fail(twice(name));
      auto v = value();
      if (!v) return fail(needs(name));
      auto n = parse_integer(*v);
      if (!n || *n < 1 || *n > 20) return fail("--max-attempts needs an integer from 1 to 20, not '" + std::string(*v) + "'");
      c.max_attempts = static_cast<int>(*n);
    } else {
      const OptionSpec* spec = nullptr;
      for (const auto& s : own)
        if (s.name == name) spec = &s;
      if (!spec) return fail("unknown option " + std::string(name));
      if (out.has(name)) return fail(twice(name));
      if (!spec->takes_value) {
        if (inline_value) return fail("option " + std::string(name) + " takes no value");
        out.options.push_back({spec->name, {}});
      } else {
        auto v = value();
        if (!v) return fail(needs(name));
        out.options.push_back({spec->name, *v});
      }
    }
  }
  return out;
}

}  // namespace redrive::cli
