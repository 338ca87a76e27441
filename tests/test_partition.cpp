#include <doctest/doctest.h>

#include <redrive/partition.hpp>

using namespace redrive;

static_assert(partition_of_region("cn-north-1")->name == "aws-cn");
static_assert(partition_of_region("nowhere-1") == nullptr);

TEST_CASE("every known region resolves to its partition") {
  struct Case {
    std::string_view region, partition;
  };
  const Case cases[] = {
      {"us-east-1", "aws"},          {"eu-central-2", "aws"},        {"ap-southeast-7", "aws"},
      {"mx-central-1", "aws"},       {"il-central-1", "aws"},        {"af-south-1", "aws"},
      {"cn-northwest-1", "aws-cn"},  {"us-gov-west-1", "aws-us-gov"}, {"us-gov-east-1", "aws-us-gov"},
      {"us-iso-east-1", "aws-iso"},  {"us-isob-east-1", "aws-iso-b"}, {"eu-isoe-west-1", "aws-iso-e"},
      {"us-isof-south-1", "aws-iso-f"}, {"eusc-de-east-1", "aws-eusc"},
      {"ap-future_9-42", "aws"},  // unknown today, matches the pattern: works without a release
  };
  for (const auto& c : cases) {
    CAPTURE(c.region);
    const Partition* p = partition_of_region(c.region);
    REQUIRE(p != nullptr);
    CHECK(p->name == c.partition);
    CHECK(find_partition(c.partition) == p);
  }
}

TEST_CASE("regions that match no pattern are rejected") {
  for (std::string_view r : {"", "us", "us-east", "us-east-", "us--1", "us-east-1a", "xx-foo-1", "US-EAST-1",
                             "us-east-1-", "us-gov-west-x", "eusc-fr-east-1", "us-east.1", "cn-north-1 "}) {
    CAPTURE(r);
    CHECK(partition_of_region(r) == nullptr);
  }
  CHECK_FALSE(region_matches(*find_partition("aws"), "us-gov-west-1"));
  CHECK_FALSE(region_matches(*find_partition("aws-cn"), "us-east-1"));
}

TEST_CASE("partition table") {
  CHECK(partitions.size() == 8);
  CHECK(find_partition("aws-cn")->dns_suffix == "amazonaws.com.cn");
  CHECK(find_partition("aws-cn")->dual_stack_dns_suffix == "api.amazonwebservices.com.cn");
  CHECK(find_partition("aws-iso-f")->dns_suffix == "csp.hci.ic.gov");
  CHECK(find_partition("aws-eusc")->dns_suffix == "amazonaws.eu");
  CHECK(find_partition("aws-global") == nullptr);
}
