// STS answers (credentials/sts.hpp) from arbitrary bytes. The input is the XML document, after
// a first byte that picks the HTTP statuses a fetch meets. Properties: the parsers never crash and
// are deterministic; credentials parsed have an access key ID and a secret; a parse error is one
// of the fixed sentences (it never quotes the input, which may hold secrets); an AssumeRoleFetch
// answered with the document ends within its 3 attempts, succeeds exactly when a 2xx came with
// parseable credentials, and its error detail holds no control byte and none of the source
// credentials' secrets (unless the answer quotes them).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <redrive/credentials/sts.hpp>

#include "fuzz_check.hpp"

namespace {

using namespace redrive;

constexpr std::string_view parse_errors[] = {
    "the answer is not XML",
    "the answer is not an AssumeRole or AssumeRoleWithWebIdentity response",
    "the answer has no Credentials",
    "the answer's Credentials have no AccessKeyId",
    "the answer's Credentials have no SecretAccessKey",
    "the answer's Expiration is not an ISO 8601 time",
};
constexpr int statuses[] = {200, 400, 403, 500, 503, 429, 404, 302};
constexpr std::string_view source_secret = "SOURCE-SECRET-KEY-0123456789";
constexpr std::string_view source_token = "SOURCE-SESSION-TOKEN-0123456789";

void check_parsers(std::string_view xml) {
  const auto creds = parse_sts_credentials(xml);
  const auto again = parse_sts_credentials(xml);
  FUZZ_CHECK(creds.has_value() == again.has_value());
  if (creds) {
    FUZZ_CHECK(!creds->access_key_id.empty() && !creds->secret_access_key.empty());
    FUZZ_CHECK(creds->access_key_id == again->access_key_id);
    FUZZ_CHECK(creds->secret_access_key.reveal() == again->secret_access_key.reveal());
    FUZZ_CHECK(creds->session_token.reveal() == again->session_token.reveal());
    FUZZ_CHECK(creds->expiration == again->expiration);
  } else {
    bool known = false;
    for (auto e : parse_errors) known = known || creds.error() == e;
    FUZZ_CHECK(known);
    FUZZ_CHECK(creds.error() == again.error());
  }
  const auto error = parse_sts_error(xml);
  const auto error_again = parse_sts_error(xml);
  FUZZ_CHECK(error.has_value() == error_again.has_value());
  if (error) FUZZ_CHECK(error->code == error_again->code && error->message == error_again->message);
}

void check_fetch(std::uint8_t pick, std::string_view xml) {
  const Endpoint sts = Endpoint::custom("http://127.0.0.1:4566", "us-east-1").value();
  auto source = std::make_unique<ReadyFetch>(ProvidedCredentials{
      Credentials{"AKIDSOURCE", SecretString(source_secret), SecretString(source_token)}, CredentialSource::Environment});
  AssumeRoleFetch fetch(std::move(source), AssumeRoleParams{"arn:aws:iam::1:role/r", "s"}, sts, pick);
  CallTime now{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}};
  int sent = 0, last_status = 0;
  for (int step = 0; step < 20; ++step) {
    const Step s = fetch.next(now);
    if (s.done()) break;
    if (s.waiting()) {
      FUZZ_CHECK(s.wake_at > now);
      now = s.wake_at;
      continue;
    }
    FUZZ_CHECK(s.sending() && s.request != nullptr);
    ++sent;
    FUZZ_CHECK(sent <= 3);
    last_status = statuses[(pick >> (2 * (sent - 1))) % std::size(statuses)];
    const HeaderView date[] = {{"Date", "Tue, 01 Dec 2026 12:00:00 GMT"}};
    fetch.on_response(HttpResponse{last_status, pick & 0x80 ? std::span<const HeaderView>(date) : std::span<const HeaderView>{}, xml},
                      0, now);
    now += std::chrono::milliseconds{10};
  }
  FUZZ_CHECK(fetch.next(now).done());
  const auto& outcome = fetch.outcome();
  const bool expect_ok = last_status == 200 && parse_sts_credentials(xml).has_value();
  FUZZ_CHECK(outcome.has_value() == expect_ok);
  if (outcome) {
    FUZZ_CHECK(outcome->source == CredentialSource::AssumeRole);
  } else {
    FUZZ_CHECK(outcome.error().code == CredentialsErrc::AssumeRoleFailed);
    // Unless the answer itself quotes them (libFuzzer finds such answers).
    if (xml.find(source_secret) == std::string_view::npos)
      FUZZ_CHECK(outcome.error().detail.find(source_secret) == std::string::npos);
    if (xml.find(source_token) == std::string_view::npos)
      FUZZ_CHECK(outcome.error().detail.find(source_token) == std::string::npos);
    for (char c : outcome.error().detail) FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view xml(reinterpret_cast<const char*>(data) + 1, size - 1);
  check_parsers(xml);
  check_fetch(data[0], xml);
  return 0;
}
