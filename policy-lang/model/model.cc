// Load(): the phases of the model, in order (see README.md):
//   files -> documents (loaders) -> kind -> schema -> typed struct -> cross-checks.
#include "model/model.h"

#include <algorithm>
#include <deque>
#include <iterator>
#include <optional>
#include <string>

#include "base/parallel.h"
#include "base/strings.h"
#include "model/crossref.h"
#include "model/decode.h"
#include "model/file_checks.h"
#include "model/loaders.h"
#include "model/schema_check.h"

namespace cocoplane::model {
namespace {

template <typename T>
const T* FindByName(const std::vector<T>& items, std::string_view name) {
  auto it = std::lower_bound(
      items.begin(), items.end(), name,
      [](const T& item, std::string_view n) { return item.metadata.name.value < n; });
  return it != items.end() && it->metadata.name.value == name ? &*it : nullptr;
}

// Which kind a document is; nullopt (after a diagnostic) when it cannot be
// told or is not ours.
std::optional<std::string_view> IdentifyKind(const SourceDocument& doc, DiagnosticSink& sink) {
  if (!doc.value.is_object()) {
    sink.Emit(DiagKind::kNotAMapping, doc.ValueLocation(""),
              "a desired-state document must be a mapping",
              "start the document with apiVersion: cocoplane.io/v1alpha1 and kind: <Kind>");
    return std::nullopt;
  }
  const auto api = doc.value.find("apiVersion");
  const auto kind = doc.value.find("kind");
  bool has_api = api != doc.value.end() && api->is_string();
  bool has_kind = kind != doc.value.end() && kind->is_string();
  if (!has_api || !has_kind) {
    std::string missing = !has_api && !has_kind ? "apiVersion and kind"
                          : !has_api            ? "apiVersion"
                                                : "kind";
    sink.Emit(DiagKind::kMissingTypeInfo, doc.ValueLocation(""), "document has no " + missing,
              "every document needs apiVersion: cocoplane.io/v1alpha1 and kind: <Kind>");
    return std::nullopt;
  }
  std::optional<std::string_view> result;
  std::string kind_name = kind->get<std::string>();
  for (std::string_view k : KnownKinds()) {
    if (k == kind_name) result = k;
  }
  if (!result) {
    std::vector<std::string> kinds(KnownKinds().begin(), KnownKinds().end());
    std::string close = ClosestMatch(kind_name, kinds);
    std::string list;
    for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
    sink.Emit(DiagKind::kUnknownKind, doc.ValueLocation("/kind"),
              "unknown kind \"" + kind_name + "\"",
              close.empty() ? "known kinds: " + list : "did you mean \"" + close + "\"?");
  }
  if (api->get<std::string>() != kApiVersion) {
    std::string close = ClosestMatch(api->get<std::string>(), {std::string(kApiVersion)});
    sink.Emit(DiagKind::kUnknownApiVersion, doc.ValueLocation("/apiVersion"),
              "unknown apiVersion \"" + api->get<std::string>() + "\"",
              close.empty() ? "cocoplane reads apiVersion " + std::string(kApiVersion) +
                                  "; other manifests do not belong in the desired-state repository"
                            : "did you mean \"" + close + "\"?");
    return std::nullopt;
  }
  return result;
}

void LoadDocument(const SourceDocument& doc, DecodeContext& context) {
  std::optional<std::string_view> kind = IdentifyKind(doc, context.sink);
  if (!kind) return;
  ValidateAgainstSchema(doc, *kind, context.sink);
  // Decoded even when invalid, so that its name still resolves (decode.h).
  Decode(*kind, doc, context);
}

// A link whose target is itself a document file is loaded at the target's
// own path only; loading it twice would report every name as a duplicate.
bool LoadedElsewhere(const Snapshot& snapshot, const std::string& path, const SnapshotFile& file) {
  if (file.type != SnapshotFile::Type::kSymlink) return false;
  std::optional<std::string> target = ResolveLinkTarget(path, file.bytes);
  return target && snapshot.Find(*target) && RoleOf(*target) != FileRole::kIgnored;
}

void LoadFile(const Snapshot& snapshot, const std::string& path, FileRole role,
              DecodeContext& context) {
  std::optional<std::string_view> text = ReadText(snapshot, path, context.sink);
  if (!text) return;
  switch (role) {
    case FileRole::kIgnored:
      return;
    case FileRole::kToml:
      CheckToml(path, *text, context.sink);
      return;
    case FileRole::kYaml:
      for (const SourceDocument& doc : LoadYaml(path, *text, context.sink))
        LoadDocument(doc, context);
      return;
    case FileRole::kJson:
      if (auto doc = LoadJson(path, *text, context.sink)) LoadDocument(*doc, context);
      return;
  }
}

// The directory a working-tree snapshot was read from: decode.cc refuses
// secret source files inside it (CP2016). A git snapshot's origin is only a
// label ("<repo>@<rev>"), so it has none. Besides the bytes, this is all a
// file's decoding depends on, so it is part of the cache key too.
std::string_view SecretRoot(const Snapshot& snapshot) {
  return snapshot.revision.empty() ? std::string_view(snapshot.origin) : std::string_view();
}

template <typename T>
void Append(std::vector<T>& to, std::vector<T>& from, bool move) {
  if (move) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  } else {
    to.insert(to.end(), from.begin(), from.end());
  }
}

// Parses one document of a multi-document YAML file (SplitYamlDocuments)
// into `entry`, as LoadFile does a file.
void LoadPiece(const std::string& path, const YamlPiece& piece, LoadCache::Entry& entry,
               DecodeContext& context) {
  bool clean = true;
  std::vector<SourceDocument> docs = LoadYamlPiece(path, piece, context.sink, &clean);
  entry.yaml_documents = docs.size();
  entry.yaml_clean = clean;
  for (const SourceDocument& doc : docs) LoadDocument(doc, context);
}

// The documents of `path` when it is a regular YAML file that holds several
// and reads cleanly (else it is parsed whole, which reports the problem).
std::vector<YamlPiece> PiecesOf(const Snapshot& snapshot, const std::string& path, FileRole role,
                                const SnapshotFile& file) {
  if (role != FileRole::kYaml || file.type != SnapshotFile::Type::kRegular) return {};
  std::vector<YamlPiece> pieces = SplitYamlDocuments(file.bytes);
  if (pieces.size() < 2) return {};
  DiagnosticSink checks;
  if (!ReadText(snapshot, path, checks) || !checks.empty()) return {};
  return pieces;
}

// Adds one file's result to the model as LoadFile would have produced it:
// moved out of a scratch entry, copied out of a cache entry (which the next
// Load may reuse).
void Replay(LoadCache::Entry& entry, bool move, DecodeContext& context, DiagnosticSink& sink) {
  Model& m = context.model;
  Model& documents = entry.documents;
  Append(m.trustee_profiles, documents.trustee_profiles, move);
  Append(m.node_pools, documents.node_pools, move);
  Append(m.workloads, documents.workloads, move);
  Append(m.image_policies, documents.image_policies, move);
  Append(m.kbs_resources, documents.kbs_resources, move);
  Append(m.reference_values, documents.reference_values, move);
  Append(context.clusters, entry.clusters, move);
  sink.Merge(entry.diagnostics);
}

// One unit of parsing: a file, or one document of a multi-document YAML
// file (SplitYamlDocuments), with the entry its result goes to.
struct Job {
  const std::string* path;
  FileRole role;
  std::optional<YamlPiece> piece;
  LoadCache::Entry* entry;
  // A scratch entry (not the cache's): its result may be moved out.
  bool scratch;
};

// A file's jobs: [first, last) of the job list.
struct File {
  const std::string* path;
  FileRole role;
  size_t first, last;
};

// Adds `file`'s parsed jobs to the model. Pieces stand for the whole file
// only when the YAML layer had nothing to say about any of them and they
// hold a document; else the file is parsed whole here, which reports what
// it has to say in its own order.
void ReplayFile(const Snapshot& snapshot, const File& file, const std::vector<Job>& jobs,
                DecodeContext& context) {
  bool pieces_hold = true;
  size_t documents = 0;
  for (size_t j = file.first; j < file.last && jobs[j].piece; ++j) {
    pieces_hold = pieces_hold && jobs[j].entry->yaml_clean;
    documents += jobs[j].entry->yaml_documents;
  }
  if (file.last - file.first > 1 && (!pieces_hold || documents == 0)) {
    LoadCache::Entry whole;
    DecodeContext one{whole.diagnostics, SecretRoot(snapshot), whole.documents, {}};
    LoadFile(snapshot, *file.path, file.role, one);
    whole.clusters = std::move(one.clusters);
    Replay(whole, true, context, context.sink);
    return;
  }
  DiagnosticSink file_sink;
  for (size_t j = file.first; j < file.last; ++j) {
    Replay(*jobs[j].entry, jobs[j].scratch, context, file_sink);
  }
  context.sink.Merge(file_sink);
}

}  // namespace

const TrusteeProfile* Model::FindTrusteeProfile(std::string_view name) const {
  return FindByName(trustee_profiles, name);
}
const NodePool* Model::FindNodePool(std::string_view name) const {
  return FindByName(node_pools, name);
}
const Workload* Model::FindWorkload(std::string_view name) const {
  return FindByName(workloads, name);
}
const ImagePolicy* Model::FindImagePolicy(std::string_view name) const {
  return FindByName(image_policies, name);
}
const KbsResource* Model::FindKbsResource(std::string_view name) const {
  return FindByName(kbs_resources, name);
}
const TrusteeProfile* Model::ClusterProfile() const {
  return cluster ? FindTrusteeProfile(cluster->trustee_profile.value) : nullptr;
}

Model Load(const Snapshot& snapshot, DiagnosticSink& sink, LoadCache* cache, unsigned threads) {
  Model model;
  model.revision = snapshot.revision;
  model.origin = snapshot.origin;
  DecodeContext context{sink, SecretRoot(snapshot), model, {}};
  CheckSymlinks(snapshot, sink);
  const std::string scope(SecretRoot(snapshot));
  if (cache) {
    cache->reused_ = 0;
    ++cache->generation_;
  }
  // Each file's result goes to an entry of its own, or each document's for
  // a file of several: the cache's, or a scratch one when there is no cache
  // or the file cannot be cached. The entries that need parsing are parsed
  // in parallel; then every entry is replayed in snapshot order (sorted by
  // path, then by line), so documents load in a stable order and "the
  // first" of two duplicates is always the same one.
  std::vector<Job> jobs;
  std::vector<File> files;
  std::vector<size_t> to_parse;
  std::deque<LoadCache::Entry> scratch;  // a deque: entries keep their address
  // A whole file is checked against the cache by its blob id, a piece by
  // its text; only regular files with a blob id are cached.
  auto add = [&](const std::string& path, const SnapshotFile& file, FileRole role,
                 std::optional<YamlPiece> piece) {
    if (!cache || file.type != SnapshotFile::Type::kRegular || file.blob_id.empty()) {
      to_parse.push_back(jobs.size());
      jobs.push_back({&path, role, piece, &scratch.emplace_back(), true});
      return;
    }
    std::string key = piece ? path + '\0' + std::to_string(piece->first_line) : path;
    std::string_view blob_id = piece ? std::string_view() : std::string_view(file.blob_id);
    std::string_view text = piece ? piece->text : std::string_view();
    LoadCache::Entry& entry = cache->entries_[key];
    if (entry.blob_id != blob_id || entry.text != text || entry.scope != scope ||
        entry.generation == 0) {
      entry = LoadCache::Entry{};
      entry.blob_id = std::string(blob_id);
      entry.text = std::string(text);
      entry.scope = scope;
      to_parse.push_back(jobs.size());
    } else {
      ++cache->reused_;
    }
    entry.generation = cache->generation_;
    jobs.push_back({&path, role, piece, &entry, false});
  };
  for (const auto& [path, file] : snapshot.files) {
    FileRole role = RoleOf(path);
    if (role == FileRole::kIgnored || LoadedElsewhere(snapshot, path, file)) continue;
    files.push_back({&path, role, jobs.size(), 0});
    std::vector<YamlPiece> pieces = PiecesOf(snapshot, path, role, file);
    if (pieces.empty()) add(path, file, role, std::nullopt);
    for (const YamlPiece& piece : pieces) add(path, file, role, piece);
    files.back().last = jobs.size();
  }
  ParallelFor(to_parse.size(), threads, [&](size_t i) {
    const Job& job = jobs[to_parse[i]];
    DecodeContext one{job.entry->diagnostics, SecretRoot(snapshot), job.entry->documents, {}};
    if (job.piece) {
      LoadPiece(*job.path, *job.piece, *job.entry, one);
    } else {
      LoadFile(snapshot, *job.path, job.role, one);
    }
    job.entry->clusters = std::move(one.clusters);
  });
  for (const File& file : files) ReplayFile(snapshot, file, jobs, context);
  if (cache) {
    std::erase_if(cache->entries_,
                  [&](const auto& e) { return e.second.generation != cache->generation_; });
  }
  CrossCheck(snapshot, std::move(context.clusters), &model, sink);
  return model;
}

}  // namespace cocoplane::model
