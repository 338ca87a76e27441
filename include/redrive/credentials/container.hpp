// Container credentials (ECS, Fargate, EKS Pod Identity, CodeBuild, Greengrass): where the
// endpoint is (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI, the authorization token) and
// the fetch, with the attempts and timeouts of the AWS SDK for JavaScript v3's default chain.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "redrive/credentials/environment.hpp"
#include "redrive/credentials/error.hpp"
#include "redrive/credentials/metadata_document.hpp"
#include "redrive/credentials/provider.hpp"
#include "redrive/credentials/shared_files.hpp"
#include "redrive/detail/ascii.hpp"
#include "redrive/endpoint.hpp"
#include "redrive/http.hpp"
#include "redrive/secret.hpp"

namespace redrive {

// Where container credentials come from, as container_settings() reads it.
struct ContainerSettings {
  std::string scheme;      // "http" or "https"
  std::string host;        // host[:port], as in HttpRequest::host
  std::string path;        // path and query
  std::string token_file;  // AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, read before each attempt; wins over `token`
  SecretString token;      // AWS_CONTAINER_AUTHORIZATION_TOKEN
  // Whether one more attempt follows the usual ones, as the SDK's second container provider
  // (fromContainerMetadata) makes: only for a relative URI or a full URI on localhost or
  // 127.0.0.1, with `token` and never the token file.
  bool last_chance = false;

  // scheme://host, without the path: what error messages name.
  [[nodiscard]] std::string origin() const { return scheme + "://" + host; }
  [[nodiscard]] std::string url() const { return origin() + path; }
};

namespace detail {

// The 8 groups of an IPv6 address written inside brackets ("::1", "fd00:ec2::23"); nullopt for
// anything else (an embedded IPv4 part included).
inline std::optional<std::array<unsigned, 8>> parse_ipv6(std::string_view s) noexcept {
  std::array<unsigned, 8> head{}, tail{};
  std::size_t nhead = 0, ntail = 0;
  bool gap = false;
  std::size_t i = 0;
  if (s.starts_with("::")) {
    gap = true;
    i = 2;
  }
  while (i < s.size()) {
    unsigned v = 0;
    std::size_t digits = 0;
    for (; i < s.size() && hex_value(s[i]) >= 0; ++i, ++digits) v = v * 16 + static_cast<unsigned>(hex_value(s[i]));
    if (digits == 0 || digits > 4 || nhead + ntail == 8) return std::nullopt;
    (gap ? tail[ntail++] : head[nhead++]) = v;
    if (i == s.size()) break;
    if (s[i] != ':') return std::nullopt;
    if (i + 1 < s.size() && s[i + 1] == ':') {
      if (gap) return std::nullopt;
      gap = true;
      i += 2;
    } else if (++i == s.size()) {
      return std::nullopt;  // a trailing single ':'
    }
  }
  if (gap ? nhead + ntail > 7 : nhead != 8) return std::nullopt;
  std::array<unsigned, 8> out{};
  for (std::size_t k = 0; k < nhead; ++k) out[k] = head[k];
  for (std::size_t k = 0; k < ntail; ++k) out[8 - ntail + k] = tail[k];
  return out;
}

// Whether a host name (lower case, without port; IPv6 in brackets) is one the SDK lets
// credentials come from over plain http: loopback (127.0.0.0/8, localhost, [::1]), the ECS host
// 169.254.170.2 and the EKS hosts 169.254.170.23 and [fd00:ec2::23]. IPv4 addresses count only
// in dotted decimal.
inline bool container_http_host_allowed(std::string_view host) noexcept {
  if (host == "169.254.170.2" || host == "169.254.170.23" || host == "localhost") return true;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    const auto groups = parse_ipv6(host.substr(1, host.size() - 2));
    return groups && (*groups == std::array<unsigned, 8>{0, 0, 0, 0, 0, 0, 0, 1} ||
                      *groups == std::array<unsigned, 8>{0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23});
  }
  if (!host.starts_with("127.")) return false;
  std::string_view rest = host.substr(4);
  for (int part = 0; part < 3; ++part) {
    const std::size_t dot = rest.find('.');
    const std::string_view digits = rest.substr(0, dot);
    if (digits.empty() || digits.size() > 3 || (part < 2) != (dot != std::string_view::npos)) return false;
    unsigned v = 0;
    for (char c : digits) {
      if (!is_digit(c)) return false;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v > 255) return false;
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  }
  return true;
}

inline constexpr std::string_view container_allowed_hosts =
    "https, or http to a loopback host (127.0.0.0/8, localhost, [::1]), the ECS host 169.254.170.2 or the EKS "
    "hosts 169.254.170.23 and [fd00:ec2::23]";

// Splits a container credentials URL (`variable` names where it came from) into settings, or
// says why it cannot be used. A fragment is dropped; the query is kept, as the SDK does.
inline std::expected<ContainerSettings, std::string> container_url(std::string_view url, std::string_view variable) {
  const std::string_view whole = url.substr(0, url.find('#'));
  const std::size_t sep = whole.find("://");
  const std::size_t authority_end =
      sep == std::string_view::npos ? whole.size() : std::min(whole.find_first_of("/?", sep + 3), whole.size());
  auto endpoint = Endpoint::custom(whole.substr(0, authority_end));
  if (!endpoint) return std::unexpected(std::string(variable) + " is not a usable URL: " + std::string(endpoint.error().message()));
  ContainerSettings s;
  s.scheme = std::string(endpoint->scheme());
  s.host = std::string(endpoint->host());
  s.path = std::string(whole.substr(authority_end));
  if (s.path.empty() || s.path.front() == '?') s.path.insert(0, "/");
  for (char c : s.path)
    if (!is_path_char(c) && c != '?')
      return std::unexpected(std::string(variable) + " is not a usable URL: its path or query has a byte that "
                                                     "cannot be in a URL (such as a space or a control character).");
  const std::string_view host = s.host;
  const std::string_view name = host.front() == '[' ? host.substr(0, host.find(']') + 1) : host.substr(0, host.find(':'));
  if (s.scheme == "http" && !container_http_host_allowed(name))
    return std::unexpected("the host " + printable(name) + " of " + std::string(variable) +
                           " is not allowed: container credentials must come over " + std::string(container_allowed_hosts) + ".");
  s.last_chance = name == "localhost" || name == "127.0.0.1";
  return s;
}

inline CredentialsError container_error(std::string detail) {
  return CredentialsError{CredentialsErrc::ContainerFailed, {}, {}, {}, std::move(detail)};
}

}  // namespace detail

// The container credentials endpoint the environment names, as the AWS SDK for JavaScript v3
// reads it; nullopt when neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor
// AWS_CONTAINER_CREDENTIALS_FULL_URI is set (an empty variable counts as unset).
//   RELATIVE_URI (wins when both are set): http://169.254.170.2 followed by its value.
//   FULL_URI: any https URL; an http URL only to a loopback host (127.0.0.0/8 in dotted decimal,
//   localhost, [::1]), 169.254.170.2, 169.254.170.23 or [fd00:ec2::23]. Anything else is a
//   ContainerFailed error that lists the allowed hosts.
//   AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read before each attempt) wins over
//   AWS_CONTAINER_AUTHORIZATION_TOKEN; the token becomes the Authorization header.
[[nodiscard]] inline std::optional<std::expected<ContainerSettings, CredentialsError>> container_settings(
    const GetEnv& env) {
  const std::string relative = detail::env_string(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  const std::string full = detail::env_string(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (relative.empty() && full.empty()) return std::nullopt;
  auto settings = relative.empty()
                      ? detail::container_url(full, "AWS_CONTAINER_CREDENTIALS_FULL_URI")
                      : detail::container_url("http://169.254.170.2" + relative, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  if (!settings) return std::unexpected(detail::container_error(std::move(settings.error())));
  if (!relative.empty()) settings->last_chance = true;
  settings->token_file = detail::env_string(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  if (const char* token = env ? env("AWS_CONTAINER_AUTHORIZATION_TOKEN") : nullptr; token && *token)
    settings->token = SecretString(token);
  return std::move(*settings);
}

// One fetch from the container credentials endpoint, as the SDK's default chain makes it: GET the
// URL, with the Authorization header when there is a token, each attempt limited to 1 s; any
// failure (no answer, a status other than 200, a document that is not credentials, a token file
// that cannot be read) is retried after waiting 1 s, 4 attempts in all (fromHttp), then, when
// settings.last_chance, once more at once (fromContainerMetadata, any 2xx status). The outcome's
// source is CredentialSource::Container; a failure is ContainerFailed, its detail naming the
// endpoint (without its path), the attempts and the last failure (the status and the service's
// Code and Message, or the transport's message).
class ContainerFetch final : public CredentialsFetch {
 public:
  // Reads the token file; nullopt when it cannot be read. The text is wiped after use.
  using ReadFile = std::function<std::optional<std::string>(const std::string& path)>;
  static constexpr std::chrono::milliseconds timeout{1000};
  static constexpr std::chrono::milliseconds retry_delay{1000};
  static constexpr int attempts = 4;

  explicit ContainerFetch(ContainerSettings settings, ReadFile read_file = detail::read_small_file)
      : settings_(std::move(settings)), read_file_(std::move(read_file)) {}
  ContainerFetch(const ContainerFetch&) = delete;
  ContainerFetch& operator=(const ContainerFetch&) = delete;
  ~ContainerFetch() override { forget_token(); }

  Step next(CallTime now) override {
    while (!done_) {
      if (waiting_) {
        if (now < wake_at_) return Step{Step::Kind::Wait, nullptr, wake_at_};
        waiting_ = false;
      }
      if (sending_) return Step{Step::Kind::Send, &request_, {}};
      if (std::string problem = prepare(); !problem.empty()) {
        failed(std::move(problem), now);
        continue;
      }
      sending_ = true;
      return Step{Step::Kind::Send, &request_, {}};
    }
    return {};
  }

  void on_response(const HttpResponse& response, std::size_t padding, CallTime now) override {
    if (!sending_) return;
    sending_ = false;
    forget_token();
    const bool ok = last_chance_attempt() ? response.status >= 200 && response.status <= 299 : response.status == 200;
    if (!ok) {
      std::string what = "status " + std::to_string(response.status);
      if (response.status >= 400 && response.status <= 499)
        if (std::string text = metadata_error_text(response.body, padding); !text.empty()) what += " (" + text + ")";
      failed(std::move(what), now);
      return;
    }
    auto credentials = parse_metadata_credentials(response.body, padding);
    if (!credentials) {
      failed(std::move(credentials.error()), now);
      return;
    }
    outcome_ = ProvidedCredentials{std::move(*credentials), CredentialSource::Container};
    done_ = true;
  }

  void on_transport_error(const TransportError& error, CallTime now) override {
    if (!sending_) return;
    sending_ = false;
    forget_token();
    failed(error.kind == TransportFailure::Timeout ? "no answer within 1 s" : "no answer (" + error.message + ")", now);
  }

  const Outcome& outcome() const& noexcept override { return outcome_; }

 private:
  bool last_chance_attempt() const noexcept { return attempt_ >= attempts; }

  // Builds the request of the next attempt; "" or why it cannot be sent.
  std::string prepare() {
    request_ = HttpRequest{"GET", settings_.scheme, settings_.host, settings_.path, {}, {}, timeout};
    SecretString token;
    if (!settings_.token_file.empty() && !last_chance_attempt()) {
      std::optional<std::string> text = read_file_ ? read_file_(settings_.token_file) : std::nullopt;
      if (!text) return "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + detail::printable(settings_.token_file);
      token = SecretString(*text);
      detail::wipe_string(*text);
      if (!detail::is_header_value(token.reveal()))
        return "the token in AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + detail::printable(settings_.token_file) +
               " contains a line break or another control character";
    } else {
      token = settings_.token;
      if (!detail::is_header_value(token.reveal()))
        return "AWS_CONTAINER_AUTHORIZATION_TOKEN contains a line break or another control character";
    }
    if (!token.empty()) request_.headers.push_back({"authorization", std::string(token.reveal())});
    return {};
  }

  void forget_token() noexcept {
    for (auto& h : request_.headers) detail::wipe_string(h.value);
  }

  void failed(std::string what, CallTime now) {
    last_failure_ = std::move(what);
    ++attempt_;
    if (attempt_ < attempts) {
      waiting_ = true;
      wake_at_ = now + retry_delay;
      return;
    }
    if (attempt_ == attempts && settings_.last_chance) return;
    outcome_ = std::unexpected(detail::container_error("no credentials from " + settings_.origin() + " after " +
                                                       std::to_string(attempt_) + " attempts; the last: " + last_failure_));
    done_ = true;
  }

  ContainerSettings settings_;
  ReadFile read_file_;
  HttpRequest request_;
  int attempt_ = 0;  // attempts that failed
  bool sending_ = false, waiting_ = false, done_ = false;
  CallTime wake_at_{};
  std::string last_failure_;
  Outcome outcome_ = std::unexpected(detail::container_error("the fetch has not finished"));
};

// Makes a ContainerFetch for each refresh.
class ContainerProvider final : public CredentialsProvider {
 public:
  explicit ContainerProvider(ContainerSettings settings, ContainerFetch::ReadFile read_file = detail::read_small_file)
      : settings_(std::move(settings)), read_file_(std::move(read_file)) {}
  [[nodiscard]] std::unique_ptr<CredentialsFetch> fetch() override {
    return std::make_unique<ContainerFetch>(settings_, read_file_);
  }

 private:
  ContainerSettings settings_;
  ContainerFetch::ReadFile read_file_;
};

}  // namespace redrive
