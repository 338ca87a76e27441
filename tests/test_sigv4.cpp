#include <doctest/doctest.h>

#include <openssl/hmac.h>

#include <redrive/sigv4.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "sqs_request.hpp"

using namespace redrive;
using namespace std::chrono;

namespace {

constexpr std::string_view example_secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
// The session token of the AWS documentation's examples.
constexpr std::string_view example_token =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuw"
    "thAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcH"
    "NVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oL"
    "xBA==";
constexpr std::string_view empty_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr sys_seconds suite_time = sys_days(2015y / 8 / 30) + 12h + 36min;

Credentials example(std::string_view token = {}) {
  return Credentials{"AKIDEXAMPLE", SecretString(example_secret), SecretString(token)};
}

std::string hex(const SigningKey& k) {
  std::string out(64, '\0');
  detail::sigv4::put_hex(k, out.data());
  return out;
}

std::string header(const HttpRequest& r, std::string_view name) {
  auto v = r.header(name);
  return v ? std::string(*v) : std::string("<absent>");
}

int count(const HttpRequest& r, std::string_view name) {
  int n = 0;
  for (const auto& h : r.headers) n += h.name == name;
  return n;
}

}  // namespace

// ---- compile time ---------------------------------------------------------------------------
constexpr bool formats(sys_seconds t, std::string_view want) {
  char out[16];
  return detail::sigv4::format_amz_date(t, out) && std::string_view(out, 16) == want;
}
static_assert(formats(suite_time, "20150830T123600Z"));
static_assert(formats(sys_seconds{}, "19700101T000000Z"));
static_assert(formats(sys_days(1999y / 12 / 31) + 23h + 59min + 59s, "19991231T235959Z"));
static_assert(formats(sys_days(2024y / 2 / 29), "20240229T000000Z"));
static_assert(formats(sys_days(9999y / 12 / 31) + 86399s, "99991231T235959Z"));
static_assert(!formats(sys_days(10000y / 1 / 1), ""));
static_assert(detail::sigv4::is_unsignable("user-agent") && detail::sigv4::is_unsignable("proxy-authorization") &&
              detail::sigv4::is_unsignable("sec-fetch-mode") && !detail::sigv4::is_unsignable("content-type") &&
              !detail::sigv4::is_unsignable("x-amz-date") && !detail::sigv4::is_unsignable(""));
static_assert(!std::is_copy_constructible_v<Signer> && std::is_nothrow_move_constructible_v<Signer>);

// ---- published examples -----------------------------------------------------------------------
// AWS General Reference / IAM User Guide, "Examples of how to derive a signing key for Signature
// Version 4": secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, region us-east-1, service iam.
TEST_CASE("signing key: the AWS documentation's derivation examples") {
  CHECK(hex(signing_key(example_secret, sys_days(2015y / 8 / 30), "us-east-1", "iam").value()) ==
        "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  CHECK(hex(signing_key(example_secret, sys_days(2012y / 2 / 15), "us-east-1", "iam").value()) ==
        "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  CHECK(signing_key(example_secret, sys_days(10000y / 1 / 1), "us-east-1", "iam").error() ==
        SignErrc::TimeOutOfRange);
}

// AWS Signature Version 4 test suite (aws-sig-v4-test-suite, published with the AWS General
// Reference; the copy in awslabs/aws-c-auth tests/aws-signing-test-suite/v4/): "get-vanilla" and
// "post-vanilla", GET|POST / with Host example.amazonaws.com, AKIDEXAMPLE, 20150830T123600Z,
// us-east-1, service "service". The suite signs no x-amz-content-sha256.
TEST_CASE("AWS SigV4 test suite: get-vanilla") {
  Signer signer(example(), {.add_content_sha256 = false});
  HttpRequest r{"GET", "https", "example.amazonaws.com", "/", {}, ""};
  REQUIRE(signer.sign(r, "us-east-1", "service", suite_time));
  CHECK(signer.canonical_request() ==
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(signer.string_to_sign() ==
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
        "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  CHECK(header(r, "authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  CHECK(header(r, "x-amz-date") == "20150830T123600Z");
  CHECK(header(r, "host") == "example.amazonaws.com");  // added from request.host
  CHECK(header(r, "x-amz-content-sha256") == "<absent>");
  CHECK(header(r, "x-amz-security-token") == "<absent>");
}

TEST_CASE("AWS SigV4 test suite: post-vanilla") {
  Signer signer(example(), {.add_content_sha256 = false});
  HttpRequest r{"POST", "https", "example.amazonaws.com", "/", {{"host", "example.amazonaws.com"}}, ""};
  REQUIRE(signer.sign(r, "us-east-1", "service", suite_time));
  CHECK(signer.canonical_request() ==
        "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(signer.string_to_sign() ==
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
        "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87");
  CHECK(header(r, "authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
  CHECK(count(r, "host") == 1);
}

// Same suite, "get-vanilla-query-order-key-case": parameters sorted by key.
TEST_CASE("AWS SigV4 test suite: get-vanilla-query-order-key-case") {
  Signer signer(example(), {.add_content_sha256 = false});
  HttpRequest r{"GET", "https", "example.amazonaws.com", "/?Param2=value2&Param1=value1", {}, ""};
  REQUIRE(signer.sign(r, "us-east-1", "service", suite_time));
  CHECK(signer.canonical_request().starts_with("GET\n/\nParam1=value1&Param2=value2\n"));
  CHECK(header(r, "authorization").ends_with(
      "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
}

// AWS General Reference, "Create a canonical request for Signature Version 4" / "Calculate the
// signature": GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08.
TEST_CASE("AWS documentation example: IAM ListUsers") {
  Signer signer(example(), {.add_content_sha256 = false});
  HttpRequest r{"GET",
                "https",
                "iam.amazonaws.com",
                "/?Action=ListUsers&Version=2010-05-08",
                {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}},
                ""};
  REQUIRE(signer.sign(r, "us-east-1", "iam", suite_time));
  CHECK(signer.canonical_request() ==
        "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
        "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
        "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n" +
            std::string(empty_sha256));
  CHECK(signer.string_to_sign().ends_with("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"));
  CHECK(header(r, "authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date, "
        "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

// ---- SQS requests, as the JS SDK signs them ---------------------------------------------------
// Expected values computed with @smithy/signature-v4 5.7.5 (SignatureV4 with @aws-crypto/sha256-js,
// default applyChecksum) on the same request; the differential test tests/conformance/sign.js
// covers many more.
TEST_CASE("an SQS request: x-amz-content-sha256 added and signed by default") {
  Signer signer(example());
  HttpRequest r = sqs_request();
  REQUIRE(signer.sign(r, "us-east-1", "sqs", suite_time));
  CHECK(header(r, "x-amz-content-sha256") == "f3104f09b032c770cffc9ddaa19a54ffdab9c1fd5e07e787578cf97ca050f3c7");
  CHECK(header(r, "authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, "
        "SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;"
        "x-amzn-query-mode, Signature=829de164a06ccaf6720ae8675eb6010cfa07ede92f2ec78efa4a9911f142ff4d");
  CHECK(r.headers.size() == 8);
}

TEST_CASE("session credentials: x-amz-security-token is set and signed") {
  Signer signer(example(example_token));
  HttpRequest r = sqs_request();
  r.headers.push_back({"x-amz-security-token", "an old token"});
  REQUIRE(signer.sign(r, "us-east-1", "sqs", suite_time));
  CHECK(header(r, "x-amz-security-token") == example_token);
  CHECK(count(r, "x-amz-security-token") == 1);
  CHECK(header(r, "authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, "
        "SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;"
        "x-amz-target;x-amzn-query-mode, Signature=9e8c91b3b427114f4fcdc8b2e20ffa65f18b745c23eb02422e1ba09e41e6ee33");
}

TEST_CASE("header canonicalization, unsignable and stale headers, path normalization") {
  Signer signer(example(), {.add_content_sha256 = false});
  HttpRequest r{"POST",
                "https",
                "example.amazonaws.com",
                "/a/./b/../c/%20d e/",
                {{"Host", "example.amazonaws.com"},
                 {"My-Header1", "  a   b \t c  "},
                 {"user-agent", "x"},
                 {"connection", "keep-alive"},
                 {"authorization", "stale"},
                 {"X-Amz-Date", "stale"},
                 {"date", "Mon, 09 Sep 2011 23:36:00 GMT"},
                 {"proxy-authorization", "p"},
                 {"sec-fetch-mode", "cors"},
                 {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}},
                "ignored: the given payload hash wins"};
  REQUIRE(signer.sign(r, "us-east-1", "service", suite_time));
  // Cross-checked with @smithy/signature-v4 (applyChecksum: false).
  CHECK(signer.canonical_request() ==
        "POST\n/a/c/%2520d%20e/\n\nhost:example.amazonaws.com\nmy-header1:a b c\n"
        "x-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20150830T123600Z\n\n"
        "host;my-header1;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD");
  CHECK(header(r, "authorization").ends_with(
      "SignedHeaders=host;my-header1;x-amz-content-sha256;x-amz-date, "
      "Signature=d6aaff8079af2c042abd9372e8e160be37b48e303fc68aa31807cdd41ca71adc"));
  CHECK(count(r, "authorization") == 1);
  CHECK(count(r, "x-amz-date") == 1);
  CHECK(count(r, "date") == 0);
  CHECK(header(r, "my-header1") == "  a   b \t c  ");  // the value sent is untouched
  CHECK(count(r, "host") == 1);                          // names are lower-cased in place
}

// The canonical form of a header value, the slow obvious way: words split at spaces, tabs, CR and
// LF, joined by one space.
std::string canonical_value_reference(std::string_view v) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += ' ';
    out += word;
    word.clear();
  };
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') flush();
    else word += c;
  }
  flush();
  return out;
}

TEST_CASE("canonical header values: the eight-byte check finds whitespace at every position") {
  auto canonical = [](std::string_view v) {
    std::string out(v.size(), '\0');
    out.resize(static_cast<std::size_t>(detail::sigv4::put_canonical_value(out.data(), v) - out.data()));
    return out;
  };
  const std::string_view plain = "application/x-amz-json-1.0\xC3\xBC\x7F";
  CHECK(canonical(plain) == plain);
  CHECK(canonical("") == "");
  CHECK(canonical(" \t\r\n ") == "");
  CHECK(canonical("a\x01b") == "a\x01b");  // control bytes other than whitespace stay
  for (std::size_t len = 1; len <= 20; ++len) {
    for (std::size_t at = 0; at < len; ++at) {
      for (char ws : {' ', '\t', '\r', '\n'}) {
        std::string v(len, 'x');
        v[at] = ws;
        CAPTURE(len);
        CAPTURE(at);
        CHECK(canonical(v) == canonical_value_reference(v));
        v[at == 0 ? len - 1 : 0] = ws;  // a second one, at an end
        CHECK(canonical(v) == canonical_value_reference(v));
      }
    }
  }
}

TEST_CASE("a scope longer than the buffers a new Signer reserves") {
  // A string to sign of 172 bytes: past the 160 a Signer reserves, within twice that (libstdc++
  // then grows the buffer to 320 bytes, more than was asked for).
  Signer signer(example());
  const std::string region(30, 'r'), service(20, 's');
  HttpRequest r{"POST", "https", "example.com", "/", {}, ""};
  REQUIRE(signer.sign(r, region, service, suite_time));
  const std::string scope = "20150830/" + region + "/" + service + "/aws4_request";
  const std::string_view sts = signer.string_to_sign();
  CHECK(sts.starts_with("AWS4-HMAC-SHA256\n20150830T123600Z\n" + scope + "\n"));
  CHECK(sts.size() == 17 + 17 + scope.size() + 1 + 64);
  // The signature, from the string to sign with OpenSSL's one-shot HMAC.
  const SigningKey key = signing_key(example_secret, sys_days(2015y / 8 / 30), region, service).value();
  SigningKey mac{};
  unsigned int mac_len = 0;
  REQUIRE(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
               reinterpret_cast<const unsigned char*>(sts.data()), sts.size(), mac.data(), &mac_len) != nullptr);
  CHECK(header(r, "authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + scope +
            ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + hex(mac));
}

TEST_CASE("midnight, a secret longer than an HMAC block, a Unicode body") {
  Signer signer(Credentials{"AKIDEXAMPLE", SecretString(std::string(100, 'x')), {}});
  HttpRequest r{"POST", "https", "sqs.eu-west-1.amazonaws.com", "/", {}, "\xC3\xBC\xE2\x82\xAC\xF0\x9F\x98\x80"};
  REQUIRE(signer.sign(r, "eu-west-1", "sqs", sys_days(1999y / 12 / 31) + 86399s));
  CHECK(header(r, "x-amz-date") == "19991231T235959Z");
  CHECK(header(r, "x-amz-content-sha256") == "bec2d3e7c2047c817dc4c8c4e13f7a4801bb0c7f8798e3ac3e2fd65d71cb4993");
  CHECK(header(r, "authorization") ==
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/19991231/eu-west-1/sqs/aws4_request, "
        "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
        "Signature=1d13f045cdefe39d0dbb87b16b84ca3f048dd2deae26554da6e9b7f06e59f95d");
}

// ---- behaviour --------------------------------------------------------------------------------
TEST_CASE("canonical paths") {
  auto path_of = [](std::string_view path) {
    Signer signer(example(), {.add_content_sha256 = false});
    HttpRequest r{"GET", "https", "h", std::string(path), {}, ""};
    REQUIRE(signer.sign(r, "us-east-1", "service", suite_time));
    std::string_view cr = signer.canonical_request();
    cr.remove_prefix(4);
    return std::string(cr.substr(0, cr.find('\n')));
  };
  CHECK(path_of("/") == "/");
  CHECK(path_of("") == "/");
  CHECK(path_of("//") == "/");
  CHECK(path_of("/..") == "/");
  CHECK(path_of("/a//b/") == "/a/b/");
  CHECK(path_of("/a/b/..") == "/a");
  CHECK(path_of("/%41") == "/%2541");
  CHECK(path_of("/~a-b_c.d*") == "/~a-b_c.d%2A");
  CHECK(path_of("/\xE1\x88\xB4") == "/%E1%88%B4");  // the suite's get-utf8 path
  CHECK(path_of("/a?x=1") == "/a");
}

TEST_CASE("canonical query strings") {
  auto query_of = [](std::string_view path) {
    Signer signer(example(), {.add_content_sha256 = false});
    HttpRequest r{"GET", "https", "h", std::string(path), {}, ""};
    REQUIRE(signer.sign(r, "us-east-1", "service", suite_time));
    std::string_view cr = signer.canonical_request();
    cr.remove_prefix(cr.find('\n') + 1);
    cr.remove_prefix(cr.find('\n') + 1);
    return std::string(cr.substr(0, cr.find('\n')));
  };
  CHECK(query_of("/?Param1=value2&Param1=Value1") == "Param1=Value1&Param1=value2");  // suite: order-value
  CHECK(query_of("/?a-b=1&a=2") == "a=2&a-b=1");  // by key, then value; not by "key=value"
  CHECK(query_of("/?k") == "k=");
  CHECK(query_of("/?a%20b=c%2Fd&x=%7E") == "a%20b=c%2Fd&x=~");
  CHECK(query_of("/?sp ace=+&bad=%zz") == "bad=%25zz&sp%20ace=%2B");
  CHECK(query_of("/?X-Amz-Signature=abc&b=1") == "b=1");
  CHECK(query_of("/?&&") == "");
}

TEST_CASE("repeated header names: values joined by commas, in order") {
  Signer signer(example(), {.add_content_sha256 = false});
  HttpRequest r{"GET", "https", "h", "/", {{"x-b", "2"}, {"x-a", " one "}, {"X-A", "two"}}, ""};
  REQUIRE(signer.sign(r, "us-east-1", "service", suite_time));
  CHECK(signer.canonical_request().find("\nx-a:one,two\nx-amz-date:20150830T123600Z\nx-b:2\n") != std::string_view::npos);
  CHECK(header(r, "authorization").find("SignedHeaders=host;x-a;x-amz-date;x-b,") != std::string::npos);
}

TEST_CASE("re-signing replaces the signature headers instead of adding more") {
  Signer signer(example(example_token));
  HttpRequest r = sqs_request();
  REQUIRE(signer.sign(r, "us-east-1", "sqs", suite_time));
  const std::string first = header(r, "authorization");
  REQUIRE(signer.sign(r, "us-east-1", "sqs", suite_time + 1s));
  CHECK(header(r, "x-amz-date") == "20150830T123601Z");
  CHECK(header(r, "authorization") != first);
  for (std::string_view name : {"authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "host"}) {
    CAPTURE(name);
    CHECK(count(r, name) == 1);
  }
  // Signing again at the first time gives the first signature back.
  REQUIRE(signer.sign(r, "us-east-1", "sqs", suite_time));
  CHECK(header(r, "authorization") == first);
}

namespace {

std::string yyyymmdd(sys_seconds t) {
  const year_month_day date{floor<days>(t)};
  char text[16];
  std::snprintf(text, sizeof text, "%04d%02u%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return text;
}

// A signature from the cached Signer must equal a fresh Signer's, and name its own day.
void check_cached(Signer& cached, const char* region, sys_seconds t) {
  CAPTURE(region);
  CAPTURE(t.time_since_epoch().count());
  HttpRequest a = sqs_request(), b = sqs_request();
  REQUIRE(cached.sign(a, region, "sqs", t));
  REQUIRE(sign(b, example(), region, "sqs", t));
  CHECK(header(a, "authorization") == header(b, "authorization"));
  const std::string scope = "/" + yyyymmdd(t) + "/" + region + "/sqs/aws4_request";
  CHECK(header(a, "authorization").find(scope) != std::string::npos);
}

}  // namespace

TEST_CASE("the key cache: alternating 23:59:59 and 00:00:00 re-derives the key for each day") {
  // Two regions and two days fit in the cache together, so from the second round on every key
  // comes from it: a cache that ignored the date would sign 00:00:00 with the previous day's key.
  Signer cached(example());
  const char* regions[] = {"us-east-1", "eu-west-1"};
  for (int day = 0; day < 3; ++day) {
    const sys_seconds midnight = floor<days>(suite_time) + days(day + 1);
    for (int round = 0; round < 3; ++round)
      for (sys_seconds t : {midnight - 1s, midnight})
        for (const char* region : regions) check_cached(cached, region, t);
  }
  // Across a year's end and a leap day too.
  for (sys_seconds midnight : {sys_seconds(sys_days(2016y / 1 / 1)), sys_seconds(sys_days(2016y / 3 / 1))})
    for (int round = 0; round < 2; ++round)
      for (sys_seconds t : {midnight - 1s, midnight}) check_cached(cached, "us-east-1", t);
}

TEST_CASE("the key cache: more scopes than it holds give the same signatures as fresh signers") {
  Signer cached(example());
  const char* regions[] = {"us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1", "eusc-de-east-1"};
  for (int day = 0; day < 2; ++day)
    for (int round = 0; round < 2; ++round)
      for (const char* region : regions) check_cached(cached, region, suite_time + days(day));
}

TEST_CASE("new credentials forget the cached keys") {
  Signer signer(example());
  HttpRequest a = sqs_request(), b = sqs_request();
  REQUIRE(signer.sign(a, "us-east-1", "sqs", suite_time));
  signer.set_credentials(Credentials{"AKIDOTHER", SecretString("another secret"), {}});
  REQUIRE(signer.sign(b, "us-east-1", "sqs", suite_time));
  HttpRequest c = sqs_request();
  REQUIRE(sign(c, Credentials{"AKIDOTHER", SecretString("another secret"), {}}, "us-east-1", "sqs", suite_time));
  CHECK(header(b, "authorization") == header(c, "authorization"));
  CHECK(header(a, "authorization") != header(b, "authorization"));
}

TEST_CASE("a time outside 0000-9999 is an error and leaves the request unchanged") {
  Signer signer(example());
  HttpRequest r = sqs_request();
  const HttpRequest before = r;
  auto result = signer.sign(r, "us-east-1", "sqs", sys_days(10000y / 1 / 1));
  REQUIRE(!result);
  CHECK(result.error() == SignErrc::TimeOutOfRange);
  CHECK(r == before);
  CHECK(!signer.sign(r, "us-east-1", "sqs", sys_days(year(-1) / 12 / 31)));
  CHECK(message(SignErrc::TimeOutOfRange).find("9999") != std::string_view::npos);
}

TEST_CASE("a moved Signer keeps signing") {
  Signer a(example());
  HttpRequest r1 = sqs_request(), r2 = sqs_request();
  REQUIRE(a.sign(r1, "us-east-1", "sqs", suite_time));
  Signer b = std::move(a);
  REQUIRE(b.sign(r2, "us-east-1", "sqs", suite_time));
  CHECK(header(r1, "authorization") == header(r2, "authorization"));
}
