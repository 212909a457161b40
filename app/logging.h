#pragma once
// app: the process's log — spdlog on stderr with levels, every message passed through
// core's MaskSensitive first so that no ID number, card or phone reaches a log unmasked,
// whatever a driver or a partner put into an error message.
#include <string_view>

namespace huicai::app {

// Installs the masking stderr logger as spdlog's default, at level warn.
void SetUpLogging();

// Sets the level by name (trace, debug, info, warn, error); unknown names keep the level.
void SetLogLevel(std::string_view level);

}  // namespace huicai::app
