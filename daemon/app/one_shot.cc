#include "app/one_shot.h"

#include <algorithm>

#include "base/render.h"
#include "drift/drift.h"

namespace cocoplane::app {
namespace {

using Kind = ReconcileOutcome::Kind;

constexpr int kExitOk = 0;
constexpr int kExitFound = 1;
constexpr int kExitError = 2;

// The pipeline for a config file, or nullptr with the reason printed.
std::unique_ptr<Pipeline> Load(const std::string& path, const OneShotDeps& deps,
                               std::string_view command, std::ostream& err) {
  DiagnosticSink sink;
  Result<config::DaemonConfig> config = LoadConfigFile(path, sink);
  if (!config.ok()) {
    err << RenderText(sink.diagnostics(), nullptr, {});
    err << "cocoplane " << command << ": " << config.status().message() << "\n";
    return nullptr;
  }
  Result<std::unique_ptr<Pipeline>> pipeline =
      BuildPipeline(*config, {deps.compiler, deps.resolver, deps.clock});
  if (!pipeline.ok()) {
    err << "cocoplane " << command << ": " << pipeline.status().message() << "\n";
    return nullptr;
  }
  return std::move(*pipeline);
}

void PrintObjects(const std::vector<std::string>& objects, std::string_view verb,
                  const TargetSet& targets, std::ostream& out) {
  for (const auto& o : objects) {
    size_t space = o.find(' ');
    std::string target = o.substr(0, space);
    std::string address = space == std::string::npos ? "" : o.substr(space + 1);
    out << "  " << verb << "  " << target << "  " << address << "  -> "
        << targets.PathOf(target, address) << "\n";
  }
}

// The desired bundle of the source's head, for `pending`; nullopt (and a
// note on `err`) when it cannot be had. `*fetch_failed` reports a fetch error.
std::optional<compile::Bundle> DesiredHead(Pipeline& p, const std::string& applied,
                                           std::ostream& err, bool* fetch_failed) {
  Result<source::FetchResult> fetched = p.source->Fetch(applied);
  if (!fetched.ok()) {
    *fetch_failed = true;
    err << "cocoplane drift: fetch: " << fetched.status().message()
        << " (pending changes not checked)\n";
    return std::nullopt;
  }
  Result<Snapshot> snapshot = p.source->ReadSnapshot(fetched->commit);
  if (!snapshot.ok()) {
    *fetch_failed = true;
    err << "cocoplane drift: " << snapshot.status().message() << "\n";
    return std::nullopt;
  }
  DiagnosticSink sink;
  std::optional<CompiledRevision> compiled = p.compile(*snapshot, sink);
  if (!compiled || sink.has_errors()) {
    err << "cocoplane drift: head " << fetched->commit.substr(0, 12) << " does not compile ("
        << sink.error_count() << " error(s)); pending changes not checked\n";
    return std::nullopt;
  }
  compiled->bundle.revision = fetched->commit;
  return std::move(compiled->bundle);
}

}  // namespace

void PrintApplied(const ReconcileOutcome& o, const TargetSet& targets, bool dry_run,
                  std::ostream& out) {
  const reconcile::ApplyResult& a = o.apply;
  std::string rev = o.revision.substr(0, 12);
  if (!dry_run && o.kind == Kind::kUpToDate) {
    out << "nothing to do: the targets hold " << rev << "\n";
    return;
  }
  out << (dry_run ? "would apply " : "applied ") << rev << ": "
      << (dry_run ? "would write " : "wrote ") << a.written.size() << ", "
      << (dry_run ? "remove " : "removed ") << a.removed.size() << ", unchanged " << a.unchanged
      << "\n";
  PrintObjects(a.written, dry_run ? "write " : "wrote ", targets, out);
  PrintObjects(a.removed, dry_run ? "remove " : "removed", targets, out);
  if (!a.skipped.empty()) {
    out << a.skipped.size() << " artifact(s) have no target configured here (published only; "
        << "`cocoplane build` writes them out)\n";
  }
}

int RunApply(const std::string& config_path, bool dry_run, const OneShotDeps& deps,
             std::ostream& out, std::ostream& err) {
  std::unique_ptr<Pipeline> p = Load(config_path, deps, "apply", err);
  if (!p) return kExitError;
  ReconcileOptions options;
  options.dry_run = dry_run;
  ReconcileOutcome o = p->reconciler->RunOnce(options);
  switch (o.kind) {
    case Kind::kApplied:
    case Kind::kUpToDate:
      PrintApplied(o, p->targets, dry_run, out);
      return kExitOk;
    case Kind::kNotVerified:
      err << "cocoplane apply: refused: " << o.message << "\n";
      return kExitFound;
    case Kind::kNotCompiled:
      err << RenderText(o.diagnostics, nullptr, {});
      err << "cocoplane apply: refused: " << o.message << "\n";
      return kExitFound;
    case Kind::kFailed:
      err << "cocoplane apply: " << o.message << "\n";
      return kExitError;
  }
  return kExitError;
}

int RunDrift(const std::string& config_path, std::string_view format, const OneShotDeps& deps,
             std::ostream& out, std::ostream& err) {
  std::unique_ptr<Pipeline> p = Load(config_path, deps, "drift", err);
  if (!p) return kExitError;
  Result<reconcile::Record> record = reconcile::LoadRecord(RecordPath(p->config));
  if (!record.ok()) {
    err << "cocoplane drift: " << record.status().message() << "\n";
    return kExitError;
  }
  bool fetch_failed = false;
  std::optional<compile::Bundle> desired =
      DesiredHead(*p, record->current.revision, err, &fetch_failed);
  drift::DriftReport report =
      drift::CheckDrift(*record, desired ? &*desired : nullptr, p->targets.all);
  if (format == "json")
    out << drift::RenderDriftJson(report);
  else if (format == "markdown")
    out << drift::RenderDriftMarkdown(report);
  else
    out << drift::RenderDriftText(report);
  for (const auto& e : report.errors) err << "cocoplane drift: " << e << "\n";
  if (fetch_failed || !report.errors.empty()) return kExitError;
  return report.items.empty() ? kExitOk : kExitFound;
}

}  // namespace cocoplane::app
