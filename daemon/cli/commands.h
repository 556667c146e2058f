// Subcommand registration. Each subcommand lives in its own <name>_command.cc
// and exposes one Add<Name>Command function that declares its flags on the
// CLI11 app and sets the callback that stores its exit code in *exit_code.
#ifndef COCOPLANE_CLI_COMMANDS_H_
#define COCOPLANE_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "cli/cli.h"

namespace cocoplane::cli {

void AddValidateCommand(CLI::App& app, CliIo& io, int* exit_code);

}  // namespace cocoplane::cli

#endif  // COCOPLANE_CLI_COMMANDS_H_
