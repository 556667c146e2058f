// BenchServe: commit-to-applied latency through the webhook, then the idle
// daemon's memory and CPU (daemon_bench.h).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <thread>

#include "bench/daemon/daemon_bench.h"
#include "bench/daemon/process.h"
#include "http/http_client.h"
#include "server/webhook_auth.h"

namespace cocoplane::bench::daemon {
namespace {

namespace stdfs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr char kHookSecret[] = "bench-webhook-secret";
constexpr char kValueVar[] = "COCOPLANE_BENCH_VALUE";
// The workload change: llm-inference's measured serving settings, so its
// initdata digest and with it the KBS resource policy change every commit.
constexpr char kChangedFile[] = "initdata/inference-settings.toml";
// The reconcile trigger starts runs at least 2 s apart: commits are spaced
// further so no measurement includes that wait.
constexpr auto kCommitSpacing = std::chrono::milliseconds(2300);

void Write(const std::string& path, const std::string& bytes) {
  stdfs::create_directories(stdfs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

double Since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

bool WaitUntil(const std::function<bool()>& done, double seconds,
               std::chrono::milliseconds every = std::chrono::milliseconds(5)) {
  auto until = Clock::now() + std::chrono::duration<double>(seconds);
  while (Clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(every);
  }
  return done();
}

// examples/repo with every KBS resource value read from one environment
// variable (the bench has no Vault), committed on main.
Status MakeRepository(const Options& o, const std::string& work) {
  std::string repo = work + "/desired";
  bool ok = false;
  Shell(work, "cp -r " + Quote(o.source_dir + "/examples/repo") + " " + Quote(repo), &ok);
  if (!ok) return Status::Io("cannot copy examples/repo from " + o.source_dir);
  std::string resources = Read(repo + "/resources/kbs-resources.yaml");
  Write(repo + "/resources/kbs-resources.yaml",
        std::regex_replace(resources, std::regex("vault: [^\\n]*"),
                           std::string("env: ") + kValueVar));
  Shell(work, "openssl ecparam -name prime256v1 -genkey -noout -out sealing-key.pem", &ok);
  if (!ok) return Status::Io("openssl cannot make the sealing key");
  Shell(repo,
        "git init -q -b main . && git add -A && git -c user.name=b -c user.email=b@example.com "
        "commit -q -m 'desired state'",
        &ok);
  if (!ok) return Status::Io("git cannot commit the repository");
  return Status::Ok();
}

std::string ConfigText(const std::string& work, int git_port, int port) {
  auto q = [](const std::string& s) { return json(s).dump(); };
  return "[source]\nurl = " + q("git://127.0.0.1:" + std::to_string(git_port) + "/desired") +
         "\nref = \"main\"\npoll_interval_seconds = 3600\n\n[state]\ndir = " + q(work + "/state") +
         "\n\n[server]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\n\n[webhook]\n" +
         "github_secret_file = " + q(work + "/hook.secret") +
         "\n\n[[targets.node]]\npool = " + "\"snp\"\nroot = " + q(work + "/node") +
         "\n\n[targets.kbs_storage]\ndir = " + q(work + "/kbs") +
         "\n\n[drift]\nmode = \"detect\"\ninterval_seconds = 300\n" +
         "watch = true\n\n[build]\nsealing_key_file = " + q(work + "/sealing-key.pem") + "\n";
}

struct Session {
  std::string work;
  int port = 0;
  std::unique_ptr<http::HttpClient> client = http::NewCurlClient();
  std::unique_ptr<Child> git;
  std::unique_ptr<Child> serve;

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port) + path;
  }
  json Status() const {
    http::HttpRequest req;
    req.url = Url("/api/v1/status");
    req.timeout_seconds = 5;
    Result<http::HttpResponse> r = client->Send(req);
    if (!r.ok() || r->status != 200) return nullptr;
    return json::parse(r->body, nullptr, false);
  }
  std::string Applied() const {
    json s = Status();
    return s.is_object() ? s.value("applied_revision", "") : "";
  }
  bool PushHook() const {
    std::string body = R"({"ref":"refs/heads/main"})";
    http::HttpRequest req;
    req.method = "POST";
    req.url = Url("/hooks/github");
    req.body = body;
    req.timeout_seconds = 5;
    req.headers = {{"X-GitHub-Event", "push"},
                   {"X-Hub-Signature-256", server::SignHmacSha256(kHookSecret, body)}};
    Result<http::HttpResponse> r = client->Send(req);
    return r.ok() && r->status == 202;
  }
};

Status Start(const Options& o, Session& s) {
  std::error_code ec;
  stdfs::remove_all(s.work, ec);
  stdfs::create_directories(s.work);
  if (Status st = MakeRepository(o, s.work); !st.ok()) return st;
  int git_port = FreePort();
  s.git = std::make_unique<Child>(
      std::vector<std::string>{"git", "daemon", "--reuseaddr", "--export-all",
                               "--base-path=" + s.work, "--listen=127.0.0.1",
                               "--port=" + std::to_string(git_port), s.work},
      std::map<std::string, std::string>{}, s.work + "/git-daemon.log");
  s.port = FreePort();
  Write(s.work + "/hook.secret", std::string(kHookSecret) + "\n");
  Write(s.work + "/cocoplane.toml", ConfigText(s.work, git_port, s.port));
  // git daemon needs a moment to listen; the daemon's first fetch retries
  // only at the next poll, so wait for it here.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  s.serve = std::make_unique<Child>(
      std::vector<std::string>{o.binary, "serve", "--config", s.work + "/cocoplane.toml"},
      std::map<std::string, std::string>{{kValueVar, "bench value\n"}}, s.work + "/serve.log");
  std::string head = Shell(s.work + "/desired", "git rev-parse HEAD");
  if (!WaitUntil([&] { return s.Applied() == head; }, 180, std::chrono::milliseconds(100))) {
    return Status::Unavailable("the daemon did not apply the first commit; see " + s.work +
                               "/serve.log");
  }
  return Status::Ok();
}

Result<json> CommitToApplied(const Options& o, Session& s) {
  std::string repo = s.work + "/desired";
  std::string original = Read(repo + "/" + kChangedFile);
  std::string policy_before = Read(s.work + "/kbs/kbs/resource-policy.rego");
  std::vector<double> ms;
  for (int i = 0; i < o.commits; ++i) {
    std::this_thread::sleep_for(kCommitSpacing);
    std::string settings = std::regex_replace(original, std::regex("max_batch_size = 8"),
                                              "max_batch_size = " + std::to_string(9 + i));
    Write(repo + "/" + kChangedFile, settings);
    bool ok = false;
    std::string head = Shell(repo,
                             "git -c user.name=b -c user.email=b@example.com commit -qam "
                             "'batch size' && git rev-parse HEAD",
                             &ok);
    if (!ok) return Status::Io("git commit failed");
    auto t0 = Clock::now();
    if (!s.PushHook()) return Status::Unavailable("the webhook was not accepted");
    if (!WaitUntil([&] { return s.Applied() == head; }, 60)) {
      return Status::Unavailable("commit " + head + " not applied in 60 s; see " + s.work +
                                 "/serve.log");
    }
    ms.push_back(Since(t0));
  }
  bool changed = Read(s.work + "/kbs/kbs/resource-policy.rego") != policy_before;
  return json{{"commits", o.commits},
              {"p50", Percentile(ms, 50)},
              {"p90", Percentile(ms, 90)},
              {"min", *std::min_element(ms.begin(), ms.end())},
              {"max", *std::max_element(ms.begin(), ms.end())},
              {"resource_policy_changed", changed},
              {"change", std::string("llm-inference initdata (") + kChangedFile + ")"}};
}

json Idle(const Options& o, Session& s) {
  pid_t pid = s.serve->pid();
  // Let the last reconcile's drift check and notifier flush settle.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  double cpu0 = CpuSeconds(pid);
  auto t0 = Clock::now();
  long rss_max = 0;
  while (Since(t0) < o.idle_seconds * 1000) {
    rss_max = std::max(rss_max, RssBytes(pid));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  double seconds = Since(t0) / 1000;
  double cpu = CpuSeconds(pid) - cpu0;
  return json{{"seconds", seconds},
              {"rss_mb_max", static_cast<double>(rss_max) / (1024.0 * 1024.0)},
              {"rss_mb_end", static_cast<double>(RssBytes(pid)) / (1024.0 * 1024.0)},
              {"cpu_seconds", cpu},
              {"cpu_percent", 100.0 * cpu / seconds}};
}

}  // namespace

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::max(1.0, std::ceil(p / 100.0 * values.size())));
  return values[std::min(rank, values.size()) - 1];
}

Result<json> BenchServe(const Options& o) {
  Session s;
  s.work = o.work_dir + "/serve";
  if (Status st = Start(o, s); !st.ok()) return st;
  double rss_after_start = static_cast<double>(RssBytes(s.serve->pid())) / (1024.0 * 1024.0);
  Result<json> latency = CommitToApplied(o, s);
  if (!latency.ok()) return latency.status();
  json idle = Idle(o, s);
  idle["rss_mb_after_first_apply"] = rss_after_start;
  int rc = s.serve->Stop(60);
  return json{{"commit_to_applied_ms", *latency}, {"idle", idle}, {"serve_exit_code", rc}};
}

}  // namespace cocoplane::bench::daemon
