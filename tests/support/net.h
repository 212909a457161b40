#pragma once
// tests/support: loopback networking for fixtures that start servers.
#include "core/status.h"

namespace huicai::testing {

// A TCP port nothing listens on at 127.0.0.1 right now (bound to port 0, read back, closed).
// Unavailable: no socket could be bound.
[[nodiscard]] Result<int> FreeLoopbackPort();

// True when something accepts TCP connections at 127.0.0.1:port.
bool LoopbackPortAccepts(int port);

}  // namespace huicai::testing
