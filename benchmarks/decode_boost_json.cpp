// Boost.JSON: boost::json::parse into a value, then if_contains for each member.
#include <boost/json.hpp>

#include "baseline.hpp"
#include "decode_measures.hpp"

namespace {

using namespace bench::baseline;
namespace json = boost::json;

bool parse(std::string_view body, json::value& out) {
  boost::system::error_code ec;
  out = json::parse(json::string_view(body.data(), body.size()), ec);
  return !ec;
}

const json::value* find(const json::object& object, const char* name) {
  const json::value* v = object.if_contains(name);
  return v && !v->is_null() ? v : nullptr;
}

bool read(const json::object& object, const char* name, std::optional<std::string>& out) {
  const json::value* v = find(object, name);
  if (!v) return true;
  const json::string* s = v->if_string();
  if (!s) return false;
  out.emplace(s->data(), s->size());
  return true;
}

// Boost.JSON keeps an integer as int64 whenever it fits, so is_int64 is the int64 range check.
bool read(const json::object& object, const char* name, std::optional<std::int64_t>& out) {
  const json::value* v = find(object, name);
  if (!v) return true;
  if (!v->is_int64()) return false;
  out = v->get_int64();
  return true;
}

bool read(const json::object& object, const char* name, std::optional<std::int32_t>& out) {
  std::optional<std::int64_t> wide;
  if (!read(object, name, wide) || (wide && !fits_int32(*wide))) return false;
  if (wide) out = static_cast<std::int32_t>(*wide);
  return true;
}

std::string_view string_member(const json::object& object, const char* name) {
  const json::value* v = object.if_contains(name);
  const json::string* s = v ? v->if_string() : nullptr;
  return s ? std::string_view(s->data(), s->size()) : std::string_view();
}

redrive::ServiceError decode_error(const redrive::HttpResponse& r) {
  json::value body;
  const json::object* object = parse(r.body, body) ? body.if_object() : nullptr;
  if (!object) return service_error(r, {}, {});
  return service_error(r, string_member(*object, "__type"), string_member(*object, "message"));
}

Decoded<Start> decode_start(const redrive::HttpResponse& r) {
  if (!is_success(r)) return std::unexpected(decode_error(r));
  Start out;
  if (r.body.empty()) return out;
  json::value body;
  if (!parse(r.body, body)) return std::unexpected(malformed(r));
  if (body.is_null()) return out;
  const json::object* object = body.if_object();
  if (!object || !read(*object, "TaskHandle", out.task_handle)) return std::unexpected(malformed(r));
  return out;
}

Decoded<List> decode_list(const redrive::HttpResponse& r) {
  if (!is_success(r)) return std::unexpected(decode_error(r));
  List out;
  if (r.body.empty()) return out;
  json::value body;
  if (!parse(r.body, body)) return std::unexpected(malformed(r));
  if (body.is_null()) return out;
  const json::object* object = body.if_object();
  if (!object) return std::unexpected(malformed(r));
  const json::value* results = find(*object, "Results");
  if (!results) return out;
  const json::array* array = results->if_array();
  if (!array) return std::unexpected(malformed(r));
  auto& entries = out.results.emplace();
  entries.reserve(array->size());
  for (const json::value& item : *array) {
    const json::object* entry = item.if_object();
    Entry e;
    auto member = [entry](const char* name, auto& m) { return read(*entry, name, m); };
    if (!entry || !read_entry(e, member)) return std::unexpected(malformed(r));
    entries.push_back(std::move(e));
  }
  return out;
}

[[maybe_unused]] const bool registered = bench::register_decoders("boost_json", decode_start, decode_list);

}  // namespace
