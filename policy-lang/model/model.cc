#include "model/model.h"

namespace cocoplane::model {

Model Load(const Snapshot&, DiagnosticSink&) { return {}; }

}  // namespace cocoplane::model
