// The CLI's argument parser (tools/cli/args.hpp).
#include <doctest/doctest.h>

#include <string_view>
#include <vector>

#include "../tools/cli/args.hpp"

using namespace redrive::cli;

namespace {
constexpr OptionSpec start_options[] = {{"--source", true}, {"--rate", true}, {"--wait", false}};

auto parse(std::vector<std::string_view> args) { return parse_args(args, start_options); }
}  // namespace

TEST_CASE("common options: defaults") {
  auto p = parse({});
  REQUIRE(p);
  CHECK(!p->common.region);
  CHECK(!p->common.profile);
  CHECK(!p->common.endpoint_url);
  CHECK(p->common.dry_run == DryRun::Off);
  CHECK(p->common.output == OutputFormat::Text);
  CHECK(p->common.timeout_seconds == 60);
  CHECK(!p->common.max_attempts);
  CHECK(!p->common.help);
}

TEST_CASE("common options: values, both spellings") {
  auto p = parse({"--region", "eu-west-1", "--profile=ci", "--endpoint-url", "http://127.0.0.1:4566", "--output",
                  "json", "--timeout=2.5", "--max-attempts", "5", "--fips", "--dualstack"});
  REQUIRE(p);
  CHECK(*p->common.region == "eu-west-1");
  CHECK(*p->common.profile == "ci");
  CHECK(*p->common.endpoint_url == "http://127.0.0.1:4566");
  CHECK(p->common.output == OutputFormat::Json);
  CHECK(p->common.timeout_seconds == 2.5);
  CHECK(*p->common.max_attempts == 5);
  CHECK(p->common.fips);
  CHECK(p->common.dual_stack);
}

TEST_CASE("--dry-run modes") {
  CHECK(parse({"--dry-run"})->common.dry_run == DryRun::Http);
  CHECK(parse({"--dry-run=http"})->common.dry_run == DryRun::Http);
  CHECK(parse({"--dry-run=curl"})->common.dry_run == DryRun::Curl);
  CHECK(!parse({"--dry-run=wget"}));
  // --dry-run takes no separate value: what follows stays an argument.
  auto p = parse({"--dry-run", "curl"});
  REQUIRE(p);
  CHECK(p->common.dry_run == DryRun::Http);
  CHECK(p->positional == std::vector<std::string_view>{"curl"});
}

TEST_CASE("command options, flags and positionals") {
  auto p = parse({"HANDLE", "--source", "arn:x", "--wait", "--rate=5", "--", "--not-an-option"});
  REQUIRE(p);
  CHECK(*p->get("--source") == "arn:x");
  CHECK(*p->get("--rate") == "5");
  CHECK(p->has("--wait"));
  CHECK(p->get("--wait")->empty());
  CHECK(!p->has("--destination"));
  CHECK(p->positional == std::vector<std::string_view>{"HANDLE", "--not-an-option"});
}

TEST_CASE("-h and --help") {
  CHECK(parse({"-h"})->common.help);
  CHECK(parse({"--source", "x", "--help"})->common.help);
}

TEST_CASE("errors are one-line messages") {
  auto check_error = [](std::vector<std::string_view> args, std::string_view expected) {
    auto p = parse(args);
    REQUIRE_FALSE(p);
    CHECK(p.error() == expected);
  };
  check_error({"--bogus"}, "unknown option --bogus");
  check_error({"-x"}, "unknown option -x");
  check_error({"--source"}, "option --source needs a value");
  check_error({"--region"}, "option --region needs a value");
  check_error({"--region="}, "option --region needs a value");
  check_error({"--region", "--dry-run"}, "option --region needs a value");  // a forgotten value
  check_error({"--source", "a", "--source", "b"}, "option --source given twice");
  check_error({"--region", "a", "--region=b"}, "option --region given twice");
  check_error({"--wait=yes"}, "option --wait takes no value");
  check_error({"--fips=1"}, "option --fips takes no value");
  check_error({"--output", "yaml"}, "--output takes text or json, not 'yaml'");
  check_error({"--timeout", "0"}, "--timeout needs a number of seconds in (0, 86400], not '0'");
  check_error({"--timeout", "nan"}, "--timeout needs a number of seconds in (0, 86400], not 'nan'");
  check_error({"--max-attempts", "0"}, "--max-attempts needs an integer from 1 to 20, not '0'");
  check_error({"--max-attempts", "3x"}, "--max-attempts needs an integer from 1 to 20, not '3x'");
}

TEST_CASE("parse_integer and parse_seconds") {
  CHECK(parse_integer("42") == 42);
  CHECK(parse_integer("-7") == -7);
  CHECK(!parse_integer(""));
  CHECK(!parse_integer("4 2"));
  CHECK(!parse_integer("+4"));
  CHECK(!parse_integer("99999999999999999999"));
  CHECK(parse_seconds("0.05") == 0.05);
  CHECK(parse_seconds("2") == 2.0);
  CHECK(!parse_seconds("0"));
  CHECK(!parse_seconds("-1"));
  CHECK(!parse_seconds("inf"));
  CHECK(!parse_seconds("1e9"));
  CHECK(!parse_seconds("2s"));
}

TEST_CASE("--retry-mode, --connect-timeout, --ca-bundle") {
  auto p = parse({"--retry-mode", "adaptive", "--connect-timeout=0.5", "--ca-bundle", "/etc/ca.pem"});
  REQUIRE(p);
  CHECK(p->common.retry_mode == redrive::RetryMode::Adaptive);
  CHECK(p->common.connect_timeout_seconds == 0.5);
  CHECK(p->common.ca_bundle == std::optional<std::string_view>("/etc/ca.pem"));
  CHECK(parse({"--retry-mode=standard"})->common.retry_mode == redrive::RetryMode::Standard);
  auto d = parse({});
  CHECK(!d->common.retry_mode);
  CHECK(!d->common.connect_timeout_seconds);
  CHECK(!d->common.ca_bundle);
  CHECK(!d->common.show_secrets);

  CHECK(parse({"--retry-mode", "legacy"}).error() == "--retry-mode takes standard or adaptive, not 'legacy'");
  CHECK(!parse({"--retry-mode", "Adaptive"}));
  CHECK(!parse({"--retry-mode", "adaptive", "--retry-mode", "standard"}));
  CHECK(!parse({"--connect-timeout", "0"}));
  CHECK(!parse({"--connect-timeout", "-1"}));
  CHECK(!parse({"--connect-timeout", "abc"}));
  CHECK(!parse({"--ca-bundle="}));
  CHECK(!parse({"--ca-bundle"}));
}

TEST_CASE("--show-secrets: only with --dry-run=curl and text output") {
  auto p = parse({"--dry-run=curl", "--show-secrets"});
  REQUIRE(p);
  CHECK(p->common.show_secrets);
  CHECK(parse({"--show-secrets", "--dry-run=curl"}));  // in any order
  const std::string why = "--show-secrets works only with --dry-run=curl (and text output)";
  CHECK(parse({"--show-secrets"}).error() == why);
  CHECK(parse({"--show-secrets", "--dry-run"}).error() == why);
  CHECK(parse({"--show-secrets", "--dry-run=http"}).error() == why);
  CHECK(parse({"--show-secrets", "--dry-run=curl", "--output", "json"}).error() == why);
  CHECK(!parse({"--show-secrets=yes", "--dry-run=curl"}));
  CHECK(parse({"--show-secrets", "--help"})->common.help);  // help still shows
}
