#include "cpl/codegen/rego_check.h"

#include <nlohmann/json.hpp>

namespace cocoplane::cpl::testing {
namespace {

struct Line {
  std::string text;  // tabs stripped from the left
  int depth = 0;     // bracket depth at the start of the line
};

// Lexes the text once: bracket depth per line, balance problems.
std::vector<Line> Lex(std::string_view text, std::vector<std::string>* problems) {
  std::vector<Line> lines;
  std::vector<char> stack;
  std::string current;
  int line_no = 1;
  int start_depth = 0;
  bool in_string = false, in_raw = false, in_comment = false, escape = false;
  auto close = [&](char open, char c) {
    if (stack.empty() || stack.back() != open) {
      problems->push_back("line " + std::to_string(line_no) + ": unbalanced '" + std::string(1, c) + "'");
    } else {
      stack.pop_back();
    }
  };
  for (char c : text) {
    if (c == '\n') {
      size_t first = current.find_first_not_of('\t');
      lines.push_back({first == std::string::npos ? "" : current.substr(first), start_depth});
      current.clear();
      if (in_string) problems->push_back("line " + std::to_string(line_no) + ": string not closed");
      in_string = in_comment = escape = false;
      ++line_no;
      start_depth = static_cast<int>(stack.size());
      continue;
    }
    current += c;
    if (in_comment) continue;
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (in_raw) {
      if (c == '`') in_raw = false;
      continue;
    }
    switch (c) {
      case '#': in_comment = true; break;
      case '"': in_string = true; break;
      case '`': in_raw = true; break;
      case '(': case '[': case '{': stack.push_back(c); break;
      case ')': close('(', c); break;
      case ']': close('[', c); break;
      case '}': close('{', c); break;
      default: break;
    }
  }
  if (!current.empty()) problems->push_back("text does not end with a newline");
  if (!stack.empty()) problems->push_back("unclosed '" + std::string(1, stack.back()) + "' at end of text");
  return lines;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsComment(const std::string& s) { return !s.empty() && s[0] == '#'; }

}  // namespace

std::vector<std::string> CheckRegoStructure(std::string_view text, std::string_view package) {
  std::vector<std::string> problems;
  std::vector<Line> lines = Lex(text, &problems);
  bool seen_package = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    std::string where = "line " + std::to_string(i + 1) + ": ";
    if (l.text.empty() || IsComment(l.text)) continue;
    if (!seen_package) {
      if (l.text != "package " + std::string(package)) problems.push_back(where + "expected package " + std::string(package));
      seen_package = true;
      continue;
    }
    if (l.depth != 0 || !EndsWith(l.text, "{")) continue;
    if (EndsWith(l.text, " := {")) continue;  // object value
    if (!EndsWith(l.text, " if {")) problems.push_back(where + "rule without 'if': " + l.text);
  }
  for (const Line& l : lines) {
    if (l.text.rfind("} else", 0) == 0 && !EndsWith(l.text, " if {")) {
      problems.push_back("else branch without 'if': " + l.text);
    }
  }
  if (!seen_package) problems.push_back("no package line");
  return problems;
}

std::map<std::string, int> DefaultCounts(std::string_view text) {
  std::map<std::string, int> out;
  for (const auto& line : TrimmedLines(text)) {
    if (line.rfind("default ", 0) != 0) continue;
    ++out[line.substr(8, line.find(' ', 8) - 8)];
  }
  return out;
}

std::map<std::string, std::string> DefaultValues(std::string_view text) {
  std::map<std::string, std::string> out;
  for (const auto& line : TrimmedLines(text)) {
    if (line.rfind("default ", 0) != 0) continue;
    size_t name_end = line.find(' ', 8);
    size_t assign = line.find(":= ", name_end);
    if (assign == std::string::npos) continue;
    out[line.substr(8, name_end - 8)] = line.substr(assign + 3);
  }
  return out;
}

std::vector<std::string> BuiltinStringArgs(std::string_view text, std::string_view builtin) {
  std::vector<std::string> out;
  std::string needle = std::string(builtin) + "(\"";
  for (size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
    size_t start = at + needle.size() - 1;
    size_t end = text.find("\")", start + 1);
    if (end == std::string_view::npos) break;
    out.push_back(nlohmann::json::parse(text.substr(start, end - start + 1)).get<std::string>());
  }
  return out;
}

std::vector<RegoBlock> TopLevelBlocks(std::string_view text) {
  std::vector<std::string> ignored;
  std::vector<Line> lines = Lex(text, &ignored);
  std::vector<RegoBlock> blocks;
  std::vector<std::string> comments;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    if (l.depth != 0) continue;
    if (IsComment(l.text)) {
      comments.push_back(l.text.size() > 2 ? l.text.substr(2) : "");
      continue;
    }
    if (!EndsWith(l.text, "{")) {
      comments.clear();
      continue;
    }
    RegoBlock block{comments, l.text, {}};
    comments.clear();
    for (++i; i < lines.size() && !(lines[i].depth == 1 && lines[i].text == "}" && (i + 1 == lines.size() || lines[i + 1].depth == 0)); ++i) {
      block.body.push_back(lines[i].text);
    }
    blocks.push_back(std::move(block));
  }
  return blocks;
}

std::vector<std::string> TrimmedLines(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    size_t first = line.find_first_not_of('\t');
    out.emplace_back(first == std::string_view::npos ? "" : line.substr(first));
    start = end + 1;
  }
  return out;
}

}  // namespace cocoplane::cpl::testing
