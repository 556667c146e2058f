// TOML string writers for the generated guest configuration files.
//
// The initdata digest is taken over the exact bytes cocoplane writes
// (../shared/reference/guest-components-and-kata.md §0 gotcha 1), so these
// writers are byte-stable by design: no library formatter whose output could
// change with a toml++ upgrade sits between the inputs and the hash.
//
// Contract: pure functions. Inputs must be valid UTF-8 (TOML documents are
// UTF-8; callers check with CheckTomlText first). Thread-safe.
#ifndef COCOPLANE_GEN_WORKLOAD_TOML_TEXT_H_
#define COCOPLANE_GEN_WORKLOAD_TOML_TEXT_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace cocoplane::gen::workload {

// OK when `text` is valid UTF-8; otherwise InvalidArgument naming `what` and
// the byte offset of the first bad byte.
Status CheckTomlText(std::string_view what, std::string_view text);

// A single-line TOML basic string, quotes included (TOML 1.0 "Basic
// strings"): `"`, `\` and control characters are escaped (\t \n \r \b \f,
// others as \u00XX); everything else, non-ASCII included, is copied as is.
std::string TomlBasicString(std::string_view text);

// True when `text` can be written as a multi-line literal string '''…'''
// with its bytes kept exactly: no `'''`, no control character other than tab
// and LF (no CR: parsers may normalise CRLF), and no trailing `'` (legal in
// TOML 1.0 but a corner older parsers get wrong).
bool FitsMultilineLiteral(std::string_view text);

// A multi-line string whose parsed value is exactly `text`:
//   '''<LF><text>'''           when FitsMultilineLiteral(text), else
//   """<LF><escaped text>"""   escaping `\`, `"`, CR and control characters
//                              other than tab and LF (LF stays literal).
// The LF after the opening delimiter is trimmed by every TOML parser, so the
// value starts at the first byte of `text`; the closing delimiter follows the
// last byte of `text` directly (a text ending in LF closes on its own line).
std::string TomlMultilineString(std::string_view text);

}  // namespace cocoplane::gen::workload

#endif  // COCOPLANE_GEN_WORKLOAD_TOML_TEXT_H_
