// JSON-lines plumbing shared by the machine-readable commands (encode, decode, sign): one JSON
// object in per line, one JSON object out per line, in order; a bad line yields an error object
// and processing goes on.
#pragma once

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <simdjson.h>

#include "render_json.hpp"

namespace redrive::cli {

// ---- reading a line's members (encode, sign) ------------------------------------------------

// A problem found while reading a line: its error object is written and reading stops. The views
// point into the line or its parser, which outlive the writing of the line's output.
struct Stop {
  std::string_view field, code;
  std::string message;
};
// Nothing (go on), a Stop, or a simdjson error (the line becomes a MalformedInput error).
using Read = std::variant<std::monostate, Stop, simdjson::error_code>;

inline Stop wrong_type(std::string_view field, std::string_view what) {
  return Stop{field, "WrongType", std::string(field) + " must be " + std::string(what) + "."};
}
inline Stop missing(std::string_view field, std::string_view where = "") {
  return Stop{field, "Missing", std::string(field) + " is required" + std::string(where) + "."};
}
inline Stop unknown_member(std::string_view key, std::string_view where, std::string_view keys) {
  return Stop{key, "UnknownMember", std::string(key) + " is not a key of " + std::string(where) + " (" + std::string(keys) + ")."};
}
// {"error":{"field","code","offset":0,"message"}} for a Stop.
inline void append_stop(std::string& out, const Stop& stop) {
  append_field_error(out, stop.field, stop.code, 0, stop.message);
}

inline Read read_string(simdjson::ondemand::value v, std::string_view field, std::optional<std::string_view>& to) {
  simdjson::ondemand::json_type type;
  if (auto err = v.type().get(type)) return err;
  if (type != simdjson::ondemand::json_type::string) return wrong_type(field, "a JSON string");
  std::string_view s;
  if (auto err = v.get_string().get(s)) return err;
  to = s;
  return {};
}

// Calls `on_field(key, value) -> Read` for each member of `object` (keys unescaped), until one
// does not return nothing.
template <class OnField>
Read for_each_field(simdjson::ondemand::object& object, OnField&& on_field) {
  for (auto member : object) {
    simdjson::ondemand::field f;
    if (auto err = std::move(member).get(f)) return err;
    std::string_view key;
    if (auto err = f.unescaped_key().get(key)) return err;
    Read r = on_field(key, f.value());
    if (r.index() != 0) return r;
  }
  return {};
}

// for_each_field on a value that must be an object (WrongType on `field` otherwise).
template <class OnField>
Read read_object(simdjson::ondemand::value v, std::string_view field, OnField&& on_field) {
  simdjson::ondemand::json_type type;
  if (auto err = v.type().get(type)) return err;
  if (type != simdjson::ondemand::json_type::object) return wrong_type(field, "a JSON object");
  simdjson::ondemand::object object;
  if (auto err = v.get_object().get(object)) return err;
  return for_each_field(object, std::forward<OnField>(on_field));
}

// ---- one line in, one line out ----------------------------------------------------------------

// One input line: appends to `out` the object `handle(simdjson::ondemand::object&, std::string&
// out)` writes for it, or the MalformedInput error object (no newline). for_each_json_line runs it
// on each line of stdin; the fuzzer (tests/fuzz/fuzz_cli.cpp) calls it on arbitrary bytes.
template <class Handler>
void handle_json_line(simdjson::ondemand::parser& parser, std::string_view line, std::string& out, Handler&& handle) {
  simdjson::padded_string padded(line);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object obj;
  simdjson::error_code err = parser.iterate(padded).get(doc);
  if (!err) err = doc.get_object().get(obj);
  if (!err) err = handle(obj, out);
  if (err) {
    out.clear();
    append_input_error(out, std::string("invalid input line: ") + simdjson::error_message(err));
  }
}

// Runs `handle(simdjson::ondemand::object&, std::string& out)` on each non-blank line of stdin.
// The handler appends one JSON object to `out`, or returns a simdjson error (wrong type, missing
// field, bad JSON), which becomes a MalformedInput error object. Returns 0 when every line
// produced a non-error object, 1 otherwise.
template <class Handler>
int for_each_json_line(Handler&& handle) {
  simdjson::ondemand::parser parser;
  std::string line, out;
  int status = 0;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    out.clear();
    handle_json_line(parser, line, out, handle);
    if (out.starts_with(R"({"error")")) status = 1;
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
  }
  return status;
}

}  // namespace redrive::cli
