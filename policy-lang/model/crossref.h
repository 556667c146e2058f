// Cross-document checks: what no single document can tell.
//
// Runs once after every document is decoded, in this order:
//   1. names: unique per kind (CP3001; later duplicates are dropped), exactly
//      one Cluster (CP3002, CP3003), RVPS names (CP3012);
//   2. defaults that need another document (a NodePool's TEE from the
//      Cluster, then its RuntimeClass);
//   3. references: every name resolves (CP3004, with "did you mean"), every
//      referenced file exists (CP3005), is readable text of the expected
//      kind (CP3011) and holds no private key (CP2012); its text is copied
//      into the model;
//   4. rules: KBS resource paths (CP3006, CP3007), vTPM needs sha256
//      (CP3008), pool annotations (CP3009), memory (CP3010), resource kinds
//      (CP3013, warning), KBS URL scheme (CP3014), GPU pools (CP2014).
//
// Internal to cp_model.
#ifndef COCOPLANE_MODEL_CROSSREF_H_
#define COCOPLANE_MODEL_CROSSREF_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/snapshot.h"
#include "model/model.h"

namespace cocoplane::model {

// `clusters` are every Cluster document in load order; the first becomes
// model->cluster.
void CrossCheck(const Snapshot& snapshot, std::vector<Cluster> clusters, Model* model,
                DiagnosticSink& sink);

// Steps 3 and 4, exposed for CrossCheck's own files.
void ResolveReferences(const Snapshot& snapshot, Model* model, DiagnosticSink& sink);
void CheckRules(const Model& model, DiagnosticSink& sink);

// Why `path` is not a valid KBS resource path ("" when it is valid).
std::string ResourcePathProblem(std::string_view path);

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_CROSSREF_H_
