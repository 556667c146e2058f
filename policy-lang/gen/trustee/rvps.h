// RVPS reference values, in the two forms Trustee reads them
// (reference/trustee.md §4):
//
//   RegistrationMessage()  the body of POST /kbs/v0/reference-value and of
//     `rvps-tool register`:
//       {"version":"0.1.0","type":"sample","payload":"<std base64>"}
//     where the payload is {"<name>":<value>,...}. The sample extractor
//     stamps each value with its own expiration (now + 12 months), so
//     ReferenceValueInput::expiration does not travel in this form.
//
//   LocalJsonReferenceValues()  the file <local_json dir>/reference_value
//     the operator mounts from kbsRvpsRefValuesConfigMapName: a JSON object
//     name -> URL-safe *padded* base64 (deps/key-value-storage local_json
//     uses URL_SAFE) of the stored ReferenceValue
//       {"version":"0.1.0","name":"svn","expiration":"2027-01-01T00:00:00Z","value":["1"]}
//
// Field order and `version`: rvps/src/reference_value.rs declares
// ReferenceValue { version, name, expiration, value } and serde serialises
// in declaration order, so that is what RVPS itself stores; `version` has
// #[serde(default = "default_version")], so a stored value without it (the
// operator's e2e vector) also loads. cocoplane writes `version` by default;
// LocalJsonOptions::emit_version = false reproduces the operator's form.
//
// Values are whatever JSON the policy compares against; lists are usual
// because AS policies use `x in query_reference_value("name")`.
// ReferenceValueInput::single_value mirrors kbs-client's --as-single-value.
//
// Pure and thread-safe. Output is compact JSON with names sorted.
#ifndef COCOPLANE_GEN_TRUSTEE_RVPS_H_
#define COCOPLANE_GEN_TRUSTEE_RVPS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"

namespace cocoplane::gen::trustee {

// One JSON scalar: a string, an integer or a boolean.
using ReferenceScalar = std::variant<std::string, int64_t, bool>;

struct ReferenceValueInput {
  // The name AS policies query, e.g. "snp_launch_measurement". Non-empty,
  // UTF-8, unique within one call.
  std::string name;
  // Written as a JSON array, or as the bare scalar when single_value is set
  // (then exactly one value is required).
  std::vector<ReferenceScalar> values;
  bool single_value = false;
  // "YYYY-MM-DDTHH:MM:SSZ" (the format reference_value.rs parses), a real
  // UTC date and time. Required by LocalJsonReferenceValues(); the caller
  // takes it from the desired state (generators read no clock).
  std::string expiration;
};

struct LocalJsonOptions {
  // Write "version" into each stored ReferenceValue (upstream's own form).
  bool emit_version = true;
};

// The registration message for the sample extractor. kInvalidArgument on an
// unsupported Trustee version, a bad or duplicate name, or single_value with
// other than one value.
Result<std::string> RegistrationMessage(std::string_view trustee_version,
                                        const std::vector<ReferenceValueInput>& values);

// The stored ReferenceValue JSON for one entry (what LocalJson base64s).
// Same errors as above, plus a malformed expiration.
Result<std::string> StoredReferenceValue(std::string_view trustee_version,
                                         const ReferenceValueInput& value,
                                         LocalJsonOptions options = {});

// The LocalJson `reference_value` file: {"<name>":"<base64url padded>",...}
// with names sorted. An empty list gives "{}", what the operator starts with.
Result<std::string> LocalJsonReferenceValues(std::string_view trustee_version,
                                             const std::vector<ReferenceValueInput>& values,
                                             LocalJsonOptions options = {});

// True if `text` is "YYYY-MM-DDTHH:MM:SSZ" naming a real date and time.
bool IsValidExpiration(std::string_view text);

}  // namespace cocoplane::gen::trustee

#endif  // COCOPLANE_GEN_TRUSTEE_RVPS_H_
