// libFuzzer entry for the YAML loader (model/loaders.h: libyaml's events
// into the TreeBuilder), on the bytes the loader is given: valid UTF-8
// without NUL (file_checks.h refuses the rest before any parser runs).
// It asserts:
//   1. every diagnostic is in the input file, at a line of it and a column
//      at most one past that line's end, or names the whole file (line 0);
//   2. every node of every document has such a position;
//   3. loading twice gives the same documents and diagnostics;
//   4. when the file is cut into pieces (SplitYamlDocuments) and no piece
//      reports anything, the pieces hold the whole file's documents with
//      the same values and positions -- what model::Load relies on.
// A violated property aborts. Built as a real fuzzer with clang
// (yaml_fuzz) and always as the replay `yaml_fuzz_smoke` in CTest.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "model/loaders.h"
#include "model/yaml_pieces_check.h"  // tests/model

namespace {

using namespace cocoplane;  // NOLINT: a fuzz driver, not a library

constexpr char kFile[] = "fuzz.yaml";

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "yaml_fuzz: %s\n%s\n", what, detail.c_str());
  std::abort();
}

// Byte length of each line of `text`, without its LF.
std::vector<size_t> LineLengths(std::string_view text) {
  std::vector<size_t> lengths{0};
  for (char c : text) {
    if (c == '\n')
      lengths.push_back(0);
    else
      ++lengths.back();
  }
  return lengths;
}

void CheckLocation(const Location& at, const std::vector<size_t>& lines, const char* what) {
  if (at.file != kFile) Fail(what, "in file '" + at.file + "'");
  if (at.line == 0) return;
  if (at.line > lines.size() || at.column == 0 || at.column > lines[at.line - 1] + 2) {
    Fail(what, "outside the input: " + at.ToString());
  }
}

std::string Diagnostics(const DiagnosticSink& sink) {
  std::string out;
  for (const Diagnostic& d : sink.diagnostics()) {
    out += std::string(d.id()) + " " + d.location.ToString() + " " + d.message + "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (text.find('\0') != std::string_view::npos || !IsValidUtf8(text)) return 0;
  std::vector<size_t> lines = LineLengths(text);

  DiagnosticSink sink;
  std::vector<model::SourceDocument> docs = model::LoadYaml(kFile, text, sink);
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.kind != DiagKind::kTooManyDiagnostics) CheckLocation(d.location, lines, "diagnostic");
  }
  for (const auto& doc : docs) {
    CheckLocation(doc.start, lines, "document start");
    for (const auto& [pointer, at] : doc.positions) {
      CheckLocation(at.value, lines, "node position");
      if (at.key.line != 0) CheckLocation(at.key, lines, "key position");
    }
  }

  // The second load is the whole-file side of the pieces check.
  DiagnosticSink again_sink;
  std::vector<model::SourceDocument> again;
  testing::PiecesResult pieces =
      testing::CheckPiecesAgainstTheWhole(kFile, text, again_sink, again);
  if (testing::DescribeDocuments(again) != testing::DescribeDocuments(docs) ||
      Diagnostics(again_sink) != Diagnostics(sink)) {
    Fail("two loads differ",
         testing::DescribeDocuments(docs) + "---\n" + testing::DescribeDocuments(again));
  }
  if (!pieces.violation.empty()) Fail("pieces differ from the whole file", pieces.violation);
  return 0;
}
