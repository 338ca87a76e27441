// redrive configure list: every setting in effect and where it comes from, and the credentials the
// chain finds (the access key ID masked to its last 4 characters, never a secret).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/network_options.hpp"
#include "cli/output.hpp"
#include "cli/settings.hpp"
#include "cli/transport.hpp"
#include "redrive/call.hpp"
#include "redrive/credentials/default_chain.hpp"
#include "redrive/json_write.hpp"
#include "redrive/settings.hpp"

namespace redrive::cli {
namespace {

constexpr std::string_view configure_usage = "usage: redrive configure list [--profile NAME] [--output json]";

constexpr std::string_view configure_help =
    "Shows the settings redrive would use and where each comes from (a flag, the environment, a\n"
    "profile or the default), and the credentials the AWS SDKs' default chain finds: their source,\n"
    "the access key ID masked to its last 4 characters and their expiration. Fetching them may call\n"
    "STS, the SSO portal or a metadata service, as a real command would. Exit 4 when no credentials\n"
    "are found.\n"
    "  list                   the only subcommand\n";

struct Row {
  std::string name, value, source;
};

std::string masked(std::string_view key_id) {
  if (key_id.size() <= 4) return std::string(key_id.size(), '*');
  return std::string(key_id.size() - 4, '*') + std::string(key_id.substr(key_id.size() - 4));
}

std::string iso8601(std::chrono::sys_seconds t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long>(hms.seconds().count()));
  return buf;
}

template <class T>
std::string text_of(const T& v) {
  if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
  else if constexpr (std::is_same_v<T, int>) return std::to_string(v);
  else if constexpr (std::is_same_v<T, RetryMode>) return std::string(retry_mode_name(v));
  else if constexpr (std::is_same_v<T, std::chrono::milliseconds>) return std::to_string(v.count()) + " ms";
  else return std::string(v);
}

template <class T>
void add(std::vector<Row>& rows, std::string name, const Setting<T>& s) {
  rows.push_back({std::move(name), text_of(s.value), s.origin.text()});
}
template <class T>
void add(std::vector<Row>& rows, std::string name, const std::optional<Setting<T>>& s) {
  if (s) add(rows, std::move(name), *s);
  else rows.push_back({std::move(name), "", "not set"});
}

// Where the credentials came from, for humans: the profile (and the provider), or the environment.
std::string credentials_origin(const ProvidedCredentials& c, const CredentialsPlan& plan) {
  for (const auto& link : plan.links) {
    if (link.source != c.source) continue;
    if (!link.profile.empty() && c.source != CredentialSource::InstanceMetadata) return "profile " + link.profile;
    switch (c.source) {
      case CredentialSource::Environment: return "env AWS_ACCESS_KEY_ID";
      case CredentialSource::WebIdentity: return "env AWS_WEB_IDENTITY_TOKEN_FILE";
      case CredentialSource::Container: return "env AWS_CONTAINER_CREDENTIALS_*_URI";
      default: return "instance metadata";
    }
  }
  return "profile " + plan.profile;
}

}  // namespace

int configure(Args args) {
  auto parsed = parse_args(args, {});
  if (!parsed) return usage_error(parsed.error(), configure_usage);
  if (parsed->common.help) return print_help(configure_usage, configure_help);
  if (parsed->positional.size() != 1 || parsed->positional[0] != "list")
    return usage_error(parsed->positional.empty() ? "a subcommand is required: list"
                                                  : "unknown subcommand '" + std::string(parsed->positional[0]) + "'",
                       configure_usage);
  const CommonOptions& options = parsed->common;

  auto settings = resolve_settings(setting_flags(options));
  if (!settings) {
    complain(settings.error().message());
    return exit_usage;
  }

  std::vector<Row> rows;
  add(rows, "profile", settings->profile);
  add(rows, "region", settings->region);
  const std::string region = settings->region ? settings->region->value : std::string();
  if (region.empty()) {
    rows.push_back({"endpoint", "", "no region"});
  } else if (auto endpoint = resolve_endpoint(*settings, AwsService::Sqs, region)) {
    const auto& url = settings->endpoint_url(AwsService::Sqs);
    rows.push_back({"endpoint", endpoint->url(), url && *url ? (*url)->origin.text() : "the region's AWS endpoint"});
  } else {
    rows.push_back({"endpoint", "", endpoint.error().message()});
  }
  add(rows, "use_fips_endpoint", settings->use_fips_endpoint);
  add(rows, "use_dualstack_endpoint", settings->use_dualstack_endpoint);
  add(rows, "max_attempts", settings->max_attempts);
  add(rows, "retry_mode", settings->retry_mode);
  add(rows, "ca_bundle", settings->ca_bundle);
  add(rows, "sdk_ua_app_id", settings->app_id);

  ChainOptions chain_options;
  if (options.profile) chain_options.profile = std::string(*options.profile);
  chain_options.region = region;
  DefaultCredentialsChain chain(std::move(chain_options));
  TransportOptions transport_options;
  transport_options.timeout_ms = static_cast<long>(options.timeout_seconds * 1000);
  Transport transport(transport_options);
  auto fetch = chain.fetch();
  drive(*fetch, transport);
  const auto& credentials = fetch->outcome();
  if (credentials) {
    const std::string origin = credentials_origin(*credentials, chain.plan());
    rows.push_back({"credentials", std::string(source_name(credentials->source)), origin});
    rows.push_back({"access_key", masked(credentials->credentials.access_key_id), origin});
    const auto& expiration = credentials->credentials.expiration;
    rows.push_back({"expiration", expiration ? iso8601(*expiration) : "", expiration ? origin : "does not expire"});
  } else {
    rows.push_back({"credentials", "", "none: " + credentials.error().message()});
  }

  std::string out;
  if (options.output == OutputFormat::Json) {
    out += '{';
    bool first = true;
    for (const auto& r : rows) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, r.name);
      out += R"(:{"value":)";
      if (r.value.empty()) out += "null";
      else append_json_string(out, r.value);
      out += R"(,"source":)";
      append_json_string(out, r.source);
      out += '}';
    }
    out += '}';
    print_line(stdout, out);
  } else {
    std::size_t name_width = 4, value_width = 5;
    for (const auto& r : rows) {
      name_width = std::max(name_width, r.name.size());
      value_width = std::max(value_width, r.value.size());
    }
    auto line = [&](std::string_view a, std::string_view b, std::string_view c) {
      std::string l(a);
      l.resize(name_width + 2, ' ');
      l += b;
      l.resize(name_width + 2 + value_width + 2, ' ');
      l += c;
      print_line(stdout, l);
    };
    line("NAME", "VALUE", "SOURCE");
    for (const auto& r : rows) line(r.name, r.value.empty() ? "-" : r.value, r.source);
  }
  return credentials ? exit_ok : exit_credentials;
}

}  // namespace redrive::cli
