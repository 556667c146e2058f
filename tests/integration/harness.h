// Process-level test harness for the daemon: the real `cocoplane` binary as
// a child process, a real Alertmanager, a loopback webhook receiver, and
// small helpers (bounded waits, tree hashes, metric sums).
//
// Every server a test starts is owned by an object whose destructor stops
// it (SIGTERM, then SIGKILL) and reaps it; every wait is bounded.
//
// Not thread-safe unless stated; one test at a time per process.
#ifndef COCOPLANE_TESTS_INTEGRATION_HARNESS_H_
#define COCOPLANE_TESTS_INTEGRATION_HARNESS_H_

#include <sys/types.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace cocoplane::integration {

// Polls `done` every 25 ms until it returns true or `seconds` pass; returns
// its last value.
bool WaitFor(const std::function<bool()>& done, double seconds);

// The `cocoplane` binary under test: $COCOPLANE_BINARY, else the build's.
std::string Binary();

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `cocoplane args...` to completion (killed after `timeout` seconds,
// exit_code -1) with `env` added to the environment.
CliResult RunCocoplane(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env = {}, double timeout = 120);

// A child process (argv[0] looked up on PATH) in its own process group,
// with `env` added; stdout and stderr go to files in `log_dir` (named after
// the pid). The destructor kills (SIGKILL) and reaps it if still running.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
               const std::string& log_dir);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool Running();
  void Signal(int sig);
  // SIGTERM, then waits up to `seconds`; the exit code, or -1 when it had to
  // be killed (or died of a signal).
  int Terminate(double seconds = 30);
  // SIGKILL and reap.
  void Kill();
  std::string Stdout() const;
  std::string Stderr() const;

 private:
  bool Reap(double seconds);

  pid_t pid_ = -1;
  int status_ = 0;
  std::string out_path_, err_path_;
};

// `cocoplane args...` as a ChildProcess.
std::unique_ptr<ChildProcess> StartCocoplane(const std::vector<std::string>& args,
                                             const std::map<std::string, std::string>& env,
                                             const std::string& log_dir);

// HTTP against 127.0.0.1:`port`; status 0 when nothing answers.
struct Reply {
  long status = 0;
  std::string body;
};
Reply HttpGet(int port, const std::string& path);
Reply HttpPost(int port, const std::string& path, const std::vector<std::string>& headers,
               const std::string& body);
// GET /api/v1/status as JSON (null when not answering or not JSON).
nlohmann::json StatusOf(int port);
// The sum of every series of metric `name` (exact name, any labels) in a
// /metrics scrape; 0 when absent.
double MetricSum(int port, const std::string& name);

// relative path -> sha256 of every regular file under `dir` (recursive).
std::map<std::string, std::string> HashTree(const std::string& dir);

// A real Alertmanager (`prometheus-alertmanager` or `alertmanager` on PATH)
// on 127.0.0.1 with a minimal config and clustering off.
class Alertmanager {
 public:
  // Tests skip (GTEST_SKIP) with this message when it is not installed.
  static constexpr char kMissing[] =
      "needs Alertmanager: install the Debian package prometheus-alertmanager";
  static bool Installed();

  explicit Alertmanager(const std::string& dir);
  ~Alertmanager();
  bool ok() const { return ok_; }
  std::string Url() const;
  // GET /api/v2/alerts (active, silenced, inhibited, unprocessed).
  nlohmann::json Alerts() const;

 private:
  int port_ = 0;
  bool ok_ = false;
  std::unique_ptr<ChildProcess> process_;
};

// A real Prometheus server (`prometheus`, Debian package prometheus) on
// 127.0.0.1, scraping http://127.0.0.1:<target_port>/metrics every second.
class Prometheus {
 public:
  static constexpr char kMissing[] = "needs Prometheus: install the Debian package prometheus";
  static bool Installed();

  Prometheus(const std::string& dir, int target_port);
  ~Prometheus();
  bool ok() const { return ok_; }
  // The one scrape target of GET /api/v1/targets ({"health": "up", ...}),
  // or null.
  nlohmann::json Target() const;
  // The metric names Prometheus has stored (GET /api/v1/label/__name__/values).
  std::vector<std::string> MetricNames() const;
  // GET /api/v1/query?query=<promql> -> data.result (an array), or null.
  // `promql` must need no URL escaping.
  nlohmann::json Query(const std::string& promql) const;

 private:
  nlohmann::json Api(const std::string& path) const;

  int port_ = 0;
  bool ok_ = false;
  std::unique_ptr<ChildProcess> process_;
};

// A minimal HTTP/1.1 server on 127.0.0.1 that answers 200 to every request
// and keeps what it got, for the daemon's webhook and Slack sinks.
class WebhookReceiver {
 public:
  WebhookReceiver();
  ~WebhookReceiver();
  int port() const { return port_; }
  std::string Url(const std::string& path = "/hook") const;
  struct Request {
    std::string method, path, headers, body;
  };
  std::vector<Request> Requests() const;

 private:
  void Serve();

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::vector<Request> requests_;
  std::thread thread_;
};

}  // namespace cocoplane::integration

#endif  // COCOPLANE_TESTS_INTEGRATION_HARNESS_H_
