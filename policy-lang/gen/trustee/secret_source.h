// How generated artifacts refer to secret values without containing them.
//
// Generators are pure and their output is stored, diffed and printed, so a
// secret value must never reach it. Instead an artifact carries either
//   - a Secret manifest with empty values and a `cocoplane.io/value-from`
//     annotation (manifests.h), or
//   - a placeholder string inside a config file (kbs-config.toml's Vault
//     token), listed next to the file as a SecretPlaceholder.
// The applier resolves `value_from` at apply time, in memory, and calls
// FillTomlPlaceholder() just before writing the file to its target.
//
// Everything here is a plain value type; the functions are pure and
// thread-safe.
#ifndef COCOPLANE_GEN_TRUSTEE_SECRET_SOURCE_H_
#define COCOPLANE_GEN_TRUSTEE_SECRET_SOURCE_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace cocoplane::gen::trustee {

// Where a secret value comes from. Generators copy `value_from` into their
// output (it is a description, not a secret) and never copy `inline_value`.
struct SecretSource {
  // A description the applier understands and a human can read, e.g.
  // "env:VAULT_TOKEN", "file:/run/secrets/vault-token",
  // "secret:vault-system/kbs-token#token". Required wherever a source is.
  std::string value_from;
  // The value itself, only when the desired state carried it inline
  // (discouraged). Generators emit at most its SHA-256, so that a plan can
  // tell that it changed; the bytes themselves never leave this struct.
  std::string inline_value;
};

// A stand-in string inside a generated config file.
struct SecretPlaceholder {
  // Exact text in the file, inside a TOML basic string, e.g.
  // "${cocoplane.secret:vault-token}".
  std::string placeholder;
  // Dotted path of the TOML key that holds it, e.g. "plugins[0].token".
  std::string field;
  // Copied from SecretSource::value_from.
  std::string value_from;
  // Lower-case hex SHA-256 of SecretSource::inline_value, or "" if none.
  std::string value_sha256;
};

// Returns `source` as a placeholder for the TOML key `field`; `name` becomes
// part of the placeholder text ("${cocoplane.secret:<name>}").
SecretPlaceholder MakePlaceholder(std::string_view name, std::string_view field,
                                  const SecretSource& source);

// Apply-time helper: returns `toml_text` with the quoted placeholder
// ("\"<placeholder>\"") replaced by `value` as a TOML basic string (escaped),
// so the file still parses. Fails with kNotFound if the placeholder does not
// occur exactly once as a whole quoted string, and with kInvalidArgument if
// `value` is not UTF-8. The result holds the secret: keep it in memory only.
Result<std::string> FillTomlPlaceholder(std::string_view toml_text,
                                        const SecretPlaceholder& placeholder,
                                        std::string_view value);

// "sha256 of `inline_value`" or "" when it is empty.
std::string InlineValueDigest(const SecretSource& source);

}  // namespace cocoplane::gen::trustee

#endif  // COCOPLANE_GEN_TRUSTEE_SECRET_SOURCE_H_
