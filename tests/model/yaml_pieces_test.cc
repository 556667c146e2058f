// Multi-document YAML files in pieces (loaders.h SplitYamlDocuments,
// LoadYamlPiece; model.cc Load): where a file is cut, that the pieces parse
// to what the whole file parses to whenever they report nothing, and that
// Load falls back to the whole file when they do.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "model/loaders.h"
#include "model/model.h"
#include "model_testing.h"
#include "testing/matchers.h"
#include "yaml_pieces_check.h"

namespace cocoplane::model {
namespace {

namespace fs = std::filesystem;
using cocoplane::testing::Brief;
using cocoplane::testing::SnapshotOf;
using ::testing::ElementsAre;

// "<first line>:<text>" of each piece.
std::vector<std::string> Cut(std::string_view text) {
  std::vector<std::string> out;
  for (const YamlPiece& p : SplitYamlDocuments(text)) {
    out.push_back(std::to_string(p.first_line) + ":" + std::string(p.text));
  }
  return out;
}

TEST(YamlPiecesTest, CutsBeforeEveryDocumentStartMarker) {
  EXPECT_THAT(
      Cut("a: 1\n---\nb: 2\n---\n# only a comment\n---\nc: 3\n"),
      ElementsAre("0:a: 1\n", "1:---\nb: 2\n", "3:---\n# only a comment\n", "5:---\nc: 3\n"));
  // Markers with something after them on the line, and without a final LF.
  EXPECT_THAT(Cut("--- # first\na: 1\n--- |\n  text\n---\tb: 2"),
              ElementsAre("0:--- # first\na: 1\n", "2:--- |\n  text\n", "4:---\tb: 2"));
}

TEST(YamlPiecesTest, CommentsBeforeTheFirstMarkerGoWithIt) {
  EXPECT_THAT(Cut("# header\n\n---\na: 1\n---\nb: 2\n"),
              ElementsAre("0:# header\n\n---\na: 1\n", "4:---\nb: 2\n"));
}

TEST(YamlPiecesTest, DashesThatAreNotAMarkerDoNotCut) {
  EXPECT_THAT(Cut("a: |\n  ---\nb: ----\n----\n---x\n"),
              ElementsAre("0:a: |\n  ---\nb: ----\n----\n---x\n"));
}

TEST(YamlPiecesTest, DirectivesAndEndMarkersKeepTheFileWhole) {
  const std::string directive = "%YAML 1.2\n---\na: 1\n---\nb: 2\n";
  const std::string end = "a: 1\n...\n---\nb: 2\n";
  EXPECT_THAT(Cut(directive), ElementsAre("0:" + directive));
  EXPECT_THAT(Cut(end), ElementsAre("0:" + end));
}

TEST(YamlPiecesTest, AFileOfTooManyDocumentsStaysWhole) {
  std::string at_limit, over;
  for (size_t i = 0; i < kMaxYamlPieces; ++i) at_limit += "---\n";
  over = at_limit + "---\n";
  EXPECT_EQ(SplitYamlDocuments(at_limit).size(), kMaxYamlPieces);
  ASSERT_EQ(SplitYamlDocuments(over).size(), 1u);
  EXPECT_EQ(SplitYamlDocuments(over)[0].text.size(), over.size());
}

// The property Load relies on (yaml_pieces_check.h); and, the other way
// round, a file whose pieces do not stand for it reports something or
// holds nothing.
void ExpectPiecesParseLikeTheWhole(const std::string& file, const std::string& text) {
  DiagnosticSink whole_sink;
  std::vector<SourceDocument> whole;
  testing::PiecesResult r = testing::CheckPiecesAgainstTheWhole(file, text, whole_sink, whole);
  EXPECT_EQ(r.violation, "");
  if (!r.stand_for_the_file) {
    EXPECT_TRUE(!whole_sink.empty() || whole.empty()) << file;
  }
}

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(YamlPiecesTest, PiecesParseLikeTheWholeFileOnTheExamplesAndTheCorpus) {
  std::string all;
  size_t files = 0;
  for (const char* dir : {"examples/repo", "tests/model/corpus"}) {
    std::vector<fs::path> paths;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(testing::SourceDir()) / dir)) {
      if (e.is_regular_file() && e.path().extension() == ".yaml") paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      std::string text = Read(p);
      ExpectPiecesParseLikeTheWhole(p.string(), text);
      all += (files++ ? "---\n" : "") + text + (text.ends_with('\n') ? "" : "\n");
    }
  }
  ASSERT_GT(files, 60u);
  // Every file as one stream: broken documents among good ones.
  ExpectPiecesParseLikeTheWhole("all.yaml", all);
}

TEST(YamlPiecesTest, PiecesParseLikeTheWholeFileOnTrickyLayouts) {
  for (const std::string text : {
           "a: 1\n---\nb: 2\n---\n# only a comment\n---\nc: 3\n",
           "--- |\nroot text\n---\nb: 2\n",
           "a: &x {k: 1}\n---\nb: *x\n",  // an alias cannot reach across documents
           "a: \"quoted\n---\nstill quoted\"\n---\nb: 2\n",
           "a: [1,\n---\n2]\n",
           "a: 1\n---\n---\n",
           "---\n---\n",
           "a: !custom 1\n---\nb: 2\n",
           "a: 1\na: 2\n---\nb: 2\n",
           "\xEF\xBB\xBF"
           "a: 1\n---\nb: 2\n",
       }) {
    ExpectPiecesParseLikeTheWhole("tricky.yaml", text);
  }
}

// A KbsResource document, "---"-separated, named `name`.
std::string Resource(const std::string& name, const std::string& extra = "") {
  return "---\napiVersion: cocoplane.io/v1alpha1\nkind: KbsResource\nmetadata:\n  name: " + name +
         "\nspec:\n  path: apps/" + name + "/key\n  kind: key\n" + extra +
         "  source:\n    vault: secret/apps/" + name + "\n";
}

TEST(YamlPiecesTest, LoadReportsDocumentsOfAFileAtTheFilesPositions) {
  // The third document's kind is wrong: its position is the file's.
  std::string text = Resource("a") + Resource("b") + Resource("c", "  bogus: 1\n");
  DiagnosticSink sink;
  Model m = Load(SnapshotOf({{"r.yaml", text}}), sink);
  ASSERT_EQ(m.kbs_resources.size(), 3u);
  EXPECT_EQ(m.kbs_resources[2].metadata.name.location.ToString(), "r.yaml:25:9");
  // CP3002: the snapshot has no Cluster.
  EXPECT_THAT(Brief(sink), ElementsAre("CP2006 r.yaml:29:3", "CP3002 :0:0"));
}

TEST(YamlPiecesTest, LoadParsesAFileWholeWhenAPieceHasASyntaxError) {
  // As for the whole file: the documents before the broken one load, the
  // ones after it do not, and the error is at the file's line.
  std::string text = Resource("a") + "---\nkind: [\n" + Resource("c");
  DiagnosticSink sink;
  Model m = Load(SnapshotOf({{"r.yaml", text}}), sink);
  ASSERT_EQ(m.kbs_resources.size(), 1u);
  EXPECT_EQ(m.kbs_resources[0].metadata.name.value, "a");
  EXPECT_THAT(Brief(sink), ElementsAre("CP1001 r.yaml:13:1", "CP3002 :0:0"));
}

TEST(YamlPiecesTest, ACachedPieceIsReusedAndAnEditedOneIsNot) {
  std::string base = Resource("a") + Resource("b") + Resource("c");
  std::string head = Resource("a") + Resource("b") + Resource("c") + Resource("d");
  LoadCache cache;
  DiagnosticSink sink, second_sink, third_sink;
  Snapshot first = SnapshotOf({{"r.yaml", base}});
  first.files["r.yaml"].blob_id = "1";
  Load(first, sink, &cache);
  EXPECT_EQ(cache.size(), 3u);

  Snapshot second = SnapshotOf({{"r.yaml", head}});
  second.files["r.yaml"].blob_id = "2";
  Model m = Load(second, second_sink, &cache);

  EXPECT_EQ(cache.reused(), 3u);
  EXPECT_EQ(cache.size(), 4u);
  ASSERT_EQ(m.kbs_resources.size(), 4u);
  EXPECT_EQ(m.kbs_resources[3].metadata.name.location.ToString(), "r.yaml:35:9");
  EXPECT_THAT(Brief(second_sink), ElementsAre("CP3002 :0:0"));

  // Pieces that moved to other lines are parsed again (their positions
  // changed) and the old ones leave the cache.
  Snapshot third = SnapshotOf({{"r.yaml", Resource("z") + head}});
  third.files["r.yaml"].blob_id = "3";
  Load(third, third_sink, &cache);
  EXPECT_EQ(cache.reused(), 0u);
  EXPECT_EQ(cache.size(), 5u);
}

}  // namespace
}  // namespace cocoplane::model
