#pragma once
// search internal: turns a Xapian::Error into the house Status. Xapian::Error does not
// derive from std::exception, so every call into Xapian catches it by name and maps it here.
// Thread-safety: pure function.
#include <xapian.h>

#include <string_view>

#include "core/status.h"

namespace huicai::search::internal {

// Lock, modified-revision, network and other I/O errors -> Unavailable; corrupt or
// wrong-version databases -> DataError; missing database -> NotFound; query syntax and
// argument errors -> InvalidArgument; anything else -> Internal. `what` says what was
// being done ("opening /var/idx"); the message ends with a hint for the caller.
Status FromXapian(const Xapian::Error& error, std::string_view what);

}  // namespace huicai::search::internal
