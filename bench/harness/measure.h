// Measuring: wall clocks, repeated samples, child processes with their
// resource usage, and the machine the figures come from.
//
// Every figure the harness reports is a Samples value: the same thing
// measured `repeats` times, summarised by its minimum and median (the
// minimum is the least disturbed by the other processes on a small
// machine; the median shows the spread). Child processes are started with
// posix_spawn and reaped with wait4, so their peak RSS (ru_maxrss) and CPU
// time are the kernel's own accounting.
//
// Not thread-safe; the harness measures one thing at a time.
#ifndef COCOPLANE_BENCH_HARNESS_MEASURE_H_
#define COCOPLANE_BENCH_HARNESS_MEASURE_H_

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/status.h"

namespace cocoplane::bench {

// Seconds since an arbitrary start (steady clock).
double Now();

// This process's CPU time (user + system) in seconds.
double ProcessCpu();

struct Samples {
  // Wall clock per run.
  std::vector<double> seconds;
  // CPU time per run, when measured in-process (Time()). On a busy machine
  // this is the better estimate of what the run takes on an idle one: the
  // harness and the compiler are single-threaded.
  std::vector<double> cpu_seconds;
  double Min() const;
  double Median() const;
  // {"min_ms", "median_ms", "runs"} and, when measured, "cpu_min_ms".
  nlohmann::json ToJson() const;
};

// Runs `fn` `repeats` times and times each run (wall and CPU).
Samples Time(int repeats, const std::function<void()>& fn);

struct ProcessRun {
  int exit_code = -1;
  double wall_seconds = 0;
  double cpu_seconds = 0;
  // Peak resident set size of the child, in KiB (ru_maxrss).
  long max_rss_kb = 0;
};

// Runs `argv` (argv[0] is looked up in PATH) with stdout going to
// `stdout_path` and stderr to `stderr_path` ("/dev/null" to drop them).
// Fails only when the process cannot be started; a non-zero exit is in
// the result.
Result<ProcessRun> RunProcess(const std::vector<std::string>& argv,
                              const std::string& stdout_path = "/dev/null",
                              const std::string& stderr_path = "/dev/null");

// Runs `argv` `repeats` times; fails if a run cannot start or exits non-zero
// (its stderr is in the message). `max_rss_kb` is the largest of the runs.
struct ProcessSamples {
  Samples wall;
  long max_rss_kb = 0;
  double cpu_seconds_min = 0;
};
Result<ProcessSamples> RunRepeated(const std::vector<std::string>& argv, int repeats,
                                   const std::string& scratch_dir);

// nproc, CPU model, memory, kernel and the load average (other work on the
// machine skews every figure), from /proc and uname.
nlohmann::json MachineInfo();

// This process's peak RSS so far, in KiB.
long SelfPeakRssKb();

}  // namespace cocoplane::bench

#endif  // COCOPLANE_BENCH_HARNESS_MEASURE_H_
