// The schemas themselves (valid draft-07, documented, closed), and where
// schema errors point.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "embedded_schemas.h"
#include "model/limits.h"
#include "model/loaders.h"
#include "model/model.h"
#include "model/schema_check.h"
#include "model/schema_errors.h"
#include "model/schema_registry.h"
#include "model_testing.h"
#include "source/dir_source.h"
#include "testing/matchers.h"

namespace cocoplane::model {
namespace {

using cocoplane::testing::Brief;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using json = nlohmann::json;

// --- The schemas are valid draft-07 ---------------------------------------
//
// There is no draft-07 meta-schema on the build machines and we do not
// vendor one, so this walk checks what the meta-schema would: every keyword
// is a draft-07 keyword (a typo like "requird" would otherwise be silently
// ignored by validators) and has a value of the right type, every pattern
// compiles, every $ref resolves. It also checks the project's own rules.

const std::set<std::string> kSchemaValued = {"additionalItems",
                                             "contains",
                                             "additionalProperties",
                                             "propertyNames",
                                             "if",
                                             "then",
                                             "else",
                                             "not"};
const std::set<std::string> kSchemaMaps = {"definitions", "properties", "patternProperties"};
const std::set<std::string> kSchemaLists = {"allOf", "anyOf", "oneOf"};
const std::set<std::string> kStrings = {
    "$schema",     "$id",     "$ref",   "$comment",         "title",
    "description", "pattern", "format", "contentMediaType", "contentEncoding"};
const std::set<std::string> kCounts = {"maxLength", "minLength",     "maxItems",
                                       "minItems",  "maxProperties", "minProperties"};
const std::set<std::string> kNumbers = {"multipleOf", "maximum", "exclusiveMaximum", "minimum",
                                        "exclusiveMinimum"};
const std::set<std::string> kBooleans = {"uniqueItems", "readOnly", "writeOnly"};
const std::set<std::string> kAnyValue = {"const", "default",  "examples", "enum",
                                         "type",  "required", "items",    "dependencies"};
const std::set<std::string> kTypeNames = {"array",  "boolean", "integer", "null",
                                          "number", "object",  "string"};

class SchemaWalker {
 public:
  explicit SchemaWalker(std::string file) : file_(std::move(file)) {}

  // `in_condition`: inside an "if", which describes a condition rather than
  // a document shape, so the project's shape rules do not apply.
  void Check(const json& schema, const std::string& at, bool in_condition = false) {
    if (schema.is_boolean()) return;
    ASSERT_TRUE(schema.is_object()) << file_ << at << ": a schema must be an object or boolean";
    for (const auto& [key, value] : schema.items()) {
      CheckKeyword(key, value, at + "/" + key, in_condition || key == "if");
    }
    if (schema.contains("properties") && !in_condition) {
      // A map (keys checked by propertyNames, values by additionalProperties)
      // may give some well-known keys a schema of their own, e.g. the
      // `cocoplane.io/drift` label; every other object is closed.
      bool map = schema.contains("propertyNames") && schema.value("additionalProperties", json(true)).is_object();
      EXPECT_TRUE(map || schema.value("additionalProperties", json(true)) == json(false))
          << file_ << at << ": objects with properties must set additionalProperties: false";
      for (const auto& [name, property] : schema["properties"].items()) {
        std::string description = property.value("description", "");
        EXPECT_NE(description.find("→"), std::string::npos)
            << file_ << at << "/properties/" << name << ": description must say where it maps (→)";
      }
    }
    if (schema.contains("$ref")) {
      EXPECT_TRUE(Deref(SchemaNode{&schema, file_})) << file_ << at << ": $ref does not resolve";
    }
  }

 private:
  void CheckKeyword(const std::string& key, const json& value, const std::string& at,
                    bool in_condition) {
    if (kSchemaValued.count(key)) return Check(value, at, in_condition);
    if (kSchemaMaps.count(key)) {
      ASSERT_TRUE(value.is_object()) << file_ << at;
      for (const auto& [name, sub] : value.items()) Check(sub, at + "/" + name, in_condition);
      return;
    }
    if (kSchemaLists.count(key)) {
      ASSERT_TRUE(value.is_array() && !value.empty()) << file_ << at;
      for (size_t i = 0; i < value.size(); ++i) {
        Check(value[i], at + "/" + std::to_string(i), in_condition);
      }
      return;
    }
    if (kStrings.count(key)) {
      ASSERT_TRUE(value.is_string()) << file_ << at;
      if (key == "pattern") {
        EXPECT_NO_THROW(std::regex(value.get<std::string>())) << file_ << at;
      }
      return;
    }
    if (kCounts.count(key)) {
      EXPECT_TRUE(value.is_number_unsigned()) << file_ << at;
      return;
    }
    if (kNumbers.count(key)) {
      EXPECT_TRUE(value.is_number()) << file_ << at;
      return;
    }
    if (kBooleans.count(key)) {
      EXPECT_TRUE(value.is_boolean()) << file_ << at;
      return;
    }
    ASSERT_TRUE(kAnyValue.count(key)) << file_ << at << ": not a draft-07 keyword";
    if (key == "enum") {
      EXPECT_TRUE(value.is_array() && !value.empty()) << file_ << at;
    }
    if (key == "required") {
      ASSERT_TRUE(value.is_array()) << file_ << at;
      std::set<std::string> names;
      for (const auto& name : value) {
        ASSERT_TRUE(name.is_string()) << file_ << at;
        EXPECT_TRUE(names.insert(name.get<std::string>()).second) << file_ << at << ": repeated";
      }
    }
    if (key == "type") {
      json types = value.is_array() ? value : json::array({value});
      for (const auto& t : types) {
        EXPECT_TRUE(t.is_string() && kTypeNames.count(t.get<std::string>())) << file_ << at;
      }
    }
    if (key == "items" && !value.is_array()) Check(value, at, in_condition);
  }

  std::string file_;
};

TEST(SchemaTest, EverySchemaIsDocumentedClosedDraft07) {
  std::set<std::string> files;
  for (const EmbeddedSchema& embedded : EmbeddedSchemas()) {
    std::string file(embedded.file);
    files.insert(file);
    json schema = json::parse(embedded.text, nullptr, false);
    ASSERT_FALSE(schema.is_discarded()) << file << " is not JSON";
    EXPECT_EQ(schema.value("$schema", ""), "http://json-schema.org/draft-07/schema#") << file;
    EXPECT_EQ(schema.value("$id", ""), "https://cocoplane.io/schemas/v1alpha1/" + file) << file;
    SchemaWalker(file).Check(schema, "");
  }
  std::set<std::string> expected = {"common.schema.json"};
  for (std::string_view kind : KnownKinds()) expected.insert(SchemaFileFor(kind));
  EXPECT_EQ(files, expected);
}

TEST(SchemaTest, EveryKindSchemaCompiles) {
  EXPECT_THAT(SchemaLoadErrors(), IsEmpty());
  for (std::string_view kind : KnownKinds()) {
    EXPECT_TRUE(SchemaRegistry::Get().Compiled(kind)) << kind;
    EXPECT_EQ(KindSchema(kind).node->value("title", ""), kind);
  }
}

TEST(SchemaTest, TheExamplesRepositoryIsValid) {
  Result<Snapshot> snapshot = source::ReadDirectory(testing::SourceDir() + "/examples/repo");
  ASSERT_OK(snapshot.status());
  DiagnosticSink sink;
  Model model = Load(*snapshot, sink);
  EXPECT_TRUE(sink.empty()) << testing::Describe(sink);
  EXPECT_EQ(model.workloads.size(), 5u);
}

// --- Where schema errors point --------------------------------------------

std::vector<std::string> Validate(std::string_view kind, const std::string& yaml) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("doc.yaml", yaml, sink);
  EXPECT_EQ(docs.size(), 1u) << testing::Describe(sink);
  if (!docs.empty()) ValidateAgainstSchema(docs[0], kind, sink);
  return Brief(sink);
}

std::string Message(std::string_view kind, const std::string& yaml) {
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("doc.yaml", yaml, sink);
  ValidateAgainstSchema(docs.at(0), kind, sink);
  return sink.empty() ? "" : sink.diagnostics()[0].message + " | " + sink.diagnostics()[0].hint;
}

constexpr const char* kResourceHead =
    "apiVersion: cocoplane.io/v1alpha1\n"
    "kind: KbsResource\n"
    "metadata:\n"
    "  name: key\n";

TEST(SchemaErrorTest, MissingPropertyPointsAtTheKeyOfTheMappingThatLacksIt) {
  EXPECT_THAT(Validate("KbsResource", std::string(kResourceHead) + "spec:\n  path: a/b/c\n"),
              ElementsAre("CP2005 doc.yaml:5:1"));
  EXPECT_EQ(Message("KbsResource", std::string(kResourceHead) + "spec:\n  path: a/b/c\n"),
            "missing required property \"source\" in spec | add `source:` — Where the value is "
            "read at apply time: exactly one of file, env or vault.");
}

TEST(SchemaErrorTest, MissingTopLevelPropertyPointsAtTheDocument) {
  EXPECT_THAT(Validate("KbsResource", "apiVersion: cocoplane.io/v1alpha1\nkind: KbsResource\n"),
              ElementsAre("CP2005 doc.yaml:1:1", "CP2005 doc.yaml:1:1"));
}

TEST(SchemaErrorTest, UnknownPropertyPointsAtItsKeyWithDidYouMean) {
  std::string yaml = std::string(kResourceHead) +
                     "spec:\n  path: a/b/c\n  source:\n    env: KEY\n  descripton: typo\n";
  EXPECT_THAT(Validate("KbsResource", yaml), ElementsAre("CP2006 doc.yaml:9:3"));
  EXPECT_EQ(Message("KbsResource", yaml),
            "unknown property \"descripton\" in spec | did you mean \"description\"?");
}

TEST(SchemaErrorTest, WrongTypePointsAtTheValue) {
  std::string yaml =
      std::string(kResourceHead) + "spec:\n  path: [a, b]\n  source:\n    env: KEY\n";
  EXPECT_THAT(Validate("KbsResource", yaml), ElementsAre("CP2007 doc.yaml:6:9"));
  EXPECT_EQ(Message("KbsResource", yaml).substr(0, 36), "spec.path must be a string, not a li");
}

TEST(SchemaErrorTest, EnumMismatchListsTheValuesAndSuggestsOne) {
  std::string yaml = std::string(kResourceHead) +
                     "spec:\n  path: a/b/c\n  kind: credentail\n  source:\n    env: KEY\n";
  EXPECT_THAT(Validate("KbsResource", yaml), ElementsAre("CP2008 doc.yaml:7:9"));
  EXPECT_EQ(Message("KbsResource", yaml),
            "\"credentail\" is not allowed for spec.kind; expected one of: key, credential, "
            "certificate, policy, other | did you mean \"credential\"?");
}

TEST(SchemaErrorTest, PatternMismatchExplainsTheFormat) {
  std::string yaml =
      std::string(kResourceHead) + "spec:\n  path: a/b/c\n  source:\n    file: relative/key.pem\n";
  EXPECT_THAT(Validate("KbsResource", yaml), ElementsAre("CP2009 doc.yaml:8:11"));
  EXPECT_EQ(Message("KbsResource", yaml),
            "\"relative/key.pem\" is not a valid spec.source.file | An absolute path on the "
            "machine that runs cocoplane (outside the repository).");
}

TEST(SchemaErrorTest, TwoSourcesAreExactlyOneOfTheirKeys) {
  std::string yaml = std::string(kResourceHead) +
                     "spec:\n  path: a/b/c\n  source:\n    env: KEY\n    vault: kv/key\n";
  EXPECT_THAT(Validate("KbsResource", yaml), ElementsAre("CP2013 doc.yaml:7:3"));
  EXPECT_EQ(Message("KbsResource", yaml).substr(0, 53),
            "exactly one of env, file, vault must be set in spec.s");
}

TEST(SchemaErrorTest, ErrorsInListItemsPointIntoTheList) {
  std::string yaml =
      "apiVersion: cocoplane.io/v1alpha1\nkind: Workload\nmetadata:\n  name: w\n"
      "spec:\n  namespace: default\n  podSelector:\n    matchLabels: {app: w}\n  nodePool: p\n"
      "  encryptedVolumes:\n    - name: data\n      devicePath: /dev/sdb\n      key: k\n"
      "      mountPath: /data\n      filesytem: ext4\n";
  EXPECT_THAT(Validate("Workload", yaml), ElementsAre("CP2006 doc.yaml:15:7"));
  EXPECT_EQ(Message("Workload", yaml),
            "unknown property \"filesytem\" in spec.encryptedVolumes[0] | did you mean "
            "\"filesystem\"?");
}

TEST(SchemaErrorTest, ConditionalRequirementsPointAtTheirMapping) {
  std::string yaml =
      "apiVersion: cocoplane.io/v1alpha1\nkind: TrusteeProfile\nmetadata:\n  name: p\n"
      "spec:\n  type: Permissive\n  resourceBackend:\n    type: vault\n";
  EXPECT_THAT(Validate("TrusteeProfile", yaml), ElementsAre("CP2005 doc.yaml:7:3"));
}

TEST(SchemaErrorTest, SecretValuesAreRefusedAsSuch) {
  std::string yaml = std::string(kResourceHead) +
                     "spec:\n  path: a/b/c\n  value: hunter2\n  source:\n    env: KEY\n";
  EXPECT_THAT(Validate("KbsResource", yaml), ElementsAre("CP2012 doc.yaml:7:3"));
}

TEST(SchemaErrorTest, NumbersOutOfRangeNameTheBounds) {
  std::string yaml =
      "apiVersion: cocoplane.io/v1alpha1\nkind: NodePool\nmetadata:\n  name: p\n"
      "spec:\n  nodeSelector: {a: b}\n  kata:\n    defaultMemoryMiB: 64\n";
  EXPECT_THAT(Validate("NodePool", yaml), ElementsAre("CP2010 doc.yaml:8:23"));
  EXPECT_EQ(Message("NodePool", yaml),
            "64 is out of range for spec.kata.defaultMemoryMiB (minimum 128, maximum 4194304) | ");
}

TEST(SchemaErrorTest, UnrecognisedValijsonErrorsFallBackToBadFormat) {
  // Our schemas use no keyword that yields this message; a future one might.
  DiagnosticSink sink;
  std::vector<SourceDocument> docs = LoadYaml("doc.yaml", "spec:\n  count: 3\n", sink);
  NodePath path{"/spec/count", {{"spec", false}, {"count", false}}};
  ReportSchemaError(docs.at(0), "NodePool", path, "Value should be a multiple of 2", sink);
  EXPECT_THAT(Brief(sink), ElementsAre("CP2009 doc.yaml:2:10"));
  EXPECT_EQ(sink.diagnostics()[0].message, "spec.count: Value should be a multiple of 2");
}

TEST(SchemaErrorTest, PatternsOnStringsAtTheLengthLimitStayOnTheStack) {
  // std::regex recurses once per character; kMaxStringBytes keeps that
  // bounded. These are the longest strings a document may hold.
  std::string longest(kMaxStringBytes - 1, 'a');
  std::string yaml =
      "apiVersion: cocoplane.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: " + longest +
      "-\nspec:\n  trusteeVersion: 0.21.0\n  trusteeProfile: p\n"
      "  kbs:\n    url: https://" +
      longest.substr(8) + "\n    caCertPath: " + longest +
      "/\n  defaultTee: snp\n  initdataAlgorithm: sha256\n";
  EXPECT_THAT(Validate("Cluster", yaml),
              ElementsAre("CP2009 doc.yaml:10:17", "CP2009 doc.yaml:4:9", "CP2010 doc.yaml:10:17",
                          "CP2010 doc.yaml:4:9", "CP2010 doc.yaml:9:10"));
}

TEST(SchemaErrorTest, MapKeysAreCheckedAgainstPropertyNames) {
  std::string yaml =
      "apiVersion: cocoplane.io/v1alpha1\nkind: ReferenceValues\nmetadata:\n  name: rv\n"
      "spec:\n  values:\n    \"bad name\": [1]\n";
  EXPECT_THAT(Validate("ReferenceValues", yaml), ElementsAre("CP2009 doc.yaml:7:5"));
}

}  // namespace
}  // namespace cocoplane::model
