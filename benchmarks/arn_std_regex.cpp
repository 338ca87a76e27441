// A precompiled std::regex for the ARN's shape, then the partition's own region pattern
// (partitions.json's regionRegex, also precompiled).
#include <regex>
#include <vector>

#include "arn_parse.hpp"

namespace {

struct PartitionPattern {
  std::string_view name;
  std::regex regions;
};

const std::regex& arn_pattern() {
  static const std::regex pattern(R"(arn:([\w-]+):sqs:([\w-]+):(\d{12}):([\w-]{1,80}|[\w-]{1,75}\.fifo))");
  return pattern;
}

const std::vector<PartitionPattern>& partition_patterns() {
  static const std::vector<PartitionPattern> patterns = [] {
    std::vector<PartitionPattern> out;
    for (const redrive::Partition& p : redrive::partitions) {
      std::string regions = "(";
      regions += p.region_prefixes;
      regions += R"()-\w+-\d+)";
      out.push_back({p.name, std::regex(regions)});
    }
    return out;
  }();
  return patterns;
}

std::optional<bench::ParsedQueueArn> parse(std::string_view s) {
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(s.begin(), s.end(), m, arn_pattern())) return std::nullopt;
  for (const PartitionPattern& p : partition_patterns()) {
    if (m[1].str() != p.name) continue;
    if (!std::regex_match(m[2].first, m[2].second, p.regions)) return std::nullopt;
    return bench::ParsedQueueArn{m[1].str(), m[2].str(), m[3].str(), m[4].str()};
  }
  return std::nullopt;
}

void std_regex_parse(benchmark::State& state) {
  arn_pattern();  // compiled before timing
  partition_patterns();
  bench::arn_parse(state, parse, bench::own_fields);
}

}  // namespace

BENCHMARK(std_regex_parse)->Name("arn_parse/std_regex");
