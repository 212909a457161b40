#include "search/internal/lookup.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cassert>

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
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * bytes);
  for (std::size_t i = 0; i < bytes && i < size; ++i) {
    hex.push_back(kHex[mac[i] >> 4]);
    hex.push_back(kHex[mac[i] & 0x0f]);
  }
  return hex;
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
