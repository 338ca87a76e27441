// SigV4 signing of the encoded StartMessageMoveTask request. `sign` reuses one Signer, whose
// signing key for the day, region and service is cached after the first call; `sign_cold` signs
// with redrive::sign(), which makes a Signer and derives the key every time.
#include <redrive/sigv4.hpp>

#include <benchmark/benchmark.h>

#include "fixtures.hpp"
#include "sign_expected.hpp"
#include "timed_loop.hpp"

namespace {

using bench::expected_authorization;

redrive::Credentials credentials() {
  return {std::string(bench::access_key_id), redrive::SecretString(bench::secret_access_key), {}};
}

bool signed_as_expected(const redrive::HttpRequest& r) { return r.header("authorization") == expected_authorization; }

// Signs a fresh copy of the encoded request once per iteration; dropping the headers signing added
// (cheaper than a copy) restores it. The first (cold) signature is checked before the loop, the
// last timed one (with `sign`, from the cached key) after it.
template <class Sign>
void sign_measure(benchmark::State& state, Sign sign) {
  redrive::HttpRequest request = redrive::encode(bench::start_request(), bench::endpoint());
  const std::size_t unsigned_headers = request.headers.size();
  if (!sign(request) || !signed_as_expected(request)) return state.SkipWithError("the signature differs from the SDK's");
  auto last = bench::timed_loop(state, [&] {
    request.headers.resize(unsigned_headers);
    auto ok = sign(request);
    benchmark::ClobberMemory();
    return ok;
  });
  if (!last || !*last || !signed_as_expected(request))
    state.SkipWithError("the signature differs from the SDK's in the timed loop");
}

void sign(benchmark::State& state) {
  redrive::Signer signer(credentials());
  sign_measure(state, [&](redrive::HttpRequest& r) { return signer.sign(r, "us-east-1", "sqs", bench::signing_time); });
}

void sign_cold(benchmark::State& state) {
  const redrive::Credentials c = credentials();
  sign_measure(state, [&](redrive::HttpRequest& r) { return redrive::sign(r, c, "us-east-1", "sqs", bench::signing_time); });
}

}  // namespace

BENCHMARK(sign)->Name("sign/redrive");
BENCHMARK(sign_cold)->Name("sign_cold/redrive");
