// The floor of arn_parse: the work no parser of a queue ARN can avoid. One pass over the bytes
// finding the five ':' and a copy of the text into an inline buffer of QueueArn's size; no
// validation at all. Its fields are checked on the valid ARNs only (Rejects::nothing).
#include <redrive/types.hpp>

#include <cstdint>
#include <cstring>

#include "arn_parse.hpp"

namespace {

struct FloorArn {
  char buf[redrive::QueueArn::max_size];
  std::uint8_t size;
  std::uint8_t colon[5];  // offsets of the first five ':'

  std::string_view field(int k) const {  // the text between colon k and colon k + 1 (or the end)
    std::size_t end = k == 4 ? size : colon[k + 1];
    return {buf + colon[k] + 1, end - colon[k] - 1};
  }
};

// Built in place, as redrive builds its result: no second copy of the buffer.
std::optional<FloorArn> parse(std::string_view s) {
  std::optional<FloorArn> r;
  if (s.size() > redrive::QueueArn::max_size) return r;
  FloorArn& a = r.emplace();
  int found = 0;
  for (std::size_t i = 0; i < s.size() && found < 5; ++i)
    if (s[i] == ':') a.colon[found++] = static_cast<std::uint8_t>(i);
  if (found < 5) r.reset();
  else {
    a.size = static_cast<std::uint8_t>(s.size());
    std::memcpy(a.buf, s.data(), s.size());
  }
  return r;
}

struct Fields {
  std::string_view partition, region, account, queue_name;
};

void floor_parse(benchmark::State& state) {
  bench::arn_parse(
      state, parse, [](const FloorArn& a) { return Fields{a.field(0), a.field(2), a.field(3), a.field(4)}; },
      bench::Rejects::nothing);
}

}  // namespace

BENCHMARK(floor_parse)->Name("arn_parse/floor");
