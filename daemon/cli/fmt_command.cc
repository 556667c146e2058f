// `cocoplane fmt [--check] PATHS...`: rewrite CPL files in canonical form.
//
// PATHS are .cpl files or directories (searched recursively for *.cpl, in
// sorted order). Without --check every file that is not canonical is
// rewritten in place (through a temporary file and a rename, keeping its
// permissions). With --check nothing is written: the files that would
// change are printed, one per line.
//
// Exit codes (cli.h): 0 all files formatted (or rewritten); 1 with --check
// when a file would change; 2 when a file cannot be read or written or does
// not parse — then nothing is rewritten for that file and its diagnostics
// are printed to stderr. Warnings are printed but do not change the code.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "base/diagnostic.h"
#include "base/render.h"
#include "base/snapshot.h"
#include "base/status.h"
#include "cli/commands.h"
#include "cpl/fmt/format.h"

namespace cocoplane::cli {
namespace {

namespace fs = std::filesystem;

struct FmtOptions {
  std::vector<std::string> paths;
  bool check = false;
};

// Expands directories into their *.cpl files; keeps files as given.
Result<std::vector<std::string>> ExpandPaths(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".cpl") {
        found.push_back(it->path().generic_string());
      }
    }
    if (ec) return Status::Io("cannot list " + p + ": " + ec.message());
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::Io("cannot read " + path);
  return text.str();
}

// Replaces `path` atomically: a crash leaves the old or the new file, never
// half of one.
Status WriteInPlace(const std::string& path, const std::string& text) {
  std::string temp = path + ".cocoplane-fmt.tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return Status::Io("cannot write " + temp);
  }
  std::error_code ec;
  fs::permissions(temp, fs::status(path, ec).permissions(), ec);
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    return Status::Io("cannot replace " + path + ": " + ec.message());
  }
  return Status::Ok();
}

int RunFmt(const FmtOptions& options, CliIo& io) {
  Result<std::vector<std::string>> files = ExpandPaths(options.paths);
  if (!files.ok()) {
    io.err << "cocoplane: " << files.status().message() << "\n";
    return kExitError;
  }
  bool failed = false;
  bool would_change = false;
  DiagnosticSink sink;
  // Holds the files with diagnostics so the renderer can show excerpts.
  Snapshot shown;
  for (const std::string& path : *files) {
    Result<std::string> text = ReadWholeFile(path);
    if (!text.ok()) {
      io.err << "cocoplane: " << text.status().message() << "\n";
      failed = true;
      continue;
    }
    DiagnosticSink file_sink;
    std::optional<std::string> formatted = cpl::FormatSource(path, *text, file_sink);
    if (!file_sink.empty()) {
      shown.files[path] = SnapshotFile{SnapshotFile::Type::kRegular, *text, text->size(), ""};
      sink.Merge(file_sink);
    }
    if (!formatted) {
      failed = true;
      continue;
    }
    if (*formatted == *text) continue;
    if (options.check) {
      would_change = true;
      io.out << path << "\n";
      continue;
    }
    if (Status written = WriteInPlace(path, *formatted); !written.ok()) {
      io.err << "cocoplane: " << written.message() << "\n";
      failed = true;
    }
  }
  if (!sink.empty()) {
    RenderOptions render;
    render.color = io.color;
    io.err << RenderText(sink.diagnostics(), &shown, render);
  }
  if (failed) return kExitError;
  return would_change ? kExitFound : kExitOk;
}

}  // namespace

void AddFmtCommand(CLI::App& app, CliIo& io, int* exit_code) {
  auto* cmd = app.add_subcommand("fmt", "Rewrite CPL policy files in canonical form");
  auto options = std::make_shared<FmtOptions>();
  cmd->add_option("paths", options->paths, ".cpl files or directories holding them")
      ->required();
  cmd->add_flag("--check", options->check,
                "Write nothing; list the files that are not formatted and exit 1 if any");
  cmd->callback([&io, exit_code, options] { *exit_code = RunFmt(*options, io); });
}

}  // namespace cocoplane::cli
