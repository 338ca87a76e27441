#include <doctest/doctest.h>

#include <redrive/credentials/chain_plan.hpp>

#include <map>
#include <string>
#include <variant>

using namespace redrive;

namespace {

struct Env {
  std::map<std::string, std::string> vars;
  GetEnv get() const {
    return [this](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

CredentialsPlan plan_of(std::string_view credentials, std::string_view config, const Env& env,
                        std::optional<std::string_view> profile = {}) {
  return plan_credentials(credentials, config, env.get(), profile);
}

template <class T>
const T& as(const CredentialsLink& link) {
  REQUIRE(std::holds_alternative<T>(link.how));
  return std::get<T>(link.how);
}

const Env keys_env{{{"AWS_ACCESS_KEY_ID", "AKIAENV"}, {"AWS_SECRET_ACCESS_KEY", "env-secret"}}};

}  // namespace

TEST_CASE("chain order: environment, profile, web identity from the environment, then instance metadata") {
  Env env = keys_env;
  env.vars["AWS_SESSION_TOKEN"] = "env-token";
  env.vars["AWS_CREDENTIAL_EXPIRATION"] = "2026-12-02T10:00:00Z";
  env.vars["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/token";
  env.vars["AWS_ROLE_ARN"] = "arn:aws:iam::111122223333:role/pod";
  auto p = plan_of("", "", env);
  CHECK(p.profile == "default");
  CHECK_FALSE(p.profile_named);
  REQUIRE(p.links.size() == 4);
  const auto& keys = as<plan::StaticKeys>(p.links[0]);
  CHECK(p.links[0].source == CredentialSource::Environment);
  CHECK(keys.credentials.access_key_id == "AKIAENV");
  CHECK(keys.credentials.session_token.reveal() == "env-token");
  CHECK(keys.credentials.expiration == parse_iso8601("2026-12-02T10:00:00Z"));
  CHECK(as<plan::Unusable>(p.links[1]).error.code == CredentialsErrc::ProfileNotFound);
  CHECK(as<plan::Unusable>(p.links[1]).try_next);
  CHECK(as<plan::WebIdentity>(p.links[2]).token_file == "/var/run/token");
  CHECK(as<plan::WebIdentity>(p.links[2]).role_arn == "arn:aws:iam::111122223333:role/pod");
  as<plan::InstanceMetadata>(p.links[3]);
}

TEST_CASE("a named profile hides environment keys, and says so") {
  Env env = keys_env;
  env.vars["AWS_PROFILE"] = "dev";
  auto p = plan_of("[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = dev-secret\n", "", env);
  CHECK(p.profile == "dev");
  CHECK(p.profile_named);
  CHECK(p.environment_keys_hidden);
  REQUIRE(p.links.size() == 2);
  CHECK(as<plan::StaticKeys>(p.links[0]).credentials.access_key_id == "AKIADEV");
  CHECK(p.links[0].source == CredentialSource::SharedFiles);
  CHECK(p.links[0].profile == "dev");
  // --profile wins over AWS_PROFILE.
  auto q = plan_of("[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s\n[ops]\naws_access_key_id = "
                   "AKIAOPS\naws_secret_access_key = s\n",
                   "", env, "ops");
  CHECK(as<plan::StaticKeys>(q.links[0]).credentials.access_key_id == "AKIAOPS");
}

TEST_CASE("half-set environment keys pass to the next provider") {
  Env env{{{"AWS_ACCESS_KEY_ID", "AKIAENV"}}};
  auto p = plan_of("", "", env);
  CHECK(as<plan::Unusable>(p.links[0]).error.code == CredentialsErrc::MissingSecretAccessKey);
  CHECK(as<plan::Unusable>(p.links[0]).try_next);
}

TEST_CASE("container credentials replace instance metadata; AWS_EC2_METADATA_DISABLED removes it") {
  Env env{{{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x"}}};
  auto p = plan_of("", "", env);
  as<plan::Container>(p.links.back());
  CHECK(p.links.back().source == CredentialSource::Container);
  Env off{{{"AWS_EC2_METADATA_DISABLED", "true"}}};
  CHECK(plan_of("", "", off).links.size() == 2);  // environment, profile
  Env on{{{"AWS_EC2_METADATA_DISABLED", "false"}}};
  as<plan::InstanceMetadata>(plan_of("", "", on).links.back());
}

TEST_CASE("role_arn with source_profile, chained two hops, static keys of a source win over its role") {
  const std::string config = R"([profile admin]
role_arn = arn:aws:iam::222233334444:role/admin
source_profile = hop
role_session_name = me
external_id = ext-1
duration_seconds = 900
region = eu-west-1
[profile hop]
role_arn = arn:aws:iam::111122223333:role/hop
source_profile = base
[profile base]
aws_access_key_id = AKIABASE
aws_secret_access_key = base-secret
role_arn = arn:aws:iam::111122223333:role/ignored
source_profile = admin
)";
  auto p = plan_of("", config, {}, "admin");
  const auto& admin = as<plan::AssumeRole>(p.links[0]);
  CHECK(p.links[0].source == CredentialSource::AssumeRole);
  CHECK(admin.role_arn == "arn:aws:iam::222233334444:role/admin");
  CHECK(admin.role_session_name == "me");
  CHECK(admin.external_id == "ext-1");
  CHECK(admin.duration_seconds == 900);
  CHECK(admin.region == "eu-west-1");
  REQUIRE(admin.source);
  const auto& hop = as<plan::AssumeRole>(*admin.source);
  CHECK(hop.role_arn == "arn:aws:iam::111122223333:role/hop");
  REQUIRE(hop.source);
  CHECK(as<plan::StaticKeys>(*hop.source).credentials.access_key_id == "AKIABASE");
  CHECK(hop.source->profile == "base");
}

TEST_CASE("a source_profile loop is an error that passes to the next provider") {
  const std::string config =
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = "
      "arn:aws:iam::1:role/b\nsource_profile = a\n";
  auto p = plan_of("", config, {}, "a");
  // a -> b -> a -> b: the loop is found at the first profile seen twice on the way.
  const CredentialsLink* link = &p.links[0];
  while (auto role = std::get_if<plan::AssumeRole>(&link->how)) link = role->source.get();
  const auto& bad = as<plan::Unusable>(*link);
  CHECK(bad.error.code == CredentialsErrc::InvalidProfile);
  CHECK(bad.error.detail.find("leads back") != std::string::npos);
}

TEST_CASE("credential_source: Environment, Ec2InstanceMetadata, EcsContainer, and an unknown one") {
  Env env = keys_env;
  auto source_of = [&](std::string_view credential_source) {
    const std::string config = "[profile r]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = " +
                               std::string(credential_source) + "\n";
    auto p = plan_of("", config, env, "r");
    return p.links[0];
  };
  auto from_env = source_of("Environment");
  CHECK(as<plan::StaticKeys>(*as<plan::AssumeRole>(from_env).source).credentials.access_key_id == "AKIAENV");
  as<plan::InstanceMetadata>(*as<plan::AssumeRole>(source_of("Ec2InstanceMetadata")).source);
  as<plan::Container>(*as<plan::AssumeRole>(source_of("EcsContainer")).source);
  auto bad = source_of("Somewhere");
  CHECK(as<plan::Unusable>(bad).error.code == CredentialsErrc::InvalidProfile);
  // Both source_profile and credential_source: not a role profile.
  auto both = plan_of("", "[profile r]\nrole_arn = x\ncredential_source = Environment\nsource_profile = s\n", env, "r");
  CHECK(as<plan::Unusable>(both.links[0]).error.code == CredentialsErrc::NoCredentialsInProfile);
}

TEST_CASE("a role profile wins over static keys in the same profile; static keys over web identity and process") {
  const std::string config = R"([profile both]
role_arn = arn:aws:iam::1:role/r
source_profile = base
aws_access_key_id = AKIABOTH
aws_secret_access_key = s
[profile base]
aws_access_key_id = AKIABASE
aws_secret_access_key = s
[profile keys]
aws_access_key_id = AKIAKEYS
aws_secret_access_key = s
credential_process = /bin/false
)";
  as<plan::AssumeRole>(plan_of("", config, {}, "both").links[0]);
  auto keys = plan_of("", config, {}, "keys");
  CHECK(as<plan::StaticKeys>(keys.links[0]).credentials.access_key_id == "AKIAKEYS");
  // The SDK's chain asks the profile's credential_process on its own after the profile.
  CHECK(as<plan::Process>(keys.links[1]).command == "/bin/false");
}

TEST_CASE("web identity, process and mfa profiles") {
  const std::string config = R"([profile web]
web_identity_token_file = /tmp/token
role_arn = arn:aws:iam::1:role/web
role_session_name = s1
[profile proc]
credential_process = aws-vault export --format=json dev
[profile mfa]
role_arn = arn:aws:iam::1:role/r
source_profile = base
mfa_serial = arn:aws:iam::1:mfa/me
[profile base]
aws_access_key_id = AKIABASE
aws_secret_access_key = s
)";
  auto web = plan_of("", config, {}, "web");
  CHECK(as<plan::WebIdentity>(web.links[0]).token_file == "/tmp/token");
  CHECK(as<plan::WebIdentity>(web.links[0]).role_session_name == "s1");
  auto proc = plan_of("", config, {}, "proc");
  CHECK(as<plan::Process>(proc.links[0]).command == "aws-vault export --format=json dev");
  CHECK(proc.links.size() == 2);  // the process once, then instance metadata
  auto mfa = plan_of("", config, {}, "mfa");
  CHECK(as<plan::Unusable>(mfa.links[0]).error.code == CredentialsErrc::UnsupportedProfile);
  CHECK_FALSE(as<plan::Unusable>(mfa.links[0]).try_next);
}

TEST_CASE("SSO: the sso-session form, the legacy form, and incomplete ones") {
  const std::string config = R"([profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-central-1
sso_registration_scopes = sso:account:access
[profile legacy]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-2
sso_account_id = 222233334444
sso_role_name = Admin
[profile broken]
sso_session = nowhere
sso_account_id = 1
sso_role_name = r
[profile partial]
sso_start_url = https://old.awsapps.com/start
sso_role_name = Admin
)";
  auto sso = as<plan::Sso>(plan_of("", config, {}, "sso").links[0]);
  CHECK(sso.session_name == "corp");
  CHECK(sso.start_url == "https://corp.awsapps.com/start");
  CHECK(sso.region == "eu-central-1");
  CHECK(sso.account_id == "111122223333");
  CHECK(sso.role_name == "ReadOnly");
  auto legacy = as<plan::Sso>(plan_of("", config, {}, "legacy").links[0]);
  CHECK(legacy.session_name.empty());
  CHECK(legacy.region == "us-east-2");
  auto broken = as<plan::Unusable>(plan_of("", config, {}, "broken").links[0]);
  CHECK(broken.error.code == CredentialsErrc::InvalidProfile);
  CHECK_FALSE(broken.try_next);
  auto partial = as<plan::Unusable>(plan_of("", config, {}, "partial").links[0]);
  CHECK(partial.error.detail == "an SSO profile needs sso_account_id, sso_region");
}

TEST_CASE("a profile with nothing usable says what it lacks") {
  auto p = plan_of("[default]\naws_access_key_id = AKIA\n", "[profile x]\nregion = eu-west-1\n", {}, "x");
  CHECK(as<plan::Unusable>(p.links[0]).error.code == CredentialsErrc::NoCredentialsInProfile);
  CHECK(as<plan::Unusable>(plan_of("[default]\naws_access_key_id = AKIA\n", "", {}).links[1]).error.code ==
        CredentialsErrc::MissingSecretAccessKey);
}
