// The real compiler for the daemon: compile::Compile (policy-lang/compile)
// behind a CompileFn, with the sealed-secret signing key the config names.
//
// Kept apart from the rest of daemon/app so that the daemon's own tests can
// link without the compiler and run it with a fake (CompilerFactory).
#ifndef COCOPLANE_APP_REAL_COMPILE_H_
#define COCOPLANE_APP_REAL_COMPILE_H_

#include "app/components.h"
#include "base/status.h"
#include "config/config.h"

namespace cocoplane::app {

// Reads `[build] sealing_key_file` (a P-256 PEM private key, outside the
// repository) once; without it, workloads with sealed secrets do not
// compile (CP6006). kIo when the key file cannot be read. The key stays in
// the returned function's memory and is never logged.
//
// The function also returns each document's drift opt-out (label
// `cocoplane.io/drift: detect | ignore`, reconcile/record.h) under the owner
// name of the artifacts compiled from it.
Result<CompileFn> RealCompiler(const config::DaemonConfig& config);

}  // namespace cocoplane::app

#endif  // COCOPLANE_APP_REAL_COMPILE_H_
