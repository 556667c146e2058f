// Runs a shell command and captures its standard output: how tests run the
// real `cocoplane` binary and the independent reference tools (sha256sum,
// diff, cmark) they compare against.
#ifndef COCOPLANE_TESTING_SHELL_H_
#define COCOPLANE_TESTING_SHELL_H_

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace cocoplane::testing {

struct ShellResult {
  // The command's exit status; -1 when it could not be started or did not
  // exit normally (a signal).
  int exit_code = -1;
  std::string out;
};

// `command` goes to /bin/sh as is: quote arguments that need it, and add
// " 2>&1" or " 2>/dev/null" to decide where standard error goes.
inline ShellResult RunShell(const std::string& command) {
  ShellResult run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace cocoplane::testing

#endif  // COCOPLANE_TESTING_SHELL_H_
