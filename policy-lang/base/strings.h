// Small string helpers shared by every phase. Pure functions, no allocation
// beyond the returned string.
#ifndef COCOPLANE_BASE_STRINGS_H_
#define COCOPLANE_BASE_STRINGS_H_

#include <string>
#include <string_view>
#include <vector>

namespace cocoplane {

// Returns `s` as a JSON string literal, quotes included. Control characters
// are escaped as \uXXXX; bytes >= 0x80 are passed through (callers hand in
// UTF-8 that has already been validated).
std::string JsonQuote(std::string_view s);

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
// On failure, `*bad_offset` (if given) receives the offset of the first bad byte.
bool IsValidUtf8(std::string_view s, size_t* bad_offset = nullptr);

// Returns the 1-based line and column (in bytes) of `offset` within `text`.
void LineColumnAt(std::string_view text, size_t offset, unsigned* line, unsigned* column);

// Returns line `line` (1-based) of `text` without its terminator, or "".
std::string_view LineAt(std::string_view text, unsigned line);

// Classic Levenshtein distance; used for "did you mean" hints.
size_t EditDistance(std::string_view a, std::string_view b);

// Returns the candidate closest to `word` if it is close enough to be a
// plausible typo (distance <= max(1, len/3)), else "".
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace cocoplane

#endif  // COCOPLANE_BASE_STRINGS_H_
