// JSON-lines plumbing shared by the machine-readable commands (encode, decode, sign): one JSON
// object in per line, one JSON object out per line, in order; a bad line yields an error object
// and processing goes on.
#pragma once

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "redrive/detail/json_write.hpp"
#include "redrive/error.hpp"

namespace redrive::cli {

// {"error":{"field":"Region","code":"Missing","offset":0,"message":"..."}}
inline void append_field_error(std::string& out, std::string_view field, std::string_view code, std::uint32_t offset,
                               std::string_view message) {
  out += R"({"error":{"field":)";
  detail::append_json_string(out, field);
  out += R"(,"code":)";
  detail::append_json_string(out, code);
  out += R"(,"offset":)";
  detail::append_json_int(out, offset);
  out += R"(,"message":)";
  detail::append_json_string(out, message);
  out += "}}";
}

// {"error":{"field":"SourceArn","code":"BadAccount","offset":26,"message":"..."}}
inline void append_validation_error(std::string& out, const Error& e) {
  append_field_error(out, field_name(e.field), code_name(e.code), e.offset, e.message());
}

// {"error":{"code":"MalformedInput","message":"..."}} for a line that is not the expected JSON.
inline void append_input_error(std::string& out, std::string_view message) {
  out += R"({"error":{"code":"MalformedInput","message":)";
  detail::append_json_string(out, message);
  out += "}}";
}

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
