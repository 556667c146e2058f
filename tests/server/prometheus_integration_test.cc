// The real Prometheus scrapes our /metrics: the text must parse in
// Prometheus's own parser and every cocoplane_* family must arrive.
//
// Needs the `prometheus` and `promtool` binaries from Debian's `prometheus`
// package. Without them the tests FAIL (not skip) and say what to install:
// CI installs the package, so a missing binary is a broken setup.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "metrics/metrics.h"
#include "server/http_client.h"
#include "server/http_server.h"

extern char** environ;

namespace cocoplane::server {
namespace {

namespace fs = std::filesystem;
using cocoplane::testing::Get;
using cocoplane::testing::HttpReply;
using nlohmann::json;

constexpr char kInstallHint[] =
    "not found on PATH: install Debian's `prometheus` package "
    "(apt-get install --no-install-recommends prometheus)";

std::optional<std::string> FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return std::nullopt;
}

// A port nobody listens on right now (bind to 0, read it, release it).
uint16_t FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A Prometheus server scraping one target every second, in a temporary
// directory; killed and cleaned up on destruction.
class PrometheusProcess {
 public:
  PrometheusProcess(const std::string& binary, uint16_t target_port)
      : dir_(fs::temp_directory_path() / ("cocoplane-prom-" + std::to_string(getpid()))),
        port_(FreePort()) {
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data");
    std::ofstream(dir_ / "prom.yml") << "global:\n"
                                        "  scrape_interval: 1s\n"
                                        "  scrape_timeout: 1s\n"
                                        "scrape_configs:\n"
                                        "  - job_name: cocoplane\n"
                                        "    metrics_path: /metrics\n"
                                        "    static_configs:\n"
                                        "      - targets: ['127.0.0.1:"
                                     << target_port << "']\n";
    std::vector<std::string> args = {
        binary,
        "--config.file=" + (dir_ / "prom.yml").string(),
        "--storage.tsdb.path=" + (dir_ / "data").string(),
        "--web.listen-address=127.0.0.1:" + std::to_string(port_),
    };
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string log = (dir_ / "prometheus.log").string();
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }

  ~PrometheusProcess() {
    if (Running()) {
      kill(pid_, SIGTERM);
      for (int i = 0; i < 100 && Running(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      if (Running()) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
      }
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  bool Running() {
    if (pid_ <= 0) return false;
    if (waitpid(pid_, nullptr, WNOHANG) == 0) return true;
    pid_ = -1;
    return false;
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::string Log() const { return ReadFile(dir_ / "prometheus.log"); }

 private:
  fs::path dir_;
  uint16_t port_;
  pid_t pid_ = -1;
};

// Polls `done` every 250 ms for at most `limit`; true once it held.
template <typename Predicate>
bool WaitFor(std::chrono::seconds limit, Predicate done) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return done();
}

json GetJson(const std::string& url) {
  HttpReply reply = Get(url);
  if (reply.status != 200) return json();
  return json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
}

// One event of each kind, so every family has a series to ingest.
void RecordOneOfEach(metrics::Metrics& metrics) {
  metrics.ObserveReconcile(metrics::Outcome::kSuccess, 0.4);
  metrics.CountGitFetch(metrics::Outcome::kSuccess);
  metrics.SetAppliedRevision("0123456789abcdef0123456789abcdef01234567");
  metrics.CountVerificationFailure("unsigned");
  metrics.CountWebhook("github", metrics::WebhookResult::kAccepted);
  metrics.RecordDriftCheck({{"node/snp-a", "modified", 1}});
  metrics.CountNotification("alertmanager", metrics::Outcome::kSuccess);
}

const std::vector<std::string> kExpectedNames = {
    "cocoplane_reconcile_total",
    "cocoplane_reconcile_duration_seconds_bucket",
    "cocoplane_reconcile_duration_seconds_sum",
    "cocoplane_reconcile_duration_seconds_count",
    "cocoplane_git_fetch_total",
    "cocoplane_applied_revision_info",
    "cocoplane_verification_failures_total",
    "cocoplane_webhook_requests_total",
    "cocoplane_drift_items",
    "cocoplane_drift_checks_total",
    "cocoplane_notifications_total",
};

TEST(PrometheusIntegration, PromtoolAcceptsTheRenderedText) {
  std::optional<std::string> promtool = FindOnPath("promtool");
  ASSERT_TRUE(promtool.has_value()) << "promtool " << kInstallHint;
  metrics::Metrics metrics;
  RecordOneOfEach(metrics);

  // `promtool check metrics` parses stdin with Prometheus's parser and lints
  // names (e.g. counters end in _total); any finding makes it exit non-zero.
  const std::string command = *promtool + " check metrics 2>&1";
  FILE* pipe = popen(command.c_str(), "w");
  ASSERT_NE(pipe, nullptr);
  const std::string text = metrics.Render();
  fwrite(text.data(), 1, text.size(), pipe);
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << text;
}

TEST(PrometheusIntegration, ScrapesEveryCocoplaneFamily) {
  std::optional<std::string> binary = FindOnPath("prometheus");
  ASSERT_TRUE(binary.has_value()) << "prometheus " << kInstallHint;
  metrics::Metrics metrics;
  RecordOneOfEach(metrics);
  ServerHooks hooks;
  hooks.metrics_text = [&metrics] { return metrics.Render(); };
  auto server = HttpServer::Start(ServerOptions{}, hooks);
  ASSERT_TRUE(server.ok()) << server.status().ToString();

  PrometheusProcess prometheus(*binary, (*server)->port());
  ASSERT_TRUE(prometheus.Running()) << prometheus.Log();

  std::string last_targets;
  const bool up = WaitFor(std::chrono::seconds(30), [&] {
    json targets = GetJson(prometheus.Url("/api/v1/targets"));
    last_targets = targets.is_discarded() ? "" : targets.dump();
    if (!targets.is_object() || !targets.contains("data")) return false;
    for (const json& target : targets["data"]["activeTargets"]) {
      if (target.value("health", "") == "up") return true;
    }
    return false;
  });
  ASSERT_TRUE(up) << "target never up; /api/v1/targets: " << last_targets << "\nlog:\n"
                  << prometheus.Log();

  std::set<std::string> names;
  const bool all_present = WaitFor(std::chrono::seconds(15), [&] {
    json values = GetJson(prometheus.Url("/api/v1/label/__name__/values"));
    if (!values.is_object() || values.value("status", "") != "success") return false;
    names.clear();
    for (const json& name : values["data"]) names.insert(name.get<std::string>());
    for (const std::string& expected : kExpectedNames) {
      if (!names.count(expected)) return false;
    }
    return true;
  });
  for (const std::string& expected : kExpectedNames) {
    EXPECT_TRUE(names.count(expected)) << expected << " not ingested";
  }
  EXPECT_TRUE(all_present);

  // The info gauge carries the revision as a label, with value 1.
  json info = GetJson(prometheus.Url("/api/v1/query?query=cocoplane_applied_revision_info"));
  ASSERT_TRUE(info.is_object()) << info.dump();
  ASSERT_EQ(info["data"]["result"].size(), 1u) << info.dump();
  EXPECT_EQ(info["data"]["result"][0]["metric"]["revision"],
            "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(info["data"]["result"][0]["value"][1], "1");
}

}  // namespace
}  // namespace cocoplane::server
