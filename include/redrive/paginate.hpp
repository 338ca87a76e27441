// Pagination, sans-IO: the request to send next, from the NextToken of each result, and when the
// listing is done. For ListQueuesRequest and ListDeadLetterSourceQueuesRequest (any request with
// a `next_token` member).
//
//   redrive::ListQueuesRequest first;
//   first.max_results = *redrive::QueueMaxResults::make(1000);  // the service paginates only with it
//   redrive::Pages pages(first);
//   while (!pages.done()) {
//     auto result = send(pages.request());         // the caller's I/O
//     use(result->queue_urls);
//     if (auto step = pages.advance(*result); !step) return step.error();  // a server loop
//   }
#pragma once

#include <expected>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "redrive/error.hpp"
#include "redrive/queue_model.hpp"

namespace redrive {

template <class Request>
concept PaginatedRequest = requires(Request r) { r.next_token = std::optional<NextToken>{}; };

template <PaginatedRequest Request>
class Pages {
 public:
  // `first` is sent as given (its next_token, if any, resumes an earlier listing).
  explicit Pages(Request first) : request_(std::move(first)) {
    if (request_.next_token) seen_.emplace(request_.next_token->str());
  }

  // The request to send now; meaningful until done().
  [[nodiscard]] const Request& request() const noexcept { return request_; }
  // True once a result came without a NextToken (or with an empty one, as the SDKs' paginators
  // take it): every page has been read.
  [[nodiscard]] bool done() const noexcept { return done_; }
  // How many results advance() has taken.
  [[nodiscard]] int pages() const noexcept { return pages_; }

  // Takes the NextToken of the result of request(). A token that came before means the service
  // would hand out the same pages forever: Errc::RepeatedToken on Field::NextToken, and done()
  // stays false (the listing is not complete). A token that is not valid UTF-8 is NextToken's
  // error. After done(), further calls change nothing.
  std::expected<void, Error> advance(std::optional<std::string_view> next_token) {
    if (done_) return {};
    ++pages_;
    if (!next_token || next_token->empty()) {
      done_ = true;
      request_.next_token.reset();
      return {};
    }
    if (!seen_.emplace(*next_token).second) return detail::fail(Field::NextToken, Errc::RepeatedToken, 0);
    auto token = NextToken::parse(*next_token);
    if (!token) return std::unexpected(token.error());
    request_.next_token = std::move(*token);
    return {};
  }
  // The same, from a result with a next_token member (ListQueuesResult, ...; views or owned).
  template <class Result>
    requires requires(const Result& r) { r.next_token; }
  std::expected<void, Error> advance(const Result& result) {
    if (!result.next_token) return advance(std::optional<std::string_view>{});
    return advance(std::optional<std::string_view>(std::string_view(*result.next_token)));
  }

 private:
  Request request_;
  std::set<std::string, std::less<>> seen_;
  int pages_ = 0;
  bool done_ = false;
};

}  // namespace redrive
