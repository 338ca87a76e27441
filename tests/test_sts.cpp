#include <doctest/doctest.h>

#include <redrive/credentials/sts.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "call_script.hpp"

using namespace redrive;
using namespace std::chrono;

namespace {

constexpr std::string_view source_secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view role = "arn:aws:iam::123456789012:role/x";

Endpoint sts_eu_west_1() { return Endpoint::custom("https://sts.eu-west-1.amazonaws.com", "eu-west-1").value(); }

Credentials source_credentials(std::string_view token = "source-token") {
  return Credentials{"AKIDEXAMPLE", SecretString(source_secret), SecretString(token)};
}

std::unique_ptr<CredentialsFetch> ready(Credentials c) {
  return std::make_unique<ReadyFetch>(ProvidedCredentials{std::move(c), CredentialSource::SharedFiles});
}

std::string answer(std::string_view action, std::string_view key_id, std::string_view secret, std::string_view token,
                   std::string_view expiration = "2026-12-02T01:00:00Z") {
  std::string x = "<" + std::string(action) + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <" +
                  std::string(action) + "Result>\n    <Credentials>\n      <AccessKeyId>" + std::string(key_id) +
                  "</AccessKeyId>\n      <SecretAccessKey>" + std::string(secret) +
                  "</SecretAccessKey>\n      <SessionToken>" + std::string(token) + "</SessionToken>\n";
  if (!expiration.empty()) x += "      <Expiration>" + std::string(expiration) + "</Expiration>\n";
  x += "    </Credentials>\n    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/x/s</Arn></AssumedRoleUser>\n  </" +
       std::string(action) + "Result>\n  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>\n</" +
       std::string(action) + "Response>\n";
  return x;
}

std::string error_doc(std::string_view code, std::string_view message, std::string_view type = "Sender") {
  return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>" +
         std::string(type) + "</Type>\n    <Code>" + std::string(code) + "</Code>\n    <Message>" +
         std::string(message) + "</Message>\n  </Error>\n  <RequestId>req-9</RequestId>\n</ErrorResponse>\n";
}

test::Answer ok(std::string body, std::vector<Header> headers = {}) {
  return test::response(200, body, std::move(headers));
}
test::Answer err(int status, std::string body, std::vector<Header> headers = {}) {
  return test::response(status, body, std::move(headers));
}

std::string header(const HttpRequest& r, std::string_view name) {
  auto v = r.header(name);
  return v ? std::string(*v) : std::string("<absent>");
}

// Runs a fetch over a script; the clock starts at `start`.
struct Run {
  test::FakeClock clock;
  test::ScriptedTransport transport;
  explicit Run(std::vector<test::Answer> script, CallTime start = test::FakeClock{}.t) {
    clock.t = start;
    for (auto& a : script) transport.script.push_back(std::move(a));
    transport.clock = &clock;
  }
  const CredentialsFetch::Outcome& operator()(CredentialsFetch& fetch) {
    drive(fetch, transport, test::ClockRef{&clock});
    return fetch.outcome();
  }
};

// A file that is removed at the end of the test.
struct TempFile {
  std::filesystem::path path;
  explicit TempFile(std::string_view name) : path(std::filesystem::temp_directory_path() / ("redrive-sts-" + std::string(name))) {}
  void write(std::string_view text) const { std::ofstream(path, std::ios::binary) << text; }
  ~TempFile() { std::filesystem::remove(path); }
};

// The request `fetch` should send for attempt `attempt` at `time`, built and signed independently.
HttpRequest expected_signed(const Endpoint& sts, const AssumeRoleParams& params, const Credentials& creds, int attempt,
                            sys_seconds time) {
  HttpRequest r = assume_role_request(sts, params);
  r.headers.push_back({"amz-sdk-request", "attempt=" + std::to_string(attempt) + "; max=3"});
  REQUIRE(Signer(creds).sign(r, sts.signing_region(), "sts", time));
  return r;
}

}  // namespace

TEST_CASE("assume_role_request: the SDK's form body, in its order and encoding, and its headers") {
  AssumeRoleParams p{"arn:aws:iam::123456789012:role/a b+c", "redrive-1", "ext&=/ \xC3\xA9", 900};
  const HttpRequest r = assume_role_request(sts_eu_west_1(), p);
  CHECK(r.method == "POST");
  CHECK(r.url() == "https://sts.eu-west-1.amazonaws.com/");
  // As @aws-sdk/nested-clients/sts serializes it (tests/conformance/sts.js).
  CHECK(r.body ==
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fa%20b%2Bc"
        "&RoleSessionName=redrive-1&DurationSeconds=900&ExternalId=ext%26%3D%2F%20%C3%A9");
  CHECK(r.headers == std::vector<Header>{{"host", "sts.eu-west-1.amazonaws.com"},
                                         {"content-type", "application/x-www-form-urlencoded"},
                                         {"content-length", "176"}});

  SUBCASE("no external id, no duration: DurationSeconds=3600 as for a profile without duration_seconds") {
    const HttpRequest d = assume_role_request(sts_eu_west_1(), AssumeRoleParams{std::string(role), "s"});
    CHECK(d.body == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fx"
                    "&RoleSessionName=s&DurationSeconds=3600");
    CHECK(header(d, "content-length") == std::to_string(d.body.size()));
  }
  SUBCASE("a custom endpoint: its scheme, host with port, and path") {
    const HttpRequest c =
        assume_role_request(Endpoint::custom("http://127.0.0.1:4566/sts").value(), AssumeRoleParams{"r", "s"});
    CHECK(c.url() == "http://127.0.0.1:4566/sts/");
    CHECK(header(c, "host") == "127.0.0.1:4566");
  }
}

TEST_CASE("assume_role_with_web_identity_request: the token is sent as it is, percent-encoded") {
  const HttpRequest r =
      assume_role_with_web_identity_request(sts_eu_west_1(), WebIdentityParams{"/t", std::string(role), "s"},
                                            "eyJ.abc-_~*!\n");
  CHECK(r.body ==
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fx"
        "&RoleSessionName=s&WebIdentityToken=eyJ.abc-_~%2A%21%0A");
  CHECK(header(r, "content-length") == "159");
  CHECK(header(r, "content-type") == "application/x-www-form-urlencoded");
  CHECK(!r.header("authorization"));
}

TEST_CASE("default session names: redrive's prefix and the milliseconds since the epoch") {
  const CallTime t{milliseconds{1764633599500}};
  CHECK(default_role_session_name(t) == "redrive-1764633599500");
  CHECK(default_web_identity_session_name(t) == "redrive-session-1764633599500");
}

TEST_CASE("parse_sts_credentials: both responses, with and without the optional members") {
  auto c = parse_sts_credentials(answer("AssumeRole", "ASIAKEY", "se/cr+et", "to/ken=="));
  REQUIRE(c);
  CHECK(c->access_key_id == "ASIAKEY");
  CHECK(c->secret_access_key.reveal() == "se/cr+et");
  CHECK(c->session_token.reveal() == "to/ken==");
  CHECK(c->expiration == sys_days(2026y / 12 / 2) + 1h);

  auto w = parse_sts_credentials(answer("AssumeRoleWithWebIdentity", "ASIAW", "s", "t", "2026-12-02T01:00:00.123+02:00"));
  REQUIRE(w);
  CHECK(w->access_key_id == "ASIAW");
  CHECK(w->expiration == sys_days(2026y / 12 / 1) + 23h);

  auto bare = parse_sts_credentials(
      "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S&amp;T"
      "</SecretAccessKey></Credentials></AssumeRoleResult></AssumeRoleResponse>");
  REQUIRE(bare);
  CHECK(bare->secret_access_key.reveal() == "S&T");
  CHECK(bare->session_token.empty());
  CHECK(!bare->expiration);

  auto cdata = parse_sts_credentials(
      "<?xml version=\"1.0\"?><!-- c --><AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId><![CDATA[A<]]>"
      "</AccessKeyId><SecretAccessKey>S</SecretAccessKey></Credentials></AssumeRoleResult></AssumeRoleResponse>");
  REQUIRE(cdata);
  CHECK(cdata->access_key_id == "A<");
}

TEST_CASE("parse_sts_credentials: what is wrong, never the secrets") {
  const std::string secret = "VERYSECRETVALUE", token = "VERYSECRETTOKEN";
  auto fails_with = [&](std::string_view xml, std::string_view why) {
    auto c = parse_sts_credentials(xml);
    REQUIRE(!c);
    CHECK(c.error() == why);
    CHECK(c.error().find(secret) == std::string::npos);
    CHECK(c.error().find(token) == std::string::npos);
  };
  fails_with("", "the answer is not XML");
  fails_with("not xml at all", "the answer is not XML");
  fails_with(answer("AssumeRole", "A", secret, token).substr(0, 150), "the answer is not XML");
  fails_with(error_doc("AccessDenied", "no"), "the answer is not an AssumeRole or AssumeRoleWithWebIdentity response");
  fails_with("<AssumeRoleResponse><AssumeRoleWithWebIdentityResult/></AssumeRoleResponse>",
             "the answer has no Credentials");
  fails_with(answer("AssumeRole", "", secret, token), "the answer's Credentials have no AccessKeyId");
  fails_with(answer("AssumeRole", "A", "", token), "the answer's Credentials have no SecretAccessKey");
  fails_with(answer("AssumeRole", "A", secret, token, "tomorrow " + secret),
             "the answer's Expiration is not an ISO 8601 time");
  fails_with(answer("AssumeRole", "A", secret, token, " 2026-12-02T01:00:00Z"),
             "the answer's Expiration is not an ISO 8601 time");
}

TEST_CASE("parse_sts_credentials: hostile documents") {
  SUBCASE("entities are not expanded (no DTD processing)") {
    auto c = parse_sts_credentials(
        "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
        "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>&b;</AccessKeyId>"
        "<SecretAccessKey>&x;</SecretAccessKey></Credentials></AssumeRoleResult></AssumeRoleResponse>");
    REQUIRE(c);
    CHECK(c->access_key_id == "&b;");
    CHECK(c->secret_access_key.reveal() == "&x;");
  }
  SUBCASE("deep nesting, NUL bytes and non-UTF-8 bytes") {
    std::string deep;
    for (int i = 0; i < 200000; ++i) deep += "<a>";
    CHECK(!parse_sts_credentials(deep));
    CHECK(!parse_sts_credentials(deep + std::string(200000 * 4, '\0')));
    std::string doc = answer("AssumeRole", "A\xff\xfe", "S", "T");
    auto c = parse_sts_credentials(doc);
    REQUIRE(c);
    CHECK(c->access_key_id == "A\xff\xfe");
    doc.insert(doc.find("<SessionToken>"), std::string("\0", 1));
    CHECK(!parse_sts_credentials(doc));
  }
  SUBCASE("every prefix of a valid answer is refused, without crashing") {
    const std::string doc = answer("AssumeRole", "A", "S", "T");
    int accepted = 0;
    for (std::size_t n = 0; n < doc.size(); ++n) accepted += parse_sts_credentials(std::string_view(doc).substr(0, n)).has_value();
    // Only the trailing newline may go missing.
    CHECK(accepted == 1);
  }
  SUBCASE("random bytes") {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 2000; ++i) {
      std::string s(rng() % 64, '\0');
      for (char& ch : s) ch = "<>/&;!?[]CDATAx \"'=\0\xff"[rng() % 21];
      (void)parse_sts_credentials(s);
      (void)parse_sts_error(s);
    }
  }
}

TEST_CASE("parse_sts_error: code, message, type and request id, in both layouts") {
  auto e = parse_sts_error(error_doc("AccessDenied", "User: arn:aws:iam::1:user/u is not authorized"));
  REQUIRE(e);
  CHECK(e->type == "Sender");
  CHECK(e->code == "AccessDenied");
  CHECK(e->message == "User: arn:aws:iam::1:user/u is not authorized");
  CHECK(e->request_id == "req-9");

  auto old = parse_sts_error("<Response><Errors><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
                             "</Errors><RequestID>r2</RequestID></Response>");
  REQUIRE(old);
  CHECK(old->code == "Throttling");
  CHECK(old->message == "Rate exceeded");
  CHECK(old->request_id == "r2");

  CHECK(!parse_sts_error(""));
  CHECK(!parse_sts_error("Service Unavailable"));
  CHECK(!parse_sts_error(answer("AssumeRole", "A", "S", "T")));
}

TEST_CASE("AssumeRoleFetch: signs AssumeRole with the source credentials, exactly as sigv4 does") {
  AssumeRoleParams params{std::string(role), "", "ext-1", 1800};
  const Endpoint sts = sts_eu_west_1();
  Run run({ok(answer("AssumeRole", "ASIANEW", "new-secret", "new-token"))});
  const CallTime start = run.clock.t + milliseconds{750};
  run.clock.t = start;
  AssumeRoleFetch fetch(ready(source_credentials()), params, sts, 1);
  const auto& outcome = run(fetch);
  REQUIRE(outcome);
  CHECK(outcome->source == CredentialSource::AssumeRole);
  CHECK(outcome->credentials.access_key_id == "ASIANEW");
  CHECK(outcome->credentials.secret_access_key.reveal() == "new-secret");
  CHECK(outcome->credentials.session_token.reveal() == "new-token");
  CHECK(outcome->credentials.expiration == sys_days(2026y / 12 / 2) + 1h);
  CHECK(fetch.attempts() == 1);

  REQUIRE(run.transport.sent.size() == 1);
  params.role_session_name = default_role_session_name(start);
  CHECK(params.role_session_name == "redrive-" + std::to_string(start.time_since_epoch().count()));
  const HttpRequest want = expected_signed(sts, params, source_credentials(), 1, floor<seconds>(start));
  CHECK(run.transport.sent[0] == want);
  CHECK(header(run.transport.sent[0], "authorization") == header(want, "authorization"));
  CHECK(header(run.transport.sent[0], "authorization").starts_with(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/eu-west-1/sts/aws4_request, "));
  CHECK(header(run.transport.sent[0], "x-amz-security-token") == "source-token");
}

TEST_CASE("AssumeRoleFetch: JS SDK vectors (tests/conformance/sts.js)") {
  // Signed by @aws-sdk/nested-clients/sts at 2026-12-01T23:59:59.500Z, its own headers aside.
  const CallTime at = CallTime{sys_days(2026y / 12 / 1)} + 23h + 59min + 59s + 500ms;
  SUBCASE("regional endpoint, session credentials, external id and duration") {
    Run run({ok(answer("AssumeRole", "A", "S", "T"))}, at);
    AssumeRoleFetch fetch(ready(source_credentials()),
                          AssumeRoleParams{"arn:aws:iam::123456789012:role/a b+c", "redrive-1", "ext&=/ \xC3\xA9", 900},
                          sts_eu_west_1(), 1);
    REQUIRE(run(fetch));
    const HttpRequest& r = run.transport.sent.at(0);
    CHECK(r.url() == "https://sts.eu-west-1.amazonaws.com/");
    CHECK(r.body == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fa%20b%2Bc"
                    "&RoleSessionName=redrive-1&DurationSeconds=900&ExternalId=ext%26%3D%2F%20%C3%A9");
    CHECK(header(r, "x-amz-date") == "20261201T235959Z");
    CHECK(header(r, "x-amz-content-sha256") == "6f6a3f8b7954f7ccad829b6d0436a8f9b1b85f8a706af92ba48013377edf038f");
    CHECK(header(r, "authorization") ==
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/eu-west-1/sts/aws4_request, SignedHeaders=amz-sdk-request;"
          "content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, "
          "Signature=548107cb050274e37060bcd15a9ee8b4cad8c976870825852eb4ac817cba52e1");
  }
  SUBCASE("custom endpoint, long-term keys, the default session name") {
    Run run({ok(answer("AssumeRole", "A", "S", "T"))}, at);
    AssumeRoleFetch fetch(ready(source_credentials("")), AssumeRoleParams{std::string(role)},
                          Endpoint::custom("http://127.0.0.1:4566/sts", "us-east-1").value(), 1);
    REQUIRE(run(fetch));
    const HttpRequest& r = run.transport.sent.at(0);
    CHECK(r.url() == "http://127.0.0.1:4566/sts/");
    CHECK(r.body == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fx"
                    "&RoleSessionName=redrive-1796169599500&DurationSeconds=3600");
    CHECK(!r.header("x-amz-security-token"));
    CHECK(header(r, "authorization") ==
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/sts/aws4_request, SignedHeaders=amz-sdk-request;"
          "content-length;content-type;host;x-amz-content-sha256;x-amz-date, "
          "Signature=5178a5f19f1d7d43523f60120712fb9ab7a209655447c4d908ab5c53d925132c");
  }
}

TEST_CASE("AssumeRoleFetch: retries 500 and throttling as the SDK's standard mode, with exact waits") {
  Run run({err(500, error_doc("InternalFailure", "oops", "Receiver")), err(400, error_doc("Throttling", "Rate exceeded")),
           ok(answer("AssumeRole", "ASIA3", "s3", "t3"))});
  const CallTime start = run.clock.t;
  AssumeRoleFetch fetch(ready(source_credentials()), AssumeRoleParams{std::string(role), "s"}, sts_eu_west_1(), 42);
  const auto& outcome = run(fetch);
  REQUIRE(outcome);
  CHECK(outcome->credentials.access_key_id == "ASIA3");
  CHECK(fetch.attempts() == 3);
  REQUIRE(run.transport.sent.size() == 3);
  for (int i = 0; i < 3; ++i)
    CHECK(header(run.transport.sent[i], "amz-sdk-request") == "attempt=" + std::to_string(i + 1) + "; max=3");

  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const RetryPolicy policy;
  const auto first = decide_retry(policy, 1, RetryKind::Transient, u(rng));
  const auto second = decide_retry(policy, 2, RetryKind::Throttling, u(rng));
  CHECK(run.clock.sleeps == std::vector<Milliseconds>{first.delay, second.delay});
  // Each attempt is signed again, at its own time.
  CHECK(header(run.transport.sent[2], "x-amz-date") ==
        header(expected_signed(sts_eu_west_1(), AssumeRoleParams{std::string(role), "s"}, source_credentials(), 3,
                               floor<seconds>(start + first.delay + second.delay)),
               "x-amz-date"));
  CHECK(run.transport.sent[2] == expected_signed(sts_eu_west_1(), AssumeRoleParams{std::string(role), "s"},
                                                 source_credentials(), 3,
                                                 floor<seconds>(start + first.delay + second.delay)));
}

TEST_CASE("AssumeRoleFetch: gives up after 3 attempts, or at once on a client error") {
  SUBCASE("503 three times") {
    Run run({err(503, "Service Unavailable"), err(503, "Service Unavailable"), err(503, "Service Unavailable"),
             ok(answer("AssumeRole", "A", "S", "T"))});
    AssumeRoleFetch fetch(ready(source_credentials()), AssumeRoleParams{std::string(role), "s"}, sts_eu_west_1(), 1);
    const auto& outcome = run(fetch);
    REQUIRE(!outcome);
    CHECK(run.transport.sent.size() == 3);
    CHECK(outcome.error().code == CredentialsErrc::AssumeRoleFailed);
    CHECK(outcome.error().detail == "HTTP 503 (role arn:aws:iam::123456789012:role/x)");
  }
  SUBCASE("AccessDenied: code, message and the role") {
    Run run({err(403, error_doc("AccessDenied", "User: arn:aws:iam::123456789012:user/u is not authorized to perform: "
                                                "sts:AssumeRole on resource: arn:aws:iam::123456789012:role/x"))});
    AssumeRoleFetch fetch(ready(source_credentials()), AssumeRoleParams{std::string(role), "s"}, sts_eu_west_1(), 1);
    const auto& outcome = run(fetch);
    REQUIRE(!outcome);
    CHECK(run.transport.sent.size() == 1);
    CHECK(outcome.error().message() ==
          "AssumeRole failed: AccessDenied: User: arn:aws:iam::123456789012:user/u is not authorized to perform: "
          "sts:AssumeRole on resource: arn:aws:iam::123456789012:role/x (role arn:aws:iam::123456789012:role/x)");
    CHECK(outcome.error().detail.find(source_secret) == std::string::npos);
    CHECK(outcome.error().detail.find("source-token") == std::string::npos);
  }
  SUBCASE("ExpiredToken of the source credentials is not retried") {
    Run run({err(400, error_doc("ExpiredToken", "The security token included in the request is expired"))});
    AssumeRoleFetch fetch(ready(source_credentials()), AssumeRoleParams{std::string(role), "s"}, sts_eu_west_1(), 1);
    CHECK(run(fetch).error().detail.starts_with("ExpiredToken: The security token"));
    CHECK(run.transport.sent.size() == 1);
  }
  SUBCASE("control bytes from the server do not reach the message") {
    Run run({err(400, error_doc("Bad\x1b[31m", "line1\nline2\x07"))});
    AssumeRoleFetch fetch(ready(source_credentials()), AssumeRoleParams{std::string(role), "s"}, sts_eu_west_1(), 1);
    CHECK(run(fetch).error().detail == "Bad?[31m: line1?line2? (role arn:aws:iam::123456789012:role/x)");
  }
  SUBCASE("no response at all") {
    Run run({std::unexpected(TransportError{TransportFailure::Connection, "Connection refused"}),
             std::unexpected(TransportError{TransportFailure::Timeout, "timed out"}),
             std::unexpected(TransportError{TransportFailure::Connection, "Connection refused"})});
    AssumeRoleFetch fetch(ready(source_credentials()), AssumeRoleParams{std::string(role), "s"}, sts_eu_west_1(), 1);
    CHECK(run(fetch).error().detail ==
          "could not reach https://sts.eu-west-1.amazonaws.com/: Connection refused (role arn:aws:iam::123456789012:role/x)");
    CHECK(run.transport.sent.size() == 3);
  }
  SUBCASE("a 200 that is not an AssumeRole answer is not retried") {
    Run run({ok("<html>captive portal</html>")});
    AssumeRoleFetch fetch(ready(source_credentials()), AssumeRoleParams{std::string(role), "s"}, sts_eu_west_1(), 1);
    CHECK(run(fetch).error().detail ==
          "invalid answer from https://sts.eu-west-1.amazonaws.com/: the answer is not an AssumeRole or "
          "AssumeRoleWithWebIdentity response (role arn:aws:iam::123456789012:role/x)");
    CHECK(run.transport.sent.size() == 1);
  }
  SUBCASE("max_attempts from a retry policy") {
    Run run({err(500, ""), err(500, ""), err(500, ""), err(500, ""), err(500, "")});
    RetryPolicy five;
    five.max_attempts = 5;
    AssumeRoleFetch fetch(ready(source_credentials()), AssumeRoleParams{std::string(role), "s"}, sts_eu_west_1(), 1,
                          five);
    CHECK(!run(fetch));
    CHECK(run.transport.sent.size() == 5);
    CHECK(header(run.transport.sent[4], "amz-sdk-request") == "attempt=5; max=5");
  }
}

TEST_CASE("AssumeRoleFetch: a clock skew answer is retried, signed with the server's time") {
  Run run({});
  const CallTime server = run.clock.t + 10min;
  run.transport.script.push_back(err(403, error_doc("SignatureDoesNotMatch", "Signature expired"),
                                     {{"Date", test::http_date(server)}}));
  run.transport.script.push_back(ok(answer("AssumeRole", "A", "S", "T")));
  AssumeRoleFetch fetch(ready(source_credentials()), AssumeRoleParams{std::string(role), "s"}, sts_eu_west_1(), 1);
  REQUIRE(run(fetch));
  REQUIRE(run.transport.sent.size() == 2);
  const auto signed_at = [&](const HttpRequest& r) { return header(r, "x-amz-date"); };
  CHECK(signed_at(run.transport.sent[0]) == "20261201T120000Z");
  // Retried at once or after a short backoff, at the server's clock.
  CHECK(signed_at(run.transport.sent[1]).starts_with("20261201T1210"));
}

TEST_CASE("AssumeRoleFetch: the source's failure is the outcome, unchanged") {
  CredentialsError failure{CredentialsErrc::ProcessFailed, "dev", "/h/.aws/credentials", "/h/.aws/config", "exit 3"};
  Run run({ok(answer("AssumeRole", "A", "S", "T"))});
  AssumeRoleFetch fetch(std::make_unique<ReadyFetch>(std::unexpected(failure)), AssumeRoleParams{std::string(role), "s"},
                        sts_eu_west_1(), 1);
  const auto& outcome = run(fetch);
  REQUIRE(!outcome);
  CHECK(outcome.error().code == failure.code);
  CHECK(outcome.error().profile == failure.profile);
  CHECK(outcome.error().credentials_file == failure.credentials_file);
  CHECK(outcome.error().config_file == failure.config_file);
  CHECK(outcome.error().detail == failure.detail);
  CHECK(run.transport.sent.empty());

  AssumeRoleFetch none(nullptr, AssumeRoleParams{std::string(role), "s"}, sts_eu_west_1(), 1);
  CHECK(run(none).error().code == CredentialsErrc::AssumeRoleFailed);
}

TEST_CASE("AssumeRoleFetch: a chained role: the source's requests, waits and answers pass through") {
  // role B is assumed with the credentials of role A, which is assumed with static keys; A's first
  // attempt meets a 500.
  const Endpoint sts = sts_eu_west_1();
  auto inner = std::make_unique<AssumeRoleFetch>(ready(source_credentials()), AssumeRoleParams{"arn:aws:iam::1:role/A", "a"},
                                                 sts, 5);
  Run run({err(500, ""), ok(answer("AssumeRole", "ASIAA", "secret-a", "token-a")),
           ok(answer("AssumeRole", "ASIAB", "secret-b", "token-b"))});
  AssumeRoleFetch outer(std::move(inner), AssumeRoleParams{"arn:aws:iam::1:role/B", "b"}, sts, 6);
  const auto& outcome = run(outer);
  REQUIRE(outcome);
  CHECK(outcome->credentials.access_key_id == "ASIAB");
  REQUIRE(run.transport.sent.size() == 3);
  CHECK(run.clock.sleeps.size() == 1);
  CHECK(run.transport.sent[1].body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2FA") != std::string::npos);
  const HttpRequest& b = run.transport.sent[2];
  CHECK(b.body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2FB") != std::string::npos);
  CHECK(header(b, "authorization").starts_with("AWS4-HMAC-SHA256 Credential=ASIAA/"));
  CHECK(header(b, "x-amz-security-token") == "token-a");
  CHECK(header(b, "amz-sdk-request") == "attempt=1; max=3");
  const Credentials a{"ASIAA", SecretString("secret-a"), SecretString("token-a")};
  CHECK(b == expected_signed(sts, AssumeRoleParams{"arn:aws:iam::1:role/B", "b"}, a, 1,
                             floor<seconds>(run.clock.t)));
}

TEST_CASE("WebIdentityFetch: reads the token file on each fetch and sends it unsigned") {
  TempFile token("token");
  token.write("token-one");
  const WebIdentityParams params{token.path.string(), std::string(role), ""};
  Run run({ok(answer("AssumeRoleWithWebIdentity", "ASIAW1", "w1", "wt1")),
           ok(answer("AssumeRoleWithWebIdentity", "ASIAW2", "w2", "wt2"))});
  const CallTime start = run.clock.t;
  WebIdentityFetch first(params, sts_eu_west_1(), 1);
  const auto& one = run(first);
  REQUIRE(one);
  CHECK(one->source == CredentialSource::WebIdentity);
  CHECK(one->credentials.access_key_id == "ASIAW1");
  CHECK(one->credentials.expiration == sys_days(2026y / 12 / 2) + 1h);

  token.write("token-two\n");  // rotated
  WebIdentityFetch second(params, sts_eu_west_1(), 1);
  REQUIRE(run(second));
  REQUIRE(run.transport.sent.size() == 2);
  const std::string session = "redrive-session-" + std::to_string(start.time_since_epoch().count());
  HttpRequest want = assume_role_with_web_identity_request(sts_eu_west_1(), WebIdentityParams{"", std::string(role), session},
                                                           "token-one");
  want.headers.push_back({"amz-sdk-request", "attempt=1; max=3"});
  CHECK(run.transport.sent[0] == want);
  CHECK(run.transport.sent[1].body.ends_with("&WebIdentityToken=token-two%0A"));
  CHECK(!run.transport.sent[1].header("authorization"));
  CHECK(!run.transport.sent[1].header("x-amz-date"));
}

TEST_CASE("WebIdentityFetch: bytes of the token file lose their high bit, as the SDK reads it (ascii)") {
  TempFile token("ascii");
  token.write("a\xC3\xA9z");
  Run run({ok(answer("AssumeRoleWithWebIdentity", "A", "S", "T"))});
  WebIdentityFetch fetch(WebIdentityParams{token.path.string(), std::string(role), "s"}, sts_eu_west_1(), 1);
  REQUIRE(run(fetch));
  CHECK(run.transport.sent.at(0).body.ends_with("&WebIdentityToken=aC%29z"));
}

TEST_CASE("WebIdentityFetch: errors name the token file or the STS error, and the role") {
  SUBCASE("an unreadable token file: nothing is sent") {
    const std::string missing = (std::filesystem::temp_directory_path() / "redrive-sts-no-such-token").string();
    Run run({ok(answer("AssumeRoleWithWebIdentity", "A", "S", "T"))});
    WebIdentityFetch fetch(WebIdentityParams{missing, std::string(role), "s"}, sts_eu_west_1(), 1);
    const auto& outcome = run(fetch);
    REQUIRE(!outcome);
    CHECK(outcome.error().code == CredentialsErrc::WebIdentityFailed);
    CHECK(outcome.error().message() == "AssumeRoleWithWebIdentity failed: the web identity token file '" + missing +
                                           "' could not be read (role arn:aws:iam::123456789012:role/x)");
    CHECK(run.transport.sent.empty());
  }
  SUBCASE("InvalidIdentityToken is not retried and never quotes the token") {
    TempFile token("invalid");
    token.write("SECRET-JWT");
    Run run({err(400, error_doc("InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider"))});
    WebIdentityFetch fetch(WebIdentityParams{token.path.string(), std::string(role), "s"}, sts_eu_west_1(), 1);
    const auto& outcome = run(fetch);
    REQUIRE(!outcome);
    CHECK(outcome.error().detail ==
          "InvalidIdentityToken: Couldn't retrieve verification key from your identity provider (role "
          "arn:aws:iam::123456789012:role/x)");
    CHECK(outcome.error().message().find("SECRET-JWT") == std::string::npos);
    CHECK(run.transport.sent.size() == 1);
  }
  SUBCASE("IDPCommunicationError is retried (modeled retryable)") {
    TempFile token("idp");
    token.write("jwt");
    Run run({err(400, error_doc("IDPCommunicationError", "try again")),
             ok(answer("AssumeRoleWithWebIdentity", "ASIAOK", "S", "T"))});
    WebIdentityFetch fetch(WebIdentityParams{token.path.string(), std::string(role), "s"}, sts_eu_west_1(), 1);
    REQUIRE(run(fetch));
    CHECK(run.transport.sent.size() == 2);
    CHECK(header(run.transport.sent[1], "amz-sdk-request") == "attempt=2; max=3");
  }
}
