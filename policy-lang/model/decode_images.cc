// Decoder for ImagePolicy documents, with the combination rules of
// containers-policy.json as image-rs applies them
// (guest-components-and-kata.md §7) that a JSON Schema cannot say plainly.
#include "model/decode.h"

namespace cocoplane::model {
namespace {

std::optional<RequirementType> ParseRequirementType(std::string_view name) {
  for (RequirementType t : {RequirementType::kReject, RequirementType::kInsecureAcceptAnything,
                            RequirementType::kSigstoreSigned, RequirementType::kSignedBy}) {
    if (RequirementTypeName(t) == name) return t;
  }
  return std::nullopt;
}

void NotApplicable(const Fields& f, const std::string& pointer, std::string_view field,
                   std::string_view what, DiagnosticSink& sink) {
  std::string at = AppendPointer(pointer, field);
  if (!f.Has(at)) return;
  sink.Emit(DiagKind::kNotApplicable, f.KeyAt(at),
            std::string(field) + " does not apply to " + std::string(what),
            "remove it; see the field's description in schemas/imagepolicy.schema.json");
}

std::optional<SignedIdentity> ReadSignedIdentity(const Fields& f, const std::string& item,
                                                 RequirementType type, DiagnosticSink& sink) {
  std::string pointer = item + "/signedIdentity";
  if (!f.Has(pointer)) return std::nullopt;
  SignedIdentity id;
  id.type = f.Str(pointer + "/type");
  id.docker_reference = f.Str(pointer + "/dockerReference").value;
  id.docker_repository = f.Str(pointer + "/dockerRepository").value;
  id.prefix = f.Str(pointer + "/prefix").value;
  id.signed_prefix = f.Str(pointer + "/signedPrefix").value;
  std::string what = "signedIdentity type " + id.type.value;
  if (id.type.value != "exactReference") NotApplicable(f, pointer, "dockerReference", what, sink);
  if (id.type.value != "exactRepository") NotApplicable(f, pointer, "dockerRepository", what, sink);
  if (id.type.value != "remapIdentity") {
    NotApplicable(f, pointer, "prefix", what, sink);
    NotApplicable(f, pointer, "signedPrefix", what, sink);
  }
  bool cosign_ok = id.type.value == "matchRepository" || id.type.value == "exactRepository";
  if (type == RequirementType::kSigstoreSigned && !cosign_ok) {
    sink.Emit(DiagKind::kValueNotAllowed, id.type.location,
              "image-rs accepts only matchRepository or exactRepository as the signedIdentity "
              "of a sigstoreSigned requirement",
              "use matchRepository, exactRepository, or leave signedIdentity out "
              "(guest-components-and-kata.md §7)");
  }
  return id;
}

ImageRequirement ReadRequirement(const Fields& f, const std::string& item, DiagnosticSink& sink) {
  ImageRequirement r;
  Positioned<std::string> type = f.Str(item + "/type");
  r.type = {ParseRequirementType(type.value).value_or(RequirementType::kReject), type.location};
  r.key_resource = f.OptStr(item + "/keyResource");
  if (auto path = f.OptStr(item + "/keyPath")) r.key_file = RepoFile{std::move(*path), ""};
  r.key_type = f.Str(item + "/keyType").value;
  bool signed_type = r.type.value == RequirementType::kSigstoreSigned ||
                     r.type.value == RequirementType::kSignedBy;
  std::string what = "a " + type.value + " requirement";
  if (signed_type) {
    if (r.key_resource.has_value() == r.key_file.has_value()) {
      sink.Emit(DiagKind::kExactlyOneOf, f.At(item),
                type.value + " requirement must set exactly one of keyResource or keyPath",
                "keyResource fetches the public key from the KBS, keyPath inlines a key file "
                "from the repository");
    }
    if (r.type.value == RequirementType::kSigstoreSigned)
      NotApplicable(f, item, "keyType", what, sink);
  } else if (ParseRequirementType(type.value)) {
    for (std::string_view field : {"keyResource", "keyPath", "keyType", "signedIdentity"}) {
      NotApplicable(f, item, field, what, sink);
    }
  }
  r.signed_identity = ReadSignedIdentity(f, item, r.type.value, sink);
  return r;
}

}  // namespace

void DecodeImagePolicy(const Fields& f, DecodeContext& context) {
  ImagePolicy p;
  p.metadata = f.ReadMetadata();
  Positioned<std::string> def = f.Str("/spec/default");
  p.default_requirement = {def.value == "insecureAcceptAnything"
                               ? RequirementType::kInsecureAcceptAnything
                               : RequirementType::kReject,
                           def.location};
  for (const std::string& scope : f.Keys("/spec/scopes")) {
    std::string list = AppendPointer("/spec/scopes", scope);
    std::vector<ImageRequirement>& requirements = p.scopes[scope];
    for (size_t i = 0; i < f.Size(list); ++i) {
      requirements.push_back(
          ReadRequirement(f, AppendPointer(list, std::to_string(i)), context.sink));
    }
  }
  context.model.image_policies.push_back(std::move(p));
}

}  // namespace cocoplane::model
