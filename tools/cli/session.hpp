// What the network commands share: resolving region, endpoint and credentials from the options
// into a Client of the call path, printing a request for --dry-run, running calls over libcurl,
// and reporting service and transport errors.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "args.hpp"
#include "output.hpp"
#include "redrive.hpp"
#include "redrive/call.hpp"
#include "redrive/credentials.hpp"
#include "redrive/json_write.hpp"
#include "redrive/retry.hpp"
#include "redrive/service_error.hpp"
#include "render_json.hpp"
#include "render_text.hpp"
#include "transport.hpp"

#ifdef REDRIVE_HAVE_LIBCRYPTO
#include "redrive/sigv4.hpp"
#endif

namespace redrive::cli {

// What a command learned from the service: the owned result, or the exit code after the problem
// was reported.
template <class Request>
using Answer = std::expected<typename Operation<Request>::OwnedResult, int>;

class Session {
 public:
  // Resolves everything a command needs before it sends. `queue_region` is the region of the
  // queue the request is about (from its ARN), if known. Prints the problem and returns the exit
  // code on failure.
  static std::expected<Session, int> open(const CommonOptions& options, std::optional<std::string_view> queue_region) {
    Session s;
    s.options_ = options;

    // --endpoint-url, else the URL the environment or the profile configures for SQS (settings.hpp).
    SettingFlags endpoint_flags;
    endpoint_flags.profile = options.profile;
    endpoint_flags.endpoint_url = options.endpoint_url;
    auto configured = configured_endpoint_url(AwsService::Sqs, endpoint_flags);
    if (!configured) {
      complain(configured.error().message());
      return std::unexpected(exit_usage);
    }
    std::optional<std::string_view> endpoint_url;
    if (*configured) {
      s.endpoint_env_ = std::move((*configured)->value);
      endpoint_url = s.endpoint_env_;
    }

    // The region: --region, else the queue's own (a queue is only reachable in its region), else
    // the environment or the profile.
    std::string region;
    if (options.region) {
      region = *options.region;
      if (queue_region && *queue_region != *options.region && !endpoint_url)
        warn("--region " + std::string(*options.region) + " is not the queue's region " + std::string(*queue_region) +
             "; the request goes to " + std::string(*options.region));
    } else if (queue_region) {
      region = *queue_region;
    } else if (auto r = resolve_region(std::nullopt, process_env, options.profile)) {
      region = *r;
    } else if (endpoint_url) {
      region = "us-east-1";  // what LocalStack and ElasticMQ expect by default
    } else {
      complain(r.error().message());
      return std::unexpected(exit_usage);
    }

    EndpointOptions flags{options.fips, options.dual_stack};
    auto endpoint = endpoint_url ? Endpoint::custom(*endpoint_url, region, flags) : endpoint_for(region, flags);
    if (!endpoint) {
      const Error& e = endpoint.error();
      return std::unexpected(validation_error(e, e.field == Field::Endpoint ? *endpoint_url : std::string_view(region)));
    }

    if (options.dry_run == DryRun::Off && !have_transport()) {
      complain("this redrive was built without libcurl, so it cannot send requests; --dry-run still works");
      return std::unexpected(exit_transport);
    }

    RetryPolicy policy;
    if (options.max_attempts) policy.max_attempts = *options.max_attempts;
    s.client_.emplace(*endpoint, policy);
    TransportOptions transport;
    transport.timeout_ms = static_cast<long>(options.timeout_seconds * 1000);
    s.transport_.emplace(transport);

#ifdef REDRIVE_HAVE_LIBCRYPTO
    auto credentials = load_credentials(options.profile);
    if (credentials) {
      s.client_->sign_with(Signer(*credentials));
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
    return s;
  }

  const Endpoint& endpoint() const noexcept { return client_->endpoint(); }
  const CommonOptions& options() const noexcept { return options_; }
  bool json() const noexcept { return options_.output == OutputFormat::Json; }
  Client& client() noexcept { return *client_; }
  Transport& transport() noexcept { return *transport_; }

  // --dry-run: prints the first attempt of the request, as the call path would send it; nothing
  // is sent.
  template <class Request>
  int dry_run(const Request& request) {
    Call<Request> call(*client_, request);
    const Step step = call.next(now());
    if (!step.sending()) return report(call.outcome().error(), 1);
    const HttpRequest& http = *step.request;
    if (!client_->signs()) complain("this request is unsigned: " + unsigned_reason_);
    std::string out;
    if (json()) {
      out += '{';
      append_members(out, http);
      out += R"(,"url":)";
      append_json_string(out, http.url());
      out += R"(,"signed":)";
      out += client_->signs() ? "true" : "false";
      out += '}';
    } else if (options_.dry_run == DryRun::Curl) {
      if (!client_->signs()) out += "# unsigned request (no credentials; see stderr)\n";
      out += curl_command(http);
    } else {
      out += http_text(http);
    }
    print_line(stdout, out);
    return exit_ok;
  }

  // Runs a call to its end (the library's call path: retries per the AWS SDKs' standard mode, with
  // --max-attempts overriding the attempt count, and clock-skew correction). On failure prints the
  // error and returns the exit code.
  template <class Request>
  int run(Call<Request>& call) {
    drive(call, *transport_);
    if (call.outcome()) return exit_ok;
    return report(call.outcome().error(), call.attempts());
  }

  template <class Request>
  Answer<Request> call(const Request& request) {
    Call<Request> call(*client_, request);
    if (int rc = run(call); rc != exit_ok) return std::unexpected(rc);
    return std::move(call).outcome().value();
  }

  // Prints an error: one line on stderr, and with --output json an error object on stdout. Returns
  // the exit code it stands for.
  int report(const ServiceError& e, int attempts) const {
    if (e.code == ServiceErrc::TransportError) {
      complain("transport error: " + e.message + attempts_note(attempts));
      return exit_transport;
    }
    if (e.code == ServiceErrc::SigningFailed) {
      complain("cannot sign the request: " + e.message);
      return exit_credentials;
    }
    complain(error_text(e) + attempts_note(attempts));
    if (json()) {
      std::string out = R"({"error":{)";
      append_members(out, e);
      out += R"(,"attempts":)";
      append_json_int(out, attempts);
      out += "}}";
      print_line(stdout, out);
    }
    return exit_service;
  }

  static CallTime now() { return SystemClock{}.now(); }

 private:
  Session() = default;

  static std::string attempts_note(int attempts) {
    return attempts > 1 ? " after " + std::to_string(attempts) + " attempts" : std::string();
  }

  CommonOptions options_;
  std::string endpoint_env_;
  std::optional<Client> client_;  // one per session: its retry quota and clock offset span the session's calls
  std::optional<Transport> transport_;
  std::string unsigned_reason_;
};

}  // namespace redrive::cli
