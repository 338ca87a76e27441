// Finding the dead-letter queues of a region from facts about its queues: a queue is a dead-letter
// queue when some queue's RedrivePolicy names it as its deadLetterTargetArn. Pure logic: the
// caller lists the queues and reads their attributes (ListQueues, GetQueueAttributes), then hands
// the facts over.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "redrive/json_write.hpp"
#include "redrive/types.hpp"

namespace redrive {

// What discovery needs to know about one queue.
struct QueueFacts {
  QueueArn arn;
  bool fifo = false;
  std::optional<std::int64_t> messages;           // ApproximateNumberOfMessages, when known
  std::optional<QueueArn> dead_letter_target;      // its RedrivePolicy's deadLetterTargetArn
};

struct DeadLetterQueue {
  QueueArn arn;
  bool fifo = false;
  std::optional<std::int64_t> messages;  // unknown when the queue was not among the listed ones
  bool listed = false;                   // found among the facts given (not only named by a policy)
  std::vector<QueueArn> sources;         // the queues naming it, sorted, each once
};

// The dead-letter queues among `queues`, fullest first; equally full ones (and those whose count
// is unknown, which come last) by ARN. A queue named by a RedrivePolicy but absent from `queues`
// (in another account or region, deleted, or filtered out by a prefix) is still reported, with
// its count unknown and its type read from its name. A queue listed twice counts once (the first).
[[nodiscard]] inline std::vector<DeadLetterQueue> find_dead_letter_queues(std::span<const QueueFacts> queues) {
  std::vector<DeadLetterQueue> found;
  auto entry = [&](const QueueArn& arn) -> DeadLetterQueue& {
    for (auto& d : found)
      if (d.arn == arn) return d;
    return found.emplace_back(DeadLetterQueue{arn, arn.is_fifo(), std::nullopt, false, {}});
  };
  auto facts_of = [&](const QueueArn& arn) -> const QueueFacts* {
    for (const auto& q : queues)
      if (q.arn == arn) return &q;
    return nullptr;
  };
  for (const auto& q : queues) {
    if (!q.dead_letter_target || facts_of(q.arn) != &q) continue;
    DeadLetterQueue& d = entry(*q.dead_letter_target);
    if (std::find(d.sources.begin(), d.sources.end(), q.arn) == d.sources.end()) d.sources.push_back(q.arn);
  }
  for (auto& d : found) {
    std::sort(d.sources.begin(), d.sources.end());
    if (const QueueFacts* f = facts_of(d.arn)) {
      d.listed = true;
      d.fifo = f->fifo;
      d.messages = f->messages;
    }
  }
  std::sort(found.begin(), found.end(), [](const DeadLetterQueue& a, const DeadLetterQueue& b) {
    if (a.messages.has_value() != b.messages.has_value()) return a.messages.has_value();
    if (a.messages && *a.messages != *b.messages) return *a.messages > *b.messages;
    return a.arn < b.arn;
  });
  return found;
}

// One dead-letter queue as a JSON object (no newline):
// {"dlq":ARN,"fifo":BOOL,"messages":N|null,"sources":[ARN,...]}
inline void append_json(std::string& out, const DeadLetterQueue& d) {
  out += R"({"dlq":)";
  append_json_string(out, d.arn.str());
  out += d.fifo ? R"(,"fifo":true)" : R"(,"fifo":false)";
  out += R"(,"messages":)";
  if (d.messages) append_json_int(out, *d.messages);
  else out += "null";
  out += R"(,"sources":[)";
  for (std::size_t i = 0; i < d.sources.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, d.sources[i].str());
  }
  out += "]}";
}

}  // namespace redrive
