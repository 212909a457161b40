#pragma once
// tests/exchange/fuzz: the small world both the fuzz target and its seed generator speak of.
// The target seeds its FakeBackend with these ids; the seeds call methods on them, so the
// starting corpus reaches the handler's success paths, not only its "not found" answers.
// Thread-safety: constants only.
#include <cstdint>

namespace huicai::exchange::fuzz {

constexpr std::int64_t kTalentId = 42;       // a talent and person, holder of kCardNumber
constexpr std::int64_t kOtherTalentId = 43;  // a second talent, no person record
constexpr std::int64_t kPersonId = 44;       // a person who is not a talent
constexpr std::int64_t kOpenNeedId = 17;     // an open need with two proposals
constexpr std::int64_t kMatchedNeedId = 18;  // a matched need (updateNeed refuses it)
constexpr char kCardNumber[] = "SD2023B000123";
constexpr char kRound[] = "2026-11-r1";
// Synthetic values (valid check digits, nobody's real data). The target traps when one of them
// appears in a call record: the call log must never carry an ID number, phone or card.
constexpr char kHolderIdNumber[] = "371302198001011239";
constexpr char kHolderMobile[] = "13800138000";

}  // namespace huicai::exchange::fuzz
