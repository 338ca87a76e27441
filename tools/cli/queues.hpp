// What discover, preflight and fleet ask the service about queues: the calls behind the library's
// pure discovery and preflight logic. Every helper returns the service's answer or its error
// without printing, so a command decides what an error means for it.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "redrive/discover.hpp"
#include "redrive/paginate.hpp"
#include "redrive/preflight.hpp"
#include "redrive/queue_model.hpp"
#include "redrive/queue_url.hpp"
#include "session.hpp"

namespace redrive::cli {

template <class Request>
using Outcome = std::expected<typename Operation<Request>::OwnedResult, ServiceError>;

// One call through the session's call path (retries, clock skew, credentials), nothing printed.
template <class Request>
Outcome<Request> ask(Session& session, const Request& request) {
  return call(session.client(), request, session.transport());
}

// An answer that is not what SQS documents, as the error of the call that brought it.
inline ServiceError bad_answer(std::string what) { return client_side_error(ServiceErrc::MalformedResponse, std::move(what)); }

// A call error that is about reaching the service at all (no connection, no credentials): every
// further call would fail the same way, so a command stops and reports it.
inline bool unreachable(const ServiceError& e) noexcept {
  return e.code == ServiceErrc::TransportError || e.code == ServiceErrc::NoCredentials ||
         e.code == ServiceErrc::SigningFailed;
}

// The URL of the queue an ARN names (GetQueueUrl, with the ARN's account as the owner): defined
// on any endpoint, AWS or local.
inline std::expected<QueueUrl, ServiceError> url_of(Session& session, const QueueArn& arn) {
  auto name = QueueName::parse(arn.queue_name());
  auto owner = AccountId::parse(arn.account());
  if (!name || !owner) return std::unexpected(bad_answer("the queue ARN " + std::string(arn.str()) + " has no usable name"));
  auto answer = ask(session, GetQueueUrlRequest{*name, *owner});
  if (!answer) return std::unexpected(answer.error());
  if (!answer->queue_url) return std::unexpected(bad_answer("GetQueueUrl answered without a QueueUrl"));
  auto url = QueueUrl::parse(*answer->queue_url);
  if (!url) return std::unexpected(bad_answer("GetQueueUrl answered an invalid QueueUrl: " + render(url.error(), *answer->queue_url)));
  return *url;
}

// Every page of a listing (ListQueues, ListDeadLetterSourceQueues): the queue URLs.
template <class Request>
std::expected<std::vector<std::string>, ServiceError> all_queue_urls(Session& session, Request first) {
  first.max_results = QueueMaxResults::make(1000).value();
  Pages<Request> pages(std::move(first));
  std::vector<std::string> urls;
  while (!pages.done()) {
    auto answer = ask(session, pages.request());
    if (!answer) return std::unexpected(answer.error());
    if (answer->queue_urls) urls.insert(urls.end(), answer->queue_urls->begin(), answer->queue_urls->end());
    if (auto step = pages.advance(*answer); !step) return std::unexpected(bad_answer(std::string(step.error().message())));
  }
  return urls;
}

inline const std::vector<QueueAttribute> queue_fact_attributes{QueueAttribute::QueueArn, QueueAttribute::FifoQueue,
                                                               QueueAttribute::ApproximateNumberOfMessages,
                                                               QueueAttribute::RedrivePolicy};

// What discovery and preflight need of one queue (GetQueueAttributes). A FIFO queue says so; a
// standard queue leaves FifoQueue out.
inline std::expected<QueueFacts, ServiceError> facts_of(Session& session, const QueueUrl& url) {
  auto answer = ask(session, GetQueueAttributesRequest{url, queue_fact_attributes});
  if (!answer) return std::unexpected(answer.error());
  auto arn = answer->queue_arn();
  auto fifo = answer->fifo();
  auto messages = answer->approximate_number_of_messages();
  auto policy = answer->redrive_policy();
  auto invalid = [&](std::string_view attribute, const Error& e) {
    return std::unexpected(bad_answer("the " + std::string(attribute) + " attribute of " + std::string(url.str()) +
                                      " is invalid: " + std::string(e.message())));
  };
  if (!arn) return invalid("QueueArn", arn.error());
  if (!*arn) return std::unexpected(bad_answer("GetQueueAttributes of " + std::string(url.str()) + " answered without the QueueArn attribute"));
  if (!fifo) return invalid("FifoQueue", fifo.error());
  if (!messages) return invalid("ApproximateNumberOfMessages", messages.error());
  QueueFacts facts{**arn, fifo->value_or(false), *messages, std::nullopt};
  // A policy this version cannot read does not hide the queue; it only names no dead-letter queue.
  if (policy && *policy) facts.dead_letter_target = (*policy)->dead_letter_target_arn;
  return facts;
}

inline std::expected<QueueFacts, ServiceError> facts_of(Session& session, const QueueArn& arn) {
  auto url = url_of(session, arn);
  if (!url) return std::unexpected(url.error());
  return facts_of(session, *url);
}

// The facts preflight judges, each as the service answered (or its error). Nothing is asked about
// a source that does not exist beyond the question that found it missing.
inline PreflightFacts gather_preflight_facts(Session& session, const SourceArn& source,
                                             const std::optional<DestinationArn>& destination,
                                             std::optional<Rate> rate) {
  PreflightFacts f{source, {}, {}, destination, {}, {}, rate};
  auto as_state = [](const std::expected<QueueFacts, ServiceError>& q) -> std::expected<QueueState, ServiceError> {
    if (!q) return std::unexpected(q.error());
    return QueueState{q->fifo, q->messages};
  };
  auto url = url_of(session, source.queue());
  if (!url) {
    f.source_queue = std::unexpected(url.error());
  } else {
    f.source_queue = as_state(facts_of(session, *url));
    f.dead_letter_sources = all_queue_urls(session, ListDeadLetterSourceQueuesRequest{*url, {}, {}});
    auto tasks = ask(session, ListMessageMoveTasksRequest{source, MaxResults::make(1).value()});
    if (!tasks) f.newest_task = std::unexpected(tasks.error());
    else if (tasks->results && !tasks->results->empty()) f.newest_task = std::optional(tasks->results->front());
    else f.newest_task = std::optional<OwnedListMessageMoveTasksResultEntry>{};
  }
  if (destination) f.destination_queue = as_state(facts_of(session, destination->queue()));
  return f;
}

// The dead-letter queues of the region, fullest first (discovery): every queue whose name starts
// with `prefix` is read; a dead-letter queue they name that the listing left out (another prefix,
// account or region) is read by its ARN. A queue that cannot be read is skipped with a warning;
// the listing itself failing is the error.
inline std::expected<std::vector<DeadLetterQueue>, ServiceError> discover_dead_letter_queues(
    Session& session, const std::optional<QueueNamePrefix>& prefix) {
  auto urls = all_queue_urls(session, ListQueuesRequest{prefix, {}, {}});
  if (!urls) return std::unexpected(urls.error());
  std::vector<QueueFacts> queues;
  auto skip = [](std::string_view what, const ServiceError& e) {
    warn("skipped " + std::string(what) + ": " + e.name + (e.message.empty() ? std::string() : ": " + e.message));
  };
  for (const auto& text : *urls) {
    auto url = QueueUrl::parse(text);
    if (!url) {
      warn("skipped the invalid queue URL " + text + ": " + std::string(url.error().message()));
      continue;
    }
    auto facts = facts_of(session, *url);
    if (!facts) {
      if (unreachable(facts.error())) return std::unexpected(facts.error());
      skip(text, facts.error());
      continue;
    }
    queues.push_back(*facts);
  }
  std::vector<QueueFacts> named;  // dead-letter queues outside the listing
  for (const auto& q : queues) {
    if (!q.dead_letter_target) continue;
    const QueueArn& dlq = *q.dead_letter_target;
    auto known = [&](const QueueFacts& f) { return f.arn == dlq; };
    if (std::ranges::any_of(queues, known) || std::ranges::any_of(named, known)) continue;
    if (auto facts = facts_of(session, dlq)) named.push_back(*facts);
    else if (unreachable(facts.error())) return std::unexpected(facts.error());
  }
  queues.insert(queues.end(), named.begin(), named.end());
  return find_dead_letter_queues(queues);
}

}  // namespace redrive::cli
