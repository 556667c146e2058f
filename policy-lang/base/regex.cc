#include "base/regex.h"

#include <re2/re2.h>

namespace cocoplane {

Result<Regex> Regex::Compile(std::string_view pattern) {
  RE2::Options options;
  // Errors come back as a Status; RE2 would otherwise also print them.
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) {
    return Status::InvalidArgument(re->error());
  }
  return Regex(std::move(re));
}

bool Regex::Search(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

const std::string& Regex::pattern() const { return re_->pattern(); }

}  // namespace cocoplane
