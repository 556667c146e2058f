// SourceText: the bytes of one .cpl file and the mapping from byte offsets
// to Locations.
//
// Every later phase refers to the text by Span (offset, length), which is
// two integers and never allocates; a Location (file:line:col) is computed
// only when a diagnostic or a tool needs one. The line table is built once
// in the constructor (O(size)); Locate() is a binary search.
//
// Files are limited to kMaxSourceBytes so offsets fit in 32 bits; the
// snapshot limit (base/snapshot.h, 8 MiB) is far below it.
//
// Thread-safety: immutable after construction; share it freely (phases hold
// it by std::shared_ptr<const SourceText> so an Ast can outlive the caller's
// copy of the text).
#ifndef COCOPLANE_CPL_SOURCE_SOURCE_TEXT_H_
#define COCOPLANE_CPL_SOURCE_SOURCE_TEXT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/location.h"

namespace cocoplane::cpl {

inline constexpr uint32_t kMaxSourceBytes = 64u << 20;

// A byte range in one SourceText.
struct Span {
  uint32_t offset = 0;
  uint32_t length = 0;

  uint32_t end() const { return offset + length; }
  // The smallest span covering both `a` and `b`.
  static Span Cover(Span a, Span b);

  friend bool operator==(const Span&, const Span&) = default;
};

class SourceText {
 public:
  // `path` is the repository-relative path used in Locations. Text longer
  // than kMaxSourceBytes is truncated; callers check TooLarge() first.
  SourceText(std::string path, std::string text);

  static std::shared_ptr<const SourceText> Make(std::string path, std::string text) {
    return std::make_shared<const SourceText>(std::move(path), std::move(text));
  }

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  uint32_t size() const { return static_cast<uint32_t>(text_.size()); }
  bool too_large() const { return too_large_; }

  std::string_view Slice(Span span) const { return std::string_view(text_).substr(span.offset, span.length); }

  // file:line:col of span.offset, with the length clipped to the end of
  // that line (the renderer underlines one line).
  Location Locate(Span span) const;
  // 1-based line of `offset`.
  uint32_t LineOf(uint32_t offset) const;

 private:
  std::string path_;
  std::string text_;
  bool too_large_ = false;
  // Offset of the first byte of every line; line_starts_[0] == 0.
  std::vector<uint32_t> line_starts_;
};

}  // namespace cocoplane::cpl

#endif  // COCOPLANE_CPL_SOURCE_SOURCE_TEXT_H_
