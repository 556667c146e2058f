// The typed model of examples/repo, field by field, and Load() on inline
// repositories.
#include "model/model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model_testing.h"
#include "source/dir_source.h"
#include "testing/matchers.h"

namespace cocoplane::model {
namespace {

using cocoplane::testing::Brief;
using cocoplane::testing::SnapshotOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ExamplesModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Snapshot> snapshot = source::ReadDirectory(testing::SourceDir() + "/examples/repo");
    ASSERT_OK(snapshot.status());
    snapshot_ = std::move(*snapshot);
    model_ = Load(snapshot_, sink_);
    ASSERT_TRUE(sink_.empty()) << testing::Describe(sink_);
  }

  Snapshot snapshot_;
  DiagnosticSink sink_;
  Model model_;
};

TEST_F(ExamplesModelTest, Cluster) {
  ASSERT_TRUE(model_.cluster);
  const Cluster& c = *model_.cluster;
  EXPECT_EQ(c.metadata.name.value, "ocp-bare-metal");
  EXPECT_EQ(c.metadata.name.location.ToString(), "cluster/cluster.yaml:7:9");
  EXPECT_EQ(c.trustee_version.value, "0.21.0");
  EXPECT_EQ(c.trustee_namespace.value, "trustee-operator-system");
  EXPECT_EQ(c.kbs_url.value, "https://kbs-trustee-operator-system.apps.ocp.example.com");
  ASSERT_TRUE(c.kbs_ca_cert);
  EXPECT_EQ(c.kbs_ca_cert->path.value, "cluster/internal-ca.pem");
  EXPECT_EQ(c.kbs_ca_cert->text.rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
  EXPECT_EQ(c.default_tee.value, TeeKind::kSnp);
  EXPECT_EQ(c.initdata_algorithm.value, HashAlgorithm::kSha384);
  EXPECT_EQ(c.initdata_algorithm.location.ToString(), "cluster/cluster.yaml:30:22");
}

TEST_F(ExamplesModelTest, TrusteeProfileWithVault) {
  const TrusteeProfile* p = model_.ClusterProfile();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->metadata.name.value, "restricted");
  EXPECT_EQ(p->type.value, ProfileType::kRestricted);
  EXPECT_EQ(p->tls_secret_name, "kbs-tls");
  EXPECT_EQ(p->token_verification_secret_name, "kbs-token-signing");
  EXPECT_EQ(p->tls_profile, "intermediate");
  EXPECT_EQ(p->backend.value, ResourceBackend::kVault);
  ASSERT_TRUE(p->vault);
  EXPECT_EQ(p->vault->url.value, "https://vault.example.com:8200");
  EXPECT_EQ(p->vault->mount_path, "kbs");
  EXPECT_TRUE(p->vault->verify_ssl);
  ASSERT_EQ(p->vault->ca_certs.size(), 1u);
  EXPECT_EQ(p->vault->ca_certs[0].text, model_.cluster->kbs_ca_cert->text);
  EXPECT_EQ(p->vault->token.type, SecretSource::Type::kFile);
  EXPECT_EQ(p->vault->token.ref.value, "/etc/cocoplane/secrets/kbs-vault-token");
}

TEST_F(ExamplesModelTest, NodePoolsWithDefaultsFilledIn) {
  ASSERT_EQ(model_.node_pools.size(), 3u);
  const NodePool* snp = model_.FindNodePool("snp");
  ASSERT_NE(snp, nullptr);
  EXPECT_EQ(snp->tee->value, TeeKind::kSnp);
  EXPECT_EQ(snp->runtime_class_name, "kata-cc");
  EXPECT_EQ(snp->runtime_class_handler, "kata-cc");
  EXPECT_EQ(snp->kata.max_memory_mib->value, 65536);
  EXPECT_EQ(snp->kata.default_vcpus->value, 1.0);
  ASSERT_TRUE(snp->kata.enable_annotations);
  EXPECT_EQ(snp->kata.enable_annotations->size(), 3u);
  EXPECT_FALSE(snp->kata.debug);
  EXPECT_FALSE(snp->confidential_gpu.value);

  const NodePool* tdx = model_.FindNodePool("tdx-gpu");
  ASSERT_NE(tdx, nullptr);
  EXPECT_EQ(tdx->tee->value, TeeKind::kTdx);
  EXPECT_TRUE(tdx->confidential_gpu.value);
  EXPECT_EQ(tdx->runtime_class_name, "kata-qemu-nvidia-gpu-tdx");
  EXPECT_FALSE(tdx->kata.enable_annotations);
  EXPECT_EQ(tdx->node_selector.at("feature.node.kubernetes.io/cpu-security.tdx.enabled"), "true");
}

TEST_F(ExamplesModelTest, Workloads) {
  std::vector<std::string> names;
  for (const auto& w : model_.workloads) names.push_back(w.metadata.name.value);
  EXPECT_THAT(names, ElementsAre("encrypted-volume", "ingress-tls", "large-image", "llm-inference",
                                 "sealed-secret-demo"));

  const Workload* large = model_.FindWorkload("large-image");
  ASSERT_NE(large, nullptr);
  EXPECT_EQ(large->memory_mib->value, 49152);
  EXPECT_THAT(large->containers.size(), 1u);
  EXPECT_EQ(large->match_labels.at("app"), "sample-cc-pod");

  const Workload* sealed = model_.FindWorkload("sealed-secret-demo");
  ASSERT_NE(sealed, nullptr);
  ASSERT_EQ(sealed->sealed_secrets.size(), 2u);
  EXPECT_EQ(sealed->sealed_secrets[0].delivery, SealedSecret::Delivery::kEnv);
  EXPECT_EQ(sealed->sealed_secrets[0].target.value, "PROTECTED_SECRET");
  EXPECT_EQ(sealed->sealed_secrets[1].delivery, SealedSecret::Delivery::kFile);
  EXPECT_EQ(model_.FindKbsResource(sealed->sealed_secrets[0].resource.value)->path.value,
            "default/enckey/key.pem");
  EXPECT_EQ(sealed->agent_policy->value, "strict_service");

  const Workload* llm = model_.FindWorkload("llm-inference");
  ASSERT_NE(llm, nullptr);
  EXPECT_THAT(llm->ResourceNames(), ElementsAre("model-key", "regcred"));
  ASSERT_EQ(llm->initdata_fragments.size(), 1u);
  EXPECT_NE(llm->initdata_fragments[0].text.find("[model]"), std::string::npos);

  const Workload* volume = model_.FindWorkload("encrypted-volume");
  ASSERT_EQ(volume->encrypted_volumes.size(), 1u);
  EXPECT_EQ(volume->encrypted_volumes[0].device_path.value, "/dev/pgdata");
  EXPECT_EQ(volume->encrypted_volumes[0].filesystem, "ext4");
  EXPECT_TRUE(volume->encrypted_volumes[0].integrity);

  const Workload* ingress = model_.FindWorkload("ingress-tls");
  EXPECT_EQ(ingress->tls_key->value, "ingress-tls-key");
  EXPECT_EQ(ingress->tls_certificate->value, "ingress-tls-cert");
}

TEST_F(ExamplesModelTest, ImagePolicy) {
  const ImagePolicy* p = model_.FindImagePolicy("org-images");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->default_requirement.value, RequirementType::kReject);
  const auto& org = p->scopes.at("quay.io/example-org");
  ASSERT_EQ(org.size(), 1u);
  EXPECT_EQ(org[0].type.value, RequirementType::kSigstoreSigned);
  EXPECT_EQ(model_.FindKbsResource(org[0].key_resource->value)->path.value,
            "default/cosign-public-key/org");
  EXPECT_EQ(org[0].signed_identity->type.value, "matchRepository");
  const auto& platform = p->scopes.at("registry.example.com/platform");
  ASSERT_TRUE(platform[0].key_file);
  EXPECT_EQ(platform[0].key_file->text.rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
}

TEST_F(ExamplesModelTest, ResourcesAndReferenceValues) {
  ASSERT_EQ(model_.kbs_resources.size(), 7u);
  const KbsResource* regcred = model_.FindKbsResource("regcred");
  ASSERT_NE(regcred, nullptr);
  EXPECT_EQ(regcred->path.value, "default/credential/regcred");
  EXPECT_EQ(regcred->kind, ResourceKind::kCredential);
  EXPECT_EQ(regcred->source.type, SecretSource::Type::kVault);
  EXPECT_EQ(regcred->source.ref.value, "secret/coco/regcred");
  // The second document of a multi-document file keeps its own positions.
  EXPECT_EQ(regcred->path.location.ToString(), "resources/kbs-resources.yaml:24:9");

  ASSERT_EQ(model_.reference_values.size(), 2u);
  const ReferenceValues& snp = model_.reference_values[0];
  EXPECT_EQ(snp.metadata.name.value, "snp");
  EXPECT_EQ(snp.expiration->value, "2027-06-30T00:00:00Z");
  EXPECT_EQ(std::get<int64_t>(snp.values.at("snp_bootloader").value.at(0)), 3);
  EXPECT_EQ(std::get<std::string>(snp.values.at("snp_launch_measurement").value.at(0)).size(), 96u);
}

TEST(ModelTest, JsonDocumentsLoadLikeYaml) {
  Snapshot snapshot = SnapshotOf({{"r.json",
                                   R"({"apiVersion": "cocoplane.io/v1alpha1", "kind": "KbsResource",
 "metadata": {"name": "k"}, "spec": {"path": "a/b/c", "source": {"env": "K"}, "extra": 1}})"}});
  DiagnosticSink sink;
  Model model = Load(snapshot, sink);
  EXPECT_THAT(Brief(sink), ElementsAre("CP2006 r.json:2:79", "CP3002 :0:0"));
  ASSERT_EQ(model.kbs_resources.size(), 1u);
  EXPECT_EQ(model.kbs_resources[0].source.ref.value, "K");
}

TEST(ModelTest, SymlinkedDocumentsAreLoadedOnce) {
  Snapshot snapshot = SnapshotOf({{"pools/p.yaml",
                                   "apiVersion: cocoplane.io/v1alpha1\nkind: NodePool\n"
                                   "metadata:\n  name: p\nspec:\n  nodeSelector: {a: b}\n"}});
  SnapshotFile link;
  link.type = SnapshotFile::Type::kSymlink;
  link.bytes = "pools/p.yaml";
  snapshot.files["alias.yaml"] = link;
  DiagnosticSink sink;
  Model model = Load(snapshot, sink);
  EXPECT_THAT(Brief(sink), ElementsAre("CP3002 :0:0"));
  EXPECT_EQ(model.node_pools.size(), 1u);
}

TEST(ModelTest, SecretFilesInsideAWorkingTreeAreRefused) {
  Snapshot snapshot = SnapshotOf({{"r.yaml",
                                   "apiVersion: cocoplane.io/v1alpha1\nkind: KbsResource\n"
                                   "metadata:\n  name: k\nspec:\n  path: a/b/c\n  source:\n"
                                   "    file: /home/me/repo/secrets/key.pem\n"}});
  snapshot.origin = "/home/me/repo";
  DiagnosticSink sink;
  Load(snapshot, sink);
  EXPECT_TRUE(testing::HasDiagnostic(sink, "CP2016", "r.yaml", 8, 11)) << testing::Describe(sink);
}

}  // namespace
}  // namespace cocoplane::model
