// Release facts diffed per resource and workload (plan/release_changes.h).
#include "plan/release_changes.h"

#include <gtest/gtest.h>

#include "plan/release_fact_testing.h"

namespace cocoplane::plan {
namespace {

using compile::ReleaseFact;
using testing::Allow;
using testing::Deny;

std::vector<std::string> Describe(const std::vector<ReleaseFact>& base,
                                  const std::vector<ReleaseFact>& head) {
  std::vector<std::string> out;
  for (const auto& c : DiffReleaseFacts(base, head)) out.push_back(DescribeReleaseChange(c));
  return out;
}

TEST(ReleaseChangesTest, IdenticalFactsChangeNothing) {
  std::vector<ReleaseFact> facts = {Allow("default/db/*", {"pay"}, "tee == snp")};
  EXPECT_TRUE(DiffReleaseFacts(facts, facts).empty());
}

TEST(ReleaseChangesTest, AWorkloadAddedToARuleGainsOnlyThatWorkload) {
  auto changes =
      DiffReleaseFacts({Allow("default/db/password", {"pay"}, "ear.status == affirming")},
                       {Allow("default/db/password", {"pay", "web"}, "ear.status == affirming")});
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
  EXPECT_EQ(
      Describe(
          {Allow("default/db/password", {"pay"}, "tee == snp and ear.status == affirming")},
          {Allow("default/db/password", {"pay"}, "tee in [snp, tdx] and ear.status == affirming")}),
      std::vector<std::string>{
          "release changed: default/db/password to workload pay: when tee == snp and "
          "ear.status == affirming -> when tee in [snp, tdx] and ear.status == affirming"});
}

TEST(ReleaseChangesTest, LostReleasesAndDenyRules) {
  EXPECT_EQ(Describe({Allow("default/a/*", {"x"}), Deny("*/*/*", "tee == sample"),
                      Allow("default/b/*", {}, "ear.status == affirming")},
                     {}),
            (std::vector<std::string>{
                "deny rule removed: */*/* (was when tee == sample)",
                "release lost: default/a/* to workload x",
                "release lost: default/b/* (was when ear.status == affirming)",
            }));
  EXPECT_EQ(Describe({}, {Deny("*/*/*", "ear.status == contraindicated")}),
            std::vector<std::string>{"deny rule added: */*/* when ear.status == contraindicated"});
}

TEST(ReleaseChangesTest, TwoRulesForOneWorkloadAreAlternatives) {
  EXPECT_EQ(Describe({Allow("r/t/k", {"w"}, "tee == snp")},
                     {Allow("r/t/k", {"w"}, "tee == snp"), Allow("r/t/k", {"w"}, "tee == tdx")}),
            std::vector<std::string>{"release changed: r/t/k to workload w: when tee == snp -> "
                                     "when tee == snp; or when tee == tdx"});
}

TEST(ReleaseChangesTest, AnAllowAndADenyOfOneResourceAreSeparateKeys) {
  // Turning a release into a deny is a release lost and a deny added, not a
  // change of conditions.
  EXPECT_EQ(
      Describe({Allow("default/db/*", {}, "tee == snp")}, {Deny("default/db/*", "tee == snp")}),
      (std::vector<std::string>{"release lost: default/db/* (was when tee == snp)",
                                "deny rule added: default/db/* when tee == snp"}));
}

TEST(ReleaseChangesTest, ConditionsWithTheWordWhenStayWhole) {
  // A string literal may hold anything; nothing is parsed out of a fact.
  EXPECT_EQ(Describe({}, {Allow("default/db/*", {"pay"},
                                "init_data_claims.\"note\" == \"to workload web when x\"")}),
            std::vector<std::string>{"release gained: default/db/* to workload pay when "
                                     "init_data_claims.\"note\" == \"to workload web when x\""});
}

}  // namespace
}  // namespace cocoplane::plan
