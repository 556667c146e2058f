// Value types shared by every desired-state kind: positioned values, the
// enumerations of the schemas, and references to files in the repository.
//
// Plain structs; no invariants beyond what the comments say. Thread-safe to
// read.
#ifndef COCOPLANE_MODEL_TYPES_H_
#define COCOPLANE_MODEL_TYPES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/location.h"

namespace cocoplane::model {

// A value and where the user wrote it. Defaults filled in by the loader
// carry the location of the nearest thing the user did write (e.g. the
// enclosing mapping), so a later diagnostic still points somewhere useful.
template <typename T>
struct Positioned {
  T value{};
  Location location;
};

// TEE kinds, spelled as Trustee names them in evidence (trustee.md §2).
enum class TeeKind { kSnp, kTdx, kAzSnpVtpm, kAzTdxVtpm, kSe, kSample };

// "snp", "tdx", "az-snp-vtpm", "az-tdx-vtpm", "se", "sample".
std::string_view TeeKindName(TeeKind tee);
std::optional<TeeKind> ParseTeeKind(std::string_view name);
// True for the vTPM TEEs, whose initdata binding extends PCR 8 and so needs
// a 32-byte digest (guest-components-and-kata.md §1.3).
bool IsVtpm(TeeKind tee);

// initdata.toml `algorithm` (guest-components-and-kata.md §1.1).
enum class HashAlgorithm { kSha256, kSha384, kSha512 };

// "sha256", "sha384", "sha512".
std::string_view HashAlgorithmName(HashAlgorithm algorithm);
std::optional<HashAlgorithm> ParseHashAlgorithm(std::string_view name);

// A file of the repository that a document refers to by path, e.g. a PEM
// certificate or an initdata TOML fragment. `text` is filled in by the
// cross-reference pass when the file exists and is readable text; the
// model keeps its own copy so it does not depend on the Snapshot's life.
struct RepoFile {
  Positioned<std::string> path;
  std::string text;
};

// Common to every document.
struct Metadata {
  Positioned<std::string> name;
  std::string description;
  std::map<std::string, std::string> labels;
  // The document: file and start. Diagnostics about the whole document
  // point here.
  Location document;
};

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_TYPES_H_
