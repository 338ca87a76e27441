#include <doctest/doctest.h>

#include <redrive/endpoint.hpp>
#include <string>
#include <type_traits>

using namespace redrive;

// ---- compile time ---------------------------------------------------------------------------
static_assert(endpoint_for("us-east-1")->host() == "sqs.us-east-1.amazonaws.com");
static_assert(endpoint_for("us-gov-west-1", {.fips = true})->host() == "sqs.us-gov-west-1.amazonaws.com");
static_assert(endpoint_for("us-east-1", {.fips = true, .dual_stack = true})->host() == "sqs-fips.us-east-1.api.aws");
static_assert(endpoint_for("us-east-1")->path() == "/" && endpoint_for("us-east-1")->scheme() == "https");
static_assert(endpoint_for("eu-west-3")->signing_region() == "eu-west-3");
static_assert(endpoint_for("").error() == Error{Field::Region, Errc::Empty, 0});
static_assert(endpoint_for("xx-foo-1").error() == Error{Field::Region, Errc::UnknownRegion, 0});
static_assert(Endpoint::custom("http://127.0.0.1:4566")->host() == "127.0.0.1:4566");
static_assert(Endpoint::custom("http://localhost:4566", "us-east-1", {.fips = true}).error() ==
              Error{Field::Endpoint, Errc::EndpointConflict, 0});
static_assert(endpoint_for(AwsService::Sts, "eu-west-1")->host() == "sts.eu-west-1.amazonaws.com");
static_assert(endpoint_for(AwsService::Sso, "us-gov-west-1", {.fips = true})->host() == "portal.sso.us-gov-west-1.amazonaws.com");
static_assert(endpoint_for(AwsService::Sqs, "us-east-1") == endpoint_for("us-east-1"));
static_assert(endpoint_for(AwsService::Sts, "aws-global").error() == Error{Field::Region, Errc::UnknownRegion, 0});
static_assert(service_id(AwsService::Sqs) == "SQS" && service_id(AwsService::Sts) == "STS" && service_id(AwsService::Sso) == "SSO");
static_assert(std::is_trivially_copyable_v<Endpoint>);
static_assert(!std::is_default_constructible_v<Endpoint>);
static_assert(noexcept(endpoint_for("us-east-1")) && noexcept(Endpoint::custom("http://x")));

// ---- run time -------------------------------------------------------------------------------
TEST_CASE("every row of the endpoint table in docs/wire.md#endpoints") {
  struct Row {
    std::string_view region;
    EndpointOptions options;
    std::string_view host;
  };
  const Row rows[] = {
      {"us-east-1", {}, "sqs.us-east-1.amazonaws.com"},
      {"us-east-1", {.fips = true}, "sqs-fips.us-east-1.amazonaws.com"},
      {"us-east-1", {.dual_stack = true}, "sqs.us-east-1.api.aws"},
      {"us-east-1", {.fips = true, .dual_stack = true}, "sqs-fips.us-east-1.api.aws"},
      {"us-gov-west-1", {}, "sqs.us-gov-west-1.amazonaws.com"},
      {"us-gov-west-1", {.fips = true}, "sqs.us-gov-west-1.amazonaws.com"},
      {"us-gov-east-1", {.dual_stack = true}, "sqs.us-gov-east-1.api.aws"},
      {"us-gov-east-1", {.fips = true, .dual_stack = true}, "sqs-fips.us-gov-east-1.api.aws"},
      {"cn-north-1", {}, "sqs.cn-north-1.amazonaws.com.cn"},
      {"cn-northwest-1", {.fips = true}, "sqs-fips.cn-northwest-1.amazonaws.com.cn"},
      {"cn-north-1", {.dual_stack = true}, "sqs.cn-north-1.api.amazonwebservices.com.cn"},
      {"us-iso-east-1", {}, "sqs.us-iso-east-1.c2s.ic.gov"},
      {"us-iso-east-1", {.fips = true}, "sqs-fips.us-iso-east-1.c2s.ic.gov"},
      {"us-isob-east-1", {.fips = true}, "sqs-fips.us-isob-east-1.sc2s.sgov.gov"},
      {"eu-isoe-west-1", {}, "sqs.eu-isoe-west-1.cloud.adc-e.uk"},
      {"us-isof-south-1", {}, "sqs.us-isof-south-1.csp.hci.ic.gov"},
      {"eusc-de-east-1", {}, "sqs.eusc-de-east-1.amazonaws.eu"},
      {"eusc-de-east-1", {.fips = true}, "sqs-fips.eusc-de-east-1.amazonaws.eu"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.region);
    CAPTURE(row.options.fips);
    CAPTURE(row.options.dual_stack);
    auto e = endpoint_for(row.region, row.options);
    REQUIRE(e);
    CHECK(e->host() == row.host);
    CHECK(e->scheme() == "https");
    CHECK(e->path() == "/");
    CHECK(e->url() == "https://" + std::string(row.host) + "/");
    CHECK(e->signing_region() == row.region);
    CHECK_FALSE(e->is_custom());
  }
}

// The hosts the JS SDK's STS and SSO clients (@aws-sdk/nested-clients 3.1175 endpoint rules,
// UseGlobalEndpoint false as it defaults) resolve, for one region of each partition.
TEST_CASE("STS and SSO portal endpoints: every partition and variant, as the SDK's rules give them") {
  struct Row {
    AwsService service;
    std::string_view region;
    EndpointOptions options;
    std::string_view host;
  };
  const Row rows[] = {
      {AwsService::Sts, "us-east-1", {}, "sts.us-east-1.amazonaws.com"},
      {AwsService::Sts, "us-east-1", {.dual_stack = true}, "sts.us-east-1.api.aws"},
      {AwsService::Sts, "us-east-1", {.fips = true}, "sts-fips.us-east-1.amazonaws.com"},
      {AwsService::Sts, "us-east-1", {.fips = true, .dual_stack = true}, "sts-fips.us-east-1.api.aws"},
      {AwsService::Sts, "eu-west-1", {}, "sts.eu-west-1.amazonaws.com"},
      {AwsService::Sts, "eu-west-1", {.dual_stack = true}, "sts.eu-west-1.api.aws"},
      {AwsService::Sts, "eu-west-1", {.fips = true}, "sts-fips.eu-west-1.amazonaws.com"},
      {AwsService::Sts, "eu-west-1", {.fips = true, .dual_stack = true}, "sts-fips.eu-west-1.api.aws"},
      {AwsService::Sts, "us-west-2", {}, "sts.us-west-2.amazonaws.com"},
      {AwsService::Sts, "us-west-2", {.dual_stack = true}, "sts.us-west-2.api.aws"},
      {AwsService::Sts, "us-west-2", {.fips = true}, "sts-fips.us-west-2.amazonaws.com"},
      {AwsService::Sts, "us-west-2", {.fips = true, .dual_stack = true}, "sts-fips.us-west-2.api.aws"},
      {AwsService::Sts, "us-gov-west-1", {}, "sts.us-gov-west-1.amazonaws.com"},
      {AwsService::Sts, "us-gov-west-1", {.dual_stack = true}, "sts.us-gov-west-1.api.aws"},
      {AwsService::Sts, "us-gov-west-1", {.fips = true}, "sts.us-gov-west-1.amazonaws.com"},
      {AwsService::Sts, "us-gov-west-1", {.fips = true, .dual_stack = true}, "sts-fips.us-gov-west-1.api.aws"},
      {AwsService::Sts, "cn-north-1", {}, "sts.cn-north-1.amazonaws.com.cn"},
      {AwsService::Sts, "cn-north-1", {.dual_stack = true}, "sts.cn-north-1.api.amazonwebservices.com.cn"},
      {AwsService::Sts, "cn-north-1", {.fips = true}, "sts-fips.cn-north-1.amazonaws.com.cn"},
      {AwsService::Sts, "cn-north-1", {.fips = true, .dual_stack = true}, "sts-fips.cn-north-1.api.amazonwebservices.com.cn"},
      {AwsService::Sts, "us-iso-east-1", {}, "sts.us-iso-east-1.c2s.ic.gov"},
      {AwsService::Sts, "us-iso-east-1", {.dual_stack = true}, "sts.us-iso-east-1.api.aws.ic.gov"},
      {AwsService::Sts, "us-iso-east-1", {.fips = true}, "sts-fips.us-iso-east-1.c2s.ic.gov"},
      {AwsService::Sts, "us-iso-east-1", {.fips = true, .dual_stack = true}, "sts-fips.us-iso-east-1.api.aws.ic.gov"},
      {AwsService::Sts, "us-isob-east-1", {}, "sts.us-isob-east-1.sc2s.sgov.gov"},
      {AwsService::Sts, "us-isob-east-1", {.dual_stack = true}, "sts.us-isob-east-1.api.aws.scloud"},
      {AwsService::Sts, "us-isob-east-1", {.fips = true}, "sts-fips.us-isob-east-1.sc2s.sgov.gov"},
      {AwsService::Sts, "us-isob-east-1", {.fips = true, .dual_stack = true}, "sts-fips.us-isob-east-1.api.aws.scloud"},
      {AwsService::Sts, "eu-isoe-west-1", {}, "sts.eu-isoe-west-1.cloud.adc-e.uk"},
      {AwsService::Sts, "eu-isoe-west-1", {.dual_stack = true}, "sts.eu-isoe-west-1.api.cloud-aws.adc-e.uk"},
      {AwsService::Sts, "eu-isoe-west-1", {.fips = true}, "sts-fips.eu-isoe-west-1.cloud.adc-e.uk"},
      {AwsService::Sts, "eu-isoe-west-1", {.fips = true, .dual_stack = true}, "sts-fips.eu-isoe-west-1.api.cloud-aws.adc-e.uk"},
      {AwsService::Sts, "us-isof-south-1", {}, "sts.us-isof-south-1.csp.hci.ic.gov"},
      {AwsService::Sts, "us-isof-south-1", {.dual_stack = true}, "sts.us-isof-south-1.api.aws.hci.ic.gov"},
      {AwsService::Sts, "us-isof-south-1", {.fips = true}, "sts-fips.us-isof-south-1.csp.hci.ic.gov"},
      {AwsService::Sts, "us-isof-south-1", {.fips = true, .dual_stack = true}, "sts-fips.us-isof-south-1.api.aws.hci.ic.gov"},
      {AwsService::Sts, "eusc-de-east-1", {}, "sts.eusc-de-east-1.amazonaws.eu"},
      {AwsService::Sts, "eusc-de-east-1", {.dual_stack = true}, "sts.eusc-de-east-1.api.amazonwebservices.eu"},
      {AwsService::Sts, "eusc-de-east-1", {.fips = true}, "sts-fips.eusc-de-east-1.amazonaws.eu"},
      {AwsService::Sts, "eusc-de-east-1", {.fips = true, .dual_stack = true}, "sts-fips.eusc-de-east-1.api.amazonwebservices.eu"},
      {AwsService::Sts, "ap-east-1", {}, "sts.ap-east-1.amazonaws.com"},
      {AwsService::Sts, "ap-east-1", {.dual_stack = true}, "sts.ap-east-1.api.aws"},
      {AwsService::Sts, "ap-east-1", {.fips = true}, "sts-fips.ap-east-1.amazonaws.com"},
      {AwsService::Sts, "ap-east-1", {.fips = true, .dual_stack = true}, "sts-fips.ap-east-1.api.aws"},
      {AwsService::Sso, "us-east-1", {}, "portal.sso.us-east-1.amazonaws.com"},
      {AwsService::Sso, "us-east-1", {.dual_stack = true}, "portal.sso.us-east-1.api.aws"},
      {AwsService::Sso, "us-east-1", {.fips = true}, "portal.sso-fips.us-east-1.amazonaws.com"},
      {AwsService::Sso, "us-east-1", {.fips = true, .dual_stack = true}, "portal.sso-fips.us-east-1.api.aws"},
      {AwsService::Sso, "eu-west-1", {}, "portal.sso.eu-west-1.amazonaws.com"},
      {AwsService::Sso, "eu-west-1", {.dual_stack = true}, "portal.sso.eu-west-1.api.aws"},
      {AwsService::Sso, "eu-west-1", {.fips = true}, "portal.sso-fips.eu-west-1.amazonaws.com"},
      {AwsService::Sso, "eu-west-1", {.fips = true, .dual_stack = true}, "portal.sso-fips.eu-west-1.api.aws"},
      {AwsService::Sso, "us-west-2", {}, "portal.sso.us-west-2.amazonaws.com"},
      {AwsService::Sso, "us-west-2", {.dual_stack = true}, "portal.sso.us-west-2.api.aws"},
      {AwsService::Sso, "us-west-2", {.fips = true}, "portal.sso-fips.us-west-2.amazonaws.com"},
      {AwsService::Sso, "us-west-2", {.fips = true, .dual_stack = true}, "portal.sso-fips.us-west-2.api.aws"},
      {AwsService::Sso, "us-gov-west-1", {}, "portal.sso.us-gov-west-1.amazonaws.com"},
      {AwsService::Sso, "us-gov-west-1", {.dual_stack = true}, "portal.sso.us-gov-west-1.api.aws"},
      {AwsService::Sso, "us-gov-west-1", {.fips = true}, "portal.sso.us-gov-west-1.amazonaws.com"},
      {AwsService::Sso, "us-gov-west-1", {.fips = true, .dual_stack = true}, "portal.sso-fips.us-gov-west-1.api.aws"},
      {AwsService::Sso, "cn-north-1", {}, "portal.sso.cn-north-1.amazonaws.com.cn"},
      {AwsService::Sso, "cn-north-1", {.dual_stack = true}, "portal.sso.cn-north-1.api.amazonwebservices.com.cn"},
      {AwsService::Sso, "cn-north-1", {.fips = true}, "portal.sso-fips.cn-north-1.amazonaws.com.cn"},
      {AwsService::Sso, "cn-north-1", {.fips = true, .dual_stack = true}, "portal.sso-fips.cn-north-1.api.amazonwebservices.com.cn"},
      {AwsService::Sso, "us-iso-east-1", {}, "portal.sso.us-iso-east-1.c2s.ic.gov"},
      {AwsService::Sso, "us-iso-east-1", {.dual_stack = true}, "portal.sso.us-iso-east-1.api.aws.ic.gov"},
      {AwsService::Sso, "us-iso-east-1", {.fips = true}, "portal.sso-fips.us-iso-east-1.c2s.ic.gov"},
      {AwsService::Sso, "us-iso-east-1", {.fips = true, .dual_stack = true}, "portal.sso-fips.us-iso-east-1.api.aws.ic.gov"},
      {AwsService::Sso, "us-isob-east-1", {}, "portal.sso.us-isob-east-1.sc2s.sgov.gov"},
      {AwsService::Sso, "us-isob-east-1", {.dual_stack = true}, "portal.sso.us-isob-east-1.api.aws.scloud"},
      {AwsService::Sso, "us-isob-east-1", {.fips = true}, "portal.sso-fips.us-isob-east-1.sc2s.sgov.gov"},
      {AwsService::Sso, "us-isob-east-1", {.fips = true, .dual_stack = true}, "portal.sso-fips.us-isob-east-1.api.aws.scloud"},
      {AwsService::Sso, "eu-isoe-west-1", {}, "portal.sso.eu-isoe-west-1.cloud.adc-e.uk"},
      {AwsService::Sso, "eu-isoe-west-1", {.dual_stack = true}, "portal.sso.eu-isoe-west-1.api.cloud-aws.adc-e.uk"},
      {AwsService::Sso, "eu-isoe-west-1", {.fips = true}, "portal.sso-fips.eu-isoe-west-1.cloud.adc-e.uk"},
      {AwsService::Sso, "eu-isoe-west-1", {.fips = true, .dual_stack = true}, "portal.sso-fips.eu-isoe-west-1.api.cloud-aws.adc-e.uk"},
      {AwsService::Sso, "us-isof-south-1", {}, "portal.sso.us-isof-south-1.csp.hci.ic.gov"},
      {AwsService::Sso, "us-isof-south-1", {.dual_stack = true}, "portal.sso.us-isof-south-1.api.aws.hci.ic.gov"},
      {AwsService::Sso, "us-isof-south-1", {.fips = true}, "portal.sso-fips.us-isof-south-1.csp.hci.ic.gov"},
      {AwsService::Sso, "us-isof-south-1", {.fips = true, .dual_stack = true}, "portal.sso-fips.us-isof-south-1.api.aws.hci.ic.gov"},
      {AwsService::Sso, "eusc-de-east-1", {}, "portal.sso.eusc-de-east-1.amazonaws.eu"},
      {AwsService::Sso, "eusc-de-east-1", {.dual_stack = true}, "portal.sso.eusc-de-east-1.api.amazonwebservices.eu"},
      {AwsService::Sso, "eusc-de-east-1", {.fips = true}, "portal.sso-fips.eusc-de-east-1.amazonaws.eu"},
      {AwsService::Sso, "eusc-de-east-1", {.fips = true, .dual_stack = true}, "portal.sso-fips.eusc-de-east-1.api.amazonwebservices.eu"},
      {AwsService::Sso, "ap-east-1", {}, "portal.sso.ap-east-1.amazonaws.com"},
      {AwsService::Sso, "ap-east-1", {.dual_stack = true}, "portal.sso.ap-east-1.api.aws"},
      {AwsService::Sso, "ap-east-1", {.fips = true}, "portal.sso-fips.ap-east-1.amazonaws.com"},
      {AwsService::Sso, "ap-east-1", {.fips = true, .dual_stack = true}, "portal.sso-fips.ap-east-1.api.aws"},
  };
  for (const Row& row : rows) {
    CAPTURE(service_id(row.service));
    CAPTURE(row.region);
    CAPTURE(row.options.fips);
    CAPTURE(row.options.dual_stack);
    auto e = Endpoint::for_service(row.service, row.region, row.options);
    REQUIRE(e);
    CHECK(e->host() == row.host);
    CHECK(e->url() == "https://" + std::string(row.host) + "/");
    CHECK(e->signing_region() == row.region);
    CHECK(!e->is_custom());
  }
}

TEST_CASE("each partition, each variant: suffixes from the partition table") {
  const std::string_view regions[] = {"ap-southeast-7", "cn-northwest-1", "us-gov-east-1", "us-iso-west-1",
                                      "us-isob-west-1", "eu-isoe-west-1", "us-isof-east-1", "eusc-de-east-1"};
  for (std::size_t i = 0; i < partitions.size(); ++i) {
    const Partition& p = partitions[i];
    std::string region(regions[i]);
    CAPTURE(region);
    CHECK(endpoint_for(region)->partition() == &p);
    CHECK(endpoint_for(region)->host() == "sqs." + region + "." + std::string(p.dns_suffix));
    CHECK(endpoint_for(region, {.dual_stack = true})->host() ==
          "sqs." + region + "." + std::string(p.dual_stack_dns_suffix));
    CHECK(endpoint_for(region, {.fips = true, .dual_stack = true})->host() ==
          "sqs-fips." + region + "." + std::string(p.dual_stack_dns_suffix));
    std::string fips = p.name == "aws-us-gov" ? "sqs." + region + ".amazonaws.com"
                                              : "sqs-fips." + region + "." + std::string(p.dns_suffix);
    CHECK(endpoint_for(region, {.fips = true})->host() == fips);
  }
}

TEST_CASE("regions that are errors, not guesses") {
  struct Case {
    std::string_view region;
    Errc code;
    std::uint32_t offset;
  };
  const Case cases[] = {
      {"", Errc::Empty, 0},
      {"xx-foo-1", Errc::UnknownRegion, 0},      // the SDKs fall back to the aws partition
      {"aws-global", Errc::UnknownRegion, 0},    // an SDK pseudo-region, not an SQS region
      {"us-east", Errc::UnknownRegion, 0},
      {"US-EAST-1", Errc::UnknownRegion, 0},
      {"us-east-1 ", Errc::UnknownRegion, 9},
      {"us-east-1.evil.com", Errc::UnknownRegion, 9},
      {"us-east/1", Errc::UnknownRegion, 7},
      {"eusc-fr-east-1", Errc::UnknownRegion, 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.region);
    CHECK(endpoint_for(c.region).error() == Error{Field::Region, c.code, c.offset});
    for (EndpointOptions o : {EndpointOptions{.fips = true}, EndpointOptions{.dual_stack = true}})
      CHECK(endpoint_for(c.region, o).error() == Error{Field::Region, c.code, c.offset});
  }
  std::string long_region = "us-" + std::string(60, 'a') + "-1";
  CHECK(endpoint_for(long_region).error() == Error{Field::Region, Errc::TooLong, 63});
  CHECK(endpoint_for("us-" + std::string(58, 'a') + "-1"));  // 63 bytes
}

TEST_CASE("custom endpoints") {
  struct Case {
    std::string_view url;
    std::string_view scheme, host, path;
  };
  const Case cases[] = {
      {"http://127.0.0.1:4566", "http", "127.0.0.1:4566", "/"},
      {"http://localhost:9324/", "http", "localhost:9324", "/"},
      {"HTTPS://SQS.Example.COM", "https", "sqs.example.com", "/"},
      {"https://example.com:443/base", "https", "example.com", "/base/"},
      {"http://example.com:80/a/b/", "http", "example.com", "/a/b/"},
      {"https://example.com:80", "https", "example.com:80", "/"},
      {"http://[::1]:4566", "http", "[::1]:4566", "/"},
      {"http://[FE80::1]", "http", "[fe80::1]", "/"},
      {"http://x:04566", "http", "x:4566", "/"},
      {"http://proxy_1.internal:65535/sqs/%7Euser", "http", "proxy_1.internal:65535", "/sqs/%7Euser/"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.url);
    auto e = Endpoint::custom(c.url, "eu-west-1");
    REQUIRE(e);
    CHECK(e->scheme() == c.scheme);
    CHECK(e->host() == c.host);
    CHECK(e->path() == c.path);
    CHECK(e->signing_region() == "eu-west-1");
    CHECK(e->is_custom());
    CHECK(e->partition() == nullptr);
  }
  CHECK(Endpoint::custom("http://localhost:4566")->signing_region() == "us-east-1");
  CHECK(Endpoint::custom("http://localhost:9324", "elasticmq")->signing_region() == "elasticmq");
  CHECK(Endpoint::custom("http://localhost:4566")->url() == "http://localhost:4566/");
}

TEST_CASE("custom endpoint errors") {
  struct Case {
    std::string_view url;
    Errc code;
    std::uint32_t offset;
  };
  const Case cases[] = {
      {"", Errc::Empty, 0},
      {"localhost:4566", Errc::BadEndpoint, 0},
      {"ftp://x", Errc::BadEndpoint, 0},
      {"http:/x", Errc::BadEndpoint, 0},
      {"http://", Errc::EndpointMissingHost, 7},
      {"http:///path", Errc::EndpointMissingHost, 7},
      {"http://:4566", Errc::EndpointMissingHost, 7},
      {"http://?x", Errc::EndpointMissingHost, 7},
      {"http://user:pw@x/", Errc::EndpointHasUserInfo, 7},
      {"http://user@x", Errc::EndpointHasUserInfo, 7},
      {"http://x:", Errc::BadEndpointPort, 9},
      {"http://x:0", Errc::BadEndpointPort, 9},
      {"http://x:65536", Errc::BadEndpointPort, 9},
      {"http://x:99999999999999999999", Errc::BadEndpointPort, 9},
      {"http://x:-1", Errc::BadEndpointPort, 9},
      {"http://x:45a", Errc::BadEndpointPort, 11},
      {"http://x:80:81", Errc::BadEndpointPort, 11},
      {"http://x/?q=1", Errc::EndpointHasQuery, 9},
      {"http://127.0.0.1:1?x", Errc::EndpointHasQuery, 18},
      {"http://x#frag", Errc::EndpointHasFragment, 8},
      {"http://x/a#b?c", Errc::EndpointHasFragment, 10},
      {"http://x/a b", Errc::BadEndpointPath, 10},
      {"http://x/a\\b", Errc::BadEndpointPath, 10},
      {"http://exa mple", Errc::BadEndpointHost, 10},
      {"http://[::1", Errc::BadEndpointHost, 7},
      {"http://[]", Errc::BadEndpointHost, 7},
      {"http://[::g]", Errc::BadEndpointHost, 10},
      {"http://[::1]x", Errc::BadEndpointHost, 12},
  };
  for (const Case& c : cases) {
    CAPTURE(c.url);
    CHECK(Endpoint::custom(c.url).error() == Error{Field::Endpoint, c.code, c.offset});
  }
  CHECK(Endpoint::custom("http://x/" + std::string(300, 'a')).error() == Error{Field::Endpoint, Errc::TooLong, 0});

  // FIPS or dual-stack with a custom endpoint: the SDK rules' "Invalid Configuration" errors.
  for (EndpointOptions o : {EndpointOptions{.fips = true}, EndpointOptions{.dual_stack = true},
                            EndpointOptions{.fips = true, .dual_stack = true}})
    CHECK(Endpoint::custom("http://127.0.0.1:4566", "us-east-1", o).error() ==
          Error{Field::Endpoint, Errc::EndpointConflict, 0});

  // The signing region of a custom endpoint.
  CHECK(Endpoint::custom("http://x", "").error() == Error{Field::Region, Errc::Empty, 0});
  CHECK(Endpoint::custom("http://x", "us east").error() == Error{Field::Region, Errc::UnknownRegion, 2});
  CHECK(Endpoint::custom("http://x", std::string(64, 'a')).error() == Error{Field::Region, Errc::TooLong, 63});
}

TEST_CASE("Endpoint equality") {
  CHECK(*endpoint_for("us-east-1") == *endpoint_for("us-east-1"));
  CHECK(*endpoint_for("us-east-1") != *endpoint_for("us-east-1", {.fips = true}));
  CHECK(*endpoint_for("us-gov-west-1") == *endpoint_for("us-gov-west-1", {.fips = true}));  // same host
  CHECK(*Endpoint::custom("http://x") != *Endpoint::custom("https://x"));
  CHECK(*Endpoint::custom("http://x", "us-east-1") != *Endpoint::custom("http://x", "us-west-2"));
}

// Found by fuzz_arn: the length check reserved 6 bytes for a port and 1 for the added '/' even
// when neither was stored, so the url() of an accepted endpoint near the limit was TooLong.
TEST_CASE("a custom endpoint's url() is accepted again, up to the length limit") {
  for (std::string_view base : {"http://h/", "http://h:4566/", "https://h:443/"}) {
    for (std::size_t n = 230; n <= 260; ++n) {
      std::string url = std::string(base) + std::string(n - base.size(), 'p');
      auto e = Endpoint::custom(url);
      CAPTURE(url);
      if (!e) {
        CHECK(e.error().code == Errc::TooLong);
        continue;
      }
      CHECK(e->host().size() + e->path().size() <= Endpoint::max_location);
      auto again = Endpoint::custom(e->url());
      REQUIRE(again);
      CHECK(*again == *e);
    }
  }
  // host "h" + path "/" + n bytes + the added '/': n = 252 fills the 255 bytes exactly.
  CHECK(Endpoint::custom("http://h/" + std::string(252, 'p')).has_value());
  CHECK(Endpoint::custom("http://h/" + std::string(253, 'p')).error() == Error{Field::Endpoint, Errc::TooLong, 0});
}

TEST_CASE("each custom endpoint problem is named by its own sentence, under the byte at fault") {
  std::string_view url = "http://127.0.0.1:1?x";
  CHECK(render(Endpoint::custom(url).error(), url) ==
        "Endpoint: A query (\"?...\") is not allowed in the endpoint.\n"
        "  http://127.0.0.1:1?x\n"
        "                    ^");
  url = "http://localhost:4566/#top";
  CHECK(render(Endpoint::custom(url).error(), url) ==
        "Endpoint: A fragment (\"#...\") is not allowed in the endpoint.\n"
        "  http://localhost:4566/#top\n"
        "                        ^");
  url = "http://admin:secret@localhost:4566";
  CHECK(render(Endpoint::custom(url).error(), url) ==
        "Endpoint: User info (\"user:password@\") is not allowed in the endpoint.\n"
        "  http://admin:secret@localhost:4566\n"
        "         ^");
  url = "http://localhost:99999";
  CHECK(render(Endpoint::custom(url).error(), url) ==
        "Endpoint: The endpoint's port must be a number from 1 to 65535.\n"
        "  http://localhost:99999\n"
        "                   ^");

  // Every endpoint code reads differently, and none is the generic scheme sentence.
  const Errc codes[] = {Errc::EndpointMissingHost, Errc::BadEndpointHost, Errc::EndpointHasUserInfo,
                        Errc::BadEndpointPort,     Errc::BadEndpointPath, Errc::EndpointHasQuery,
                        Errc::EndpointHasFragment};
  for (Errc code : codes) {
    CAPTURE(code_name(code));
    std::string_view m = Error{Field::Endpoint, code, 0}.message();
    CHECK(m != Error{Field::Endpoint, Errc::BadEndpoint, 0}.message());
    for (Errc other : codes)
      if (other != code) CHECK(m != Error{Field::Endpoint, other, 0}.message());
  }
  // '@' is a path character: only in the authority is it user info.
  CHECK(Endpoint::custom("http://x/a@b")->path() == "/a@b/");
}
