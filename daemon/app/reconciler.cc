#include "app/reconciler.h"

#include <nlohmann/json.hpp>

#include "base/render.h"

namespace cocoplane::app {

using Kind = ReconcileOutcome::Kind;

std::string_view OutcomeName(Kind kind) {
  switch (kind) {
    case Kind::kApplied:
      return "applied";
    case Kind::kUpToDate:
      return "up_to_date";
    case Kind::kNotVerified:
      return "not_verified";
    case Kind::kNotCompiled:
      return "not_compiled";
    case Kind::kFailed:
      return "failed";
  }
  return "failed";
}

Reconciler::Reconciler(ReconcilerDeps deps) : deps_(std::move(deps)) {}

ReconcileOutcome Reconciler::RunOnce(const ReconcileOptions& options) {
  ReconcileOutcome out = Run(options);
  std::lock_guard<std::mutex> lock(mu_);
  last_ = out;
  return out;
}

ReconcileOutcome Reconciler::Run(const ReconcileOptions& options) {
  ReconcileOutcome out;
  Result<reconcile::Record> record = reconcile::LoadRecord(deps_.record_path);
  if (!record.ok()) {
    out.message = record.status().ToString();
    return out;
  }
  const std::string& applied = record->current.revision;
  Result<source::FetchResult> fetched = deps_.source->Fetch(applied);
  if (!fetched.ok()) {
    out.message = "fetch: " + fetched.status().ToString();
    return out;
  }
  out.fetch_ok = true;
  out.revision = fetched->commit;
  out.history_rewritten = fetched->history_rewritten;
  {
    std::lock_guard<std::mutex> lock(mu_);
    desired_revision_ = out.revision;
  }
  if (!fetched->changed && record->pending.empty() && !options.force && !options.dry_run) {
    out.kind = Kind::kUpToDate;
    out.message = "up to date at " + out.revision.substr(0, 12);
    return out;
  }
  if (deps_.verify_mode != verify::Mode::kNone) {
    Result<verify::Verdict> verdict = verify::VerifyRevision(
        deps_.source->config().cache_dir, deps_.verify_mode, applied, out.revision, *deps_.trust);
    if (!verdict.ok()) {
      out.message = "verify: " + verdict.status().ToString();
      return out;
    }
    out.verify_reason = std::string(verdict->reason());
    if (!verdict->verified) {
      out.kind = Kind::kNotVerified;
      out.message = verdict->Summary();
      return out;
    }
  }
  std::shared_ptr<const CompiledRevision> compiled;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (compiled_ && compiled_->bundle.revision == out.revision) compiled = compiled_;
  }
  if (!compiled) {
    Result<Snapshot> snapshot = deps_.source->ReadSnapshot(out.revision);
    if (!snapshot.ok()) {
      out.message = "read " + out.revision.substr(0, 12) + ": " + snapshot.status().ToString();
      return out;
    }
    DiagnosticSink sink;
    std::optional<CompiledRevision> fresh = deps_.compile(*snapshot, sink);
    sink.Sort();
    out.diagnostics = sink.diagnostics();
    if (!fresh || sink.has_errors()) {
      out.kind = Kind::kNotCompiled;
      out.message = "revision " + out.revision.substr(0, 12) +
                    " does not compile: " + std::to_string(sink.error_count()) +
                    " error(s); the last good state stays";
      return out;
    }
    fresh->bundle.revision = out.revision;
    compiled = std::make_shared<const CompiledRevision>(std::move(*fresh));
    std::lock_guard<std::mutex> lock(mu_);
    compiled_ = compiled;
  }
  reconcile::ApplyOptions apply_options;
  apply_options.dry_run = options.dry_run;
  apply_options.after_write = options.after_write;
  apply_options.drift_by_owner = compiled->drift_by_owner;
  apply_options.keep_live_targets = options.keep_live_targets;
  Result<reconcile::ApplyResult> result =
      reconcile::Apply(compiled->bundle, *record, deps_.targets, *deps_.resolver, deps_.record_path,
                       deps_.now(), apply_options);
  if (!result.ok()) {
    out.message = "apply: " + result.status().ToString();
    return out;
  }
  out.apply = std::move(*result);
  out.kind = options.dry_run ? Kind::kUpToDate : Kind::kApplied;
  out.message = std::string(options.dry_run ? "would write " : "wrote ") +
                std::to_string(out.apply.written.size()) + ", removed " +
                std::to_string(out.apply.removed.size()) + ", unchanged " +
                std::to_string(out.apply.unchanged) + " at " + out.revision.substr(0, 12);
  return out;
}

std::optional<ReconcileOutcome> Reconciler::LastOutcome() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_;
}

std::shared_ptr<const compile::Bundle> Reconciler::DesiredBundle() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!compiled_) return nullptr;
  // Aliasing: shares ownership of the whole compiled revision.
  return std::shared_ptr<const compile::Bundle>(compiled_, &compiled_->bundle);
}

std::string Reconciler::StatusJson() const {
  nlohmann::json doc;
  Result<reconcile::Record> record = reconcile::LoadRecord(deps_.record_path);
  std::lock_guard<std::mutex> lock(mu_);
  doc["desired_revision"] = desired_revision_;
  doc["applied_revision"] = record.ok() ? record->current.revision : "";
  if (last_) {
    doc["last"] = {{"result", OutcomeName(last_->kind)},
                   {"revision", last_->revision},
                   {"message", last_->message},
                   {"history_rewritten", last_->history_rewritten},
                   {"diagnostics", nlohmann::json::parse(RenderJson(last_->diagnostics))}};
  }
  if (record.ok()) {
    doc["record"] = nlohmann::json::parse(reconcile::RecordToJson(*record));
  } else {
    doc["record_error"] = record.status().ToString();
  }
  return doc.dump(2) + "\n";
}

}  // namespace cocoplane::app
