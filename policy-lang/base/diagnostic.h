// Diagnostics: what is wrong with the user's input, where, and what to do.
//
// A Diagnostic is a value: a registered kind (stable ID "CPnnnn"), a
// severity, a message, an optional hint, and a Location. Phases emit into a
// DiagnosticSink and keep going; they never throw and never stop at the first
// mistake. Whether the run failed is decided by the caller from the sink.
//
// The set of kinds is the X-macro registry in diagnostic_kinds.def.
#ifndef COCOPLANE_BASE_DIAGNOSTIC_H_
#define COCOPLANE_BASE_DIAGNOSTIC_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"

namespace cocoplane {

enum class Severity { kError, kWarning, kNote };

// "error", "warning" or "note".
std::string_view SeverityName(Severity severity);

enum class DiagKind : unsigned short {
#define CP_DIAGNOSTIC(number, Name, severity, summary) k##Name,
#include "base/diagnostic_kinds.def"
#undef CP_DIAGNOSTIC
};

struct DiagKindInfo {
  DiagKind kind;
  // "CP1001"
  std::string_view id;
  // "YamlSyntax"
  std::string_view name;
  Severity severity;
  std::string_view summary;
};

// Registry look-ups. Info() never fails for a declared kind.
const DiagKindInfo& Info(DiagKind kind);
std::span<const DiagKindInfo> AllDiagKinds();
// Returns the kind whose ID is `id` ("CP1001"), or nullopt.
std::optional<DiagKind> DiagKindFromId(std::string_view id);

struct Diagnostic {
  DiagKind kind;
  Severity severity;
  std::string message;
  // What the user should do about it; may be empty.
  std::string hint;
  Location location;

  std::string_view id() const { return Info(kind).id; }
};

// Collects diagnostics from every phase. Not thread-safe: give each thread
// its own sink and Merge() them.
class DiagnosticSink {
 public:
  // At most this many diagnostics are kept; one CP1011 marks the cut.
  static constexpr size_t kMaxDiagnostics = 1000;

  // Emits a diagnostic with the kind's registered severity.
  void Emit(DiagKind kind, Location location, std::string message, std::string hint = "");
  // Emits with an explicit severity (e.g. a warning promoted to an error).
  void EmitWithSeverity(DiagKind kind, Severity severity, Location location, std::string message,
                        std::string hint = "");
  void Merge(const DiagnosticSink& other);

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return warnings_; }
  bool has_errors() const { return errors_ > 0; }
  bool empty() const { return diagnostics_.empty(); }

  // Orders by file, line, column, then ID, so output is deterministic no
  // matter in which order phases or threads emitted.
  void Sort();

 private:
  std::vector<Diagnostic> diagnostics_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
  bool truncated_ = false;
};

}  // namespace cocoplane

#endif  // COCOPLANE_BASE_DIAGNOSTIC_H_
