// The watch command's progress rendering (tools/cli/progress.hpp).
#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "../tools/cli/progress.hpp"

using namespace redrive::cli;

TEST_CASE("format_duration") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(44.6) == "45s");
  CHECK(format_duration(185) == "3m05s");
  CHECK(format_duration(7620) == "2h07m");
  CHECK(format_duration(-1) == "?");
  CHECK(format_duration(std::numeric_limits<double>::infinity()) == "?");
}

TEST_CASE("TaskProgress::eta needs a total and a positive rate") {
  CHECK(redrive::TaskProgress::eta(30, 10, 5.0) == 4.0);
  CHECK(redrive::TaskProgress::eta(30, 30, 5.0) == 0.0);
  CHECK(!redrive::TaskProgress::eta(std::nullopt, 10, 5.0));
  CHECK(!redrive::TaskProgress::eta(30, 10, 0.0));
  CHECK(!redrive::TaskProgress::eta(30, 10, std::nullopt));
}

TEST_CASE("plain line") {
  CHECK(progress_plain_line({"RUNNING", 12, 25, 10.0}) == "RUNNING 12/25 (48%)  10.0 msg/s  ETA 1s");
  CHECK(progress_plain_line({"RUNNING", 3, std::nullopt, std::nullopt}) == "RUNNING 3/?");
  CHECK(progress_plain_line({"COMPLETED", 25, 25, 9.5}) == "COMPLETED 25/25 (100%)  9.5 msg/s");  // no ETA once done
  CHECK(progress_plain_line({"COMPLETED", 0, 0, std::nullopt}) == "COMPLETED 0/0 (100%)");
}

TEST_CASE("bar line") {
  CHECK(progress_bar_line({"RUNNING", 5, 10, 2.0}, 10) == "[#####.....] 5/10 (50%)  2.0 msg/s  ETA 3s  RUNNING");
  CHECK(progress_bar_line({"RUNNING", 0, std::nullopt, std::nullopt}, 4) == "[....] 0/?  RUNNING");
  CHECK(progress_bar_line({"COMPLETED", 0, 0, std::nullopt}, 4) == "[####] 0/0 (100%)  COMPLETED");
  // Counts past the total (they are approximate) never overflow the bar.
  CHECK(progress_bar_line({"RUNNING", 12, 10, std::nullopt}, 4) == "[####] 12/10 (100%)  RUNNING");
}
