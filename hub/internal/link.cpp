#include "hub/internal/link.h"

#include <charconv>
#include <cstdio>

#include "core/codes.h"
#include "core/text.h"
#include "core/validate.h"

namespace huicai::hub {

namespace {

const std::string& Field(const Record& record, const std::string& name) {
  static const std::string kEmpty;
  auto it = record.fields.find(name);
  return it == record.fields.end() ? kEmpty : it->second;
}

std::optional<int> ParseInt(std::string_view text) {
  if (text.empty()) return 0;
  int value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return value;
}

LinkOutcome Reject(const Record& record, std::string reason, std::string message) {
  LinkOutcome outcome;
  outcome.needs_linkage = false;
  outcome.rejection.partner = record.partner;
  outcome.rejection.source_key = record.source_key;
  outcome.rejection.reason_code = std::move(reason);
  outcome.rejection.message = std::move(message);
  outcome.rejection.raw = record.fields;
  return outcome;
}

// Upper-case, without spaces: passports are written "E 1234 5678" as often as "E12345678".
std::string NormalisePassport(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '-') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

// From a normalised 18-character number (digits 7-14 the birth date, 17 odd for men).
std::optional<Date> IdBirthDate(const std::string& id) {
  if (id.size() != 18) return std::nullopt;
  return ParseIsoDate(id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2));
}

Gender IdGender(const std::string& id) {
  if (id.size() != 18 || id[16] < '0' || id[16] > '9') return Gender::kUnknown;
  return (id[16] - '0') % 2 == 1 ? Gender::kMale : Gender::kFemale;
}

}  // namespace

std::string Fingerprint(const Record& record) {
  std::uint64_t hash = 14695981039346656037ULL;
  auto mix = [&](std::string_view text) {
    for (unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
    hash ^= 0xff;  // field separator that no UTF-8 text contains
    hash *= 1099511628211ULL;
  };
  mix(record.kind);
  for (const auto& [name, value] : record.fields) {  // std::map: sorted, so stable
    mix(name);
    mix(value);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

LinkOutcome LinkRecord(Record record) {
  if (record.deleted) {  // a tombstone needs only its key: the store removes what it holds
    store::LinkedRecord linked;
    linked.deleted = true;
    linked.record = std::move(record);
    return {std::move(linked), {}, false};
  }
  store::LinkedRecord linked;
  Person& person = linked.person;
  person.id_number = Field(record, "id_number");
  person.name = Field(record, "name");
  person.nationality = Field(record, "nationality");
  person.passport = NormalisePassport(Field(record, "passport"));
  if (const auto& g = Field(record, "gender"); !g.empty()) {
    auto gender = ParseGender(g);
    if (!gender.has_value()) return Reject(record, "bad_gender", gender.error().message());
    person.gender = *gender;
  }
  if (const auto& b = Field(record, "birth_date"); !b.empty()) {
    auto date = ParseIsoDate(b);
    if (!date) return Reject(record, "bad_date", "birth date \"" + b + "\" is not a real date");
    person.birth_date = *date;
  }
  if (!person.id_number.empty()) {
    // connectors/ validated and normalised the number: it holds the birth date and gender.
    if (!person.birth_date) person.birth_date = IdBirthDate(person.id_number);
    if (person.gender == Gender::kUnknown) person.gender = IdGender(person.id_number);
  } else if (!person.passport.empty() && !person.nationality.empty()) {
    linked.link_method = "passport";
  } else if (person.name.empty()) {
    return Reject(record, "no_link_key",
                  "record has no ID number, no passport with nationality and no name: nothing to "
                  "link it to a person by; fix the partner's row or the mapping's fields");
  } else {
    linked.link_method = "probabilistic";
  }
  if (record.kind == "identity") {
    person.region_code = Field(record, "region");
    person.mobile = Field(record, "mobile");
  }
  if (record.kind == "talent") {
    Talent talent;
    talent.name = person.name;
    auto tier = ParseTalentTier(Field(record, "tier"));
    if (!tier)
      return Reject(record, "bad_code",
                    "tier \"" + Field(record, "tier") + "\" is not A, B, C or D");
    talent.tier = *tier;
    talent.card_number = Field(record, "card_no");
    talent.employer = Field(record, "employer");
    talent.employer_credit_code = Field(record, "employer_credit_code");
    talent.disciplines = SplitCodeList(Field(record, "disciplines"));
    talent.industries = SplitCodeList(Field(record, "industries"));
    talent.title = Field(record, "title");
    talent.specialties = Field(record, "specialties");
    talent.region_code = Field(record, "region");
    auto available = ParseInt(Field(record, "days_available"));
    auto served = ParseInt(Field(record, "days_served"));
    if (!available || *available < 0 || *available > 366) {
      return Reject(record, "bad_number",
                    "days_available \"" + Field(record, "days_available") +
                        "\" is not a whole number of days 0..366");
    }
    if (!served || *served < 0 || *served > 366) {
      return Reject(record, "bad_number",
                    "days_served \"" + Field(record, "days_served") +
                        "\" is not a whole number of days 0..366");
    }
    talent.days_available = *available;
    talent.grassroots_days_served = *served;
    const auto& programme = Field(record, "in_programme");
    talent.in_programme = programme == "1" || programme == "true" || programme == "是";
    linked.talent = std::move(talent);
  }
  linked.fingerprint = Fingerprint(record);
  linked.record = std::move(record);
  const bool pending = linked.link_method == "probabilistic";
  return {std::move(linked), {}, pending};
}

}  // namespace huicai::hub
