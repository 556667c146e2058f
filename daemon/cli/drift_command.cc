// `cocoplane drift --config FILE [--output text|json|markdown]`: one drift
// check of the configured targets (app/one_shot.h). Exit 0 no drift, 1
// drift, 2 error.
#include "app/one_shot.h"
#include "app/real_compile.h"
#include "cli/commands.h"

namespace cocoplane::cli {

void AddDriftCommand(CLI::App& app, CliIo& io, int* exit_code) {
  auto* cmd = app.add_subcommand("drift", "Compare the targets with what was applied");
  auto config = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>("text");
  cmd->add_option("-c,--config", *config, "Daemon configuration file (TOML)")->required();
  cmd->add_option("-o,--output", *output, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  cmd->callback([&io, exit_code, config, output] {
    app::OneShotDeps deps;
    deps.compiler = app::RealCompiler;
    *exit_code = app::RunDrift(*config, *output, deps, io.out, io.err);
  });
}

}  // namespace cocoplane::cli
