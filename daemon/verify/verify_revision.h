// VerifyRevision: may the daemon apply this Git revision? The signature gate
// of the reconcile loop (Source -> verify -> Compile -> ...).
//
// Modes (daemon config `verify.mode`):
//   none    nothing is checked; every revision is verified.
//   head    the commit to apply must carry a good signature by a trusted key.
//   strict  every commit after the last applied one (exclusive) up to the new
//           head (inclusive) must, and the head itself always (also when it
//           is the last applied commit or an ancestor of it: a rollback).
//           With no last applied commit (first apply) that is the whole
//           history of the head. If the last applied commit is not an
//           ancestor of the head (a force-push or a rollback), or is not in
//           the repository any more, every commit reachable from the head and
//           not from the last applied commit is checked, and the verdict says
//           so (history_rewritten).
// Strict closes the gap of head mode, where unsigned commits can ride along
// under one signed head (see shared/reference/gitops-anchors.md, "Signature
// verification gaps"). Merge commits and all their parents are checked too.
//
// A failed verification is a Verdict, not an error. Result errors are
// operational: the repository cannot be opened (kNotFound/kInternal), a
// commit id is not 40 hex digits (kInvalidArgument), the head is not in the
// repository (kNotFound).
//
// Thread-safety: VerifyRevision opens its own repository handle, so calls on
// different threads are safe as long as the TrustStore is not being changed.
#ifndef COCOPLANE_VERIFY_VERIFY_REVISION_H_
#define COCOPLANE_VERIFY_VERIFY_REVISION_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "verify/signature_check.h"
#include "verify/trust_store.h"

namespace cocoplane::verify {

enum class Mode { kNone, kHead, kStrict };

// "none", "head", "strict".
std::string_view ModeName(Mode mode);
std::optional<Mode> ParseMode(std::string_view name);

struct CommitFailure {
  // 40 hex digits.
  std::string commit;
  SignatureResult result;
};

struct Verdict {
  Mode mode = Mode::kNone;
  bool verified = false;
  std::string head;
  std::string last_applied;
  // Strict mode: last_applied is set but is not an ancestor of head (or is
  // unknown to the repository), so the range was computed against it anyway.
  bool history_rewritten = false;
  // Commits whose signature was looked at (0 in none mode).
  size_t commits_checked = 0;
  // Failing commits, oldest first, at most kMaxReportedFailures of them;
  // failed_commits counts all.
  static constexpr size_t kMaxReportedFailures = 20;
  std::vector<CommitFailure> failures;
  size_t failed_commits = 0;
  // The head commit's result (head and strict modes): who signed what is
  // about to be applied. Empty in none mode.
  std::optional<SignatureResult> head_signature;

  // The `reason` label for metrics: "verified", or the check name of the
  // first (oldest) failure, e.g. "unsigned".
  std::string_view reason() const;
  // One line for status output, e.g.
  //   "not verified (strict): commit 1a2b3c4d5e6f is unsigned; 1 of 3 commits failed"
  std::string Summary() const;
};

// Verifies `new_head` (40 hex digits) in the repository at `repo_path` under
// `mode`; `last_applied` is empty or 40 hex digits and is used by strict mode
// only.
Result<Verdict> VerifyRevision(const std::string& repo_path, Mode mode,
                               std::string_view last_applied, std::string_view new_head,
                               const TrustStore& trust);

}  // namespace cocoplane::verify

#endif  // COCOPLANE_VERIFY_VERIFY_REVISION_H_
