#include "model/decode.h"

namespace cocoplane::model {
namespace {

bool Inside(std::string_view path, std::string_view dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  return path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/';
}

}  // namespace

const nlohmann::json* Fields::Get(std::string_view pointer) const {
  return ResolvePointer(doc_.value, pointer);
}

Positioned<std::string> Fields::Str(std::string_view pointer, std::string_view fallback) const {
  const nlohmann::json* v = Get(pointer);
  return {v && v->is_string() ? v->get<std::string>() : std::string(fallback), At(pointer)};
}

std::optional<Positioned<std::string>> Fields::OptStr(std::string_view pointer) const {
  const nlohmann::json* v = Get(pointer);
  if (!v || !v->is_string()) return std::nullopt;
  return Positioned<std::string>{v->get<std::string>(), At(pointer)};
}

std::optional<Positioned<int64_t>> Fields::OptInt(std::string_view pointer) const {
  const nlohmann::json* v = Get(pointer);
  if (!v || !v->is_number_integer()) return std::nullopt;
  return Positioned<int64_t>{v->get<int64_t>(), At(pointer)};
}

std::optional<Positioned<double>> Fields::OptNumber(std::string_view pointer) const {
  const nlohmann::json* v = Get(pointer);
  if (!v || !v->is_number()) return std::nullopt;
  return Positioned<double>{v->get<double>(), At(pointer)};
}

bool Fields::Bool(std::string_view pointer, bool fallback) const {
  const nlohmann::json* v = Get(pointer);
  return v && v->is_boolean() ? v->get<bool>() : fallback;
}

std::vector<Positioned<std::string>> Fields::StrList(std::string_view pointer) const {
  std::vector<Positioned<std::string>> out;
  for (size_t i = 0; i < Size(pointer); ++i) {
    if (auto s = OptStr(AppendPointer(pointer, std::to_string(i)))) out.push_back(std::move(*s));
  }
  return out;
}

std::map<std::string, std::string> Fields::StrMap(std::string_view pointer) const {
  std::map<std::string, std::string> out;
  const nlohmann::json* v = Get(pointer);
  if (!v || !v->is_object()) return out;
  for (const auto& [key, value] : v->items()) {
    if (value.is_string()) out[key] = value.get<std::string>();
  }
  return out;
}

size_t Fields::Size(std::string_view pointer) const {
  const nlohmann::json* v = Get(pointer);
  return v && v->is_array() ? v->size() : 0;
}

std::vector<std::string> Fields::Keys(std::string_view pointer) const {
  std::vector<std::string> out;
  const nlohmann::json* v = Get(pointer);
  if (!v || !v->is_object()) return out;
  for (const auto& [key, unused] : v->items()) out.push_back(key);
  return out;
}

Metadata Fields::ReadMetadata() const {
  Metadata m;
  m.name = Str("/metadata/name");
  m.description = Str("/metadata/description").value;
  m.labels = StrMap("/metadata/labels");
  m.document = doc_.start;
  return m;
}

SecretSource ReadSecretSource(const Fields& f, std::string_view pointer, DecodeContext& context) {
  SecretSource source;
  for (auto [key, type] :
       {std::pair{"file", SecretSource::Type::kFile}, std::pair{"env", SecretSource::Type::kEnv},
        std::pair{"vault", SecretSource::Type::kVault}}) {
    std::string field = AppendPointer(pointer, key);
    if (auto value = f.OptStr(field)) {
      source.type = type;
      source.ref = std::move(*value);
      break;
    }
  }
  // Only a working tree has a directory origin to compare with; for a git
  // snapshot the origin is a label and no file can be inside it.
  if (source.type == SecretSource::Type::kFile && !context.origin.empty() &&
      context.origin[0] == '/' && Inside(source.ref.value, context.origin)) {
    context.sink.Emit(DiagKind::kSecretFileInsideRepository, source.ref.location,
                      "secret source \"" + source.ref.value + "\" is inside the repository",
                      "anything inside the repository may be committed; keep secret files "
                      "outside it, or use env or vault");
  }
  return source;
}

void Decode(std::string_view kind, const SourceDocument& doc, DecodeContext& context) {
  Fields f(doc);
  if (kind == "Cluster") return DecodeCluster(f, context);
  if (kind == "TrusteeProfile") return DecodeTrusteeProfile(f, context);
  if (kind == "NodePool") return DecodeNodePool(f, context);
  if (kind == "Workload") return DecodeWorkload(f, context);
  if (kind == "ImagePolicy") return DecodeImagePolicy(f, context);
  if (kind == "KbsResource") return DecodeKbsResource(f, context);
  if (kind == "ReferenceValues") return DecodeReferenceValues(f, context);
}

}  // namespace cocoplane::model
