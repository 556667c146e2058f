// `cocoplane validate [DIR]`: load and check a desired-state repository.
//
// Exit 0 when valid (warnings allowed), 1 when any error was found, 2 when
// the directory cannot be read. Reports every error it finds in one run.
#include <iostream>

#include "base/render.h"
#include "cli/commands.h"
#include "model/model.h"
#include "source/dir_source.h"

namespace cocoplane::cli {

void AddValidateCommand(CLI::App& app, CliIo& io, int* exit_code) {
  auto* cmd = app.add_subcommand("validate", "Check a desired-state repository");
  auto dir = std::make_shared<std::string>(".");
  auto output = std::make_shared<std::string>("text");
  cmd->add_option("dir", *dir, "Repository directory")->capture_default_str();
  cmd->add_option("-o,--output", *output, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([&io, exit_code, dir, output] {
    Result<Snapshot> snap = source::ReadDirectory(*dir);
    if (!snap.ok()) {
      io.err << "cocoplane: " << snap.status().message() << "\n";
      *exit_code = kExitError;
      return;
    }
    DiagnosticSink sink;
    model::Load(*snap, sink);
    sink.Sort();
    if (*output == "json") {
      io.out << RenderJson(sink.diagnostics());
    } else {
      RenderOptions options;
      options.color = io.color;
      if (*dir != ".") options.path_prefix = *dir + (dir->back() == '/' ? "" : "/");
      io.out << RenderText(sink.diagnostics(), &*snap, options);
    }
    *exit_code = sink.has_errors() ? kExitFound : kExitOk;
  });
}

}  // namespace cocoplane::cli
