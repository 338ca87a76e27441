// Hand-written: split on ':' into strings, then check each field.
#include <cctype>
#include <vector>

#include "arn_parse.hpp"

namespace {

std::vector<std::string> split(std::string_view s, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = s.find(separator, start);
    parts.emplace_back(s.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool all_of(std::string_view s, bool (*ok)(char)) {
  for (char c : s)
    if (!ok(c)) return false;
  return !s.empty();
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_word(c) || c == '-'; }

struct PartitionRegions {
  std::string_view name;
  std::vector<std::string> prefixes;  // a region is <prefix>-<word>-<digits>
};

const std::vector<PartitionRegions>& partition_regions() {
  static const std::vector<PartitionRegions> table = [] {
    std::vector<PartitionRegions> out;
    for (const redrive::Partition& p : redrive::partitions) out.push_back({p.name, split(p.region_prefixes, '|')});
    return out;
  }();
  return table;
}

bool region_ok(const PartitionRegions& partition, std::string_view region) {
  for (const std::string& prefix : partition.prefixes) {
    if (!region.starts_with(prefix + "-")) continue;
    std::string_view rest = region.substr(prefix.size() + 1);
    std::size_t dash = rest.find('-');
    if (dash != std::string_view::npos && all_of(rest.substr(0, dash), is_word) &&
        all_of(rest.substr(dash + 1), is_digit))
      return true;
  }
  return false;
}

bool queue_name_ok(std::string_view name) {
  if (name.size() > 80) return false;
  if (name.ends_with(".fifo")) name.remove_suffix(5);
  return all_of(name, is_name_char);
}

std::optional<bench::ParsedQueueArn> parse(std::string_view s) {
  std::vector<std::string> parts = split(s, ':');
  if (parts.size() != 6 || parts[0] != "arn" || parts[2] != "sqs") return std::nullopt;
  const PartitionRegions* partition = nullptr;
  for (const PartitionRegions& p : partition_regions())
    if (parts[1] == p.name) partition = &p;
  if (!partition || !region_ok(*partition, parts[3])) return std::nullopt;
  if (parts[4].size() != 12 || !all_of(parts[4], is_digit) || !queue_name_ok(parts[5])) return std::nullopt;
  return bench::ParsedQueueArn{std::move(parts[1]), std::move(parts[3]), std::move(parts[4]), std::move(parts[5])};
}

void naive_split_parse(benchmark::State& state) {
  partition_regions();  // built before timing
  bench::arn_parse(state, parse, bench::own_fields);
}

}  // namespace

BENCHMARK(naive_split_parse)->Name("arn_parse/naive_split");
