// The serve loop: run a Daemon until SIGTERM or SIGINT, reload on SIGHUP.
//
// BlockServeSignals() must run before any thread exists (the first thing
// `serve` and `demo` do): SIGTERM, SIGINT and SIGHUP are then blocked in
// every thread and only this loop receives them, with sigwait(), so no
// signal handler ever runs in the middle of an apply. SIGPIPE is ignored
// (a webhook client hanging up must not kill the daemon).
//
//   SIGTERM, SIGINT  Daemon::Stop(): no new triggers, the running apply
//                    finishes, the server stops; the loop returns 0.
//   SIGHUP           re-reads and re-parses the config file. On a problem
//                    (diagnostics, a file it names missing, a port taken) the
//                    running daemon goes on with the old config and the
//                    problem is logged; otherwise the components restart with
//                    the new config (the metrics carry over).
#ifndef COCOPLANE_APP_SERVE_H_
#define COCOPLANE_APP_SERVE_H_

#include <memory>
#include <ostream>
#include <string>

#include "app/daemon.h"

namespace cocoplane::app {

void BlockServeSignals();

// Logs every diagnostic of `sink` as one JSON line at `level` "error".
void LogDiagnostics(Logger& log, const DiagnosticSink& sink, std::string_view msg);

// Runs `daemon` (already started) until SIGTERM/SIGINT. On SIGHUP rebuilds
// it from the file at `config_path` with `deps`. Returns the exit code (0).
int ServeUntilSignal(std::unique_ptr<Daemon> daemon, const std::string& config_path,
                     const DaemonDeps& deps);

// `cocoplane serve --config FILE`: loads the config, creates and starts the
// daemon and serves until a stop signal. Exit 0 after a clean stop, 2 when
// it cannot start (the reason is logged to `deps.log`).
int RunServe(const std::string& config_path, const DaemonDeps& deps);

}  // namespace cocoplane::app

#endif  // COCOPLANE_APP_SERVE_H_
