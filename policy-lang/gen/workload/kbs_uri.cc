#include "gen/workload/kbs_uri.h"

namespace cocoplane::gen::workload {
namespace {

constexpr std::string_view kScheme = "kbs:///";

bool IsSegmentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-';
}

// ^[a-zA-Z0-9_\-]+[a-zA-Z0-9_\-\.]*$ — Trustee ResourceDesc::try_from.
bool IsValidSegment(std::string_view s) {
  if (s.empty() || !IsSegmentChar(s.front())) return false;
  for (char c : s) {
    if (!IsSegmentChar(c) && c != '.') return false;
  }
  return true;
}

}  // namespace

Status ValidateKbsResourceUri(const KbsResourceUri& uri) {
  for (std::string_view segment : {uri.repository, uri.type, uri.tag}) {
    if (!IsValidSegment(segment)) {
      return Status::InvalidArgument("KBS resource segment '" + std::string(segment) +
                                     "' must match ^[a-zA-Z0-9_-][a-zA-Z0-9_.-]*$");
    }
  }
  return Status::Ok();
}

std::string FormatKbsResourceUri(const KbsResourceUri& uri) {
  return std::string(kScheme) + uri.repository + "/" + uri.type + "/" + uri.tag;
}

Result<KbsResourceUri> ParseKbsResourceUri(std::string_view text) {
  if (text.substr(0, kScheme.size()) != kScheme) {
    return Status::InvalidArgument("'" + std::string(text) + "' does not start with kbs:///");
  }
  std::string_view rest = text.substr(kScheme.size());
  size_t first = rest.find('/');
  size_t second = first == std::string_view::npos ? first : rest.find('/', first + 1);
  if (second == std::string_view::npos || rest.find('/', second + 1) != std::string_view::npos) {
    return Status::InvalidArgument("'" + std::string(text) +
                                   "' must have exactly three segments: kbs:///repo/type/tag");
  }
  KbsResourceUri uri{std::string(rest.substr(0, first)),
                     std::string(rest.substr(first + 1, second - first - 1)),
                     std::string(rest.substr(second + 1))};
  if (Status st = ValidateKbsResourceUri(uri); !st.ok()) return st;
  return uri;
}

}  // namespace cocoplane::gen::workload
