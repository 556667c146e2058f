// The `cocoplane` binary: builds the real I/O and hands over to the CLI.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  bool color = isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  cocoplane::cli::CliIo io{std::cout, std::cerr, color};
  return cocoplane::cli::RunCli(argc, argv, io);
}
