// Render: a Layout -> the files of a synthetic desired-state repository.
//
// The document shapes are those of examples/repo (Cluster, TrusteeProfile,
// NodePool, Workload, ImagePolicy, KbsResource, ReferenceValues, CPL files
// with agent profiles, attestation, pool and release rules, and policy test
// suites under tests/), multiplied out. Every repository rendered from a
// valid shape passes `cocoplane validate`, builds without a diagnostic and
// passes `cocoplane test` (tests/bench/ checks this for small shapes).
//
// Which rules a repository has (policies/):
//   releases/team-NN.cpl   the shape's R release rules, one per app:
//                          "app-<a>/*/*" to the app's workloads, with the
//                          app's TEE, an affirming status and trust bounds
//                          (plus GPU attestation on a GPU pool)
//   images.cpl             one rule per ImagePolicy that some workload uses:
//                          default/security-policy/<name> to those workloads,
//                          and the sealed-secret verification key to the
//                          workloads with sealed secrets
//   guards.cpl             two deny rules (contraindicated, sample attester)
//
// Pure and deterministic; returns values.
#ifndef COCOPLANE_BENCH_GEN_RENDER_H_
#define COCOPLANE_BENCH_GEN_RENDER_H_

#include <map>
#include <string>

#include "bench/gen/layout.h"

namespace cocoplane::bench {

// Repository-relative path -> bytes.
using RepoFiles = std::map<std::string, std::string>;

// Every file of the repository as `layout` describes it.
RepoFiles RenderRepository(const Layout& layout);

// The path and text of workload `index` (what a commit that edits it writes).
std::string WorkloadPath(const Layout& layout, int index);
std::string RenderWorkload(const Layout& layout, int index);

// The parts, one file of this folder each; RenderRepository calls them all.
void RenderPlatform(const Layout& layout, RepoFiles& files);
void RenderApps(const Layout& layout, RepoFiles& files);
void RenderPolicies(const Layout& layout, RepoFiles& files);
void RenderTests(const Layout& layout, RepoFiles& files);

// "snp" or "tdx".
const char* TeeName(Tee tee);

}  // namespace cocoplane::bench

#endif  // COCOPLANE_BENCH_GEN_RENDER_H_
