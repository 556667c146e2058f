// `cocoplane plan`: what a change to the desired state would do.
//
//   cocoplane plan --base REV --head REV [--repo PATH]   two git revisions,
//                                                         read from the object
//                                                         database (no checkout)
//   cocoplane plan BASE_DIR HEAD_DIR                      two directories
//
// --output text | json | markdown (a PR comment). Exit codes as `argocd app
// diff`, `flux diff` and `kubectl diff`: 0 no change, 1 changes, 2 errors
// (either side does not compile, or a revision cannot be read).
#include <optional>
#include <thread>

#include "cli/commands.h"
#include "cli/compile_flags.h"
#include "plan/render_plan.h"

namespace cocoplane::cli {
namespace {

struct PlanArgs {
  std::string repo = ".";
  std::string base_rev, head_rev;
  std::vector<std::string> dirs;
  std::string output = "text";
  CompileFlags flags;
};

std::optional<compile::Bundle> Side(CliIo& io, const std::string& where, const std::string& rev,
                                    const Result<Snapshot>& snap,
                                    const compile::CompileOptions& options,
                                    compile::ParseCache& cache) {
  if (!snap.ok()) {
    io.err << "cocoplane: " << snap.status().message() << "\n";
    return std::nullopt;
  }
  std::string label = rev.empty() ? where + "/" : rev + ":";
  std::optional<compile::Compilation> c = CompileOrReport(io, *snap, options, label, &cache);
  if (!c) {
    io.err << "cocoplane: " << (rev.empty() ? where : rev) << " does not compile\n";
    return std::nullopt;
  }
  return std::move(c->bundle);
}

int RunPlan(CliIo& io, const PlanArgs& a) {
  bool git = !a.base_rev.empty() || !a.head_rev.empty();
  if (git == !a.dirs.empty() || (git && (a.base_rev.empty() || a.head_rev.empty())) ||
      (!git && a.dirs.size() != 2)) {
    io.err << "cocoplane plan: give --base REV and --head REV, or two directories\n";
    return kExitError;
  }
  // The stand-in key keeps plans free of secrets: see LoadCompileOptions.
  Result<compile::CompileOptions> options = LoadCompileOptions(a.flags, true);
  if (!options.ok()) {
    io.err << "cocoplane: " << options.status().message() << "\n";
    return kExitError;
  }
  // One cache for both sides: the head re-reads only the files the change
  // touched (same bytes either way, tests/compile/parse_cache_test.cc).
  compile::ParseCache cache;
  const std::string& base_where = git ? a.repo : a.dirs[0];
  const std::string& head_where = git ? a.repo : a.dirs[1];
  // Both sides are read at once (reading is mostly waiting on inflate and
  // the file system; each thread opens the repository on its own).
  std::optional<Result<Snapshot>> head_snap;
  std::thread head_reader([&] { head_snap = LoadSnapshot(head_where, a.head_rev); });
  Result<Snapshot> base_snap = LoadSnapshot(base_where, a.base_rev);
  head_reader.join();
  auto base = Side(io, base_where, a.base_rev, base_snap, *options, cache);
  auto head = Side(io, head_where, a.head_rev, *head_snap, *options, cache);
  if (!base || !head) return kExitError;
  plan::Plan p = plan::MakePlan(*base, *head);
  if (a.output == "json")
    io.out << plan::RenderPlanJson(p);
  else if (a.output == "markdown")
    io.out << plan::RenderPlanMarkdown(p);
  else
    io.out << plan::RenderPlanText(p, io.color);
  return p.empty() ? kExitOk : kExitFound;
}

}  // namespace

void AddPlanCommand(CLI::App& app, CliIo& io, int* exit_code) {
  auto* cmd = app.add_subcommand("plan", "Show what a change to the desired state does");
  auto a = std::make_shared<PlanArgs>();
  cmd->add_option("dirs", a->dirs, "BASE_DIR HEAD_DIR (instead of --base/--head)");
  cmd->add_option("--repo", a->repo, "Git repository for --base/--head")->capture_default_str();
  cmd->add_option("--base", a->base_rev, "Base revision (branch, tag or commit)");
  cmd->add_option("--head", a->head_rev, "Head revision");
  cmd->add_option("-o,--output", a->output, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  AddCompileFlags(cmd, &a->flags);
  cmd->callback([&io, exit_code, a] { *exit_code = RunPlan(io, *a); });
}

}  // namespace cocoplane::cli
