// Git blob ids for bytes that did not come from git (a working directory),
// so that caches keyed by blob id agree between the two kinds of source.
#ifndef COCOPLANE_SOURCE_BLOB_ID_H_
#define COCOPLANE_SOURCE_BLOB_ID_H_

#include <string>
#include <string_view>

namespace cocoplane::source {

// Returns sha1("blob " + size + "\0" + bytes) as 40 lower-case hex digits,
// exactly what `git hash-object` prints.
std::string GitBlobId(std::string_view bytes);

}  // namespace cocoplane::source

#endif  // COCOPLANE_SOURCE_BLOB_ID_H_
