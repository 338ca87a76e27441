// Responses of the operations (operations.hpp) into typed results, with simdjson On-Demand (one pass over
// each object's members, no DOM).
//
//   redrive::Decoder decoder;  // reuse it: a warm Decoder decodes without allocating
//   auto r = decoder.decode<redrive::StartMessageMoveTaskResult>(response);
//   if (r) use(r->task_handle);           // views; see "Lifetime" below
//   else if (r.error().is_retryable()) retry();
//
// Lifetime: a result's string members are views into the response body, into the Decoder's copy
// of it, or into the Decoder's string buffer. They stay valid while the body lives and until the
// same Decoder decodes again or is destroyed; to_owned() makes a copy that lives on its own.
//
// Rules (docs/wire.md#responses): a 2xx with an empty body or {} (or a bare null) is a success with no
// members; unknown members are ignored; a null member is absent; duplicate members: the last
// wins. A member of the wrong type, a number that is not an integer or out of its type's range
// (int32 for MaxNumberOfMessagesPerSecond, int64 for the others), a body that is not JSON (in any
// member, ignored ones included; a number beyond the double range counts as not JSON) or not an
// object: the response is not the operation's output, and decode returns a ServiceError with
// code MalformedResponse, the status and the request id, and a message naming the member. Any
// non-2xx status yields the service's error (see service_error.hpp); its body may be anything,
// including nothing or a truncated document, and never fails the decode.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "redrive/detail/ascii.hpp"
#include "redrive/http.hpp"
#include "redrive/model.hpp"
#include "redrive/operations.hpp"
#include "redrive/service_error.hpp"

namespace redrive {

// Readable bytes the decoder needs after the body's last byte to parse it in place.
inline constexpr std::size_t required_padding = simdjson::SIMDJSON_PADDING;

template <class R>
concept DecodableResult = requires { OperationOfResult<R>::name; };

namespace detail {

namespace od = simdjson::ondemand;


// Why a 2xx body is not the operation's output.
enum class Problem : std::uint8_t { None, NotJson, NotObject, NotString, NotInt32, NotInt64, NotArray, NotEntry };

struct Failure {
  Problem problem = Problem::None;
  std::string_view member;                         // the AWS member, when the problem is one member's
  simdjson::error_code json = simdjson::SUCCESS;  // for NotJson
  explicit operator bool() const noexcept { return problem != Problem::None; }
};

inline Failure not_json(simdjson::error_code e, std::string_view member = {}) noexcept {
  return {Problem::NotJson, member, e};
}

// JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
constexpr bool is_json_number(std::string_view s) noexcept {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') ++i;
  else if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// A JSON null (validated: "nul" is not one).
inline simdjson::error_code check_null(od::value& v) noexcept {
  bool is_null = false;
  if (auto e = v.is_null().get(is_null)) return e;
  return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
}

// On-Demand checks the JSON it is asked to read, and no more: a value left unread (an unknown
// member) is skipped by counting brackets, so `{"x": tru}` or `{"a":"b":}}` would pass. Every value
// must therefore be consumed by a get_*() call, which validates it and the token after it.

// A number that JSON's grammar allows and a double can hold: consumed. Beyond the double range
// (1e999) it is an error, as in simdjson's DOM parser and nlohmann-json.
inline simdjson::error_code read_number(od::value& v) noexcept {
  if (!is_json_number(trim_end<is_json_space>(v.raw_json_token()))) return simdjson::NUMBER_ERROR;
  double d;
  return v.get_double().get(d);
}

// How deep containers may nest inside a value redrive does not read. On-Demand itself sets no
// limit, but its parser tracks at most DEFAULT_MAX_DEPTH levels in all (and its development checks
// abort past them), counting the levels above the value too: at most 3 (the root object, Results,
// an entry).
inline constexpr int max_unread_depth = 1000;
static_assert(max_unread_depth + 3 < static_cast<int>(simdjson::DEFAULT_MAX_DEPTH));

// Reads and so validates a value redrive has no use for (an unknown member, an ignored error
// member). Containers nest at most `depth` levels.
[[gnu::noinline]] inline simdjson::error_code check_json(od::value& v, int depth = max_unread_depth) noexcept {
  od::json_type type;
  if (auto e = v.type().get(type)) return e;
  switch (type) {
    case od::json_type::object: {
      if (depth == 0) return simdjson::DEPTH_ERROR;
      od::object object;
      if (auto e = v.get_object().get(object)) return e;
      for (auto member : object) {
        od::field field;
        std::string_view key;
        if (auto e = std::move(member).get(field)) return e;
        if (auto e = field.unescaped_key().get(key)) return e;
        if (auto e = check_json(field.value(), depth - 1)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      if (depth == 0) return simdjson::DEPTH_ERROR;
      od::array array;
      if (auto e = v.get_array().get(array)) return e;
      for (auto element : array) {
        od::value item;
        if (auto e = std::move(element).get(item)) return e;
        if (auto e = check_json(item, depth - 1)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      return v.get_string().get(s);
    }
    case od::json_type::number: return read_number(v);
    case od::json_type::boolean: {
      bool b;
      return v.get_bool().get(b);
    }
    case od::json_type::null: return check_null(v);
  }
  return simdjson::TAPE_ERROR;
}

// The hot paths below (a string without escapes, an int64, a key spelled plainly) are inlined into
// the member loop; what is rare (null, a wrong type, escapes, a bad number) is kept out of line.

// A string member that is not a plain string: null, another type, or one with escapes, which
// simdjson unescapes into the parser's string buffer.
[[gnu::noinline]] inline Failure read_string_rare(od::value& v, std::optional<std::string_view>& out,
                                                  std::string_view member) noexcept {
  od::json_type type;
  if (auto e = v.type().get(type)) return not_json(e, member);
  if (type == od::json_type::null) {
    if (auto e = check_null(v)) return not_json(e, member);
    out.reset();
    return {};
  }
  if (type != od::json_type::string) return {Problem::NotString, member};
  std::string_view unescaped;
  if (auto e = v.get_string().get(unescaped)) return not_json(e, member);
  out = unescaped;
  return {};
}

// A string member. Without escapes the view points into the input itself.
inline Failure read_string(od::value& v, std::optional<std::string_view>& out, std::string_view member) noexcept {
  std::string_view token = trim_end<is_json_space>(v.raw_json_token());
  if (token.empty() || token[0] != '"') [[unlikely]]
    return read_string_rare(v, out, member);
  if (token.size() < 2 || token.back() != '"') return not_json(simdjson::STRING_ERROR, member);
  std::string_view inner = token.substr(1, token.size() - 2);
  if (std::memchr(inner.data(), '\\', inner.size()) != nullptr) [[unlikely]]
    return read_string_rare(v, out, member);
  od::raw_json_string raw;  // consumes the value (see check_json)
  if (auto e = v.get_raw_json_string().get(raw)) return not_json(e, member);
  out = inner;
  return {};
}

// An integer member get_int64() refused (and so did not consume): null, or why it is no int64.
[[gnu::noinline]] inline Failure read_int64_rare(od::value& v, std::optional<std::int64_t>& out,
                                                 std::string_view member, Problem wrong) noexcept {
  od::json_type type;
  if (auto e = v.type().get(type)) return not_json(e, member);
  if (type == od::json_type::null) {
    if (auto e = check_null(v)) return not_json(e, member);
    out.reset();
    return {};
  }
  if (type != od::json_type::number) return {wrong, member};
  std::string_view token = trim_end<is_json_space>(v.raw_json_token());
  std::int64_t n = 0;
  auto e = v.get_int64().get(n);
  // simdjson says INCORRECT_TYPE for a valid number with a fraction or exponent, or beyond int64.
  if (e == simdjson::INCORRECT_TYPE && is_json_number(token)) return {wrong, member};
  return not_json(e, member);
}

inline Failure read_int64(od::value& v, std::optional<std::int64_t>& out, std::string_view member,
                          Problem wrong = Problem::NotInt64) noexcept {
  std::int64_t n = 0;
  if (v.get_int64().get(n)) [[unlikely]]
    return read_int64_rare(v, out, member, wrong);
  out = n;
  return {};
}

inline Failure read_int32(od::value& v, std::optional<std::int32_t>& out, std::string_view member) noexcept {
  std::optional<std::int64_t> wide;
  if (auto f = read_int64(v, wide, member, Problem::NotInt32)) return f;
  if (!wide) {
    out.reset();
    return {};
  }
  if (*wide < INT32_MIN || *wide > INT32_MAX) return {Problem::NotInt32, member};
  out = static_cast<std::int32_t>(*wide);
  return {};
}

// Whether a raw key (just after its opening quote) is `name` written without escapes. The name and
// its length are constants, so the compare is a few loads; the padding after the input makes
// reading a name's length past a shorter key safe.
template <const std::string_view& name>
inline bool is_key(const char* raw) noexcept {
  return raw[0] == name[0] && std::memcmp(raw, name.data(), name.size()) == 0 && raw[name.size()] == '"';
}

// Which of `names` a key written with escapes is, once unescaped, or -1.
template <const auto& names>
[[gnu::noinline]] simdjson::error_code escaped_member_index(od::field& field, int& index) noexcept {
  std::string_view unescaped;
  if (auto e = field.unescaped_key().get(unescaped)) return e;
  for (std::size_t i = 0; i < std::size(names); ++i)
    if (unescaped == names[i]) index = static_cast<int>(i);
  return simdjson::SUCCESS;
}

// Which of `names` a member's key is, or -1.
template <const auto& names>
inline simdjson::error_code member_index(od::field& field, int& index) noexcept {
  const char* raw = field.key().raw();
  index = -1;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (void)((is_key<names[I]>(raw) ? (index = static_cast<int>(I), true) : false) || ...);
  }(std::make_index_sequence<std::size(names)>());
  if (index >= 0) [[likely]]
    return simdjson::SUCCESS;
  for (const char* p = raw; *p != '"'; ++p)
    if (*p == '\\') return escaped_member_index<names>(field, index);
  return simdjson::SUCCESS;
}

// Calls `on_member(index, value)` for each member of `object` whose key is one of `names`
// (`index` into `names`); the first Failure it returns ends the walk.
template <const auto& names, class OnMember>
[[gnu::flatten]] inline Failure for_each_member(od::object& object, OnMember&& on_member) {
  for (auto member : object) {
    od::field field;
    if (auto e = std::move(member).get(field)) return not_json(e);
    int index;
    if (auto e = member_index<names>(field, index)) return not_json(e);
    if (index < 0) [[unlikely]] {
      if (auto e = check_json(field.value())) return not_json(e);
      continue;
    }
    if (auto f = on_member(index, field.value())) return f;
  }
  return {};
}

// The members each result reads, by the AWS names.
inline constexpr std::string_view start_names[] = {"TaskHandle"};
inline constexpr std::string_view cancel_names[] = {"ApproximateNumberOfMessagesMoved"};
inline constexpr std::string_view list_names[] = {"Results"};
inline constexpr std::string_view entry_names[] = {
    "TaskHandle",
    "Status",
    "SourceArn",
    "DestinationArn",
    "MaxNumberOfMessagesPerSecond",
    "ApproximateNumberOfMessagesMoved",
    "ApproximateNumberOfMessagesToMove",
    "FailureReason",
    "StartedTimestamp",
};

inline Failure read_members(od::object& object, StartMessageMoveTaskResult& out) noexcept {
  return for_each_member<start_names>(object,
                                      [&](int, od::value& v) { return read_string(v, out.task_handle, start_names[0]); });
}

inline Failure read_members(od::object& object, CancelMessageMoveTaskResult& out) noexcept {
  return for_each_member<cancel_names>(object, [&](int, od::value& v) {
    return read_int64(v, out.approximate_number_of_messages_moved, cancel_names[0]);
  });
}

[[gnu::noinline]] inline Failure read_members(od::object& object, ListMessageMoveTasksResultEntry& out) noexcept {
  return for_each_member<entry_names>(object, [&](int index, od::value& v) -> Failure {
    switch (index) {
      case 0: return read_string(v, out.task_handle, entry_names[0]);
      case 1: return read_string(v, out.status, entry_names[1]);
      case 2: return read_string(v, out.source_arn, entry_names[2]);
      case 3: return read_string(v, out.destination_arn, entry_names[3]);
      case 4: return read_int32(v, out.max_number_of_messages_per_second, entry_names[4]);
      case 5: return read_int64(v, out.approximate_number_of_messages_moved, entry_names[5]);
      case 6: return read_int64(v, out.approximate_number_of_messages_to_move, entry_names[6]);
      case 7: return read_string(v, out.failure_reason, entry_names[7]);
      case 8: return read_int64(v, out.started_timestamp, entry_names[8]);
    }
    return {};
  });
}

// Entries are read into `scratch` (reused across decodes), then copied into a vector of the exact
// size: one allocation per list response.
inline Failure read_members(od::object& object, ListMessageMoveTasksResult& out,
                            std::vector<ListMessageMoveTasksResultEntry>& scratch) {
  constexpr std::string_view member = list_names[0];
  return for_each_member<list_names>(object, [&](int, od::value& v) -> Failure {
    od::json_type type;
    if (auto e = v.type().get(type)) return not_json(e, member);
    if (type == od::json_type::null) {
      if (auto e = check_null(v)) return not_json(e, member);
      out.results.reset();
      return {};
    }
    if (type != od::json_type::array) return {Problem::NotArray, member};
    od::array array;
    if (auto e = v.get_array().get(array)) return not_json(e, member);
    scratch.clear();
    for (auto element : array) {
      od::value item;
      if (auto e = std::move(element).get(item)) return not_json(e, member);
      if (auto e = item.type().get(type)) return not_json(e, member);
      if (type != od::json_type::object) return {Problem::NotEntry, member};
      od::object entry_object;
      if (auto e = item.get_object().get(entry_object)) return not_json(e, member);
      if (auto f = read_members(entry_object, scratch.emplace_back())) return f;
    }
    out.results.emplace(scratch.begin(), scratch.end());
    return {};
  });
}

// The queue operations' results.
inline constexpr std::string_view list_queues_names[] = {"QueueUrls", "NextToken"};
inline constexpr std::string_view queue_url_names[] = {"QueueUrl"};
inline constexpr std::string_view attributes_names[] = {"Attributes"};
inline constexpr std::string_view dead_letter_names[] = {"queueUrls", "NextToken"};

// Reads a value that must be `want` (array or object), or null (out reset, false returned).
inline Failure open_container(od::value& v, od::json_type want, bool& present, std::string_view member) noexcept {
  od::json_type type;
  if (auto e = v.type().get(type)) return not_json(e, member);
  present = type != od::json_type::null;
  if (!present) {
    if (auto e = check_null(v)) return not_json(e, member);
    return {};
  }
  if (type != want) return {want == od::json_type::array ? Problem::NotArray : Problem::NotObject, member};
  return {};
}

// A list of strings (QueueUrls, queueUrls). A null entry is not a string: the SDK keeps it, a
// typed list cannot, so the response is malformed (as a null entry of Results is).
inline Failure read_string_list(od::value& v, std::optional<std::vector<std::string_view>>& out,
                                std::string_view member) {
  bool present = false;
  if (auto f = open_container(v, od::json_type::array, present, member)) return f;
  if (!present) {
    out.reset();
    return {};
  }
  od::array array;
  if (auto e = v.get_array().get(array)) return not_json(e, member);
  out.emplace();
  for (auto element : array) {
    od::value item;
    if (auto e = std::move(element).get(item)) return not_json(e, member);
    std::optional<std::string_view> s;
    if (auto f = read_string(item, s, member)) return f;
    if (!s) return {Problem::NotString, member};
    out->push_back(*s);
  }
  return {};
}

// A map of strings (Attributes): name/value pairs in order. A null value is malformed, as a null
// list entry is.
inline Failure read_string_map(od::value& v, std::optional<std::vector<std::pair<std::string_view, std::string_view>>>& out,
                               std::string_view member) {
  bool present = false;
  if (auto f = open_container(v, od::json_type::object, present, member)) return f;
  if (!present) {
    out.reset();
    return {};
  }
  od::object object;
  if (auto e = v.get_object().get(object)) return not_json(e, member);
  out.emplace();
  for (auto entry : object) {
    od::field field;
    if (auto e = std::move(entry).get(field)) return not_json(e, member);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return not_json(e, member);
    std::optional<std::string_view> s;
    if (auto f = read_string(field.value(), s, member)) return f;
    if (!s) return {Problem::NotString, member};
    out->emplace_back(key, *s);
  }
  return {};
}

inline Failure read_members(od::object& object, ListQueuesResult& out) {
  return for_each_member<list_queues_names>(object, [&](int index, od::value& v) -> Failure {
    if (index == 0) return read_string_list(v, out.queue_urls, list_queues_names[0]);
    return read_string(v, out.next_token, list_queues_names[1]);
  });
}

inline Failure read_members(od::object& object, GetQueueUrlResult& out) noexcept {
  return for_each_member<queue_url_names>(object,
                                          [&](int, od::value& v) { return read_string(v, out.queue_url, queue_url_names[0]); });
}

inline Failure read_members(od::object& object, GetQueueAttributesResult& out) {
  return for_each_member<attributes_names>(
      object, [&](int, od::value& v) { return read_string_map(v, out.attributes, attributes_names[0]); });
}

inline Failure read_members(od::object& object, ListDeadLetterSourceQueuesResult& out) {
  return for_each_member<dead_letter_names>(object, [&](int index, od::value& v) -> Failure {
    if (index == 0) return read_string_list(v, out.queue_urls, dead_letter_names[0]);
    return read_string(v, out.next_token, dead_letter_names[1]);
  });
}

// True when nothing but whitespace follows what has been read.
inline bool at_end(od::document& doc) noexcept { return doc.current_location().error() == simdjson::OUT_OF_BOUNDS; }

// An error body member: a string, or for a name an integer (the SDK stringifies numbers there);
// anything else is treated as absent.
inline simdjson::error_code read_error_member(od::value& v, std::optional<std::string_view>& out,
                                              bool is_name = true) noexcept {
  od::json_type type;
  if (auto e = v.type().get(type)) return e;
  if (type == od::json_type::string) {
    std::string_view s;
    if (auto e = v.get_string().get(s)) return e;
    out = s;
  } else if (type == od::json_type::number && is_name) {
    std::string_view token = trim_end<is_json_space>(v.raw_json_token());
    std::int64_t n;
    if (auto e = v.get_int64().get(n)) {
      out.reset();
      // INCORRECT_TYPE: a number with a fraction or exponent, or beyond int64.
      return e == simdjson::INCORRECT_TYPE ? read_number(v) : e;
    }
    out = token;
  } else if (type == od::json_type::null) {
    out.reset();
    return check_null(v);
  } else {
    out.reset();
    return check_json(v);
  }
  return simdjson::SUCCESS;
}

inline simdjson::error_code read_error_body(od::document& doc, ErrorBody& out) noexcept {
  od::json_type type;
  if (auto e = doc.type().get(type)) return e;
  if (type != od::json_type::object) return simdjson::SUCCESS;  // valid JSON, but says nothing
  od::object object;
  if (auto e = doc.get_object().get(object)) return e;
  std::optional<std::string_view> code_key;  // spelling of the first "code" member
  for (auto member : object) {
    od::field field;
    if (auto e = std::move(member).get(field)) return e;
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    od::value& v = field.value();
    simdjson::error_code e = simdjson::SUCCESS;
    if (key == "__type") e = read_error_member(v, out.type);
    else if (key == "message") e = read_error_member(v, out.message, false);
    else if (key == "Message") e = read_error_member(v, out.upper_message, false);
    else if (iequals(key, "code") && (!code_key || *code_key == key)) {
      code_key = key;
      e = read_error_member(v, out.code);
    } else {
      e = check_json(v);
    }
    if (e) return e;
  }
  return at_end(doc) ? simdjson::SUCCESS : simdjson::TRAILING_CONTENT;
}

// Reads a whole 2xx body into `out`: an object of the result's members, or a bare null (no
// members). `scratch` is the List result's reusable entry buffer.
template <class R, class... Scratch>
[[gnu::flatten]] Failure read_result(od::document& doc, std::string_view body, R& out, Scratch&... scratch) {
  od::json_type type;
  if (auto e = doc.type().get(type)) return not_json(e);
  if (type == od::json_type::null) {
    // Not doc.is_null(): simdjson 3.0.1's root null check reads the byte after the one that
    // follows "null", so "null " (trailing whitespace) failed, or not, by the padding's contents.
    std::string_view text = trim<is_json_space>(body);
    return text == "null" ? Failure{} : not_json(simdjson::N_ATOM_ERROR);
  }
  if (type != od::json_type::object) return {Problem::NotObject, {}, simdjson::SUCCESS};
  od::object object;
  if (auto e = doc.get_object().get(object)) return not_json(e);
  if (auto f = read_members(object, out, scratch...)) return f;
  if (!at_end(doc)) return not_json(simdjson::TRAILING_CONTENT);
  return {};
}

inline std::string describe(Failure f, std::string_view operation) {
  std::string s = "The " + std::string(operation) + " response ";
  if (!f.member.empty()) s += "member " + std::string(f.member) + " ";
  switch (f.problem) {
    case Problem::NotJson:
      s += f.member.empty() ? "body is not valid JSON: " : "is not valid JSON: ";
      s += simdjson::error_message(f.json);
      return s;
    case Problem::NotObject: s += f.member.empty() ? "body is not a JSON object." : "is not a JSON object."; break;
    case Problem::NotString: s += "is not a string."; break;
    case Problem::NotInt32: s += "is not an integer within the int32 range."; break;
    case Problem::NotInt64: s += "is not an integer within the int64 range."; break;
    case Problem::NotArray: s += "is not an array."; break;
    case Problem::NotEntry: s += "has an entry that is not an object."; break;
    case Problem::None: break;
  }
  return s;
}

}  // namespace detail

// Owns a simdjson On-Demand parser and a reusable padded buffer. Not thread-safe; use one per
// thread. Results it returns borrow from it (see the lifetime note at the top).
class Decoder {
 public:
  // Decodes the response of one operation: R is the Result of an operation of operations.hpp
  // (StartMessageMoveTaskResult, ..., ListDeadLetterSourceQueuesResult). A 2xx status decodes the output; any
  // other status yields the ServiceError it carries.
  //
  // `padding`: how many readable bytes follow the body's last byte. With at least
  // required_padding, the body is parsed in place; otherwise it is first copied into the
  // Decoder's buffer (which grows only when a larger body comes). The result borrows from this
  // Decoder (and from the body), hence the lifetime bound.
  template <DecodableResult R>
  [[nodiscard]] std::expected<R, ServiceError> decode(const HttpResponse& response,
                                                      std::size_t padding = 0) REDRIVE_LIFETIME_BOUND {
    if (response.status < 200 || response.status > 299) return std::unexpected(decode_error(response, padding));
    R out{};
    if (response.body.empty()) return out;
    const detail::Failure f = read_json(response.body, padding, [&](detail::od::document& doc) {
      out = R{};
      if constexpr (std::same_as<R, ListMessageMoveTasksResult>) return detail::read_result(doc, response.body, out, entries_);
      else return detail::read_result(doc, response.body, out);
    });
    if (f) return std::unexpected(detail::malformed_response(response, detail::describe(f, OperationOfResult<R>::name)));
    return out;
  }

  // The ServiceError a (non-2xx) response carries. A body that is empty, not JSON or truncated
  // contributes nothing: the headers and the status still do.
  [[nodiscard]] ServiceError decode_error(const HttpResponse& response, std::size_t padding = 0) {
    detail::ErrorBody body;
    if (!response.body.empty()) {
      const detail::Failure f = read_json(response.body, padding, [&](detail::od::document& doc) -> detail::Failure {
        body = {};
        if (auto e = detail::read_error_body(doc, body)) return detail::not_json(e);
        return {};
      });
      if (f) body = {};  // a body that does not read whole contributes nothing
    }
    return detail::resolve_service_error(response, body);
  }

 private:
  // Parses `body` and runs `read` on the document. simdjson 3.0.1 reads the byte after the body
  // when a root object is unbalanced ("{}}"), so what it reports in place can depend on the
  // caller's padding bytes: a failure in place is read again from the zero-padded copy, and the
  // outcome never depends on those bytes. `read` must start its output afresh.
  template <class Read>
  detail::Failure read_json(std::string_view body, std::size_t padding, Read&& read) {
    auto once = [&](std::size_t pad) -> detail::Failure {
      detail::od::document doc;
      if (auto e = iterate(body, pad, doc)) return detail::not_json(e);
      return read(doc);
    };
    const detail::Failure f = once(padding);
    return f && padding >= required_padding ? once(0) : f;
  }

  simdjson::error_code iterate(std::string_view body, std::size_t padding, detail::od::document& doc) noexcept {
    if (padding >= required_padding)
      return parser_.iterate(simdjson::padded_string_view(body.data(), body.size(), body.size() + padding)).get(doc);
    std::size_t need = body.size() + required_padding;
    if (need > capacity_) {
      std::size_t grown = capacity_ * 2 > need ? capacity_ * 2 : need;
      buffer_.reset(new (std::nothrow) char[grown]);
      capacity_ = buffer_ ? grown : 0;
      if (!buffer_) return simdjson::MEMALLOC;
    }
    std::memcpy(buffer_.get(), body.data(), body.size());
    std::memset(buffer_.get() + body.size(), 0, required_padding);
    return parser_.iterate(simdjson::padded_string_view(buffer_.get(), body.size(), capacity_)).get(doc);
  }


  simdjson::ondemand::parser parser_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::vector<ListMessageMoveTasksResultEntry> entries_;
};

}  // namespace redrive
