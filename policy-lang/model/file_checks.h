// File checks: which snapshot files the model reads, and whether their
// bytes are fit to be parsed.
//
// Every file the model reads goes through ReadText(): it follows symbolic
// links inside the repository, refuses links that leave it, and refuses
// oversize, empty, binary and non-UTF-8 content, each with its diagnostic
// (CP1004-CP1008, CP1014). Pure; decisions are made from paths and bytes.
#ifndef COCOPLANE_MODEL_FILE_CHECKS_H_
#define COCOPLANE_MODEL_FILE_CHECKS_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "base/snapshot.h"

namespace cocoplane::model {

enum class FileRole {
  // Not read by the model (*.md, *.cpl, *.pem unless referenced, ...).
  kIgnored,
  // A desired-state document file.
  kYaml,
  kJson,
  // An initdata fragment: syntax-checked, read by Workloads.
  kToml,
};

// The role of `path` by its extension. Everything under the top-level
// `tests/` directory is ignored: it holds CPL test suites, not documents.
FileRole RoleOf(std::string_view path);

// Where a symbolic link at `link_path` with target `target` points, as a
// normalised repository-relative path; nullopt when it leaves the
// repository (an absolute target, or too many "..").
std::optional<std::string> ResolveLinkTarget(std::string_view link_path, std::string_view target);

// Reports every symbolic link in `snapshot` that points outside the
// repository (CP1008), whatever the file's role: the daemon must never be
// led to read a file of the host it runs on.
void CheckSymlinks(const Snapshot& snapshot, DiagnosticSink& sink);

// The checked text of `path`, following in-repository links. Returns
// nullopt after emitting a diagnostic at `path` (or, for content problems,
// at the position in the file that was read). Returns nullopt silently when
// `path` itself is not in the snapshot (the caller knows what referenced
// it), and for links that leave the repository (CheckSymlinks reports
// those once).
std::optional<std::string_view> ReadText(const Snapshot& snapshot, const std::string& path,
                                         DiagnosticSink& sink);

// Content checks alone, for bytes already in hand: blank (CP1005), NUL
// byte (CP1006), invalid UTF-8 (CP1007). `file` names them in diagnostics.
bool CheckText(const std::string& file, std::string_view bytes, DiagnosticSink& sink);

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_FILE_CHECKS_H_
