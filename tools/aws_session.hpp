// What the network commands share: resolving region, endpoint and credentials from the options,
// turning a typed request into a signed HttpRequest, printing it for --dry-run, sending it with
// retries, and reporting service and transport errors.
#pragma once

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "options.hpp"
#include "redrive.hpp"
#include "redrive/credentials.hpp"
#include "redrive/decode.hpp"
#include "redrive/detail/json_write.hpp"
#include "redrive/retry.hpp"
#include "redrive/service_error.hpp"
#include "transport_curl.hpp"

#ifdef REDRIVE_HAVE_LIBCRYPTO
#include "redrive/sigv4.hpp"
#endif

namespace redrive::cli {

// Exit codes of the network commands (documented in --help and docs/cli.md#exit-codes).
enum ExitCode : int {
  exit_ok = 0,
  exit_service = 1,      // the service answered with an error; watch: the task FAILED or was CANCELLED
  exit_usage = 2,        // bad arguments or values; nothing was sent
  exit_transport = 3,    // no HTTP response (DNS, connect, TLS, timeout), or built without libcurl
  exit_credentials = 4,  // no usable credentials, or signing failed
};

inline constexpr std::string_view exit_codes_help =
    "exit codes:\n"
    "  0  success (watch: the task COMPLETED)\n"
    "  1  the service answered with an error (after retries), or the watched task FAILED or was CANCELLED\n"
    "  2  usage or validation error; nothing was sent\n"
    "  3  transport error: no HTTP response (DNS, connection, TLS, timeout), or built without libcurl\n"
    "  4  credentials error: none found, the profile is unusable, or signing failed\n";

inline void print_line(std::FILE* to, std::string_view s) {
  std::fwrite(s.data(), 1, s.size(), to);
  std::fputc('\n', to);
}

inline void warn(std::string_view s) {
  std::string line = "redrive: warning: ";
  line += s;
  print_line(stderr, line);
}

inline void complain(std::string_view s) {
  std::string line = "redrive: ";
  line += s;
  print_line(stderr, line);
}

// A usage problem: the message, then the command's usage line, exit 2.
inline int usage_error(std::string_view message, std::string_view usage) {
  complain(message);
  std::fprintf(stderr, "%.*s\nRun with --help for details.\n", static_cast<int>(usage.size()), usage.data());
  return exit_usage;
}

// A validation error with the input and a caret under the offending byte, exit 2.
inline int validation_error(const Error& e, std::string_view input) {
  print_line(stderr, render(e, input));
  return exit_usage;
}

inline std::chrono::sys_seconds now_seconds() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

// Shell single-quoting: 'it'\''s'.
inline std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  out += '\'';
  return out;
}

class Session {
 public:
  // Resolves everything a command needs before it sends. `queue_region` is the region of the
  // queue the request is about (from its ARN), if known. Prints the problem and returns the exit
  // code on failure.
  static std::expected<Session, int> open(const CommonOptions& options, std::optional<std::string_view> queue_region) {
    Session s;
    s.options_ = options;

    std::optional<std::string_view> endpoint_url = options.endpoint_url;
    for (const char* var : {"AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL"}) {
      if (endpoint_url) break;
      if (const char* v = std::getenv(var); v && *v) {
        s.endpoint_env_ = v;
        endpoint_url = s.endpoint_env_;
      }
    }

    // The region: --region, else the queue's own (a queue is only reachable in its region), else
    // the environment or the profile.
    if (options.region) {
      s.region_ = *options.region;
      if (queue_region && *queue_region != *options.region && !endpoint_url)
        warn("--region " + std::string(*options.region) + " is not the queue's region " + std::string(*queue_region) +
             "; the request goes to " + std::string(*options.region));
    } else if (queue_region) {
      s.region_ = *queue_region;
    } else if (auto r = resolve_region(std::nullopt, process_env, options.profile)) {
      s.region_ = *r;
    } else if (endpoint_url) {
      s.region_ = "us-east-1";  // what LocalStack and ElasticMQ expect by default
    } else {
      complain(r.error().message());
      return std::unexpected(exit_usage);
    }

    EndpointOptions flags{options.fips, options.dual_stack};
    auto endpoint = endpoint_url ? Endpoint::custom(*endpoint_url, s.region_, flags) : endpoint_for(s.region_, flags);
    if (!endpoint) {
      const Error& e = endpoint.error();
      return std::unexpected(validation_error(e, e.field == Field::Endpoint ? *endpoint_url : std::string_view(s.region_)));
    }
    s.endpoint_ = *endpoint;

    if (options.dry_run == DryRun::Off && !have_transport()) {
      complain("this redrive was built without libcurl, so it cannot send requests; --dry-run still works");
      return std::unexpected(exit_transport);
    }

#ifdef REDRIVE_HAVE_LIBCRYPTO
    auto credentials = load_credentials(options.profile);
    if (credentials) {
      s.signer_.emplace(*credentials);
    } else if (options.dry_run != DryRun::Off) {
      s.unsigned_reason_ = credentials.error().message();
    } else {
      complain("credentials: " + credentials.error().message());
      return std::unexpected(exit_credentials);
    }
#else
    if (options.dry_run == DryRun::Off) {
      complain("this redrive was built without OpenSSL's libcrypto, so it cannot sign requests; --dry-run still works");
      return std::unexpected(exit_credentials);
    }
    s.unsigned_reason_ = "this redrive was built without OpenSSL's libcrypto";
#endif

    RetryPolicy policy;
    if (options.max_attempts) policy.max_attempts = *options.max_attempts;
    s.max_attempts_ = policy.max_attempts;
    s.retry_.emplace(policy);
    return s;
  }

  const Endpoint& endpoint() const noexcept { return *endpoint_; }
  const CommonOptions& options() const noexcept { return options_; }
  bool json() const noexcept { return options_.output == OutputFormat::Json; }
  Decoder& decoder() noexcept { return decoder_; }

  // The request as it goes out on `attempt`: encoded, tagged with the attempt number (as the AWS
  // SDKs do, in amz-sdk-request) and signed at the current time when there are credentials.
  template <class Request>
  std::expected<HttpRequest, int> prepare(const Request& request, int attempt) {
    HttpRequest http = encode(request, *endpoint_);
    http.headers.push_back(
        {"amz-sdk-request", "attempt=" + std::to_string(attempt) + "; max=" + std::to_string(max_attempts_)});
#ifdef REDRIVE_HAVE_LIBCRYPTO
    if (signer_) {
      auto signed_ok = signer_->sign(http, endpoint_->signing_region(), "sqs", now_seconds());
      if (!signed_ok) {
        complain("cannot sign the request: " + std::string(message(signed_ok.error())));
        return std::unexpected(exit_credentials);
      }
    }
#endif
    return http;
  }

  // --dry-run: prints the first attempt of the request; nothing is sent.
  template <class Request>
  int dry_run(const Request& request) {
    auto http = prepare(request, 1);
    if (!http) return http.error();
    if (!signer_) complain("this request is unsigned: " + unsigned_reason_);
    std::string out;
    if (json()) {
      out += R"({"method":)";
      detail::append_json_string(out, http->method);
      out += R"(,"url":)";
      detail::append_json_string(out, http->url());
      out += R"(,"scheme":)";
      detail::append_json_string(out, http->scheme);
      out += R"(,"host":)";
      detail::append_json_string(out, http->host);
      out += R"(,"path":)";
      detail::append_json_string(out, http->path);
      out += R"(,"headers":{)";
      for (std::size_t i = 0; i < http->headers.size(); ++i) {
        if (i) out += ',';
        detail::append_json_string(out, http->headers[i].name);
        out += ':';
        detail::append_json_string(out, http->headers[i].value);
      }
      out += R"(},"body":)";
      detail::append_json_string(out, http->body);
      out += R"(,"signed":)";
      out += signer_ ? "true" : "false";
      out += '}';
    } else if (options_.dry_run == DryRun::Curl) {
      if (!signer_) out += "# unsigned request (no credentials; see stderr)\n";
      out += "curl -sS -X " + http->method + " " + shell_quote(http->url());
      for (const auto& h : http->headers) out += " \\\n  -H " + shell_quote(h.name + ": " + h.value);
      out += " \\\n  --data-binary " + shell_quote(http->body);
    } else {
      out += http->method + " " + http->path + " HTTP/1.1\n";
      for (const auto& h : http->headers) out += h.name + ": " + h.value + "\n";
      out += "\n";
      out += http->body;
    }
    print_line(stdout, out);
    return exit_ok;
  }

  // Sends the request, retrying throttling and transient errors per the retry policy (retry.hpp:
  // the AWS SDKs' standard mode, with --max-attempts overriding the attempt count). Returns the 2xx
  // response, or prints the error and returns the exit code.
  template <class Request>
  std::expected<ReceivedResponse, int> send(const Request& request) {
    TransportOptions transport;
    transport.timeout_ms = static_cast<long>(options_.timeout_seconds * 1000);
    transport.padding = required_padding;
    for (int attempt = 1;; ++attempt) {
      auto http = prepare(request, attempt);
      if (!http) return std::unexpected(http.error());
      auto response = cli::send(*http, transport);
      if (!response) {
        auto failure = response.error().timed_out ? TransportFailure::Timeout : TransportFailure::Connection;
        if (auto delay = retry_->after_transport_error(attempt, failure)) {
          std::this_thread::sleep_for(*delay);
          continue;
        }
        complain("transport error: " + response.error().message + attempts_note(attempt));
        return std::unexpected(exit_transport);
      }
      if (response->status >= 200 && response->status <= 299) {
        retry_->record_success();
        return std::move(*response);
      }
      HttpResponse view = response->view();
      ServiceError error = decoder_.decode_error(view, response->padding());
      if (auto delay = retry_->after(error, attempt, retry_after_hint(view))) {
        std::this_thread::sleep_for(*delay);
        continue;
      }
      report(error, attempt);
      return std::unexpected(exit_service);
    }
  }

  // Prints a service error: one line on stderr, and with --output json an error object on stdout.
  void report(const ServiceError& e, int attempts) const {
    std::string line = e.name;
    if (!e.message.empty()) line += ": " + e.message;
    line += " (HTTP " + std::to_string(e.http_status);
    line += e.request_id.empty() ? std::string(", no request id") : ", request id " + e.request_id;
    line += ")";
    line += attempts_note(attempts);
    complain(line);
    if (json()) {
      std::string out = R"({"error":{"code":)";
      detail::append_json_string(out, e.name);
      out += R"(,"message":)";
      detail::append_json_string(out, e.message);
      out += R"(,"http_status":)";
      detail::append_json_int(out, e.http_status);
      out += R"(,"request_id":)";
      detail::append_json_string(out, e.request_id);
      out += R"(,"fault":)";
      detail::append_json_string(out, to_string(e.fault()));
      out += R"(,"attempts":)";
      detail::append_json_int(out, attempts);
      out += "}}";
      print_line(stdout, out);
    }
  }

 private:
  Session() = default;

  static std::string attempts_note(int attempts) {
    return attempts > 1 ? " after " + std::to_string(attempts) + " attempts" : std::string();
  }

  CommonOptions options_;
  std::string region_;
  std::string endpoint_env_;
  std::optional<Endpoint> endpoint_;
#ifdef REDRIVE_HAVE_LIBCRYPTO
  std::optional<Signer> signer_;
#else
  std::optional<int> signer_;  // never set: nothing can sign
#endif
  std::string unsigned_reason_;
  Decoder decoder_;
  std::optional<RetryState> retry_;  // one per session: its quota spans the session's calls
  int max_attempts_ = 3;
};

}  // namespace redrive::cli
