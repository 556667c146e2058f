// The `agent:` and `pod:` parts of a case.
#include <limits>

#include "cpl/ir/agent_facts.h"
#include "cpl/testing/decoder.h"

namespace cocoplane::cpl::testing::internal {
namespace {

std::vector<std::string> EndpointNames() {
  std::vector<std::string> out;
  for (const ir::AgentEndpoint& e : ir::AgentEndpoints()) out.emplace_back(e.name);
  return out;
}

std::optional<NameRef> ReadName(Decoder& d, const Node& node, std::string_view what) {
  auto text = d.String(node, what);
  if (!text) return std::nullopt;
  return NameRef{*text, node.at()};
}

void ReadEndpoint(Decoder& d, const Node& node, AgentCase* out) {
  Node endpoint = node.Child("endpoint");
  if (!d.Require(node, endpoint, "an agent case",
                 "name the request: `endpoint: ExecProcessRequest`"))
    return;
  auto text = d.String(endpoint, "`endpoint`");
  if (!text) return;
  if (ir::FindAgentEndpoint(*text) != nullptr) {
    out->endpoint = *text;
    return;
  }
  // An unknown name would simply be denied; that is never what a test means.
  std::string hint = DidYouMean(*text, EndpointNames());
  if (hint.empty() && ir::FindAgentEndpoint(*text + "Request") != nullptr) {
    hint = "did you mean `" + *text + "Request`?";
  }
  d.Report(
      DiagKind::kTestBadValue, endpoint.at(), "`" + *text + "` is not a Kata agent endpoint",
      hint.empty() ? "endpoints are agent.proto request names, e.g. ExecProcessRequest" : hint);
}

}  // namespace

void DecodeAgent(Decoder& d, const Node& node, AgentCase* out) {
  d.CheckKeys(node, {"workload", "profile", "endpoint", "request"}, "an agent case");
  Node workload = node.Child("workload");
  Node profile = node.Child("profile");
  if (workload.present() && profile.present()) {
    d.Report(DiagKind::kTestConflictingKeys, profile.key_at(),
             "`profile` cannot be combined with `workload`",
             "a workload already selects its profile; keep one of the two");
  } else if (workload.present()) {
    if (auto name = ReadName(d, workload, "`workload`")) out->workload = *name;
  } else if (profile.present()) {
    if (auto name = ReadName(d, profile, "`profile`")) out->profile = *name;
  } else {
    d.Report(
        DiagKind::kTestMissingKey, node.at(), "an agent case needs `workload` or `profile`",
        "say whose agent policy answers: `workload: ingress-tls` or `profile: strict_service`");
  }
  ReadEndpoint(d, node, out);
  if (Node request = node.Child("request"); request.present()) {
    if (d.ExpectMapping(request, "`request`")) out->request = *request.value;
  }
}

void DecodePod(Decoder& d, const Node& node, PodCase* out) {
  d.CheckKeys(node, {"pool", "annotations", "memory", "vcpus"}, "a pod case");
  Node pool = node.Child("pool");
  if (d.Require(node, pool, "a pod case", "name the node pool: `pool: snp`")) {
    if (auto name = ReadName(d, pool, "`pool`")) out->pool = *name;
  }
  if (Node annotations = node.Child("annotations"); annotations.present()) {
    if (d.ExpectMapping(annotations, "`annotations`")) {
      for (const auto& [key, value] : annotations.value->items()) {
        // Kubernetes annotation values are strings; so are these.
        if (auto text = d.String(annotations.Child(key), "annotation `" + key + "`")) {
          out->annotations[key] = *text;
        }
      }
    }
  }
  constexpr int64_t kMax = std::numeric_limits<uint32_t>::max();
  if (Node memory = node.Child("memory"); memory.present()) {
    if (auto v = d.Integer(memory, "`memory` (MiB)", 0, kMax))
      out->memory_mib = static_cast<uint32_t>(*v);
  }
  if (Node vcpus = node.Child("vcpus"); vcpus.present()) {
    if (auto v = d.Integer(vcpus, "`vcpus`", 0, kMax)) out->vcpus = static_cast<uint32_t>(*v);
  }
}

}  // namespace cocoplane::cpl::testing::internal
