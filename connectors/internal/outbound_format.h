#pragma once
// connectors internal: checks shared by the outbound batch formats and file writer.
// Thread-safety: pure functions.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace huicai::connectors::internal {

// [A-Za-z0-9-]{1,40}. InvalidArgument naming `what` ("batch id", "report id").
[[nodiscard]] Status CheckOutboundId(std::string_view id, std::string_view what);

// 分 as yuan text: 123456 -> "1234.56", -5 -> "-0.05".
std::string FenToYuan(std::int64_t fen);

}  // namespace huicai::connectors::internal
