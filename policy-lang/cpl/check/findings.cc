// Findings across declarations and the model, once everything is lowered:
// KBS resources that no rule releases (CP5051) and agent profiles that
// admit a shell in workloads that receive secrets (CP5053).
#include <map>
#include <set>

#include "cpl/check/internal.h"

namespace cocoplane::cpl::check {

void ReportUnreleasedResources(Context& ctx, const std::vector<bool>& released) {
  // A repository without any .cpl file has not adopted CPL yet; every
  // resource would be reported, which says nothing the first rule won't.
  if (ctx.files.empty()) return;
  const auto& resources = ctx.index.resources();
  for (size_t i = 0; i < resources.size(); ++i) {
    // Only documents are reported: a published resource has no YAML to
    // point at.
    if (released[i] || resources[i].doc == nullptr) continue;
    const model::KbsResource& r = *resources[i].doc;
    ctx.Emit(DiagKind::kCplResourceNeverReleased, r.path.location,
             "KBS resource \"" + r.metadata.name.value + "\" (" + r.path.value + ") is released by no rule",
             "the KBS refuses everything no rule releases: add `release \"" + r.path.value +
                 "\" to workload NAME` to a .cpl file, or remove the resource");
  }
}

void ReportShellsWithSecrets(Context& ctx, const ir::Policy& policy) {
  if (ctx.shell_execs.empty()) return;
  std::set<std::string_view> targeted;
  for (const ir::ReleaseRule& rule : policy.releases) {
    if (rule.kind != ir::ReleaseRule::Kind::kAllow) continue;
    for (const std::string& t : rule.targets) targeted.insert(t);
  }
  // Profile -> workloads that use it and receive KBS resources.
  std::map<std::string_view, std::vector<std::string_view>> exposed;
  for (const ir::Workload& w : policy.workloads) {
    if (ctx.shell_execs.count(w.agent_profile) == 0) continue;
    const model::Workload* doc = ctx.index.FindWorkload(w.name);
    bool secrets = targeted.count(w.name) > 0 || (doc != nullptr && !doc->ResourceNames().empty());
    if (secrets) exposed[w.agent_profile].push_back(w.name);
  }
  for (const auto& [profile, workloads] : exposed) {
    const Context::ShellExec& shell = ctx.shell_execs.find(profile)->second;
    std::string others =
        workloads.size() > 1 ? " (and " + std::to_string(workloads.size() - 1) + " more)" : std::string();
    ctx.Emit(DiagKind::kCplShellExecWithSecrets, shell.at,
             "agent profile `" + std::string(profile) + "` allows exec of a shell (" + shell.shell +
                 "), and workload \"" + std::string(workloads.front()) + "\"" + others + " receives KBS resources",
             "whoever may exec into the pod can read what the workload fetched: allow the exact commands the "
             "probes need instead of a shell");
  }
}

}  // namespace cocoplane::cpl::check
