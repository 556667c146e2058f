// The `cocoplane` command line: subcommands for people and for CI.
//
// RunCli parses argv, runs one subcommand and returns its exit code. It
// writes only to the streams in CliIo, so tests run it in-process.
//
// Exit codes follow the tools users already script against (argocd/flux/
// kubectl diff, conftest): 0 success / nothing found, 1 the check found
// something (invalid input, changes, failures, drift), 2 usage or I/O error.
#ifndef COCOPLANE_CLI_CLI_H_
#define COCOPLANE_CLI_CLI_H_

#include <ostream>

namespace cocoplane::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFound = 1;
inline constexpr int kExitError = 2;

struct CliIo {
  std::ostream& out;
  std::ostream& err;
  // Colour is used only when the output is a terminal and NO_COLOR is unset.
  bool color = false;
};

int RunCli(int argc, const char* const* argv, CliIo io);

}  // namespace cocoplane::cli

#endif  // COCOPLANE_CLI_CLI_H_
