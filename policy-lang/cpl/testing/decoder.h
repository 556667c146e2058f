// Internal to cpl/testing: reading a positioned YAML document (the model
// loader's SourceDocument) field by field, with a CP8xxx diagnostic at the
// offending key or value for every mistake.
//
// Each reader returns nullopt (or false) after reporting; callers stop
// decoding the field and go on with the next one, so one run reports every
// mistake of a file. Not thread-safe (it writes to one sink).
#ifndef COCOPLANE_CPL_TESTING_DECODER_H_
#define COCOPLANE_CPL_TESTING_DECODER_H_

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/snapshot.h"
#include "cpl/testing/suite.h"
#include "model/source_document.h"

namespace cocoplane::cpl::testing::internal {

// One node of a document: its JSON Pointer and value (nullptr when absent).
struct Node {
  const model::SourceDocument* doc = nullptr;
  std::string pointer;
  const nlohmann::json* value = nullptr;

  bool present() const { return value != nullptr; }
  bool is_mapping() const { return value != nullptr && value->is_object(); }
  Location at() const { return doc->ValueLocation(pointer); }
  Location key_at() const { return doc->KeyLocation(pointer); }
  // The member `key` of a mapping; absent when this is not a mapping or
  // has no such member.
  Node Child(std::string_view key) const;
  // Every element of a sequence, in order; empty for anything else.
  std::vector<Node> Items() const;
};

Node Root(const model::SourceDocument& doc);

class Decoder {
 public:
  // `snapshot` resolves `token:` files; it may be null (no file exists).
  Decoder(DiagnosticSink& sink, const Snapshot* snapshot) : sink_(sink), snapshot_(snapshot) {}

  DiagnosticSink& sink() { return sink_; }
  const Snapshot* snapshot() const { return snapshot_; }
  size_t errors() const { return sink_.error_count(); }

  void Report(DiagKind kind, const Location& at, std::string message, std::string hint = "");

  // CP8002 for every key of `mapping` not in `known`, with a "did you mean"
  // hint. `what` names the mapping in messages ("a release case").
  void CheckKeys(const Node& mapping, std::initializer_list<std::string_view> known,
                 std::string_view what);
  // CP8004 unless `node` is a mapping.
  bool ExpectMapping(const Node& node, std::string_view what);
  // CP8003 when `node` is absent: "`<key>` is missing from <what>" at `parent`.
  bool Require(const Node& parent, const Node& node, std::string_view what,
               std::string_view hint = "");

  // Typed scalars; CP8004 for another type. `what` names the field.
  std::optional<std::string> String(const Node& node, std::string_view what);
  // An integer in [min, max]; CP8009 when out of range.
  std::optional<int64_t> Integer(const Node& node, std::string_view what, int64_t min, int64_t max);
  std::optional<bool> Bool(const Node& node, std::string_view what);

 private:
  DiagnosticSink& sink_;
  const Snapshot* snapshot_;
};

// "a string", "a mapping", ... for messages.
std::string_view JsonTypeNoun(const nlohmann::json& value);
// The last segment of a JSON Pointer, unescaped ("/cases/0/expect" -> "expect").
std::string LastToken(std::string_view pointer);
// " (did you mean `x`?)"-style hint text, or "" when nothing is close.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

// The per-kind case decoders (load_release.cc, load_agent_pod.cc): decode
// the mapping under `release:`, `agent:` or `pod:` into `out`. Mistakes are
// reported; the caller drops the case when the sink gained errors.
void DecodeRelease(Decoder& d, const Node& node, ReleaseCase* out);
void DecodeAgent(Decoder& d, const Node& node, AgentCase* out);
void DecodePod(Decoder& d, const Node& node, PodCase* out);

}  // namespace cocoplane::cpl::testing::internal

#endif  // COCOPLANE_CPL_TESTING_DECODER_H_
