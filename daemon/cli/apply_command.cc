// `cocoplane apply --config FILE [--dry-run]`: one reconcile with the
// daemon's configuration (app/one_shot.h). Prints each object applied and
// where. Exit 0 applied or nothing to do, 1 refused (not verified, does not
// compile: the diagnostics are printed), 2 error.
#include "app/one_shot.h"
#include "app/real_compile.h"
#include "cli/commands.h"

namespace cocoplane::cli {

void AddApplyCommand(CLI::App& app, CliIo& io, int* exit_code) {
  auto* cmd = app.add_subcommand("apply", "Reconcile once: fetch, verify, compile, apply");
  auto config = std::make_shared<std::string>();
  auto dry_run = std::make_shared<bool>(false);
  cmd->add_option("-c,--config", *config, "Daemon configuration file (TOML)")->required();
  cmd->add_flag("--dry-run", *dry_run, "Show what would be written; change nothing");
  cmd->callback([&io, exit_code, config, dry_run] {
    app::OneShotDeps deps;
    deps.compiler = app::RealCompiler;
    *exit_code = app::RunApply(*config, *dry_run, deps, io.out, io.err);
  });
}

}  // namespace cocoplane::cli
