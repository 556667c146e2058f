#include "gen/workload/pod_patch.h"

#include <set>
#include <string>
#include <string_view>

#include "crypto/encoding.h"
#include "gen/workload/initdata.h"

namespace cocoplane::gen::workload {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// RFC 1123 label, as Kubernetes validates container names.
bool IsDnsLabel(std::string_view s) {
  if (s.empty() || s.size() > 63 || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) {
    return false;
  }
  for (char c : s) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

// RFC 1123 subdomain, as Kubernetes validates object names (RuntimeClass).
bool IsDnsSubdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0;
  for (;;) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!IsDnsLabel(label)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

Status Validate(const PodPatchInput& input) {
  if (!IsDnsSubdomain(input.runtime_class_name)) {
    return Status::InvalidArgument("runtime class '" + input.runtime_class_name +
                                   "' is not a valid Kubernetes object name");
  }
  if (input.initdata_annotation.empty() ||
      !crypto::IsBase64(input.initdata_annotation, crypto::Base64Alphabet::kStandard)) {
    return Status::InvalidArgument("initdata annotation must be non-empty standard base64");
  }
  if (input.memory_mib && *input.memory_mib == 0) {
    return Status::InvalidArgument("guest memory must be at least 1 MiB");
  }
  std::set<std::string_view> seen;
  for (const auto& name : input.container_names) {
    if (!IsDnsLabel(name)) {
      return Status::InvalidArgument("container name '" + name + "' is not a DNS label");
    }
    if (!seen.insert(name).second) {
      return Status::InvalidArgument("container '" + name + "' is listed twice");
    }
  }
  return Status::Ok();
}

// Appends `"key": ` at `indent` spaces. Every string the patch holds is a
// DNS name, decimal digits or base64 (Validate), none of which JSON escapes,
// so keys and values are written as they are.
void Key(std::string& out, int indent, std::string_view key) {
  out.append(static_cast<size_t>(indent), ' ');
  out += '"';
  out += key;
  out += "\": ";
}

// `"key": "value"`.
void Member(std::string& out, int indent, std::string_view key, std::string_view value) {
  Key(out, indent, key);
  out += '"';
  out += value;
  out += '"';
}

// `"key": {` or `"key": [`, and a line feed.
void Open(std::string& out, int indent, std::string_view key, char bracket) {
  Key(out, indent, key);
  out += bracket;
  out += '\n';
}

// A bracket alone at `indent`: a closing one, or the `{` that opens an
// element of an array.
void Bracket(std::string& out, int indent, char bracket) {
  out.append(static_cast<size_t>(indent), ' ');
  out += bracket;
}

}  // namespace

// The bytes nlohmann::json::dump(2) prints for the same object (keys sorted,
// two-space indent; tests/gen/workload/pod_patch_test.cc checks it): written
// here directly because the annotation is most of the patch, and running
// nlohmann's UTF-8 escaper over it was a tenth of a compile.
Result<std::string> RenderPodPatch(const PodPatchInput& input) {
  if (Status st = Validate(input); !st.ok()) return st;
  std::string memory = input.memory_mib ? std::to_string(*input.memory_mib) : "";
  std::string out;
  out.reserve(input.initdata_annotation.size() + 512 + 256 * input.container_names.size());
  out += "{\n";
  Open(out, 2, "metadata", '{');
  Open(out, 4, "annotations", '{');
  Member(out, 6, kInitdataAnnotation, input.initdata_annotation);
  if (input.memory_mib) {
    out += ",\n";
    Member(out, 6, kDefaultMemoryAnnotation, memory);
  }
  out += '\n';
  Bracket(out, 4, '}');
  out += '\n';
  Bracket(out, 2, '}');
  out += ",\n";
  Open(out, 2, "spec", '{');
  if (input.memory_mib && !input.container_names.empty()) {
    Open(out, 4, "containers", '[');
    bool first = true;
    for (const auto& name : input.container_names) {
      if (!first) out += ",\n";
      first = false;
      Bracket(out, 6, '{');
      out += '\n';
      Member(out, 8, "name", name);
      out += ",\n";
      Open(out, 8, "resources", '{');
      for (std::string_view side : {"limits", "requests"}) {
        Open(out, 10, side, '{');
        Member(out, 12, "memory", memory + "Mi");
        out += '\n';
        Bracket(out, 10, '}');
        out += side == "limits" ? ",\n" : "\n";
      }
      Bracket(out, 8, '}');
      out += '\n';
      Bracket(out, 6, '}');
    }
    out += '\n';
    Bracket(out, 4, ']');
    out += ",\n";
  }
  Member(out, 4, "runtimeClassName", input.runtime_class_name);
  out += '\n';
  Bracket(out, 2, '}');
  out += "\n}\n";
  return out;
}

}  // namespace cocoplane::gen::workload
