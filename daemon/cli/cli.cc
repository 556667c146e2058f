#include "cli/cli.h"

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace cocoplane::cli {

int RunCli(int argc, const char* const* argv, CliIo io) {
  CLI::App app{"cocoplane: Confidential Containers by GitOps", "cocoplane"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "cocoplane 0.1.0");
  int exit_code = kExitOk;
  AddValidateCommand(app, io, &exit_code);
  AddFmtCommand(app, io, &exit_code);
#ifdef COCOPLANE_HAVE_COMPILE
  AddBuildCommand(app, io, &exit_code);
  AddPlanCommand(app, io, &exit_code);
  AddTestCommand(app, io, &exit_code);
#endif
#ifdef COCOPLANE_HAVE_DAEMON
  AddServeCommand(app, io, &exit_code);
  AddApplyCommand(app, io, &exit_code);
  AddDriftCommand(app, io, &exit_code);
  AddDemoCommand(app, io, &exit_code);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports --help and --version as "errors" with exit code 0.
    int code = app.exit(e, io.out, io.err);
    return code == 0 ? kExitOk : kExitError;
  }
  return exit_code;
}

}  // namespace cocoplane::cli
