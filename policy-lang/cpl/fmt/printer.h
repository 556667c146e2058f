// Internal to cpl/fmt: the line printer that puts comments back.
//
// The formatter walks the tree and, for every output line, tells the
// Printer where the line's content starts and ends in the *source*
// (StartLine / EndLine). Comments are emitted by position: a comment that
// lies before a line's start goes on its own line above it; a comment that
// lies inside the line's source range, or follows it on the same source
// line, goes at the end of the line. Nothing is ever dropped: Finish()
// emits what is left.
#ifndef COCOPLANE_CPL_FMT_PRINTER_H_
#define COCOPLANE_CPL_FMT_PRINTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "cpl/lex/token.h"
#include "cpl/source/source_text.h"

namespace cocoplane::cpl::internal {

class Printer {
 public:
  // Whether a blank line may precede a line.
  enum class Blank {
    kKeep,   // if the source had one
    kForce,  // always (between block declarations)
    kNever,  // never (closing brackets)
  };

  Printer(const SourceText& source, const std::vector<Comment>& comments)
      : source_(source), comments_(comments) {}

  // Emits the comments before `offset`, then the indentation.
  void StartLine(uint32_t offset, Blank blank = Blank::kKeep);
  void Write(std::string_view text) { out_ += text; }
  // Appends the comments inside the line or trailing it in the source
  // (everything before `end`, and a comment after `end` on the same source
  // line), then the newline.
  void EndLine(uint32_t end);
  // Emits, each on its own line, the comments before `offset`.
  void FlushComments(uint32_t offset);
  // After an opening brace: no blank line before the first inner line.
  void OpenBlock() {
    ++indent_;
    at_block_start_ = true;
  }
  void CloseBlock() { --indent_; }

  bool HasCommentsIn(Span span) const;
  std::string Finish();

 private:
  void MaybeBlankLine(uint32_t offset, Blank blank);
  void WriteIndent() { out_.append(2 * static_cast<size_t>(indent_), ' '); }
  bool BlankLineBefore(uint32_t offset) const;
  bool TrailsAfter(uint32_t end, const Comment& comment) const;
  std::string_view CommentText(const Comment& comment) const;

  const SourceText& source_;
  const std::vector<Comment>& comments_;
  size_t next_comment_ = 0;
  int indent_ = 0;
  bool at_block_start_ = true;
  std::string out_;
};

}  // namespace cocoplane::cpl::internal

#endif  // COCOPLANE_CPL_FMT_PRINTER_H_
