#include "base/render.h"

#include <algorithm>

#include "base/strings.h"

namespace cocoplane {
namespace {

struct Palette {
  const char* bold = "";
  const char* red = "";
  const char* yellow = "";
  const char* cyan = "";
  const char* blue = "";
  const char* reset = "";
};

Palette MakePalette(bool color) {
  if (!color) return {};
  return {"\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m", "\x1b[1;34m", "\x1b[0m"};
}

const char* SeverityColor(Severity s, const Palette& p) {
  switch (s) {
    case Severity::kError:
      return p.red;
    case Severity::kWarning:
      return p.yellow;
    case Severity::kNote:
      return p.cyan;
  }
  return p.red;
}

// Appends the " 12 | text" / "    | ^~~" excerpt for a positioned diagnostic.
void AppendExcerpt(const Diagnostic& d, const Snapshot* snapshot, const Palette& p,
                   std::string* out) {
  if (!snapshot || !d.location.has_position()) return;
  const SnapshotFile* file = snapshot->Find(d.location.file);
  if (!file || file->type != SnapshotFile::Type::kRegular) return;
  std::string_view line = LineAt(file->bytes, d.location.line);
  // Long or binary lines would only make the excerpt unreadable.
  if (line.size() > 300 || !IsValidUtf8(line)) return;
  std::string number = std::to_string(d.location.line);
  std::string gutter(number.size(), ' ');
  *out += p.blue + std::string(" ") + number + " |" + p.reset + " ";
  for (char c : line) *out += (c == '\t' ? ' ' : c);
  *out += "\n";
  *out += p.blue + std::string(" ") + gutter + " |" + p.reset + " ";
  // The caret stays on the line: a column past its end (a position a
  // loader got wrong) is drawn just after the last character, and the
  // range is cut at the line's end.
  size_t col = std::clamp<size_t>(d.location.column, 1, line.size() + 1);
  out->append(col - 1, ' ');
  size_t len = std::clamp<size_t>(d.location.length, 1, line.size() + 2 - col);
  *out += SeverityColor(d.severity, p);
  *out += '^';
  out->append(len - 1, '~');
  *out += p.reset;
  *out += "\n";
}

}  // namespace

std::string RenderOneText(const Diagnostic& d, const Snapshot* snapshot,
                          const RenderOptions& options) {
  Palette p = MakePalette(options.color);
  std::string out;
  out += p.bold;
  if (!d.location.file.empty()) {
    Location shown = d.location;
    shown.file = options.path_prefix + shown.file;
    out += shown.ToString() + ": ";
  }
  out += p.reset;
  out += SeverityColor(d.severity, p);
  out += std::string(SeverityName(d.severity)) + "[" + std::string(d.id()) + "]";
  out += p.reset;
  out += p.bold + std::string(": ") + d.message + p.reset + "\n";
  AppendExcerpt(d, snapshot, p, &out);
  if (!d.hint.empty()) out += p.cyan + std::string("  = hint: ") + p.reset + d.hint + "\n";
  return out;
}

std::string RenderText(const std::vector<Diagnostic>& diagnostics, const Snapshot* snapshot,
                       const RenderOptions& options) {
  std::string out;
  size_t errors = 0, warnings = 0;
  for (const auto& d : diagnostics) {
    out += RenderOneText(d, snapshot, options);
    if (d.severity == Severity::kError) ++errors;
    if (d.severity == Severity::kWarning) ++warnings;
  }
  auto plural = [](size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  out += plural(errors, "error") + ", " + plural(warnings, "warning") + "\n";
  return out;
}

std::string RenderJson(const std::vector<Diagnostic>& diagnostics) {
  std::string out = "[";
  bool first = true;
  for (const auto& d : diagnostics) {
    out += first ? "\n" : ",\n";
    first = false;
    out += "  {\"id\": " + JsonQuote(d.id());
    out += ", \"name\": " + JsonQuote(Info(d.kind).name);
    out += ", \"severity\": " + JsonQuote(SeverityName(d.severity));
    out += ", \"message\": " + JsonQuote(d.message);
    out += ", \"hint\": " + JsonQuote(d.hint);
    out += ", \"file\": " + JsonQuote(d.location.file);
    out += ", \"line\": " + std::to_string(d.location.line);
    out += ", \"column\": " + std::to_string(d.location.column);
    out += ", \"length\": " + std::to_string(d.location.length) + "}";
  }
  out += diagnostics.empty() ? "]\n" : "\n]\n";
  return out;
}

}  // namespace cocoplane
