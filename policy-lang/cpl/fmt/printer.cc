#include "cpl/fmt/printer.h"

#include <algorithm>

namespace cocoplane::cpl::internal {

void Printer::StartLine(uint32_t offset, Blank blank) {
  bool first = true;
  while (next_comment_ < comments_.size() && comments_[next_comment_].span.offset < offset) {
    const Comment& c = comments_[next_comment_++];
    // A forced blank line goes above the comments that lead into the line.
    MaybeBlankLine(c.span.offset, first && blank == Blank::kForce ? Blank::kForce : Blank::kKeep);
    WriteIndent();
    out_ += CommentText(c);
    out_ += '\n';
    at_block_start_ = false;
    first = false;
  }
  MaybeBlankLine(offset, first || blank == Blank::kNever ? blank : Blank::kKeep);
  WriteIndent();
  at_block_start_ = false;
}

void Printer::EndLine(uint32_t end) {
  while (next_comment_ < comments_.size()) {
    const Comment& c = comments_[next_comment_];
    if (c.span.offset >= end && !TrailsAfter(end, c)) break;
    out_ += "  ";
    out_ += CommentText(c);
    ++next_comment_;
  }
  out_ += '\n';
}

void Printer::FlushComments(uint32_t offset) {
  while (next_comment_ < comments_.size() && comments_[next_comment_].span.offset < offset) {
    const Comment& c = comments_[next_comment_++];
    MaybeBlankLine(c.span.offset, Blank::kKeep);
    WriteIndent();
    out_ += CommentText(c);
    out_ += '\n';
    at_block_start_ = false;
  }
}

bool Printer::HasCommentsIn(Span span) const {
  auto it = std::lower_bound(comments_.begin(), comments_.end(), span.offset,
                             [](const Comment& c, uint32_t off) { return c.span.offset < off; });
  return it != comments_.end() && it->span.offset < span.end();
}

std::string Printer::Finish() {
  FlushComments(source_.size() + 1);
  return std::move(out_);
}

void Printer::MaybeBlankLine(uint32_t offset, Blank blank) {
  if (at_block_start_ || blank == Blank::kNever) return;
  if (blank == Blank::kForce || BlankLineBefore(offset)) out_ += '\n';
}

// True if only whitespace with two or more newlines separates `offset` from
// the previous non-blank character.
bool Printer::BlankLineBefore(uint32_t offset) const {
  std::string_view text = source_.text();
  int newlines = 0;
  for (size_t i = std::min<size_t>(offset, text.size()); i > 0; --i) {
    char c = text[i - 1];
    if (c == '\n') {
      if (++newlines >= 2) return true;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      return false;
    }
  }
  return false;
}

// A comment trails position `end` if it is a trailing comment and only
// spaces, tabs and commas lie between (the comma after a list element).
bool Printer::TrailsAfter(uint32_t end, const Comment& comment) const {
  if (!comment.trailing) return false;
  std::string_view between = source_.text().substr(end, comment.span.offset - end);
  return between.find_first_not_of(" \t,") == std::string_view::npos;
}

std::string_view Printer::CommentText(const Comment& comment) const {
  std::string_view text = source_.Slice(comment.span);
  // A lone carriage return is whitespace to the lexer, so it is trailing
  // whitespace here too; keeping it would change the text on a second run.
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace cocoplane::cpl::internal
