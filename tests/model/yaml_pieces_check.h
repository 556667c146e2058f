// The property model::Load relies on when it parses a multi-document YAML
// file in pieces, checked the same way by tests/model/yaml_pieces_test.cc
// and the fuzzer tests/fuzz/yaml_fuzz.cc.
#ifndef COCOPLANE_TESTS_MODEL_YAML_PIECES_CHECK_H_
#define COCOPLANE_TESTS_MODEL_YAML_PIECES_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "model/loaders.h"

namespace cocoplane::testing {

// Every document's value, start and positions, one line per node.
inline std::string DescribeDocuments(const std::vector<model::SourceDocument>& docs) {
  std::string out;
  for (const auto& d : docs) {
    out += "doc at " + d.start.ToString() + " " + d.value.dump() + "\n";
    for (const auto& [pointer, at] : d.positions) {
      out += "  " + pointer + " " + at.value.ToString() + "/" + std::to_string(at.value.length) +
             " " + at.key.ToString() + "\n";
    }
  }
  return out;
}

struct PiecesResult {
  // Whether no piece reported anything and the pieces hold a document:
  // only then do they stand for the file (else Load parses it whole).
  bool stand_for_the_file = false;
  // Set when they stand for the file but the whole file reports something
  // or parses to other documents or positions: what differs.
  std::string violation;
};

// Parses `text` whole (into `whole`, reporting into `whole_sink`) and in
// pieces, and compares.
inline PiecesResult CheckPiecesAgainstTheWhole(const std::string& file, std::string_view text,
                                               DiagnosticSink& whole_sink,
                                               std::vector<model::SourceDocument>& whole) {
  whole = model::LoadYaml(file, text, whole_sink);
  std::vector<model::SourceDocument> pieces;
  bool all_clean = true;
  for (const model::YamlPiece& piece : model::SplitYamlDocuments(text)) {
    DiagnosticSink sink;
    bool clean = false;
    for (auto& d : model::LoadYamlPiece(file, piece, sink, &clean)) pieces.push_back(std::move(d));
    all_clean = all_clean && clean;
  }
  PiecesResult result;
  result.stand_for_the_file = all_clean && !pieces.empty();
  if (!result.stand_for_the_file) return result;
  if (!whole_sink.empty()) {
    result.violation = file + ": the pieces report nothing, the whole file does";
  } else if (DescribeDocuments(pieces) != DescribeDocuments(whole)) {
    result.violation =
        file + ": whole\n" + DescribeDocuments(whole) + "pieces\n" + DescribeDocuments(pieces);
  }
  return result;
}

}  // namespace cocoplane::testing

#endif  // COCOPLANE_TESTS_MODEL_YAML_PIECES_CHECK_H_
