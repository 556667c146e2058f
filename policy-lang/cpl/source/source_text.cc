#include "cpl/source/source_text.h"

#include <algorithm>

namespace cocoplane::cpl {

Span Span::Cover(Span a, Span b) {
  uint32_t begin = std::min(a.offset, b.offset);
  uint32_t end = std::max(a.end(), b.end());
  return Span{begin, end - begin};
}

SourceText::SourceText(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  if (text_.size() > kMaxSourceBytes) {
    too_large_ = true;
    text_.resize(kMaxSourceBytes);
  }
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(static_cast<uint32_t>(i + 1));
  }
}

uint32_t SourceText::LineOf(uint32_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<uint32_t>(it - line_starts_.begin());
}

Location SourceText::Locate(Span span) const {
  uint32_t offset = std::min(span.offset, size());
  uint32_t line = LineOf(offset);
  uint32_t line_start = line_starts_[line - 1];
  uint32_t line_end = line < line_starts_.size() ? line_starts_[line] - 1 : size();
  uint32_t length = std::min(span.length, line_end > offset ? line_end - offset : 0);
  return Location{path_, line, offset - line_start + 1, length};
}

}  // namespace cocoplane::cpl
