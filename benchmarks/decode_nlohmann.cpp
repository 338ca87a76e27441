// nlohmann/json: parse to a DOM without exceptions, then find each member.
#include <nlohmann/json.hpp>

#include "baseline.hpp"
#include "decode_measures.hpp"

namespace {

using namespace bench::baseline;
using nlohmann::json;

json parse(std::string_view body) { return json::parse(body.begin(), body.end(), nullptr, false); }

const json* find(const json& object, const char* name) {
  auto it = object.find(name);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

bool read(const json& object, const char* name, std::optional<std::string>& out) {
  const json* v = find(object, name);
  if (!v) return true;
  if (!v->is_string()) return false;
  out = v->get<std::string>();
  return true;
}

bool read(const json& object, const char* name, std::optional<std::int64_t>& out) {
  const json* v = find(object, name);
  if (!v) return true;
  if (!v->is_number_integer() || (v->is_number_unsigned() && v->get<std::uint64_t>() > INT64_MAX)) return false;
  out = v->get<std::int64_t>();
  return true;
}

bool read(const json& object, const char* name, std::optional<std::int32_t>& out) {
  std::optional<std::int64_t> wide;
  if (!read(object, name, wide) || (wide && !fits_int32(*wide))) return false;
  if (wide) out = static_cast<std::int32_t>(*wide);
  return true;
}

redrive::ServiceError decode_error(const redrive::HttpResponse& r) {
  json body = parse(r.body);
  std::string_view type, message;
  if (body.is_object()) {
    if (auto it = body.find("__type"); it != body.end() && it->is_string()) type = it->get_ref<const std::string&>();
    if (auto it = body.find("message"); it != body.end() && it->is_string()) message = it->get_ref<const std::string&>();
  }
  return service_error(r, type, message);
}

Decoded<Start> decode_start(const redrive::HttpResponse& r) {
  if (!is_success(r)) return std::unexpected(decode_error(r));
  Start out;
  if (r.body.empty()) return out;
  json body = parse(r.body);
  if (body.is_null()) return out;
  if (!body.is_object() || !read(body, "TaskHandle", out.task_handle)) return std::unexpected(malformed(r));
  return out;
}

Decoded<List> decode_list(const redrive::HttpResponse& r) {
  if (!is_success(r)) return std::unexpected(decode_error(r));
  List out;
  if (r.body.empty()) return out;
  json body = parse(r.body);
  if (body.is_null()) return out;
  if (!body.is_object()) return std::unexpected(malformed(r));
  const json* results = find(body, "Results");
  if (!results) return out;
  if (!results->is_array()) return std::unexpected(malformed(r));
  auto& entries = out.results.emplace();
  entries.reserve(results->size());
  for (const json& item : *results) {
    Entry e;
    auto member = [&item](const char* name, auto& m) { return read(item, name, m); };
    if (!item.is_object() || !read_entry(e, member)) return std::unexpected(malformed(r));
    entries.push_back(std::move(e));
  }
  return out;
}

[[maybe_unused]] const bool registered = bench::register_decoders("nlohmann", decode_start, decode_list);

}  // namespace
