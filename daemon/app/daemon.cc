#include "app/daemon.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "fs/atomic_file.h"
#include "metrics/metrics.h"

namespace cocoplane::app {
namespace {

using Kind = ReconcileOutcome::Kind;
using nlohmann::json;

// The trigger source of a drift correction; it makes the run forced.
constexpr char kCorrectSource[] = "drift-correct";

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

// [drift] and the targets' own drift_mode.
DriftMonitorOptions DriftOptionsFrom(const config::DaemonConfig& c) {
  DriftMonitorOptions drift;
  drift.interval_seconds = c.drift.interval_seconds;
  drift.watch = c.drift.watch;
  drift.correct = c.drift.mode == "correct";
  for (const auto& node : c.nodes) {
    if (node.drift_mode.empty()) continue;
    drift.correct_by_target["node/" + node.pool] = node.drift_mode == "correct";
  }
  if (!c.kbs_storage_drift_mode.empty()) {
    drift.correct_by_target["kbs-storage"] = c.kbs_storage_drift_mode == "correct";
  }
  return drift;
}

// Timer periods; at least a second, so a zero in the config cannot turn a
// timer into a busy loop.
std::chrono::milliseconds Millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long>(std::max(seconds, 1.0) * 1000));
}

}  // namespace

Daemon::Daemon(config::DaemonConfig config, DaemonDeps deps)
    : config_(std::move(config)), deps_(std::move(deps)) {}

Daemon::~Daemon() { Stop(); }

Result<std::unique_ptr<Daemon>> Daemon::Create(config::DaemonConfig config, DaemonDeps deps) {
  std::unique_ptr<Daemon> d(new Daemon(std::move(config), std::move(deps)));
  if (Status s = d->Build(); !s.ok()) return s;
  return d;
}

// Everything that can fail on a bad config, done before any thread starts,
// so a SIGHUP with a broken config never disturbs the running daemon.
Status Daemon::Build() {
  Result<ListenAddress> listen = ParseListen(config_.listen);
  if (!listen.ok()) return listen.status();
  listen_ = *listen;
  PipelineDeps p{deps_.compiler, deps_.resolver, deps_.clock};
  Result<std::unique_ptr<Pipeline>> pipeline = BuildPipeline(config_, p);
  if (!pipeline.ok()) return pipeline.status();
  pipeline_ = std::move(*pipeline);
  const config::WebhookConfig& w = config_.webhook;
  for (auto [file, secret] : {std::pair{w.github_secret_file, &webhooks_.github_secret},
                              std::pair{w.gitlab_token_file, &webhooks_.gitlab_token},
                              std::pair{w.generic_secret_file, &webhooks_.generic_secret}}) {
    if (file.empty()) continue;
    Result<std::string> value = ReadSecretFile(file);
    if (!value.ok()) return Status(value.status().code(), "[webhook]: " + value.status().message());
    *secret = *value;
  }
  webhooks_.generic_header = w.generic_header;
  for (const auto& hook : config_.notify.webhooks) {
    std::string secret;
    if (!hook.secret_file.empty()) {
      Result<std::string> value = ReadSecretFile(hook.secret_file);
      if (!value.ok())
        return Status(value.status().code(), "[[notify.webhook]]: " + value.status().message());
      secret = *value;
    }
    webhook_urls_.emplace_back(hook.url, secret);
  }
  for (const auto& file : config_.notify.slack_url_files) {
    Result<std::string> url = ReadSecretFile(file);
    if (!url.ok())
      return Status(url.status().code(), "[[notify.slack]]: " + url.status().message());
    slack_urls_.push_back(*url);
  }
  if (const char* n = std::getenv("COCOPLANE_TEST_PAUSE_AFTER_WRITES")) {
    pause_after_writes_ = std::strtoul(n, nullptr, 10);
    const char* marker = std::getenv("COCOPLANE_TEST_PAUSE_MARKER");
    pause_marker_ = marker ? marker : "";
  }
  return Status::Ok();
}

std::unique_ptr<notify::Notifier> Daemon::MakeNotifier() {
  std::vector<std::unique_ptr<notify::NotificationSink>> sinks;
  notify_client_ = http::NewCurlClient();
  for (const auto& url : config_.notify.alertmanager_urls) {
    sinks.push_back(notify::NewAlertmanagerSink(url, notify_client_.get()));
  }
  for (const auto& [url, secret] : webhook_urls_) {
    sinks.push_back(notify::NewWebhookSink(url, secret, notify_client_.get()));
  }
  for (const auto& url : slack_urls_)
    sinks.push_back(notify::NewSlackSink(url, notify_client_.get()));
  if (sinks.empty()) return nullptr;
  metrics::Metrics* m = deps_.metrics;
  Logger* log = deps_.log;
  return std::make_unique<notify::Notifier>(
      std::move(sinks), config_.notify.dedup_window_seconds, deps_.clock,
      [m, log](const std::string& sink, bool ok) {
        m->CountNotification(sink, ok ? metrics::Outcome::kSuccess : metrics::Outcome::kFailure);
        if (!ok) log->Warn("notification not delivered; retrying with backoff", {{"sink", sink}});
      });
}

Status Daemon::Start(bool initial_reconcile) {
  server::TriggerOptions trigger;
  trigger.min_interval = deps_.min_reconcile_interval;
  trigger_ = std::make_unique<server::ReconcileTrigger>(
      [this](const std::vector<std::string>& sources) { OnTrigger(sources); }, trigger);
  // The server first: a taken port fails Start before anything else runs.
  if (Status s = StartServer(); !s.ok()) {
    trigger_->Stop();
    return s;
  }
  StartDrift();
  server::PollOptions poll;
  poll.interval = Millis(config_.source.poll_interval_seconds);
  poll.jitter = config_.source.poll_jitter;
  poll_ = std::make_unique<server::PollTimer>(poll, deps_.random,
                                              [this] { trigger_->Request("poll"); });
  deps_.log->Info("serving", {{"address", listen_.address},
                              {"port", static_cast<std::int64_t>(server_->port())},
                              {"source", config_.source.url},
                              {"ref", config_.source.ref},
                              {"verify", config_.verify.mode},
                              {"drift_mode", config_.drift.mode}});
  if (initial_reconcile) trigger_->Request("startup");
  return Status::Ok();
}

Status Daemon::StartServer() {
  server::ServerOptions options;
  options.address = listen_.address;
  options.port = listen_.port;
  options.limits.max_webhook_body = config_.webhook.max_payload_bytes;
  options.webhooks = webhooks_;
  server::ServerHooks hooks;
  hooks.readiness = [this] { return Readiness(); };
  hooks.metrics_text = [m = deps_.metrics] { return m->Render(); };
  hooks.status_json = [this] { return StatusJson(); };
  hooks.trigger = [this](std::string_view source) { trigger_->Request(source); };
  hooks.metrics = deps_.metrics;
  Result<std::unique_ptr<server::HttpServer>> server = server::HttpServer::Start(options, hooks);
  if (!server.ok()) {
    return Status(server.status().code(),
                  "[server] listen " + config_.listen + ": " + server.status().message());
  }
  server_ = std::move(*server);
  return Status::Ok();
}

void Daemon::StartDrift() {
  DriftMonitorOptions drift = DriftOptionsFrom(config_);
  DriftMonitorDeps dd;
  dd.record_path = RecordPath(config_);
  dd.targets = &pipeline_->targets;
  dd.desired = [r = pipeline_->reconciler.get()] { return r->DesiredBundle(); };
  dd.apply_mu = &apply_mu_;
  dd.notifier = MakeNotifier();
  dd.metrics = deps_.metrics;
  dd.log = deps_.log;
  dd.clock = deps_.clock;
  dd.random = deps_.random;
  dd.correct = [this] { trigger_->Request(kCorrectSource); };
  drift_ = std::make_unique<DriftMonitor>(drift, std::move(dd));
  drift_->Start();
}

void Daemon::Stop() {
  if (stopping_.exchange(true)) return;
  // No new work first: timers, drift, then the trigger, which waits for a
  // running reconcile to return. The server goes last so that status and
  // health answer while the last apply finishes.
  if (poll_) poll_->Stop();
  if (drift_) drift_->Stop();
  if (trigger_) trigger_->Stop();
  if (server_) server_->Stop();
  if (server_) deps_.log->Info("stopped", {});
}

std::uint16_t Daemon::port() const { return server_ ? server_->port() : 0; }

void Daemon::OnTrigger(const std::vector<std::string>& sources) {
  if (stopping_) return;
  ReconcileOptions options;
  options.force = std::find(sources.begin(), sources.end(), kCorrectSource) != sources.end();
  if (options.force) {
    // A correction restores the targets in `correct` mode only.
    DriftMonitorOptions drift = DriftOptionsFrom(config_);
    for (const auto* t : pipeline_->targets.all) {
      if (!drift.Corrects(t->name())) options.keep_live_targets.insert(t->name());
    }
  }
  options.after_write = PauseHook();
  Run(options, sources);
  if (drift_) drift_->RequestCheck("reconcile");
}

ReconcileOutcome Daemon::ReconcileNow(const ReconcileOptions& options) {
  ReconcileOptions o = options;
  if (!o.after_write) o.after_write = PauseHook();
  return Run(o, {"manual"});
}

ReconcileOutcome Daemon::Run(const ReconcileOptions& options,
                             const std::vector<std::string>& sources) {
  auto start = std::chrono::steady_clock::now();
  ReconcileOutcome out;
  {
    std::lock_guard<std::mutex> lock(apply_mu_);
    out = pipeline_->reconciler->RunOnce(options);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Observe(out, seconds, sources);
  return out;
}

// Metrics and readiness for one finished reconcile, then its log lines.
void Daemon::Observe(const ReconcileOutcome& out, double seconds,
                     const std::vector<std::string>& sources) {
  metrics::Metrics& m = *deps_.metrics;
  bool good = out.kind == Kind::kApplied || out.kind == Kind::kUpToDate;
  m.ObserveReconcile(good ? metrics::Outcome::kSuccess : metrics::Outcome::kFailure, seconds);
  if (out.fetch_ok)
    m.CountGitFetch(metrics::Outcome::kSuccess);
  else if (out.message.rfind("fetch: ", 0) == 0)
    m.CountGitFetch(metrics::Outcome::kFailure);
  if (out.kind == Kind::kNotVerified) m.CountVerificationFailure(out.verify_reason);
  if (Result<reconcile::Record> r = reconcile::LoadRecord(RecordPath(config_));
      r.ok() && !r->current.revision.empty()) {
    m.SetAppliedRevision(r->current.revision);
  }
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    attempted_ = true;
    last_kind_ = out.kind;
    last_message_ = out.message;
  }
  LogOutcome(out, seconds, sources);
}

void Daemon::LogOutcome(const ReconcileOutcome& out, double seconds,
                        const std::vector<std::string>& sources) {
  LogFields f{{"result", std::string(OutcomeName(out.kind))},
              {"revision", out.revision},
              {"sources", Join(sources)},
              {"duration_seconds", seconds},
              {"message", out.message}};
  Logger& log = *deps_.log;
  switch (out.kind) {
    case Kind::kApplied:
      f.emplace_back("written", static_cast<std::int64_t>(out.apply.written.size()));
      f.emplace_back("removed", static_cast<std::int64_t>(out.apply.removed.size()));
      f.emplace_back("unchanged", static_cast<std::int64_t>(out.apply.unchanged));
      log.Info("reconcile applied", f);
      for (const auto& w : out.apply.written) log.Info("wrote", {{"object", w}});
      for (const auto& r : out.apply.removed) log.Info("removed", {{"object", r}});
      for (const auto& k : out.apply.kept_drifted) {
        log.Warn("left as edited: drift correction is off for this object", {{"object", k}});
      }
      return;
    case Kind::kUpToDate:
      log.Info("reconcile up to date", f);
      return;
    case Kind::kNotVerified:
      f.emplace_back("reason", out.verify_reason);
      log.Warn("revision refused: not verified; the last good state stays", f);
      return;
    case Kind::kNotCompiled:
      log.Warn("revision refused: does not compile; the last good state stays", f);
      for (const auto& d : out.diagnostics) {
        log.Warn("diagnostic", {{"id", std::string(d.id())},
                                {"severity", std::string(SeverityName(d.severity))},
                                {"file", d.location.file},
                                {"line", static_cast<std::int64_t>(d.location.line)},
                                {"column", static_cast<std::int64_t>(d.location.column)},
                                {"message", d.message}});
      }
      return;
    case Kind::kFailed:
      log.Error("reconcile failed", f);
      return;
  }
}

std::function<void(size_t)> Daemon::PauseHook() const {
  if (pause_after_writes_ == 0) return {};
  return [n = pause_after_writes_, marker = pause_marker_, log = deps_.log](size_t written) {
    if (written != n) return;
    log->Warn("test pause hook: paused mid-apply until killed",
              {{"written", static_cast<std::int64_t>(written)}});
    if (!marker.empty()) fs::WriteFileAtomic(marker, "paused\n", 0644).IgnoreError();
    for (;;) pause();
  };
}

Status Daemon::Readiness() const {
  std::lock_guard<std::mutex> lock(state_mu_);
  if (!attempted_) return Status::Unavailable("no reconcile attempted yet");
  if (last_kind_ == Kind::kFailed)
    return Status::Unavailable("last reconcile failed: " + last_message_);
  return Status::Ok();
}

std::string Daemon::StatusJson() const {
  json doc = json::parse(pipeline_->reconciler->StatusJson());
  Status ready = Readiness();
  doc["ready"] = ready.ok();
  if (!ready.ok()) doc["not_ready_reason"] = ready.message();
  doc["drift"] = drift_ ? json::parse(drift_->StatusJson()) : json(nullptr);
  json alerts = json::array();
  if (drift_) {
    for (const auto& a : drift_->Firing()) {
      alerts.push_back({{"target", a.target},
                        {"object", a.object},
                        {"drift_kind", a.kind},
                        {"severity", a.severity},
                        {"starts_at", Rfc3339(a.starts_at)}});
    }
  }
  doc["alerts"] = std::move(alerts);
  std::map<std::string, size_t> drift_items =
      drift_ ? drift_->ItemsPerTarget() : std::map<std::string, size_t>{};
  std::map<std::string, size_t> owned;
  if (doc.contains("record")) {
    for (const auto& o : doc["record"]["current"]["objects"]) ++owned[o.value("target", "")];
  }
  json targets = json::array();
  for (const auto* t : pipeline_->targets.all) {
    targets.push_back({{"name", t->name()},
                       {"kind", TargetSet::KindOf(t->name())},
                       {"root", pipeline_->targets.roots.at(t->name())},
                       {"objects", owned[t->name()]},
                       {"drift_items", drift_items[t->name()]}});
  }
  doc["targets"] = std::move(targets);
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace cocoplane::app
