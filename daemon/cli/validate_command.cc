// `cocoplane validate [DIR]`: load and check a desired-state repository:
// the YAML/TOML/JSON documents against their schemas and each other
// (policy-lang/model), then the `.cpl` policies, syntax and checker
// (policy-lang/cpl), against that model. Generates nothing.
//
// Exit 0 when valid (warnings allowed), 1 when any error was found, 2 when
// the directory cannot be read or the command line is wrong. Reports every
// error it finds in one run, sorted by file, line and column.
//
//   text (default): `file:line:col: error[CPnnnn]: message`, the source line
//                   with a caret, and a hint; coloured on a terminal.
//   --output json:  a JSON array of {id, name, severity, message, hint, file,
//                   line, column, length} (base/render.h).
#include <filesystem>
#include <memory>
#include <system_error>

#include "base/render.h"
#include "cli/commands.h"
#include "cpl/check/check.h"
#include "model/model.h"
#include "source/dir_source.h"

namespace cocoplane::cli {
namespace {

// The model refuses secret source files inside the repository (CP2016) by
// comparing paths with Snapshot::origin, so hand it an absolute path.
std::string AbsoluteDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(dir, ec);
  return ec ? dir : absolute.lexically_normal().string();
}

int RunValidate(const std::string& dir, const std::string& output, CliIo& io) {
  Result<Snapshot> snap = source::ReadDirectory(AbsoluteDir(dir));
  if (!snap.ok()) {
    io.err << "cocoplane: " << snap.status().message() << "\n";
    return kExitError;
  }
  DiagnosticSink sink;
  model::Model model = model::Load(*snap, sink);
  cpl::CompileCpl(*snap, model, sink);
  sink.Sort();
  if (output == "json") {
    io.out << RenderJson(sink.diagnostics());
  } else {
    RenderOptions options;
    options.color = io.color;
    if (!dir.empty() && dir != ".") options.path_prefix = dir + (dir.back() == '/' ? "" : "/");
    io.out << RenderText(sink.diagnostics(), &*snap, options);
  }
  return sink.has_errors() ? kExitFound : kExitOk;
}

}  // namespace

void AddValidateCommand(CLI::App& app, CliIo& io, int* exit_code) {
  auto* cmd = app.add_subcommand("validate", "Check a desired-state repository");
  auto dir = std::make_shared<std::string>(".");
  auto output = std::make_shared<std::string>("text");
  cmd->add_option("dir", *dir, "Repository directory")->capture_default_str();
  cmd->add_option("-o,--output", *output, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([&io, exit_code, dir, output] { *exit_code = RunValidate(*dir, *output, io); });
}

}  // namespace cocoplane::cli
