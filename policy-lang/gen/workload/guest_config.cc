#include "gen/workload/guest_config.h"

#include "gen/workload/toml_text.h"

namespace cocoplane::gen::workload {
namespace {

// The KBS URL is copied into both files; a typo here only shows up as a
// failed attestation inside the guest, so reject the obvious mistakes early.
Status CheckKbsUrl(const std::string& url) {
  if (Status st = CheckTomlText("KBS URL", url); !st.ok()) return st;
  bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  bool has_space = url.find_first_of(" \t\r\n") != std::string::npos;
  if (!http || has_space || url.size() <= std::string_view("https://").size()) {
    return Status::InvalidArgument("KBS URL '" + url + "' must be http(s)://host[:port]");
  }
  return Status::Ok();
}

Status CheckPem(const std::optional<std::string>& pem) {
  if (!pem) return Status::Ok();
  if (Status st = CheckTomlText("KBS certificate", *pem); !st.ok()) return st;
  if (pem->find("-----BEGIN ") == std::string::npos) {
    return Status::InvalidArgument("KBS certificate is not PEM text (no -----BEGIN line)");
  }
  return Status::Ok();
}

Status CheckCredentialPath(const std::string& path) {
  std::string prefix = std::string(kCdhCredentialDir) + "/";
  bool below = path.rfind(prefix, 0) == 0 && path.size() > prefix.size();
  bool traversal = path.find("/../") != std::string::npos || path.ends_with("/..");
  if (!below || traversal || path.find_first_of("\t\r\n") != std::string::npos) {
    return Status::InvalidArgument("credential path '" + path + "' must be a file below " +
                                   kCdhCredentialDir);
  }
  return CheckTomlText("credential path", path);
}

std::string KeyValue(std::string_view key, std::string_view value) {
  return std::string(key) + " = " + TomlBasicString(value) + "\n";
}

std::string KbcSection(const CdhConfig& config) {
  std::string out = "[kbc]\n";
  out += KeyValue("name", "cc_kbc");
  out += KeyValue("url", config.kbs_url);
  if (config.kbs_cert_pem) out += "kbs_cert = " + TomlMultilineString(*config.kbs_cert_pem) + "\n";
  return out;
}

std::string ImageSection(const CdhConfig& config) {
  std::string out = "[image]\n";
  if (config.image_security_policy) {
    out += KeyValue("image_security_policy_uri", FormatKbsResourceUri(*config.image_security_policy));
  }
  if (config.registry_credentials) {
    out += KeyValue("authenticated_registry_credentials_uri",
                    FormatKbsResourceUri(*config.registry_credentials));
  }
  return out;
}

std::string CredentialBlock(const CdhCredential& credential) {
  return "[[credentials]]\n" + KeyValue("resource_uri", FormatKbsResourceUri(credential.resource)) +
         KeyValue("path", credential.path);
}

Status ValidateCdh(const CdhConfig& config) {
  if (Status st = CheckKbsUrl(config.kbs_url); !st.ok()) return st;
  if (Status st = CheckPem(config.kbs_cert_pem); !st.ok()) return st;
  for (const auto& uri : {config.image_security_policy, config.registry_credentials}) {
    if (!uri) continue;
    if (Status st = ValidateKbsResourceUri(*uri); !st.ok()) return st;
  }
  for (const auto& credential : config.credentials) {
    if (Status st = ValidateKbsResourceUri(credential.resource); !st.ok()) return st;
    if (Status st = CheckCredentialPath(credential.path); !st.ok()) return st;
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> RenderAaToml(const AaConfig& config) {
  if (Status st = CheckKbsUrl(config.kbs_url); !st.ok()) return st;
  if (Status st = CheckPem(config.kbs_cert_pem); !st.ok()) return st;
  std::string out = "[token_configs]\n[token_configs.kbs]\n";
  out += KeyValue("url", config.kbs_url);
  if (config.kbs_cert_pem) out += "cert = " + TomlMultilineString(*config.kbs_cert_pem) + "\n";
  return out;
}

Result<std::string> RenderCdhToml(const CdhConfig& config) {
  if (Status st = ValidateCdh(config); !st.ok()) return st;
  std::vector<std::string> sections;
  // Top-level keys must precede every table header.
  if (config.skip_sealed_secret_verification) {
    sections.push_back("skip_sealed_secret_verification = true\n");
  }
  sections.push_back(KbcSection(config));
  if (config.image_security_policy || config.registry_credentials) {
    sections.push_back(ImageSection(config));
  }
  for (const auto& credential : config.credentials) sections.push_back(CredentialBlock(credential));
  std::string out;
  for (const auto& section : sections) {
    if (!out.empty()) out += "\n";
    out += section;
  }
  return out;
}

}  // namespace cocoplane::gen::workload
