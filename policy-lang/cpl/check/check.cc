// The checker's entry points: the passes of internal.h in order, and the
// snapshot front door the compiler calls.
#include "cpl/check/check.h"

#include <cassert>

#include "cpl/check/internal.h"
#include "cpl/ir/verify.h"
#include "cpl/parse/parser.h"
#include "model/file_checks.h"

namespace cocoplane::cpl {
namespace {

// *.cpl outside the top-level tests/ directory (test suites live there;
// model::RoleOf ignores it for the same reason).
bool IsPolicyFile(std::string_view path) { return path.ends_with(".cpl") && !path.starts_with("tests/"); }

// Debug builds check the IR invariants after every clean lowering (a
// failure is a checker bug, not a user mistake). Bindings are the
// compiler's to fill, so placeholders of the right shape stand in.
void VerifyLowering(const ir::Policy& policy) {
#ifndef NDEBUG
  ir::Policy copy = policy;
  for (ir::Workload& w : copy.workloads) {
    switch (ir::TeeBindingEncoding(w.tee)) {
      case ir::BindingEncoding::kHex: w.init_data_binding.assign(ir::TeeBindingHexLength(w.tee), '0'); break;
      case ir::BindingEncoding::kBase64: w.init_data_binding = "AAAA"; break;
      case ir::BindingEncoding::kUnsupported: w.init_data_binding.clear(); break;
    }
  }
  Status st = ir::Verify(copy);
  assert(st.ok() && "CPL lowering broke an IR invariant (ir::Verify)");
  st.IgnoreError();
#else
  (void)policy;
#endif
}

}  // namespace

ir::Policy Check(const std::vector<Ast>& files, const model::Model& model, DiagnosticSink& sink) {
  check::Context ctx(files, model, sink);
  ir::Policy policy;
  // Names first: scopes and consts, then the global declarations.
  check::BuildScopes(ctx);
  check::EvaluateConsts(ctx);
  check::CollectDeclarations(ctx);
  // What the model contributes; workloads resolve their agent profiles.
  check::LowerWorkloads(ctx, policy);
  check::LowerReferenceValues(ctx, policy);
  // Declarations, one kind at a time.
  std::vector<bool> released;
  check::LowerRules(ctx, policy, released);
  check::LowerAttestations(ctx, policy);
  check::LowerProfiles(ctx, policy);
  check::LowerPools(ctx, policy);
  // Findings that need the whole picture.
  check::ReportUnreleasedResources(ctx, released);
  check::ReportShellsWithSecrets(ctx, policy);
  if (!sink.has_errors()) VerifyLowering(policy);
  return policy;
}

ir::Policy CompileCpl(const Snapshot& snapshot, const model::Model& model, DiagnosticSink& sink,
                      ParseCache* cache) {
  DiagnosticSink front;
  std::vector<Ast> files;
  // Trees are move-only: cached ones are lent to `files` for the check and
  // handed back afterwards (moving an Ast keeps its nodes where they are).
  std::vector<std::pair<size_t, ParseCache::Entry*>> lent;
  if (cache) cache->reused_ = 0;
  for (const auto& [path, file] : snapshot.files) {
    if (!IsPolicyFile(path)) continue;
    if (cache && file.type == SnapshotFile::Type::kRegular && !file.blob_id.empty()) {
      ParseCache::Entry& entry = cache->entries_[path];
      if (entry.blob_id != file.blob_id) {
        entry = ParseCache::Entry{file.blob_id, {}, {}, false};
        std::optional<std::string_view> text = std::string_view();
        if (!file.bytes.empty()) text = model::ReadText(snapshot, path, entry.diagnostics);
        entry.readable = text.has_value();
        if (text) entry.ast = ParseFile(path, std::string(*text), entry.diagnostics);
      } else {
        ++cache->reused_;
      }
      front.Merge(entry.diagnostics);
      if (!entry.readable) continue;
      lent.emplace_back(files.size(), &entry);
      files.push_back(std::move(entry.ast));
      continue;
    }
    // An empty policy file is valid CPL; ReadText would call it CP1005.
    std::optional<std::string_view> text;
    if (file.type == SnapshotFile::Type::kRegular && file.bytes.empty()) {
      text = std::string_view();
    } else {
      text = model::ReadText(snapshot, path, front);
    }
    if (!text) continue;
    files.push_back(ParseFile(path, std::string(*text), front));
  }
  bool failed = front.has_errors();
  sink.Merge(front);
  ir::Policy policy;
  if (!failed) {
    policy = Check(files, model, sink);
  } else {
    // Checking a partial tree would only add noise; keep the model's part.
    DiagnosticSink discarded;
    policy = Check({}, model, discarded);
  }
  if (cache) {
    for (auto& [index, entry] : lent) entry->ast = std::move(files[index]);
    std::erase_if(cache->entries_, [&](const auto& e) { return !snapshot.Find(e.first); });
  }
  return policy;
}

}  // namespace cocoplane::cpl
