// The floor of the decode measures: bare simdjson On-Demand on the same padded body, with a reused
// parser (as redrive reuses its Decoder), doing only what reading the values takes. No status,
// header or type checks, no validation of what is not read, no error values: a floor is what
// redrive's decode cannot go below, not a decoder. Its values are checked like redrive's.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "decode_measures.hpp"

namespace {

namespace od = simdjson::ondemand;

simdjson::padded_string_view padded(const redrive::HttpResponse& r) {
  return simdjson::padded_string_view(r.body.data(), r.body.size(), r.body.size() + redrive::required_padding);
}

struct StartFloor {
  std::string_view task_handle;
};

// doc["TaskHandle"] as a string view.
std::optional<StartFloor> start_floor(od::parser& parser, const redrive::HttpResponse& r) {
  od::document doc;
  std::string_view handle;
  if (parser.iterate(padded(r)).get(doc) || doc["TaskHandle"].get_string().get(handle)) return std::nullopt;
  return StartFloor{handle};
}

// One entry's members in the order of ListMessageMoveTasksResultEntry: strings, then integers.
struct EntryFloor {
  std::array<std::optional<std::string_view>, 5> strings;  // TaskHandle, Status, SourceArn, DestinationArn, FailureReason
  std::array<std::optional<std::int64_t>, 4> ints;  // MaxNumberOfMessagesPerSecond, ...Moved, ...ToMove, StartedTimestamp
};

// The entries of the last decode, in a buffer reused across decodes.
struct ListFloor {
  const EntryFloor* entries;
  std::size_t size;

  redrive::OwnedListMessageMoveTasksResult to_owned() const {
    std::vector<redrive::OwnedListMessageMoveTasksResultEntry> owned;
    auto own = [](const std::optional<std::string_view>& s) { return s ? std::optional<std::string>(*s) : std::nullopt; };
    for (const EntryFloor& e : std::span(entries, size)) {
      owned.push_back({own(e.strings[0]), own(e.strings[1]), own(e.strings[2]), own(e.strings[3]),
                       e.ints[0] ? std::optional<std::int32_t>(static_cast<std::int32_t>(*e.ints[0])) : std::nullopt,
                       e.ints[1], e.ints[2], own(e.strings[4]), e.ints[3]});
    }
    return {std::move(owned)};
  }
};

// Which slot a member goes to. The nine names have nine different lengths, so the key's length is
// the cheapest way to tell them apart.
struct Slot {
  bool is_int;
  int index;
};
std::optional<Slot> slot_of(std::size_t key_length) {
  switch (key_length) {
    case 10: return Slot{false, 0};  // TaskHandle
    case 6: return Slot{false, 1};   // Status
    case 9: return Slot{false, 2};   // SourceArn
    case 14: return Slot{false, 3};  // DestinationArn
    case 13: return Slot{false, 4};  // FailureReason
    case 28: return Slot{true, 0};   // MaxNumberOfMessagesPerSecond
    case 32: return Slot{true, 1};   // ApproximateNumberOfMessagesMoved
    case 33: return Slot{true, 2};   // ApproximateNumberOfMessagesToMove
    case 16: return Slot{true, 3};   // StartedTimestamp
  }
  return std::nullopt;
}

// doc["Results"], each member of each entry once: its key, then its value as a string view or an
// int64.
std::optional<ListFloor> list_floor(od::parser& parser, std::array<EntryFloor, 16>& buffer,
                                    const redrive::HttpResponse& r) {
  od::document doc;
  od::array results;
  if (parser.iterate(padded(r)).get(doc) || doc["Results"].get_array().get(results)) return std::nullopt;
  std::size_t n = 0;
  for (auto item : results) {
    od::object object;
    if (n == buffer.size() || item.get_object().get(object)) return std::nullopt;
    EntryFloor& entry = buffer[n++];
    entry = {};
    for (auto member : object) {
      od::field field;
      std::string_view key;
      if (std::move(member).get(field) || field.unescaped_key().get(key)) return std::nullopt;
      std::optional<Slot> slot = slot_of(key.size());
      if (!slot) return std::nullopt;
      if (slot->is_int) {
        std::int64_t v;
        if (field.value().get_int64().get(v)) return std::nullopt;
        entry.ints[static_cast<std::size_t>(slot->index)] = v;
      } else {
        std::string_view v;
        if (field.value().get_string().get(v)) return std::nullopt;
        entry.strings[static_cast<std::size_t>(slot->index)] = v;
      }
    }
  }
  return ListFloor{buffer.data(), n};
}

void start(benchmark::State& state) {
  od::parser parser;
  bench::decode_start(state, [&parser](const redrive::HttpResponse& r) { return start_floor(parser, r); });
}

void list10(benchmark::State& state) {
  od::parser parser;
  std::array<EntryFloor, 16> buffer;
  bench::decode_list10(state, [&](const redrive::HttpResponse& r) { return list_floor(parser, buffer, r); });
}

}  // namespace

BENCHMARK(start)->Name("decode_start/floor");
BENCHMARK(list10)->Name("decode_list10/floor");
