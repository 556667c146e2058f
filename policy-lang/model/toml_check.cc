// The toml++ adapter: initdata fragments are only syntax-checked here; the
// initdata generator reads their text from the Model.
#include <toml++/toml.h>

#include "base/strings.h"
#include "model/limits.h"
#include "model/loaders.h"

namespace cocoplane::model {
namespace {

// Returns the offset of the first '[' or '{' nested deeper than kMaxDepth,
// or npos. toml++ recurses on nested arrays and inline tables up to 256
// levels; checking first keeps that recursion short on any thread stack.
size_t FindTooDeep(std::string_view text) {
  size_t depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      // Strings: basic "..." (with escapes), literal '...', and the
      // multi-line forms """...""" and '''...'''.
      std::string_view quote =
          text.substr(i, 3) == std::string(3, c) ? text.substr(i, 3) : text.substr(i, 1);
      size_t j = i + quote.size();
      while (j < text.size() && text.substr(j, quote.size()) != quote) {
        j += (c == '"' && text[j] == '\\') ? 2 : 1;
      }
      i = j + quote.size() - 1;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

Location At(const std::string& file, const toml::source_region& region) {
  return Location{file, static_cast<uint32_t>(region.begin.line),
                  static_cast<uint32_t>(region.begin.column), 1};
}

}  // namespace

bool CheckToml(const std::string& file, std::string_view text, DiagnosticSink& sink) {
  if (size_t deep = FindTooDeep(text); deep != std::string_view::npos) {
    unsigned line = 0, column = 0;
    LineColumnAt(text, deep, &line, &column);
    sink.Emit(DiagKind::kNestingTooDeep, Location{file, line, column, 1},
              "nesting deeper than " + std::to_string(kMaxDepth) + " levels",
              "flatten the arrays and inline tables");
    return false;
  }
  const char* hint = "check the quoting, brackets and key names near this position";
#if TOML_EXCEPTIONS
  try {
    toml::table table = toml::parse(text, file);
    (void)table;
    return true;
  } catch (const toml::parse_error& e) {
    sink.Emit(DiagKind::kTomlSyntax, At(file, e.source()), std::string(e.description()), hint);
    return false;
  } catch (const std::exception& e) {
    sink.Emit(DiagKind::kTomlSyntax, Location{file, 0, 0, 0},
              std::string("cannot parse the file: ") + e.what(), hint);
    return false;
  }
#else
  toml::parse_result result = toml::parse(text, file);
  if (result) return true;
  sink.Emit(DiagKind::kTomlSyntax, At(file, result.error().source()),
            std::string(result.error().description()), hint);
  return false;
#endif
}

}  // namespace cocoplane::model
