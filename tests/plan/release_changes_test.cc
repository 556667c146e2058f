// Release facts diffed per resource and workload (plan/release_changes.h).
#include "plan/release_changes.h"

#include <gtest/gtest.h>

namespace cocoplane::plan {
namespace {

std::vector<std::string> Describe(const std::vector<std::string>& base,
                                  const std::vector<std::string>& head) {
  std::vector<std::string> out;
  for (const auto& c : DiffReleaseFacts(base, head)) out.push_back(DescribeReleaseChange(c));
  return out;
}

TEST(ReleaseChangesTest, IdenticalFactsChangeNothing) {
  std::vector<std::string> facts = {"allow default/db/* to workload pay when tee == snp"};
  EXPECT_TRUE(DiffReleaseFacts(facts, facts).empty());
}

TEST(ReleaseChangesTest, AWorkloadAddedToARuleGainsOnlyThatWorkload) {
  auto changes = DiffReleaseFacts(
      {"allow default/db/password to workload pay when ear.status == affirming"},
      {"allow default/db/password to workloads pay, web when ear.status == affirming"});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].type, ReleaseChange::Type::kGained);
  EXPECT_FALSE(changes[0].deny);
  EXPECT_EQ(changes[0].resource, "default/db/password");
  EXPECT_EQ(changes[0].workload, "web");
  EXPECT_EQ(changes[0].new_conditions, std::vector<std::string>{"ear.status == affirming"});
  EXPECT_TRUE(changes[0].old_conditions.empty());
  EXPECT_EQ(DescribeReleaseChange(changes[0]),
            "release gained: default/db/password to workload web when ear.status == affirming");
}

TEST(ReleaseChangesTest, AWidenedConditionIsAChangeOfThatWorkloadsRelease) {
  EXPECT_EQ(Describe({"allow default/db/password to workload pay when tee == snp and "
                      "ear.status == affirming"},
                     {"allow default/db/password to workload pay when tee in [snp, tdx] and "
                      "ear.status == affirming"}),
            std::vector<std::string>{
                "release changed: default/db/password to workload pay: when tee == snp and "
                "ear.status == affirming -> when tee in [snp, tdx] and ear.status == affirming"});
}

TEST(ReleaseChangesTest, LostReleasesAndDenyRules) {
  EXPECT_EQ(Describe({"allow default/a/* to workload x", "deny */*/* when tee == sample",
                      "allow default/b/* to any attested workload when ear.status == affirming"},
                     {}),
            (std::vector<std::string>{
                "deny rule removed: */*/* (was when tee == sample)",
                "release lost: default/a/* to workload x",
                "release lost: default/b/* (was when ear.status == affirming)",
            }));
  EXPECT_EQ(Describe({}, {"deny */*/* when ear.status == contraindicated"}),
            std::vector<std::string>{
                "deny rule added: */*/* when ear.status == contraindicated"});
}

TEST(ReleaseChangesTest, TwoRulesForOneWorkloadAreAlternatives) {
  EXPECT_EQ(Describe({"allow r/t/k to workload w when tee == snp"},
                     {"allow r/t/k to workload w when tee == snp",
                      "allow r/t/k to workload w when tee == tdx"}),
            std::vector<std::string>{"release changed: r/t/k to workload w: when tee == snp -> "
                                     "when tee == snp; or when tee == tdx"});
}

TEST(ReleaseChangesTest, AnUnknownLineShapeIsKeptWhole) {
  EXPECT_EQ(Describe({}, {"permit everything"}),
            std::vector<std::string>{"release gained: permit everything"});
}

}  // namespace
}  // namespace cocoplane::plan
