// A warm Signer allocates only the headers it adds to the request: nothing of its own, in C++ or
// in libcrypto. It counts operator new (count_allocations.hpp) and libcrypto's allocations (its
// allocator, replaced before libcrypto allocates anything), so it is an executable of its own.
#include <doctest/doctest.h>
#include <openssl/crypto.h>

#include <chrono>
#include <cstdlib>
#include <redrive/sigv4.hpp>

#include "count_allocations.hpp"
#include "sqs_request.hpp"

using namespace redrive;
using namespace std::chrono;

namespace {

void* crypto_malloc(std::size_t n, const char*, int) {
  if (counting) ++allocations;
  return std::malloc(n ? n : 1);
}
void* crypto_realloc(void* p, std::size_t n, const char*, int) {
  if (counting) ++allocations;
  return std::realloc(p, n ? n : 1);
}
void crypto_free(void* p, const char*, int) { std::free(p); }

// Before main: libcrypto accepts a new allocator only before its first allocation.
const bool crypto_counted = CRYPTO_set_mem_functions(crypto_malloc, crypto_realloc, crypto_free) == 1;

// The request with room for the headers signing adds, so the headers vector itself does not grow.
HttpRequest roomy_request() {
  HttpRequest r = sqs_request();
  r.headers.reserve(16);
  return r;
}

}  // namespace

TEST_CASE("the counter sees libcrypto's allocations") {
  REQUIRE(crypto_counted);
  CHECK(allocations_in([] { OPENSSL_free(OPENSSL_malloc(10)); }) == 1);
}

TEST_CASE("a warm Signer allocates only the headers it adds") {
  REQUIRE(crypto_counted);
  Signer signer(Credentials{"AKIDEXAMPLE", SecretString("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), {}});
  const sys_seconds time = sys_days(2015y / 8 / 30) + 12h + 36min;
  HttpRequest warm = roomy_request();
  REQUIRE(signer.sign(warm, "us-east-1", "sqs", time));  // derives and caches the key, sizes the buffers

  HttpRequest r = roomy_request();
  bool ok = false;
  // x-amz-date's value (16 bytes, past the small-string buffer), x-amz-content-sha256's name and
  // value, authorization's value.
  CHECK(allocations_in([&] { ok = signer.sign(r, "us-east-1", "sqs", time).has_value(); }) == 4);
  CHECK(ok);
  CHECK(r.header("authorization") == warm.header("authorization"));
}
