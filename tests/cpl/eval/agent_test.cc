// Agent decisions for hand-built profiles. Request shapes are the ones the
// Kata agent hands to its policy engine (genpolicy rules.rego reads
// input.process.Args, input.path, input.OCI.Mounts[].type_/source,
// input.storages[].driver/driver_options, input.OCI.Process.Env, ...).
#include "cpl/eval/agent.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cpl/ir/agent_facts.h"
#include "cpl/ir/verify.h"
#include "testing/matchers.h"

namespace cocoplane::cpl::eval {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

// strict_service from the CPL concept sketch.
ir::AgentProfile StrictService() {
  ir::AgentProfile p;
  p.name = "strict_service";
  p.location = {"policies/agent.cpl", 1, 1, 0};
  p.exec.allow_argv = {{"/usr/bin/healthcheck"}};
  p.exec.allow_regexes = {"^/usr/bin/curl -s http://127\\.0\\.0\\.1:8080/health$"};
  p.copy_file.allow_prefixes = {"/etc/app/"};
  p.volumes.deny_host_path = true;
  p.volumes.require_encrypted_empty_dir = true;
  p.env.restricted = true;
  p.env.allow_regexes = {"^[A-Z_][A-Z0-9_]*=.*$"};
  return p;
}

bool Allowed(const ir::AgentProfile& profile, std::string_view endpoint, const json& request) {
  auto d = EvaluateAgent(profile, endpoint, request);
  EXPECT_OK(d.status());
  return d.ok() && d->allowed;
}

json Exec(std::vector<std::string> argv) { return {{"container_id", "c1"}, {"exec_id", "e1"}, {"process", {{"Args", argv}}}}; }

// A CreateContainerRequest as the agent sees it, trimmed to what rules read.
json Container() {
  return json::parse(R"json({
    "container_id": "6f2c", "exec_id": "6f2c",
    "OCI": {
      "Version": "1.1.0",
      "Process": {"Args": ["/app/server"], "Env": ["PATH=/usr/bin:/bin", "HOSTNAME=payments-0"], "Cwd": "/"},
      "Root": {"Path": "/run/kata-containers/shared/containers/6f2c/rootfs", "Readonly": false},
      "Mounts": [
        {"destination": "/proc", "type_": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"]},
        {"destination": "/etc/hosts", "type_": "bind",
         "source": "/run/kata-containers/shared/containers/6f2c-1a2b3c4d5e6f7a8b-hosts", "options": ["rbind", "rprivate", "rw"]},
        {"destination": "/dev/shm", "type_": "bind", "source": "/run/kata-containers/sandbox/shm", "options": ["rbind"]}
      ],
      "Hooks": null,
      "Annotations": {"io.kubernetes.cri.container-type": "container"}
    },
    "storages": [
      {"driver": "ephemeral", "driver_options": [], "source": "tmpfs", "fstype": "tmpfs", "options": [],
       "mount_point": "/run/kata-containers/sandbox/ephemeral/cache"}
    ],
    "sandbox_pidns": false
  })json");
}

TEST(AgentExecTest, AllowsExactArgvAndRegexOnly) {
  ir::AgentProfile p = StrictService();
  ir::Policy policy;
  policy.agent_profiles = {p};
  ASSERT_OK(ir::Verify(policy));
  EXPECT_TRUE(Allowed(p, "ExecProcessRequest", Exec({"/usr/bin/healthcheck"})));
  EXPECT_TRUE(Allowed(p, "ExecProcessRequest", Exec({"/usr/bin/curl", "-s", "http://127.0.0.1:8080/health"})));
  EXPECT_FALSE(Allowed(p, "ExecProcessRequest", Exec({"/usr/bin/healthcheck", "--verbose"})));
  EXPECT_FALSE(Allowed(p, "ExecProcessRequest", Exec({"/bin/sh"})));
  EXPECT_FALSE(Allowed(p, "ExecProcessRequest", Exec({"/usr/bin/curl", "-s", "http://127.0.0.1:8080/health", "x"})));
  EXPECT_FALSE(Allowed(p, "ExecProcessRequest", json{{"process", {{"Args", {"/usr/bin/curl", 1}}}}}));
  EXPECT_FALSE(Allowed(p, "ExecProcessRequest", json::object()));
}

TEST(AgentExecTest, RegexIsUnanchoredLikeRegoRegexMatch) {
  ir::AgentProfile p;
  p.name = "p";
  p.exec.allow_regexes = {"date"};
  EXPECT_TRUE(Allowed(p, "ExecProcessRequest", Exec({"/bin/date", "-u"})));
}

TEST(AgentExecTest, DeniesEveryExecByDefault) {
  ir::AgentProfile p;
  p.name = "empty";
  auto d = EvaluateAgent(p, "ExecProcessRequest", Exec({"/bin/true"}));
  ASSERT_OK(d.status());
  EXPECT_FALSE(d->allowed);
  EXPECT_THAT(d->trace.front(), HasSubstr("matches no exec allow rule"));
  EXPECT_EQ(d->trace.back(), "ExecProcessRequest: denied");
}

TEST(AgentStreamTest, LogsStdinDiagnosticsAndSetPolicyFollowTheProfile) {
  ir::AgentProfile p;
  p.name = "p";
  for (auto endpoint : {"ReadStreamRequest", "WriteStreamRequest", "CloseStdinRequest", "GetDiagnosticDataRequest",
                        "SetPolicyRequest"}) {
    EXPECT_FALSE(Allowed(p, endpoint, json::object())) << endpoint;
  }
  p.logs_access = ir::Permission::kAllow;
  p.stdin_access = ir::Permission::kAllow;
  p.diagnostics = ir::Permission::kAllow;
  p.set_policy = ir::Permission::kAllow;
  for (auto endpoint : {"ReadStreamRequest", "WriteStreamRequest", "CloseStdinRequest", "GetDiagnosticDataRequest",
                        "SetPolicyRequest"}) {
    EXPECT_TRUE(Allowed(p, endpoint, json::object())) << endpoint;
  }
}

TEST(AgentCopyFileTest, SharedFilesTreeAndProfilePrefixes) {
  ir::AgentProfile p = StrictService();
  std::string shared = "/run/kata-containers/shared/containers/" + std::string(64, 'a') + "-0123456789abcdef-hosts";
  EXPECT_TRUE(Allowed(p, "CopyFileRequest", {{"path", shared}, {"file_type", "Regular"}}));
  EXPECT_TRUE(Allowed(p, "CopyFileRequest", {{"path", "/etc/app/config.yaml"}}));
  EXPECT_FALSE(Allowed(p, "CopyFileRequest", {{"path", "/etc/passwd"}}));
  EXPECT_FALSE(Allowed(p, "CopyFileRequest", {{"path", "/etc/app/../passwd"}}));
  EXPECT_FALSE(Allowed(p, "CopyFileRequest", {{"path", shared + "/../../../etc"}}));
  EXPECT_FALSE(Allowed(p, "CopyFileRequest", {{"path", 7}}));
  p.copy_file.permission = ir::Permission::kDeny;
  EXPECT_FALSE(Allowed(p, "CopyFileRequest", {{"path", shared}}));
}

TEST(AgentCreateContainerTest, AllowsAConformingContainer) {
  auto d = EvaluateAgent(StrictService(), "CreateContainerRequest", Container());
  ASSERT_OK(d.status());
  EXPECT_TRUE(d->allowed) << d->trace.front();
}

TEST(AgentCreateContainerTest, DeniesOciHooks) {
  json c = Container();
  c["OCI"]["Hooks"] = {{"prestart", json::array({{{"path", "/bin/evil"}}})}};
  EXPECT_FALSE(Allowed(StrictService(), "CreateContainerRequest", c));
  ir::AgentProfile lax;
  lax.name = "lax";
  EXPECT_FALSE(Allowed(lax, "CreateContainerRequest", c));
  c["OCI"].erase("Hooks");
  EXPECT_TRUE(Allowed(lax, "CreateContainerRequest", c));
}

TEST(AgentCreateContainerTest, DeniesHostPathMountsWhenTheProfileSaysSo) {
  json c = Container();
  c["OCI"]["Mounts"].push_back({{"destination", "/dev/ttyS0"}, {"type_", "bind"}, {"source", "/dev/ttyS0"},
                                {"options", {"rbind", "rprivate", "rw"}}});
  auto d = EvaluateAgent(StrictService(), "CreateContainerRequest", c);
  ASSERT_OK(d.status());
  EXPECT_FALSE(d->allowed);
  EXPECT_THAT(d->trace.front(), HasSubstr("binds a host path"));
  ir::AgentProfile p = StrictService();
  p.volumes.deny_host_path = false;
  EXPECT_TRUE(Allowed(p, "CreateContainerRequest", c));
}

TEST(AgentCreateContainerTest, RequiresEncryptedDiskEmptyDirs) {
  ir::AgentProfile p = StrictService();
  json encrypted = Container();
  encrypted["storages"].push_back({{"driver", "blk"}, {"driver_options", {"encryption_key=ephemeral", "create_filesystem"}},
                                   {"source", "0000:00:05.0"}, {"fstype", "ext4"}, {"mount_point", "/run/kata-containers/sandbox/storage/x"}});
  EXPECT_TRUE(Allowed(p, "CreateContainerRequest", encrypted));
  json plain = Container();
  plain["storages"].push_back({{"driver", "scsi"}, {"driver_options", {"create_filesystem"}}, {"source", "0:0:0:1"}});
  EXPECT_FALSE(Allowed(p, "CreateContainerRequest", plain));
  json local = Container();
  local["storages"].push_back({{"driver", "local"}, {"driver_options", json::array()}, {"source", "local"},
                               {"fstype", "local"}, {"options", {"mode=0777"}}});
  EXPECT_FALSE(Allowed(p, "CreateContainerRequest", local));
  p.volumes.require_encrypted_empty_dir = false;
  EXPECT_TRUE(Allowed(p, "CreateContainerRequest", local));
}

TEST(AgentCreateContainerTest, EnvMustMatchAnAllowRegex) {
  ir::AgentProfile p = StrictService();
  json c = Container();
  c["OCI"]["Process"]["Env"].push_back("lowercase=bad");
  EXPECT_FALSE(Allowed(p, "CreateContainerRequest", c));
  p.env.allow_regexes.push_back("^lowercase=");
  EXPECT_TRUE(Allowed(p, "CreateContainerRequest", c));
  p.env.allow_regexes.clear();
  EXPECT_FALSE(Allowed(p, "CreateContainerRequest", c));
  c["OCI"]["Process"]["Env"] = json::array();
  EXPECT_TRUE(Allowed(p, "CreateContainerRequest", c));
  p.env.restricted = false;
  c["OCI"]["Process"]["Env"] = {"anything=goes"};
  EXPECT_TRUE(Allowed(p, "CreateContainerRequest", c));
}

TEST(AgentDefaultsTest, FollowsGenpolicyForFixedEndpoints) {
  ir::AgentProfile p;
  p.name = "p";
  for (auto endpoint : {"DestroySandboxRequest", "StartContainerRequest", "WaitProcessRequest", "SignalProcessRequest",
                        "RemoveContainerRequest", "StatsContainerRequest"}) {
    EXPECT_TRUE(Allowed(p, endpoint, json::object())) << endpoint;
  }
  for (auto endpoint : {"SetIPTablesRequest", "GetIPTablesRequest", "AddSwapRequest", "UpdateEphemeralMountsRequest",
                        "PauseContainerRequest", "MemAgentMemcgConfig"}) {
    EXPECT_FALSE(Allowed(p, endpoint, json::object())) << endpoint;
  }
}

TEST(AgentDefaultsTest, DeniesUnknownEndpoints) {
  ir::AgentProfile p;
  p.name = "p";
  auto d = EvaluateAgent(p, "PullImageRequest", json::object());
  ASSERT_OK(d.status());
  EXPECT_FALSE(d->allowed);
  EXPECT_THAT(d->trace.front(), HasSubstr("not an agent endpoint"));
}

TEST(AgentDefaultsTest, EveryEndpointGetsADecision) {
  ir::AgentProfile p = StrictService();
  for (const auto& endpoint : ir::AgentEndpoints()) {
    auto d = EvaluateAgent(p, endpoint.name, json::object());
    ASSERT_OK(d.status());
    EXPECT_FALSE(d->trace.empty()) << endpoint.name;
  }
}

TEST(AgentSandboxTest, CreateSandboxRefusesHooksModulesAndSharedPidns) {
  ir::AgentProfile p = StrictService();
  json ok = {{"hostname", ""}, {"guest_hook_path", ""}, {"kernel_modules", json::array()}, {"sandbox_pidns", false},
             {"storages", json::array()}};
  EXPECT_TRUE(Allowed(p, "CreateSandboxRequest", ok));
  json hooks = ok;
  hooks["guest_hook_path"] = "/usr/share/oci/hooks";
  EXPECT_FALSE(Allowed(p, "CreateSandboxRequest", hooks));
  json modules = ok;
  modules["kernel_modules"] = {"evil"};
  EXPECT_FALSE(Allowed(p, "CreateSandboxRequest", modules));
  json pidns = ok;
  pidns["sandbox_pidns"] = true;
  EXPECT_FALSE(Allowed(p, "CreateSandboxRequest", pidns));
  EXPECT_FALSE(Allowed(p, "CreateSandboxRequest", json::object()));
}

TEST(AgentNetworkTest, InterfacesAndRoutesStayOffLoopback) {
  ir::AgentProfile p = StrictService();
  json eth0 = {{"interface", {{"name", "eth0"}, {"hwAddr", "0a:58:0a:f4:00:05"}, {"raw_flags", 0}}}};
  EXPECT_TRUE(Allowed(p, "UpdateInterfaceRequest", eth0));
  json noarp = eth0;
  noarp["interface"]["raw_flags"] = 128;
  EXPECT_TRUE(Allowed(p, "UpdateInterfaceRequest", noarp));
  json promisc = eth0;
  promisc["interface"]["raw_flags"] = 256;
  EXPECT_FALSE(Allowed(p, "UpdateInterfaceRequest", promisc));
  json lo = eth0;
  lo["interface"]["name"] = "lo";
  EXPECT_FALSE(Allowed(p, "UpdateInterfaceRequest", lo));

  json routes = {{"routes", {{"Routes", {{{"dest", "10.244.0.0/16"}, {"gateway", "10.244.0.1"}, {"device", "eth0"},
                                          {"source", ""}}}}}}};
  EXPECT_TRUE(Allowed(p, "UpdateRoutesRequest", routes));
  json loop_source = routes;
  loop_source["routes"]["Routes"][0]["source"] = "127.0.0.1";
  EXPECT_FALSE(Allowed(p, "UpdateRoutesRequest", loop_source));
  json loop_device = routes;
  loop_device["routes"]["Routes"][0]["device"] = "lo";
  EXPECT_FALSE(Allowed(p, "UpdateRoutesRequest", loop_device));
  EXPECT_FALSE(Allowed(p, "UpdateRoutesRequest", json::object()));
}

TEST(AgentNetworkTest, ArpNeighborsArePermanentAndOffLoopback) {
  ir::AgentProfile p = StrictService();
  json n = {{"neighbors",
             {{"ARPNeighbors",
               {{{"toIPAddress", {{"address", "10.244.0.1"}, {"mask", ""}}}, {"device", "eth0"},
                 {"lladdr", "0a:58:0a:f4:00:01"}, {"state", 128}, {"flags", 0}}}}}}};
  EXPECT_TRUE(Allowed(p, "AddARPNeighborsRequest", n));
  json stale = n;
  stale["neighbors"]["ARPNeighbors"][0]["state"] = 4;
  EXPECT_FALSE(Allowed(p, "AddARPNeighborsRequest", stale));
  json loop = n;
  loop["neighbors"]["ARPNeighbors"][0]["toIPAddress"]["address"] = "127.0.0.53";
  EXPECT_FALSE(Allowed(p, "AddARPNeighborsRequest", loop));
  json flags = n;
  flags["neighbors"]["ARPNeighbors"][0]["flags"] = 1;
  EXPECT_FALSE(Allowed(p, "AddARPNeighborsRequest", flags));
}

}  // namespace
}  // namespace cocoplane::cpl::eval
