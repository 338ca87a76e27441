// The JSON document in which the container credentials endpoint and the EC2 instance metadata
// service hand out credentials:
//   {"Code":"Success","LastUpdated":"...","Type":"AWS-HMAC","AccessKeyId":"ASIA...",
//    "SecretAccessKey":"...","Token":"...","Expiration":"2026-12-02T03:04:05Z"}
// and the Code/Message members of their error answers. Pure functions over any bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <exception>
#include <expected>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "redrive/credentials/timestamp.hpp"
#include "redrive/decode.hpp"
#include "redrive/detail/ascii.hpp"
#include "redrive/secret.hpp"

namespace redrive {

namespace detail {

// Appends code point `cp` (at most 0x10FFFF, not a surrogate) as UTF-8.
inline void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Unescapes the text between a JSON string's quotes into `out`; false when it is not valid (a
// control character, an unknown escape, a lone surrogate). Done here rather than by simdjson so
// that secrets land only in buffers the caller wipes, not in the parser's string buffer.
inline bool unescape_json_string(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  auto hex4 = [&](std::size_t at) -> long {
    if (at + 4 > in.size()) return -1;
    long v = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
      const int h = hex_value(in[i]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    return v;
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x20 || c == '"') return false;
    if (c != '\\') {
      out += static_cast<char>(c);
      continue;
    }
    if (++i == in.size()) return false;
    switch (in[i]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        long cp = hex4(i + 1);
        if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (i + 2 >= in.size() || in[i + 1] != '\\' || in[i + 2] != 'u') return false;
          const long low = hex4(i + 3);
          if (low < 0xDC00 || low > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        append_utf8(out, static_cast<unsigned long>(cp));
        break;
      }
      default: return false;
    }
  }
  return true;
}

// One member of interest: absent, a string (its unescaped text, wiped when done) or another type.
struct DocumentMember {
  enum class Kind : unsigned char { Absent, String, Other };
  Kind kind = Kind::Absent;
  WipedString text;
};

// Reads a whole JSON object, keeping the members named in `names` (a repeated member: the last
// wins, as in JSON.parse) and validating every other value. Returns "" or what is wrong.
template <std::size_t N>
std::string read_document_members(od::document& doc, const std::array<std::string_view, N>& names,
                                  std::array<DocumentMember, N>& out) {
  auto not_json = [](simdjson::error_code e) { return std::string("is not valid JSON (") + simdjson::error_message(e) + ")"; };
  od::json_type type;
  if (auto e = doc.type().get(type)) return not_json(e);
  if (type != od::json_type::object) return "is not a JSON object";
  od::object object;
  if (auto e = doc.get_object().get(object)) return not_json(e);
  for (auto member : object) {
    od::field field;
    std::string_view key;
    if (auto e = std::move(member).get(field)) return not_json(e);
    if (auto e = field.unescaped_key().get(key)) return not_json(e);
    std::size_t which = N;
    for (std::size_t i = 0; i < N; ++i)
      if (names[i] == key) which = i;
    od::value& value = field.value();
    if (which == N) {
      if (auto e = check_json(value)) return not_json(e);
      continue;
    }
    DocumentMember& m = out[which];
    if (auto e = value.type().get(type)) return not_json(e);
    if (type != od::json_type::string) {
      if (auto e = check_json(value)) return not_json(e);
      m.kind = DocumentMember::Kind::Other;
      wipe_string(m.text.text);
      continue;
    }
    const std::string_view token = trim_end<is_json_space>(value.raw_json_token());
    if (token.size() < 2 || token.back() != '"') return not_json(simdjson::STRING_ERROR);
    od::raw_json_string raw;  // consumes the value
    if (auto e = value.get_raw_json_string().get(raw)) return not_json(e);
    if (!unescape_json_string(token.substr(1, token.size() - 2), m.text.text))
      return not_json(simdjson::STRING_ERROR);
    m.kind = DocumentMember::Kind::String;
  }
  if (!at_end(doc)) return not_json(simdjson::TRAILING_CONTENT);
  return {};
}

// Parses `body` (with `padding` readable bytes after it, see decode.hpp) and reads the members
// `names` into `out`. As in the Decoder, a failure in place is read again from a zero-padded copy
// so that the outcome never depends on the bytes after the body; the copy is wiped.
template <std::size_t N>
std::string read_document(std::string_view body, std::size_t padding, const std::array<std::string_view, N>& names,
                          std::array<DocumentMember, N>& out) {
  simdjson::ondemand::parser parser;
  auto once = [&](const char* data, std::size_t capacity) -> std::string {
    out = {};
    od::document doc;
    if (auto e = parser.iterate(simdjson::padded_string_view(data, body.size(), capacity)).get(doc))
      return std::string("is not valid JSON (") + simdjson::error_message(e) + ")";
    return read_document_members(doc, names, out);
  };
  if (!body.empty() && padding >= required_padding) {
    std::string problem = once(body.data(), body.size() + padding);
    if (problem.empty()) return problem;
  }
  std::string copy(body.size() + required_padding, '\0');
  if (!body.empty()) std::memcpy(copy.data(), body.data(), body.size());
  std::string problem = once(copy.data(), copy.size());
  wipe_string(copy);
  return problem;
}

// Whether `value` can travel as an HTTP header value: no control character but tab (the rule
// of Node's HTTP client, which the SDK relies on for the tokens these services use).
constexpr bool is_header_value(std::string_view value) noexcept {
  for (char c : value)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) return false;
  return true;
}

}  // namespace detail

// Credentials from a credentials document, accepted as the AWS SDK for JavaScript v3 accepts it:
// a JSON object whose AccessKeyId, SecretAccessKey, Token and Expiration are strings (when a member
// repeats, the last one counts). Code, Type, LastUpdated, AccountId and any other member are not
// looked at (the container endpoints may leave out Code), but must be valid JSON. Stricter than
// the SDK: AccessKeyId and SecretAccessKey must not be empty, and Expiration must be an ISO 8601
// time (parse_iso8601). `padding`: readable bytes after the body (see decode.hpp); any value is
// safe. The error says which member is wrong and never quotes a value.
[[nodiscard]] inline std::expected<Credentials, std::string> parse_metadata_credentials(std::string_view body,
                                                                                      std::size_t padding = 0) {
  static constexpr std::array<std::string_view, 4> names{"AccessKeyId", "SecretAccessKey", "Token", "Expiration"};
  try {
    std::array<detail::DocumentMember, 4> m;
    if (std::string problem = detail::read_document(body, padding, names, m); !problem.empty())
      return std::unexpected("the credentials document " + problem);
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (m[i].kind == detail::DocumentMember::Kind::Absent)
        return std::unexpected("the credentials document has no " + std::string(names[i]));
      if (m[i].kind == detail::DocumentMember::Kind::Other)
        return std::unexpected("the credentials document's " + std::string(names[i]) + " is not a string");
      if (i < 2 && m[i].text.text.empty())
        return std::unexpected("the credentials document's " + std::string(names[i]) + " is empty");
    }
    const auto expiration = parse_iso8601(m[3].text.text);
    if (!expiration) return std::unexpected(std::string("the credentials document's Expiration is not an ISO 8601 time"));
    return Credentials{m[0].text.text, SecretString(m[1].text.text), SecretString(m[2].text.text), *expiration};
  } catch (const std::exception&) {
    return std::unexpected(std::string("the credentials document could not be read (out of memory)"));
  }
}

// What an error answer of a metadata service says, as "Code: Message" (either alone when the
// other is missing), quoted safely; "" when the body is not a JSON object with such strings.
[[nodiscard]] inline std::string metadata_error_text(std::string_view body, std::size_t padding = 0) {
  static constexpr std::array<std::string_view, 3> names{"Code", "Message", "message"};
  try {
    std::array<detail::DocumentMember, 3> m;
    if (!detail::read_document(body, padding, names, m).empty()) return {};
    using Kind = detail::DocumentMember::Kind;
    std::string code = m[0].kind == Kind::String ? m[0].text.text : std::string();
    std::string message = m[1].kind == Kind::String ? m[1].text.text : m[2].kind == Kind::String ? m[2].text.text : "";
    if (!code.empty() && !message.empty()) return detail::printable(code, 100) + ": " + detail::printable(message, 200);
    return detail::printable(code.empty() ? message : code, 200);
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace redrive
