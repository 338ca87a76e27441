// Transport-neutral HTTP messages: what to send (owning) and what came back (a view).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "redrive/detail/lifetime.hpp"

namespace redrive {

namespace detail {
[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}
}  // namespace detail

struct Header {
  std::string name;  // lower-case
  std::string value;
  bool operator==(const Header&) const = default;
};

// A request ready for any HTTP stack: send `method` to `scheme://host` + `path` with `headers`
// and `body`. Header names are lower-case.
struct HttpRequest {
  std::string method;
  std::string scheme;  // "https" unless a custom endpoint says otherwise
  std::string host;    // may carry ":port" for a custom endpoint
  std::string path;
  std::vector<Header> headers;
  std::string body;

  // The value of a header (case-insensitive name), if present: a view into this request.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept REDRIVE_LIFETIME_BOUND {
    for (const auto& h : headers)
      if (detail::iequals(h.name, name)) return h.value;
    return std::nullopt;
  }
  [[nodiscard]] std::string url() const { return scheme + "://" + host + path; }
  bool operator==(const HttpRequest&) const = default;
};

struct HeaderView {
  std::string_view name;  // any case
  std::string_view value;
};

// A response as the transport received it; nothing is copied. The body may be a padded buffer
// (see decode.hpp).
struct HttpResponse {
  int status = 0;
  std::span<const HeaderView> headers;
  std::string_view body;

  // A view into the transport's storage, as the headers are (not lifetime-bound to this object).
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept {
    for (const auto& h : headers)
      if (detail::iequals(h.name, name)) return h.value;
    return std::nullopt;
  }
};

}  // namespace redrive
