// parse_arn and every typed factory on arbitrary bytes (the queue operations' QueueUrl, QueueName,
// AccountId, QueueNamePrefix and NextToken too). Whatever parses round-trips (str() is the input)
// and re-parses to the same value; every error's offset lies within the input (an offset equal to
// the size points just past the end, e.g. for a missing field). A queue URL maps to the ARN of the
// same queue where its host is an AWS one, and every queue ARN's standard URL maps back to it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include <redrive.hpp>
#include <redrive/endpoint.hpp>
#include <redrive/queue_model.hpp>
#include <redrive/queue_url.hpp>
#include <simdjson.h>

#include "fuzz_check.hpp"

using namespace redrive;

namespace {

void check_error(const Error& e, Field field, std::string_view input) {
  FUZZ_CHECK(e.field == field);
  FUZZ_CHECK(e.offset <= input.size());
  FUZZ_CHECK(!e.message().empty() && e.message() != "Unknown error.");
  FUZZ_CHECK(code_name(e.code) != "?");
  std::string shown = render(e, input);
  FUZZ_CHECK(shown.starts_with(field_name(field)));
}

void check_generic(std::string_view s) {
  auto arn = parse_arn(s);
  if (!arn) {
    check_error(arn.error(), Field::Arn, s);
    return;
  }
  std::string rebuilt = "arn:";
  for (std::string_view part : {arn->partition, arn->service, arn->region, arn->account}) {
    rebuilt += part;
    rebuilt += ':';
  }
  rebuilt += arn->resource;
  FUZZ_CHECK(rebuilt == s);
  FUZZ_CHECK(!arn->partition.empty() && !arn->service.empty() && !arn->resource.empty());
  FUZZ_CHECK(arn->partition.find(':') == std::string_view::npos);
  auto again = parse_arn(rebuilt);
  FUZZ_CHECK(again && *again == *arn);
}

template <class T>
void check_role(std::string_view s, Field role, const std::expected<QueueArn, Error>& plain) {
  auto r = T::parse(s);
  FUZZ_CHECK(r.has_value() == plain.has_value());
  if (!r) {
    Error expected = plain.error();
    expected.field = role;
    FUZZ_CHECK(r.error() == expected);
    check_error(r.error(), role, s);
    return;
  }
  FUZZ_CHECK(r->queue() == *plain);
  FUZZ_CHECK(r->str() == s);
  auto again = T::parse(r->str());
  FUZZ_CHECK(again && *again == *r);
}

void check_queue(std::string_view s) {
  auto q = QueueArn::parse(s);
  auto arn = parse_arn(s);
  if (!q) {
    check_error(q.error(), Field::Arn, s);
  } else {
    // A queue ARN is a valid generic ARN with the same fields.
    FUZZ_CHECK(arn.has_value());
    FUZZ_CHECK(q->str() == s);
    FUZZ_CHECK(q->partition() == arn->partition);
    FUZZ_CHECK(arn->service == "sqs");
    FUZZ_CHECK(q->region() == arn->region);
    FUZZ_CHECK(q->account() == arn->account);
    FUZZ_CHECK(q->queue_name() == arn->resource);
    FUZZ_CHECK(q->is_fifo() == q->queue_name().ends_with(".fifo"));
    FUZZ_CHECK(q->queue_name().size() <= QueueArn::max_queue_name);
    FUZZ_CHECK(find_partition(q->partition()) != nullptr);
    FUZZ_CHECK(partition_of_region(q->region()) != nullptr);
    auto again = QueueArn::parse(q->str());
    FUZZ_CHECK(again && *again == *q);
  }
  check_role<SourceArn>(s, Field::SourceArn, q);
  check_role<DestinationArn>(s, Field::DestinationArn, q);
}

void check_task_handle(std::string_view s) {
  auto h = TaskHandle::parse(s);
  if (!h) {
    check_error(h.error(), Field::TaskHandle, s);
    return;
  }
  FUZZ_CHECK(h->str() == s);
  auto again = TaskHandle::parse(h->str());
  FUZZ_CHECK(again && *again == *h);
}

// The first 8 bytes, if there are that many, as an integer for the bounded-int factories.
void check_ints(const std::uint8_t* data, std::size_t size) {
  long long v = 0;
  if (size >= sizeof v) std::memcpy(&v, data, sizeof v);
  else if (size > 0) v = static_cast<std::int8_t>(data[0]);
  auto rate = Rate::make(v);
  FUZZ_CHECK(rate.has_value() == (v >= 1 && v <= 500));
  if (rate) FUZZ_CHECK(rate->value() == v && Rate::make(rate->value()) == rate);
  else FUZZ_CHECK(rate.error() == (Error{Field::MaxNumberOfMessagesPerSecond, Errc::OutOfRange, 0}));
  auto max = MaxResults::make(v);
  FUZZ_CHECK(max.has_value() == (v >= 1 && v <= 10));
  if (!max) FUZZ_CHECK(max.error() == (Error{Field::MaxResults, Errc::OutOfRange, 0}));
}

// "source\ndestination\nrate": the one-call request factory must agree with the typed factories.
void check_request(std::string_view s) {
  std::size_t nl = s.find('\n');
  std::string_view source = s.substr(0, nl);
  std::optional<std::string_view> destination;
  std::optional<long long> rate;
  if (nl != std::string_view::npos) {
    std::string_view rest = s.substr(nl + 1);
    std::size_t nl2 = rest.find('\n');
    destination = rest.substr(0, nl2);
    if (nl2 != std::string_view::npos) {
      long long v = 0;
      for (char c : rest.substr(nl2 + 1, 4)) v = v * 10 + static_cast<unsigned char>(c) % 10;
      rate = v;
    }
  }
  auto req = StartMessageMoveTaskRequest::parse(source, destination, rate);
  auto src = SourceArn::parse(source);
  if (!src) {
    FUZZ_CHECK(!req && req.error() == src.error());
    return;
  }
  if (destination) {
    auto dst = DestinationArn::parse(*destination);
    if (!dst) {
      FUZZ_CHECK(!req && req.error() == dst.error());
      return;
    }
  }
  if (!req) {
    check_error(req.error(), req.error().field, req.error().field == Field::DestinationArn ? *destination : source);
    return;
  }
  FUZZ_CHECK(req->source() == *src);
  FUZZ_CHECK(req->destination().has_value() == destination.has_value());
  if (destination) {
    FUZZ_CHECK(req->destination()->str() == *destination);
    FUZZ_CHECK(req->destination()->partition() == req->source().partition());
    FUZZ_CHECK(req->destination()->is_fifo() == req->source().is_fifo());
  }
  FUZZ_CHECK(req->rate().has_value() == rate.has_value());
  auto again = StartMessageMoveTaskRequest::make(req->source(), req->destination(), req->rate());
  FUZZ_CHECK(again && *again == *req);
}

// A queue URL's parts put back together give the URL; its ARN, where the host is an AWS one,
// names the same account and queue, and the standard URL of that ARN maps back to it.
void check_queue_url(std::string_view s) {
  auto url = QueueUrl::parse(s);
  if (!url) {
    check_error(url.error(), Field::QueueUrl, s);
    return;
  }
  FUZZ_CHECK(url->str() == s);
  FUZZ_CHECK(std::string(url->origin()) + "/" + std::string(url->account()) + "/" + std::string(url->queue_name()) == s);
  FUZZ_CHECK(url->origin().ends_with(url->host()));
  FUZZ_CHECK(Endpoint::custom(url->origin()).has_value());
  FUZZ_CHECK(AccountId::parse(url->account()).has_value());
  FUZZ_CHECK(QueueName::parse(url->queue_name()).has_value());
  FUZZ_CHECK(url->is_fifo() == url->queue_name().ends_with(".fifo"));
  auto again = QueueUrl::parse(url->str());
  FUZZ_CHECK(again && *again == *url);
  if (auto arn = queue_arn_of(*url)) {
    FUZZ_CHECK(arn->account() == url->account() && arn->queue_name() == url->queue_name());
    FUZZ_CHECK(queue_arn_of(queue_url_of(*arn)) == arn);
  }
}

// Every queue ARN has a standard URL, which is a valid QueueUrl mapping back to the same ARN. The
// region pattern lets upper-case letters through (no AWS region has one); a host's case says
// nothing, so queue_arn_of does not map such a URL back (queue_url.hpp).
void check_url_of_arn(std::string_view s) {
  auto arn = QueueArn::parse(s);
  if (!arn) return;
  const QueueUrl url = queue_url_of(*arn);
  auto parsed = QueueUrl::parse(url.str());
  FUZZ_CHECK(parsed && *parsed == url);
  FUZZ_CHECK(url.str().starts_with("https://sqs.") && url.account() == arn->account() && url.queue_name() == arn->queue_name());
  const bool lower_case = std::none_of(arn->region().begin(), arn->region().end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  FUZZ_CHECK(queue_arn_of(url) == (lower_case ? std::optional<QueueArn>(*arn) : std::nullopt));
}

// The request values of the queue operations: accepted exactly by their rules, str() the input.
void check_queue_values(std::string_view s) {
  auto name = QueueName::parse(s);
  // The rules of the name in a queue ARN.
  auto as_arn = QueueArn::parse("arn:aws:sqs:us-east-1:123456789012:" + std::string(s));
  FUZZ_CHECK(name.has_value() == as_arn.has_value());
  if (name) {
    FUZZ_CHECK(name->str() == s && name->is_fifo() == s.ends_with(".fifo"));
    FUZZ_CHECK(QueueName::parse(name->str()) == name);
  } else {
    check_error(name.error(), Field::QueueName, s);
  }

  auto account = AccountId::parse(s);
  const bool twelve_digits = s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  FUZZ_CHECK(account.has_value() == twelve_digits);
  if (account) FUZZ_CHECK(account->str() == s);
  else check_error(account.error(), Field::QueueOwnerAWSAccountId, s);

  auto prefix = QueueNamePrefix::parse(s);
  const bool prefix_chars = std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
  FUZZ_CHECK(prefix.has_value() == (!s.empty() && s.size() <= QueueName::max_size && prefix_chars));
  if (prefix) FUZZ_CHECK(prefix->str() == s && QueueNamePrefix::parse(prefix->str()) == prefix);
  else check_error(prefix.error(), Field::QueueNamePrefix, s);

  auto token = NextToken::parse(s);
  FUZZ_CHECK(token.has_value() == (!s.empty() && simdjson::validate_utf8(s.data(), s.size())));
  if (token) FUZZ_CHECK(token->str() == s && NextToken::parse(token->str()) == token);
  else check_error(token.error(), Field::NextToken, s);
}

// Endpoint factories: a region, or "url\nsigning-region".
void check_endpoint(std::string_view s) {
  for (EndpointOptions options : {EndpointOptions{}, EndpointOptions{true, false}, EndpointOptions{false, true},
                                  EndpointOptions{true, true}}) {
    auto e = Endpoint::for_region(s, options);
    if (!e) {
      check_error(e.error(), Field::Region, s);
      continue;
    }
    const Partition* p = partition_of_region(s);
    FUZZ_CHECK(p != nullptr && e->partition() == p && !e->is_custom());
    FUZZ_CHECK(e->signing_region() == s);
    FUZZ_CHECK(e->scheme() == "https" && e->path() == "/");
    std::string_view host = e->host();
    FUZZ_CHECK(host.starts_with("sqs.") || host.starts_with("sqs-fips."));
    FUZZ_CHECK(host.find(s) != std::string_view::npos);
    FUZZ_CHECK(host.ends_with(options.dual_stack ? p->dual_stack_dns_suffix : p->dns_suffix) ||
               (options.fips && p->name == "aws-us-gov"));
    auto again = Endpoint::for_region(e->signing_region(), options);
    FUZZ_CHECK(again && *again == *e);
  }

  std::size_t nl = s.find('\n');
  std::string_view url = s.substr(0, nl);
  std::string_view region = nl == std::string_view::npos ? std::string_view("us-east-1") : s.substr(nl + 1);
  auto c = Endpoint::custom(url, region);
  if (!c) {
    FUZZ_CHECK(c.error().field == Field::Endpoint || c.error().field == Field::Region);
    check_error(c.error(), c.error().field, c.error().field == Field::Endpoint ? url : region);
  } else {
    FUZZ_CHECK(c->is_custom() && c->signing_region() == region);
    FUZZ_CHECK(!c->host().empty() && c->path().starts_with("/") && c->path().ends_with("/"));
    FUZZ_CHECK(c->host().find_first_of("/?#@") == std::string_view::npos);
    // The normalised URL is itself a custom endpoint, and the same one.
    std::string u = c->url();
    auto again = Endpoint::custom(u, c->signing_region());
    FUZZ_CHECK(again && *again == *c);
    FUZZ_CHECK(again->url() == u);
  }
  FUZZ_CHECK(Endpoint::custom(url, region, {true, false}).error().code == (url.empty() ? Errc::Empty : Errc::EndpointConflict));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  check_generic(s);
  check_queue(s);
  check_task_handle(s);
  check_ints(data, size);
  check_request(s);
  check_endpoint(s);
  check_queue_url(s);
  check_url_of_arn(s);
  check_queue_values(s);
  return 0;
}
