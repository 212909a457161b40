#pragma once
// store internal: conversions between core values and the text the schema stores
// (JSON lists and maps, numbers, dates, enum names) and the current UTC time.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/types.h"
#include "odbc/odbc.h"

namespace huicai::store::internal {

using Cell = std::optional<std::string>;

std::string NowUtc();  // "YYYY-MM-DDTHH:MM:SSZ"

// SHA-256 of `data` as 64 lower-case hex digits (OpenSSL). Internal: the digest failed.
Result<std::string> Sha256Hex(std::string_view data);

std::string EncodeList(const std::vector<std::string>& items);
std::string EncodeMap(const std::map<std::string, std::string>& fields);
std::string EncodeParts(const std::vector<ScorePart>& parts);
// Rows of parameter values as one JSON array of arrays (NULL null, numbers as numbers, text as
// strings with invalid UTF-8 replaced), for statements that take a whole batch as one
// parameter (see BulkWrite in sync.cpp).
std::string EncodeRows(std::span<const std::vector<odbc::Value>> rows);
// One row of values as a JSON array (as EncodeRows writes each row).
std::string EncodeValues(std::span<const odbc::Value> values);
// DataError: the stored text is not the JSON the encoder writes.
Result<std::vector<std::string>> DecodeList(const Cell& text);
Result<std::map<std::string, std::string>> DecodeMap(const Cell& text);
Result<std::vector<ScorePart>> DecodeParts(const Cell& text);

std::string Text(const Cell& cell);  // NULL -> ""
// DataError when the cell is NULL or not a number.
Result<std::int64_t> Int(const Cell& cell, std::string_view column);
Result<double> Real(const Cell& cell, std::string_view column);
Result<Date> DateOf(const Cell& cell, std::string_view column);
std::optional<NeedStatus> ParseNeedStatus(std::string_view text);

}  // namespace huicai::store::internal
