// IAM Identity Center (SSO) credentials: the token `aws sso login` cached in
// ~/.aws/sso/cache/<sha1>.json, exchanged at the SSO portal (GetRoleCredentials) for a role's
// credentials, as the AWS SDK for JavaScript v3 does (@aws-sdk/credential-provider-sso).
// Needs OpenSSL's libcrypto (SHA-1 of the cache file name): not in the umbrella header; link
// libcrypto to use it.
//
// Not done here: refreshing a token of the sso-session form through SSO-OIDC CreateToken (the SDK
// does it when the token expires within 5 minutes and the cache holds a refresh token). A token
// in that window is used while it has not expired; one that cannot be refreshed at all is
// refused as the SDK refuses it (see SsoFetch).
#pragma once

#include <openssl/evp.h>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>

#include <simdjson.h>

#include "redrive/credentials/error.hpp"
#include "redrive/credentials/provider.hpp"
#include "redrive/credentials/shared_files.hpp"
#include "redrive/credentials/timestamp.hpp"
#include "redrive/decode.hpp"
#include "redrive/endpoint.hpp"
#include "redrive/http.hpp"
#include "redrive/retry.hpp"
#include "redrive/secret.hpp"

namespace redrive {

// What an SSO profile names, with its [sso-session] section's values already merged in.
struct SsoSettings {
  std::string start_url;     // sso_start_url
  std::string region;        // sso_region: where the portal is
  std::string account_id;    // sso_account_id
  std::string role_name;     // sso_role_name
  std::string session_name;  // sso_session; empty for the legacy form (sso_start_url in the profile)
  std::string profile{};     // the profile, for the advice to run `aws sso login --profile ...`
};

namespace detail::sso {

// Lower-case hex SHA-1 of `text`; empty if libcrypto fails.
inline std::string sha1_hex(std::string_view text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(text.data(), text.size(), md, &n, EVP_sha1(), nullptr) != 1) return {};
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * n);
  for (unsigned int i = 0; i < n; ++i) {
    hex += digits[md[i] >> 4];
    hex += digits[md[i] & 0xf];
  }
  return hex;
}

// Percent-encodes all but A-Z a-z 0-9 - _ . ~ (as the SDK encodes query values).
inline void append_query_value(std::string& out, std::string_view value) {
  static constexpr char digits[] = "0123456789ABCDEF";
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 0xf];
    }
  }
}

// A JSON document parsed from a zero-wiped copy of its text.
struct ParsedJson {
  simdjson::padded_string text;
  simdjson::dom::parser parser;
  simdjson::dom::element root;

  explicit ParsedJson(std::string_view json) : text(json) {}
  ParsedJson(const ParsedJson&) = delete;
  ParsedJson& operator=(const ParsedJson&) = delete;
  ~ParsedJson() { secure_wipe(text.data(), text.size()); }
  // The root object, or nullopt when the text is not JSON or not an object.
  std::optional<simdjson::dom::object> object() {
    simdjson::dom::object o;
    if (parser.parse(text).get(root) || root.get_object().get(o)) return std::nullopt;
    return o;
  }
};

// The last member named `key` (JSON.parse keeps the last of duplicates).
inline std::optional<simdjson::dom::element> member(simdjson::dom::object o, std::string_view key) {
  std::optional<simdjson::dom::element> found;
  for (auto field : o)
    if (field.key == key) found = field.value;
  return found;
}

inline std::string_view string_member(simdjson::dom::object o, std::string_view key) {
  std::string_view s;
  if (auto v = member(o, key); !v || v->get_string().get(s)) return {};
  return s;
}

}  // namespace detail::sso

// <home>/.aws/sso/cache/<hex SHA-1>.json: of the session name, or of the start URL for the legacy
// form (as `aws sso login` names the file). Empty if libcrypto cannot compute SHA-1.
[[nodiscard]] inline std::string sso_token_cache_path(std::string_view home, const SsoSettings& settings) {
  const std::string hash = detail::sso::sha1_hex(settings.session_name.empty() ? settings.start_url
                                                                                : settings.session_name);
  if (hash.empty()) return {};
  while (home.size() > 1 && home.back() == '/') home.remove_suffix(1);
  return std::string(home) + "/.aws/sso/cache/" + hash + ".json";
}

// A cached SSO token: what GetRoleCredentials needs, and until when it works.
struct SsoToken {
  SecretString access_token;
  std::chrono::sys_seconds expires_at{};
  // clientId, clientSecret and refreshToken are all present: the SDK could refresh it.
  bool refreshable = false;
};

// A token cache file's JSON: accessToken (a non-empty string) and expiresAt (ISO 8601) are
// required; other members are ignored (startUrl and region are not checked against the profile,
// as the SDK does not check them). The error never quotes the token.
[[nodiscard]] inline std::expected<SsoToken, std::string> parse_sso_token(std::string_view json) {
  detail::sso::ParsedJson doc(json);
  auto object = doc.object();
  if (!object) return std::unexpected("it is not a JSON object");
  const std::string_view token = detail::sso::string_member(*object, "accessToken");
  if (token.empty()) return std::unexpected("it has no accessToken");
  const auto expires = parse_iso8601(detail::sso::string_member(*object, "expiresAt"));
  if (!expires) return std::unexpected("its expiresAt is not an ISO 8601 time");
  SsoToken t{SecretString(token), *expires, false};
  t.refreshable = detail::sso::member(*object, "clientId") && detail::sso::member(*object, "clientSecret") &&
                  detail::sso::member(*object, "refreshToken");
  return t;
}

// GetRoleCredentials: GET <portal>/federation/credentials?account_id=..&role_name=.. with the
// token in x-amz-sso_bearer_token (unsigned), as the SDK's SSO client sends it.
[[nodiscard]] inline HttpRequest sso_role_credentials_request(const Endpoint& portal, std::string_view account_id,
                                                              std::string_view role_name,
                                                              std::string_view access_token) {
  HttpRequest r;
  r.method = "GET";
  r.scheme = portal.scheme();
  r.host = portal.host();
  r.path = std::string(portal.path()) + "federation/credentials?account_id=";
  detail::sso::append_query_value(r.path, account_id);
  r.path += "&role_name=";
  detail::sso::append_query_value(r.path, role_name);
  r.headers.push_back({"host", std::string(portal.host())});
  r.headers.push_back({"x-amz-sso_bearer_token", std::string(access_token)});
  return r;
}

// The portal's answer {"roleCredentials":{"accessKeyId","secretAccessKey","sessionToken",
// "expiration" (milliseconds since the epoch)}}; all four are required, as in the SDK.
[[nodiscard]] inline std::expected<Credentials, std::string> parse_sso_role_credentials(std::string_view json) {
  detail::sso::ParsedJson doc(json);
  auto object = doc.object();
  if (!object) return std::unexpected("the answer is not a JSON object");
  simdjson::dom::object role;
  if (auto v = detail::sso::member(*object, "roleCredentials"); !v || v->get_object().get(role))
    return std::unexpected("the answer has no roleCredentials object");
  Credentials c;
  for (std::string_view key : {"accessKeyId", "secretAccessKey", "sessionToken"}) {
    const std::string_view s = detail::sso::string_member(role, key);
    if (s.empty()) return std::unexpected("the answer has no roleCredentials." + std::string(key));
    if (key == "accessKeyId") c.access_key_id = std::string(s);
    else if (key == "secretAccessKey") c.secret_access_key = SecretString(s);
    else c.session_token = SecretString(s);
  }
  const auto v = detail::sso::member(role, "expiration");
  std::int64_t ms = 0;
  if (v && v->get_int64().get(ms)) {  // not an int64: a whole double (1.7961408E12) counts, as for JSON.parse
    double d = 0;
    ms = !v->get_double().get(d) && d >= 1 && d < 9e18 && d == std::floor(d) ? static_cast<std::int64_t>(d) : 0;
  }
  if (!v || ms <= 0) return std::unexpected("the answer has no roleCredentials.expiration (milliseconds since the epoch)");
  c.expiration = std::chrono::sys_seconds{std::chrono::seconds{ms / 1000}};
  return c;
}

// One SSO credentials fetch. The first next(now) reads the cached token (`cache_path`, see
// sso_token_cache_path); then GetRoleCredentials at `portal` with the SDK's retries (3 attempts,
// standard backoff; waits are Step::Kind::Wait). Outcomes:
//   credentials (source Sso, expiring when the portal says);
//   SsoLoginRequired: no cache file, a file parse_sso_token refuses, a token that has expired at
//     `now` (for the sso-session form also one expiring within 5 minutes that has no refresh
//     token, as the SDK refuses it), or the portal's 401 / UnauthorizedException;
//   SsoFailed: any other error of the portal (after retries), an unreachable portal, an answer
//     without the four credentials.
// Details name the session or start URL and the cache file, never the token.
class SsoFetch final : public CredentialsFetch {
 public:
  // How long before its expiry the SDK refreshes an sso-session token.
  static constexpr std::chrono::minutes refresh_window{5};

  SsoFetch(SsoSettings settings, std::string cache_path, Endpoint portal,
           std::uint64_t seed = std::random_device{}(), RetryPolicy policy = {})
      : settings_(std::move(settings)),
        cache_path_(std::move(cache_path)),
        portal_(portal),
        policy_(policy),
        random_(seed) {}
  SsoFetch(const SsoFetch&) = delete;
  SsoFetch& operator=(const SsoFetch&) = delete;
  ~SsoFetch() override { wipe_request(); }

  Step next(CallTime now) override {
    switch (state_) {
      case State::Start:
        if (!load_token(std::chrono::floor<std::chrono::seconds>(now))) return {};
        return send();
      case State::Waiting:
        if (now < wake_at_) return {Step::Kind::Wait, nullptr, wake_at_};
        return send();
      case State::Sent: return {Step::Kind::Send, &request_, {}};
      case State::Done: break;
    }
    return {};
  }

  void on_response(const HttpResponse& response, std::size_t padding, CallTime now) override {
    if (state_ != State::Sent) return;
    if (response.status >= 200 && response.status <= 299) {
      auto credentials = parse_sso_role_credentials(response.body);
      if (!credentials) return fail(CredentialsErrc::SsoFailed, credentials.error());
      return finish(ProvidedCredentials{std::move(*credentials), CredentialSource::Sso});
    }
    const ServiceError error = decoder_.decode_error(response, padding);
    if (response.status == 401 || error.name == "UnauthorizedException")
      return fail(CredentialsErrc::SsoLoginRequired, where() + " was refused by the SSO portal (" + error.name +
                                                         "): its token is no longer valid.");
    std::string detail = error.name + " (HTTP " + std::to_string(response.status) + ")";
    if (!error.message.empty()) detail += ": " + error.message;
    retry_or_fail(retry_kind(error), retry_after_hint(response), std::move(detail), now);
  }

  void on_transport_error(const TransportError& error, CallTime now) override {
    if (state_ != State::Sent) return;
    retry_or_fail(retry_kind(error.kind), std::nullopt, "the SSO portal could not be reached: " + error.message, now);
  }

  const Outcome& outcome() const& noexcept override { return outcome_; }
  // Requests handed out so far.
  [[nodiscard]] int attempts() const noexcept { return attempt_; }

 private:
  enum class State : std::uint8_t { Start, Sent, Waiting, Done };

  std::string where() const {
    if (settings_.session_name.empty()) return "The SSO login for " + settings_.start_url;
    return "The SSO session '" + settings_.session_name + "' (" + settings_.start_url + ")";
  }

  // Reads and checks the cached token; false (and done) when there is none to use.
  bool load_token(std::chrono::sys_seconds now) {
    if (cache_path_.empty()) {
      fail(CredentialsErrc::SsoFailed, "no cache file name for the SSO token (libcrypto could not compute SHA-1)");
      return false;
    }
    auto text = detail::read_small_file(cache_path_);
    if (!text) {
      fail(CredentialsErrc::SsoLoginRequired, where() + " has no cached token (" + cache_path_ + ").");
      return false;
    }
    auto token = parse_sso_token(*text);
    detail::wipe_string(*text);
    if (!token) {
      fail(CredentialsErrc::SsoLoginRequired,
           where() + " has an unusable cached token (" + cache_path_ + "): " + token.error() + ".");
      return false;
    }
    if (token->expires_at <= now) {
      fail(CredentialsErrc::SsoLoginRequired, where() + " has expired.");
      return false;
    }
    if (!settings_.session_name.empty() && token->expires_at - now <= refresh_window && !token->refreshable) {
      fail(CredentialsErrc::SsoLoginRequired,
           where() + " expires within 5 minutes and its cached token cannot be refreshed (no refresh token).");
      return false;
    }
    request_ = sso_role_credentials_request(portal_, settings_.account_id, settings_.role_name,
                                            token->access_token.reveal());
    request_.headers.push_back({"amz-sdk-request", {}});
    return true;
  }

  Step send() {
    ++attempt_;
    request_.headers.back().value = "attempt=" + std::to_string(attempt_) + "; max=" + std::to_string(policy_.max_attempts);
    state_ = State::Sent;
    return {Step::Kind::Send, &request_, {}};
  }

  void retry_or_fail(RetryKind kind, std::optional<std::chrono::milliseconds> hint, std::string detail, CallTime now) {
    const double r = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
    const RetryDecision decision = decide_retry(policy_, attempt_, kind, r, hint);
    if (!decision.retry) return fail(CredentialsErrc::SsoFailed, std::move(detail));
    wake_at_ = now + decision.delay;
    state_ = State::Waiting;
  }

  void fail(CredentialsErrc code, std::string detail) {
    finish(std::unexpected(CredentialsError{code, settings_.profile, {}, {}, std::move(detail)}));
  }
  void finish(Outcome outcome) {
    outcome_ = std::move(outcome);
    state_ = State::Done;
    wipe_request();
  }
  void wipe_request() noexcept {
    for (auto& h : request_.headers) detail::wipe_string(h.value);
  }

  SsoSettings settings_;
  std::string cache_path_;
  Endpoint portal_;
  RetryPolicy policy_;
  std::mt19937_64 random_;
  Decoder decoder_;
  HttpRequest request_;
  State state_ = State::Start;
  int attempt_ = 0;
  CallTime wake_at_{};
  Outcome outcome_ = std::unexpected(CredentialsError{CredentialsErrc::SsoFailed, {}, {}, {}, "not fetched yet"});
};

// Makes an SsoFetch for each refresh (each with its own seed drawn from `seed`).
class SsoProvider final : public CredentialsProvider {
 public:
  SsoProvider(SsoSettings settings, std::string cache_path, Endpoint portal,
              std::uint64_t seed = std::random_device{}(), RetryPolicy policy = {})
      : settings_(std::move(settings)), cache_path_(std::move(cache_path)), portal_(portal), policy_(policy),
        seeds_(seed) {}
  std::unique_ptr<CredentialsFetch> fetch() override {
    return std::make_unique<SsoFetch>(settings_, cache_path_, portal_, seeds_(), policy_);
  }

 private:
  SsoSettings settings_;
  std::string cache_path_;
  Endpoint portal_;
  RetryPolicy policy_;
  std::mt19937_64 seeds_;
};

}  // namespace redrive
