// The desired-state model: the typed documents of one repository snapshot.
//
// Load() reads every desired-state file of a Snapshot (*.yaml, *.yml,
// *.json; *.toml fragments are syntax-checked), validates each document
// against its JSON Schema (schemas/<kind>.schema.json), decodes it into the
// structs of kinds.h and runs the cross-document checks. See README.md in
// this folder for the kinds, the limits and how to add a kind.
//
// Pure: no disk, network, clock or environment. Deterministic: the same
// Snapshot gives the same Model and the same diagnostics in the same order.
#ifndef COCOPLANE_MODEL_MODEL_H_
#define COCOPLANE_MODEL_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/snapshot.h"
#include "model/kinds.h"

namespace cocoplane::model {

// The API version every document declares.
inline constexpr std::string_view kApiVersion = "cocoplane.io/v1alpha1";

struct Model {
  // The one Cluster; nullopt when the repository has none (CP3002).
  std::optional<Cluster> cluster;
  // Each vector is sorted by metadata.name and holds each name once (a
  // later duplicate is reported, CP3001, and left out).
  std::vector<TrusteeProfile> trustee_profiles;
  std::vector<NodePool> node_pools;
  std::vector<Workload> workloads;
  std::vector<ImagePolicy> image_policies;
  std::vector<KbsResource> kbs_resources;
  std::vector<ReferenceValues> reference_values;

  // The Snapshot the model came from (commit id or "", and its label).
  std::string revision;
  std::string origin;

  // Look-ups by metadata.name; nullptr when there is none.
  const TrusteeProfile* FindTrusteeProfile(std::string_view name) const;
  const NodePool* FindNodePool(std::string_view name) const;
  const Workload* FindWorkload(std::string_view name) const;
  const ImagePolicy* FindImagePolicy(std::string_view name) const;
  const KbsResource* FindKbsResource(std::string_view name) const;
  // The TrusteeProfile the Cluster uses, or nullptr.
  const TrusteeProfile* ClusterProfile() const;
};

class LoadCache;

// Loads and checks every desired-state document in `snapshot`. Reports every
// problem it finds into `sink` and keeps going; the returned Model holds what
// could be loaded. The caller decides by sink.has_errors() whether to go on.
// `cache`, when given, is consulted and updated (see LoadCache). Files are
// parsed on up to `threads` threads (base/parallel.h; 0: one per core); the
// Model and the diagnostics are the same for any thread count.
// Thread-safe: may run concurrently on different snapshots and sinks (and
// different caches).
Model Load(const Snapshot& snapshot, DiagnosticSink& sink, LoadCache* cache = nullptr,
           unsigned threads = 1);

// What Load() learnt from one file, kept between Loads so that an unchanged
// file is not parsed, schema-checked and decoded again (ARCHITECTURE.md:
// "cache by blob id"). The caller owns it and passes it to every Load; the
// compiler stays pure because the cache is only a value it is handed.
//
// An entry is keyed by path and reused only for the same git blob id (and,
// for a working-tree snapshot, the same directory, which CP2016 compares
// secret paths with; git snapshots of any revision share entries). Regular
// files only: a symbolic link's meaning depends on its target. A YAML file
// of several documents has an entry per document instead (loaders.h
// SplitYamlDocuments), keyed by path and first line and reused for the
// same text, so that one document added to a file of a thousand parses
// one. A Load drops the entries it did not use, so the cache holds at most
// one repository's worth of documents.
//
// With or without a cache, Load returns the same Model and reports the same
// diagnostics in the same order (each file reports into a sink of its own
// first, so the kMaxDiagnostics cut applies per file, then to the whole).
// Not thread-safe: one Load at a time per cache.
class LoadCache {
 public:
  // Entries (files, and documents of multi-document files) with a result.
  size_t size() const { return entries_.size(); }
  // Entries the last Load took from the cache instead of parsing them.
  size_t reused() const { return reused_; }

  // One file's or one document's result; internal to Load (model.cc).
  struct Entry {
    // A file's git blob id, or one document's text (the other is "").
    std::string blob_id;
    std::string text;
    std::string scope;
    // The documents the file decoded to (only the kind vectors are set).
    Model documents;
    std::vector<Cluster> clusters;
    DiagnosticSink diagnostics;
    // For one document of a file: YAML documents parsed, and whether the
    // YAML layer reported nothing (else the file is parsed whole).
    size_t yaml_documents = 0;
    bool yaml_clean = true;
    // The last Load that used it.
    uint64_t generation = 0;
  };

 private:
  friend Model Load(const Snapshot& snapshot, DiagnosticSink& sink, LoadCache* cache,
                    unsigned threads);
  std::map<std::string, Entry, std::less<>> entries_;
  size_t reused_ = 0;
  uint64_t generation_ = 0;
};

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_MODEL_H_
