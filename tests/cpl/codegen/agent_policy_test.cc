#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cpl/codegen/golden.h"
#include "cpl/codegen/rego.h"
#include "cpl/codegen/rego_check.h"
#include "cpl/eval/agent.h"
#include "cpl/ir/agent_facts.h"
#include "cpl/ir/verify.h"
#include "testing/matchers.h"

namespace cocoplane::cpl::codegen {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using namespace cocoplane::cpl::testing;  // NOLINT: helpers

ir::AgentProfile StrictService() {
  ir::AgentProfile p;
  p.name = "strict_service";
  p.location = {"policies/agent.cpl", 2, 1, 0};
  p.exec.allow_argv = {{"/usr/bin/healthcheck"}};
  p.exec.allow_regexes = {"^/usr/bin/curl -s http://127\\.0\\.0\\.1:8080/health$"};
  p.copy_file.allow_prefixes = {"/etc/app/"};
  p.volumes.deny_host_path = true;
  p.volumes.require_encrypted_empty_dir = true;
  p.env.restricted = true;
  p.env.allow_regexes = {"^[A-Z_][A-Z0-9_]*=.*$"};
  return p;
}

ir::AgentProfile Minimal() {
  ir::AgentProfile p;
  p.name = "minimal";
  return p;
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(AgentPolicyRegoTest, StrictServiceMatchesGoldenAndIsWellFormed) {
  ir::Policy policy;
  policy.agent_profiles = {StrictService()};
  ASSERT_OK(ir::Verify(policy));
  std::string rego = AgentPolicyRego(StrictService());
  EXPECT_THAT(CheckRegoStructure(rego, "agent_policy"), IsEmpty());
  ExpectGolden("strict_service_agent_policy.rego", rego);
}

TEST(AgentPolicyRegoTest, HasThePortableImports) {
  for (const auto& profile : {StrictService(), Minimal()}) {
    std::string rego = AgentPolicyRego(profile);
    EXPECT_THAT(rego, HasSubstr("\nimport future.keywords.in\nimport future.keywords.if\nimport future.keywords.every\n"));
    EXPECT_THAT(rego, Not(HasSubstr("import rego.v1")));
    EXPECT_THAT(CheckRegoStructure(rego, "agent_policy"), IsEmpty());
  }
}

TEST(AgentPolicyRegoTest, EveryEndpointHasExactlyOneDefaultAndNothingElseHasOne) {
  std::map<std::string, int> counts = DefaultCounts(AgentPolicyRego(StrictService()));
  EXPECT_EQ(counts.size(), ir::AgentEndpoints().size());
  for (const auto& endpoint : ir::AgentEndpoints()) EXPECT_EQ(counts[std::string(endpoint.name)], 1) << endpoint.name;
}

// For endpoints decided by their default alone, the default in the Rego is
// the evaluator's decision; for rule endpoints the default is false and a
// rule exists exactly when the evaluator can allow.
TEST(AgentPolicyRegoTest, DefaultsAgreeWithTheEvaluator) {
  for (ir::AgentProfile profile : {StrictService(), Minimal()}) {
    profile.logs_access = ir::Permission::kAllow;
    std::string rego = AgentPolicyRego(profile);
    std::map<std::string, std::string> defaults = DefaultValues(rego);
    auto compiled = eval::CompiledAgentProfile::Create(profile);
    ASSERT_OK(compiled.status());
    for (const auto& endpoint : ir::AgentEndpoints()) {
      std::string name(endpoint.name);
      bool has_rule = rego.find("\n" + name + " if {") != std::string::npos;
      if (!has_rule) {
        bool allowed = eval::EvaluateAgent(*compiled, name, nlohmann::json::object()).allowed;
        EXPECT_EQ(defaults[name], allowed ? "true" : "false") << profile.name << " " << name;
      } else {
        EXPECT_EQ(defaults[name], "false") << profile.name << " " << name;
      }
    }
  }
}

TEST(AgentPolicyRegoTest, SetPolicyIsLockedUnlessAllowed) {
  EXPECT_THAT(AgentPolicyRego(Minimal()), HasSubstr("\ndefault SetPolicyRequest := false\n"));
  ir::AgentProfile open = Minimal();
  open.set_policy = ir::Permission::kAllow;
  EXPECT_THAT(AgentPolicyRego(open), HasSubstr("\ndefault SetPolicyRequest := true\n"));
}

TEST(AgentPolicyRegoTest, ExecRulesOnePerAllowEntry) {
  std::string strict = AgentPolicyRego(StrictService());
  EXPECT_EQ(Count(strict, "\nExecProcessRequest if {"), 2);
  EXPECT_THAT(strict, HasSubstr("\tinput.process.Args == [\"/usr/bin/healthcheck\"]\n"));
  EXPECT_THAT(strict, HasSubstr("\tregex.match(\"^/usr/bin/curl -s http://127\\\\.0\\\\.0\\\\.1:8080/health$\", "
                                "exec_command_line)\n"));
  std::string minimal = AgentPolicyRego(Minimal());
  EXPECT_EQ(Count(minimal, "ExecProcessRequest if"), 0);
  EXPECT_THAT(minimal, Not(HasSubstr("exec_command_line")));
}

TEST(AgentPolicyRegoTest, CreateContainerChecksOnlyWhatTheProfileAsks) {
  std::string strict = AgentPolicyRego(StrictService());
  EXPECT_THAT(strict, HasSubstr("not host_path_mount(mount)"));
  EXPECT_THAT(strict, HasSubstr("not unencrypted_disk_empty_dir(storage)"));
  EXPECT_THAT(strict, HasSubstr("env_allowed(entry)"));
  std::string minimal = AgentPolicyRego(Minimal());
  EXPECT_THAT(minimal, HasSubstr("object.get(input.OCI, \"Hooks\", null) == null"));
  EXPECT_THAT(minimal, Not(HasSubstr("host_path_mount")));
  EXPECT_THAT(minimal, Not(HasSubstr("env_allowed")));
}

TEST(AgentPolicyRegoTest, CopyFileDenyRemovesTheRule) {
  ir::AgentProfile p = Minimal();
  p.copy_file.permission = ir::Permission::kDeny;
  std::string rego = AgentPolicyRego(p);
  EXPECT_THAT(rego, Not(HasSubstr("CopyFileRequest if")));
  EXPECT_THAT(rego, HasSubstr("\ndefault CopyFileRequest := false\n"));
}

TEST(AgentPolicyRegoTest, IsDeterministic) { EXPECT_EQ(AgentPolicyRego(StrictService()), AgentPolicyRego(StrictService())); }

}  // namespace
}  // namespace cocoplane::cpl::codegen
