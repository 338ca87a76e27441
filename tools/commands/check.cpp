// redrive check ARN...: validate queue ARNs, print "ok" or the error with a caret line.
#include <cstdio>

#include "cli/commands.hpp"
#include "redrive.hpp"

namespace redrive::cli {

int check(Args args) {
  if (args.empty()) {
    std::fputs("usage: redrive check ARN...\n", stderr);
    return 2;
  }
  int status = 0;
  for (std::string_view arg : args) {
    auto arn = QueueArn::parse(arg);
    if (arn) {
      std::puts("ok");
      continue;
    }
    std::printf("%s\n", render(arn.error(), arg).c_str());
    status = 1;
  }
  return status;
}

}  // namespace redrive::cli
