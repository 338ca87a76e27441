// The default credential chain as a CredentialsProvider: every fetch reads the environment and the
// shared files again, plans (chain_plan.hpp) and tries each provider in turn through its sans-IO
// fetch — the same credentials the AWS SDK for JavaScript v3 signs with, in every environment.
// Needs libcrypto and pugixml (AssumeRole is signed; STS answers in XML), like sigv4.hpp.
//
//   auto chain = std::make_shared<redrive::DefaultCredentialsChain>(redrive::ChainOptions{.region = "eu-west-1"});
//   client.sign_with(chain, [](const redrive::Credentials& c) { return redrive::Signer(c); });
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "redrive/credentials/chain_plan.hpp"
#include "redrive/credentials/container.hpp"
#include "redrive/credentials/environment.hpp"
#include "redrive/credentials/imds.hpp"
#include "redrive/credentials/process.hpp"
#include "redrive/credentials/provider.hpp"
#include "redrive/credentials/shared_files.hpp"
#include "redrive/credentials/sso.hpp"
#include "redrive/credentials/sts.hpp"
#include "redrive/endpoint.hpp"
#include "redrive/partition.hpp"
#include "redrive/retry.hpp"
#include "redrive/settings.hpp"

namespace redrive {

struct ChainOptions {
  std::optional<std::string> profile{};  // --profile; else AWS_PROFILE, else "default"
  std::string region{};  // the client's region: STS's when the role's profile names none (else the settings')
  GetEnv env = process_env;
  ProcessRunner run_process = redrive::run_process;
  std::uint64_t seed = std::random_device{}();  // backoff jitter of the STS and SSO requests
};

namespace detail {

// Whether the chain goes on after a provider that was configured and tried has failed: as in the
// SDK, STS and SSO errors end it, a failing credential_process or metadata service does not.
constexpr bool chain_goes_on_after(CredentialsErrc code) noexcept {
  switch (code) {
    case CredentialsErrc::AssumeRoleFailed:
    case CredentialsErrc::WebIdentityFailed:
    case CredentialsErrc::SsoLoginRequired:
    case CredentialsErrc::SsoFailed: return false;
    default: return true;
  }
}

class ChainFetch final : public CredentialsFetch {
 public:
  ChainFetch(const ChainOptions& options, const SharedFiles& files)
      : options_(options),
        plan_(plan_credentials(files.credentials.reveal(), files.config.reveal(), options.env, options.profile)),
        settings_(Settings::resolve(SettingFlags{.profile = options.profile}, options.env, files)),
        credentials_path_(files.credentials_path),
        config_path_(files.config_path),
        seed_(options.seed) {}

  Step next(CallTime now) override {
    while (!outcome_) {
      if (!current_) {
        if (next_link_ == plan_.links.size()) {
          outcome_ = std::unexpected(final_error());
          break;
        }
        current_link_ = &plan_.links[next_link_++];
        stop_after_current_ = false;
        default_metadata_ =
            next_link_ == plan_.links.size() && std::holds_alternative<plan::InstanceMetadata>(current_link_->how);
        current_ = make(*current_link_);
      }
      const Step step = current_->next(now);
      if (!step.done()) return step;
      const Outcome& tried = current_->outcome();
      if (tried) {
        outcome_ = tried;
        break;
      }
      note(tried.error());
      current_.reset();
    }
    return {};
  }
  void on_response(const HttpResponse& response, std::size_t padding, CallTime now) override {
    if (current_) current_->on_response(response, padding, now);
  }
  void on_transport_error(const TransportError& error, CallTime now) override {
    if (current_) current_->on_transport_error(error, now);
  }
  const Outcome& outcome() const& noexcept override { return *outcome_; }

 private:
  std::unique_ptr<CredentialsFetch> make(const CredentialsLink& link) {
    const CredentialSource source = link.source;
    auto ready = [](Outcome o) -> std::unique_ptr<CredentialsFetch> { return std::make_unique<ReadyFetch>(std::move(o)); };
    auto endpoint = [&](AwsService service, std::string_view region) -> std::expected<Endpoint, std::string> {
      if (!settings_) return std::unexpected(settings_.error().message());
      const std::string at = service == AwsService::Sts ? sts_region(*settings_, region, options_.region) : std::string(region);
      auto e = resolve_endpoint(*settings_, service, at);
      if (!e) return std::unexpected(e.error().message());
      return *e;
    };
    return std::visit(
        [&](const auto& how) -> std::unique_ptr<CredentialsFetch> {
          using How = std::decay_t<decltype(how)>;
          if constexpr (std::is_same_v<How, plan::StaticKeys>) {
            return ready(ProvidedCredentials{how.credentials, source});
          } else if constexpr (std::is_same_v<How, plan::AssumeRole>) {
            auto sts = endpoint(AwsService::Sts, how.region);
            if (!sts) return ready(std::unexpected(failure(CredentialsErrc::AssumeRoleFailed, link, sts.error())));
            AssumeRoleParams params{how.role_arn, how.role_session_name, {}, how.duration_seconds};
            if (!how.external_id.empty()) params.external_id = how.external_id;
            return std::make_unique<AssumeRoleFetch>(make(*how.source), std::move(params), std::move(*sts), seed_++,
                                                     retry_policy());
          } else if constexpr (std::is_same_v<How, plan::WebIdentity>) {
            auto sts = endpoint(AwsService::Sts, how.region);
            if (!sts) return ready(std::unexpected(failure(CredentialsErrc::WebIdentityFailed, link, sts.error())));
            return std::make_unique<WebIdentityFetch>(WebIdentityParams{how.token_file, how.role_arn, how.role_session_name},
                                                      std::move(*sts), seed_++, retry_policy());
          } else if constexpr (std::is_same_v<How, plan::Process>) {
            return std::make_unique<ProcessFetch>(how.command, options_.run_process);
          } else if constexpr (std::is_same_v<How, plan::Sso>) {
            auto portal = endpoint(AwsService::Sso, how.region);
            if (!portal) return ready(std::unexpected(failure(CredentialsErrc::SsoFailed, link, portal.error())));
            SsoSettings settings{how.start_url, how.region, how.account_id, how.role_name, how.session_name, link.profile};
            std::string cache = sso_token_cache_path(home_dir(options_.env), settings);
            auto fetch = std::make_unique<SsoFetch>(std::move(settings), std::move(cache), std::move(*portal), seed_++,
                                                    retry_policy());
            if (auto oidc = oidc_endpoint(how.region)) fetch->set_oidc_endpoint(*oidc);
            return fetch;
          } else if constexpr (std::is_same_v<How, plan::Container>) {
            auto settings = container_settings(options_.env);
            if (!settings) return ready(std::unexpected(failure(CredentialsErrc::ContainerFailed, link, "no container credentials endpoint is set")));
            if (!*settings) return ready(std::unexpected(settings->error()));
            return std::make_unique<ContainerFetch>(std::move(**settings));
          } else if constexpr (std::is_same_v<How, plan::InstanceMetadata>) {
            auto settings = imds_settings(options_.env, how.endpoint, how.endpoint_mode);
            if (!settings) return ready(std::unexpected(settings.error()));
            return std::make_unique<ImdsFetch>(std::move(*settings));
          } else {
            if (!how.try_next) stop_after_current_ = true;
            return ready(std::unexpected(how.error));
          }
        },
        link.how);
  }

  [[nodiscard]] RetryPolicy retry_policy() const {
    RetryPolicy policy;
    if (settings_) policy.max_attempts = settings_->max_attempts.value;
    return policy;
  }

  // SSO-OIDC, where sso-session tokens are refreshed: AWS_ENDPOINT_URL_SSO_OIDC, else
  // https://oidc.<sso_region>.<the partition's DNS suffix>.
  [[nodiscard]] std::optional<Endpoint> oidc_endpoint(std::string_view region) const {
    std::string url = env_string(options_.env, "AWS_ENDPOINT_URL_SSO_OIDC");
    if (url.empty()) {
      const Partition* partition = partition_of_region(region);
      if (!partition) return std::nullopt;
      url = "https://oidc." + std::string(region) + "." + std::string(partition->dns_suffix);
    }
    auto e = Endpoint::custom(url, region);
    if (!e) return std::nullopt;
    return *e;
  }

  static CredentialsError failure(CredentialsErrc code, const CredentialsLink& link, std::string detail) {
    CredentialsError e{code, link.profile, {}, {}};
    e.detail = std::move(detail);
    return e;
  }

  // Records a provider's failure; ends the chain when the SDK's would end. The final error is the
  // first that says more than "nothing is configured here"; the instance metadata service the chain
  // falls back to on its own only adds a note to "no credentials found".
  void note(CredentialsError e) {
    if (e.profile.empty()) e.profile = current_link_->profile;
    if (stop_after_current_ || !chain_goes_on_after(e.code)) {
      outcome_ = std::unexpected(with_files(e));
      return;
    }
    if (default_metadata_) {
      if (!is_imds_disabled(e)) metadata_note_ = e.message();
      return;
    }
    const bool says_nothing = e.code == CredentialsErrc::NotFound ||
                              (e.code == CredentialsErrc::ProfileNotFound && !plan_.profile_named);
    if (!says_nothing && !relevant_) relevant_ = std::move(e);
  }

  CredentialsError with_files(CredentialsError e) const {
    if (e.credentials_file.empty() && e.config_file.empty()) {
      e.credentials_file = credentials_path_;
      e.config_file = config_path_;
    }
    if (plan_.environment_keys_hidden)
      e.detail += std::string(e.detail.empty() ? "" : " ") +
                  "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set but not used while a profile is named (--profile "
                  "or AWS_PROFILE), as in the AWS SDKs: unset AWS_PROFILE to use them.";
    return e;
  }

  CredentialsError final_error() const {
    if (relevant_) return with_files(*relevant_);
    CredentialsError e{CredentialsErrc::NotFound, plan_.profile, {}, {}};
    if (!metadata_note_.empty()) e.detail = "(" + metadata_note_ + ")";
    return with_files(std::move(e));
  }

  ChainOptions options_;
  CredentialsPlan plan_;
  std::expected<Settings, SettingsError> settings_;
  std::string credentials_path_, config_path_;
  std::uint64_t seed_;
  std::size_t next_link_ = 0;
  const CredentialsLink* current_link_ = nullptr;
  std::unique_ptr<CredentialsFetch> current_;
  bool stop_after_current_ = false;  // the current link is a misconfiguration that ends the chain
  bool default_metadata_ = false;    // the current link is the instance metadata the chain ends with
  std::optional<CredentialsError> relevant_;
  std::string metadata_note_;
  std::optional<Outcome> outcome_;
};

}  // namespace detail

// The AWS SDKs' default credential chain (see chain_plan.hpp for the order). Keep it alive while
// its fetches run (a Client that signs with it holds it).
class DefaultCredentialsChain final : public CredentialsProvider {
 public:
  explicit DefaultCredentialsChain(ChainOptions options = {}) : options_(std::move(options)) {}

  // The plan a fetch made now would follow (what `redrive configure list` shows).
  [[nodiscard]] CredentialsPlan plan() const {
    auto files = detail::SharedFiles::load(options_.env);
    return plan_credentials(files.credentials.reveal(), files.config.reveal(), options_.env, options_.profile);
  }

  [[nodiscard]] std::unique_ptr<CredentialsFetch> fetch() override {
    return std::make_unique<detail::ChainFetch>(options_, detail::SharedFiles::load(options_.env));
  }

 private:
  ChainOptions options_;
};

}  // namespace redrive
