// Subcommand registration. Each subcommand lives in its own <name>_command.cc
// and exposes one Add<Name>Command function that declares its flags on the
// CLI11 app and sets the callback that stores its exit code in *exit_code.
#ifndef COCOPLANE_CLI_COMMANDS_H_
#define COCOPLANE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "cli/cli.h"

namespace cocoplane::cli {

void AddValidateCommand(CLI::App& app, CliIo& io, int* exit_code);
void AddFmtCommand(CLI::App& app, CliIo& io, int* exit_code);
void AddBuildCommand(CLI::App& app, CliIo& io, int* exit_code);
void AddPlanCommand(CLI::App& app, CliIo& io, int* exit_code);
void AddTestCommand(CLI::App& app, CliIo& io, int* exit_code);
void AddServeCommand(CLI::App& app, CliIo& io, int* exit_code);
void AddApplyCommand(CLI::App& app, CliIo& io, int* exit_code);
void AddDriftCommand(CLI::App& app, CliIo& io, int* exit_code);
void AddDemoCommand(CLI::App& app, CliIo& io, int* exit_code);

}  // namespace cocoplane::cli

#endif  // COCOPLANE_CLI_COMMANDS_H_
