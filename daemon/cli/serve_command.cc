// `cocoplane serve --config FILE`: the daemon (app/daemon.h, app/serve.h).
//
// Runs until SIGTERM or SIGINT; SIGHUP reloads the config file. Logs are
// JSON lines on stderr. Exit 0 after a clean stop, 2 when it cannot start.
#include "app/log.h"
#include "app/real_compile.h"
#include "app/serve.h"
#include "cli/commands.h"
#include "metrics/metrics.h"

namespace cocoplane::cli {

void AddServeCommand(CLI::App& app, CliIo& io, int* exit_code) {
  auto* cmd = app.add_subcommand("serve", "Run the GitOps daemon until SIGTERM");
  auto config = std::make_shared<std::string>();
  cmd->add_option("-c,--config", *config, "Daemon configuration file (TOML)")->required();
  cmd->callback([&io, exit_code, config] {
    app::Logger log(&io.err, app::SystemClock());
    metrics::Metrics metrics;
    app::DaemonDeps deps;
    deps.compiler = app::RealCompiler;
    deps.log = &log;
    deps.metrics = &metrics;
    *exit_code = app::RunServe(*config, deps);
  });
}

}  // namespace cocoplane::cli
