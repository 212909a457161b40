#pragma once
// core: validators for the codes partner rows carry, and the rule dispatcher used by the
// declarative partner mappings. Each returns the normalised value or InvalidArgument with a
// precise message that never repeats a full sensitive value.
// Thread-safety: pure functions; the RegionTable must outlive the call.
#include <string>
#include <string_view>

#include "core/regions.h"
#include "core/status.h"
#include "core/types.h"

namespace huicai {

// GB 32100 unified social credit code: 18 chars over 0-9 A-Z minus I O Z S V, check char at
// position 18 (weights 3^i mod 31). Lower case and surrounding spaces accepted; returns upper case.
[[nodiscard]] Result<std::string> NormaliseCreditCode(std::string_view raw);

// GB 32100 check character of the first 17 characters (each from 0-9, A-Z without I O Z S V):
// weights 3^i mod 31, check = (31 - sum mod 31) mod 31. Also used to make valid test codes.
char CreditCodeCheckCharacter(std::string_view first17);

// Luhn check digit for a card number without its last digit.
char LuhnCheckDigit(std::string_view payload);

// Bank card: 16-19 digits, spaces and dashes allowed, Luhn check. Returns the digits only.
[[nodiscard]] Result<std::string> NormaliseBankCard(std::string_view raw);

// Mainland mobile: 11 digits 1[3-9]xxxxxxxxx, optional +86/86/0086 prefix, spaces and dashes.
// Returns the 11 digits.
[[nodiscard]] Result<std::string> NormaliseMobile(std::string_view raw);

// Person name. Chinese: 2-20 Han characters, optionally separated by the middle dot of minority
// names (look-alikes ・ • ‧ ･ . normalised to U+00B7). Latin (foreign experts): letters incl.
// accented, single spaces, hyphens, apostrophes. Trims; rejects digits, control and other
// characters, empty.
[[nodiscard]] Result<std::string> NormalisePersonName(std::string_view raw);

// 6-digit GB/T 2260 code ever issued. Returns the code as given (trimmed), not its successor.
[[nodiscard]] Result<std::string> NormaliseRegionCode(
    std::string_view raw, const RegionTable& regions = RegionTable::Default());

// GB/T 2261.1 codes 0 1 2 9, also 男/女/M/F/male/female (case-insensitive), 未知, 未说明.
[[nodiscard]] Result<Gender> ParseGender(std::string_view raw);

// Result of one mapping rule on one value.
struct FieldCheck {
  std::string value;        // normalised value when ok(), else the input as given
  std::string reason_code;  // empty when ok; else a quarantine reason code
  std::string message;      // precise, for a person; empty when ok
  bool ok() const { return reason_code.empty(); }
};

// Rules: "id_number" (value becomes the 18-char number; bad_id_characters, bad_id_length,
// bad_id_region, bad_id_birth_date, bad_id_check), "credit_code" (bad_credit_code), "bank_card"
// (bad_bank_card), "mobile" (bad_mobile), "name" (bad_name), "region" (bad_region), "gender"
// (bad_gender; value becomes "0"/"1"/"2"/"9"), "required" (missing_field when blank).
// Unknown rule: reason unknown_rule. Uses RegionTable::Default() for id_number and region.
FieldCheck CheckField(std::string_view rule, std::string_view value);

}  // namespace huicai
