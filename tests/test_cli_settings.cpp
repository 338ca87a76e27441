// The CLI's User-Agent (tools/cli/settings.hpp) and how it keeps the session token out of what it
// prints (tools/cli/redact.hpp).
#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>

#include "../tools/cli/redact.hpp"
#include "../tools/cli/render_text.hpp"
#include "../tools/cli/settings.hpp"

using namespace redrive;
using namespace redrive::cli;


TEST_CASE("the User-Agent: app/<id> escaped as the JavaScript SDK escapes it") {
  const std::string base = "redrive/" REDRIVE_VERSION;
  CHECK(user_agent(std::nullopt) == base);
  CHECK(user_agent("") == base);
  CHECK(user_agent("billing-v2") == base + " app/billing-v2");
  CHECK(user_agent("a_B.9!$%&'*+^`|~#") == base + " app/a_B.9!$%&'*+^`|~#");
  // What @aws-sdk/client-sqs sends for AWS_SDK_UA_APP_ID='my app/é😀#1': "app/my-app----#1".
  CHECK(user_agent("my app/\xC3\xA9\xF0\x9F\x98\x80#1") == base + " app/my-app----#1");
  CHECK(user_agent("x\"y\\z(1);") == base + " app/x-y-z-1--");
}

TEST_CASE("redact_secrets replaces the session token, whatever its case, and nothing else") {
  HttpRequest r;
  r.method = "POST";
  r.scheme = "https";
  r.host = "sqs.us-east-1.amazonaws.com";
  r.path = "/";
  r.headers = {{"x-amz-date", "20261201T120000Z"},
               {"x-amz-security-token", "FwoGZXIvYXdzEXAMPLETOKEN"},
               {"authorization", "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/..."}};
  HttpRequest shown = r;
  REQUIRE(redact_secrets(shown));
  CHECK(shown.header("x-amz-security-token") == "<redacted>");
  CHECK(shown.header("authorization") == r.header("authorization"));
  CHECK(shown.header("x-amz-date") == r.header("x-amz-date"));
  for (const std::string& text : {http_text(shown), curl_command(shown)}) {
    CHECK(text.find("FwoGZXIvYXdzEXAMPLETOKEN") == std::string::npos);
    CHECK(text.find("<redacted>") != std::string::npos);
  }
  HttpRequest upper = r;
  upper.headers[1].name = "X-Amz-Security-Token";
  REQUIRE(redact_secrets(upper));
  CHECK(upper.headers[1].value == "<redacted>");
  HttpRequest none = r;
  none.headers.erase(none.headers.begin() + 1);
  const HttpRequest before = none;
  CHECK(!redact_secrets(none));
  CHECK(none == before);
}

TEST_CASE("mask_password: the password of a URL's user info, byte for byte") {
  CHECK(mask_password("http://user:pass@127.0.0.1:1") == "http://user:****@127.0.0.1:1");
  CHECK(mask_password("https://a:b:c@h/p@q") == "https://a:***@h/p@q");
  CHECK(mask_password("https://user@host") == "https://user@host");
  CHECK(mask_password("http://127.0.0.1:4566/x:y@z") == "http://127.0.0.1:4566/x:y@z");
  CHECK(mask_password("http://h:1?u:p@x") == "http://h:1?u:p@x");
  CHECK(mask_password("not a url") == "not a url");
  CHECK(mask_password("http://:secret@h") == "http://:******@h");
}

TEST_CASE("setting_flags: a flag given is explicit; one not given leaves the environment and the profile to decide") {
  CommonOptions none;
  const SettingFlags empty = setting_flags(none);
  CHECK_FALSE(empty.use_fips_endpoint);  // not false: AWS_USE_FIPS_ENDPOINT may still say true
  CHECK_FALSE(empty.use_dualstack_endpoint);
  CHECK_FALSE(empty.max_attempts);
  CHECK_FALSE(empty.connect_timeout);
  CommonOptions given;
  given.profile = "dev";
  given.fips = true;
  given.max_attempts = 7;
  given.connect_timeout_seconds = 0.0001;  // below a millisecond: 1 ms, never 0 (curl's "no limit")
  const SettingFlags flags = setting_flags(given);
  CHECK(flags.profile == std::optional<std::string_view>("dev"));
  CHECK(flags.use_fips_endpoint == std::optional<bool>(true));
  CHECK(flags.max_attempts == std::optional<int>(7));
  CHECK(flags.connect_timeout == std::optional<std::chrono::milliseconds>(1));
}
