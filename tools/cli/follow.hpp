// Following a message move task to its end and printing its progress: what `watch` and
// `start --wait` do.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <string>

#include "output.hpp"
#include "progress.hpp"
#include "redrive/watch.hpp"
#include "render_json.hpp"
#include "session.hpp"

namespace redrive::cli {

// Follows the task to its end, printing its progress after every poll: a bar on a terminal, a
// line per change otherwise, a JSON line per change with --output json.
inline int watch_loop(Session& session, TaskFollower& follower) {
  const bool json = session.json();
  const bool tty = !json && isatty(STDOUT_FILENO);
  std::string last_shown;
  bool bar_drawn = false;
  auto end_bar = [&] {
    if (bar_drawn) std::fputc('\n', stdout);
    bar_drawn = false;
  };
  drive(follower, session.transport(), SystemClock{}, [&](const TaskFollower& f) {
    if (f.last_poll() == PollResult::Failed && !f.done()) {
      end_bar();
      const ServiceError& e = *f.last_error();
      warn("polling failed (" + std::to_string(f.consecutive_failures()) + " in a row): " + e.name +
           (e.message.empty() ? std::string() : ": " + e.message) + "; polling again");
      return;
    }
    if (f.last_poll() != PollResult::Updated) return;
    const auto& entry = *f.task();
    const TaskProgress& p = f.progress();
    ProgressState progress{p.status_text.empty() ? std::string_view("UNKNOWN") : std::string_view(p.status_text),
                           p.moved, p.to_move, p.rate};
    if (json) {
      std::string line;
      append_json(line, entry);
      if (line != last_shown) print_line(stdout, line);
      last_shown = std::move(line);
    } else if (tty) {
      std::string line = "\r" + progress_bar_line(progress) + "\x1b[K";
      std::fwrite(line.data(), 1, line.size(), stdout);
      bar_drawn = true;
    } else {
      // A new line only when the counts or the status change.
      std::string key = std::string(progress.status) + ' ' + std::to_string(p.moved) + ' ' +
                        (p.to_move ? std::to_string(*p.to_move) : "?");
      if (key != last_shown) print_line(stdout, progress_plain_line(progress));
      last_shown = std::move(key);
    }
    std::fflush(stdout);
  });
  end_bar();
  const std::string source(follower.source().str());
  switch (follower.end()) {
    case FollowEnd::Completed: return exit_ok;
    case FollowEnd::Failed:
      complain("the message move task FAILED: " + follower.task()->failure_reason.value_or("(no FailureReason given)"));
      return exit_service;
    case FollowEnd::Cancelled:
      complain("the message move task was CANCELLED after " + std::to_string(follower.progress().moved) + " messages");
      return exit_service;
    case FollowEnd::Vanished:
      complain("the message move task of " + source + " is no longer listed (newer tasks pushed it out)");
      return exit_service;
    case FollowEnd::NotFound:
      complain(follower.polls() > 1 ? "the message move task just started is not listed for " + source
                                    : "no message move task for " + source);
      return exit_service;
    case FollowEnd::PollsFailed:
    case FollowEnd::Following: break;
  }
  return session.report(*follower.last_error(), 1);
}

}  // namespace redrive::cli
