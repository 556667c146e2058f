#include "bench/harness/measure.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace cocoplane::bench {
namespace {

double Seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; }

// The first line of /proc/cpuinfo's "model name", or "unknown".
std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      size_t colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  }
  return "unknown";
}

long MemTotalKb() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  long value = 0;
  while (in >> key >> value) {
    if (key == "MemTotal:") return value;
    in.ignore(1 << 10, '\n');
  }
  return 0;
}

std::string ReadHead(const std::string& path, size_t limit) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.substr(0, limit);
}

}  // namespace

double Now() {
  using Clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

double Samples::Min() const {
  return seconds.empty() ? 0 : *std::min_element(seconds.begin(), seconds.end());
}

double Samples::Median() const {
  if (seconds.empty()) return 0;
  std::vector<double> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  return sorted[sorted.size() / 2];
}

nlohmann::json Samples::ToJson() const {
  auto ms = [](double s) { return std::round(s * 1e5) / 100; };
  nlohmann::json j = {{"min_ms", ms(Min())}, {"median_ms", ms(Median())}, {"runs", seconds.size()}};
  if (!cpu_seconds.empty()) {
    j["cpu_min_ms"] = ms(*std::min_element(cpu_seconds.begin(), cpu_seconds.end()));
  }
  return j;
}

double ProcessCpu() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

Samples Time(int repeats, const std::function<void()>& fn) {
  Samples s;
  for (int i = 0; i < repeats; ++i) {
    double start = Now();
    double cpu = ProcessCpu();
    fn();
    s.seconds.push_back(Now() - start);
    s.cpu_seconds.push_back(ProcessCpu() - cpu);
  }
  return s;
}

Result<ProcessRun> RunProcess(const std::vector<std::string>& argv, const std::string& stdout_path,
                              const std::string& stderr_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  double start = Now();
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Status::Io("cannot run " + argv[0] + ": " + std::strerror(rc));
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) return Status::Io("wait4 failed: " + std::string(std::strerror(errno)));
  }
  ProcessRun run;
  run.wall_seconds = Now() - start;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.cpu_seconds = Seconds(usage.ru_utime) + Seconds(usage.ru_stime);
  run.max_rss_kb = usage.ru_maxrss;
  return run;
}

Result<ProcessSamples> RunRepeated(const std::vector<std::string>& argv, int repeats,
                                   const std::string& scratch_dir) {
  ProcessSamples out;
  std::string err = scratch_dir + "/stderr.txt";
  for (int i = 0; i < repeats; ++i) {
    Result<ProcessRun> run = RunProcess(argv, "/dev/null", err);
    if (!run.ok()) return run.status();
    if (run->exit_code != 0) {
      return Status::Internal(argv[0] + " exited " + std::to_string(run->exit_code) + ": " +
                              ReadHead(err, 2000));
    }
    out.wall.seconds.push_back(run->wall_seconds);
    out.wall.cpu_seconds.push_back(run->cpu_seconds);
    out.max_rss_kb = std::max(out.max_rss_kb, run->max_rss_kb);
    if (i == 0 || run->cpu_seconds < out.cpu_seconds_min) out.cpu_seconds_min = run->cpu_seconds;
  }
  return out;
}

nlohmann::json MachineInfo() {
  utsname u{};
  uname(&u);
  return {{"nproc", std::thread::hardware_concurrency()},
          {"cpu", CpuModel()},
          {"mem_total_mb", MemTotalKb() / 1024},
          {"kernel", std::string(u.sysname) + " " + u.release + " " + u.machine},
          {"loadavg", ReadHead("/proc/loadavg", 14)}};
}

long SelfPeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace cocoplane::bench
