// `cocoplane build DIR -o OUT`: compile the desired state and write every
// artifact plus manifest.json under OUT.
//
// OUT is replaced, not merged: files listed in an existing OUT/manifest.json
// are removed first, so a removed workload's artifacts do not linger. A
// non-empty OUT without a manifest.json is refused (it is not ours).
// Exit 0 built, 1 the desired state has errors, 2 usage or I/O error.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/compile_flags.h"
#include "fs/atomic_file.h"

namespace cocoplane::cli {
namespace {

namespace stdfs = std::filesystem;

Status ClearPreviousBuild(const std::string& out) {
  std::error_code ec;
  if (!stdfs::exists(out, ec) || stdfs::is_empty(out, ec)) return Status::Ok();
  Result<std::string> manifest = fs::ReadFile(out + "/manifest.json");
  if (!manifest.ok()) {
    return Status::FailedPrecondition(
        out +
        " is not empty and holds no manifest.json; "
        "refusing to write into a directory cocoplane did not create");
  }
  try {
    // Named: a range-for over a member of a temporary would walk freed
    // memory (the temporary dies before the loop body runs).
    const nlohmann::json previous = nlohmann::json::parse(*manifest);
    for (const auto& a : previous.at("artifacts")) {
      std::string path = a.at("path").get<std::string>();
      if (path.find("..") != std::string::npos || path.empty() || path[0] == '/') continue;
      stdfs::remove(out + "/" + path, ec);
    }
  } catch (const nlohmann::json::exception&) {
    return Status::FailedPrecondition(out + "/manifest.json is not a cocoplane manifest");
  }
  return Status::Ok();
}

int Build(CliIo& io, const std::string& dir, const std::string& out, const CompileFlags& flags) {
  Result<Snapshot> snap = LoadSnapshot(dir, "");
  if (!snap.ok()) {
    io.err << "cocoplane: " << snap.status().message() << "\n";
    return kExitError;
  }
  Result<compile::CompileOptions> options = LoadCompileOptions(flags, false);
  if (!options.ok()) {
    io.err << "cocoplane: " << options.status().message() << "\n";
    return kExitError;
  }
  std::string prefix = dir == "." ? "" : dir + (dir.back() == '/' ? "" : "/");
  std::optional<compile::Compilation> c = CompileOrReport(io, *snap, *options, prefix);
  if (!c) return kExitFound;
  if (Status s = ClearPreviousBuild(out); !s.ok()) {
    io.err << "cocoplane: " << s.message() << "\n";
    return kExitError;
  }
  // The output is rebuilt from Git at will, like a compiler's: no fsync per
  // file (fs::Sync::kNone), only the rename that keeps each file whole.
  for (const auto& a : c->bundle.artifacts) {
    if (Status s = fs::WriteFileAtomic(out + "/" + a.path, a.bytes, 0644, fs::Sync::kNone);
        !s.ok()) {
      io.err << "cocoplane: " << s.message() << "\n";
      return kExitError;
    }
  }
  if (Status s = fs::WriteFileAtomic(out + "/manifest.json", compile::RenderManifest(c->bundle),
                                     0644, fs::Sync::kNone);
      !s.ok()) {
    io.err << "cocoplane: " << s.message() << "\n";
    return kExitError;
  }
  io.out << "built " << c->bundle.artifacts.size() << " artifacts for " << c->bundle.bindings.size()
         << " workloads into " << out << "\n";
  for (const auto& b : c->bundle.bindings) {
    io.out << "  " << b.workload << ": initdata " << b.algorithm << " " << b.digest << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddBuildCommand(CLI::App& app, CliIo& io, int* exit_code) {
  auto* cmd = app.add_subcommand("build", "Compile the desired state into every artifact");
  auto dir = std::make_shared<std::string>(".");
  auto out = std::make_shared<std::string>();
  auto flags = std::make_shared<CompileFlags>();
  cmd->add_option("dir", *dir, "Repository directory")->capture_default_str();
  cmd->add_option("-o,--out", *out, "Output directory")->required();
  AddCompileFlags(cmd, flags.get());
  cmd->callback([&io, exit_code, dir, out, flags] { *exit_code = Build(io, *dir, *out, *flags); });
}

}  // namespace cocoplane::cli
