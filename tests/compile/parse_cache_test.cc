// compile::ParseCache: a compile that reuses parsed files gives the same
// bytes and the same diagnostics as one that parses everything.
#include "compile/parse_cache.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "compile/compile_test_util.h"
#include "crypto/digest.h"
#include "crypto/encoding.h"
#include "source/blob_id.h"
#include "testing/matchers.h"

namespace cocoplane::compile {
namespace {

using testing::ExampleRepo;
using testing::TestOptions;

// Edit() clears the blob id; a real source sets the new one, and the cache
// must see it to know the file changed.
void EditKeepingBlobId(Snapshot& snap, const std::string& path, const std::string& from,
                       const std::string& to) {
  ASSERT_TRUE(testing::Edit(snap, path, from, to)) << path;
  snap.files[path].blob_id = source::GitBlobId(snap.files[path].bytes);
}

// Every artifact's path and bytes, the bindings and the manifest.
std::string Fingerprint(const std::optional<Compilation>& c) {
  if (!c) return "<no bundle>";
  std::string out = RenderManifest(c->bundle);
  for (const auto& a : c->bundle.artifacts) out += a.path + "\n" + a.bytes + "\n";
  return out;
}

std::string Diagnostics(const DiagnosticSink& sink) { return cocoplane::testing::Describe(sink); }

TEST(ParseCacheTest, SameBundleWithAndWithoutTheCache) {
  Snapshot repo = ExampleRepo();
  ASSERT_FALSE(repo.files.empty());
  DiagnosticSink plain_sink, first_sink, second_sink;
  ParseCache cache;

  std::optional<Compilation> plain = Compile(repo, TestOptions(), plain_sink);
  std::optional<Compilation> first = Compile(repo, TestOptions(), first_sink, &cache);
  std::optional<Compilation> second = Compile(repo, TestOptions(), second_sink, &cache);

  ASSERT_TRUE(plain.has_value()) << Diagnostics(plain_sink);
  EXPECT_EQ(Fingerprint(first), Fingerprint(plain));
  EXPECT_EQ(Fingerprint(second), Fingerprint(plain));
  EXPECT_EQ(Diagnostics(second_sink), Diagnostics(plain_sink));
  // Every desired-state document file and every .cpl file is cached.
  EXPECT_GT(cache.model.size(), 10u);
  EXPECT_EQ(cache.cpl.size(), 6u);
}

TEST(ParseCacheTest, AChangedWorkloadIsParsedAgain) {
  Snapshot base = ExampleRepo();
  Snapshot head = base;
  EditKeepingBlobId(head, "workloads/large-image.yaml", "memoryMiB: 49152", "memoryMiB: 32768");
  ParseCache cache;
  DiagnosticSink warm_sink, cached_sink, plain_sink;
  ASSERT_TRUE(Compile(base, TestOptions(), warm_sink, &cache).has_value());

  std::optional<Compilation> cached = Compile(head, TestOptions(), cached_sink, &cache);
  std::optional<Compilation> plain = Compile(head, TestOptions(), plain_sink);

  ASSERT_TRUE(plain.has_value()) << Diagnostics(plain_sink);
  EXPECT_EQ(Fingerprint(cached), Fingerprint(plain));
  EXPECT_EQ(cache.model.reused(), cache.model.size() - 1);
  EXPECT_EQ(cache.cpl.reused(), cache.cpl.size());
  // The new memory reached the workload's pod patch: the edit was not
  // served from the cache.
  EXPECT_NE(Fingerprint(cached).find("32768"), std::string::npos);
  EXPECT_NE(Fingerprint(cached), Fingerprint(Compile(base, TestOptions(), warm_sink)));
}

TEST(ParseCacheTest, CommitsOfOneRepositoryShareEntries) {
  // Git snapshots are labelled "<repo>@<rev>": a label, not a directory, so
  // the next commit's unchanged files are still found in the cache.
  Snapshot first = ExampleRepo();
  first.revision = std::string(40, 'a');
  first.origin = "/srv/repo@aaaaaaaaaaaa";
  Snapshot second = first;
  second.revision = std::string(40, 'b');
  second.origin = "/srv/repo@bbbbbbbbbbbb";
  ParseCache cache;
  DiagnosticSink first_sink, second_sink, plain_sink;
  ASSERT_TRUE(Compile(first, TestOptions(), first_sink, &cache).has_value());

  std::optional<Compilation> cached = Compile(second, TestOptions(), second_sink, &cache);

  EXPECT_EQ(cache.model.reused(), cache.model.size());
  EXPECT_EQ(cache.cpl.reused(), cache.cpl.size());
  EXPECT_EQ(Fingerprint(cached), Fingerprint(Compile(second, TestOptions(), plain_sink)));
}

TEST(ParseCacheTest, ACachedFileReportsItsDiagnosticsAgain) {
  Snapshot broken = ExampleRepo();
  EditKeepingBlobId(broken, "pools/snp.yaml", "tee: snp", "tee: [snp");
  EditKeepingBlobId(broken, "policies/gpu.cpl", "ear.status == affirming\n  trust",
                    "ear.status ==\n  trust");
  ParseCache cache;
  DiagnosticSink plain, first, again;

  EXPECT_FALSE(Compile(broken, TestOptions(), plain).has_value());
  EXPECT_FALSE(Compile(broken, TestOptions(), first, &cache).has_value());
  EXPECT_FALSE(Compile(broken, TestOptions(), again, &cache).has_value());

  ASSERT_TRUE(plain.has_errors());
  EXPECT_EQ(Diagnostics(first), Diagnostics(plain));
  EXPECT_EQ(Diagnostics(again), Diagnostics(plain));
}

TEST(ParseCacheTest, RemovedFilesLeaveTheCache) {
  Snapshot repo = ExampleRepo();
  ParseCache cache;
  DiagnosticSink sink;
  Compile(repo, TestOptions(), sink, &cache);
  size_t documents = cache.model.size();
  size_t policies = cache.cpl.size();

  repo.files.erase("reference-values/tdx.yaml");
  repo.files.erase("policies/guards.cpl");
  DiagnosticSink after;
  Compile(repo, TestOptions(), after, &cache);

  EXPECT_EQ(cache.model.size(), documents - 1);
  EXPECT_EQ(cache.cpl.size(), policies - 1);
}

TEST(ParseCacheTest, FilesWithoutBlobIdsAreNotCached) {
  Snapshot repo = ExampleRepo();
  for (auto& [path, file] : repo.files) file.blob_id.clear();
  ParseCache cache;
  DiagnosticSink sink;

  ASSERT_TRUE(Compile(repo, TestOptions(), sink, &cache).has_value()) << Diagnostics(sink);

  EXPECT_EQ(cache.model.size(), 0u);
  EXPECT_EQ(cache.cpl.size(), 0u);
}

TEST(ParseCacheTest, AnnotationsAreReusedForTheSameInitdataBytesOnly) {
  Snapshot base = ExampleRepo();
  Snapshot head = base;
  // large-image's namespace is part of its initdata (the identity key), so
  // its initdata bytes and digest change.
  EditKeepingBlobId(head, "workloads/large-image.yaml", "namespace: default", "namespace: media");
  ParseCache cache;
  DiagnosticSink sink;
  std::optional<Compilation> first = Compile(base, TestOptions(), sink, &cache);
  ASSERT_TRUE(first.has_value()) << Diagnostics(sink);
  ASSERT_EQ(cache.initdata_annotations.size(), first->bundle.bindings.size());
  // Mark every cached annotation (in base64, which the pod patch checks):
  // what the next compile takes from the cache shows the mark, what it
  // encodes afresh does not.
  auto mark = [](const std::string& key) {
    return crypto::Base64Encode("cached " + key, crypto::Base64Alphabet::kStandard, true);
  };
  for (auto& [key, annotation] : cache.initdata_annotations) annotation = mark(key);
  // Whole workload outputs would be reused before any annotation is looked
  // up; without them, every workload is built and looks its annotation up.
  cache.workloads.clear();

  std::optional<Compilation> second = Compile(head, TestOptions(), sink, &cache);

  ASSERT_TRUE(second.has_value()) << Diagnostics(sink);
  for (const InitdataBinding& b : second->bundle.bindings) {
    const Artifact* a = second->bundle.Find("workloads/" + b.workload + "/initdata.annotation");
    ASSERT_NE(a, nullptr) << b.workload;
    std::string marked = mark(b.algorithm + ":" + b.digest) + "\n";
    if (b.workload == "large-image") {
      // Its initdata changed: the annotation was encoded again, from the
      // new bytes.
      const Artifact* toml = second->bundle.Find("workloads/large-image/initdata.toml");
      ASSERT_NE(toml, nullptr);
      auto gz = crypto::Base64Decode(a->bytes.substr(0, a->bytes.size() - 1),
                                     crypto::Base64Alphabet::kStandard);
      ASSERT_TRUE(gz.has_value());
      EXPECT_EQ(crypto::Gunzip(*gz), toml->bytes);
    } else {
      EXPECT_EQ(a->bytes, marked) << b.workload;
    }
  }
  // The cache now holds this compile's annotations, the marks included.
  EXPECT_EQ(cache.initdata_annotations.size(), second->bundle.bindings.size());
}

TEST(ParseCacheTest, AWorkloadWhoseInputsAreUnchangedIsNotBuiltAgain) {
  Snapshot base = ExampleRepo();
  Snapshot head = base;
  EditKeepingBlobId(head, "workloads/large-image.yaml", "memoryMiB: 49152", "memoryMiB: 32768");
  ParseCache cache;
  DiagnosticSink sink, plain_sink;
  std::optional<Compilation> first = Compile(base, TestOptions(), sink, &cache);
  ASSERT_TRUE(first.has_value()) << Diagnostics(sink);
  ASSERT_EQ(cache.workloads.size(), first->bundle.bindings.size());
  std::set<const BuiltWorkload*> before;
  for (const auto& [key, built] : cache.workloads) before.insert(built.get());

  std::optional<Compilation> second = Compile(head, TestOptions(), sink, &cache);

  ASSERT_TRUE(second.has_value()) << Diagnostics(sink);
  EXPECT_EQ(Fingerprint(second), Fingerprint(Compile(head, TestOptions(), plain_sink)));
  // The same objects for every workload but the edited one.
  size_t kept = 0;
  for (const auto& [key, built] : cache.workloads) kept += before.count(built.get());
  EXPECT_EQ(cache.workloads.size(), before.size());
  EXPECT_EQ(kept, before.size() - 1);
}

// Every value a workload is built from, changed outside its own file, must
// reach its output: a cached compile gives the bytes a fresh one does.
TEST(ParseCacheTest, EveryInputOfAWorkloadInvalidatesItsCachedOutput) {
  struct Edit {
    const char* path;
    // "" renames the file to `to`.
    const char* from;
    const char* to;
  };
  // Each change: its edits, applied in order (an edit replaces the first
  // occurrence), the later ones so that the repository still compiles.
  // Leaving any one value out of Key() fails a change below, except for
  // values Key() covers twice (checked by commenting each line out): the
  // name (also in the identity fragment), aa.toml and the unsigned flag
  // (every change to them changes cdh.toml), the pool's TEE (two names;
  // leaving both out fails), and the list sizes (there for injectivity).
  struct Change {
    const char* what;
    std::vector<Edit> edits;
  };
  const Change changes[] = {
      // The workload's own document.
      {"a container", {{"workloads/large-image.yaml", "    - cc-pod", "    - cc-pod-2"}}},
      {"a sealed secret's name",
       {{"workloads/sealed-secret-demo.yaml", "- name: mysecret", "- name: other"},
        {"workloads/sealed-secret-demo.yaml", "- name: mysecret", "- name: other"}}},
      {"a fragment's file name",
       {{"initdata/inference-settings.toml", "", "initdata/serving.toml"},
        {"workloads/llm-inference.yaml", "initdata/inference-settings.toml",
         "initdata/serving.toml"}}},
      {"the namespace (the initdata identity)",
       {{"workloads/large-image.yaml", "namespace: default", "namespace: media"}}},
      // What it refers to, and the cluster.
      {"the pool's TEE (its runtime class is explicit, so only the binding changes)",
       {{"pools/snp.yaml", "tee: snp", "tee: tdx"},
        {"policies/secrets.cpl", "tee == snp", "tee in [snp, tdx]"},
        {"policies/secrets.cpl", "tee == snp", "tee in [snp, tdx]"},
        {"policies/secrets.cpl", "tee == snp", "tee in [snp, tdx]"}}},
      {"the pool's runtime class", {{"pools/snp.yaml", "name: kata-cc", "name: kata-cc-2"}}},
      {"the KBS URL (aa.toml, cdh.toml)",
       {{"cluster/cluster.yaml", "url: https://kbs-", "url: https://kbs2-"}}},
      {"the KBS CA",
       {{"cluster/internal-ca.pem", "-----END CERTIFICATE-----",
         "-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END "
         "CERTIFICATE-----"}}},
      {"the initdata hash",
       {{"cluster/cluster.yaml", "initdataAlgorithm: sha384", "initdataAlgorithm: sha512"}}},
      {"an agent profile",
       {{"policies/agents.cpl", "  logs deny\n  stdin deny", "  logs allow\n  stdin deny"}}},
      {"an initdata fragment",
       {{"initdata/inference-settings.toml", "max_batch_size = 8", "max_batch_size = 16"}}},
      {"the registry credential's path (cdh.toml only)",
       {{"resources/kbs-resources.yaml", "path: default/credential/regcred",
         "path: default/credential/regcred2"},
        {"policies/gpu.cpl", "\"default/credential/regcred\"", "\"default/credential/regcred2\""}}},
      {"a KBS resource's repository",
       {{"resources/kbs-resources.yaml", "path: default/enckey/", "path: other/enckey/"},
        {"policies/secrets.cpl", "\"default/enckey/key.pem\"", "\"other/enckey/key.pem\""}}},
      {"a KBS resource's tag",
       {{"resources/kbs-resources.yaml", "path: default/enckey/key.pem",
         "path: default/enckey/key2.pem"},
        {"policies/secrets.cpl", "\"default/enckey/key.pem\"", "\"default/enckey/key2.pem\""}}},
      {"a KBS resource's type (a sealed secret's URI)",
       {{"resources/kbs-resources.yaml", "path: default/enckey/", "path: default/enckey2/"},
        {"policies/secrets.cpl", "\"default/enckey/key.pem\"", "\"default/enckey2/key.pem\""}}},
  };
  for (const Change& change : changes) {
    SCOPED_TRACE(change.what);
    Snapshot base = ExampleRepo();
    Snapshot head = base;
    for (const Edit& e : change.edits) {
      if (*e.from) {
        EditKeepingBlobId(head, e.path, e.from, e.to);
      } else {
        ASSERT_TRUE(head.files.count(e.path)) << e.path;
        head.files[e.to] = head.files[e.path];
        head.files.erase(e.path);
      }
    }
    ParseCache cache;
    DiagnosticSink base_sink, cached_sink, plain_sink;
    std::optional<Compilation> before = Compile(base, TestOptions(), base_sink, &cache);
    ASSERT_TRUE(before.has_value()) << Diagnostics(base_sink);

    std::optional<Compilation> cached = Compile(head, TestOptions(), cached_sink, &cache);
    std::optional<Compilation> plain = Compile(head, TestOptions(), plain_sink);

    ASSERT_TRUE(plain.has_value()) << Diagnostics(plain_sink);
    EXPECT_EQ(Diagnostics(cached_sink), Diagnostics(plain_sink));
    EXPECT_EQ(Fingerprint(cached), Fingerprint(plain));
    EXPECT_NE(Fingerprint(cached), Fingerprint(before));
  }
  // And the compile options: the sealing key and the unsigned form.
  Snapshot repo = ExampleRepo();
  CompileOptions other_key = TestOptions();
  auto key = crypto::Es256PrivateKeyFromScalar(crypto::Digest(crypto::HashAlgorithm::kSha256, "x"));
  other_key.sealing_key_pem = crypto::Es256PrivateKeyToPem(*key);
  CompileOptions unsigned_secrets = TestOptions();
  unsigned_secrets.unsigned_sealed_secrets = true;
  for (const CompileOptions* options : {&other_key, &unsigned_secrets}) {
    ParseCache cache;
    DiagnosticSink sink;
    std::optional<Compilation> before = Compile(repo, TestOptions(), sink, &cache);
    std::optional<Compilation> cached = Compile(repo, *options, sink, &cache);
    std::optional<Compilation> plain = Compile(repo, *options, sink);
    ASSERT_TRUE(plain.has_value()) << Diagnostics(sink);
    EXPECT_EQ(Fingerprint(cached), Fingerprint(plain));
    EXPECT_NE(Fingerprint(cached), Fingerprint(before));
  }
}

TEST(ParseCacheTest, TheThreadCountDoesNotChangeTheOutput) {
  Snapshot good = ExampleRepo();
  Snapshot broken = good;
  EditKeepingBlobId(broken, "pools/snp.yaml", "tee: snp", "tee: [snp");
  EditKeepingBlobId(broken, "workloads/large-image.yaml", "memoryMiB: 49152", "memoryMiB: -1");
  // Without a sealing key the workload phase reports, and every later
  // phase still runs (resources and node pools beside Trustee when there
  // are threads).
  CompileOptions no_key = TestOptions();
  no_key.sealing_key_pem.clear();
  for (auto [repo, options] : {std::pair{&good, TestOptions()}, std::pair{&broken, TestOptions()},
                               std::pair{&good, no_key}}) {
    CompileOptions one = options;
    one.threads = 1;
    DiagnosticSink one_sink;
    std::optional<Compilation> serial = Compile(*repo, one, one_sink);
    if (options.sealing_key_pem.empty()) {
      EXPECT_TRUE(one_sink.has_errors());
    }
    for (unsigned threads : {2u, 3u, 8u}) {
      CompileOptions many = options;
      many.threads = threads;
      DiagnosticSink many_sink;
      std::optional<Compilation> parallel = Compile(*repo, many, many_sink);
      EXPECT_EQ(Fingerprint(parallel), Fingerprint(serial)) << threads << " threads";
      EXPECT_EQ(Diagnostics(many_sink), Diagnostics(one_sink)) << threads << " threads";
    }
  }
}

}  // namespace
}  // namespace cocoplane::compile
