// Regex: a compiled regular expression in RE2 syntax, the dialect that the
// policy engines running our Rego accept (OPA's regex.match is Go's regexp,
// regorus uses Rust's regex crate; both are RE2 dialects without lookaround
// or backreferences), and the dialect the Kata shim's Go code uses for
// `enable_annotations`.
//
// Matching runs in time linear in the input whatever the pattern: a
// user-written pattern like `(a*)*b` cannot stall the checker, the dry-run
// evaluator or the daemon, as a backtracking engine (std::regex) can.
// Compiling is bounded too: RE2 refuses a pattern whose program would exceed
// its memory budget (for example nested counted repeats) with an error.
//
// Value type; copies share the compiled program, which is immutable.
// Thread-safety: Search may be called from any number of threads at once.
#ifndef COCOPLANE_BASE_REGEX_H_
#define COCOPLANE_BASE_REGEX_H_

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace re2 {
class RE2;
}

namespace cocoplane {

class Regex {
 public:
  // Compiles `pattern`. A pattern RE2 does not accept is InvalidArgument
  // with RE2's reason ("missing ): (curl", "invalid perl operator: (?!").
  static Result<Regex> Compile(std::string_view pattern);

  // Unanchored search, like regex.match and Go's MatchString: true if any
  // substring of `text` matches. Anchor with ^ and $ in the pattern.
  bool Search(std::string_view text) const;

  const std::string& pattern() const;

 private:
  explicit Regex(std::shared_ptr<const re2::RE2> re) : re_(std::move(re)) {}
  std::shared_ptr<const re2::RE2> re_;
};

}  // namespace cocoplane

#endif  // COCOPLANE_BASE_REGEX_H_
