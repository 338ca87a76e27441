// redrive fleet: drains many dead-letter queues within the account's quota of active move tasks,
// with a journal that lets an interrupted fleet resume without starting a task twice.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/fleet_view.hpp"
#include "cli/network_options.hpp"
#include "cli/output.hpp"
#include "cli/queues.hpp"
#include "cli/session.hpp"
#include "redrive/fleet.hpp"
#include "redrive/fleet_journal.hpp"

namespace redrive::cli {
namespace {

constexpr std::string_view fleet_usage =
    "usage: redrive fleet (--sources FILE | --all [--prefix PREFIX]) [--rate N] [--max-active N]\n"
    "                     [--journal FILE] [--interval SECONDS] [--cancel-on-interrupt] [options]";

constexpr std::string_view fleet_help =
    "Drains many dead-letter queues: runs preflight on each, starts their message move tasks (back to\n"
    "their source queues, or to the destination given per queue), never more at once than\n"
    "--max-active, starts the next as one ends, and shows one progress view (a line per queue and a\n"
    "total with rate and ETA on a terminal; a line per change otherwise; JSON lines with --output\n"
    "json). When the service answers that the account has too many active tasks, the fleet waits for\n"
    "a slot. The journal records every start and end: run the same command again after an\n"
    "interruption and it follows the tasks already running instead of starting them twice. Ctrl-C\n"
    "leaves the running tasks running (--cancel-on-interrupt cancels them). Exits 0 when every task\n"
    "COMPLETED, 1 when one failed, was cancelled or skipped, or was left running.\n"
    "  --sources FILE         the queues: a line per queue, SOURCE_ARN [DESTINATION_ARN]; blank lines\n"
    "                         and lines starting with # are ignored\n"
    "  --all                  every dead-letter queue of the region that holds messages (discover)\n"
    "  --prefix PREFIX        with --all: only queues whose name starts with PREFIX\n"
    "  --rate N               MaxNumberOfMessagesPerSecond of every task, 1..500 (default: SQS's)\n"
    "  --max-active N         tasks at once, 1..100 (default: as many as the account's quota of 100\n"
    "                         leaves; the service's answer lowers it)\n"
    "  --journal FILE         the journal (default ./redrive-fleet.jsonl)\n"
    "  --interval SECONDS     between two polls of a task (default 5; fractions allowed)\n"
    "  --cancel-on-interrupt  Ctrl-C cancels the running tasks instead of leaving them running\n";

std::atomic<bool> interrupted{false};

extern "C" void on_interrupt(int) {
  interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the program at once
}

// The queues of a --sources file; a bad line is a usage error naming the file and line.
std::expected<std::vector<StartMessageMoveTaskRequest>, int> read_sources(std::string_view file, std::optional<Rate> rate) {
  std::ifstream in{std::string(file)};
  if (!in) {
    complain("cannot read the sources file " + std::string(file));
    return std::unexpected(exit_usage);
  }
  std::vector<StartMessageMoveTaskRequest> requests;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream words(line);
    std::string source, destination, extra;
    words >> source >> destination >> extra;
    if (source.empty() || source.front() == '#') continue;
    const std::string where = std::string(file) + ":" + std::to_string(number) + ": ";
    if (!extra.empty()) {
      complain(where + "a line holds SOURCE_ARN [DESTINATION_ARN], not '" + line + "'");
      return std::unexpected(exit_usage);
    }
    std::optional<std::string_view> dest;
    if (!destination.empty()) dest = destination;
    auto request = StartMessageMoveTaskRequest::parse(source, dest, rate ? std::optional<long long>(rate->value()) : std::nullopt);
    if (!request) {
      complain(where + "the queue is not valid:");
      print_line(stderr, render(request.error(), source, dest));
      return std::unexpected(exit_usage);
    }
    requests.push_back(*request);
  }
  if (requests.empty()) {
    complain("the sources file " + std::string(file) + " names no queue");
    return std::unexpected(exit_usage);
  }
  return requests;
}

// The dead-letter queues of --all that hold messages, as requests back to their sources.
std::expected<std::vector<StartMessageMoveTaskRequest>, int> discovered_sources(Session& session,
                                                                               const std::optional<QueueNamePrefix>& prefix,
                                                                               std::optional<Rate> rate) {
  auto found = discover_dead_letter_queues(session, prefix);
  if (!found) return std::unexpected(session.report(found.error(), 1));
  std::vector<StartMessageMoveTaskRequest> requests;
  int empty = 0;
  for (const auto& d : *found) {
    if (!d.messages) {
      warn("skipped " + std::string(d.arn.str()) + ": its messages could not be counted");
      continue;
    }
    if (*d.messages == 0) {
      ++empty;
      continue;
    }
    auto source = SourceArn::parse(d.arn.str());
    if (!source) continue;  // a QueueArn is always a valid SourceArn
    requests.push_back(StartMessageMoveTaskRequest::make(*source, std::nullopt, rate).value());
  }
  if (empty > 0) complain(std::to_string(empty) + (empty == 1 ? " dead-letter queue holds" : " dead-letter queues hold") +
                          " no messages; nothing to redrive there");
  if (requests.empty()) {
    complain(prefix ? "no dead-letter queue with messages among the queues named " + std::string(prefix->str()) + "*"
                    : std::string("no dead-letter queue with messages in this region"));
    return std::unexpected(exit_ok);
  }
  return requests;
}

// The journal's tasks, and the file opened for appending after its last complete line.
struct Journal {
  std::vector<KnownTask> tasks;
  std::FILE* file = nullptr;
};

std::expected<Journal, int> open_journal(const std::string& path) {
  Journal j;
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    std::string text{std::istreambuf_iterator<char>(in), {}};
    auto read = read_fleet_journal(text);
    if (!read) {
      complain(path + ":" + std::to_string(read.error().line) + ": " + read.error().message +
               " (a journal is written by redrive fleet only; move it away to start afresh)");
      return std::unexpected(exit_usage);
    }
    j.tasks = std::move(read->tasks);
    if (read->torn_tail) {
      // A line cut short by a kill: dropped, so the next line starts on a line of its own.
      const std::size_t last_newline = text.rfind('\n');
      std::filesystem::resize_file(path, last_newline == std::string::npos ? 0 : last_newline + 1, ec);
      if (ec) {
        complain("cannot repair the journal " + path + ": " + ec.message());
        return std::unexpected(exit_usage);
      }
      warn("the journal's last line was cut short (the fleet was killed while writing it); dropped");
    }
  }
  j.file = std::fopen(path.c_str(), "ab");
  if (!j.file) {
    complain("cannot write the journal " + path);
    return std::unexpected(exit_usage);
  }
  return j;
}

// Shows the fleet after each step: the redrawn block on a terminal, else a line (or JSON object) per change.
class FleetView {
 public:
  // A queue still pending at the start is not shown until it moves on.
  FleetView(bool json, const FleetPlanner& fleet) : json_(json), tty_(!json && isatty(STDOUT_FILENO)) {
    for (const auto& d : fleet.dlqs()) shown_.push_back(d.status == DlqStatus::Pending ? fleet_change_key(d, json_) : "");
  }

  void update(const FleetPlanner& fleet) {
    if (tty_) return redraw(fleet);
    for (std::size_t i = 0; i < fleet.size(); ++i) {
      const FleetDlq& d = fleet.dlq(i);
      std::string key = fleet_change_key(d, json_);
      if (key == shown_[i]) continue;
      shown_[i] = std::move(key);
      std::string line;
      if (json_) append_json(line, d);
      else line = fleet_plain_line(d);
      print_line(stdout, line);
    }
    std::fflush(stdout);
  }

  void finish(const FleetPlanner& fleet) {
    update(fleet);
    std::string line;
    if (json_) append_json(line, fleet.totals(), fleet.size());
    else if (!tty_) line = fleet_total_line(fleet.totals(), fleet.size());
    if (!line.empty()) print_line(stdout, line);
    std::fflush(stdout);
  }

 private:
  void redraw(const FleetPlanner& fleet) {
    std::string block;
    if (lines_drawn_ > 0) block += "\x1b[" + std::to_string(lines_drawn_) + "F";  // back to the block's first line
    for (const auto& d : fleet.dlqs()) block += fleet_bar_line(d) + "\x1b[K\n";
    block += fleet_total_line(fleet.totals(), fleet.size()) + "\x1b[K\n";
    lines_drawn_ = static_cast<int>(fleet.size()) + 1;
    std::fwrite(block.data(), 1, block.size(), stdout);
    std::fflush(stdout);
  }

  bool json_;
  bool tty_;
  std::vector<std::string> shown_;
  int lines_drawn_ = 0;
};

// Sleeps until `t`, waking early on Ctrl-C.
void sleep_until_or_interrupted(CallTime t) {
  while (!interrupted.load() && Session::now() < t)
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(t - Session::now(), std::chrono::milliseconds(100)));
}

}  // namespace

int fleet(Args args) {
  static constexpr OptionSpec own[] = {{"--sources", true},  {"--all", false},     {"--prefix", true},
                                       {"--rate", true},     {"--max-active", true}, {"--journal", true},
                                       {"--interval", true}, {"--cancel-on-interrupt", false}};
  auto parsed = parse_args(args, own);
  if (!parsed) return usage_error(parsed.error(), fleet_usage);
  if (parsed->common.help) return print_help(fleet_usage, fleet_help);
  if (!parsed->positional.empty())
    return usage_error("unexpected argument '" + std::string(parsed->positional.front()) + "'", fleet_usage);
  if (parsed->common.dry_run != DryRun::Off)
    return usage_error("fleet makes many requests; --dry-run is not available", fleet_usage);
  const auto sources_file = parsed->get("--sources");
  const bool all = parsed->has("--all");
  if (sources_file.has_value() == all) return usage_error("give either --sources FILE or --all", fleet_usage);
  if (parsed->has("--prefix") && !all) return usage_error("--prefix goes with --all", fleet_usage);
  auto prefix = optional_value<QueueNamePrefix>(*parsed, "--prefix");
  if (!prefix) return prefix.error();
  auto rate = optional_value<Rate>(*parsed, "--rate");
  if (!rate) return rate.error();
  FleetOptions options;
  if (auto m = parsed->get("--max-active")) {
    auto n = parse_integer(*m);
    if (!n || *n < 1 || *n > account_active_task_quota)
      return usage_error("--max-active needs a number 1.." + std::to_string(account_active_task_quota) + ", not '" +
                             std::string(*m) + "'",
                         fleet_usage);
    options.max_active = static_cast<int>(*n);
  }
  if (auto i = parsed->get("--interval")) {
    auto seconds = parse_seconds(*i);
    if (!seconds) return usage_error("--interval needs a positive number of seconds, not '" + std::string(*i) + "'", fleet_usage);
    options.interval = std::chrono::duration_cast<Milliseconds>(std::chrono::duration<double>(*seconds));
  }
  const bool cancel_on_interrupt = parsed->has("--cancel-on-interrupt");
  const std::string journal_path(parsed->get("--journal").value_or("./redrive-fleet.jsonl"));

  std::vector<StartMessageMoveTaskRequest> requests;
  if (sources_file) {
    auto read = read_sources(*sources_file, *rate);
    if (!read) return read.error();
    requests = std::move(*read);
    for (const auto& r : requests)
      if (r.source().region() != requests.front().source().region())
        return usage_error("the queues are in several regions (" + std::string(requests.front().source().region()) + ", " +
                               std::string(r.source().region()) + "): run one fleet per region",
                           fleet_usage);
  }
  auto session = Session::open(parsed->common, sources_file ? std::optional(requests.front().source().region()) : std::nullopt);
  if (!session) return session.error();
  if (all) {
    auto found = discovered_sources(*session, *prefix, *rate);
    if (!found) return found.error();
    requests = std::move(*found);
  }

  auto journal = open_journal(journal_path);
  if (!journal) return journal.error();
  FleetPlanner fleet(std::move(requests), options, journal->tasks);
  FleetView view(session->json(), fleet);

  std::signal(SIGINT, on_interrupt);
  using Kind = FleetAction::Kind;
  for (FleetAction a = fleet.next(Session::now()); a.kind != Kind::Done; a = fleet.next(Session::now())) {
    switch (a.kind) {
      case Kind::Wait: sleep_until_or_interrupted(a.wake_at); break;
      case Kind::Preflight: {
        const auto& r = fleet.request(a.dlq);
        fleet.on_preflight(a.dlq, redrive::preflight(gather_preflight_facts(*session, r.source(), r.destination(), r.rate())));
        break;
      }
      case Kind::Start: fleet.on_start(a.dlq, ask(*session, fleet.request(a.dlq)), Session::now()); break;
      case Kind::Poll: fleet.on_poll(a.dlq, ask(*session, fleet.poll_request(a.dlq)), Session::now()); break;
      case Kind::Cancel: fleet.on_cancel(a.dlq, ask(*session, *fleet.cancel_request(a.dlq)), Session::now()); break;
      case Kind::Done: break;
    }
    for (const auto& e : fleet.take_events()) {
      const std::string line = journal_line(e);
      std::fwrite(line.data(), 1, line.size(), journal->file);
      std::fflush(journal->file);
    }
    view.update(fleet);
    if (interrupted.load() && !fleet.interrupted()) {
      const auto running = fleet.interrupt(cancel_on_interrupt);
      if (!cancel_on_interrupt && !running.empty()) {
        std::string names;
        for (auto i : running) names += (names.empty() ? "" : ", ") + std::string(fleet.dlq(i).request.source().queue_name());
        complain("interrupted: " + std::to_string(running.size()) + (running.size() == 1 ? " task is" : " tasks are") +
                 " left running (" + names + "); run the same command again to follow them");
      } else if (!running.empty()) {
        complain("interrupted: cancelling " + std::to_string(running.size()) + (running.size() == 1 ? " task" : " tasks"));
      } else {
        complain("interrupted: no task was running");
      }
    }
  }
  std::fclose(journal->file);
  view.finish(fleet);
  return fleet.exit_code();
}

}  // namespace redrive::cli
