// Command-line parsing for the network commands (start, cancel, list, watch): the common options
// and each command's own, by name. Pure: no I/O, so it can be tested and fuzzed on its own.
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

#include "redrive/retry.hpp"

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
  std::optional<double> connect_timeout_seconds;  // else the transport's
  std::optional<std::string_view> ca_bundle;      // else AWS_CA_BUNDLE, else the system's CAs
  std::optional<RetryMode> retry_mode;            // else AWS_RETRY_MODE, else standard
  bool show_secrets = false;  // only with --dry-run=curl: print the session token
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
    "  --max-attempts N       attempts per request, retries included (default: the retry policy's)\n"
    "  --retry-mode MODE      standard, or adaptive: also paces requests once the service throttles\n"
    "                         them (default: AWS_RETRY_MODE, else standard)\n"
    "  --connect-timeout SECONDS\n"
    "                         time limit of connecting (default 10)\n"
    "  --ca-bundle FILE       CA certificates to verify TLS with (default: AWS_CA_BUNDLE, else the system's)\n"
    "  --show-secrets         with --dry-run=curl: print the session token instead of <redacted>\n"
    "  AWS_SDK_UA_APP_ID=ID   (environment) adds app/ID to the User-Agent of every request\n";

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

// ---- the common options ------------------------------------------------------------------------

// How an option takes its value: none (a flag), "--name value" or "--name=value", or only
// "--name=value" and optionally ("--dry-run", "--dry-run=curl").
enum class OptionValue { None, Required, InlineOnly };

// One of the options every network command takes: how it takes its value, whether giving it twice
// is an error, and what it sets. `apply` gets the value (none for a flag, or an absent inline
// value) and returns what is wrong with it, if anything.
struct CommonOptionSpec {
  std::string_view name;
  OptionValue value;
  bool once;
  std::optional<std::string> (*apply)(CommonOptions&, std::string_view name, std::optional<std::string_view> value);
};

inline std::string option_needs_value(std::string_view name) { return "option " + std::string(name) + " needs a value"; }

// --region, --profile, --endpoint-url: a non-empty text.
template <std::optional<std::string_view> CommonOptions::*member>
std::optional<std::string> set_text(CommonOptions& c, std::string_view name, std::optional<std::string_view> v) {
  if (!v || v->empty()) return option_needs_value(name);
  c.*member = *v;
  return std::nullopt;
}

template <bool CommonOptions::*member>
std::optional<std::string> set_flag(CommonOptions& c, std::string_view, std::optional<std::string_view>) {
  c.*member = true;
  return std::nullopt;
}

inline std::optional<std::string> set_dry_run(CommonOptions& c, std::string_view, std::optional<std::string_view> v) {
  std::string_view mode = v.value_or("http");
  if (mode == "http") c.dry_run = DryRun::Http;
  else if (mode == "curl") c.dry_run = DryRun::Curl;
  else return "--dry-run takes http or curl, not '" + std::string(mode) + "'";
  return std::nullopt;
}

inline std::optional<std::string> set_output(CommonOptions& c, std::string_view, std::optional<std::string_view> v) {
  if (*v == "text") c.output = OutputFormat::Text;
  else if (*v == "json") c.output = OutputFormat::Json;
  else return "--output takes text or json, not '" + std::string(*v) + "'";
  return std::nullopt;
}

inline std::optional<std::string> set_timeout(CommonOptions& c, std::string_view, std::optional<std::string_view> v) {
  auto s = parse_seconds(*v);
  if (!s) return "--timeout needs a number of seconds in (0, 86400], not '" + std::string(*v) + "'";
  c.timeout_seconds = *s;
  return std::nullopt;
}

inline std::optional<std::string> set_max_attempts(CommonOptions& c, std::string_view, std::optional<std::string_view> v) {
  auto n = parse_integer(*v);
  if (!n || *n < 1 || *n > 20) return "--max-attempts needs an integer from 1 to 20, not '" + std::string(*v) + "'";
  c.max_attempts = static_cast<int>(*n);
  return std::nullopt;
}

inline std::optional<std::string> set_connect_timeout(CommonOptions& c, std::string_view, std::optional<std::string_view> v) {
  auto s = parse_seconds(*v);
  if (!s) return "--connect-timeout needs a number of seconds in (0, 86400], not '" + std::string(*v) + "'";
  c.connect_timeout_seconds = *s;
  return std::nullopt;
}

inline std::optional<std::string> set_retry_mode(CommonOptions& c, std::string_view, std::optional<std::string_view> v) {
  c.retry_mode = parse_retry_mode(*v);
  if (!c.retry_mode) return "--retry-mode takes standard or adaptive, not '" + std::string(*v) + "'";
  return std::nullopt;
}

// The common options, as common_options_help lists them (--help and -h aside).
inline constexpr CommonOptionSpec common_option_specs[] = {
    {"--region", OptionValue::Required, true, set_text<&CommonOptions::region>},
    {"--profile", OptionValue::Required, true, set_text<&CommonOptions::profile>},
    {"--endpoint-url", OptionValue::Required, true, set_text<&CommonOptions::endpoint_url>},
    {"--fips", OptionValue::None, false, set_flag<&CommonOptions::fips>},
    {"--dualstack", OptionValue::None, false, set_flag<&CommonOptions::dual_stack>},
    {"--dual-stack", OptionValue::None, false, set_flag<&CommonOptions::dual_stack>},
    {"--dry-run", OptionValue::InlineOnly, true, set_dry_run},
    {"--output", OptionValue::Required, true, set_output},
    {"--timeout", OptionValue::Required, true, set_timeout},
    {"--max-attempts", OptionValue::Required, true, set_max_attempts},
    {"--retry-mode", OptionValue::Required, true, set_retry_mode},
    {"--connect-timeout", OptionValue::Required, true, set_connect_timeout},
    {"--ca-bundle", OptionValue::Required, true, set_text<&CommonOptions::ca_bundle>},
    {"--show-secrets", OptionValue::None, false, set_flag<&CommonOptions::show_secrets>},
};

// ---- parsing ------------------------------------------------------------------------------------

// Parses `args` against the common options and the command's `own` options. Accepts
// "--name value" and "--name=value"; "--" ends the options. Errors are one-line messages.
inline std::expected<ParsedArgs, std::string> parse_args(std::span<const std::string_view> args,
                                                          std::span<const OptionSpec> own) {
  ParsedArgs out;
  auto fail = [](std::string message) { return std::unexpected(std::move(message)); };
  std::vector<std::string_view> seen;  // the options that may be given once, as they come
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
    if (name == "--help") {
      out.common.help = true;
      continue;
    }

    const CommonOptionSpec* common = nullptr;
    for (const auto& spec : common_option_specs)
      if (spec.name == name) common = &spec;
    const OptionSpec* own_spec = nullptr;
    if (!common)
      for (const auto& spec : own)
        if (spec.name == name) own_spec = &spec;
    if (!common && !own_spec) return fail("unknown option " + std::string(name));
    const std::string_view spelled = common ? common->name : own_spec->name;
    const OptionValue kind = common ? common->value : own_spec->takes_value ? OptionValue::Required : OptionValue::None;

    if (!common || common->once) {
      for (std::string_view s : seen)
        if (s == spelled) return fail("option " + std::string(name) + " given twice");
      seen.push_back(spelled);
    }
    std::optional<std::string_view> value;
    switch (kind) {
      case OptionValue::None:
        if (inline_value) return fail("option " + std::string(name) + " takes no value");
        break;
      case OptionValue::Required:
        // "--region --dry-run" is a forgotten value, not a region named "--dry-run".
        if (inline_value) value = inline_value;
        else if (i + 1 < args.size() && !args[i + 1].starts_with("--")) value = args[++i];
        else return fail(option_needs_value(name));
        break;
      case OptionValue::InlineOnly: value = inline_value; break;
    }
    if (common) {
      if (auto problem = common->apply(out.common, name, value)) return fail(std::move(*problem));
    } else {
      out.options.push_back({own_spec->name, value.value_or(std::string_view())});
    }
  }
  // Secrets are printed only where asked for explicitly, in the form that needs them to work.
  if (out.common.show_secrets && !out.common.help &&
      (out.common.dry_run != DryRun::Curl || out.common.output != OutputFormat::Text))
    return fail("--show-secrets works only with --dry-run=curl (and text output)");
  return out;
}

}  // namespace redrive::cli
