#pragma once
// exchange: what the Thrift server needs from the hub. The app implements Backend over hub/;
// tests implement it in memory. Only core types cross this file.
// Thread-safety: the server calls one Backend from several worker threads at once, so every
// implementation must be thread-safe.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace huicai::exchange {

// A talent search as partners send it. Empty text and prefixes match everything.
struct TalentSearch {
  std::string text;                // free text, Chinese or Latin
  std::string region_prefix;       // GB/T 2260 prefix: "37" Shandong, "3713" Linyi
  std::optional<TalentTier> tier;  // nullopt: any tier
  std::string discipline_prefix;   // GB/T 13745 prefix
  std::size_t limit = 10;          // at most this many hits; the server accepts 0..1000
};

struct TalentSearchHit {
  Talent talent;
  double relevance = 0;  // higher is better; comparable only within one search
};

// A talent card checked at a department's window.
struct CardCheck {
  bool valid = false;  // a card of a certified talent the hub knows
  TalentTier tier = TalentTier::kNone;
  bool holder_matches = false;  // the ID number given is the card holder's
  PersonId person_id = 0;       // the holder, when valid
};

class Backend {
 public:
  virtual ~Backend() = default;

  // NotFound: no talent with this person id. Other codes pass through to the caller.
  [[nodiscard]] virtual Result<Talent> GetTalent(PersonId id) = 0;

  // InvalidArgument: the query does not parse (the message says where).
  [[nodiscard]] virtual Result<std::vector<TalentSearchHit>> SearchTalents(
      const TalentSearch& query) = 0;

  // Stores a new need (need.id is ignored) and returns its id.
  // InvalidArgument: the need is bad; the message names the field and what is wrong with it.
  [[nodiscard]] virtual Result<NeedId> PostNeed(const Need& need) = 0;

  // The proposals made for a need, best first. NotFound: no need with this id.
  [[nodiscard]] virtual Result<std::vector<Proposal>> ListProposals(NeedId need) = 0;
  // The card's check; an unknown card is valid = false. `id_number` is already normalised
  // (18 characters) by the server.
  [[nodiscard]] virtual Result<CardCheck> VerifyCard(std::string_view card_number,
                                                     std::string_view id_number) = 0;
};

}  // namespace huicai::exchange
