// Arbitrary requests, credentials, scopes and times sign without crashing, and signing is
// deterministic: the same input signed by a warm Signer, a cold Signer and the one-off sign()
// gives the same request, and signing a signed request again gives the same Authorization.
// The signature is also recomputed from the Signer's string to sign with OpenSSL's one-shot
// HMAC and the public signing_key(), and the string to sign's hash from the canonical request.
#include <fuzzer/FuzzedDataProvider.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <redrive/sigv4.hpp>

#include "fuzz_check.hpp"

using namespace redrive;

namespace {

std::string hex(const unsigned char* p, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += digits[p[i] >> 4];
    s += digits[p[i] & 0xF];
  }
  return s;
}

constexpr std::string_view known_headers[] = {
    "host", "content-type", "x-amz-target", "x-amzn-query-mode", "content-length", "authorization",
    "X-Amz-Date", "date", "x-amz-security-token", "x-amz-content-sha256", "user-agent", "proxy-thing",
    "sec-fetch", "connection", "x-amzn-trace-id", "Expect",
};

// The Authorization value's parts; checks the fixed layout.
struct Authorization {
  std::string_view credential, signed_headers, signature;
};
Authorization split_authorization(std::string_view a) {
  constexpr std::string_view p1 = "AWS4-HMAC-SHA256 Credential=", p2 = ", SignedHeaders=", p3 = ", Signature=";
  FUZZ_CHECK(a.starts_with(p1));
  std::size_t sh = a.rfind(p2), sg = a.rfind(p3);
  FUZZ_CHECK(sh != std::string_view::npos && sg != std::string_view::npos && sh < sg);
  Authorization out{a.substr(p1.size(), sh - p1.size()), a.substr(sh + p2.size(), sg - sh - p2.size()),
                    a.substr(sg + p3.size())};
  FUZZ_CHECK(out.signature.size() == 64);
  for (char c : out.signature) FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  Credentials credentials;
  credentials.access_key_id = in.ConsumeRandomLengthString(32);
  credentials.secret_access_key = SecretString(in.ConsumeRandomLengthString(64));
  if (in.ConsumeBool()) credentials.session_token = SecretString(in.ConsumeRandomLengthString(64));
  std::string region = in.ConsumeRandomLengthString(24);
  std::string service = in.ConsumeBool() ? std::string("sqs") : in.ConsumeRandomLengthString(16);
  // Mostly plausible times, sometimes anything (years outside 0..9999 must be refused).
  std::int64_t seconds = in.ConsumeBool() ? in.ConsumeIntegralInRange<std::int64_t>(0, 4102444800)
                                          : in.ConsumeIntegral<std::int64_t>();
  std::chrono::sys_seconds time{std::chrono::seconds(seconds)};
  SigningOptions options{in.ConsumeBool()};

  HttpRequest request;
  request.method = in.ConsumeBool() ? std::string("POST") : in.ConsumeRandomLengthString(8);
  request.scheme = "https";
  request.host = in.ConsumeRandomLengthString(40);
  request.path = in.ConsumeBool() ? std::string("/") : in.ConsumeRandomLengthString(80);
  int header_count = in.ConsumeIntegralInRange(0, 8);
  for (int i = 0; i < header_count; ++i) {
    std::uint8_t pick = in.ConsumeIntegral<std::uint8_t>();
    std::string name = pick < std::size(known_headers) ? std::string(known_headers[pick]) : in.ConsumeRandomLengthString(20);
    request.headers.push_back({std::move(name), in.ConsumeRandomLengthString(60)});
  }
  request.body = in.ConsumeRemainingBytesAsString();

  // A warm Signer per options value: it keeps the keys of earlier inputs' scopes (and is told of
  // new credentials the way a client would).
  static Signer* warm_signers[2] = {};
  Signer*& warm = warm_signers[options.add_content_sha256 ? 1 : 0];
  if (!warm) warm = new Signer(credentials, options);
  else warm->set_credentials(credentials);
  Signer cold(credentials, options);

  HttpRequest a = request, b = request, c = request;
  auto ra = cold.sign(a, region, service, time);
  auto rb = Signer(credentials, options).sign(b, region, service, time);
  auto rc = sign(c, credentials, region, service, time, options);
  FUZZ_CHECK(ra.has_value() == rb.has_value() && rb.has_value() == rc.has_value());
  if (!ra) {
    FUZZ_CHECK(ra.error() == SignErrc::TimeOutOfRange && rb.error() == ra.error() && rc.error() == ra.error());
    FUZZ_CHECK(a == request);  // on error nothing changes
    int year = static_cast<int>(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(time)).year());
    FUZZ_CHECK(year < 0 || year > 9999);
    return 0;
  }
  FUZZ_CHECK(a == b && b == c);
  HttpRequest d = request;
  FUZZ_CHECK(warm->sign(d, region, service, time).has_value());
  FUZZ_CHECK(d == a);

  auto authorization = a.header("authorization");
  FUZZ_CHECK(authorization.has_value());
  Authorization parts = split_authorization(*authorization);
  auto amz_date = a.header("x-amz-date");
  FUZZ_CHECK(amz_date && amz_date->size() == 16);
  std::string scope = std::string(amz_date->substr(0, 8)) + "/" + region + "/" + service + "/aws4_request";
  FUZZ_CHECK(parts.credential == credentials.access_key_id + "/" + scope);
  for (const auto& h : a.headers)
    for (char ch : h.name) FUZZ_CHECK(!(ch >= 'A' && ch <= 'Z'));
  // Session credentials set the token; otherwise a token header the request had stays.
  if (!credentials.session_token.empty()) FUZZ_CHECK(a.header("x-amz-security-token") == credentials.session_token.reveal());
  else FUZZ_CHECK(a.header("x-amz-security-token") == request.header("x-amz-security-token"));

  // SignedHeaders: sorted, no repeats, each a header of the signed request (when every name is an
  // HTTP token; the signer takes names as given, and a ';' in one would make the list ambiguous).
  bool token_names = true;
  for (const auto& h : a.headers) {
    token_names = token_names && !h.name.empty();
    for (char ch : h.name)
      token_names = token_names && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                                    std::string_view("!#$%&'*+-.^_`|~").find(ch) != std::string_view::npos);
  }
  std::string_view rest = token_names ? parts.signed_headers : std::string_view{}, previous;
  while (!rest.empty()) {
    std::size_t semi = rest.find(';');
    std::string_view name = rest.substr(0, semi);
    FUZZ_CHECK(previous.empty() || previous < name);
    FUZZ_CHECK(a.header(name).has_value() && name != "authorization");
    previous = name;
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
  }

  // The signature from the string to sign, independently.
  std::string_view sts = cold.string_to_sign();
  std::string_view canonical = cold.canonical_request();
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), digest);
  FUZZ_CHECK(sts == "AWS4-HMAC-SHA256\n" + std::string(*amz_date) + "\n" + scope + "\n" + hex(digest, sizeof digest));
  auto key = signing_key(credentials.secret_access_key.reveal(), std::chrono::floor<std::chrono::days>(time), region, service);
  FUZZ_CHECK(key.has_value());
  unsigned char mac[32];
  unsigned int mac_len = 0;
  FUZZ_CHECK(HMAC(EVP_sha256(), key->data(), static_cast<int>(key->size()), reinterpret_cast<const unsigned char*>(sts.data()),
                  sts.size(), mac, &mac_len) != nullptr);
  FUZZ_CHECK(parts.signature == hex(mac, mac_len));
  // The canonical request ends with the signed headers and the payload hash: the request's own
  // x-amz-content-sha256 if it had one, else the body's SHA-256.
  std::string payload_hash;
  if (auto given = request.header("x-amz-content-sha256")) {
    payload_hash = *given;
  } else {
    SHA256(reinterpret_cast<const unsigned char*>(request.body.data()), request.body.size(), digest);
    payload_hash = hex(digest, sizeof digest);
    FUZZ_CHECK(a.header("x-amz-content-sha256") == (options.add_content_sha256 ? std::optional<std::string_view>(payload_hash)
                                                                                 : std::nullopt));
  }
  FUZZ_CHECK(canonical.ends_with("\n" + std::string(parts.signed_headers) + "\n" + payload_hash));

  // Signing the signed request again: the same Authorization.
  HttpRequest again = a;
  FUZZ_CHECK(cold.sign(again, region, service, time).has_value());
  FUZZ_CHECK(again.header("authorization") == authorization);
  return 0;
}
