// aa.toml (Attestation Agent) and cdh.toml (Confidential Data Hub): the two
// guest configuration files shipped inside initdata.
//
// Formats: ../shared/reference/guest-components-and-kata.md §2 (from
// guest-components attestation-agent/src/config/{mod,kbs}.rs and
// confidential-data-hub/hub/src/config/mod.rs). Both files must point at the
// same KBS: aa.toml for attestation tokens, cdh.toml for `cc_kbc` resources.
//
// Contract: pure functions, deterministic bytes (documented below). Invalid
// input (bad URL, bad KBS URI, a credential path outside the CDH directory,
// text that is not UTF-8) gives InvalidArgument; nothing is partially
// rendered. Thread-safe.
#ifndef COCOPLANE_GEN_WORKLOAD_GUEST_CONFIG_H_
#define COCOPLANE_GEN_WORKLOAD_GUEST_CONFIG_H_

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "gen/workload/kbs_uri.h"

namespace cocoplane::gen::workload {

// [[credentials]] paths must live under this directory
// (hub/src/auth/kbs.rs); CDH fetches each resource there at start.
inline constexpr char kCdhCredentialDir[] = "/run/confidential-containers/cdh/kbs";

struct AaConfig {
  // The KBS base URL, "http(s)://host[:port]".
  std::string kbs_url{};
  // PEM trust anchor for an HTTPS KBS with a private CA; absent = system roots.
  std::optional<std::string> kbs_cert_pem{};
};

// One KBS resource that CDH materialises as a file at start.
struct CdhCredential {
  KbsResourceUri resource{};
  // Absolute path below kCdhCredentialDir, e.g. ".../cdh/kbs/auth.json".
  std::string path{};
};

struct CdhConfig {
  std::string kbs_url{};
  std::optional<std::string> kbs_cert_pem{};
  // [image] image_security_policy_uri: the containers policy.json in KBS.
  std::optional<KbsResourceUri> image_security_policy{};
  // [image] authenticated_registry_credentials_uri: a containers-auth.json.
  std::optional<KbsResourceUri> registry_credentials{};
  std::vector<CdhCredential> credentials{};
  // Compatibility only: accept unsigned `sealed.fakejwsheader…` secrets
  // (guest-components <= v0.17 behaviour, §6). Off unless asked for.
  bool skip_sealed_secret_verification = false;
};

// aa.toml, exactly:
//   [token_configs]
//   [token_configs.kbs]
//   url = "<kbs_url>"
//   cert = '''            (only with kbs_cert_pem; a multi-line string)
//   <pem>'''
// Every line ends in LF. The two table headers mirror Kata CI's aa.toml.
Result<std::string> RenderAaToml(const AaConfig& config);

// cdh.toml: sections in this order, separated by one blank line, each line
// ending in LF; absent parts are left out entirely:
//   skip_sealed_secret_verification = true      (only when set)
//   [kbc]  name = "cc_kbc", url, kbs_cert (multi-line, optional)
//   [image] image_security_policy_uri, authenticated_registry_credentials_uri
//           (the section only when one of them is set: without [image], CDH
//           falls back to kernel command-line settings, §2)
//   [[credentials]] resource_uri, path         (one block per credential)
Result<std::string> RenderCdhToml(const CdhConfig& config);

}  // namespace cocoplane::gen::workload

#endif  // COCOPLANE_GEN_WORKLOAD_GUEST_CONFIG_H_
