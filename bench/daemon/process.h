// Small process and /proc helpers for the daemon benchmarks: a child
// process in its own process group (stopped and reaped by the destructor),
// shell commands, and a process's resident memory and CPU time.
//
// Linux only (/proc). Not thread-safe.
#ifndef COCOPLANE_BENCH_DAEMON_PROCESS_H_
#define COCOPLANE_BENCH_DAEMON_PROCESS_H_

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace cocoplane::bench::daemon {

// `argv` (argv[0] looked up on PATH) with `env` added to this process's
// environment; stdout and stderr go to `log_path`. The destructor sends
// SIGTERM to the group, waits up to 10 s, then SIGKILL.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
        const std::string& log_path);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  bool Running();
  // SIGTERM and wait (up to `seconds`); the exit code, or -1.
  int Stop(double seconds = 10);

 private:
  pid_t pid_ = -1;
  int status_ = 0;
};

// Runs `command` with /bin/sh in `dir`; its stdout (trailing newline
// removed), or "" and `*ok` false when it fails.
std::string Shell(const std::string& dir, const std::string& command, bool* ok = nullptr);
std::string Quote(const std::string& s);

// A free TCP port on 127.0.0.1 (bound, read, closed).
int FreePort();

// Resident set size (VmRSS) in bytes; 0 when unreadable.
long RssBytes(pid_t pid);
// utime + stime in seconds; -1 when unreadable.
double CpuSeconds(pid_t pid);

}  // namespace cocoplane::bench::daemon

#endif  // COCOPLANE_BENCH_DAEMON_PROCESS_H_
