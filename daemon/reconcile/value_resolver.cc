#include "reconcile/value_resolver.h"

#include <nlohmann/json.hpp>

#include "crypto/encoding.h"
#include "fs/atomic_file.h"

namespace cocoplane::reconcile {

LocalValueResolver::LocalValueResolver(GetEnv getenv) : getenv_(std::move(getenv)) {}

Result<ResolvedValue> LocalValueResolver::Resolve(std::string_view descriptor) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(descriptor);
  } catch (const nlohmann::json::exception&) {
    return Status::InvalidArgument("malformed resource descriptor");
  }
  std::string resource = doc.value("resource", "");
  const nlohmann::json& source = doc.contains("source") ? doc["source"] : nlohmann::json{};
  if (source.contains("file")) {
    std::string path = source["file"].get<std::string>();
    Result<std::string> bytes = fs::ReadFile(path);
    if (!bytes.ok()) {
      return Status(bytes.status().code(),
                    "resource " + resource + ": cannot read its file source " + path);
    }
    return ResolvedValue{std::move(*bytes), true};
  }
  if (source.contains("env")) {
    std::string var = source["env"].get<std::string>();
    const char* value = getenv_(var.c_str());
    if (!value) {
      return Status::NotFound("resource " + resource + ": environment variable " + var +
                              " is not set");
    }
    return ResolvedValue{value, true};
  }
  if (source.contains("inline_base64")) {
    auto bytes = crypto::Base64Decode(source["inline_base64"].get<std::string>(),
                                      crypto::Base64Alphabet::kStandard);
    if (!bytes) return Status::InvalidArgument("resource " + resource + ": bad inline value");
    return ResolvedValue{std::move(*bytes), false};
  }
  if (source.contains("vault")) {
    return Status::Unimplemented("resource " + resource +
                                 ": Vault sources are resolved by the Vault target, not locally");
  }
  return Status::InvalidArgument("resource " + resource + ": descriptor has no known source");
}

}  // namespace cocoplane::reconcile
