// The libyaml adapter. libyaml's event parser is a state machine (it does
// not recurse), and every event carries its position; typing of scalars,
// alias expansion, positions and limits are ours (tree_builder.h), so an
// alias bomb is never expanded and nesting stops at kMaxDepth.
//
// Why libyaml rather than yaml-cpp: on the documents of a desired-state
// repository it parses about seven times faster (BENCHMARKS.md, session 6),
// and parsing was the largest part of a cold compile. yaml-cpp remains in
// the tests, as a second and independent parser of the YAML we generate.
#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "model/loaders.h"
#include "model/tree_builder.h"

namespace cocoplane::model {
namespace {

constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";
constexpr std::string_view kCorePrefix = "tag:yaml.org,2002:";

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
// Nulls are told apart first (IsNullString), so "~" and "null" never get here.
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

bool IsNullString(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// Where libyaml's marks are in Location's terms. libyaml counts
// characters, not bytes, and takes a lone CR for a line break; Location
// counts bytes on LF-terminated lines, as the renderer and the other
// loaders do. ASCII text without a CR (nearly every file) keeps libyaml's
// line and column; other text goes through the mark's character index.
class Positions {
 public:
  explicit Positions(std::string_view text) : text_(text) {
    simple_ = std::none_of(text.begin(), text.end(), [](char c) {
      return c == '\r' || static_cast<unsigned char>(c) >= 0x80;
    });
    // libyaml skips a byte order mark without counting it.
    if (text.starts_with("\xEF\xBB\xBF")) start_byte_ = cursor_byte_ = 3;
  }

  // 0-based line and byte column of `mark`. A mark past the last byte
  // (libyaml ends the stream with a line break of its own) is put at the
  // end of the text.
  std::pair<size_t, size_t> Of(const yaml_mark_t& mark) {
    if (simple_ && mark.index < text_.size()) return {mark.line, mark.column};
    return OfByte(ByteOffset(mark.index));
  }

  // 0-based line and byte column of byte `offset` (libyaml gives a byte
  // offset, not a mark, for an encoding error); past the end is the end.
  std::pair<size_t, size_t> OfByte(size_t offset) {
    offset = std::min(offset, text_.size());
    if (!lines_ready_) {
      for (size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') line_feeds_.push_back(i);
      }
      lines_ready_ = true;
    }
    size_t line = static_cast<size_t>(
        std::lower_bound(line_feeds_.begin(), line_feeds_.end(), offset) - line_feeds_.begin());
    size_t line_start = line == 0 ? 0 : line_feeds_[line - 1] + 1;
    return {line, offset - line_start};
  }

 private:
  // Byte offset of character `index`. Marks come mostly in order, so a
  // cursor walks forward; an earlier mark starts the walk over.
  size_t ByteOffset(size_t index) {
    if (index < cursor_index_) cursor_index_ = 0, cursor_byte_ = start_byte_;
    while (cursor_index_ < index && cursor_byte_ < text_.size()) {
      ++cursor_byte_;
      while (cursor_byte_ < text_.size() &&
             (static_cast<unsigned char>(text_[cursor_byte_]) & 0xC0) == 0x80) {
        ++cursor_byte_;
      }
      ++cursor_index_;
    }
    return cursor_byte_;
  }

  std::string_view text_;
  bool simple_ = true;
  size_t start_byte_ = 0;
  size_t cursor_index_ = 0;
  size_t cursor_byte_ = 0;
  bool lines_ready_ = false;
  std::vector<size_t> line_feeds_;
};

// Feeds libyaml's events to a TreeBuilder: typing plain scalars, numbering
// anchors per document, and stopping at the first crossed limit.
class EventReader {
 public:
  EventReader(const std::string& file, std::string_view text, uint32_t first_line,
              DiagnosticSink& sink, std::vector<SourceDocument>* out)
      : file_(file),
        first_line_(first_line),
        positions_(text),
        sink_(sink),
        builder_(file, sink),
        out_(out) {}

  Location At(const yaml_mark_t& mark, size_t length = 1) {
    return Make(positions_.Of(mark), length);
  }
  Location AtByte(size_t offset) { return Make(positions_.OfByte(offset), 1); }

  // Returns false to stop: a limit was crossed or the input is broken.
  bool On(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_DOCUMENT_START_EVENT:
        anchors_.clear();
        last_anchor_ = 0;
        builder_.StartDocument(At(e.start_mark));
        return true;
      case YAML_DOCUMENT_END_EVENT:
        if (std::optional<SourceDocument> doc = builder_.FinishDocument()) {
          out_->push_back(std::move(*doc));
        }
        return true;
      case YAML_ALIAS_EVENT:
        return Alias(e);
      case YAML_SCALAR_EVENT:
        return Scalar(e);
      case YAML_SEQUENCE_START_EVENT:
        return Collection(e.start_mark, e.data.sequence_start.tag, e.data.sequence_start.anchor,
                          false);
      case YAML_MAPPING_START_EVENT:
        return Collection(e.start_mark, e.data.mapping_start.tag, e.data.mapping_start.anchor,
                          true);
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        builder_.EndCollection();
        return true;
      default:  // stream start and end
        return true;
    }
  }

 private:
  static std::string_view Text(const yaml_char_t* s) {
    return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
  }

  // A new id for an anchor; a name defined again names the newer node.
  TreeBuilder::AnchorId Define(const yaml_char_t* anchor) {
    if (!anchor) return 0;
    anchors_[std::string(Text(anchor))] = ++last_anchor_;
    return last_anchor_;
  }

  bool Alias(const yaml_event_t& e) {
    std::string_view name = Text(e.data.alias.anchor);
    auto it = anchors_.find(name);
    if (it == anchors_.end()) {
      sink_.Emit(DiagKind::kYamlSyntax, At(e.start_mark, name.size() + 1),
                 "alias *" + std::string(name) + " names no anchor of this document",
                 "define &" + std::string(name) +
                     " earlier in the same document, or write "
                     "the value out");
      return false;
    }
    return builder_.Alias(At(e.start_mark), it->second);
  }

  bool Scalar(const yaml_event_t& e) {
    const auto& s = e.data.scalar;
    std::string value(reinterpret_cast<const char*>(s.value), s.length);
    bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;
    TreeBuilder::AnchorId anchor = Define(s.anchor);
    if (!s.tag && plain && IsNullString(value)) return builder_.Null(At(e.start_mark), anchor);
    std::string_view tag = Text(s.tag);
    // A quoted or block scalar, or one tagged "!": always a string.
    bool quoted = s.tag ? tag == "!" : !plain;
    bool single_line = value.find('\n') == std::string::npos;
    size_t length = single_line ? value.size() + (plain ? 0 : 2) : 1;
    Location at = At(e.start_mark, length);
    nlohmann::json typed;
    if (quoted || tag == kStrTag) {
      typed = value;
    } else {
      if (s.tag && !tag.starts_with(kCorePrefix)) builder_.UnsupportedTag(at, tag);
      typed = ResolvePlain(value);
    }
    return builder_.Scalar(at, value, std::move(typed), anchor);
  }

  bool Collection(const yaml_mark_t& mark, const yaml_char_t* tag_text, const yaml_char_t* anchor,
                  bool is_map) {
    Location at = At(mark);
    std::string_view tag = Text(tag_text);
    if (tag_text && tag != "!" && !tag.starts_with(kCorePrefix)) builder_.UnsupportedTag(at, tag);
    return builder_.BeginCollection(at, is_map, Define(anchor));
  }

  Location Make(std::pair<size_t, size_t> line_column, size_t length) {
    auto [line, column] = line_column;
    return Location{file_, first_line_ + static_cast<uint32_t>(line + 1),
                    static_cast<uint32_t>(column + 1), static_cast<uint32_t>(length)};
  }

  const std::string& file_;
  const uint32_t first_line_;
  Positions positions_;
  DiagnosticSink& sink_;
  TreeBuilder builder_;
  std::vector<SourceDocument>* out_;
  // This document's anchors by name, and the last id handed out.
  std::map<std::string, TreeBuilder::AnchorId, std::less<>> anchors_;
  TreeBuilder::AnchorId last_anchor_ = 0;
};

// libyaml's parser, freed on every path.
class LibyamlParser {
 public:
  explicit LibyamlParser(std::string_view text) {
    ok_ = yaml_parser_initialize(&parser_) == 1;
    if (ok_) {
      yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                   text.size());
    }
  }
  ~LibyamlParser() {
    if (ok_) yaml_parser_delete(&parser_);
  }
  LibyamlParser(const LibyamlParser&) = delete;
  LibyamlParser& operator=(const LibyamlParser&) = delete;

  bool ok() const { return ok_; }
  yaml_parser_t* get() { return &parser_; }

 private:
  yaml_parser_t parser_;
  bool ok_ = false;
};

// libyaml's description of a syntax error: the problem, and the construct
// it was reading when that construct started elsewhere.
std::string SyntaxMessage(const yaml_parser_t& p, uint32_t first_line) {
  std::string message = p.problem ? p.problem : "cannot parse the file";
  if (p.context && (p.context_mark.line != p.problem_mark.line ||
                    p.context_mark.column != p.problem_mark.column)) {
    message += std::string(" (") + p.context + " that starts on line " +
               std::to_string(first_line + p.context_mark.line + 1) + ")";
  }
  return message;
}

// Parses `text`, which starts at 0-based line `first_line` of `file`.
std::vector<SourceDocument> Parse(const std::string& file, std::string_view text,
                                  uint32_t first_line, bool report_empty, DiagnosticSink& sink) {
  std::vector<SourceDocument> docs;
  size_t errors_before = sink.error_count();
  EventReader reader(file, text, first_line, sink, &docs);
  LibyamlParser parser(text);
  if (!parser.ok()) {
    sink.Emit(DiagKind::kYamlSyntax, Location{file, 0, 0, 0}, "cannot start the YAML parser",
              "the machine is out of memory; try again");
    return docs;
  }
  for (;;) {
    yaml_event_t event;
    if (!yaml_parser_parse(parser.get(), &event)) {
      const yaml_parser_t& p = *parser.get();
      // A reader error (bad encoding) has a byte offset, not a mark.
      Location at = p.error == YAML_READER_ERROR ? reader.AtByte(p.problem_offset)
                                                 : reader.At(p.problem_mark);
      sink.Emit(DiagKind::kYamlSyntax, at, SyntaxMessage(p, first_line),
                "check the indentation, quoting and brackets around this position");
      break;
    }
    bool go_on = reader.On(event);
    bool end = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
    // A false return: the builder reported the crossed limit, or the
    // reader the broken alias; the rest of the file is not read.
    if (!go_on || end) break;
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
  return Parse(file, text, 0, /*report_empty=*/true, sink);
}

std::vector<SourceDocument> LoadYamlPiece(const std::string& file, const YamlPiece& piece,
                                          DiagnosticSink& sink, bool* clean) {
  size_t before = sink.diagnostics().size();
  std::vector<SourceDocument> docs =
      Parse(file, piece.text, piece.first_line, /*report_empty=*/false, sink);
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
    if (line.starts_with('%') || IsMarkerLine(line, "...")) return {{text, 0}};
    if (IsMarkerLine(line, "---")) {
      // The first marker takes the comments before it along.
      if (content) {
        if (pieces.size() + 1 == kMaxYamlPieces) return {{text, 0}};
        pieces.push_back({text.substr(start, pos - start), start_line});
        start = pos;
        start_line = line_no;
      }
      content = true;
    } else if (!content && !IsBlankOrComment(line)) {
      content = true;
    }
    pos = next;
  }
  pieces.push_back({text.substr(start), start_line});
  return pieces;
}

}  // namespace cocoplane::model
