#include "verify/verify_revision.h"

#include "verify/git_commits.h"

namespace cocoplane::verify {
namespace {

// Short ids in one-line summaries; the full id is in CommitFailure.
constexpr size_t kShortId = 12;

std::string Short(std::string_view id) { return std::string(id.substr(0, kShortId)); }

Result<SignatureResult> CheckCommit(git_repository* repo, const git_oid& oid,
                                    const TrustStore& trust) {
  auto commit = git::ExtractSignature(repo, oid);
  if (!commit.ok()) {
    return commit.status();
  }
  return trust.CheckSignature(commit->signature, commit->signed_data);
}

void Tally(Verdict& verdict, const git_oid& oid, SignatureResult result) {
  ++verdict.commits_checked;
  if (result.good()) {
    return;
  }
  ++verdict.failed_commits;
  if (verdict.failures.size() < Verdict::kMaxReportedFailures) {
    verdict.failures.push_back({git::OidHex(oid), std::move(result)});
  }
}

// The commits strict mode checks, and whether last_applied was found to be
// off the head's history.
Result<std::vector<git_oid>> StrictRange(git_repository* repo, const git_oid& head,
                                         std::string_view last_applied, Verdict& verdict) {
  if (last_applied.empty()) {
    return git::CommitsInRange(repo, head, nullptr);
  }
  auto last = git::ParseCommitId(last_applied);
  if (!last.ok()) {
    return last.status();
  }
  if (!git::HasCommit(repo, *last)) {
    // Gone from the repository (force-push and gc, or a different remote):
    // nothing can be excluded, so everything behind the head is checked.
    verdict.history_rewritten = true;
    return git::CommitsInRange(repo, head, nullptr);
  }
  auto descends = git::IsSelfOrDescendant(repo, head, *last);
  if (!descends.ok()) {
    return descends.status();
  }
  verdict.history_rewritten = !*descends;
  // Hiding last_applied also hides the history shared with the head, so a
  // rewritten history is checked from the fork point on.
  auto range = git::CommitsInRange(repo, head, &*last);
  if (range.ok() && range->empty()) {
    // The head is last_applied or one of its ancestors (a rollback): nothing
    // is new, but the head is still checked so that strict mode never accepts
    // what head mode would reject.
    range->push_back(head);
  }
  return range;
}

Status VerifyCommits(git_repository* repo, const git_oid& head, const std::vector<git_oid>& commits,
                     const TrustStore& trust, Verdict& verdict) {
  for (const git_oid& oid : commits) {
    auto result = CheckCommit(repo, oid, trust);
    if (!result.ok()) {
      return result.status();
    }
    if (git_oid_equal(&oid, &head)) {
      verdict.head_signature = *result;
    }
    Tally(verdict, oid, std::move(result).value());
  }
  return Status::Ok();
}

std::string SignedBy(const SignatureResult& result) {
  std::string out = "signed by " + result.signer;
  if (!result.principal.empty()) {
    out += " (" + result.principal + ")";
  }
  return out;
}

std::string VerifiedSummary(const Verdict& verdict) {
  std::string out = "verified (" + std::string(ModeName(verdict.mode)) + "): ";
  if (verdict.mode == Mode::kNone) {
    return out + "signatures are not checked";
  }
  if (verdict.mode == Mode::kStrict) {
    out += std::to_string(verdict.commits_checked) + " commit(s) signed by trusted keys; ";
  }
  return out + "head " + Short(verdict.head) + " " + SignedBy(*verdict.head_signature);
}

}  // namespace

std::string_view ModeName(Mode mode) {
  switch (mode) {
    case Mode::kNone:
      return "none";
    case Mode::kHead:
      return "head";
    case Mode::kStrict:
      return "strict";
  }
  return "unknown";
}

std::optional<Mode> ParseMode(std::string_view name) {
  for (Mode mode : {Mode::kNone, Mode::kHead, Mode::kStrict}) {
    if (ModeName(mode) == name) {
      return mode;
    }
  }
  return std::nullopt;
}

std::string_view Verdict::reason() const {
  return failures.empty() ? std::string_view("verified") : CheckName(failures.front().result.check);
}

std::string Verdict::Summary() const {
  if (verified) {
    return VerifiedSummary(*this);
  }
  if (failures.empty()) {
    return "not verified (" + std::string(ModeName(mode)) + ")";
  }
  const CommitFailure& first = failures.front();
  std::string out = "not verified (" + std::string(ModeName(mode)) + "): commit " +
                    Short(first.commit) + " " + std::string(CheckName(first.result.check));
  if (!first.result.detail.empty()) {
    out += " (" + first.result.detail + ")";
  }
  out += "; " + std::to_string(failed_commits) + " of " + std::to_string(commits_checked) +
         " commit(s) failed";
  if (history_rewritten) {
    out += "; last applied " + Short(last_applied) +
           " is not an ancestor of the head (history rewritten), every commit not reachable "
           "from it was checked";
  }
  return out;
}

Result<Verdict> VerifyRevision(const std::string& repo_path, Mode mode,
                               std::string_view last_applied, std::string_view new_head,
                               const TrustStore& trust) {
  Verdict verdict;
  verdict.mode = mode;
  verdict.head = std::string(new_head);
  verdict.last_applied = std::string(last_applied);
  if (mode == Mode::kNone) {
    verdict.verified = true;
    return verdict;
  }
  auto head = git::ParseCommitId(new_head);
  if (!head.ok()) {
    return head.status();
  }
  auto repo = git::OpenRepository(repo_path);
  if (!repo.ok()) {
    return repo.status();
  }
  if (!git::HasCommit(repo->get(), *head)) {
    return Status::NotFound("no commit " + verdict.head + " in " + repo_path);
  }
  auto commits = mode == Mode::kHead ? Result<std::vector<git_oid>>(std::vector<git_oid>{*head})
                                     : StrictRange(repo->get(), *head, last_applied, verdict);
  if (!commits.ok()) {
    return commits.status();
  }
  if (Status status = VerifyCommits(repo->get(), *head, *commits, trust, verdict); !status.ok()) {
    return status;
  }
  verdict.verified = verdict.failed_commits == 0;
  return verdict;
}

}  // namespace cocoplane::verify
