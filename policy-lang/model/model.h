// The desired-state model: the typed documents of one repository snapshot.
//
// STUB — the model issue fills this in (kinds, schemas, cross-references).
#ifndef COCOPLANE_MODEL_MODEL_H_
#define COCOPLANE_MODEL_MODEL_H_

#include "base/diagnostic.h"
#include "base/snapshot.h"

namespace cocoplane::model {

struct Model {};

// Loads and checks every desired-state document in `snapshot`. Reports every
// problem it finds into `sink` and keeps going; the returned Model holds what
// could be loaded. The caller decides by sink.has_errors() whether to go on.
Model Load(const Snapshot& snapshot, DiagnosticSink& sink);

}  // namespace cocoplane::model

#endif  // COCOPLANE_MODEL_MODEL_H_
