// The CI templates in deploy/ci parse as YAML (yaml-cpp, YAML 1.2 as
// GitHub and GitLab read it) and run the four commands of issue 5:
// validate, fmt --check, test --output junit, plan --output markdown, then
// post the plan.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

namespace {

using ::testing::HasSubstr;

const std::string kDir = std::string(COCOPLANE_SOURCE_DIR) + "/deploy/ci/";

// Every `run:` of the GitHub job, and the github-script body, joined.
std::string GithubScript(const YAML::Node& job) {
  std::string all;
  for (const auto& step : job["steps"]) {
    if (step["run"]) all += step["run"].as<std::string>() + "\n";
    if (step["with"] && step["with"]["script"]) all += step["with"]["script"].as<std::string>();
  }
  return all;
}

TEST(CiTemplatesTest, GithubActionsWorkflow) {
  YAML::Node doc;
  ASSERT_NO_THROW(doc = YAML::LoadFile(kDir + "github-actions.yml"));
  EXPECT_TRUE(doc["on"]["pull_request"].IsDefined());
  EXPECT_EQ(doc["permissions"]["pull-requests"].as<std::string>(), "write");
  const YAML::Node job = doc["jobs"]["policy"];
  ASSERT_TRUE(job.IsMap());
  std::string script = GithubScript(job);
  EXPECT_THAT(script, HasSubstr("cocoplane validate ."));
  EXPECT_THAT(script, HasSubstr("cocoplane fmt --check ."));
  EXPECT_THAT(script, HasSubstr("cocoplane test . --output junit"));
  EXPECT_THAT(script, HasSubstr("--output markdown > plan.md"));
  EXPECT_THAT(script, HasSubstr("github.rest.issues.createComment"));
  EXPECT_THAT(script, HasSubstr("github.rest.issues.updateComment"));
  // The base branch name reaches the shell through the environment only.
  EXPECT_THAT(script, ::testing::Not(HasSubstr("${{")));
}

TEST(CiTemplatesTest, GitlabCiJob) {
  YAML::Node doc;
  ASSERT_NO_THROW(doc = YAML::LoadFile(kDir + "gitlab-ci.yml"));
  const YAML::Node job = doc["cocoplane"];
  ASSERT_TRUE(job.IsMap());
  EXPECT_EQ(job["rules"][0]["if"].as<std::string>(),
            "$CI_PIPELINE_SOURCE == \"merge_request_event\"");
  EXPECT_EQ(job["artifacts"]["reports"]["junit"].as<std::string>(), "cocoplane-junit.xml");
  std::string script;
  for (const auto& line : job["script"]) script += line.as<std::string>() + "\n";
  EXPECT_THAT(script, HasSubstr("cocoplane validate ."));
  EXPECT_THAT(script, HasSubstr("cocoplane fmt --check ."));
  EXPECT_THAT(script, HasSubstr("cocoplane test . --output junit"));
  EXPECT_THAT(script, HasSubstr("--output markdown > plan.md"));
  EXPECT_THAT(script, HasSubstr("/merge_requests/$CI_MERGE_REQUEST_IID/notes"));
  EXPECT_THAT(script, HasSubstr("exit \"$failed\""));
}

}  // namespace
