#include "app/serve.h"

#include <signal.h>

#include <csignal>

namespace cocoplane::app {
namespace {

sigset_t ServeSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

int WaitForSignal() {
  sigset_t set = ServeSignals();
  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
  return sig;
}

struct Reloaded {
  // Null when the reload was refused or the new daemon could not start.
  std::unique_ptr<Daemon> daemon;
  // The old daemon was stopped (only once the new one was fully built).
  bool old_stopped = false;
};

// A new daemon from the config file, started; problems are logged. The old
// one is stopped only once the new one is fully built, so a broken config
// never takes the service down.
Reloaded Reload(Daemon& current, const std::string& path, const DaemonDeps& deps) {
  Logger& log = *deps.log;
  DiagnosticSink sink;
  Result<config::DaemonConfig> config = LoadConfigFile(path, sink);
  if (!config.ok()) {
    LogDiagnostics(log, sink, "config diagnostic");
    log.Error("reload refused; the running configuration stays",
              {{"error", config.status().ToString()}});
    return {};
  }
  Result<std::unique_ptr<Daemon>> next = Daemon::Create(*config, deps);
  if (!next.ok()) {
    log.Error("reload refused; the running configuration stays",
              {{"error", next.status().ToString()}});
    return {};
  }
  current.Stop();
  if (Status s = (*next)->Start(); !s.ok()) {
    log.Error("reloaded configuration cannot start", {{"error", s.ToString()}});
    return {nullptr, true};
  }
  log.Info("configuration reloaded", {{"config", path}});
  return {std::move(*next), true};
}

// After a failed Start of a reloaded config the old one has been stopped:
// bring it back from its config (already validated once).
std::unique_ptr<Daemon> Restore(const config::DaemonConfig& old, const DaemonDeps& deps) {
  Result<std::unique_ptr<Daemon>> again = Daemon::Create(old, deps);
  if (again.ok() && (*again)->Start().ok()) {
    deps.log->Warn("previous configuration restored", {});
    return std::move(*again);
  }
  deps.log->Error("previous configuration cannot be restored; stopping", {});
  return nullptr;
}

}  // namespace

void BlockServeSignals() {
  sigset_t set = ServeSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

void LogDiagnostics(Logger& log, const DiagnosticSink& sink, std::string_view msg) {
  for (const auto& d : sink.diagnostics()) {
    log.Error(msg, {{"id", std::string(d.id())},
                    {"file", d.location.file},
                    {"line", static_cast<std::int64_t>(d.location.line)},
                    {"column", static_cast<std::int64_t>(d.location.column)},
                    {"message", d.message},
                    {"hint", d.hint}});
  }
}

int ServeUntilSignal(std::unique_ptr<Daemon> daemon, const std::string& config_path,
                     const DaemonDeps& deps) {
  for (;;) {
    int sig = WaitForSignal();
    if (sig != SIGHUP) {
      deps.log->Info("stopping", {{"signal", std::string(sig == SIGINT ? "SIGINT" : "SIGTERM")}});
      daemon->Stop();
      return 0;
    }
    deps.log->Info("SIGHUP: reloading the configuration", {{"config", config_path}});
    config::DaemonConfig old = daemon->config();
    Reloaded next = Reload(*daemon, config_path, deps);
    if (next.daemon) {
      daemon = std::move(next.daemon);
      continue;
    }
    if (!next.old_stopped) continue;
    daemon.reset();
    daemon = Restore(old, deps);
    if (!daemon) return 2;
  }
}

int RunServe(const std::string& config_path, const DaemonDeps& deps) {
  BlockServeSignals();
  DiagnosticSink sink;
  Result<config::DaemonConfig> config = LoadConfigFile(config_path, sink);
  if (!config.ok()) {
    LogDiagnostics(*deps.log, sink, "config diagnostic");
    deps.log->Error("cannot start", {{"error", config.status().ToString()}});
    return 2;
  }
  Result<std::unique_ptr<Daemon>> daemon = Daemon::Create(*config, deps);
  if (!daemon.ok()) {
    deps.log->Error("cannot start", {{"error", daemon.status().ToString()}});
    return 2;
  }
  if (Status s = (*daemon)->Start(); !s.ok()) {
    deps.log->Error("cannot start", {{"error", s.ToString()}});
    return 2;
  }
  return ServeUntilSignal(std::move(*daemon), config_path, deps);
}

}  // namespace cocoplane::app
