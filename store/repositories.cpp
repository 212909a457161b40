// Store: repositories of persons, talents, needs, proposals, partner records and quarantine.
#include <algorithm>
#include <set>

#include "store/internal/store_impl.h"
#include "store/store.h"

namespace huicai::store {
namespace {

using internal::Int;
using internal::Text;

constexpr const char* kNeedColumns =
    "id, unit, unit_credit_code, region_code, title, description, disciplines, days, headcount, "
    "window_start, window_end, status, kind, host";
constexpr const char* kProposalColumns =
    "need_id, person_id, round, score, parts, status, days_served, note, updated_at";
constexpr const char* kQuarantineColumns =
    "id, partner, source_key, reason_code, message, raw, created_at";

Result<QuarantineEntry> QuarantineFromRow(const Row& r) {
  QuarantineEntry e;
  HUICAI_ASSIGN_OR_RETURN(e.id, Int(r[0], "id"));
  e.rejection.partner = Text(r[1]);
  e.rejection.source_key = Text(r[2]);
  e.rejection.reason_code = Text(r[3]);
  e.rejection.message = Text(r[4]);
  HUICAI_ASSIGN_OR_RETURN(e.rejection.raw, internal::DecodeMap(r[5]));
  e.created_at = Text(r[6]);
  return e;
}

Result<Need> NeedFromRow(const Row& r) {
  Need n;
  HUICAI_ASSIGN_OR_RETURN(n.id, Int(r[0], "id"));
  n.unit = Text(r[1]);
  n.unit_credit_code = Text(r[2]);
  n.region_code = Text(r[3]);
  n.title = Text(r[4]);
  n.description = Text(r[5]);
  HUICAI_ASSIGN_OR_RETURN(n.disciplines, internal::DecodeList(r[6]));
  HUICAI_ASSIGN_OR_RETURN(std::int64_t days, Int(r[7], "days"));
  HUICAI_ASSIGN_OR_RETURN(std::int64_t headcount, Int(r[8], "headcount"));
  n.days = static_cast<int>(days);
  n.headcount = static_cast<int>(headcount);
  HUICAI_ASSIGN_OR_RETURN(n.window_start, internal::DateOf(r[9], "window_start"));
  HUICAI_ASSIGN_OR_RETURN(n.window_end, internal::DateOf(r[10], "window_end"));
  auto status = internal::ParseNeedStatus(Text(r[11]));
  if (!status)
    return Status::DataError("need " + std::to_string(n.id) + ": unknown status " + Text(r[11]));
  n.status = *status;
  auto kind = ParseNeedKind(Text(r[12]));
  if (!kind) {
    return Status::DataError("need " + std::to_string(n.id) + ": unknown kind " + Text(r[12]));
  }
  n.kind = *kind;
  n.host = Text(r[13]);
  return n;
}

Result<Proposal> ProposalFromRow(const Row& r) {
  Proposal p;
  HUICAI_ASSIGN_OR_RETURN(p.need_id, Int(r[0], "need_id"));
  HUICAI_ASSIGN_OR_RETURN(p.person_id, Int(r[1], "person_id"));
  p.round = Text(r[2]);
  HUICAI_ASSIGN_OR_RETURN(p.score, internal::Real(r[3], "score"));
  HUICAI_ASSIGN_OR_RETURN(p.parts, internal::DecodeParts(r[4]));
  auto status = ParseProposalStatus(Text(r[5]));
  if (!status) return Status::DataError("proposal: unknown status " + Text(r[5]));
  p.status = *status;
  HUICAI_ASSIGN_OR_RETURN(std::int64_t days, Int(r[6], "days_served"));
  p.days_served = static_cast<int>(days);
  p.note = Text(r[7]);
  p.updated_at = Text(r[8]);
  return p;
}

std::vector<Value> NeedValues(const Need& n) {
  return {T(n.unit),
          T(n.unit_credit_code),
          T(n.region_code),
          T(n.title),
          T(n.description),
          T(internal::EncodeList(n.disciplines)),
          I(n.days),
          I(n.headcount),
          T(FormatDate(n.window_start)),
          T(FormatDate(n.window_end)),
          T(NeedStatusName(n.status)),
          T(internal::NowUtc()),
          T(NeedKindName(n.kind)),
          T(n.host)};
}

Status CheckNeed(const Need& n) {
  if (n.unit.empty()) return Status::InvalidArgument("need: unit is empty");
  if (!IsValidDate(n.window_start) || !IsValidDate(n.window_end)) {
    return Status::InvalidArgument("need: window dates must be real calendar days, got " +
                                   FormatDate(n.window_start) + " .. " + FormatDate(n.window_end));
  }
  return Status::Ok();
}

}  // namespace

Result<Person> PersonFromRow(const Row& r) {
  Person p;
  HUICAI_ASSIGN_OR_RETURN(p.id, Int(r[0], "id"));
  p.id_number = Text(r[1]);
  p.name = Text(r[2]);
  HUICAI_ASSIGN_OR_RETURN(std::int64_t gender, Int(r[3], "gender"));
  p.gender = static_cast<Gender>(gender);
  if (r[4].has_value() && !r[4]->empty()) {
    HUICAI_ASSIGN_OR_RETURN(Date d, internal::DateOf(r[4], "birth_date"));
    p.birth_date = d;
  }
  p.region_code = Text(r[5]);
  p.nationality = Text(r[6]);
  p.passport = Text(r[7]);
  p.mobile = Text(r[8]);
  return p;
}

Result<Talent> TalentFromRow(const Row& r) {
  Talent t;
  HUICAI_ASSIGN_OR_RETURN(t.person_id, Int(r[0], "person_id"));
  t.name = Text(r[1]);
  HUICAI_ASSIGN_OR_RETURN(std::int64_t tier, Int(r[2], "tier"));
  t.tier = static_cast<TalentTier>(tier);
  t.card_number = Text(r[3]);
  t.employer = Text(r[4]);
  t.employer_credit_code = Text(r[5]);
  HUICAI_ASSIGN_OR_RETURN(t.disciplines, internal::DecodeList(r[6]));
  HUICAI_ASSIGN_OR_RETURN(t.industries, internal::DecodeList(r[7]));
  t.title = Text(r[8]);
  t.specialties = Text(r[9]);
  t.region_code = Text(r[10]);
  HUICAI_ASSIGN_OR_RETURN(std::int64_t days, Int(r[11], "days_available"));
  HUICAI_ASSIGN_OR_RETURN(std::int64_t served, Int(r[12], "grassroots_days_served"));
  HUICAI_ASSIGN_OR_RETURN(std::int64_t programme, Int(r[13], "in_programme"));
  t.days_available = static_cast<int>(days);
  t.grassroots_days_served = static_cast<int>(served);
  t.in_programme = programme != 0;
  return t;
}

bool SameTalent(const Talent& a, const Talent& b) {
  return a.person_id == b.person_id && a.name == b.name && a.tier == b.tier &&
         a.card_number == b.card_number && a.employer == b.employer &&
         a.employer_credit_code == b.employer_credit_code && a.disciplines == b.disciplines &&
         a.industries == b.industries && a.title == b.title && a.specialties == b.specialties &&
         a.region_code == b.region_code && a.days_available == b.days_available &&
         a.grassroots_days_served == b.grassroots_days_served && a.in_programme == b.in_programme;
}

Result<std::optional<Person>> Store::Impl::FindPerson(std::string_view where_sql,
                                                      const Value& key) {
  HUICAI_ASSIGN_OR_RETURN(auto rows, Query(std::string("SELECT ") + kPersonColumns +
                                               " FROM person WHERE " + std::string(where_sql),
                                           {key}));
  if (rows.empty()) return std::optional<Person>();
  HUICAI_ASSIGN_OR_RETURN(Person p, PersonFromRow(rows[0]));
  return std::optional<Person>(std::move(p));
}

Result<Store::Impl::PersonOutcome> Store::Impl::UpsertPersonTx(const Person& in) {
  std::optional<Person> stored;
  if (!in.id_number.empty()) {
    HUICAI_ASSIGN_OR_RETURN(stored, FindPerson("id_number = ?", T(in.id_number)));
  } else if (in.id != 0) {
    HUICAI_ASSIGN_OR_RETURN(stored, FindPerson("id = ?", I(in.id)));
  }
  PersonOutcome out;
  const std::string now = internal::NowUtc();
  if (!stored) {
    HUICAI_ASSIGN_OR_RETURN(
        out.id, InsertReturningId(
                    "INSERT INTO person (id_number, name, gender, birth_date, region_code, "
                    "nationality, passport, mobile, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    {TextOrNull(in.id_number), T(in.name), I(static_cast<int>(in.gender)),
                     in.birth_date ? T(FormatDate(*in.birth_date)) : Value{}, T(in.region_code),
                     T(in.nationality), T(in.passport), T(in.mobile), T(now)}));
    out.changed = true;
  } else {
    Person merged = *stored;
    out.id = stored->id;
    out.conflicts = MergePerson(merged, in, &out.changed);
    if (out.changed) {
      HUICAI_RETURN_IF_ERROR(
          Exec("UPDATE person SET name = ?, gender = ?, birth_date = ?, region_code = ?, "
               "nationality = ?, passport = ?, mobile = ?, updated_at = ? WHERE id = ?",
               {T(merged.name), I(static_cast<int>(merged.gender)),
                merged.birth_date ? T(FormatDate(*merged.birth_date)) : Value{},
                T(merged.region_code), T(merged.nationality), T(merged.passport), T(merged.mobile),
                T(now), I(out.id)})
              .status());
    }
  }
  if (out.changed) HUICAI_RETURN_IF_ERROR(AppendChange("person", out.id));
  return out;
}

Result<std::optional<Talent>> Store::Impl::FindTalent(PersonId id) {
  HUICAI_ASSIGN_OR_RETURN(
      auto rows,
      Query(std::string("SELECT ") + kTalentColumns + " FROM talent WHERE person_id = ?", {I(id)}));
  if (rows.empty()) return std::optional<Talent>();
  HUICAI_ASSIGN_OR_RETURN(Talent t, TalentFromRow(rows[0]));
  return std::optional<Talent>(std::move(t));
}

const char* const kTalentInsertHead =
    "INSERT INTO talent (person_id, name, tier, card_number, employer, "
    "employer_credit_code, disciplines, industries, title, specialties, region_code, "
    "days_available, grassroots_days_served, in_programme, updated_at)";
const char* const kTalentUpsertTail =
    " ON CONFLICT (person_id) DO UPDATE SET name = excluded.name, tier = excluded.tier, "
    "card_number = excluded.card_number, employer = excluded.employer, "
    "employer_credit_code = excluded.employer_credit_code, "
    "disciplines = excluded.disciplines, industries = excluded.industries, "
    "title = excluded.title, specialties = excluded.specialties, "
    "region_code = excluded.region_code, days_available = excluded.days_available, "
    "grassroots_days_served = excluded.grassroots_days_served, "
    "in_programme = excluded.in_programme, updated_at = excluded.updated_at";
const std::string kUpsertTalentSql = std::string(kTalentInsertHead) +
                                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" +
                                     kTalentUpsertTail;

std::vector<Value> TalentValues(const Talent& t, std::string_view now) {
  return {I(t.person_id),
          T(t.name),
          I(static_cast<int>(t.tier)),
          T(t.card_number),
          T(t.employer),
          T(t.employer_credit_code),
          T(internal::EncodeList(t.disciplines)),
          T(internal::EncodeList(t.industries)),
          T(t.title),
          T(t.specialties),
          T(t.region_code),
          I(t.days_available),
          I(t.grassroots_days_served),
          I(t.in_programme ? 1 : 0),
          T(now)};
}

int MergePerson(Person& merged, const Person& in, bool* changed) {
  int conflicts = 0;
  auto fill = [&](std::string& have, const std::string& incoming) {
    if (incoming.empty() || have == incoming) return;
    if (have.empty()) {
      have = incoming;
      *changed = true;
    } else {
      ++conflicts;
    }
  };
  fill(merged.name, in.name);
  fill(merged.region_code, in.region_code);
  fill(merged.nationality, in.nationality);
  fill(merged.passport, in.passport);
  fill(merged.mobile, in.mobile);
  if (in.gender != Gender::kUnknown && in.gender != merged.gender) {
    if (merged.gender == Gender::kUnknown) {
      merged.gender = in.gender;
      *changed = true;
    } else {
      ++conflicts;
    }
  }
  if (in.birth_date && in.birth_date != merged.birth_date) {
    if (!merged.birth_date) {
      merged.birth_date = in.birth_date;
      *changed = true;
    } else {
      ++conflicts;
    }
  }
  return conflicts;
}

Result<bool> Store::Impl::UpsertTalentTx(const Talent& t) {
  HUICAI_ASSIGN_OR_RETURN(auto stored, FindTalent(t.person_id));
  if (stored && SameTalent(*stored, t)) return false;
  HUICAI_RETURN_IF_ERROR(Exec(kUpsertTalentSql, TalentValues(t, internal::NowUtc())).status());
  return true;
}

Result<PersonId> Store::UpsertPerson(const Person& person) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_ASSIGN_OR_RETURN(auto outcome, impl_->UpsertPersonTx(person));
  HUICAI_RETURN_IF_ERROR(txn.Commit());
  return outcome.id;
}

Result<Person> Store::GetPerson(PersonId id) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto p, impl_->FindPerson("id = ?", I(id)));
  if (!p) return Status::NotFound("person " + std::to_string(id) + " does not exist");
  return *p;
}

namespace {

// "a, b" with `prefix` before each column: "p.a, p.b".
std::string Prefixed(std::string_view prefix, std::string_view columns) {
  std::string out;
  size_t at = 0;
  while (at < columns.size()) {
    while (at < columns.size() && columns[at] == ' ') ++at;
    const size_t comma = std::min(columns.find(',', at), columns.size());
    if (!out.empty()) out += ", ";
    out.append(prefix).append(columns.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

const std::string kPersonWithTalentSql = "SELECT " + Prefixed("p.", kPersonColumns) + ", " +
                                         Prefixed("t.", kTalentColumns) +
                                         " FROM person p LEFT JOIN talent t ON t.person_id = p.id "
                                         "WHERE p.id = ?";

}  // namespace

Result<std::pair<Person, std::optional<Talent>>> Store::GetPersonWithTalent(PersonId id) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(kPersonWithTalentSql, {I(id)}));
  if (rows.empty()) return Status::NotFound("person " + std::to_string(id) + " does not exist");
  const std::string_view person_columns = kPersonColumns;
  const auto kPersonWidth =
      static_cast<size_t>(std::count(person_columns.begin(), person_columns.end(), ',')) + 1;
  Row& row = rows[0];
  if (row.size() <= kPersonWidth) {
    return Status::Internal("store: person with talent gave " + std::to_string(row.size()) +
                            " columns");
  }
  Row talent_part(row.begin() + static_cast<std::ptrdiff_t>(kPersonWidth), row.end());
  row.resize(kPersonWidth);
  HUICAI_ASSIGN_OR_RETURN(Person person, PersonFromRow(row));
  if (!talent_part[0].has_value())
    return std::make_pair(std::move(person), std::optional<Talent>());
  HUICAI_ASSIGN_OR_RETURN(Talent talent, TalentFromRow(talent_part));
  return std::make_pair(std::move(person), std::optional<Talent>(std::move(talent)));
}

Result<Person> Store::FindPersonByIdNumber(std::string_view id_number) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto p, impl_->FindPerson("id_number = ?", T(id_number)));
  if (!p) return Status::NotFound("no person with that id_number");  // never echo the number
  return *p;
}

Status Store::UpsertTalent(const Talent& talent) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  if (talent.person_id <= 0) return Status::InvalidArgument("talent: person_id is not set");
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_ASSIGN_OR_RETURN(bool wrote, impl_->UpsertTalentTx(talent));
  if (wrote) HUICAI_RETURN_IF_ERROR(impl_->AppendChange("talent", talent.person_id));
  return txn.Commit();
}

Result<Talent> Store::GetTalent(PersonId person_id) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto t, impl_->FindTalent(person_id));
  if (!t) return Status::NotFound("person " + std::to_string(person_id) + " has no talent record");
  return *t;
}

Result<std::optional<Talent>> Store::FindTalentByCard(std::string_view card_number) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows,
                          impl_->Query(std::string("SELECT ") + kTalentColumns +
                                           " FROM talent WHERE card_number = ? ORDER BY person_id",
                                       {T(card_number)}));
  if (rows.empty()) return std::optional<Talent>();
  HUICAI_ASSIGN_OR_RETURN(Talent t, TalentFromRow(rows[0]));
  return std::optional<Talent>(std::move(t));
}

Result<std::vector<Talent>> Store::ListTalents(bool programme_only) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  std::string sql = std::string("SELECT ") + kTalentColumns + " FROM talent" +
                    (programme_only ? " WHERE in_programme = 1" : "") + " ORDER BY person_id";
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(sql));
  std::vector<Talent> out;
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(Talent t, TalentFromRow(r));
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<Talent>> Store::ListTalentsAfter(PersonId after, size_t limit) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(std::string("SELECT ") + kTalentColumns +
                                                      " FROM talent WHERE person_id > ? "
                                                      "ORDER BY person_id LIMIT ?",
                                                  {I(after), I(static_cast<std::int64_t>(limit))}));
  std::vector<Talent> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(Talent t, TalentFromRow(r));
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::map<PersonId, PersonIdentifiers>> Store::ListPersonIdentifiers(PersonId first,
                                                                           PersonId last) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  std::map<PersonId, PersonIdentifiers> out;
  HUICAI_ASSIGN_OR_RETURN(auto persons,
                          impl_->Query("SELECT id, id_number, mobile FROM person WHERE id >= ? AND "
                                       "id <= ? AND (id_number IS NOT NULL OR mobile IS NOT NULL)",
                                       {I(first), I(last)}));
  for (const Row& r : persons) {
    HUICAI_ASSIGN_OR_RETURN(const PersonId id, Int(r[0], "person.id"));
    PersonIdentifiers& ids = out[id];
    ids.id_number = Text(r[1]);
    ids.mobile = Text(r[2]);
  }
  HUICAI_ASSIGN_OR_RETURN(
      auto cards, impl_->Query("SELECT person_id, fields FROM partner_record WHERE person_id >= ? "
                               "AND person_id <= ? AND kind = 'card_account' ORDER BY id",
                               {I(first), I(last)}));
  for (const Row& r : cards) {
    HUICAI_ASSIGN_OR_RETURN(const PersonId id, Int(r[0], "partner_record.person_id"));
    HUICAI_ASSIGN_OR_RETURN(const auto fields, internal::DecodeMap(r[1]));
    auto card = fields.find("card_number");
    if (card == fields.end()) continue;
    std::string digits;
    for (char c : card->second) {
      if (c >= '0' && c <= '9') digits.push_back(c);
    }
    if (digits.empty()) continue;
    std::vector<std::string>& held = out[id].bank_cards;
    if (std::find(held.begin(), held.end(), digits) == held.end()) held.push_back(digits);
  }
  for (auto it = out.begin(); it != out.end();) {  // persons with no number at all
    const PersonIdentifiers& ids = it->second;
    it = ids.id_number.empty() && ids.mobile.empty() && ids.bank_cards.empty() ? out.erase(it)
                                                                               : std::next(it);
  }
  return out;
}

Result<NeedId> Store::InsertNeed(const Need& need) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_RETURN_IF_ERROR(CheckNeed(need));
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_ASSIGN_OR_RETURN(
      NeedId id, impl_->InsertReturningId(
                     "INSERT INTO need (unit, unit_credit_code, region_code, title, description, "
                     "disciplines, days, headcount, window_start, window_end, status, updated_at, "
                     "kind, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     NeedValues(need)));
  HUICAI_RETURN_IF_ERROR(impl_->AppendChange("need", id));
  HUICAI_RETURN_IF_ERROR(txn.Commit());
  return id;
}

Status Store::UpdateNeed(const Need& need) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_RETURN_IF_ERROR(CheckNeed(need));
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  std::vector<Value> values = NeedValues(need);
  values.push_back(I(need.id));
  HUICAI_ASSIGN_OR_RETURN(
      std::int64_t n,
      impl_->Exec("UPDATE need SET unit = ?, unit_credit_code = ?, region_code = ?, title = ?, "
                  "description = ?, disciplines = ?, days = ?, headcount = ?, window_start = ?, "
                  "window_end = ?, status = ?, updated_at = ?, kind = ?, host = ? WHERE id = ?",
                  std::move(values)));
  if (n == 0) return Status::NotFound("need " + std::to_string(need.id) + " does not exist");
  HUICAI_RETURN_IF_ERROR(impl_->AppendChange("need", need.id));
  return txn.Commit();
}

Result<Need> Store::GetNeed(NeedId id) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(
      auto rows,
      impl_->Query(std::string("SELECT ") + kNeedColumns + " FROM need WHERE id = ?", {I(id)}));
  if (rows.empty()) return Status::NotFound("need " + std::to_string(id) + " does not exist");
  return NeedFromRow(rows[0]);
}

Result<std::vector<Need>> Store::ListNeeds(std::optional<NeedStatus> status) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  std::string sql = std::string("SELECT ") + kNeedColumns + " FROM need";
  std::vector<Value> params;
  if (status) {
    sql += " WHERE status = ?";
    params.push_back(T(NeedStatusName(*status)));
  }
  sql += " ORDER BY id";
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(sql, std::move(params)));
  std::vector<Need> out;
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(Need n, NeedFromRow(r));
    out.push_back(std::move(n));
  }
  return out;
}

Status Store::SaveProposals(std::string_view round, std::span<const NeedId> replace,
                            std::span<const Proposal> proposals) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  if (round.empty()) return Status::InvalidArgument("proposals: round is empty");
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  std::set<NeedId> changed(replace.begin(), replace.end());
  for (NeedId need : changed) {
    HUICAI_RETURN_IF_ERROR(
        impl_->Exec("DELETE FROM proposal WHERE need_id = ? AND status = 'proposed'", {I(need)})
            .status());
  }
  const std::string now = internal::NowUtc();
  for (const Proposal& p : proposals) {
    changed.insert(p.need_id);
    HUICAI_RETURN_IF_ERROR(
        impl_
            ->Exec("INSERT INTO proposal (need_id, person_id, round, score, parts, status, "
                   "updated_at) VALUES (?, ?, ?, ?, ?, 'proposed', ?) "
                   "ON CONFLICT (need_id, person_id) DO UPDATE SET round = excluded.round, "
                   "score = excluded.score, parts = excluded.parts, "
                   "updated_at = excluded.updated_at WHERE proposal.status = 'proposed'",
                   {I(p.need_id), I(p.person_id), T(round), D(p.score),
                    T(internal::EncodeParts(p.parts)), T(now)})
            .status());
  }
  for (NeedId need : changed) HUICAI_RETURN_IF_ERROR(impl_->AppendChange("proposal", need));
  return txn.Commit();
}

Result<std::vector<Proposal>> Store::ListProposals(std::optional<NeedId> need) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  std::string sql = std::string("SELECT ") + kProposalColumns + " FROM proposal";
  std::vector<Value> params;
  if (need) {
    sql += " WHERE need_id = ?";
    params.push_back(I(*need));
  }
  sql += " ORDER BY need_id, score DESC, person_id";
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(sql, std::move(params)));
  std::vector<Proposal> out;
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(Proposal p, ProposalFromRow(r));
    out.push_back(std::move(p));
  }
  return out;
}

Result<Proposal> Store::GetProposal(NeedId need, PersonId person) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(std::string("SELECT ") + kProposalColumns +
                                                      " FROM proposal WHERE need_id = ? AND "
                                                      "person_id = ?",
                                                  {I(need), I(person)}));
  if (rows.empty()) {
    return Status::NotFound("no proposal of expert " + std::to_string(person) + " for need " +
                            std::to_string(need) + "; `huicai proposals " + std::to_string(need) +
                            "` lists the need's proposals");
  }
  return ProposalFromRow(rows[0]);
}

Status Store::TransitionProposal(NeedId need, PersonId person, ProposalStatus from,
                                 ProposalStatus to, int days_served, std::string_view note) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_ASSIGN_OR_RETURN(
      std::int64_t n,
      impl_->Exec("UPDATE proposal SET status = ?, days_served = ?, note = ?, updated_at = ? "
                  "WHERE need_id = ? AND person_id = ? AND status = ?",
                  {T(ProposalStatusName(to)), I(days_served), T(note), T(internal::NowUtc()),
                   I(need), I(person), T(ProposalStatusName(from))}));
  if (n == 0) {
    return Status::DataError("proposal of expert " + std::to_string(person) + " for need " +
                             std::to_string(need) + " is no longer " +
                             std::string(ProposalStatusName(from)) + "; read it again");
  }
  HUICAI_RETURN_IF_ERROR(impl_->AppendChange("proposal", need));
  return txn.Commit();
}

Status Store::SaveMatchRound(std::string_view name, std::string_view report) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_RETURN_IF_ERROR(impl_->Exec("DELETE FROM match_round WHERE name = ?", {T(name)}).status());
  HUICAI_RETURN_IF_ERROR(
      impl_
          ->Exec("INSERT INTO match_round (name, created_at, report) VALUES (?, ?, ?)",
                 {T(name), T(internal::NowUtc()), T(report)})
          .status());
  return txn.Commit();
}

Result<std::pair<std::string, std::string>> Store::GetMatchRound(std::string_view name) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(
      auto rows,
      name.empty()
          ? impl_->Query("SELECT name, report FROM match_round ORDER BY id DESC LIMIT 1", {})
          : impl_->Query("SELECT name, report FROM match_round WHERE name = ?", {T(name)}));
  if (rows.empty()) {
    return Status::NotFound(name.empty() ? std::string("no matching round has run yet; run "
                                                       "`huicai match` first")
                                         : "no matching round named \"" + std::string(name) + "\"");
  }
  return std::make_pair(Text(rows[0][0]), Text(rows[0][1]));
}

Result<std::vector<QuarantineEntry>> Store::ListQuarantine(std::string_view partner, size_t limit,
                                                           std::string_view reason, size_t offset) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  std::string sql = std::string("SELECT ") + kQuarantineColumns + " FROM quarantine WHERE 1 = 1";
  std::vector<Value> params;
  if (!partner.empty()) {
    sql += " AND partner = ?";
    params.push_back(T(partner));
  }
  if (!reason.empty()) {
    sql += " AND reason_code = ?";
    params.push_back(T(reason));
  }
  sql += " ORDER BY id LIMIT ? OFFSET ?";
  params.push_back(I(static_cast<std::int64_t>(limit)));
  params.push_back(I(static_cast<std::int64_t>(offset)));
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(sql, std::move(params)));
  std::vector<QuarantineEntry> out;
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(QuarantineEntry e, QuarantineFromRow(r));
    out.push_back(std::move(e));
  }
  return out;
}

Result<QuarantineEntry> Store::GetQuarantineEntry(std::int64_t id) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(std::string("SELECT ") + kQuarantineColumns +
                                                      " FROM quarantine WHERE id = ?",
                                                  {I(id)}));
  if (rows.empty()) {
    return Status::NotFound("quarantine entry " + std::to_string(id) +
                            " does not exist (already retried or removed?)");
  }
  return QuarantineFromRow(rows[0]);
}

Status Store::DeleteQuarantineEntries(std::span<const std::int64_t> ids) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  if (ids.empty()) return Status::Ok();
  std::vector<std::vector<Value>> rows;
  rows.reserve(ids.size());
  for (std::int64_t id : ids) rows.push_back({I(id)});
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_RETURN_IF_ERROR(
      impl_->conn.ExecuteBatch("DELETE FROM quarantine WHERE id = ?", rows).status());
  return txn.Commit();
}

Result<std::map<std::string, std::int64_t>> Store::QuarantineCountsByReason(
    std::string_view partner) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  std::string sql = "SELECT reason_code, COUNT(*) FROM quarantine";
  std::vector<Value> params;
  if (!partner.empty()) {
    sql += " WHERE partner = ?";
    params.push_back(T(partner));
  }
  sql += " GROUP BY reason_code";
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(sql, std::move(params)));
  std::map<std::string, std::int64_t> out;
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(out[Text(r[0])], Int(r[1], "count"));
  }
  return out;
}

Result<std::int64_t> Store::CountPartnerRecords(std::string_view partner) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  std::string sql = "SELECT COUNT(*) FROM partner_record";
  std::vector<Value> params;
  if (!partner.empty()) {
    sql += " WHERE partner = ?";
    params.push_back(T(partner));
  }
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(sql, std::move(params)));
  return Int(rows.at(0)[0], "count");
}

Result<PersonId> Store::PersonOfRecord(std::string_view partner, std::string_view kind,
                                       std::string_view source_key) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query("SELECT person_id FROM partner_record WHERE "
                                                  "partner = ? AND kind = ? AND source_key = ?",
                                                  {T(partner), T(kind), T(source_key)}));
  if (rows.empty() || !rows[0][0].has_value()) {
    return Status::NotFound("no stored record " + std::string(partner) + "/" + std::string(kind) +
                            "/" + std::string(source_key));
  }
  return Int(rows[0][0], "person_id");
}

Result<std::vector<PartnerRecordView>> Store::ListPartnerRecords(PersonId person) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(
      auto rows, impl_->Query("SELECT id, partner, kind, source_key, watermark, fields, "
                              "fingerprint, synced_at, link_method, link_probability, "
                              "link_evidence FROM partner_record WHERE person_id = ? ORDER BY id",
                              {I(person)}));
  std::vector<PartnerRecordView> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    PartnerRecordView v;
    HUICAI_ASSIGN_OR_RETURN(v.id, Int(r[0], "id"));
    v.partner = Text(r[1]);
    v.kind = Text(r[2]);
    v.source_key = Text(r[3]);
    v.watermark = Text(r[4]);
    HUICAI_ASSIGN_OR_RETURN(v.fields, internal::DecodeMap(r[5]));
    v.fingerprint = Text(r[6]);
    v.synced_at = Text(r[7]);
    v.link_method = Text(r[8]);
    HUICAI_ASSIGN_OR_RETURN(v.link_probability, internal::Real(r[9], "link_probability"));
    v.link_evidence = Text(r[10]);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace huicai::store
