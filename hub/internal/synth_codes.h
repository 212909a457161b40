#pragma once
// hub/internal: builders of valid (and deliberately broken) codes for the synthetic partner
// data: GB 32100 credit codes, Luhn card numbers, GB 11643 ID numbers, dates in partner formats.
// Thread-safety: pure functions.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/types.h"

namespace huicai::hub::internal {

// GB 32100 code from authority ('1' 机构编制, '5' 民政, '9' 工商), category ('1' 机关 / 企业,
// '2' 事业单位 / 个体, '3' 农民专业合作社), 6-digit region and a number that picks the 8-digit
// organisation body; the GB 11714 organisation check and the GB 32100 check are computed.
std::string MakeCreditCode(char authority, char category, std::string_view region,
                           std::uint64_t body);
// A code whose check character is wrong (a different valid character).
std::string BreakCreditCode(std::string_view code);

// 19-digit UnionPay-style card: 6-digit BIN, 12 digits from body (bijective in body), Luhn digit.
std::string MakeCardNumber(std::string_view bin, std::uint64_t body);
// The same card with a wrong last digit.
std::string BreakCardNumber(std::string_view card);

// 18-character ID from region, birth date and 3-digit sequence (odd = male), with check char.
std::string MakeIdNumber(std::string_view region, const Date& birth, int sequence);
// The same number with a different check character.
std::string BreakIdCheck(std::string_view id);
// The old 15-digit form (region, YYMMDD, sequence); the birth year must be 19xx.
std::string IdTo15(std::string_view id18);
// ASCII digits and X as full-width characters (U+FF10.., U+FF38).
std::string ToFullWidth(std::string_view text);

// Date arithmetic and partner date formats.
int DaysFromCivil(const Date& d);
Date CivilFromDays(int days);
Date AddDays(const Date& d, int days);
std::string FormatCompactDate(const Date& d);  // 20190305
std::string FormatSlashDate(const Date& d);    // 1980/1/5
std::string FormatChineseDate(const Date& d);  // 2019年3月5日
// Seconds since 1970-01-01T00:00:00 (UTC) -> "YYYY-MM-DD HH:MM:SS" or with 'T' between.
std::string FormatTimestamp(std::int64_t epoch_seconds, char separator);

}  // namespace huicai::hub::internal
