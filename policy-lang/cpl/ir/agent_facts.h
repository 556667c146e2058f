// Facts about the Kata agent policy interface that both the evaluator and
// the Rego generator use, so their decisions agree by construction.
//
// - The endpoint table: every request name the agent asks the policy about
//   (guest-components-and-kata.md §3 "Endpoint names", from
//   kata-containers src/libs/protocols/protos/agent.proto) and how a profile
//   decides it. Defaults follow genpolicy (src/tools/genpolicy/rules.rego):
//   the endpoints genpolicy allows unconditionally stay allowed, those it
//   checks with rules are checked, everything else is denied.
// - The constants genpolicy's genpolicy-settings.json feeds those rules
//   (request_defaults, common.sfprefix), and the request shapes the agent
//   hands to regorus (input.process.Args, input.OCI.Mounts[].type_, ...).
//
// Pure constants; thread-safe.
#ifndef COCOPLANE_CPL_IR_AGENT_FACTS_H_
#define COCOPLANE_CPL_IR_AGENT_FACTS_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace cocoplane::cpl::ir {

// How an endpoint is decided.
enum class EndpointRule {
  // `default X := true`, no rule (genpolicy's always-allowed set).
  kAlwaysAllow,
  // `default X := false`, no rule.
  kAlwaysDeny,
  // Decided by the profile.
  kExec,             // ExecProcessRequest: exec allow lists
  kLogs,             // ReadStreamRequest: logs allow|deny
  kStdin,            // WriteStreamRequest, CloseStdinRequest: stdin allow|deny
  kCopyFile,         // CopyFileRequest: copy_file
  kCreateContainer,  // CreateContainerRequest: volumes, env, no OCI hooks
  kSetPolicy,        // SetPolicyRequest: set_policy
  kDiagnostics,      // GetDiagnosticDataRequest: diagnostics
  // Fixed rules modelled on genpolicy's, same for every profile.
  kCreateSandbox,
  kUpdateInterface,
  kUpdateRoutes,
  kAddArpNeighbors,
};

struct AgentEndpoint {
  std::string_view name;
  EndpointRule rule;
};

// Every endpoint, sorted by name. Each appears exactly once.
std::span<const AgentEndpoint> AgentEndpoints();
// nullptr for a name that is not an agent endpoint.
const AgentEndpoint* FindAgentEndpoint(std::string_view name);

// ---- CopyFileRequest (input.path) ------------------------------------------
// genpolicy's CopyFileRequest regex "$(sfprefix)" with $(cpath) and
// $(bundle-id) substituted (genpolicy-settings.json common.sfprefix).
inline constexpr std::string_view kSharedFilesPathRegex =
    "^/run/kata-containers/shared/containers/[a-z0-9]{64}-[a-z0-9]{16}-";
// A ".." path component. (genpolicy's check_directory_traversal leaves the
// dots unescaped; this is the intended check.)
inline constexpr std::string_view kDirectoryTraversalRegex = "(^|/)\\.\\.($|/)";

// ---- CreateContainerRequest --------------------------------------------------
// A host-path mount: an OCI mount (input.OCI.Mounts[]) whose type_ is "bind"
// and whose source is an absolute path outside the guest runtime tree. The
// runtime copies shared files, emptyDirs and the sandbox shm under that tree;
// genpolicy's get_host_path_mount shows hostPath /dev/... and /sys/... kept
// as raw host paths. (A hostPath file the runtime copies into the shared tree
// is indistinguishable from a configMap at this point.)
inline constexpr std::string_view kBindMountType = "bind";
inline constexpr std::string_view kGuestRuntimeTreePrefix = "/run/kata-containers/";
// Disk-backed emptyDir storages (input.storages[]): the guest-local "local"
// driver, or a block device the agent formats ("create_filesystem"). Only a
// block device with "encryption_key=ephemeral" is CDH-encrypted
// (kata agent storage/block_handler.rs; guest-components-and-kata.md §9).
inline constexpr std::string_view kLocalStorageDriver = "local";
inline constexpr std::string_view kBlockStorageDrivers[] = {"blk", "blk-ccw", "scsi"};
inline constexpr std::string_view kCreateFilesystemOption = "create_filesystem";
inline constexpr std::string_view kEphemeralEncryptionOption = "encryption_key=ephemeral";

// ---- network requests (genpolicy-settings.json request_defaults) -------------
// UpdateInterfaceRequest: only IFF_NOARP may be set in raw_flags.
inline constexpr int64_t kInterfaceAllowedRawFlags = 128;
inline constexpr std::string_view kForbiddenInterfaceNames[] = {"lo"};
inline constexpr std::string_view kForbiddenHwAddrs[] = {"00:00:00:00:00:00"};
// UpdateRoutesRequest and AddARPNeighborsRequest: no loopback.
inline constexpr std::string_view kForbiddenDeviceNames[] = {"lo"};
inline constexpr std::string_view kLoopbackAddressRegexes[] = {
    "^(?:0{0,4}:){0,7}0{0,3}1$",
    "^127\\.(?:[0-9]{1,3}\\.){2}[0-9]{1,3}$",
};
// AddARPNeighborsRequest: NUD_PERMANENT only; flags within NTF_ROUTER|NTF_PROXY.
inline constexpr int64_t kArpAllowedState = 128;
inline constexpr int64_t kArpAllowedFlags = 136;

}  // namespace cocoplane::cpl::ir

#endif  // COCOPLANE_CPL_IR_AGENT_FACTS_H_
