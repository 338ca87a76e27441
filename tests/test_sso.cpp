// IAM Identity Center (SSO) credentials; libcrypto side (the cache file is named by SHA-1).
#include <doctest/doctest.h>

#include <redrive/credentials/sso.hpp>

#include "call_script.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <vector>
#include <string>
#include <string_view>

using namespace redrive;
using namespace std::chrono_literals;

namespace {

const SsoSettings session{"https://d-abc123.awsapps.com/start", "eu-west-1", "123456789012", "ReadOnly", "my-sso", "dev"};
const SsoSettings legacy{"https://d-abc123.awsapps.com/start", "eu-west-1", "123456789012", "ReadOnly", "", "default"};

Endpoint endpoint(std::string_view url) {
  auto e = Endpoint::custom(url, "eu-west-1");
  REQUIRE(e);
  return *e;
}

// A scratch home directory with an SSO token cache.
struct Home {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("redrive-test-sso-" + std::to_string(::getpid()));
  Home() {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / ".aws" / "sso" / "cache");
  }
  ~Home() { std::filesystem::remove_all(dir); }
  std::string read(const SsoSettings& s) const {
    std::ifstream in(cache(s), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  std::string cache(const SsoSettings& s) const { return sso_token_cache_path(dir.string(), s); }
  void write(const SsoSettings& s, std::string_view text) const { std::ofstream(cache(s), std::ios::binary) << text; }
};

// "2026-12-01T12:00:00Z" + `d`, as `aws sso login` writes it.
std::string iso(test::FakeClock& clock, std::chrono::seconds d) {
  const auto t = std::chrono::floor<std::chrono::seconds>(clock.now()) + d;
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

std::string token_json(std::string_view expires_at, bool refreshable = false) {
  std::string s = R"({"startUrl":"https://d-abc123.awsapps.com/start","region":"eu-west-1","accessToken":"TOKEN-SECRET","expiresAt":")" +
                  std::string(expires_at) + "\"";
  if (refreshable) s += R"(,"clientId":"cid","clientSecret":"CLIENT-SECRET","refreshToken":"REFRESH-SECRET")";
  return s + "}";
}

constexpr std::string_view role_body =
    R"({"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"sso-secret","sessionToken":"sso-token","expiration":1796140800000}})";

struct Harness {
  Home home;
  test::FakeClock clock;
  test::ScriptedTransport transport;
  std::optional<Endpoint> oidc;

  Harness() { transport.clock = &clock; }
  CredentialsFetch::Outcome run(const SsoSettings& s, std::uint64_t seed = 7) {
    SsoFetch fetch(s, home.cache(s), endpoint("http://127.0.0.1:4566"), seed);
    if (oidc) fetch.set_oidc_endpoint(*oidc);
    const std::size_t before = transport.sent.size();
    drive(fetch, transport, test::ClockRef{&clock});
    CHECK(fetch.attempts() == static_cast<int>(transport.sent.size() - before));
    return fetch.outcome();
  }
};

// The two waits of decide_retry with this seed and base (what the SDK's backoff draws).
std::vector<Milliseconds> expected_waits(std::uint64_t seed, Milliseconds base) {
  std::mt19937_64 random(seed);
  std::vector<Milliseconds> waits;
  for (int attempt = 1; attempt <= 2; ++attempt) {
    const double r = std::uniform_real_distribution<double>(0.0, 1.0)(random);
    waits.push_back(Milliseconds{static_cast<std::int64_t>(r * static_cast<double>((base * (1 << (attempt - 1))).count()))});
  }
  return waits;
}

void check_no_token_in(const CredentialsFetch::Outcome& o) {
  REQUIRE_FALSE(o);
  for (std::string_view secret : {"TOKEN-SECRET", "CLIENT-SECRET", "REFRESH-SECRET"}) {
    CHECK(o.error().message().find(secret) == std::string::npos);
    CHECK(o.error().detail.find(secret) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("sso_token_cache_path: SHA-1 of the session name, or of the start URL for the legacy form") {
  // printf %s my-sso | sha1sum
  CHECK(sso_token_cache_path("/home/u", session) == "/home/u/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json");
  // printf %s https://d-abc123.awsapps.com/start | sha1sum
  CHECK(sso_token_cache_path("/home/u/", legacy) == "/home/u/.aws/sso/cache/40a89917e3175433e361b710a9d43528d7f1890a.json");
}

TEST_CASE("parse_sso_token") {
  auto t = parse_sso_token(R"({"accessToken":"tok","expiresAt":"2026-12-01T13:00:00Z","region":"eu-west-1"})");
  REQUIRE(t);
  CHECK(t->access_token.reveal() == "tok");
  CHECK(t->expires_at == std::chrono::sys_days{std::chrono::year{2026} / 12 / 1} + 13h);
  CHECK_FALSE(t->refreshable());
  CHECK(t->client_id.empty());

  // What the SDK writes after a refresh: milliseconds; the refresh members make it refreshable.
  t = parse_sso_token(R"({"accessToken":"tok","expiresAt":"2026-12-01T13:00:00.000Z","clientId":"c","clientSecret":"s","refreshToken":"r"})");
  REQUIRE(t);
  CHECK(t->refreshable());
  CHECK(t->client_id == "c");
  CHECK(t->client_secret.reveal() == "s");
  CHECK(t->refresh_token.reveal() == "r");
  t = parse_sso_token(R"({"accessToken":"tok","expiresAt":"2026-12-01T13:00:00Z","clientId":"c","clientSecret":"s"})");
  REQUIRE(t);
  CHECK_FALSE(t->refreshable());
  t = parse_sso_token(R"({"accessToken":"tok","expiresAt":"2026-12-01T13:00:00Z","clientId":"c","clientSecret":"s","refreshToken":null})");
  REQUIRE(t);
  CHECK_FALSE(t->refreshable());

  auto error = [](std::string_view json) {
    auto r = parse_sso_token(json);
    REQUIRE_FALSE(r);
    CHECK(r.error().find("SECRET") == std::string::npos);
    return r.error();
  };
  CHECK(error("") == "it is not a JSON object");
  CHECK(error(R"({"accessToken":"SECRET",)") == "it is not a JSON object");
  CHECK(error(R"(["SECRET"])") == "it is not a JSON object");
  CHECK(error(R"({"expiresAt":"2026-12-01T13:00:00Z"})") == "it has no accessToken");
  CHECK(error(R"({"accessToken":"","expiresAt":"2026-12-01T13:00:00Z"})") == "it has no accessToken");
  CHECK(error(R"({"accessToken":5,"expiresAt":"2026-12-01T13:00:00Z"})") == "it has no accessToken");
  CHECK(error(R"({"accessToken":"SECRET"})") == "its expiresAt is not an ISO 8601 time");
  CHECK(error(R"({"accessToken":"SECRET","expiresAt":"2018-02-23T21:03:44UTC"})") == "its expiresAt is not an ISO 8601 time");
}

TEST_CASE("sso_role_credentials_request: the SDK's request") {
  // The SDK's SSO client sends, for these values (checked against @aws-sdk/nested-clients/sso):
  //   GET /federation/credentials?account_id=123456789012&role_name=My%20Role%2Fx%2By
  //   x-amz-sso_bearer_token: tok en
  auto r = sso_role_credentials_request(endpoint("https://portal.sso.eu-west-1.amazonaws.com"), "123456789012",
                                        "My Role/x+y", "tok en");
  CHECK(r.method == "GET");
  CHECK(r.url() == "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?account_id=123456789012&role_name=My%20Role%2Fx%2By");
  CHECK(r.headers == std::vector<Header>{{"host", "portal.sso.eu-west-1.amazonaws.com"}, {"x-amz-sso_bearer_token", "tok en"}});
  CHECK(r.body.empty());

  r = sso_role_credentials_request(endpoint("http://127.0.0.1:4566/base"), "1", "a~b_c.d-e!*'()", "t");
  CHECK(r.url() == "http://127.0.0.1:4566/base/federation/credentials?account_id=1&role_name=a~b_c.d-e%21%2A%27%28%29");
  CHECK(r.header("host") == "127.0.0.1:4566");
}

TEST_CASE("parse_sso_role_credentials") {
  auto c = parse_sso_role_credentials(role_body);
  REQUIRE(c);
  CHECK(c->access_key_id == "ASIASSO");
  CHECK(c->secret_access_key.reveal() == "sso-secret");
  CHECK(c->session_token.reveal() == "sso-token");
  CHECK(c->expiration == std::chrono::sys_seconds{1796140800s});
  c = parse_sso_role_credentials(
      R"({"roleCredentials":{"accessKeyId":"A","secretAccessKey":"s","sessionToken":"t","expiration":1796140800999}})");
  REQUIRE(c);
  CHECK(c->expiration == std::chrono::sys_seconds{1796140800s});
  c = parse_sso_role_credentials(
      R"({"roleCredentials":{"accessKeyId":"A","secretAccessKey":"s","sessionToken":"t","expiration":1.7961408E12}})");
  REQUIRE(c);
  CHECK(c->expiration == std::chrono::sys_seconds{1796140800s});

  auto error = [](std::string_view json) {
    auto r = parse_sso_role_credentials(json);
    REQUIRE_FALSE(r);
    return r.error();
  };
  CHECK(error("nope") == "the answer is not a JSON object");
  CHECK(error("{}") == "the answer has no roleCredentials object");
  CHECK(error(R"({"roleCredentials":[]})") == "the answer has no roleCredentials object");
  CHECK(error(R"({"roleCredentials":{"secretAccessKey":"s","sessionToken":"t","expiration":1}})") ==
        "the answer has no roleCredentials.accessKeyId");
  CHECK(error(R"({"roleCredentials":{"accessKeyId":"A","sessionToken":"t","expiration":1}})") ==
        "the answer has no roleCredentials.secretAccessKey");
  CHECK(error(R"({"roleCredentials":{"accessKeyId":"A","secretAccessKey":"s","expiration":1}})") ==
        "the answer has no roleCredentials.sessionToken");
  for (std::string_view expiration : {"", R"(,"expiration":0)", R"(,"expiration":"1796140800000")", R"(,"expiration":1.5)"})
    CHECK(error(R"({"roleCredentials":{"accessKeyId":"A","secretAccessKey":"s","sessionToken":"t")" + std::string(expiration) + "}}") ==
          "the answer has no roleCredentials.expiration (milliseconds since the epoch)");
}

TEST_CASE("SsoFetch: the cached token for GetRoleCredentials") {
  Harness h;
  h.home.write(session, token_json(iso(h.clock, 1h)));
  h.transport.script.push_back(test::response(200, role_body));
  auto o = h.run(session);
  REQUIRE(o);
  CHECK(o->source == CredentialSource::Sso);
  CHECK(o->credentials.access_key_id == "ASIASSO");
  CHECK(o->credentials.secret_access_key.reveal() == "sso-secret");
  CHECK(o->credentials.session_token.reveal() == "sso-token");
  CHECK(o->credentials.expiration == std::chrono::sys_seconds{1796140800s});
  REQUIRE(h.transport.sent.size() == 1);
  const auto& r = h.transport.sent[0];
  CHECK(r.url() == "http://127.0.0.1:4566/federation/credentials?account_id=123456789012&role_name=ReadOnly");
  CHECK(r.header("x-amz-sso_bearer_token") == "TOKEN-SECRET");
  CHECK(r.header("amz-sdk-request") == "attempt=1; max=3");
  CHECK(h.clock.sleeps.empty());
}

TEST_CASE("SsoFetch: the legacy form reads the file named by the start URL") {
  Harness h;
  h.home.write(legacy, token_json(iso(h.clock, 2min)));  // within 5 minutes: fine for the legacy form
  h.transport.script.push_back(test::response(200, role_body));
  auto o = h.run(legacy);
  REQUIRE(o);
  CHECK(o->credentials.access_key_id == "ASIASSO");
}

TEST_CASE("SsoFetch: no usable token means `aws sso login`, without a request") {
  Harness h;
  auto o = h.run(session);
  check_no_token_in(o);
  CHECK(o.error().code == CredentialsErrc::SsoLoginRequired);
  CHECK(o.error().message() == "The SSO session 'my-sso' (https://d-abc123.awsapps.com/start) has no cached token (" +
                                   h.home.cache(session) + "). Run 'aws sso login --profile dev'.");

  o = h.run(legacy);
  REQUIRE_FALSE(o);
  CHECK(o.error().message() == "The SSO login for https://d-abc123.awsapps.com/start has no cached token (" +
                                   h.home.cache(legacy) + "). Run 'aws sso login'.");

  h.home.write(session, R"({"accessToken":"TOKEN-SECRET"})");
  o = h.run(session);
  check_no_token_in(o);
  CHECK(o.error().code == CredentialsErrc::SsoLoginRequired);
  CHECK(o.error().detail == "The SSO session 'my-sso' (https://d-abc123.awsapps.com/start) has an unusable cached token (" +
                                h.home.cache(session) + "): its expiresAt is not an ISO 8601 time.");

  // Expired: at the second it expires, as the SDK compares.
  h.home.write(session, token_json(iso(h.clock, 0s), true));
  o = h.run(session);
  check_no_token_in(o);
  CHECK(o.error().code == CredentialsErrc::SsoLoginRequired);
  CHECK(o.error().detail == "The SSO session 'my-sso' (https://d-abc123.awsapps.com/start) has expired.");
  h.home.write(legacy, token_json(iso(h.clock, -1h)));
  o = h.run(legacy);
  REQUIRE_FALSE(o);
  CHECK(o.error().detail == "The SSO login for https://d-abc123.awsapps.com/start has expired.");

  // An sso-session token within 5 minutes of its expiry that cannot be refreshed: refused, as the SDK does.
  h.home.write(session, token_json(iso(h.clock, 5min)));
  o = h.run(session);
  check_no_token_in(o);
  CHECK(o.error().code == CredentialsErrc::SsoLoginRequired);
  CHECK(o.error().detail == "The SSO session 'my-sso' (https://d-abc123.awsapps.com/start) expires within 5 minutes "
                            "and its cached token cannot be refreshed (no refresh token).");
  CHECK(h.transport.sent.empty());

  // With its refresh members it is used while it lasts; a minute more and it is used either way.
  h.home.write(session, token_json(iso(h.clock, 5min), true));
  h.transport.script.push_back(test::response(200, role_body));
  CHECK(h.run(session));
  h.home.write(session, token_json(iso(h.clock, 5min + 1s)));
  h.transport.script.push_back(test::response(200, role_body));
  CHECK(h.run(session));
  CHECK(h.transport.sent.size() == 2);
}

TEST_CASE("SsoFetch: an UnauthorizedException means `aws sso login`, without retrying") {
  Harness h;
  h.home.write(session, token_json(iso(h.clock, 1h)));
  h.transport.script.push_back(test::response(
      401, R"({"message":"Session token not found or invalid"})",
      {{"x-amzn-errortype", "UnauthorizedException:http://internal.amazon.com/coral/com.amazon.switchboard.portal/"}}));
  auto o = h.run(session);
  check_no_token_in(o);
  CHECK(o.error().code == CredentialsErrc::SsoLoginRequired);
  CHECK(o.error().message() ==
        "The SSO session 'my-sso' (https://d-abc123.awsapps.com/start) was refused by the SSO portal "
        "(UnauthorizedException): its token is no longer valid. Run 'aws sso login --profile dev'.");
  CHECK(h.transport.sent.size() == 1);
}

TEST_CASE("SsoFetch: the SDK's retries") {
  SUBCASE("transient errors, then success") {
    Harness h;
    h.home.write(session, token_json(iso(h.clock, 1h)));
    h.transport.script.push_back(test::response(500, R"({"message":"boom"})"));
    h.transport.script.push_back(std::unexpected(TransportError{TransportFailure::Timeout, "timed out"}));
    h.transport.script.push_back(test::response(200, role_body));
    auto o = h.run(session);
    REQUIRE(o);
    REQUIRE(h.transport.sent.size() == 3);
    CHECK(h.transport.sent[1].header("amz-sdk-request") == "attempt=2; max=3");
    CHECK(h.transport.sent[2].header("amz-sdk-request") == "attempt=3; max=3");
    // Full jitter under 50 ms, then under 100 ms, drawn from the seed.
    CHECK(h.clock.sleeps == expected_waits(7, 50ms));
  }
  SUBCASE("throttling waits on the 1 s base") {
    Harness h;
    h.home.write(session, token_json(iso(h.clock, 1h)));
    for (int i = 0; i < 3; ++i)
      h.transport.script.push_back(test::response(429, R"({"message":"slow down"})",
                                                  {{"x-amzn-errortype", "TooManyRequestsException"}}));
    auto o = h.run(session);
    REQUIRE_FALSE(o);
    CHECK(o.error().code == CredentialsErrc::SsoFailed);
    CHECK(o.error().message() == "SSO GetRoleCredentials failed: TooManyRequestsException (HTTP 429): slow down");
    CHECK(h.transport.sent.size() == 3);
    CHECK(h.clock.sleeps == expected_waits(7, 1000ms));  // under 1 s, then under 2 s
  }
  SUBCASE("an unreachable portal, three times") {
    Harness h;
    h.home.write(session, token_json(iso(h.clock, 1h)));
    auto o = h.run(session);  // the script is empty: every attempt gets a connection error
    REQUIRE_FALSE(o);
    CHECK(o.error().code == CredentialsErrc::SsoFailed);
    CHECK(o.error().detail == "the SSO portal could not be reached: script ended");
    CHECK(h.transport.sent.size() == 3);
  }
  SUBCASE("a client error is not retried") {
    Harness h;
    h.home.write(session, token_json(iso(h.clock, 1h)));
    h.transport.script.push_back(test::response(403, R"({"message":"No access"})", {{"x-amzn-errortype", "ForbiddenException"}}));
    auto o = h.run(session);
    check_no_token_in(o);
    CHECK(o.error().code == CredentialsErrc::SsoFailed);
    CHECK(o.error().detail == "ForbiddenException (HTTP 403): No access");
    CHECK(h.transport.sent.size() == 1);
  }
  SUBCASE("an answer without credentials is not retried") {
    Harness h;
    h.home.write(session, token_json(iso(h.clock, 1h)));
    h.transport.script.push_back(test::response(200, R"({"roleCredentials":{}})"));
    auto o = h.run(session);
    REQUIRE_FALSE(o);
    CHECK(o.error().code == CredentialsErrc::SsoFailed);
    CHECK(o.error().detail == "the answer has no roleCredentials.accessKeyId");
    CHECK(h.transport.sent.size() == 1);
  }
}

TEST_CASE("SsoFetch: the same seed waits the same") {
  auto waits = [](std::uint64_t seed) {
    Harness h;
    h.home.write(session, token_json(iso(h.clock, 1h)));
    h.run(session, seed);
    return h.clock.sleeps;
  };
  CHECK(waits(1) == waits(1));
  CHECK(waits(1) != waits(2));
}

TEST_CASE("SsoProvider: each fetch reads the cache again") {
  Home home;
  test::FakeClock clock;
  test::ScriptedTransport transport;
  SsoProvider provider(session, home.cache(session), endpoint("http://127.0.0.1:4566"), 3);
  auto first = provider.fetch();
  drive(*first, transport, test::ClockRef{&clock});
  REQUIRE_FALSE(first->outcome());
  CHECK(first->outcome().error().code == CredentialsErrc::SsoLoginRequired);

  home.write(session, token_json(iso(clock, 1h)));
  transport.script.push_back(test::response(200, role_body));
  auto second = provider.fetch();
  drive(*second, transport, test::ClockRef{&clock});
  REQUIRE(second->outcome());
  CHECK(second->outcome()->credentials.access_key_id == "ASIASSO");
}

TEST_CASE("sso_create_token_request: the SDK's request") {
  // The SDK's SSO-OIDC client sends (checked against @aws-sdk/nested-clients/sso-oidc):
  //   POST /token, content-type: application/json,
  //   {"clientId":"cid","clientSecret":"csec","grantType":"refresh_token","refreshToken":"ref"}
  SsoToken token;
  token.client_id = "cid";
  token.client_secret = SecretString("csec");
  token.refresh_token = SecretString("re\"f");
  auto r = sso_create_token_request(endpoint("https://oidc.eu-west-1.amazonaws.com"), token);
  CHECK(r.method == "POST");
  CHECK(r.url() == "https://oidc.eu-west-1.amazonaws.com/token");
  CHECK(r.headers == std::vector<Header>{{"host", "oidc.eu-west-1.amazonaws.com"}, {"content-type", "application/json"}});
  CHECK(r.body == R"({"clientId":"cid","clientSecret":"csec","grantType":"refresh_token","refreshToken":"re\"f"})");
}

TEST_CASE("parse_sso_create_token") {
  auto t = parse_sso_create_token(R"({"accessToken":"new","tokenType":"Bearer","expiresIn":3600,"refreshToken":"r2","idToken":"x"})");
  REQUIRE(t);
  CHECK(t->access_token.reveal() == "new");
  CHECK(t->expires_in == 3600s);
  CHECK(t->refresh_token.reveal() == "r2");
  t = parse_sso_create_token(R"({"accessToken":"new","expiresIn":60})");
  REQUIRE(t);
  CHECK(t->refresh_token.empty());
  auto error = [](std::string_view json) {
    auto r = parse_sso_create_token(json);
    REQUIRE_FALSE(r);
    return r.error();
  };
  CHECK(error("x") == "the answer is not a JSON object");
  CHECK(error(R"({"expiresIn":60})") == "the answer has no accessToken");
  for (std::string_view bad : {R"({"accessToken":"a"})", R"({"accessToken":"a","expiresIn":0})",
                               R"({"accessToken":"a","expiresIn":"60"})", R"({"accessToken":"a","expiresIn":1e30})"})
    CHECK(error(bad) == "the answer has no expiresIn (a positive number of seconds)");
}

TEST_CASE("SsoFetch: an sso-session token near its expiry is refreshed first, and the cache rewritten") {
  Harness h;
  h.oidc = endpoint("http://127.0.0.1:4567");
  h.home.write(session, R"({"startUrl":"https://d-abc123.awsapps.com/start","region":"eu-west-1","accessToken":"TOKEN-SECRET",)"
                        R"("expiresAt":")" + iso(h.clock, 2min) + R"(","clientId":"cid","clientSecret":"CLIENT-SECRET",)"
                        R"("registrationExpiresAt":"2027-03-01T00:00:00Z","refreshToken":"REFRESH-SECRET","n":[1,2.5,null]})");
  std::filesystem::permissions(h.home.cache(session), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                                          std::filesystem::perms::group_read | std::filesystem::perms::others_read);
  h.transport.script.push_back(test::response(200, R"({"accessToken":"NEW-TOKEN","expiresIn":3600,"refreshToken":"NEW-REFRESH","tokenType":"Bearer"})"));
  h.transport.script.push_back(test::response(200, role_body));
  auto o = h.run(session);
  REQUIRE(o);
  CHECK(o->credentials.access_key_id == "ASIASSO");
  REQUIRE(h.transport.sent.size() == 2);
  CHECK(h.transport.sent[0].url() == "http://127.0.0.1:4567/token");
  CHECK(h.transport.sent[0].body ==
        R"({"clientId":"cid","clientSecret":"CLIENT-SECRET","grantType":"refresh_token","refreshToken":"REFRESH-SECRET"})");
  CHECK(h.transport.sent[0].header("amz-sdk-request") == "attempt=1; max=3");
  CHECK(h.transport.sent[1].header("x-amz-sso_bearer_token") == "NEW-TOKEN");
  CHECK(h.transport.sent[1].header("amz-sdk-request") == "attempt=1; max=3");
  // The members in their order, three of them new; readable by the owner only.
  CHECK(h.home.read(session) ==
        "{\n  \"startUrl\": \"https://d-abc123.awsapps.com/start\",\n  \"region\": \"eu-west-1\",\n"
        "  \"accessToken\": \"NEW-TOKEN\",\n  \"expiresAt\": \"2026-12-01T13:00:00.000Z\",\n  \"clientId\": \"cid\",\n"
        "  \"clientSecret\": \"CLIENT-SECRET\",\n  \"registrationExpiresAt\": \"2027-03-01T00:00:00Z\",\n"
        "  \"refreshToken\": \"NEW-REFRESH\",\n  \"n\": [1,2.5,null]\n}");
  CHECK((std::filesystem::status(h.home.cache(session)).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  // The rewritten file is read as the new token: an hour left, so no refresh next time.
  h.transport.script.push_back(test::response(200, role_body));
  CHECK(h.run(session));
  CHECK(h.transport.sent.size() == 3);
  CHECK(h.transport.sent[2].header("x-amz-sso_bearer_token") == "NEW-TOKEN");
}

TEST_CASE("SsoFetch: an expired sso-session token is refreshed; the old refresh token stays if none comes back") {
  Harness h;
  h.oidc = endpoint("http://127.0.0.1:4567");
  h.home.write(session, token_json(iso(h.clock, -1h), true));
  h.transport.script.push_back(test::response(200, R"({"accessToken":"NEW-TOKEN","expiresIn":60})"));
  h.transport.script.push_back(test::response(200, role_body));
  REQUIRE(h.run(session));
  CHECK(h.transport.sent[1].header("x-amz-sso_bearer_token") == "NEW-TOKEN");
  auto t = parse_sso_token(h.home.read(session));
  REQUIRE(t);
  CHECK(t->access_token.reveal() == "NEW-TOKEN");
  CHECK(t->expires_at == std::chrono::floor<std::chrono::seconds>(h.clock.now()) + 60s);
  CHECK(t->refresh_token.reveal() == "REFRESH-SECRET");
}

TEST_CASE("SsoFetch: a failed refresh") {
  SUBCASE("of an expired token: `aws sso login`") {
    Harness h;
    h.oidc = endpoint("http://127.0.0.1:4567");
    h.home.write(session, token_json(iso(h.clock, -1s), true));
    h.transport.script.push_back(test::response(400, R"({"error":"invalid_grant","error_description":"expired"})"));
    auto o = h.run(session);
    check_no_token_in(o);
    CHECK(o.error().code == CredentialsErrc::SsoLoginRequired);
    CHECK(o.error().message() == "The SSO session 'my-sso' (https://d-abc123.awsapps.com/start) has expired, and refreshing "
                                 "its token failed (Unknown (HTTP 400)). Run 'aws sso login --profile dev'.");
    CHECK(h.transport.sent.size() == 1);  // a client error is not retried
    CHECK(parse_sso_token(h.home.read(session))->access_token.reveal() == "TOKEN-SECRET");  // the file is left alone
  }
  SUBCASE("of a token that still works: it is used") {
    Harness h;
    h.oidc = endpoint("http://127.0.0.1:4567");
    h.home.write(session, token_json(iso(h.clock, 4min), true));
    for (int i = 0; i < 3; ++i) h.transport.script.push_back(test::response(503, "{}"));
    h.transport.script.push_back(test::response(200, role_body));
    auto o = h.run(session);
    REQUIRE(o);
    REQUIRE(h.transport.sent.size() == 4);
    CHECK(h.transport.sent[2].url() == "http://127.0.0.1:4567/token");
    CHECK(h.transport.sent[2].header("amz-sdk-request") == "attempt=3; max=3");
    CHECK(h.transport.sent[3].header("x-amz-sso_bearer_token") == "TOKEN-SECRET");
    CHECK(h.transport.sent[3].header("amz-sdk-request") == "attempt=1; max=3");
  }
  SUBCASE("an answer without a token counts as a failure") {
    Harness h;
    h.oidc = endpoint("http://127.0.0.1:4567");
    h.home.write(session, token_json(iso(h.clock, 0s), true));
    h.transport.script.push_back(test::response(200, R"({"expiresIn":60})"));
    auto o = h.run(session);
    REQUIRE_FALSE(o);
    CHECK(o.error().detail == "The SSO session 'my-sso' (https://d-abc123.awsapps.com/start) has expired, and refreshing "
                              "its token failed (the answer has no accessToken).");
  }
}

TEST_CASE("SsoFetch: what is not refreshed") {
  Harness h;
  h.oidc = endpoint("http://127.0.0.1:4567");
  // More than 5 minutes left.
  h.home.write(session, token_json(iso(h.clock, 5min + 1s), true));
  h.transport.script.push_back(test::response(200, role_body));
  REQUIRE(h.run(session));
  // The legacy form has no refresh, even with refresh members.
  h.home.write(legacy, token_json(iso(h.clock, 1min), true));
  h.transport.script.push_back(test::response(200, role_body));
  REQUIRE(h.run(legacy));
  REQUIRE(h.transport.sent.size() == 2);
  for (const auto& r : h.transport.sent) CHECK(r.method == "GET");
  // Without an SSO-OIDC endpoint, an expired token stays expired.
  h.oidc.reset();
  h.home.write(session, token_json(iso(h.clock, -1s), true));
  auto o = h.run(session);
  REQUIRE_FALSE(o);
  CHECK(o.error().detail == "The SSO session 'my-sso' (https://d-abc123.awsapps.com/start) has expired.");
  CHECK(h.transport.sent.size() == 2);
}
