#include "cpl/ir/agent_facts.h"

#include <array>

namespace cocoplane::cpl::ir {
namespace {

using R = EndpointRule;

// Names: guest-components-and-kata.md §3. Rules: genpolicy rules.rego
// (defaults true for the sandbox-lifecycle set; rules for CreateContainer,
// CreateSandbox, CopyFile, ExecProcess and the network requests; the
// request_defaults flags for streams and diagnostics; false for the rest,
// SetPolicy included). Keep sorted by name (byte order).
constexpr std::array<AgentEndpoint, 41> kEndpoints = {{
    {"AddARPNeighborsRequest", R::kAddArpNeighbors},
    {"AddSwapPathRequest", R::kAlwaysDeny},
    {"AddSwapRequest", R::kAlwaysDeny},
    {"CloseStdinRequest", R::kStdin},
    {"CopyFileRequest", R::kCopyFile},
    {"CreateContainerRequest", R::kCreateContainer},
    {"CreateSandboxRequest", R::kCreateSandbox},
    {"DestroySandboxRequest", R::kAlwaysAllow},
    {"ExecProcessRequest", R::kExec},
    {"GetDiagnosticDataRequest", R::kDiagnostics},
    {"GetIPTablesRequest", R::kAlwaysDeny},
    {"GetMetricsRequest", R::kAlwaysDeny},
    {"GetOOMEventRequest", R::kAlwaysAllow},
    {"GuestDetailsRequest", R::kAlwaysAllow},
    {"ListInterfacesRequest", R::kAlwaysDeny},
    {"ListRoutesRequest", R::kAlwaysDeny},
    {"MemAgentCompactConfig", R::kAlwaysDeny},
    {"MemAgentMemcgConfig", R::kAlwaysDeny},
    {"MemHotplugByProbeRequest", R::kAlwaysDeny},
    {"OnlineCPUMemRequest", R::kAlwaysAllow},
    {"PauseContainerRequest", R::kAlwaysDeny},
    {"ReadStreamRequest", R::kLogs},
    {"RemoveContainerRequest", R::kAlwaysAllow},
    {"RemoveStaleVirtiofsShareMountsRequest", R::kAlwaysAllow},
    {"ReseedRandomDevRequest", R::kAlwaysDeny},
    {"ResizeVolumeRequest", R::kAlwaysDeny},
    {"ResumeContainerRequest", R::kAlwaysDeny},
    {"SetGuestDateTimeRequest", R::kAlwaysDeny},
    {"SetIPTablesRequest", R::kAlwaysDeny},
    {"SetPolicyRequest", R::kSetPolicy},
    {"SignalProcessRequest", R::kAlwaysAllow},
    {"StartContainerRequest", R::kAlwaysAllow},
    {"StatsContainerRequest", R::kAlwaysAllow},
    {"TtyWinResizeRequest", R::kAlwaysAllow},
    {"UpdateContainerRequest", R::kAlwaysDeny},
    {"UpdateEphemeralMountsRequest", R::kAlwaysDeny},
    {"UpdateInterfaceRequest", R::kUpdateInterface},
    {"UpdateRoutesRequest", R::kUpdateRoutes},
    {"VolumeStatsRequest", R::kAlwaysDeny},
    {"WaitProcessRequest", R::kAlwaysAllow},
    {"WriteStreamRequest", R::kStdin},
}};

}  // namespace

std::span<const AgentEndpoint> AgentEndpoints() { return kEndpoints; }

const AgentEndpoint* FindAgentEndpoint(std::string_view name) {
  for (const auto& endpoint : kEndpoints) {
    if (endpoint.name == name) return &endpoint;
  }
  return nullptr;
}

}  // namespace cocoplane::cpl::ir
