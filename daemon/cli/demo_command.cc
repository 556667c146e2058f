// `cocoplane demo DIR [--state DIR] [--listen ADDR]`: the README's main job
// on one machine (app/demo.h): a local git repository made from DIR, both
// local targets under the state dir, one apply printed, then the status
// endpoint until Ctrl-C.
#include "app/demo.h"
#include "app/real_compile.h"
#include "cli/commands.h"

namespace cocoplane::cli {

void AddDemoCommand(CLI::App& app, CliIo& io, int* exit_code) {
  auto* cmd = app.add_subcommand("demo", "Run the daemon locally on a desired-state directory");
  auto options = std::make_shared<app::DemoOptions>();
  cmd->add_option("dir", options->dir, "Desired-state directory, e.g. examples/repo")->required();
  cmd->add_option("--state", options->state_dir, "State directory")->capture_default_str();
  cmd->add_option("--listen", options->listen, "Status endpoint ADDRESS:PORT")
      ->capture_default_str();
  cmd->callback([&io, exit_code, options] {
    app::DaemonDeps deps;
    deps.compiler = app::RealCompiler;
    *exit_code = app::RunDemo(*options, deps, io.out, io.err);
  });
}

}  // namespace cocoplane::cli
