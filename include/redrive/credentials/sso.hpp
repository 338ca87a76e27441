// IAM Identity Center (SSO) credentials: the token `aws sso login` cached in
// ~/.aws/sso/cache/<sha1>.json, exchanged at the SSO portal (GetRoleCredentials) for a role's
// credentials, as the AWS SDK for JavaScript v3 does (@aws-sdk/credential-provider-sso).
// Needs OpenSSL's libcrypto (SHA-1 of the cache file name): not in the umbrella header; link
// libcrypto to use it.
//
// For the sso-session form, a token that expires within 5 minutes (or has expired) is first
// refreshed through SSO-OIDC CreateToken when the cache holds a refresh token and the fetch knows
// the SSO-OIDC endpoint, and the cache file is rewritten with the new token, as the SDK does.
#pragma once

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <chrono>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <expected>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "redrive/credentials/error.hpp"
#include "redrive/credentials/provider.hpp"
#include "redrive/credentials/shared_files.hpp"
#include "redrive/credentials/timestamp.hpp"
#include "redrive/decode.hpp"
#include "redrive/endpoint.hpp"
#include "redrive/http.hpp"
#include "redrive/json_write.hpp"
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

// A cached SSO token: what GetRoleCredentials needs, until when it works, and what SSO-OIDC
// CreateToken needs to refresh it (stored by `aws sso login` for an sso-session).
struct SsoToken {
  SecretString access_token;
  std::chrono::sys_seconds expires_at{};
  std::string client_id;       // empty: none
  SecretString client_secret;  // empty: none
  SecretString refresh_token;  // empty: none

  [[nodiscard]] bool refreshable() const noexcept {
    return !client_id.empty() && !client_secret.empty() && !refresh_token.empty();
  }
};

// A token cache file's JSON: accessToken (a non-empty string) and expiresAt (ISO 8601) are
// required; clientId, clientSecret and refreshToken are read when they are strings; other members
// are ignored (startUrl and region are not checked against the profile, as the SDK does not check
// them). The error never quotes the file.
[[nodiscard]] inline std::expected<SsoToken, std::string> parse_sso_token(std::string_view json) {
  detail::sso::ParsedJson doc(json);
  auto object = doc.object();
  if (!object) return std::unexpected("it is not a JSON object");
  const std::string_view token = detail::sso::string_member(*object, "accessToken");
  if (token.empty()) return std::unexpected("it has no accessToken");
  const auto expires = parse_iso8601(detail::sso::string_member(*object, "expiresAt"));
  if (!expires) return std::unexpected("its expiresAt is not an ISO 8601 time");
  SsoToken t;
  t.access_token = SecretString(token);
  t.expires_at = *expires;
  t.client_id = detail::sso::string_member(*object, "clientId");
  t.client_secret = SecretString(detail::sso::string_member(*object, "clientSecret"));
  t.refresh_token = SecretString(detail::sso::string_member(*object, "refreshToken"));
  return t;
}

// SSO-OIDC CreateToken with the refresh token: POST <oidc>/token with the JSON body the SDK's
// SSO-OIDC client sends (unsigned).
[[nodiscard]] inline HttpRequest sso_create_token_request(const Endpoint& oidc, const SsoToken& token) {
  HttpRequest r;
  r.method = "POST";
  r.scheme = oidc.scheme();
  r.host = oidc.host();
  r.path = std::string(oidc.path()) + "token";
  r.headers.push_back({"host", std::string(oidc.host())});
  r.headers.push_back({"content-type", "application/json"});
  r.body = "{\"clientId\":";
  append_json_string(r.body, token.client_id);
  r.body += ",\"clientSecret\":";
  append_json_string(r.body, token.client_secret.reveal());
  r.body += ",\"grantType\":\"refresh_token\",\"refreshToken\":";
  append_json_string(r.body, token.refresh_token.reveal());
  r.body += '}';
  return r;
}

// What CreateToken answered: {"accessToken", "expiresIn" (seconds), "refreshToken" (optional)}.
struct SsoRefreshedToken {
  SecretString access_token;
  std::chrono::seconds expires_in{};
  SecretString refresh_token;  // empty: none given
};

[[nodiscard]] inline std::expected<SsoRefreshedToken, std::string> parse_sso_create_token(std::string_view json) {
  detail::sso::ParsedJson doc(json);
  auto object = doc.object();
  if (!object) return std::unexpected("the answer is not a JSON object");
  SsoRefreshedToken t;
  const std::string_view token = detail::sso::string_member(*object, "accessToken");
  if (token.empty()) return std::unexpected("the answer has no accessToken");
  std::int64_t seconds = 0;
  if (auto v = detail::sso::member(*object, "expiresIn"); !v || v->get_int64().get(seconds) || seconds <= 0 ||
                                                          seconds > 10LL * 365 * 24 * 3600)
    return std::unexpected("the answer has no expiresIn (a positive number of seconds)");
  t.access_token = SecretString(token);
  t.expires_in = std::chrono::seconds{seconds};
  t.refresh_token = SecretString(detail::sso::string_member(*object, "refreshToken"));
  return t;
}

namespace detail::sso {

// "2026-12-01T13:00:00.000Z", as JavaScript's toISOString writes it.
inline std::string iso8601_ms(std::chrono::sys_time<std::chrono::milliseconds> t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
  return buf;
}

// The cache file's text after a refresh: its members in their order, with accessToken,
// expiresAt and refreshToken replaced (or added), as the SDK writes it back. Unlike the SDK, the
// old refresh token is kept when CreateToken gives none. Nullopt if the old text is not an object.
inline std::optional<std::string> refreshed_cache_text(std::string_view old_text, std::string_view access_token,
                                                       std::string_view expires_at, std::string_view refresh_token) {
  ParsedJson doc(old_text);
  auto object = doc.object();
  if (!object) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> members;  // key, JSON text of the value
  auto set = [&](std::string_view key, std::string value) {
    for (auto& m : members)
      if (m.first == key) {
        wipe_string(m.second);
        m.second = std::move(value);
        return;
      }
    members.emplace_back(std::string(key), std::move(value));
  };
  for (auto field : *object) set(field.key, simdjson::to_string(field.value));
  auto quoted = [](std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
  };
  set("accessToken", quoted(access_token));
  set("expiresAt", quoted(expires_at));
  if (!refresh_token.empty()) set("refreshToken", quoted(refresh_token));
  std::string text = "{";
  for (auto& [key, value] : members) {
    text += text.size() == 1 ? "\n  " : ",\n  ";
    append_json_string(text, key);
    text += ": ";
    text += value;
    wipe_string(value);
  }
  text += "\n}";
  return text;
}

// Replaces the file at `path` by `text` (a new file, owner read/write only, renamed over it);
// false if that fails, leaving the old file.
inline bool replace_private_file(const std::string& path, std::string_view text) {
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool ok = true;
  for (std::size_t done = 0; ok && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ::close(fd) == 0 && ok;
  ok = ok && std::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) ::unlink(tmp.c_str());
  return ok;
}

}  // namespace detail::sso

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
// sso_token_cache_path). For the sso-session form, a token that expires within 5 minutes of `now`
// (or has expired) and holds a refresh token is first refreshed with CreateToken at the SSO-OIDC
// endpoint, when one was given (set_oidc_endpoint), and the cache file rewritten; should that
// fail, the old token is used if it has not expired (as in the SDK). Then GetRoleCredentials at
// `portal`. Each request gets the SDK's retries (3 attempts, standard backoff; waits are
// Step::Kind::Wait). Outcomes:
//   credentials (source Sso, expiring when the portal says);
//   SsoLoginRequired: no cache file, a file parse_sso_token refuses, a token that has expired at
//     `now` and was not refreshed, an sso-session token expiring within 5 minutes that has no
//     refresh token (the SDK refuses it), or the portal's 401 / UnauthorizedException;
//   SsoFailed: any other error of the portal (after retries), an unreachable portal, an answer
//     without the four credentials.
// Details name the session or start URL and the cache file, never a token.
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

  // Where CreateToken refreshes sso-session tokens (https://oidc.<sso_region>.amazonaws.com unless
  // overridden); without one, tokens are not refreshed. Call before the first next().
  void set_oidc_endpoint(const Endpoint& oidc) { oidc_ = oidc; }

  Step next(CallTime now) override {
    switch (state_) {
      case State::Start:
        start(now);
        return state_ == State::Ready ? send() : Step{};
      case State::Waiting:
        if (now < wake_at_) return {Step::Kind::Wait, nullptr, wake_at_};
        return send();
      case State::Ready: return send();
      case State::Sent: return {Step::Kind::Send, &request_, {}};
      case State::Done: break;
    }
    return {};
  }

  void on_response(const HttpResponse& response, std::size_t padding, CallTime now) override {
    if (state_ != State::Sent) return;
    const bool ok = response.status >= 200 && response.status <= 299;
    if (phase_ == Phase::Refresh) {
      if (ok) return refreshed(parse_sso_create_token(response.body), now);
      const ServiceError error = decoder_.decode_error(response, padding);
      if (!retry(retry_kind(error), retry_after_hint(response), now)) refresh_failed(describe(error, response), now);
      return;
    }
    if (ok) {
      auto credentials = parse_sso_role_credentials(response.body);
      if (!credentials) return fail(CredentialsErrc::SsoFailed, credentials.error());
      return finish(ProvidedCredentials{std::move(*credentials), CredentialSource::Sso});
    }
    const ServiceError error = decoder_.decode_error(response, padding);
    if (response.status == 401 || error.name == "UnauthorizedException")
      return fail(CredentialsErrc::SsoLoginRequired, where() + " was refused by the SSO portal (" + error.name +
                                                         "): its token is no longer valid.");
    if (!retry(retry_kind(error), retry_after_hint(response), now))
      fail(CredentialsErrc::SsoFailed, describe(error, response));
  }

  void on_transport_error(const TransportError& error, CallTime now) override {
    if (state_ != State::Sent) return;
    if (retry(retry_kind(error.kind), std::nullopt, now)) return;
    if (phase_ == Phase::Refresh) return refresh_failed("SSO-OIDC could not be reached: " + error.message, now);
    fail(CredentialsErrc::SsoFailed, "the SSO portal could not be reached: " + error.message);
  }

  const Outcome& outcome() const& noexcept override { return outcome_; }
  // Requests handed out so far (CreateToken and GetRoleCredentials attempts).
  [[nodiscard]] int attempts() const noexcept { return requests_; }

 private:
  enum class State : std::uint8_t { Start, Ready, Sent, Waiting, Done };
  enum class Phase : std::uint8_t { Refresh, Role };

  std::string where() const {
    if (settings_.session_name.empty()) return "The SSO login for " + settings_.start_url;
    return "The SSO session '" + settings_.session_name + "' (" + settings_.start_url + ")";
  }
  static std::string describe(const ServiceError& error, const HttpResponse& response) {
    std::string detail = error.name + " (HTTP " + std::to_string(response.status) + ")";
    if (!error.message.empty()) detail += ": " + error.message;
    return detail;
  }
  static std::chrono::sys_seconds seconds(CallTime t) { return std::chrono::floor<std::chrono::seconds>(t); }

  // Reads and checks the cached token, and picks the first request (or finishes).
  void start(CallTime now) {
    if (cache_path_.empty())
      return fail(CredentialsErrc::SsoFailed, "no cache file name for the SSO token (libcrypto could not compute SHA-1)");
    auto text = detail::read_small_file(cache_path_);
    if (!text) return fail(CredentialsErrc::SsoLoginRequired, where() + " has no cached token (" + cache_path_ + ").");
    auto token = parse_sso_token(*text);
    cache_text_ = SecretString(*text);
    detail::wipe_string(*text);
    if (!token)
      return fail(CredentialsErrc::SsoLoginRequired,
                  where() + " has an unusable cached token (" + cache_path_ + "): " + token.error() + ".");
    token_ = std::move(*token);
    const bool expired = token_.expires_at <= seconds(now);
    if (settings_.session_name.empty() || token_.expires_at - seconds(now) > refresh_window) {
      if (expired) return fail(CredentialsErrc::SsoLoginRequired, where() + " has expired.");
      return request_role();
    }
    if (!token_.refreshable()) {
      if (expired) return fail(CredentialsErrc::SsoLoginRequired, where() + " has expired.");
      return fail(CredentialsErrc::SsoLoginRequired,
                  where() + " expires within 5 minutes and its cached token cannot be refreshed (no refresh token).");
    }
    if (!oidc_) {
      if (expired) return fail(CredentialsErrc::SsoLoginRequired, where() + " has expired.");
      return request_role();
    }
    phase_ = Phase::Refresh;
    prepare(sso_create_token_request(*oidc_, token_));
  }

  void request_role() {
    phase_ = Phase::Role;
    prepare(sso_role_credentials_request(portal_, settings_.account_id, settings_.role_name,
                                         token_.access_token.reveal()));
  }

  void prepare(HttpRequest request) {
    wipe_request();
    request_ = std::move(request);
    request_.headers.push_back({"amz-sdk-request", {}});
    attempt_ = 0;
    state_ = State::Ready;
  }

  Step send() {
    ++attempt_;
    ++requests_;
    request_.headers.back().value = "attempt=" + std::to_string(attempt_) + "; max=" + std::to_string(policy_.max_attempts);
    state_ = State::Sent;
    return {Step::Kind::Send, &request_, {}};
  }

  // Schedules another attempt if the SDK would make one.
  bool retry(RetryKind kind, std::optional<std::chrono::milliseconds> hint, CallTime now) {
    const double r = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
    const RetryDecision decision = decide_retry(policy_, attempt_, kind, r, hint);
    if (!decision.retry) return false;
    wake_at_ = now + decision.delay;
    state_ = State::Waiting;
    return true;
  }

  void refreshed(std::expected<SsoRefreshedToken, std::string> fresh, CallTime now) {
    if (!fresh) return refresh_failed(fresh.error(), now);
    const std::string expires_at = detail::sso::iso8601_ms(now + fresh->expires_in);
    // As in the SDK, a cache file that cannot be written does not stop the fetch.
    if (auto text = detail::sso::refreshed_cache_text(cache_text_.reveal(), fresh->access_token.reveal(), expires_at,
                                                      fresh->refresh_token.reveal())) {
      detail::sso::replace_private_file(cache_path_, *text);
      detail::wipe_string(*text);
    }
    token_.access_token = std::move(fresh->access_token);
    token_.expires_at = seconds(now + fresh->expires_in);
    request_role();
  }

  void refresh_failed(const std::string& why, CallTime now) {
    if (token_.expires_at <= seconds(now))
      return fail(CredentialsErrc::SsoLoginRequired,
                  where() + " has expired, and refreshing its token failed (" + why + ").");
    request_role();
  }

  void fail(CredentialsErrc code, std::string detail) {
    finish(std::unexpected(CredentialsError{code, settings_.profile, {}, {}, std::move(detail)}));
  }
  void finish(Outcome outcome) {
    outcome_ = std::move(outcome);
    state_ = State::Done;
    wipe_request();
    token_ = SsoToken{};
    cache_text_ = SecretString{};
  }
  void wipe_request() noexcept {
    for (auto& h : request_.headers) detail::wipe_string(h.value);
    detail::wipe_string(request_.body);
  }

  SsoSettings settings_;
  std::string cache_path_;
  Endpoint portal_;
  std::optional<Endpoint> oidc_;
  RetryPolicy policy_;
  std::mt19937_64 random_;
  Decoder decoder_;
  SsoToken token_;
  SecretString cache_text_;
  HttpRequest request_;
  State state_ = State::Start;
  Phase phase_ = Phase::Role;
  int attempt_ = 0;   // of the current request
  int requests_ = 0;  // of both
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
  // See SsoFetch::set_oidc_endpoint.
  void set_oidc_endpoint(const Endpoint& oidc) { oidc_ = oidc; }
  std::unique_ptr<CredentialsFetch> fetch() override {
    auto f = std::make_unique<SsoFetch>(settings_, cache_path_, portal_, seeds_(), policy_);
    if (oidc_) f->set_oidc_endpoint(*oidc_);
    return f;
  }

 private:
  SsoSettings settings_;
  std::string cache_path_;
  Endpoint portal_;
  std::optional<Endpoint> oidc_;
  RetryPolicy policy_;
  std::mt19937_64 seeds_;
};

}  // namespace redrive
