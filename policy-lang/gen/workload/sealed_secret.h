// Sealed secrets: references to KBS resources that the Confidential Data Hub
// resolves inside the guest ("sealed." + a compact JWS), and the public JWK
// it verifies them with.
//
// Format (../shared/reference/guest-components-and-kata.md §6, from
// guest-components confidential-data-hub/hub/src/secret/mod.rs):
//   sealed.<b64url(header)>.<b64url(payload)>.<b64url(r‖s)>   (no padding)
//   header  {"b64":true,"alg":"ES256","kid":"kbs:///<repo>/<type>/<tag>"}
//   payload {"version":"0.1.0","type":"vault","name":"kbs:///<repo>/<type>/<tag>",
//            "provider":"kbs","provider_settings":{},"annotations":{}}
// The signature is ES256 over ASCII "<header b64>.<payload b64>".
//
// Decisions:
// - The header carries "b64":true first, byte for byte what the upstream
//   `secret seal` CLI writes (jose-jws serialises the default b64 = true).
//   CDH's parser defaults b64 to true, so the member changes nothing for it,
//   and matching the CLI keeps our output identical to the Kata CI vector.
// - Member order is the upstream serde order, not sorted.
// - Signatures are deterministic (RFC 6979, crypto/es256.h): sealing the same
//   secret with the same key twice yields the same bytes.
// - The JWK carries "alg":"ES256" and "use":"sig" like the Kata CI key (§6)
//   and no "kid": CDH finds it by the KBS URI, not by a JWK kid.
// - CDH fetches the JWK from the KBS at the header's kid: the kid must be a
//   kbs:/// URI (a plain name would point into a directory that
//   [[credentials]] cannot fill).
//
// Contract: pure functions. Secret values never pass through here: a sealed
// secret names where the value lives, it does not contain it. The signing key
// is caller-supplied PEM bytes; nothing derived from it except the public key
// and signatures is returned. InvalidArgument on bad URIs, keys or JSON.
// Thread-safe.
#ifndef COCOPLANE_GEN_WORKLOAD_SEALED_SECRET_H_
#define COCOPLANE_GEN_WORKLOAD_SEALED_SECRET_H_

#include <string>
#include <string_view>

#include "base/status.h"
#include "crypto/es256.h"
#include "gen/workload/kbs_uri.h"

namespace cocoplane::gen::workload {

struct SealedSecretInput {
  // The KBS resource holding the secret value (payload "name").
  KbsResourceUri secret{};
  // The KBS resource holding the public JWK (header "kid"), e.g.
  // kbs:///default/signing-key/sealed-secret.
  KbsResourceUri signing_key{};
};

// The signed form, with the P-256 private key given as PEM (PKCS#8 or SEC 1).
Result<std::string> SealSecret(const SealedSecretInput& input, std::string_view signing_key_pem);
// The same with the key already parsed, for callers sealing many secrets with
// one key (parsing the PEM took most of the time of sealing one).
Result<std::string> SealSecret(const SealedSecretInput& input, const crypto::Es256PrivateKey& key);

// The unsigned legacy form "sealed.fakejwsheader.<b64url payload>.fakesignature".
// Guest components since v0.18 reject it unless cdh.toml sets
// skip_sealed_secret_verification = true; use only when a compatibility
// setting asks for both.
Result<std::string> SealSecretUnsigned(const KbsResourceUri& secret);

// The public JWK to store at `signing_key`, compact JSON with sorted keys:
// {"alg":"ES256","crv":"P-256","kty":"EC","use":"sig","x":…,"y":…}
std::string PublicJwk(const crypto::Es256PublicKey& key);
Result<std::string> PublicJwkFromPrivatePem(std::string_view signing_key_pem);

// Reads a public EC JWK on P-256. Rejects a JWK that holds a private key
// ("d"): such a file must never be served by the KBS.
Result<crypto::Es256PublicKey> ParseEs256Jwk(std::string_view jwk_json);

// Checks an ES256 signature (64 bytes r‖s) against a public JWK.
Status VerifyEs256WithJwk(std::string_view jwk_json, std::string_view signing_input,
                          std::string_view signature);

// Checks a signed sealed secret as CDH does: "sealed." prefix, three JWS
// parts, header alg ES256 with a kid, signature valid for `jwk_json`.
Status VerifySealedSecret(std::string_view sealed, std::string_view jwk_json);

}  // namespace cocoplane::gen::workload

#endif  // COCOPLANE_GEN_WORKLOAD_SEALED_SECRET_H_
