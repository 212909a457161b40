#pragma once
// hub internal: crash points for the kill-and-resume tests. Armed only by the environment
// variable HUICAI_CRASH_AT="PARTNER:BATCH:WHEN" (BATCH counted from 1 within one sync run,
// WHEN "before" or "after" the batch's transaction): there the process kills itself with
// SIGKILL, as a power cut or `kill -9` would. Unset, it costs one getenv per batch.
#include <string_view>

namespace huicai::hub {

void MaybeCrash(std::string_view partner, long batch, std::string_view when);

}  // namespace huicai::hub
