// Decoding and encoding of CPL literals (SPEC.md §1.4, §1.5).
//
// The lexer validates every literal and reports what is wrong; these
// functions then turn the text of a *valid* token into a value. Given an
// invalid token they still return something (never crash, never throw), so
// callers need not re-check.
#ifndef COCOPLANE_CPL_LEX_LITERALS_H_
#define COCOPLANE_CPL_LEX_LITERALS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace cocoplane::cpl {

// Integer suffixes. Quantities of memory are counted in MiB, so `Mi` is a
// factor of 1 and `Gi` a factor of 1024 (SPEC.md §1.5).
enum class IntUnit : uint8_t { kNone, kMi, kGi };

std::string_view IntUnitSuffix(IntUnit unit);
int64_t IntUnitFactor(IntUnit unit);

struct IntLiteralValue {
  // The number as written, without the unit factor applied.
  int64_t digits = 0;
  IntUnit unit = IntUnit::kNone;
};

// Decodes the text of an Integer token ("-12", "64Gi").
IntLiteralValue DecodeInteger(std::string_view text);

// Decodes the text of a String token, quotes included, resolving escapes.
std::string DecodeString(std::string_view text);

// The canonical spelling of `value` as a CPL string literal: quotes, `\"`,
// `\\`, `\n`, `\t`, `\r`, `\u{..}` for other control characters; every
// other byte (UTF-8 included) as is. DecodeString(EncodeString(v)) == v.
std::string EncodeString(std::string_view value);

}  // namespace cocoplane::cpl

#endif  // COCOPLANE_CPL_LEX_LITERALS_H_
