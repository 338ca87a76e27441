// Encoding into reused buffers allocates nothing once they are warm. This file replaces the global
// operator new to count allocations, which is why it is an executable of its own.
#include <doctest/doctest.h>

#include <cstdlib>
#include <new>
#include <redrive/encode.hpp>
#include <string>

namespace {
bool counting = false;
long allocations = 0;

void* allocate(std::size_t n) {
  if (counting) ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* allocate_aligned(std::size_t n, std::align_val_t a) {
  if (counting) ++allocations;
  auto align = static_cast<std::size_t>(a);
  if (void* p = std::aligned_alloc(align, (n + align - 1) / align * align)) return p;
  throw std::bad_alloc();
}

// Counts the allocations `f` makes.
template <class F>
long allocations_in(F&& f) {
  allocations = 0;
  counting = true;
  f();
  counting = false;
  return allocations;
}
}  // namespace

void* operator new(std::size_t n) { return allocate(n); }
void* operator new[](std::size_t n) { return allocate(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return std::malloc(n ? n : 1); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return std::malloc(n ? n : 1); }
void* operator new(std::size_t n, std::align_val_t a) { return allocate_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return allocate_aligned(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

using namespace redrive;
using namespace redrive::literals;

namespace {
constexpr auto dlq = "arn:aws:sqs:us-east-1:123456789012:orders-dlq"_source_arn;
constexpr auto dst = "arn:aws:sqs:us-east-1:123456789012:orders"_destination_arn;
}  // namespace

TEST_CASE("the counter sees allocations") {
  std::string* s = nullptr;
  long n = allocations_in([&] { s = new std::string(100, 'x'); });
  CHECK(n >= 1);
  CHECK(s->size() == 100);
  delete s;
}

TEST_CASE("StartMessageMoveTask body into a reused buffer: zero allocations once warm") {
  auto request = *StartMessageMoveTaskRequest::make(dlq, dst, *Rate::make(500));
  std::string buf;
  encode_body(request, buf);  // warm-up
  const std::string expected = buf;
  long n = allocations_in([&] {
    for (int i = 0; i < 1000; ++i) {
      buf.clear();
      encode_body(request, buf);
    }
  });
  CHECK(n == 0);
  CHECK(buf == expected);
}

TEST_CASE("the other bodies and whole requests: zero allocations once warm") {
  auto start = *StartMessageMoveTaskRequest::make(dlq, dst, *Rate::make(50));
  CancelMessageMoveTaskRequest cancel{*TaskHandle::parse("AQEB\"quoted\"\n/é")};
  ListMessageMoveTasksRequest list{dlq, *MaxResults::make(10)};
  std::string buf;
  HttpRequest request;
  long endpoint_allocations = 0;
  Endpoint endpoint = *endpoint_for("us-east-1");
  endpoint_allocations = allocations_in([&] { endpoint = *endpoint_for("us-gov-west-1", {.fips = true}); });
  CHECK(endpoint_allocations == 0);

  // Warm every buffer with every operation once.
  encode_body(cancel, buf);
  buf.clear();
  encode_body(list, buf);
  encode_into(cancel, endpoint, request);
  encode_into(start, endpoint, request);
  encode_into(list, endpoint, request);
  const HttpRequest expected = encode(start, endpoint);

  long n = allocations_in([&] {
    for (int i = 0; i < 100; ++i) {
      buf.clear();
      encode_body(cancel, buf);
      buf.clear();
      encode_body(list, buf);
      encode_into(list, endpoint, request);
      encode_into(cancel, endpoint, request);
      encode_into(start, endpoint, request);
    }
  });
  CHECK(n == 0);
  CHECK(request == expected);
}
