// Suite files and cases: the top two levels of the format (README.md). The
// kind-specific parts of a case are in load_release.cc and load_agent_pod.cc.
#include "cpl/testing/load.h"

#include <set>
#include <utility>

#include "cpl/testing/decoder.h"
#include "model/file_checks.h"
#include "model/loaders.h"

namespace cocoplane::cpl::testing {

using internal::Decoder;
using internal::Node;

std::string_view CaseKindName(CaseKind kind) {
  switch (kind) {
    case CaseKind::kRelease:
      return "release";
    case CaseKind::kAgent:
      return "agent";
    case CaseKind::kPod:
      return "pod";
  }
  return "release";
}

std::pair<std::string_view, std::string_view> Outcomes(CaseKind kind) {
  switch (kind) {
    case CaseKind::kRelease:
      return {"released", "refused"};
    case CaseKind::kAgent:
      return {"allowed", "denied"};
    case CaseKind::kPod:
      return {"admitted", "rejected"};
  }
  return {"released", "refused"};
}

std::string_view OutcomeName(CaseKind kind, bool positive) {
  auto [yes, no] = Outcomes(kind);
  return positive ? yes : no;
}

namespace {

constexpr CaseKind kKinds[] = {CaseKind::kRelease, CaseKind::kAgent, CaseKind::kPod};

// The one kind key a case has, or nullopt after CP8005.
std::optional<CaseKind> KindOf(Decoder& d, const Node& c) {
  std::optional<CaseKind> kind;
  for (CaseKind k : kKinds) {
    if (!c.Child(CaseKindName(k)).present()) continue;
    if (kind) {
      // Point at whichever of the two keys comes second in the file.
      Location a = c.Child(CaseKindName(*kind)).key_at();
      Location b = c.Child(CaseKindName(k)).key_at();
      bool b_later = std::make_pair(b.line, b.column) > std::make_pair(a.line, a.column);
      d.Report(DiagKind::kTestCaseKind, b_later ? b : a,
               "a case has both `" + std::string(CaseKindName(*kind)) + "` and `" +
                   std::string(CaseKindName(k)) + "`",
               "split it into two cases");
      return std::nullopt;
    }
    kind = k;
  }
  if (!kind) {
    d.Report(DiagKind::kTestCaseKind, c.at(), "a case needs one of `release`, `agent` or `pod`",
             "add `release: {resource: ..., tee: ...}`, `agent: {workload: ..., endpoint: ...}` or "
             "`pod: {pool: ...}` (cpl/testing/README.md)");
  }
  return kind;
}

void DecodeExpect(Decoder& d, const Node& c, TestCase* out) {
  Node expect = c.Child("expect");
  auto [yes, no] = Outcomes(out->kind);
  if (!d.Require(c, expect, "a case",
                 "say `expect: " + std::string(yes) + "` or `expect: " + std::string(no) + "`")) {
    return;
  }
  auto text = d.String(expect, "`expect`");
  if (!text) return;
  if (*text == yes || *text == no) {
    out->expect_positive = *text == yes;
    return;
  }
  d.Report(DiagKind::kTestBadExpect, expect.at(),
           "a " + std::string(CaseKindName(out->kind)) + " case cannot expect `" + *text + "`",
           "write `" + std::string(yes) + "` or `" + std::string(no) + "`");
}

std::optional<TestCase> DecodeCase(Decoder& d, const Node& c) {
  if (!d.ExpectMapping(c, "a case")) return std::nullopt;
  size_t errors = d.errors();
  TestCase out;
  out.location = c.at();
  d.CheckKeys(c, {"name", "description", "release", "agent", "pod", "expect"}, "a case");
  Node name = c.Child("name");
  if (d.Require(c, name, "a case", "name every case; reports and JUnit use the name")) {
    if (auto text = d.String(name, "`name`")) out.name = *text;
  }
  if (Node desc = c.Child("description"); desc.present()) (void)d.String(desc, "`description`");
  std::optional<CaseKind> kind = KindOf(d, c);
  if (kind) {
    out.kind = *kind;
    Node body = c.Child(CaseKindName(*kind));
    if (d.ExpectMapping(body, "`" + std::string(CaseKindName(*kind)) + "`")) {
      switch (*kind) {
        case CaseKind::kRelease:
          internal::DecodeRelease(d, body, &out.release);
          break;
        case CaseKind::kAgent:
          internal::DecodeAgent(d, body, &out.agent);
          break;
        case CaseKind::kPod:
          internal::DecodePod(d, body, &out.pod);
          break;
      }
    }
    DecodeExpect(d, c, &out);
  }
  if (d.errors() != errors) return std::nullopt;
  return out;
}

Suite DecodeSuite(Decoder& d, const model::SourceDocument& doc) {
  Suite suite;
  suite.file = doc.file;
  suite.name = doc.index == 0 ? doc.file : doc.file + "#" + std::to_string(doc.index + 1);
  suite.location = doc.start;
  Node root = internal::Root(doc);
  if (!root.is_mapping() || !root.Child("cases").present()) {
    d.Report(DiagKind::kTestSuiteShape, root.at(),
             "a test suite must be a mapping with a `cases:` list",
             "start the file with `cases:` and list the cases under it (cpl/testing/README.md)");
    return suite;
  }
  d.CheckKeys(root, {"name", "description", "cases"}, "a suite");
  if (Node name = root.Child("name"); name.present()) {
    if (auto text = d.String(name, "`name`")) suite.name = *text;
  }
  if (Node desc = root.Child("description"); desc.present()) (void)d.String(desc, "`description`");
  Node cases = root.Child("cases");
  if (!cases.value->is_array()) {
    d.Report(DiagKind::kTestSuiteShape, cases.at(),
             "`cases` must be a list, not " + std::string(internal::JsonTypeNoun(*cases.value)),
             "write each case as a list item starting with `- name: ...`");
    return suite;
  }
  std::set<std::string> names;
  for (const Node& c : cases.Items()) {
    std::optional<TestCase> one = DecodeCase(d, c);
    if (!one) continue;
    if (!names.insert(one->name).second) {
      d.Report(DiagKind::kTestDuplicateCase, c.Child("name").at(),
               "a case named \"" + one->name + "\" is already in this suite",
               "give every case of a suite its own name");
      continue;
    }
    suite.cases.push_back(std::move(*one));
  }
  if (cases.value->empty()) {
    d.Report(DiagKind::kTestEmptySuite, cases.at(), "suite \"" + suite.name + "\" has no cases",
             "add cases or delete the file");
  }
  return suite;
}

}  // namespace

bool IsSuiteFile(std::string_view path) {
  return path.starts_with(kTestsDirectory) && (path.ends_with(".yaml") || path.ends_with(".yml"));
}

std::vector<Suite> ParseSuiteFile(const std::string& file, std::string_view text,
                                  const Snapshot* snapshot, DiagnosticSink& sink) {
  std::vector<Suite> out;
  Decoder d(sink, snapshot);
  for (const model::SourceDocument& doc : model::LoadYaml(file, text, sink))
    out.push_back(DecodeSuite(d, doc));
  return out;
}

std::vector<Suite> LoadSuites(const Snapshot& snapshot, DiagnosticSink& sink) {
  std::vector<Suite> out;
  for (const auto& [path, file] : snapshot.files) {
    if (!IsSuiteFile(path)) continue;
    std::optional<std::string_view> text = model::ReadText(snapshot, path, sink);
    if (!text) continue;
    for (Suite& s : ParseSuiteFile(path, *text, &snapshot, sink)) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace cocoplane::cpl::testing
