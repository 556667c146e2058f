// Daemon: `cocoplane serve` — the reconcile loop with its triggers, its HTTP
// endpoint and its drift monitor, all built from one DaemonConfig.
//
//   poll timer (interval ± jitter) ─┐
//   POST /hooks/<provider> ─────────┼─> ReconcileTrigger ─> Reconciler::RunOnce
//   drift correction (mode correct)─┘      (one at a time, coalesced)
//                                                  │ after each run
//   periodic timer, inotify ────────────> DriftMonitor ─> Notifier ─> sinks
//
// Every reconcile is recorded in the metrics (cocoplane_reconcile_total and
// _duration_seconds, cocoplane_git_fetch_total, cocoplane_applied_revision_info,
// cocoplane_verification_failures_total) and logged as JSON lines.
//
// HTTP (server/http_server.h): /healthz; /readyz is ready once the first
// reconcile was attempted and the last one did not fail operationally (a
// refused revision keeps the last good state applied, so the daemon stays
// ready); /metrics; /api/v1/status = the reconciler's status plus "ready",
// "drift", "alerts" (firing) and "targets"; /hooks/{github,gitlab,generic}
// with secrets read from the files `[webhook]` names.
//
// Lifecycle: Create() builds and validates everything (opens the git mirror,
// loads the trust store, reads secret files) and starts nothing; Start()
// starts the threads and asks for the first reconcile; Stop() stops the
// triggers, lets a running apply finish (an apply abandoned by a crash is
// safe: the record keeps owning what it may have written) and then stops the
// server. SIGHUP and signals are the serve loop's business (app/serve.h).
//
// Test-only hook: with the environment variable
// COCOPLANE_TEST_PAUSE_AFTER_WRITES=N, a reconcile that has written N objects
// writes the file named by COCOPLANE_TEST_PAUSE_MARKER and then sleeps until
// the process is killed. The crash-safety integration test SIGKILLs the
// daemon there. Never set it in production.
//
// Thread-safety: Create/Start/Stop/ReconcileNow from one (the owner's)
// thread; StatusJson/Readiness from any thread.
#ifndef COCOPLANE_APP_DAEMON_H_
#define COCOPLANE_APP_DAEMON_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/components.h"
#include "app/drift_monitor.h"
#include "app/log.h"
#include "app/reconciler.h"
#include "base/status.h"
#include "config/config.h"
#include "server/http_server.h"
#include "server/poll_timer.h"
#include "server/reconcile_trigger.h"

namespace cocoplane::metrics {
class Metrics;
}

namespace cocoplane::app {

struct DaemonDeps {
  CompilerFactory compiler;
  ResolverFactory resolver = LocalResolverFactory();
  Clock clock = SystemClock();
  server::UniformRandom random = server::SystemUniformRandom();
  // Both required; they outlive the daemon (the serve loop keeps them across
  // SIGHUP reloads, so counters do not restart).
  Logger* log = nullptr;
  metrics::Metrics* metrics = nullptr;
  // Least time between two reconcile starts (server/reconcile_trigger.h).
  std::chrono::milliseconds min_reconcile_interval = std::chrono::seconds(2);
};

class Daemon {
 public:
  static Result<std::unique_ptr<Daemon>> Create(config::DaemonConfig config, DaemonDeps deps);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Starts the server, the trigger, the poll timer and the drift monitor;
  // with `initial_reconcile`, asks for a reconcile at once. Fails (and
  // leaves nothing running) when the server cannot listen.
  Status Start(bool initial_reconcile = true);
  // Idempotent; see the file comment.
  void Stop();

  // One reconcile on the calling thread, recorded like a triggered one
  // (metrics, logs, readiness). For the demo's first apply, before Start().
  ReconcileOutcome ReconcileNow(const ReconcileOptions& options = {});

  // The bound port once started (the ephemeral one for port 0), else 0.
  std::uint16_t port() const;
  const config::DaemonConfig& config() const { return config_; }
  const Pipeline& pipeline() const { return *pipeline_; }

  Status Readiness() const;
  std::string StatusJson() const;

 private:
  Daemon(config::DaemonConfig config, DaemonDeps deps);
  Status Build();
  std::unique_ptr<notify::Notifier> MakeNotifier();
  Status StartServer();
  void StartDrift();
  void OnTrigger(const std::vector<std::string>& sources);
  ReconcileOutcome Run(const ReconcileOptions& options, const std::vector<std::string>& sources);
  void Observe(const ReconcileOutcome& out, double seconds,
               const std::vector<std::string>& sources);
  void LogOutcome(const ReconcileOutcome& out, double seconds,
                  const std::vector<std::string>& sources);
  std::function<void(size_t)> PauseHook() const;

  config::DaemonConfig config_;
  DaemonDeps deps_;
  ListenAddress listen_;
  std::unique_ptr<Pipeline> pipeline_;
  server::WebhookConfig webhooks_;
  std::vector<std::pair<std::string, std::string>> webhook_urls_;  // (url, secret)
  std::vector<std::string> slack_urls_;
  std::unique_ptr<http::HttpClient> notify_client_;
  // Held for the whole of every reconcile; drift checks try-lock it.
  std::mutex apply_mu_;

  std::unique_ptr<server::ReconcileTrigger> trigger_;
  std::unique_ptr<DriftMonitor> drift_;
  std::unique_ptr<server::PollTimer> poll_;
  std::unique_ptr<server::HttpServer> server_;
  std::atomic<bool> stopping_{false};

  mutable std::mutex state_mu_;
  bool attempted_ = false;
  ReconcileOutcome::Kind last_kind_ = ReconcileOutcome::Kind::kFailed;
  std::string last_message_;

  // Test-only pause hook (see the file comment); 0 = off.
  size_t pause_after_writes_ = 0;
  std::string pause_marker_;
};

}  // namespace cocoplane::app

#endif  // COCOPLANE_APP_DAEMON_H_
