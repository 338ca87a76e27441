// The default chain run end to end with a scripted transport: which provider answers, what it
// sends, and which error ends the chain.
#include <doctest/doctest.h>

#include <redrive/credentials/default_chain.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "call_script.hpp"

using namespace redrive;
using test::response;

namespace {

struct Scratch {
  std::filesystem::path dir;
  std::map<std::string, std::string> vars;

  Scratch() {
    char name[] = "/tmp/redrive-chain-XXXXXX";
    dir = mkdtemp(name);
    vars["HOME"] = dir.string();
  }
  ~Scratch() { std::filesystem::remove_all(dir); }

  void write(const std::string& relative, const std::string& text) {
    std::filesystem::create_directories((dir / relative).parent_path());
    std::ofstream(dir / relative) << text;
  }
  GetEnv env() const {
    return [this](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

std::string sts_answer(std::string_view key_id) {
  return "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>" + std::string(key_id) +
         "</AccessKeyId><SecretAccessKey>sts-secret</SecretAccessKey><SessionToken>sts-token</SessionToken>"
         "<Expiration>2026-12-01T13:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
}

struct Run {
  CredentialsFetch::Outcome outcome;
  std::vector<HttpRequest> sent;
};

Run run(Scratch& s, test::ScriptedTransport transport = {}, ChainOptions options = {}) {
  options.env = s.env();
  options.seed = 1;
  if (options.region.empty()) options.region = "eu-west-1";
  DefaultCredentialsChain chain(std::move(options));
  auto fetch = chain.fetch();
  test::FakeClock clock;
  transport.clock = &clock;
  drive(*fetch, transport, test::ClockRef{&clock});
  return {fetch->outcome(), transport.sent};
}

}  // namespace

TEST_CASE("environment keys: no request at all") {
  Scratch s;
  s.vars["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  s.vars["AWS_SECRET_ACCESS_KEY"] = "secret";
  auto r = run(s);
  REQUIRE(r.outcome);
  CHECK(r.outcome->credentials.access_key_id == "AKIAENV");
  CHECK(r.outcome->source == CredentialSource::Environment);
  CHECK(r.sent.empty());
}

TEST_CASE("a role profile: AssumeRole at the configured STS endpoint, signed with the source profile's keys") {
  Scratch s;
  s.write(".aws/config", "[profile app]\nrole_arn = arn:aws:iam::111122223333:role/app\nsource_profile = base\n"
                         "role_session_name = me\n[profile base]\naws_access_key_id = AKIABASE\n"
                         "aws_secret_access_key = base-secret\n");
  s.vars["AWS_PROFILE"] = "app";
  s.vars["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:9911";
  test::ScriptedTransport t;
  t.script.push_back(response(200, sts_answer("ASIAAPP")));
  auto r = run(s, std::move(t));
  REQUIRE(r.outcome);
  CHECK(r.outcome->credentials.access_key_id == "ASIAAPP");
  CHECK(r.outcome->credentials.session_token.reveal() == "sts-token");
  CHECK(r.outcome->credentials.expiration == parse_iso8601("2026-12-01T13:00:00Z"));
  CHECK(r.outcome->source == CredentialSource::AssumeRole);
  REQUIRE(r.sent.size() == 1);
  CHECK(r.sent[0].host == "127.0.0.1:9911");
  CHECK(r.sent[0].body.find("RoleSessionName=me") != std::string::npos);
  const auto auth = std::string(r.sent[0].header("authorization").value_or(""));
  CHECK(auth.find("Credential=AKIABASE/20261201/eu-west-1/sts/aws4_request") != std::string::npos);
}

TEST_CASE("the role's own region is STS's; without an override, the regional STS endpoint") {
  Scratch s;
  s.write(".aws/config", "[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\nregion = ap-southeast-2\n");
  s.vars["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  s.vars["AWS_SECRET_ACCESS_KEY"] = "secret";
  test::ScriptedTransport t;
  t.script.push_back(response(200, sts_answer("ASIAR")));
  auto r = run(s, std::move(t));
  // Environment keys come first in the chain when no profile is named.
  REQUIRE(r.outcome);
  CHECK(r.outcome->credentials.access_key_id == "AKIAENV");

  s.vars["AWS_PROFILE"] = "default";
  test::ScriptedTransport t2;
  t2.script.push_back(response(200, sts_answer("ASIAR")));
  auto named = run(s, std::move(t2));
  REQUIRE(named.outcome);
  CHECK(named.outcome->credentials.access_key_id == "ASIAR");
  REQUIRE(named.sent.size() == 1);
  CHECK(named.sent[0].host == "sts.ap-southeast-2.amazonaws.com");
}

TEST_CASE("an STS error ends the chain: instance metadata is not tried") {
  Scratch s;
  s.write(".aws/credentials", "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = s\n");
  s.write(".aws/config", "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n");
  s.vars["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:9911";
  test::ScriptedTransport t;
  t.script.push_back(response(403,
                              "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not "
                              "allowed</Message></Error></ErrorResponse>"));
  auto r = run(s, std::move(t));
  REQUIRE_FALSE(r.outcome);
  CHECK(r.outcome.error().code == CredentialsErrc::AssumeRoleFailed);
  CHECK(r.outcome.error().message().find("AccessDenied: not allowed") != std::string::npos);
  CHECK(r.sent.size() == 1);
}

TEST_CASE("a failing credential_process passes to instance metadata, and is the error when that fails too") {
  Scratch s;
  s.write(".aws/config", "[default]\ncredential_process = /usr/bin/vault export\n");
  s.vars["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:9912";
  ChainOptions options;
  int runs = 0;
  options.run_process = [&](const std::vector<std::string>& argv) -> std::expected<std::string, std::string> {
    ++runs;
    CHECK(argv == std::vector<std::string>{"/usr/bin/vault", "export"});
    return std::unexpected(std::string("exited with status 1"));
  };
  auto r = run(s, {}, options);  // the script is empty: every request fails to connect
  REQUIRE_FALSE(r.outcome);
  CHECK(runs == 1);
  CHECK(r.outcome.error().code == CredentialsErrc::ProcessFailed);
  CHECK(r.outcome.error().profile == "default");
  REQUIRE(r.sent.size() == 1);
  CHECK(r.sent[0].method == "PUT");
  CHECK(r.sent[0].host == "127.0.0.1:9912");
  CHECK(r.sent[0].timeout == std::chrono::milliseconds{1000});
}

TEST_CASE("nothing anywhere: NotFound, with what instance metadata said") {
  Scratch s;
  s.vars["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:9912";
  auto r = run(s);
  REQUIRE_FALSE(r.outcome);
  CHECK(r.outcome.error().code == CredentialsErrc::NotFound);
  const std::string message = r.outcome.error().message();
  CHECK(message.starts_with("No AWS credentials found"));
  CHECK(message.find("127.0.0.1:9912") != std::string::npos);
  s.vars["AWS_EC2_METADATA_DISABLED"] = "true";
  auto off = run(s);
  REQUIRE_FALSE(off.outcome);
  CHECK(off.sent.empty());
  CHECK(off.outcome.error().detail.empty());
}

TEST_CASE("AWS_PROFILE hides environment keys, and the error says so") {
  Scratch s;
  s.vars["AWS_ACCESS_KEY_ID"] = "AKIAENV";
  s.vars["AWS_SECRET_ACCESS_KEY"] = "secret";
  s.vars["AWS_PROFILE"] = "missing";
  s.vars["AWS_EC2_METADATA_DISABLED"] = "true";
  auto r = run(s);
  REQUIRE_FALSE(r.outcome);
  CHECK(r.outcome.error().code == CredentialsErrc::ProfileNotFound);
  CHECK(r.outcome.error().message().find("unset AWS_PROFILE") != std::string::npos);
}

TEST_CASE("an SSO profile whose cached token expired ends the chain with the advice to log in") {
  Scratch s;
  s.write(".aws/config", "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Read\n"
                         "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n");
  SsoSettings settings{"https://corp.awsapps.com/start", "eu-west-1", "111122223333", "Read", "corp"};
  const std::string cache = sso_token_cache_path(s.dir.string(), settings);
  REQUIRE_FALSE(cache.empty());
  s.write(std::filesystem::relative(cache, s.dir).string(),
          R"({"accessToken":"tok","expiresAt":"2026-12-01T11:00:00Z"})");
  ChainOptions options;
  options.profile = "dev";
  auto r = run(s, {}, options);
  REQUIRE_FALSE(r.outcome);
  CHECK(r.outcome.error().code == CredentialsErrc::SsoLoginRequired);
  CHECK(r.outcome.error().message().find("aws sso login --profile dev") != std::string::npos);
  CHECK(r.sent.empty());
}
