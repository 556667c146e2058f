#include "base/diagnostic.h"

#include <algorithm>
#include <array>
#include <tuple>

namespace cocoplane {
namespace {

constexpr DiagKindInfo kInfos[] = {
#define CP_DIAGNOSTIC(number, Name, severity, summary) \
  {DiagKind::k##Name, "CP" #number, #Name, Severity::severity, summary},
#include "base/diagnostic_kinds.def"
#undef CP_DIAGNOSTIC
};

}  // namespace

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

const DiagKindInfo& Info(DiagKind kind) { return kInfos[static_cast<size_t>(kind)]; }

std::span<const DiagKindInfo> AllDiagKinds() { return kInfos; }

std::optional<DiagKind> DiagKindFromId(std::string_view id) {
  for (const auto& info : kInfos) {
    if (info.id == id) return info.kind;
  }
  return std::nullopt;
}

void DiagnosticSink::Emit(DiagKind kind, Location location, std::string message,
                          std::string hint) {
  EmitWithSeverity(kind, Info(kind).severity, std::move(location), std::move(message),
                   std::move(hint));
}

void DiagnosticSink::EmitWithSeverity(DiagKind kind, Severity severity, Location location,
                                      std::string message, std::string hint) {
  if (severity == Severity::kError) ++errors_;
  if (severity == Severity::kWarning) ++warnings_;
  if (truncated_) return;
  if (diagnostics_.size() >= kMaxDiagnostics) {
    truncated_ = true;
    diagnostics_.push_back({DiagKind::kTooManyDiagnostics, Severity::kError,
                            "more than " + std::to_string(kMaxDiagnostics) +
                                " diagnostics; the rest are counted but not shown",
                            "fix the first ones and run again", Location{}});
    return;
  }
  diagnostics_.push_back(
      {kind, severity, std::move(message), std::move(hint), std::move(location)});
}

void DiagnosticSink::Merge(const DiagnosticSink& other) {
  for (const auto& d : other.diagnostics_) {
    EmitWithSeverity(d.kind, d.severity, d.location, d.message, d.hint);
  }
}

void DiagnosticSink::Sort() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.location.file, a.location.line, a.location.column, a.kind) <
                            std::tie(b.location.file, b.location.line, b.location.column, b.kind);
                   });
}

}  // namespace cocoplane
