#pragma once
// core: GB 11643 citizen identity numbers (and the 2023 foreign permanent residence card, which
// shares the format): normalisation, 15 -> 18 upgrade, and the checks in a fixed order.
// Thread-safety: pure functions; the RegionTable must outlive the call.
#include <optional>
#include <string>
#include <string_view>

#include "core/regions.h"
#include "core/status.h"
#include "core/types.h"

namespace huicai {

struct IdNumberInfo {
  std::string number;  // normalised: 18 characters, upper-case X
  Date birth_date;
  Gender gender = Gender::kUnknown;  // from the sequence digit: odd male, even female
  std::string region_code;        // first 6 characters (for PR cards: "9" + province + nationality)
  bool upgraded_from_15 = false;  // the input had the old 15-digit form
  bool permanent_residence_card = false;  // 2023 foreign PR card starting with 9
};

// Outcome of the checks. failed_check is one of "characters", "length", "region", "birth_date",
// "check_char", or empty when info is set. message is precise and names the failed check.
struct IdNumberCheck {
  std::optional<IdNumberInfo> info;
  std::string failed_check;
  std::string message;
  bool ok() const { return info.has_value(); }
};

// Accepts surrounding ASCII/full-width/non-breaking spaces, full-width digits and X, lower-case
// x. Checks in order: characters, length, region (any code ever issued; PR card: province code
// and a 3-digit nationality), birth date (real, not in the future, not before 1890), check char.
IdNumberCheck ValidateIdNumber(std::string_view raw,
                               const RegionTable& regions = RegionTable::Default());

// As ValidateIdNumber. InvalidArgument: the message of the failed check, e.g.
// "check character is 3 but should be 7".
[[nodiscard]] Result<IdNumberInfo> ParseIdNumber(
    std::string_view raw, const RegionTable& regions = RegionTable::Default());

// ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits. Precondition:
// first17 is 17 ASCII digits (asserted).
char IdCheckCharacter(std::string_view first17);

}  // namespace huicai
