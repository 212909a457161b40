#include "search/internal/lookup.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cassert>

#include "core/text.h"

namespace huicai::search::internal {
namespace {

std::string HmacHex(std::string_view key, std::string_view data, std::size_t bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int size = 0;
  const unsigned char* done =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &size);
  assert(done != nullptr && size >= bytes);  // HMAC-SHA256 fails only without memory
  (void)done;
  return LowerHex(std::string_view(reinterpret_cast<const char*>(mac.data()),
                                   std::min<std::size_t>(bytes, size)));
}

}  // namespace

std::string LookupTerm(std::string_view key, IdentifierKind kind, std::string_view value) {
  assert(!key.empty());
  const std::string data = std::string(IdentifierKindName(kind)) + ":" + std::string(value);
  return std::string(kLookupPrefix) + HmacHex(key, data, 8);
}

std::vector<std::string> LookupTerms(std::string_view key, const Talent& talent,
                                     const PersonIdentifiers& numbers) {
  std::vector<std::string> terms;
  if (key.empty()) return terms;
  auto add = [&](IdentifierKind kind, const std::string& value) {
    if (!value.empty()) terms.push_back(LookupTerm(key, kind, value));
  };
  add(IdentifierKind::kTalentCard, talent.card_number);
  add(IdentifierKind::kIdNumber, numbers.id_number);
  add(IdentifierKind::kMobile, numbers.mobile);
  for (const std::string& card : numbers.bank_cards) add(IdentifierKind::kBankCard, card);
  return terms;
}

std::string LookupKeyId(std::string_view key) {
  if (key.empty()) return "";
  return HmacHex(key, "huicai lookup key id", 8);
}

}  // namespace huicai::search::internal
