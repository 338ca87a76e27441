// What the network commands share: resolving region, endpoint and credentials from the options
// into a Client of the call path, printing a request for --dry-run, running calls over libcurl,
// and reporting service and transport errors.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "args.hpp"
#include "output.hpp"
#include "redact.hpp"
#include "redrive.hpp"
#include "redrive/call.hpp"
#include "redrive/credentials.hpp"
#include "redrive/json_write.hpp"
#include "redrive/retry.hpp"
#include "redrive/service_error.hpp"
#include "render_json.hpp"
#include "render_text.hpp"
#include "settings.hpp"
#include "transport.hpp"

#ifdef REDRIVE_HAVE_LIBCRYPTO
#include "redrive/credentials/default_chain.hpp"
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

    // Every setting the SDKs read: the flags, then the environment, then the profile (settings.hpp).
    auto settings = resolve_settings(setting_flags(options));
    if (!settings) {
      complain(settings.error().message());
      return std::unexpected(exit_usage);
    }
    const auto& endpoint_url = settings->endpoint_url(AwsService::Sqs);
    if (!endpoint_url) {
      complain(endpoint_url.error().message());
      return std::unexpected(exit_usage);
    }
    const bool custom_endpoint = endpoint_url->has_value();

    // The region: --region, else the queue's own (a queue is only reachable in its region), else
    // the environment or the profile.
    std::string region;
    if (options.region) {
      region = *options.region;
      if (queue_region && *queue_region != *options.region && !custom_endpoint)
        warn("--region " + std::string(*options.region) + " is not the queue's region " + std::string(*queue_region) +
             "; the request goes to " + std::string(*options.region));
    } else if (queue_region) {
      region = *queue_region;
    } else if (settings->region) {
      region = settings->region->value;
    } else if (custom_endpoint) {
      region = "us-east-1";  // what LocalStack and ElasticMQ expect by default
    } else {
      complain(CredentialsError{CredentialsErrc::NoRegion, settings->profile.value, {}, {}}.message());
      return std::unexpected(exit_usage);
    }

    auto endpoint = resolve_endpoint(*settings, AwsService::Sqs, region);
    if (!endpoint) {
      const SettingsError& e = endpoint.error();
      if (e.error && e.error->field == Field::Endpoint)
        return std::unexpected(validation_error(*e.error, mask_password(e.value)));
      if (e.error && e.error->field == Field::Region) return std::unexpected(validation_error(*e.error, region));
      complain(e.message());
      return std::unexpected(exit_usage);
    }

    if (options.dry_run == DryRun::Off && !have_transport()) {
      complain("this redrive was built without libcurl, so it cannot send requests; --dry-run still works");
      return std::unexpected(exit_transport);
    }

    RetryPolicy policy;
    policy.max_attempts = settings->max_attempts.value;
    policy.mode = settings->retry_mode.value;
    s.client_.emplace(*endpoint, policy);
    auto transport = transport_options(options, *settings);
    if (!transport) return std::unexpected(transport.error());
    s.transport_.emplace(std::move(*transport));

#ifdef REDRIVE_HAVE_LIBCRYPTO
    // The AWS SDKs' default credential chain, fetched on the call path when first needed and again
    // before the credentials expire.
    ChainOptions chain;
    if (options.profile) chain.profile = std::string(*options.profile);
    chain.region = region;
    auto provider = std::make_shared<DefaultCredentialsChain>(std::move(chain));
    if (options.dry_run == DryRun::Off) {
      s.client_->sign_with(provider, [](const Credentials& c) { return Signer(c); });
    } else {
      // --dry-run signs with what the chain gives now, or shows the request unsigned.
      auto fetch = provider->fetch();
      drive(*fetch, *s.transport_);
      if (fetch->outcome()) s.client_->sign_with(Signer(fetch->outcome()->credentials));
      else s.unsigned_reason_ = fetch->outcome().error().message();
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

  // --dry-run: prints the first attempt of the request, as the call path would send it (its session
  // token <redacted> unless --show-secrets); nothing is sent.
  template <class Request>
  int dry_run(const Request& request) {
    Call<Request> call(*client_, request);
    const Step step = call.next(now());
    if (!step.sending()) return report(call.outcome().error(), 1);
    HttpRequest http = *step.request;
    if (!options_.show_secrets && redact_secrets(http) && options_.dry_run == DryRun::Curl && !json())
      complain("the session token is shown as <redacted>; add --show-secrets for a command that runs as it is");
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
    if (e.code == ServiceErrc::NoCredentials) {
      complain("credentials: " + e.message);
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

  // The transport's limits, CA bundle and User-Agent (with the app id). A CA bundle that cannot be
  // read is a usage error.
  static std::expected<TransportOptions, int> transport_options(const CommonOptions& options, const Settings& settings) {
    TransportOptions t;
    t.timeout_ms = static_cast<long>(options.timeout_seconds * 1000);
    if (settings.connect_timeout) t.connect_timeout_ms = static_cast<long>(settings.connect_timeout->value.count());
    if (settings.ca_bundle) {
      t.ca_bundle = settings.ca_bundle->value;
      if (options.dry_run == DryRun::Off) {
        std::FILE* f = std::fopen(t.ca_bundle.c_str(), "rb");
        if (!f) {
          complain(settings.ca_bundle->origin.text() + ": cannot read the CA bundle " + t.ca_bundle);
          return std::unexpected(exit_usage);
        }
        std::fclose(f);
      }
    }
    std::optional<std::string_view> app_id;
    if (settings.app_id) {
      app_id = settings.app_id->value;
      if (app_id->size() > app_id_recommended_max)
        warn(settings.app_id->origin.text() + " is longer than the recommended " +
             std::to_string(app_id_recommended_max) + " characters");
    }
    t.user_agent = user_agent(app_id);
    return t;
  }

  static std::string attempts_note(int attempts) {
    return attempts > 1 ? " after " + std::to_string(attempts) + " attempts" : std::string();
  }

  CommonOptions options_;
  std::optional<Client> client_;  // one per session: its retry quota and clock offset span the session's calls
  std::optional<Transport> transport_;
  std::string unsigned_reason_;
};

}  // namespace redrive::cli
