// The yaml-cpp adapter. It uses yaml-cpp's event API rather than
// YAML::Load so that positions, limits and alias expansion are ours: Load
// would expand an alias bomb in full and recurse 2000 levels deep.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <charconv>
#include <sstream>

#include "model/loaders.h"
#include "model/tree_builder.h"

namespace cocoplane::model {
namespace {

constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";
constexpr std::string_view kCorePrefix = "tag:yaml.org,2002:";

// Thrown by the event handler to stop yaml-cpp once a limit is crossed: an
// event handler has no other way to abort the parse, and stopping early is
// what bounds recursion depth and work. It never leaves this file.
struct StopParsing {};

// `first_line`: where the text parsed starts in the file (YamlPiece).
Location At(const std::string& file, uint32_t first_line, const YAML::Mark& mark,
            size_t length = 1) {
  if (mark.is_null() || mark.line < 0) return Location{file, 0, 0, 0};
  return Location{file, first_line + static_cast<uint32_t>(mark.line + 1),
                  static_cast<uint32_t>(mark.column + 1), static_cast<uint32_t>(length)};
}

bool IsDecimal(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool IsFloat(std::string_view s) {
  // YAML 1.2 core: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

nlohmann::json ParseInteger(std::string_view s, int base) {
  std::string_view digits = s;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    // Out of range for 64 bits: keep the text; the schema will say it is
    // not an integer, which is the truth for every field we have.
    return std::string(s);
  }
  if (!negative) return magnitude;
  if (magnitude > static_cast<uint64_t>(INT64_MAX) + 1) return std::string(s);
  return static_cast<int64_t>(0 - magnitude);
}

// Types a plain (unquoted, untagged) scalar by the YAML 1.2 core schema.
// yaml-cpp reports nulls separately, so "~" and "null" never get here.
nlohmann::json ResolvePlain(const std::string& s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (IsDecimal(s)) return ParseInteger(s, 10);
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x') return ParseInteger(s.substr(2), 16);
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o') return ParseInteger(s.substr(2), 8);
  if (IsFloat(s)) {
    double d = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec == std::errc() && end == s.data() + s.size()) return d;
    if (s[0] == '+') return ResolvePlain(s.substr(1));
  }
  // .inf and .nan have no JSON form; no field wants them, so they stay text.
  return s;
}

class Handler : public YAML::EventHandler {
 public:
  Handler(const std::string& file, uint32_t first_line, DiagnosticSink& sink,
          std::vector<SourceDocument>* out)
      : file_(file), first_line_(first_line), builder_(file, sink), out_(out) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    builder_.StartDocument(At(file_, first_line_, mark));
  }
  void OnDocumentEnd() override {
    std::optional<SourceDocument> doc = builder_.FinishDocument();
    if (doc) out_->push_back(std::move(*doc));
  }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Check(builder_.Null(At(file_, first_line_, mark), anchor));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Check(builder_.Alias(At(file_, first_line_, mark), anchor));
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    bool single_line = value.find('\n') == std::string::npos;
    // "!" is yaml-cpp's tag for a quoted or block scalar: always a string.
    bool quoted = tag == "!";
    size_t length = single_line ? value.size() + (quoted ? 2 : 0) : 1;
    Location at = At(file_, first_line_, mark, length);
    nlohmann::json typed;
    if (quoted || tag == kStrTag) {
      typed = value;
    } else {
      if (tag != "?" && tag.rfind(kCorePrefix, 0) != 0) builder_.UnsupportedTag(at, tag);
      typed = ResolvePlain(value);
    }
    Check(builder_.Scalar(at, value, std::move(typed), anchor));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Collection(mark, tag, anchor, false);
  }
  void OnSequenceEnd() override { builder_.EndCollection(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Collection(mark, tag, anchor, true);
  }
  void OnMapEnd() override { builder_.EndCollection(); }

  size_t documents_started() const { return builder_.documents_started(); }

 private:
  void Collection(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  bool is_map) {
    Location at = At(file_, first_line_, mark);
    if (tag != "?" && tag != "!" && tag.rfind(kCorePrefix, 0) != 0) {
      builder_.UnsupportedTag(at, tag);
    }
    Check(builder_.BeginCollection(at, is_map, anchor));
  }
  static void Check(bool ok) {
    if (!ok) throw StopParsing{};
  }

  const std::string& file_;
  const uint32_t first_line_;
  TreeBuilder builder_;
  std::vector<SourceDocument>* out_;
};

// Parses `text`, which starts at 0-based line `first_line` of `file`.
std::vector<SourceDocument> Parse(const std::string& file, std::string text, uint32_t first_line,
                                  bool report_empty, DiagnosticSink& sink) {
  std::vector<SourceDocument> docs;
  size_t errors_before = sink.error_count();
  std::istringstream in{std::move(text)};
  Handler handler(file, first_line, sink, &docs);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(handler)) {
    }
  } catch (const StopParsing&) {
    // The builder has reported the limit; the rest of the file is not read.
  } catch (const YAML::Exception& e) {
    sink.Emit(DiagKind::kYamlSyntax, At(file, first_line, e.mark), e.msg,
              "check the indentation, quoting and brackets around this position");
  } catch (const std::exception& e) {
    sink.Emit(DiagKind::kYamlSyntax, Location{file, 0, 0, 0},
              std::string("cannot parse the file: ") + e.what());
  }
  if (report_empty && docs.empty() && sink.error_count() == errors_before) {
    sink.Emit(DiagKind::kEmptyFile, Location{file, 0, 0, 0}, "file holds no YAML document",
              "add a document or delete the file");
  }
  return docs;
}

// Whether the line at `line` (its bytes up to the LF) starts with `marker`
// ("---" or "...") followed by a blank or the end of the line.
bool IsMarkerLine(std::string_view line, std::string_view marker) {
  if (!line.starts_with(marker)) return false;
  if (line.size() == marker.size()) return true;
  char next = line[marker.size()];
  return next == ' ' || next == '\t' || next == '\r';
}

// A line that holds nothing but blanks or a comment.
bool IsBlankOrComment(std::string_view line) {
  size_t i = line.find_first_not_of(" \t\r");
  return i == std::string_view::npos || line[i] == '#';
}

}  // namespace

std::vector<SourceDocument> LoadYaml(const std::string& file, std::string_view text,
                                     DiagnosticSink& sink) {
  return Parse(file, std::string(text), 0, /*report_empty=*/true, sink);
}

std::vector<SourceDocument> LoadYamlPiece(const std::string& file, const YamlPiece& piece,
                                          DiagnosticSink& sink, bool* clean) {
  size_t before = sink.diagnostics().size();
  std::string text(piece.text);
  if (!piece.last) text += "---\n";
  std::vector<SourceDocument> docs =
      Parse(file, std::move(text), piece.first_line, /*report_empty=*/false, sink);
  *clean = sink.diagnostics().size() == before;
  return docs;
}

std::vector<YamlPiece> SplitYamlDocuments(std::string_view text) {
  std::vector<YamlPiece> pieces;
  // Start of the current piece, and whether it holds anything but blanks
  // and comments so far.
  size_t start = 0;
  uint32_t start_line = 0;
  bool content = false;
  uint32_t line_no = 0;
  for (size_t pos = 0; pos < text.size(); ++line_no) {
    size_t end = text.find('\n', pos);
    size_t next = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(pos, next - pos);
    if (line.ends_with('\n')) line.remove_suffix(1);
    if (line.starts_with('%') || IsMarkerLine(line, "...")) return {{text, 0, true}};
    if (IsMarkerLine(line, "---")) {
      // The first marker takes the comments before it along.
      if (content) {
        if (pieces.size() + 1 == kMaxYamlPieces) return {{text, 0, true}};
        pieces.push_back({text.substr(start, pos - start), start_line, false});
        start = pos;
        start_line = line_no;
      }
      content = true;
    } else if (!content && !IsBlankOrComment(line)) {
      content = true;
    }
    pos = next;
  }
  pieces.push_back({text.substr(start), start_line, true});
  return pieces;
}

}  // namespace cocoplane::model
