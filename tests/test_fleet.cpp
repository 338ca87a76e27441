#include <doctest/doctest.h>

#include <redrive/fleet.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

using namespace redrive;
using namespace std::chrono_literals;

namespace {

SourceArn source(int i) {
  return SourceArn::parse("arn:aws:sqs:us-east-1:111122223333:dlq-" + std::to_string(i)).value();
}

std::vector<StartMessageMoveTaskRequest> requests(int n) {
  std::vector<StartMessageMoveTaskRequest> out;
  for (int i = 0; i < n; ++i) out.push_back(StartMessageMoveTaskRequest::make(source(i)).value());
  return out;
}

ServiceError service_error(ServiceErrc code, std::string name, int status = 400) {
  ServiceError e;
  e.code = code;
  e.name = std::move(name);
  e.message = "said the service";
  e.http_status = status;
  return e;
}

std::int64_t ms(CallTime t) { return t.time_since_epoch().count(); }

// A small model of the service: tasks run for `duration` and then end as `ends_as` says; the
// account allows `quota` active tasks, `external` of them held by someone else until `external_until`.
struct Service {
  struct Task {
    std::string source, handle;
    std::int64_t started, ends;
    std::string final_status = "COMPLETED";
    bool cancelled = false;
  };
  int quota = 100;
  int external = 0;
  CallTime external_until{};
  Milliseconds duration = 20s;
  std::map<std::string, std::string> ends_as;  // source -> final status (default COMPLETED)
  ServiceErrc already_active = ServiceErrc::InvalidParameterValue;
  std::vector<Task> tasks;  // oldest first
  int max_running = 0, starts = 0, refused_quota = 0, refused_active = 0, polls = 0;

  bool running(const Task& t, CallTime now) const { return !t.cancelled && ms(now) < t.ends; }
  int running_count(CallTime now) const {
    int n = now < external_until ? external : 0;
    for (const auto& t : tasks) n += running(t, now);
    return n;
  }
  int ours_running(CallTime now) const {
    int n = 0;
    for (const auto& t : tasks) n += running(t, now);
    return n;
  }

  FleetPlanner::StartOutcome start(const StartMessageMoveTaskRequest& r, CallTime now) {
    const std::string src(r.source().str());
    for (const auto& t : tasks)
      if (t.source == src && running(t, now)) {
        ++refused_active;
        return std::unexpected(service_error(already_active, std::string(code_name(already_active))));
      }
    if (running_count(now) >= quota) {
      ++refused_quota;
      return std::unexpected(service_error(ServiceErrc::OverLimit, "OverLimit", 403));
    }
    ++starts;
    const std::string handle = "H" + std::to_string(tasks.size());
    tasks.push_back({src, handle, ms(now), ms(now + duration), ends_as.count(src) ? ends_as[src] : "COMPLETED"});
    max_running = std::max(max_running, ours_running(now));
    return OwnedStartMessageMoveTaskResult{handle};
  }

  FleetPlanner::PollOutcome list(const ListMessageMoveTasksRequest& r, CallTime now) {
    ++polls;
    std::vector<OwnedListMessageMoveTasksResultEntry> out;
    for (auto it = tasks.rbegin(); it != tasks.rend(); ++it) {
      if (it->source != r.source.str()) continue;
      OwnedListMessageMoveTasksResultEntry e;
      const bool run = running(*it, now);
      if (run) e.task_handle = it->handle;
      e.status = it->cancelled ? "CANCELLED" : run ? "RUNNING" : it->final_status;
      e.source_arn = it->source;
      const std::int64_t total = 1000;
      const double done = std::min(1.0, static_cast<double>(ms(now) - it->started) / static_cast<double>(it->ends - it->started));
      e.approximate_number_of_messages_moved = it->cancelled ? 0 : static_cast<std::int64_t>(total * done);
      e.approximate_number_of_messages_to_move = total;
      if (e.status == "FAILED") e.failure_reason = "The task ran past its time limit.";
      e.started_timestamp = it->started;
      out.push_back(std::move(e));
    }
    return OwnedListMessageMoveTasksResult{std::move(out)};
  }

  FleetPlanner::CancelOutcome cancel(const CancelMessageMoveTaskRequest& r, CallTime now) {
    for (auto& t : tasks)
      if (t.handle == r.task_handle.str() && running(t, now)) {
        t.cancelled = true;
        return OwnedCancelMessageMoveTaskResult{42};
      }
    return std::unexpected(service_error(ServiceErrc::ResourceNotFoundException, "ResourceNotFoundException"));
  }
};

struct Run {
  CallTime now{std::chrono::sys_days{std::chrono::year{2025} / 1 / 1}};
  std::vector<FleetEvent> events;
  int max_active_seen = 0;
  int actions = 0;
  std::function<std::vector<Check>(std::size_t)> checks = [](std::size_t) { return std::vector<Check>{}; };
  std::function<bool(const FleetPlanner&)> stop = [](const FleetPlanner&) { return false; };

  void go(FleetPlanner& f, Service& s) {
    using K = FleetAction::Kind;
    for (auto a = f.next(now); a.kind != K::Done; a = f.next(now)) {
      REQUIRE(++actions < 5000);
      switch (a.kind) {
        case K::Wait: REQUIRE(a.wake_at >= now); now = std::max(a.wake_at, now + 1ms); break;
        case K::Preflight: f.on_preflight(a.dlq, checks(a.dlq)); break;
        case K::Start: f.on_start(a.dlq, s.start(f.request(a.dlq), now), now); break;
        case K::Poll: f.on_poll(a.dlq, s.list(f.poll_request(a.dlq), now), now); break;
        case K::Cancel: {
          auto req = f.cancel_request(a.dlq);
          REQUIRE(req);
          f.on_cancel(a.dlq, s.cancel(*req, now), now);
          break;
        }
        case K::Done: break;
      }
      if (a.kind != K::Wait) now += 100ms;
      max_active_seen = std::max(max_active_seen, f.active_count());
      for (auto& e : f.take_events()) events.push_back(std::move(e));
      if (stop(f)) return;
    }
  }
  int count(FleetEvent::Kind k) const {
    int n = 0;
    for (const auto& e : events) n += e.kind == k;
    return n;
  }
};

FleetOptions options(std::optional<int> max_active = std::nullopt, bool preflight = false) {
  FleetOptions o;
  o.max_active = max_active;
  o.interval = 2s;
  o.preflight = preflight;
  return o;
}

}  // namespace

TEST_CASE("a limit of 3 with 7 queues: never more than 3 tasks at once, the next starts as one ends") {
  Service s;
  FleetPlanner f(requests(7), options(3));
  Run run;
  run.go(f, s);
  CHECK(s.starts == 7);
  CHECK(s.max_running == 3);  // the limit was used, and never exceeded
  CHECK(run.max_active_seen == 3);
  CHECK(s.refused_quota == 0);
  for (const auto& d : f.dlqs()) {
    CHECK(d.status == DlqStatus::Completed);
    CHECK(d.progress.moved == 1000);
  }
  CHECK(f.exit_code() == 0);
  CHECK(run.count(FleetEvent::Kind::Start) == 7);
  CHECK(run.count(FleetEvent::Kind::End) == 7);
  const auto t = f.totals();
  CHECK(t.completed == 7);
  CHECK(t.moved == 7000);
  CHECK(t.to_move == 7000);
}

TEST_CASE("totals while tasks run: moved, a rate and an ETA") {
  Service s;
  FleetPlanner f(requests(2), options());
  Run run;
  run.stop = [](const FleetPlanner& p) { return p.dlq(0).progress.rate && p.dlq(1).progress.rate; };
  run.go(f, s);
  const auto t = f.totals();
  REQUIRE(t.rate);
  CHECK(*t.rate == doctest::Approx(100.0).epsilon(0.05));  // 1000 messages in 20 s, twice
  REQUIRE(t.eta_seconds);
  CHECK(*t.eta_seconds > 0);
  CHECK(*t.eta_seconds < 20);
}

TEST_CASE("the quota answer waits for a slot instead of failing the queue") {
  Service s;
  s.quota = 2;
  FleetPlanner f(requests(5), options());  // max_active: the default, 100
  Run run;
  run.go(f, s);
  CHECK(s.refused_quota >= 1);
  CHECK(s.max_running == 2);
  CHECK(f.effective_limit() == 2);
  for (const auto& d : f.dlqs()) CHECK(d.status == DlqStatus::Completed);
  CHECK(f.exit_code() == 0);
}

TEST_CASE("the quota held by others: the fleet tries again after the interval, and then goes on") {
  Service s;
  s.quota = 2;
  s.external = 2;
  s.external_until = CallTime{std::chrono::sys_days{std::chrono::year{2025} / 1 / 1}} + 30s;
  FleetPlanner f(requests(3), options());
  Run run;
  run.go(f, s);
  CHECK(s.refused_quota >= 10);  // every 2 s for 30 s
  CHECK(s.refused_quota <= 16);
  for (const auto& d : f.dlqs()) CHECK(d.status == DlqStatus::Completed);
}

TEST_CASE("a start refused because the source has an active task adopts that task, never a second one") {
  for (auto answer : {ServiceErrc::InvalidParameterValue, ServiceErrc::UnsupportedOperation}) {
    Service s;
    s.already_active = answer;
    const auto t0 = Run{}.now;
    s.tasks.push_back({std::string(source(1).str()), "OTHER", ms(t0 - 5s), ms(t0 + 15s)});
    FleetPlanner f(requests(3), options());
    Run run;
    run.go(f, s);
    CHECK(s.refused_active == 1);
    CHECK(s.starts == 2);
    CHECK(f.dlq(1).status == DlqStatus::Completed);
    CHECK(f.dlq(1).handle == "OTHER");
    // The adopted task is journaled, so a resumed fleet follows it too.
    bool journaled = false;
    for (const auto& e : run.events) journaled |= e.kind == FleetEvent::Kind::Start && e.handle == "OTHER";
    CHECK(journaled);
  }
}

TEST_CASE("preflight: an active task is adopted without a start, a failing check skips the queue") {
  Service s;
  const auto t0 = Run{}.now;
  s.tasks.push_back({std::string(source(0).str()), "OTHER", ms(t0 - 5s), ms(t0 + 15s)});
  FleetPlanner f(requests(3), options(std::nullopt, true));
  Run run;
  run.checks = [](std::size_t i) {
    std::vector<Check> c{{CheckName::SourceExists, CheckResult::Pass, "ok"}, {CheckName::Messages, CheckResult::Warn, "none"}};
    if (i == 0) c.push_back({CheckName::NoActiveTask, CheckResult::Fail, "running"});
    if (i == 2) c.push_back({CheckName::SourceIsDlq, CheckResult::Fail, "No queue names the source."});
    return c;
  };
  run.go(f, s);
  CHECK(s.refused_active == 0);
  CHECK(s.starts == 1);
  CHECK(f.dlq(0).status == DlqStatus::Completed);
  CHECK(f.dlq(1).status == DlqStatus::Completed);
  CHECK(f.dlq(1).checks.size() == 2);
  CHECK(f.dlq(2).status == DlqStatus::Skipped);
  CHECK(f.dlq(2).reason == "No queue names the source.");
  CHECK(f.exit_code() == 1);
}

TEST_CASE("resuming from known tasks never starts a second task") {
  Service s;
  const auto t0 = Run{}.now;
  s.tasks.push_back({std::string(source(0).str()), "H-OLD", ms(t0 - 10s), ms(t0 + 10s)});
  s.tasks.push_back({std::string(source(2).str()), "H-ENDED", ms(t0 - 60s), ms(t0 - 30s)});
  const std::vector<KnownTask> known{
      {source(0), "H-OLD", t0 - 10s, std::nullopt, 0, ""},
      {source(1), "H-DONE", t0 - 90s, TaskStatus::Completed, 500, ""},
      // ended while the fleet was not running: it is found by its start time
      {source(2), "H-ENDED", t0 - 60s, std::nullopt, 0, ""},
      {source(3), "H-FAILED", t0 - 90s, TaskStatus::Failed, 3, "boom"},
  };
  FleetPlanner f(requests(4), options(std::nullopt, true), known);
  Run run;
  std::vector<std::size_t> preflighted;
  run.checks = [&](std::size_t i) {
    preflighted.push_back(i);
    return std::vector<Check>{};
  };
  run.go(f, s);
  CHECK(s.refused_active == 0);
  CHECK(s.starts == 1);                                 // only the failed one again
  CHECK(preflighted == std::vector<std::size_t>{3});  // known active tasks skip preflight
  for (const auto& d : f.dlqs()) CHECK(d.status == DlqStatus::Completed);
  CHECK(f.dlq(1).progress.moved == 500);
  CHECK(f.dlq(2).handle == "H-ENDED");
  CHECK(run.count(FleetEvent::Kind::Start) == 1);
  CHECK(run.count(FleetEvent::Kind::End) == 3);
}

TEST_CASE("a failed task is reported with its reason") {
  Service s;
  s.ends_as[std::string(source(1).str())] = "FAILED";
  FleetPlanner f(requests(3), options(2));
  Run run;
  run.go(f, s);
  CHECK(f.dlq(0).status == DlqStatus::Completed);
  CHECK(f.dlq(1).status == DlqStatus::Failed);
  CHECK(f.dlq(1).reason == "The task ran past its time limit.");
  CHECK(f.dlq(2).status == DlqStatus::Completed);
  CHECK(f.exit_code() == 1);
  CHECK(f.totals().failed == 1);
  bool ended_failed = false;
  for (const auto& e : run.events)
    ended_failed |= e.kind == FleetEvent::Kind::End && e.status == TaskStatus::Failed && e.source == source(1) &&
                    e.reason == "The task ran past its time limit.";
  CHECK(ended_failed);
}

TEST_CASE("a start the service refuses for good fails the queue; a transient one is tried again") {
  Service s;
  FleetPlanner f(requests(1), options());
  REQUIRE(f.next(Run{}.now).kind == FleetAction::Kind::Start);
  f.on_start(0, std::unexpected(service_error(ServiceErrc::TransportError, "TransportError", 0)), Run{}.now);
  CHECK(f.dlq(0).status == DlqStatus::Pending);
  const auto a = f.next(Run{}.now);
  CHECK(a.kind == FleetAction::Kind::Wait);
  CHECK(a.wake_at == Run{}.now + 2s);
  REQUIRE(f.next(Run{}.now + 2s).kind == FleetAction::Kind::Start);
  f.on_start(0, std::unexpected(service_error(ServiceErrc::AccessDenied, "AccessDenied", 403)), Run{}.now + 2s);
  CHECK(f.dlq(0).status == DlqStatus::Failed);
  CHECK(f.dlq(0).reason == "The task could not be started: AccessDenied: said the service");
  CHECK(f.next(Run{}.now + 2s).kind == FleetAction::Kind::Done);
}

TEST_CASE("an InvalidParameterValue start with no active task behind it fails with the service's reason") {
  Service s;
  FleetPlanner f(requests(1), options());
  Run run;
  REQUIRE(f.next(run.now).kind == FleetAction::Kind::Start);
  f.on_start(0, std::unexpected(service_error(ServiceErrc::InvalidParameterValue, "InvalidParameterValue")), run.now);
  run.go(f, s);
  CHECK(s.polls == 1);
  CHECK(f.dlq(0).status == DlqStatus::Failed);
  CHECK(f.dlq(0).reason == "The task could not be started: InvalidParameterValue: said the service");
}

TEST_CASE("interrupt lists the running tasks and leaves them, or cancels them") {
  for (bool cancel : {false, true}) {
    Service s;
    FleetPlanner f(requests(5), options(2));
    Run run;
    run.stop = [](const FleetPlanner& p) { return p.active_count() == 2 && p.dlq(1).handle.has_value(); };
    run.go(f, s);
    const auto running = f.interrupt(cancel);
    CHECK(running == std::vector<std::size_t>{0, 1});
    run.stop = [](const FleetPlanner&) { return false; };
    run.go(f, s);
    CHECK(s.starts == 2);
    for (std::size_t i : {0, 1}) CHECK(f.dlq(i).status == (cancel ? DlqStatus::Cancelled : DlqStatus::LeftRunning));
    for (std::size_t i : {2, 3, 4}) CHECK(f.dlq(i).status == DlqStatus::Pending);
    CHECK(s.ours_running(run.now) == (cancel ? 0 : 2));
    CHECK(run.count(FleetEvent::Kind::End) == (cancel ? 2 : 0));
    CHECK(f.exit_code() == 1);
  }
}

TEST_CASE("polls that keep failing lose track of the task; a queue listed twice runs once") {
  Service s;
  auto reqs = requests(2);
  reqs.push_back(StartMessageMoveTaskRequest::make(source(0)).value());
  FleetPlanner f(reqs, options());
  CHECK(f.dlq(2).status == DlqStatus::Skipped);
  Run run;
  REQUIRE(f.next(run.now).kind == FleetAction::Kind::Start);
  f.on_start(0, OwnedStartMessageMoveTaskResult{"H"}, run.now);
  CHECK(f.take_events().size() == 1);
  REQUIRE(f.next(run.now).kind == FleetAction::Kind::Start);
  f.on_start(1, OwnedStartMessageMoveTaskResult{"H2"}, run.now);
  CHECK(f.take_events().size() == 1);
  for (int k = 0; k < 5; ++k) {
    run.now += 2s;
    const auto a = f.next(run.now);
    REQUIRE(a.kind == FleetAction::Kind::Poll);
    if (a.dlq == 0) f.on_poll(0, std::unexpected(service_error(ServiceErrc::ThrottlingException, "ThrottlingException")), run.now);
    else f.on_poll(1, OwnedListMessageMoveTasksResult{}, run.now);
    const auto b = f.next(run.now);
    REQUIRE(b.kind == FleetAction::Kind::Poll);
    if (b.dlq == 0) f.on_poll(0, std::unexpected(service_error(ServiceErrc::ThrottlingException, "ThrottlingException")), run.now);
    else f.on_poll(1, OwnedListMessageMoveTasksResult{}, run.now);
  }
  CHECK(f.dlq(0).status == DlqStatus::Failed);
  CHECK(f.dlq(0).reason.starts_with("Lost track of the task"));
  CHECK(f.dlq(1).status == DlqStatus::Failed);
  CHECK(f.dlq(1).reason == "Lost track of the task: it was never listed.");
  CHECK(f.next(run.now).kind == FleetAction::Kind::Done);
  // Losing track is not an end the journal records: a resumed fleet follows the task again.
  CHECK(f.take_events().size() == 0);
}

TEST_CASE("outcomes fed out of turn are ignored") {
  FleetPlanner f(requests(1), options());
  f.on_poll(0, OwnedListMessageMoveTasksResult{}, {});
  f.on_start(7, OwnedStartMessageMoveTaskResult{"H"}, {});
  CHECK(f.dlq(0).status == DlqStatus::Pending);
  CHECK(f.next({}).kind == FleetAction::Kind::Start);
}
