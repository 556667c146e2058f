// ValueResolver: turns a KBS resource reference into its value, at apply time.
//
// The bundle never holds a secret value: an artifact of kind kbs-resource-ref
// carries a descriptor (JSON) saying where the value comes from:
//   {"resource": "default/enckey/key.pem", "source": {"file": "/abs/path"}}
//   {"resource": "...", "source": {"env": "VARIABLE"}}
//   {"resource": "...", "source": {"vault": "kv/path"}}       (Vault KV v1)
//   {"resource": "...", "source": {"inline_base64": "..."}}   (public material
//                                                               from the repo)
// Values live only in memory, inside Apply, for as long as needed; errors name
// the source but never contain the value.
#ifndef COCOPLANE_RECONCILE_VALUE_RESOLVER_H_
#define COCOPLANE_RECONCILE_VALUE_RESOLVER_H_

#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace cocoplane::reconcile {

struct ResolvedValue {
  std::string bytes;
  // False only for inline public material.
  bool secret = true;
};

class ValueResolver {
 public:
  virtual ~ValueResolver() = default;
  virtual Result<ResolvedValue> Resolve(std::string_view descriptor) = 0;
};

// Reads files and environment variables (through `getenv`, replaceable in
// tests); Vault sources fail with Unimplemented until a Vault client exists.
class LocalValueResolver : public ValueResolver {
 public:
  using GetEnv = std::function<const char*(const char*)>;
  explicit LocalValueResolver(GetEnv getenv);
  Result<ResolvedValue> Resolve(std::string_view descriptor) override;

 private:
  GetEnv getenv_;
};

}  // namespace cocoplane::reconcile

#endif  // COCOPLANE_RECONCILE_VALUE_RESOLVER_H_
