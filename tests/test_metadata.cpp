#include <doctest/doctest.h>

#include <redrive/credentials.hpp>

#include "call_script.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace redrive;
using namespace std::chrono_literals;

namespace {

struct Env {
  std::map<std::string, std::string, std::less<>> vars;
  GetEnv get() const {
    return [this](const char* name) -> const char* {
      auto it = vars.find(std::string_view(name));
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

constexpr std::string_view secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view session = "IQoJb3JpZ2luX2VjEXAMPLETOKEN+/=";

std::string document(std::string_view extra = ",\"Code\":\"Success\"") {
  return R"({"AccessKeyId":"ASIAEXAMPLE","SecretAccessKey":")" + std::string(secret) + R"(","Token":")" +
         std::string(session) + R"(","Expiration":"2026-12-02T03:04:05Z")" + std::string(extra) + "}";
}

const std::chrono::sys_seconds expected_expiration =
    std::chrono::sys_days{std::chrono::year{2026} / 12 / 2} + 3h + 4min + 5s;

// The error of a document that must be refused; it never quotes the secrets.
std::string refused(std::string_view body) {
  auto r = parse_metadata_credentials(body);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().find(secret) == std::string::npos);
  CHECK(r.error().find(session) == std::string::npos);
  return r.error();
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

TEST_CASE("metadata document: the credentials the services hand out") {
  auto r = parse_metadata_credentials(document(R"(,"Code":"Success","LastUpdated":"2026-12-01T21:00:00Z","Type":"AWS-HMAC")"));
  REQUIRE(r.has_value());
  CHECK(r->access_key_id == "ASIAEXAMPLE");
  CHECK(r->secret_access_key.reveal() == secret);
  CHECK(r->session_token.reveal() == session);
  REQUIRE(r->expiration.has_value());
  CHECK(*r->expiration == expected_expiration);

  // A container answer without Code, with AccountId and members of any JSON type.
  r = parse_metadata_credentials(document(R"(,"AccountId":"123456789012","x":[1,{"y":null,"z":[true,false]}],"n":-1.5e3)"));
  REQUIRE(r.has_value());
  CHECK(r->access_key_id == "ASIAEXAMPLE");
  // Code is not looked at, as in the SDK.
  CHECK(parse_metadata_credentials(document(R"(,"Code":"Failure")")).has_value());
  CHECK(parse_metadata_credentials(document(R"(,"Code":7)")).has_value());
  // Whitespace around everything, and fractional seconds with an offset.
  r = parse_metadata_credentials(
      " \n{ \"AccessKeyId\" : \"A\" ,\"SecretAccessKey\":\"S\",\t\"Token\":\"\",\"Expiration\":\"2026-12-02T05:04:05.123+02:00\"}\r\n");
  REQUIRE(r.has_value());
  CHECK(r->session_token.empty());
  CHECK(*r->expiration == expected_expiration);
}

TEST_CASE("metadata document: escapes are unescaped, duplicates keep the last member") {
  auto r = parse_metadata_credentials(
      R"({"Access\u004beyId":"A\/B","SecretAccessKey":"s\"\\\b\f\n\r\t","Token":"\u00e9\ud83d\ude00","Expiration":"2026-12-02T03:04:05Z"})");
  REQUIRE(r.has_value());
  CHECK(r->access_key_id == "A/B");
  CHECK(r->secret_access_key.reveal() == "s\"\\\b\f\n\r\t");
  CHECK(r->session_token.reveal() == "\xC3\xA9\xF0\x9F\x98\x80");

  r = parse_metadata_credentials(document(R"(,"AccessKeyId":"SECOND")"));
  REQUIRE(r.has_value());
  CHECK(r->access_key_id == "SECOND");
  // JSON.parse keeps the last value whatever the earlier one was.
  CHECK(parse_metadata_credentials(R"({"Token":1,)" + document().substr(1)).has_value());
  CHECK(contains(refused(document(R"(,"Token":null)")), "Token is not a string"));
}

TEST_CASE("metadata document: missing, mistyped and empty members") {
  const std::string names[] = {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"};
  const std::string values[] = {R"("A")", R"("S")", R"("T")", R"("2026-12-02T03:04:05Z")"};
  for (int leave_out = 0; leave_out < 4; ++leave_out) {
    CAPTURE(names[leave_out]);
    std::string body = "{";
    for (int i = 0; i < 4; ++i)
      if (i != leave_out) body += (body.size() > 1 ? "," : "") + ("\"" + names[i] + "\":" + values[i]);
    body += "}";
    CHECK(refused(body) == "the credentials document has no " + names[leave_out]);
    for (std::string_view wrong : {"1", "null", "true", "{}", "[\"x\"]"}) {
      std::string typed = body;
      typed.insert(1, "\"" + names[leave_out] + "\":" + std::string(wrong) + ",");
      CHECK(refused(typed) == "the credentials document's " + names[leave_out] + " is not a string");
    }
  }
  CHECK(refused(R"({"AccessKeyId":"","SecretAccessKey":"S","Token":"T","Expiration":"2026-12-02T03:04:05Z"})") ==
        "the credentials document's AccessKeyId is empty");
  CHECK(refused(R"({"AccessKeyId":"A","SecretAccessKey":"","Token":"T","Expiration":"2026-12-02T03:04:05Z"})") ==
        "the credentials document's SecretAccessKey is empty");
  for (std::string_view when : {"", "tomorrow", "2026-12-02", "2026-13-02T03:04:05Z", "1764644645"}) {
    CAPTURE(when);
    CHECK(refused(R"({"AccessKeyId":"A","SecretAccessKey":"S","Token":"T","Expiration":")" + std::string(when) + "\"}") ==
          "the credentials document's Expiration is not an ISO 8601 time");
  }
}

TEST_CASE("metadata document: hostile bodies are errors, never crashes") {
  const std::string good = document();
  std::vector<std::string> bodies = {
      "", " ", "null", "[]", "\"x\"", "42", "{", "}", "{}}", good + "}", good + " x", good.substr(0, good.size() - 1),
      good.substr(0, good.size() / 2), "<html>Service Unavailable</html>", std::string("{\0}", 3),
      std::string(good).insert(1, "\"k\":tru,"), std::string(good).insert(1, "\"k\":1e999,"),
      std::string(good).insert(1, "\"k\":01,"), std::string(good).insert(1, "\"k\":\"\\x\","),
      R"({"AccessKeyId":"\ud800","SecretAccessKey":"S","Token":"T","Expiration":"2026-12-02T03:04:05Z"})",
      R"({"AccessKeyId":"\udc00x","SecretAccessKey":"S","Token":"T","Expiration":"2026-12-02T03:04:05Z"})",
      R"({"AccessKeyId":"\u12","SecretAccessKey":"S","Token":"T","Expiration":"2026-12-02T03:04:05Z"})",
      "{\"AccessKeyId\":\"a\x01\",\"SecretAccessKey\":\"S\",\"Token\":\"T\",\"Expiration\":\"2026-12-02T03:04:05Z\"}",
      "{\"AccessKeyId\":\"\xff\",\"SecretAccessKey\":\"S\",\"Token\":\"T\",\"Expiration\":\"2026-12-02T03:04:05Z\"}",
      std::string(good).insert(1, "\"deep\":" + std::string(5000, '[') + std::string(5000, ']') + ","),
      std::string(good).insert(1, std::string(3000, '[')),
  };
  for (const auto& body : bodies) {
    CAPTURE(body.substr(0, 80));
    refused(body);
  }
  CHECK(contains(refused("[]"), "not a JSON object"));
  CHECK(contains(refused("{"), "not valid JSON"));
}

TEST_CASE("metadata document: the bytes after the body never change the outcome") {
  const std::string good = document();
  for (std::string_view after : {std::string_view("}}}}"), std::string_view(" x"), std::string_view("\0\0", 2)}) {
    CAPTURE(after);
    std::string buffer = good + std::string(after) + std::string(required_padding, '}');
    auto r = parse_metadata_credentials(std::string_view(buffer).substr(0, good.size()), buffer.size() - good.size());
    REQUIRE(r.has_value());
    CHECK(r->secret_access_key.reveal() == secret);
    const std::string unbalanced = "{}}";
    buffer = unbalanced + std::string(after) + std::string(required_padding, ' ');
    CHECK_FALSE(parse_metadata_credentials(std::string_view(buffer).substr(0, 3), buffer.size() - 3).has_value());
  }
}

TEST_CASE("metadata document: the Code and Message of an error answer") {
  CHECK(metadata_error_text(R"({"Code":"AccessDenied","Message":"Token is not valid"})") == "AccessDenied: Token is not valid");
  CHECK(metadata_error_text(R"({"message":"lower case"})") == "lower case");
  CHECK(metadata_error_text(R"({"Code":"Throttled"})") == "Throttled");
  CHECK(metadata_error_text(R"({"Code":"X","Message":"line\nbreak\u0007"})") == "X: line?break?");
  CHECK(metadata_error_text(R"({"Message":")" + std::string(300, 'm') + "\"}") == std::string(200, 'm') + "...");
  CHECK(metadata_error_text("Forbidden").empty());
  CHECK(metadata_error_text(R"({"Code":1})").empty());
  CHECK(metadata_error_text("").empty());
}

TEST_CASE("container settings: none, relative, full") {
  Env env;
  CHECK_FALSE(container_settings(env.get()).has_value());
  env.vars = {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", ""}, {"AWS_CONTAINER_CREDENTIALS_FULL_URI", ""}};
  CHECK_FALSE(container_settings(env.get()).has_value());

  env.vars = {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/2f4e-uuid"}};
  auto s = container_settings(env.get());
  REQUIRE(s.has_value());
  REQUIRE(s->has_value());
  CHECK((*s)->scheme == "http");
  CHECK((*s)->host == "169.254.170.2");
  CHECK((*s)->path == "/v2/credentials/2f4e-uuid");
  CHECK((*s)->url() == "http://169.254.170.2/v2/credentials/2f4e-uuid");
  CHECK((*s)->last_chance);
  CHECK((*s)->token_file.empty());
  CHECK((*s)->token.empty());

  // The relative URI wins over the full one.
  env.vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://10.9.9.9/elsewhere";
  s = container_settings(env.get());
  REQUIRE((s && *s));
  CHECK((*s)->url() == "http://169.254.170.2/v2/credentials/2f4e-uuid");

  // A relative URI that does not start with '/' makes another host, which is not allowed.
  env.vars = {{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "v2/credentials"}};
  s = container_settings(env.get());
  REQUIRE(s.has_value());
  REQUIRE_FALSE(s->has_value());
  CHECK(s->error().code == CredentialsErrc::ContainerFailed);
}

TEST_CASE("container settings: the SDK's allow-list for AWS_CONTAINER_CREDENTIALS_FULL_URI") {
  struct Case {
    std::string_view url;
    std::string_view host, path;
    bool last_chance;
  };
  const Case allowed[] = {
      {"http://127.0.0.1:8080/creds", "127.0.0.1:8080", "/creds", true},
      {"http://127.0.0.1/creds", "127.0.0.1", "/creds", true},
      {"http://127.255.0.254/x?a=1&b=2", "127.255.0.254", "/x?a=1&b=2", false},
      {"http://localhost/x", "localhost", "/x", true},
      {"HTTP://LocalHost:9/x#frag", "localhost:9", "/x", true},
      {"http://[::1]:81/x", "[::1]:81", "/x", false},
      {"http://[0:0:0:0:0:0:0:1]/x", "[0:0:0:0:0:0:0:1]", "/x", false},
      {"http://[0000:0000:0000:0000:0000:0000:0000:0001]/x", "[0000:0000:0000:0000:0000:0000:0000:0001]", "/x", false},
      {"http://169.254.170.2/v2/credentials/id", "169.254.170.2", "/v2/credentials/id", false},
      {"http://169.254.170.23/v1/credentials", "169.254.170.23", "/v1/credentials", false},
      {"http://[fd00:ec2::23]/v1/credentials", "[fd00:ec2::23]", "/v1/credentials", false},
      {"http://[FD00:EC2:0:0::23]:80/v1/credentials", "[fd00:ec2:0:0::23]", "/v1/credentials", false},
      {"https://creds.example.com/get?role=x", "creds.example.com", "/get?role=x", false},
      {"https://10.0.0.1:8443", "10.0.0.1:8443", "/", false},
      {"http://127.0.0.1?x=1", "127.0.0.1", "/?x=1", true},
  };
  for (const auto& c : allowed) {
    CAPTURE(c.url);
    Env env;
    env.vars = {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", std::string(c.url)}};
    auto s = container_settings(env.get());
    REQUIRE(s.has_value());
    REQUIRE(s->has_value());
    CHECK((*s)->host == c.host);
    CHECK((*s)->path == c.path);
    CHECK((*s)->last_chance == c.last_chance);
  }
  const std::string_view refused_hosts[] = {
      "http://10.0.0.1/creds", "http://127.0.0.1.evil.example/", "http://128.0.0.1/", "http://127.0.0.256/",
      "http://127.1/", "http://127.0.0/", "http://127.0.0.1.2/", "http://127.0.0.x/", "http://[::2]/",
      "http://[fd00:ec2::24]/", "http://[::ffff:127.0.0.1]/", "http://169.254.170.3/", "http://169.254.169.254/",
      "http://example.com/", "http://localhost.example/"};
  for (auto url : refused_hosts) {
    CAPTURE(url);
    Env env;
    env.vars = {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", std::string(url)}};
    auto s = container_settings(env.get());
    REQUIRE(s.has_value());
    REQUIRE_FALSE(s->has_value());
    CHECK(s->error().code == CredentialsErrc::ContainerFailed);
    const std::string message = s->error().message();
    CHECK(contains(message, "is not allowed"));
    CHECK(contains(message, "169.254.170.23 and [fd00:ec2::23]"));
    CHECK(contains(message, "127.0.0.0/8"));
  }
  for (std::string_view url : {"ftp://127.0.0.1/", "127.0.0.1/creds", "http://user:pw@127.0.0.1/", "http:///x",
                               "http://127.0.0.1:0/", "http://127.0.0.1/a b", "http://127.0.0.1/\r\nx: y"}) {
    CAPTURE(url);
    Env env;
    env.vars = {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", std::string(url)}};
    auto s = container_settings(env.get());
    REQUIRE(s.has_value());
    REQUIRE_FALSE(s->has_value());
    CHECK(contains(s->error().detail, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a usable URL"));
  }
}

TEST_CASE("container settings: the authorization token and its file") {
  Env env;
  env.vars = {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"},
              {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token"}};
  auto s = container_settings(env.get());
  REQUIRE((s && *s));
  CHECK((*s)->token.reveal() == "env-token");
  CHECK((*s)->token_file.empty());
  env.vars["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token";
  s = container_settings(env.get());
  REQUIRE((s && *s));
  CHECK((*s)->token_file == "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token");
  CHECK((*s)->token.reveal() == "env-token");
  env.vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "";
  s = container_settings(env.get());
  REQUIRE((s && *s));
  CHECK((*s)->token.empty());
}

namespace {

struct Harness {
  test::FakeClock clock;
  test::ScriptedTransport transport;
  std::vector<std::string> reads;  // token files read, in order
  std::optional<std::string> file_text = "file-token";

  ContainerFetch::ReadFile reader() {
    return [this](const std::string& path) -> std::optional<std::string> {
      reads.push_back(path);
      return file_text;
    };
  }
  void run(CredentialsFetch& fetch) { drive(fetch, transport, test::ClockRef{&clock}); }
};

ContainerSettings settings_of(const Env& env) {
  auto s = container_settings(env.get());
  REQUIRE((s && *s));
  return std::move(**s);
}

ContainerSettings relative_with_token() {
  return settings_of(
      Env{{{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/id"}, {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token"}}});
}

test::Answer transport_error(redrive::TransportFailure kind = redrive::TransportFailure::Connection) {
  return std::unexpected(redrive::TransportError{kind, "connection refused"});
}

}  // namespace

TEST_CASE("container fetch: one GET with the token, 1 s timeout") {
  Harness h;
  h.transport.script.push_back(test::response(200, document()));
  ContainerFetch fetch(relative_with_token(), h.reader());
  h.run(fetch);
  REQUIRE(h.transport.sent.size() == 1);
  const auto& r = h.transport.sent[0];
  CHECK(r.method == "GET");
  CHECK(r.url() == "http://169.254.170.2/v2/credentials/id");
  CHECK(r.header("authorization") == "env-token");
  CHECK(r.headers.size() == 1);
  CHECK(r.timeout == 1000ms);
  CHECK(r.body.empty());
  CHECK(h.reads.empty());
  REQUIRE(fetch.outcome().has_value());
  CHECK(fetch.outcome()->source == CredentialSource::Container);
  CHECK(fetch.outcome()->credentials.access_key_id == "ASIAEXAMPLE");
  CHECK(fetch.outcome()->credentials.session_token.reveal() == session);
  CHECK(*fetch.outcome()->credentials.expiration == expected_expiration);
  CHECK(h.clock.sleeps.empty());
}

TEST_CASE("container fetch: no token, no Authorization header") {
  Harness h;
  h.transport.script.push_back(test::response(200, document()));
  ContainerFetch fetch(settings_of(Env{{{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9911/creds?x=1"}}}), h.reader());
  h.run(fetch);
  REQUIRE(h.transport.sent.size() == 1);
  CHECK(h.transport.sent[0].url() == "http://127.0.0.1:9911/creds?x=1");
  CHECK(h.transport.sent[0].headers.empty());
  CHECK(fetch.outcome().has_value());
}

TEST_CASE("container fetch: the token file wins and is read before each attempt") {
  Harness h;
  ContainerSettings s = relative_with_token();
  s.token_file = "/tmp/token";
  h.transport.script.push_back(test::response(500, "oops"));
  h.transport.script.push_back(test::response(200, document()));
  ContainerFetch fetch(s, h.reader());
  h.file_text = "first";
  Step step = fetch.next(h.clock.now());
  REQUIRE(step.sending());
  CHECK(step.request->header("authorization") == "first");
  fetch.on_response(h.transport(*step.request)->view(), 64, h.clock.now());
  h.file_text = "rotated";
  step = fetch.next(h.clock.now());
  REQUIRE(step.waiting());
  CHECK(step.wake_at == h.clock.now() + 1000ms);
  h.clock.sleep_until(step.wake_at);
  step = fetch.next(h.clock.now());
  REQUIRE(step.sending());
  CHECK(step.request->header("authorization") == "rotated");
  fetch.on_response(h.transport(*step.request)->view(), 64, h.clock.now());
  CHECK(fetch.next(h.clock.now()).done());
  CHECK(h.reads == std::vector<std::string>{"/tmp/token", "/tmp/token"});
  CHECK(fetch.outcome().has_value());
}

TEST_CASE("container fetch: four attempts 1 s apart, then the SDK's last chance with the variable's token") {
  Harness h;
  ContainerSettings s = relative_with_token();
  s.token_file = "/tmp/token";
  for (int i = 0; i < 6; ++i) h.transport.script.push_back(transport_error(i % 2 ? TransportFailure::Timeout : TransportFailure::Connection));
  ContainerFetch fetch(s, h.reader());
  h.run(fetch);
  REQUIRE(h.transport.sent.size() == 5);
  for (int i = 0; i < 4; ++i) CHECK(h.transport.sent[static_cast<std::size_t>(i)].header("authorization") == "file-token");
  CHECK(h.transport.sent[4].header("authorization") == "env-token");
  CHECK(h.transport.sent[4].url() == h.transport.sent[0].url());
  CHECK(h.clock.sleeps == std::vector<redrive::Milliseconds>{1000ms, 1000ms, 1000ms});
  CHECK(h.reads.size() == 4);
  REQUIRE_FALSE(fetch.outcome().has_value());
  const auto& e = fetch.outcome().error();
  CHECK(e.code == CredentialsErrc::ContainerFailed);
  CHECK(e.detail == "no credentials from http://169.254.170.2 after 5 attempts; the last: no answer (connection refused)");
  CHECK(e.message().starts_with("container credentials: "));
  CHECK_FALSE(contains(e.message(), "/v2/credentials/id"));
  CHECK_FALSE(contains(e.message(), "token"));
}

TEST_CASE("container fetch: a host the SDK's second provider does not serve gets four attempts") {
  Harness h;
  for (int i = 0; i < 6; ++i) h.transport.script.push_back(transport_error(TransportFailure::Timeout));
  ContainerFetch fetch(settings_of(Env{{{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"}}}),
                       h.reader());
  h.run(fetch);
  CHECK(h.transport.sent.size() == 4);
  REQUIRE_FALSE(fetch.outcome().has_value());
  CHECK(fetch.outcome().error().detail ==
        "no credentials from http://169.254.170.23 after 4 attempts; the last: no answer within 1 s");
}

TEST_CASE("container fetch: error statuses and bad documents are retried, the last one reported") {
  Harness h;
  h.transport.script.push_back(test::response(200, "{\"Code\":\"Success\"}"));
  h.transport.script.push_back(test::response(500, "{}"));
  h.transport.script.push_back(test::response(404, "not json"));
  h.transport.script.push_back(test::response(403, R"({"Code":"AccessDenied","Message":"Token is not valid"})"));
  h.transport.script.push_back(test::response(401, R"({"Code":"Unauthorized","Message":"bad"})"));
  ContainerFetch fetch(relative_with_token(), h.reader());
  h.run(fetch);
  CHECK(h.transport.sent.size() == 5);
  REQUIRE_FALSE(fetch.outcome().has_value());
  CHECK(fetch.outcome().error().detail ==
        "no credentials from http://169.254.170.2 after 5 attempts; the last: status 401 (Unauthorized: bad)");

  Harness again;
  again.transport.script.push_back(test::response(403, R"({"Code":"AccessDenied","Message":"Token is not valid"})"));
  again.transport.script.push_back(test::response(200, document()));
  ContainerFetch second(relative_with_token(), again.reader());
  again.run(second);
  CHECK(again.transport.sent.size() == 2);
  CHECK(second.outcome().has_value());
}

TEST_CASE("container fetch: only the last chance takes another 2xx status, as fromContainerMetadata does") {
  Harness h;
  for (int i = 0; i < 5; ++i) h.transport.script.push_back(test::response(201, document()));
  ContainerFetch fetch(relative_with_token(), h.reader());
  h.run(fetch);
  CHECK(h.transport.sent.size() == 5);
  CHECK(fetch.outcome().has_value());

  Harness bad;
  for (int i = 0; i < 5; ++i) bad.transport.script.push_back(test::response(200, document(R"(,"Token":7)")));
  ContainerFetch failing(relative_with_token(), bad.reader());
  bad.run(failing);
  REQUIRE_FALSE(failing.outcome().has_value());
  CHECK(contains(failing.outcome().error().detail, "the last: the credentials document's Token is not a string"));
  CHECK_FALSE(contains(failing.outcome().error().message(), secret));
}

TEST_CASE("container fetch: an unreadable or unsafe token is a failed attempt, not a request") {
  Harness h;
  ContainerSettings s = relative_with_token();
  s.token_file = "/missing/token";
  h.file_text = std::nullopt;
  h.transport.script.push_back(test::response(200, document()));
  ContainerFetch fetch(s, h.reader());
  h.run(fetch);
  // Four attempts fail without sending; the last chance sends the variable's token.
  REQUIRE(h.transport.sent.size() == 1);
  CHECK(h.transport.sent[0].header("authorization") == "env-token");
  CHECK(h.clock.sleeps.size() == 3);
  CHECK(fetch.outcome().has_value());

  Harness unsafe;
  s.token_file = "/tmp/token";
  unsafe.file_text = "token\r\nx-injected: 1";
  ContainerFetch injected(s, unsafe.reader());
  unsafe.transport.script.push_back(transport_error());
  unsafe.run(injected);
  REQUIRE(unsafe.transport.sent.size() == 1);
  CHECK(unsafe.transport.sent[0].header("authorization") == "env-token");
  REQUIRE_FALSE(injected.outcome().has_value());

  Harness both_bad;
  s.token_file = "/missing/token";
  s.token = SecretString("env\ntoken");
  both_bad.file_text = std::nullopt;
  ContainerFetch never(s, both_bad.reader());
  both_bad.run(never);
  CHECK(both_bad.transport.sent.empty());
  REQUIRE_FALSE(never.outcome().has_value());
  CHECK(never.outcome().error().detail ==
        "no credentials from http://169.254.170.2 after 5 attempts; the last: AWS_CONTAINER_AUTHORIZATION_TOKEN "
        "contains a line break or another control character");
}

TEST_CASE("container provider: a fresh fetch each time") {
  Harness h;
  h.transport.script.push_back(test::response(200, document()));
  h.transport.script.push_back(test::response(200, document(R"(,"AccessKeyId":"NEXT")")));
  ContainerProvider provider(relative_with_token(), h.reader());
  auto first = provider.fetch();
  h.run(*first);
  auto second = provider.fetch();
  h.run(*second);
  REQUIRE((first->outcome() && second->outcome()));
  CHECK(first->outcome()->credentials.access_key_id == "ASIAEXAMPLE");
  CHECK(second->outcome()->credentials.access_key_id == "NEXT");
}

TEST_CASE("imds settings: disabled, endpoint, mode") {
  Env env;
  auto s = imds_settings(env.get());
  REQUIRE(s.has_value());
  CHECK(s->origin() == "http://169.254.169.254");

  for (std::string_view off : {"true", "1", "False", "yes"}) {
    env.vars = {{"AWS_EC2_METADATA_DISABLED", std::string(off)}};
    s = imds_settings(env.get());
    REQUIRE_FALSE(s.has_value());
    CHECK(s.error().code == CredentialsErrc::InstanceMetadataFailed);
    CHECK(is_imds_disabled(s.error()));
    CHECK(contains(s.error().message(), "AWS_EC2_METADATA_DISABLED"));
  }
  for (std::string_view on : {"false", ""}) {
    env.vars = {{"AWS_EC2_METADATA_DISABLED", std::string(on)}};
    CHECK(imds_settings(env.get()).has_value());
  }

  env.vars = {{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}};
  s = imds_settings(env.get());
  REQUIRE(s.has_value());
  CHECK(s->origin() == "http://[fd00:ec2::254]");
  CHECK(imds_settings(Env{}.get(), std::nullopt, "IPv6")->origin() == "http://[fd00:ec2::254]");
  env.vars = {{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv4"}};
  CHECK(imds_settings(env.get(), std::nullopt, "IPv6")->origin() == "http://169.254.169.254");

  env.vars = {{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv6"}};
  s = imds_settings(env.get());
  REQUIRE_FALSE(s.has_value());
  CHECK_FALSE(is_imds_disabled(s.error()));
  CHECK(s.error().detail == "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is 'ipv6': it must be IPv4 or IPv6");
  s = imds_settings(Env{}.get(), std::nullopt, "dual");
  REQUIRE_FALSE(s.has_value());
  CHECK(s.error().detail == "ec2_metadata_service_endpoint_mode is 'dual': it must be IPv4 or IPv6");

  // An endpoint wins over any mode; the variable over the profile.
  env.vars = {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338/ignored/path"},
              {"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}};
  s = imds_settings(env.get(), "http://10.0.0.1", "IPv6");
  REQUIRE(s.has_value());
  CHECK(s->origin() == "http://127.0.0.1:1338");
  s = imds_settings(Env{}.get(), "https://IMDS.example:8443", "bogus");
  REQUIRE(s.has_value());
  CHECK(s->origin() == "https://imds.example:8443");

  env.vars = {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254"}};
  s = imds_settings(env.get());
  REQUIRE_FALSE(s.has_value());
  CHECK(contains(s.error().detail, "AWS_EC2_METADATA_SERVICE_ENDPOINT is not a usable URL"));
  s = imds_settings(Env{}.get(), "ftp://x");
  REQUIRE_FALSE(s.has_value());
  CHECK(contains(s.error().detail, "ec2_metadata_service_endpoint is not a usable URL"));
}

namespace {
constexpr std::string_view imds_token = "AQAEAImdsSessionTokenEXAMPLE==";
}

TEST_CASE("imds fetch: token, role, credentials") {
  Harness h;
  h.transport.script.push_back(test::response(200, imds_token));
  h.transport.script.push_back(test::response(200, "my-role\n"));
  h.transport.script.push_back(test::response(200, document(R"(,"Code":"Success","Type":"AWS-HMAC")")));
  ImdsFetch fetch;
  h.run(fetch);
  REQUIRE(h.transport.sent.size() == 3);
  const auto& token = h.transport.sent[0];
  CHECK(token.method == "PUT");
  CHECK(token.url() == "http://169.254.169.254/latest/api/token");
  CHECK(token.header("x-aws-ec2-metadata-token-ttl-seconds") == "21600");
  CHECK_FALSE(token.header("x-aws-ec2-metadata-token").has_value());
  const auto& role = h.transport.sent[1];
  CHECK(role.method == "GET");
  CHECK(role.url() == "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
  CHECK(role.header("x-aws-ec2-metadata-token") == imds_token);
  const auto& creds = h.transport.sent[2];
  CHECK(creds.method == "GET");
  CHECK(creds.url() == "http://169.254.169.254/latest/meta-data/iam/security-credentials/my-role");
  CHECK(creds.header("x-aws-ec2-metadata-token") == imds_token);
  for (const auto& r : h.transport.sent) {
    CHECK(r.timeout == 1000ms);
    CHECK(r.headers.size() == 1);
    CHECK(r.body.empty());
  }
  REQUIRE(fetch.outcome().has_value());
  CHECK(fetch.outcome()->source == CredentialSource::InstanceMetadata);
  CHECK(fetch.outcome()->credentials.access_key_id == "ASIAEXAMPLE");
  CHECK(fetch.outcome()->credentials.secret_access_key.reveal() == secret);
  CHECK(*fetch.outcome()->credentials.expiration == expected_expiration);
  CHECK(h.clock.sleeps.empty());
}

TEST_CASE("imds fetch: the first role, an IPv6 or custom endpoint") {
  Harness h;
  h.transport.script.push_back(test::response(200, imds_token));
  h.transport.script.push_back(test::response(200, "  first-role \r\nsecond-role\n"));
  h.transport.script.push_back(test::response(200, document()));
  ImdsFetch fetch(ImdsSettings{"http", "[fd00:ec2::254]"});
  h.run(fetch);
  REQUIRE(h.transport.sent.size() == 3);
  CHECK(h.transport.sent[0].url() == "http://[fd00:ec2::254]/latest/api/token");
  CHECK(h.transport.sent[2].url() == "http://[fd00:ec2::254]/latest/meta-data/iam/security-credentials/first-role");
  CHECK(fetch.outcome().has_value());
}

TEST_CASE("imds fetch: failures, each after one attempt") {
  struct Case {
    std::vector<test::Answer> script;
    std::string detail;
  };
  std::vector<Case> cases;
  cases.push_back({{transport_error()}, "the instance metadata service at http://169.254.169.254 is unreachable (connection refused)"});
  cases.push_back({{transport_error(TransportFailure::Timeout)},
                   "the instance metadata service at http://169.254.169.254 is unreachable (no answer within 1 s)"});
  cases.push_back({{test::response(403, "")},
                   "the instance metadata service at http://169.254.169.254 refused the session token request (IMDSv2) "
                   "with status 403; redrive does not fall back to IMDSv1"});
  cases.push_back({{test::response(400, "")},
                   "the instance metadata service at http://169.254.169.254 answered the session token request with status 400"});
  cases.push_back({{test::response(200, "")},
                   "the instance metadata service at http://169.254.169.254 returned a session token that is empty or not a "
                   "valid header value"});
  cases.push_back({{test::response(200, "tok\r\nx-evil: 1")},
                   "the instance metadata service at http://169.254.169.254 returned a session token that is empty or not a "
                   "valid header value"});
  cases.push_back({{test::response(200, imds_token), test::response(404, "")},
                   "the instance metadata service at http://169.254.169.254 has no IAM role for this instance (status 404)"});
  cases.push_back({{test::response(200, imds_token), test::response(200, "\n")},
                   "the instance metadata service at http://169.254.169.254 has no IAM role for this instance (the role "
                   "list is empty)"});
  cases.push_back({{test::response(200, imds_token), test::response(401, "")},
                   "the instance metadata service at http://169.254.169.254 answered the role name request with status 401"});
  cases.push_back({{test::response(200, imds_token), test::response(200, "../../user-data")},
                   "the instance metadata service at http://169.254.169.254 returned a role name with a byte that cannot "
                   "be in a role name"});
  cases.push_back({{test::response(200, imds_token), transport_error(TransportFailure::Timeout)},
                   "the instance metadata service at http://169.254.169.254 did not answer the role name request (no "
                   "answer within 1 s)"});
  cases.push_back({{test::response(200, imds_token), test::response(200, "r"), test::response(500, document())},
                   "the instance metadata service at http://169.254.169.254 answered the credentials request with status 500"});
  cases.push_back({{test::response(200, imds_token), test::response(200, "r"), transport_error()},
                   "the instance metadata service at http://169.254.169.254 did not answer the credentials request "
                   "(connection refused)"});
  cases.push_back({{test::response(200, imds_token), test::response(200, "r"), test::response(200, document(R"(,"Expiration":"soon")"))},
                   "the instance metadata service at http://169.254.169.254 returned an unusable answer: the credentials "
                   "document's Expiration is not an ISO 8601 time"});
  for (auto& c : cases) {
    CAPTURE(c.detail);
    Harness h;
    const std::size_t answers = c.script.size();
    for (auto& a : c.script) h.transport.script.push_back(std::move(a));
    h.transport.script.push_back(test::response(200, document()));  // never reached: no retries
    ImdsFetch fetch;
    h.run(fetch);
    CHECK(h.transport.sent.size() == answers);
    REQUIRE_FALSE(fetch.outcome().has_value());
    CHECK(fetch.outcome().error().code == CredentialsErrc::InstanceMetadataFailed);
    CHECK(fetch.outcome().error().detail == c.detail);
    CHECK_FALSE(contains(fetch.outcome().error().message(), imds_token));
    CHECK_FALSE(contains(fetch.outcome().error().message(), secret));
    CHECK(h.clock.sleeps.empty());
  }
}

TEST_CASE("imds provider: a fresh fetch each time, a new session token each time") {
  Harness h;
  for (int i = 0; i < 2; ++i) {
    h.transport.script.push_back(test::response(200, "token-" + std::to_string(i)));
    h.transport.script.push_back(test::response(200, "role"));
    h.transport.script.push_back(test::response(200, document()));
  }
  ImdsProvider provider(ImdsSettings{"http", "127.0.0.1:1338"});
  for (int i = 0; i < 2; ++i) {
    auto fetch = provider.fetch();
    h.run(*fetch);
    CHECK(fetch->outcome().has_value());
  }
  REQUIRE(h.transport.sent.size() == 6);
  CHECK(h.transport.sent[0].method == "PUT");
  CHECK(h.transport.sent[3].method == "PUT");
  CHECK(h.transport.sent[3].url() == "http://127.0.0.1:1338/latest/api/token");
  CHECK(h.transport.sent[5].header("x-aws-ec2-metadata-token") == "token-1");
}
