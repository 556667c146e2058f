// The nlohmann adapter. nlohmann 3.11 has no source positions on values
// (JSON_DIAGNOSTIC_POSITIONS arrived in 3.12), so loading is two passes:
//   1. nlohmann's SAX parser checks the syntax (its parser is iterative, so
//      a 10,000-deep input cannot overflow the stack) and gives the byte of
//      the first error;
//   2. on text now known to be valid, a small token walk feeds TreeBuilder
//      with positions, which enforces depth, node and string limits exactly
//      as for YAML. Scalars are decoded by nlohmann itself.
#include <charconv>

#include "base/strings.h"
#include "model/loaders.h"
#include "model/tree_builder.h"

namespace cocoplane::model {
namespace {

// Accepts everything; only remembers the first syntax error.
class SyntaxSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    failed = true;
    byte = position;
    message = ex.what();
    return false;
  }

  bool failed = false;
  size_t byte = 0;
  std::string message;
};

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax
// error while parsing value - unexpected ']'" -> the part after the position.
std::string CleanMessage(const std::string& what) {
  size_t colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// Walks valid JSON text token by token. Keeps line and column as it goes
// (JSON strings cannot hold raw newlines, so only whitespace moves lines).
class Walker {
 public:
  Walker(const std::string& file, std::string_view text, TreeBuilder& builder)
      : file_(file), text_(text), builder_(builder) {}

  bool Run() {
    // nlohmann accepts (and skips) a UTF-8 byte order mark; so do we.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3;
    builder_.StartDocument(Here(1));
    while (SkipSpace()) {
      if (!Token()) return false;
    }
    return true;
  }

 private:
  bool SkipSpace() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      } else if (c != ' ' && c != '\t' && c != '\r' && c != ',' && c != ':') {
        return true;
      }
      ++pos_;
    }
    return false;
  }

  Location Here(size_t length) const {
    return Location{file_, line_, static_cast<uint32_t>(pos_ - line_start_ + 1),
                    static_cast<uint32_t>(length)};
  }

  bool Token() {
    char c = text_[pos_];
    if (c == '{' || c == '[') {
      Location at = Here(1);
      ++pos_;
      return builder_.BeginCollection(at, c == '{', 0);
    }
    if (c == '}' || c == ']') {
      ++pos_;
      builder_.EndCollection();
      return true;
    }
    size_t end = c == '"' ? StringEnd() : ScalarEnd();
    std::string_view token = text_.substr(pos_, end - pos_);
    Location at = Here(token.size());
    pos_ = end;
    if (token == "null") return builder_.Null(at, 0);
    nlohmann::json value = Decode(token);
    std::string raw = value.is_string() ? value.get<std::string>() : std::string(token);
    return builder_.Scalar(at, raw, std::move(value), 0);
  }

  // Decodes one scalar token of valid JSON. The common cases are done here;
  // escapes, floats and huge integers go to nlohmann (valid by pass 1, so
  // that parse cannot fail; the adapter still catches).
  static nlohmann::json Decode(std::string_view token) {
    if (token == "true") return true;
    if (token == "false") return false;
    if (token[0] == '"' && token.find('\\') == std::string_view::npos) {
      return std::string(token.substr(1, token.size() - 2));
    }
    int64_t integer = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), integer);
    if (ec == std::errc() && end == token.data() + token.size()) return integer;
    return nlohmann::json::parse(token);
  }

  size_t StringEnd() const {
    size_t i = pos_ + 1;
    while (i < text_.size() && text_[i] != '"') i += text_[i] == '\\' ? 2 : 1;
    return std::min(i + 1, text_.size());
  }

  size_t ScalarEnd() const {
    size_t i = pos_;
    while (i < text_.size() &&
           std::string_view(" \t\r\n,:]}").find(text_[i]) == std::string_view::npos) {
      ++i;
    }
    return i;
  }

  const std::string& file_;
  std::string_view text_;
  TreeBuilder& builder_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace

std::optional<SourceDocument> LoadJson(const std::string& file, std::string_view text,
                                       DiagnosticSink& sink) {
  try {
    SyntaxSax sax;
    nlohmann::json::sax_parse(text, &sax);
    if (sax.failed) {
      // nlohmann counts bytes from 1 and may point one past the end.
      size_t offset = std::min(sax.byte > 0 ? sax.byte - 1 : 0, text.size());
      unsigned line = 0, column = 0;
      LineColumnAt(text, offset, &line, &column);
      sink.Emit(DiagKind::kJsonSyntax, Location{file, line, column, 1}, CleanMessage(sax.message),
                "check commas, quotes and brackets near this position");
      return std::nullopt;
    }
    TreeBuilder builder(file, sink);
    Walker walker(file, text, builder);
    if (!walker.Run()) return std::nullopt;
    return builder.FinishDocument();
  } catch (const std::exception& e) {
    sink.Emit(DiagKind::kJsonSyntax, Location{file, 0, 0, 0},
              std::string("cannot parse the file: ") + e.what());
    return std::nullopt;
  }
}

}  // namespace cocoplane::model
