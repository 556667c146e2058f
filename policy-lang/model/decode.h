// Decoding: a schema-checked SourceDocument -> the typed struct of its kind.
//
// Decoders are lenient: they also run on documents that failed the schema,
// so that their names still resolve and one typo does not cascade into
// "unknown reference" errors elsewhere. A field with the wrong type reads as
// absent. Checks the schema cannot express are made here, each with its own
// diagnostic (CP2008, CP2013-CP2016).
//
// Internal to cp_model.
#ifndef COCOPLANE_MODEL_DECODE_H_
#define COCOPLANE_MODEL_DECODE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "model/model.h"
#include "model/source_document.h"

namespace cocoplane::model {

// Typed, positioned reads from one document. Pointers are JSON Pointers.
class Fields {
 public:
  explicit Fields(const SourceDocument& doc) : doc_(doc) {}

  const nlohmann::json* Get(std::string_view pointer) const;
  bool Has(std::string_view pointer) const { return Get(pointer) != nullptr; }

  // A string; `fallback` (positioned at the nearest written ancestor) when
  // absent or not a string.
  Positioned<std::string> Str(std::string_view pointer, std::string_view fallback = "") const;
  std::optional<Positioned<std::string>> OptStr(std::string_view pointer) const;
  std::optional<Positioned<int64_t>> OptInt(std::string_view pointer) const;
  std::optional<Positioned<double>> OptNumber(std::string_view pointer) const;
  bool Bool(std::string_view pointer, bool fallback) const;
  // The strings of a list (non-strings skipped).
  std::vector<Positioned<std::string>> StrList(std::string_view pointer) const;
  // A map of strings (non-string values skipped).
  std::map<std::string, std::string> StrMap(std::string_view pointer) const;
  // Array length, 0 when not an array.
  size_t Size(std::string_view pointer) const;
  // Object keys in order, empty when not an object.
  std::vector<std::string> Keys(std::string_view pointer) const;

  Location At(std::string_view pointer) const { return doc_.ValueLocation(pointer); }
  Location KeyAt(std::string_view pointer) const { return doc_.KeyLocation(pointer); }
  Metadata ReadMetadata() const;
  const SourceDocument& doc() const { return doc_; }

 private:
  const SourceDocument& doc_;
};

// What decoding needs besides the document, and where it puts results.
struct DecodeContext {
  DiagnosticSink& sink;
  // Snapshot::origin: a directory path for a working tree; used to refuse
  // secret source files inside the repository (CP2016).
  std::string_view origin;
  Model& model;
  // Every Cluster document, in load order (the model keeps one; the
  // cross-reference pass reports the others).
  std::vector<Cluster> clusters;
};

// Decodes one document of `kind` (one of KnownKinds()) into `context`.
void Decode(std::string_view kind, const SourceDocument& doc, DecodeContext& context);

// Per-kind decoders, one file each group; called by Decode.
void DecodeCluster(const Fields& f, DecodeContext& context);
void DecodeTrusteeProfile(const Fields& f, DecodeContext& context);
void DecodeNodePool(const Fields& f, DecodeContext& context);
void DecodeWorkload(const Fields& f, DecodeContext& context);
void DecodeImagePolicy(const Fields& f, DecodeContext& context);
void DecodeKbsResource(const Fields& f, DecodeContext& context);
void DecodeReferenceValues(const Fields& f, DecodeContext& context);

// Reads spec-relative `pointer` as a SecretSource (file | env | vault).
SecretSource ReadSecretSource(const Fields& f, std::string_view pointer, DecodeContext& context);

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_DECODE_H_
