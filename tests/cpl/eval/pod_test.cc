#include "cpl/eval/pod.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cocoplane::cpl::eval {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// pool snp_bare_metal from the CPL concept sketch.
ir::PoolConstraints SnpBareMetal() {
  ir::PoolConstraints pool;
  pool.name = "snp_bare_metal";
  pool.tee = ir::TeeKind::kSnp;
  pool.allowed_annotations = {"cc_init_data", "default_memory", "kernel_params"};
  pool.memory_max_mib = 65536;
  pool.vcpus_max = 16;
  pool.debug_forbidden = true;
  pool.kernel_params = {"agent.log=info"};
  return pool;
}

const std::string kHyp(kHypervisorAnnotationPrefix);

TEST(PodTest, AdmitsAPodWithinTheConstraints) {
  PodDecision d = EvaluatePod(SnpBareMetal(),
                              {{kHyp + "cc_init_data", "H4sIAAAA"},
                               {"io.kubernetes.cri.container-type", "sandbox"},
                               {kHyp + "default_memory", "4096"}},
                              4096, 4);
  EXPECT_TRUE(d.admitted);
  EXPECT_TRUE(d.reasons.empty());
}

TEST(PodTest, RejectsHypervisorAnnotationsThePoolDoesNotEnable) {
  PodDecision d = EvaluatePod(SnpBareMetal(), {{kHyp + "default_vcpus", "2"}, {kHyp + "firmware", "/tmp/evil.fd"}}, 1024, 1);
  EXPECT_FALSE(d.admitted);
  EXPECT_THAT(d.reasons, ElementsAre(HasSubstr("default_vcpus is not enabled"), HasSubstr("firmware is not enabled")));
}

TEST(PodTest, RejectsResourcesOverTheMaxima) {
  PodDecision d = EvaluatePod(SnpBareMetal(), {}, 65537, 17);
  EXPECT_THAT(d.reasons, ElementsAre("memory (MiB) 65537 exceeds the pool maximum 65536",
                                     "vCPUs 17 exceeds the pool maximum 16"));
  EXPECT_TRUE(EvaluatePod(SnpBareMetal(), {}, 65536, 16).admitted);
}

TEST(PodTest, ChecksResourceAnnotationValues) {
  PodDecision big = EvaluatePod(SnpBareMetal(), {{kHyp + "default_memory", "131072"}}, 1024, 1);
  EXPECT_THAT(big.reasons, ElementsAre("annotation default_memory 131072 exceeds the pool maximum 65536"));
  PodDecision junk = EvaluatePod(SnpBareMetal(), {{kHyp + "default_memory", "lots"}}, 1024, 1);
  EXPECT_THAT(junk.reasons, ElementsAre(HasSubstr("is not a number")));
}

TEST(PodTest, DebugForbiddenRejectsTheDebugConsole) {
  std::map<std::string, std::string> a = {{kHyp + "kernel_params", "agent.log=debug agent.debug_console"}};
  EXPECT_FALSE(EvaluatePod(SnpBareMetal(), a, 1024, 1).admitted);
  ir::PoolConstraints lax = SnpBareMetal();
  lax.debug_forbidden = false;
  EXPECT_TRUE(EvaluatePod(lax, a, 1024, 1).admitted);
}

TEST(PodTest, UnlimitedWhenNoMaximaAreSet) {
  ir::PoolConstraints pool;
  pool.name = "any";
  EXPECT_TRUE(EvaluatePod(pool, {}, 1u << 30, 1024).admitted);
  EXPECT_FALSE(EvaluatePod(pool, {{kHyp + "cc_init_data", "x"}}, 1, 1).admitted);
}

}  // namespace
}  // namespace cocoplane::cpl::eval
