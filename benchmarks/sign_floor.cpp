// The floor of sign/redrive: the hashing SigV4 cannot avoid, through OpenSSL's cheapest interface.
// Per signature: SHA-256 of the body, its hex in the canonical request (twice: the
// x-amz-content-sha256 header and the payload hash), SHA-256 of that canonical request, its hex
// at the end of the string to sign, HMAC-SHA256 of the string to sign from the signing key's
// inner and outer states (computed once, as a cached key allows), and the signature's hex.
// Everything else (the canonical request's other bytes, the string to sign's prefix) is built
// once, outside the loop. Checked against the SDK's signature before and after the loop.
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "fixtures.hpp"
#include "sign_expected.hpp"
#include "timed_loop.hpp"

// The low-level SHA256_* functions are deprecated in OpenSSL 3 but are its cheapest interface:
// no provider dispatch, and a hash state is a plain struct, so an HMAC state is copied by value.
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif

namespace {

constexpr std::string_view amz_date = "20150830T123600Z";
constexpr std::string_view scope = "20150830/us-east-1/sqs/aws4_request";
constexpr std::string_view signed_headers =
    "content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amzn-query-mode";

void put_hex(const unsigned char (&digest)[32], char* out) {
  static constexpr char digits[] = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) {
    out[2 * i] = digits[digest[i] >> 4];
    out[2 * i + 1] = digits[digest[i] & 0xF];
  }
}

void sha256(std::string_view data, unsigned char (&out)[32]) {
  SHA256_CTX c;
  SHA256_Init(&c);
  SHA256_Update(&c, data.data(), data.size());
  SHA256_Final(out, &c);
}

struct Floor {
  std::string body{bench::start_request_body};
  std::string canonical, string_to_sign;
  std::size_t header_hash_at = 0, payload_hash_at = 0, request_hash_at = 0;
  SHA256_CTX inner{}, outer{};
  char signature[64] = {};

  Floor() {
    const std::string hash_placeholder(64, '0');
    canonical = "POST\n/\n\ncontent-length:" + std::to_string(body.size()) +
                "\ncontent-type:application/x-amz-json-1.0\nhost:sqs.us-east-1.amazonaws.com\nx-amz-content-sha256:";
    header_hash_at = canonical.size();
    canonical += hash_placeholder + "\nx-amz-date:" + std::string(amz_date) +
                 "\nx-amz-target:AmazonSQS.StartMessageMoveTask\nx-amzn-query-mode:true\n\n" +
                 std::string(signed_headers) + "\n";
    payload_hash_at = canonical.size();
    canonical += hash_placeholder;
    string_to_sign = "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + std::string(scope) + "\n";
    request_hash_at = string_to_sign.size();
    string_to_sign += hash_placeholder;

    // kSigning with OpenSSL's one-shot HMAC, then the HMAC states it keys.
    const std::string secret = "AWS4" + std::string(bench::secret_access_key);
    unsigned char key[32];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>("20150830"), 8, key, &len);
    for (std::string_view part : {"us-east-1", "sqs", "aws4_request"}) {
      unsigned char next[32];
      HMAC(EVP_sha256(), key, 32, reinterpret_cast<const unsigned char*>(part.data()), part.size(), next, &len);
      std::memcpy(key, next, sizeof key);
    }
    unsigned char ipad[64] = {}, opad[64] = {};
    for (int i = 0; i < 64; ++i) {
      ipad[i] = static_cast<unsigned char>((i < 32 ? key[i] : 0) ^ 0x36);
      opad[i] = static_cast<unsigned char>((i < 32 ? key[i] : 0) ^ 0x5c);
    }
    SHA256_Init(&inner);
    SHA256_Update(&inner, ipad, sizeof ipad);
    SHA256_Init(&outer);
    SHA256_Update(&outer, opad, sizeof opad);
  }

  void sign() {
    unsigned char digest[32];
    sha256(body, digest);
    put_hex(digest, canonical.data() + header_hash_at);
    std::memcpy(canonical.data() + payload_hash_at, canonical.data() + header_hash_at, 64);
    sha256(canonical, digest);
    put_hex(digest, string_to_sign.data() + request_hash_at);
    SHA256_CTX c = inner;
    SHA256_Update(&c, string_to_sign.data(), string_to_sign.size());
    SHA256_Final(digest, &c);
    c = outer;
    SHA256_Update(&c, digest, sizeof digest);
    SHA256_Final(digest, &c);
    put_hex(digest, signature);
  }

  bool signed_as_expected() const { return std::string_view(signature, 64) == bench::expected_signature; }
};

void sign_floor(benchmark::State& state) {
  Floor floor;
  floor.sign();
  if (!floor.signed_as_expected()) return state.SkipWithError("the signature differs from the SDK's");
  bench::timed_loop(
      state,
      [&] {
        floor.sign();
        benchmark::ClobberMemory();
      },
      [&] { std::memset(floor.signature, 0, sizeof floor.signature); });
  if (!floor.signed_as_expected()) state.SkipWithError("the signature differs from the SDK's in the timed loop");
}

}  // namespace

BENCHMARK(sign_floor)->Name("sign/floor");
