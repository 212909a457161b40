// Store: ApplySyncBatch, set-based. One batch is applied in one transaction with a handful of
// statements whatever its size: chunked IN-list lookups of the batch's persons, partner records,
// talents and quarantine keys, then bulk writes of what changed (each chunk of rows one
// statement with the rows as one JSON parameter).
// Records are applied in memory in batch order first, so the outcome and the counts equal
// applying them one by one.
#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "store/internal/store_impl.h"
#include "store/store.h"

namespace huicai::store {
namespace {

using internal::Int;
using internal::Text;

constexpr size_t kInChunk = 5000;  // keys per lookup statement

// A PostgreSQL array literal of text or integer values: {"a","b\"c"} or {1,2}; bound as a
// parameter, never pasted into SQL.
std::string PgArrayLiteral(std::span<const Value> values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    if (const auto* n = std::get_if<std::int64_t>(&values[i])) {
      out += std::to_string(*n);
      continue;
    }
    if (!std::holds_alternative<std::string>(values[i])) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (char c : std::get<std::string>(values[i])) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

// Runs `head` + " (the keys)" + `tail` for the keys in chunks, with `fixed` parameters bound
// before the list, and hands each row to on_row. The keys travel as ONE JSON parameter (one
// prepared statement whatever their number: an IN list of 500 binds cost the PostgreSQL server
// 10 ms to parse and plan); all keys are integers or all text.
Status QueryIn(odbc::Connection& conn, internal::SqlDialect dialect, std::string_view head,
               const std::vector<Value>& fixed, const std::vector<Value>& keys,
               std::string_view tail, const std::function<Status(const Row&)>& on_row) {
  if (keys.empty()) return Status::Ok();
  const bool integers = std::holds_alternative<std::int64_t>(keys.front());
  std::string sql(head);
  if (dialect == internal::SqlDialect::kSqlite) {
    sql += " (SELECT value FROM json_each(?))";
  } else {
    // "col IN" becomes "col = ANY(array)": the planner walks the index for each element (a
    // set-returning function instead made it scan the whole table on every batch).
    if (!sql.ends_with(" IN")) return Status::Internal("QueryIn: head must end in \" IN\"");
    sql.resize(sql.size() - 3);
    sql += integers ? " = ANY(CAST(? AS bigint[]))" : " = ANY(CAST(? AS text[]))";
  }
  sql += tail;
  for (size_t start = 0; start < keys.size(); start += kInChunk) {
    const size_t n = std::min(kInChunk, keys.size() - start);
    const std::span<const Value> chunk(keys.data() + start, n);
    std::vector<Value> params = fixed;
    params.push_back(T(dialect == internal::SqlDialect::kSqlite ? internal::EncodeValues(chunk)
                                                                : PgArrayLiteral(chunk)));
    HUICAI_ASSIGN_OR_RETURN(auto rows, conn.Query(sql, params));
    for (const Row& r : rows) HUICAI_RETURN_IF_ERROR(on_row(r));
  }
  return Status::Ok();
}

// One statement per chunk of rows instead of one execution per row (the SQLite driver
// prepares every execution again; psqlODBC sends each and the server parses each): the rows
// travel as ONE JSON parameter, unpacked by json_each (SQLite) or json_array_elements
// (PostgreSQL). Columns are typed for PostgreSQL's casts: 't' text, 'i' bigint, 'd' double.
constexpr size_t kBulkChunk = 2000;

std::string BulkValue(internal::SqlDialect dialect, std::string_view row, size_t index, char type) {
  const std::string at = std::to_string(index);
  if (dialect == internal::SqlDialect::kSqlite) return std::string(row) + " ->> " + at;
  const char* cast = type == 'i' ? "bigint" : type == 'd' ? "double precision" : "text";
  return "(" + std::string(row) + " ->> " + at + ")::" + cast;
}

std::string BulkSource(internal::SqlDialect dialect) {
  return dialect == internal::SqlDialect::kSqlite ? "json_each(?) AS x"
                                                  : "json_array_elements(CAST(? AS json)) AS x(v)";
}

std::string_view BulkRow(internal::SqlDialect dialect) {
  return dialect == internal::SqlDialect::kSqlite ? "x.value" : "x.v";
}

Status RunBulk(odbc::Connection& conn, const std::string& sql,
               const std::vector<std::vector<Value>>& rows) {
  for (size_t start = 0; start < rows.size(); start += kBulkChunk) {
    const size_t n = std::min(kBulkChunk, rows.size() - start);
    const std::span<const std::vector<Value>> chunk(rows.data() + start, n);
    const Value param = T(internal::EncodeRows(chunk));
    HUICAI_RETURN_IF_ERROR(conn.Execute(sql, std::span<const Value>(&param, 1)).status());
  }
  return Status::Ok();
}

// `head` + SELECT of the rows + `tail`: head is "INSERT INTO t (a, b)", tail e.g. an ON
// CONFLICT clause; `types` has one letter per column.
Status BulkInsert(odbc::Connection& conn, internal::SqlDialect dialect, std::string_view head,
                  std::string_view types, std::string_view tail,
                  const std::vector<std::vector<Value>>& rows) {
  if (rows.empty()) return Status::Ok();
  std::string sql(head);
  sql += " SELECT ";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += BulkValue(dialect, BulkRow(dialect), i, types[i]);
  }
  sql += " FROM " + BulkSource(dialect);
  if (dialect == internal::SqlDialect::kSqlite) sql += " WHERE true";  // lets ON CONFLICT parse
  sql += tail;
  return RunBulk(conn, sql, rows);
}

// UPDATE `table` SET columns[i] = row[i] WHERE id = row[last]; one letter per column in
// `types`, the id last (not in `columns`).
Status BulkUpdate(odbc::Connection& conn, internal::SqlDialect dialect, std::string_view table,
                  std::span<const std::string_view> columns, std::string_view types,
                  const std::vector<std::vector<Value>>& rows) {
  if (rows.empty()) return Status::Ok();
  std::string sql = "UPDATE " + std::string(table) + " SET ";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += std::string(columns[i]) + " = " + BulkValue(dialect, BulkRow(dialect), i, types[i]);
  }
  sql += " FROM " + BulkSource(dialect) + " WHERE " + std::string(table) +
         ".id = " + BulkValue(dialect, BulkRow(dialect), columns.size(), 'i');
  return RunBulk(conn, sql, rows);
}

Value DateOrNull(const std::optional<Date>& d) { return d ? T(FormatDate(*d)) : Value{}; }

std::string RecordKey(std::string_view partner, std::string_view kind, std::string_view key) {
  std::string out;
  out.reserve(partner.size() + kind.size() + key.size() + 2);
  out.append(partner).push_back('\x1f');
  out.append(kind).push_back('\x1f');
  out.append(key);
  return out;
}

// A person of the batch: as stored (id != 0) or new, merged with the batch's records so far.
struct PersonState {
  Person person;
  bool is_new = false;
  bool changed = false;
  std::string founder;  // of a new person without ID number
};

// Which stored person a live record names (LinkedRecord): "i" + ID number, "p" + nationality +
// \x1f + passport, "#" + person id, "f" + founder.
std::string PersonKey(const LinkedRecord& lr) {
  const Person& p = lr.person;
  if (!p.id_number.empty()) return "i" + p.id_number;
  if (!p.passport.empty() && !p.nationality.empty()) {
    return "p" + p.nationality + '\x1f' + p.passport;
  }
  if (p.id != 0) return "#" + std::to_string(p.id);
  return "f" + lr.founder;
}

std::string PassportFounder(const LinkedRecord& lr) {
  return "pp:" + lr.person.nationality + ":" + lr.person.passport;
}

// A partner record of the batch: as stored before the batch, and after the records so far.
struct RecordState {
  std::string partner;
  std::string kind;
  std::string source_key;
  std::int64_t db_id = 0;  // 0: not stored before this batch
  bool present = false;    // stored after the records applied so far
  bool dirty = false;      // differs from the stored row
  std::string fingerprint;
  PersonId person_id = 0;
  const LinkedRecord* source = nullptr;  // the record whose values the row takes
};

// What the batch leaves of one person's talent.
struct TalentState {
  std::optional<Talent> stored;
  std::optional<Talent> wanted;
};

class Applier {
 public:
  Applier(odbc::Connection& conn, internal::SqlDialect dialect, const SyncBatch& batch)
      : conn_(conn), dialect_(dialect), batch_(batch) {}

  Result<SyncBatchResult> Run() {
    now_ = internal::NowUtc();
    HUICAI_RETURN_IF_ERROR(ResolvePersons());
    HUICAI_RETURN_IF_ERROR(LoadRecords());
    ApplyRecords();
    HUICAI_RETURN_IF_ERROR(WriteRecords());
    HUICAI_RETURN_IF_ERROR(WriteTalents());
    HUICAI_RETURN_IF_ERROR(WriteQuarantine());
    HUICAI_RETURN_IF_ERROR(WriteChanges());
    return result_;
  }

 private:
  const std::string& PartnerOf(const Record& r) const {
    return r.partner.empty() ? batch_.partner : r.partner;
  }

  void NoteChange(std::string_view entity, std::int64_t id, std::string_view op) {
    std::string key = std::string(entity) + '\x1f' + std::to_string(id);
    if (!changed_.insert(std::move(key)).second) return;
    changes_.push_back({T(entity), I(id), T(op), T(now_)});
  }

  // Looks up the batch's persons (see LinkedRecord for the keys), merges the records' persons
  // in order (fill-only), inserts the new ones and updates the filled ones.
  Status ResolvePersons() {
    std::vector<Value> numbers, passports, ids, founders;
    std::unordered_set<std::string> asked;
    for (const LinkedRecord& lr : batch_.records) {
      if (lr.deleted) continue;
      std::string key = PersonKey(lr);
      if (asked.contains(key)) continue;
      switch (key[0]) {
        case 'i':
          numbers.push_back(T(lr.person.id_number));
          break;
        case 'p':
          passports.push_back(T(lr.person.passport));
          break;
        case '#':
          ids.push_back(I(lr.person.id));
          break;
        default:
          founders.push_back(T(lr.founder));
          break;
      }
      asked.insert(std::move(key));
    }
    // A stored person may answer to several keys (an ID number and a passport): one state.
    std::unordered_map<PersonId, size_t> by_id;
    auto remember = [&](const Row& r, const std::string& key) -> Status {
      if (!asked.contains(key) || person_index_.contains(key)) return Status::Ok();
      HUICAI_ASSIGN_OR_RETURN(Person p, PersonFromRow(r));
      auto [it, added] = by_id.try_emplace(p.id, persons_.size());
      if (added) persons_.push_back({std::move(p), false, false, {}});
      person_index_[key] = it->second;
      return Status::Ok();
    };
    const std::string select = std::string("SELECT ") + kPersonColumns + ", founder FROM person ";
    HUICAI_RETURN_IF_ERROR(QueryIn(conn_, dialect_, select + "WHERE id_number IN", {}, numbers,
                                   " ORDER BY id",
                                   [&](const Row& r) { return remember(r, "i" + Text(r[1])); }));
    HUICAI_RETURN_IF_ERROR(
        QueryIn(conn_, dialect_, select + "WHERE passport IN", {}, passports, " ORDER BY id",
                [&](const Row& r) { return remember(r, "p" + Text(r[6]) + '\x1f' + Text(r[7])); }));
    HUICAI_RETURN_IF_ERROR(QueryIn(conn_, dialect_, select + "WHERE id IN", {}, ids, " ORDER BY id",
                                   [&](const Row& r) { return remember(r, "#" + Text(r[0])); }));
    HUICAI_RETURN_IF_ERROR(QueryIn(conn_, dialect_, select + "WHERE founder IN", {}, founders,
                                   " ORDER BY id",
                                   [&](const Row& r) { return remember(r, "f" + Text(r[9])); }));
    HUICAI_RETURN_IF_ERROR(Adopt(select, by_id));
    for (const LinkedRecord& lr : batch_.records) {
      if (lr.deleted) continue;
      const std::string key = PersonKey(lr);
      auto it = person_index_.find(key);
      if (it == person_index_.end()) {
        if (key[0] == '#') {
          return Status::NotFound("sync batch: record " + lr.record.source_key +
                                  " is linked to person " + std::to_string(lr.person.id) +
                                  ", which does not exist");
        }
        person_index_[key] = persons_.size();
        PersonState st{lr.person, true, true, {}};
        st.person.id = 0;
        st.founder = key[0] == 'i'   ? std::string()
                     : key[0] == 'p' ? PassportFounder(lr)
                                     : lr.founder;
        persons_.push_back(std::move(st));
        continue;
      }
      PersonState& st = persons_[it->second];
      result_.conflicts += MergePerson(st.person, lr.person, &st.changed);
    }
    std::vector<std::vector<Value>> inserts, updates;
    std::vector<Value> new_numbers, new_founders;
    for (const PersonState& st : persons_) {
      const Person& p = st.person;
      if (st.is_new) {
        inserts.push_back({TextOrNull(p.id_number), TextOrNull(st.founder), T(p.name),
                           I(static_cast<int>(p.gender)), DateOrNull(p.birth_date),
                           T(p.region_code), T(p.nationality), T(p.passport), T(p.mobile),
                           T(now_)});
        if (st.founder.empty()) {
          new_numbers.push_back(T(p.id_number));
        } else {
          new_founders.push_back(T(st.founder));
        }
      } else if (st.changed) {
        updates.push_back({TextOrNull(p.id_number), T(p.name), I(static_cast<int>(p.gender)),
                           DateOrNull(p.birth_date), T(p.region_code), T(p.nationality),
                           T(p.passport), T(p.mobile), T(now_), I(p.id)});
      }
    }
    HUICAI_RETURN_IF_ERROR(BulkInsert(conn_, dialect_,
                                      "INSERT INTO person (id_number, founder, name, gender, "
                                      "birth_date, region_code, nationality, passport, mobile, "
                                      "updated_at)",
                                      "tttittttt"
                                      "t",
                                      "", inserts));
    static constexpr std::string_view kPersonSet[] = {"id_number",  "name",        "gender",
                                                      "birth_date", "region_code", "nationality",
                                                      "passport",   "mobile",      "updated_at"};
    HUICAI_RETURN_IF_ERROR(BulkUpdate(conn_, dialect_, "person", kPersonSet, "ttitttttt", updates));
    std::unordered_map<std::string, size_t> new_index;  // id_number or founder -> persons_
    for (size_t i = 0; i < persons_.size(); ++i) {
      if (!persons_[i].is_new) continue;
      new_index[persons_[i].founder.empty() ? persons_[i].person.id_number : persons_[i].founder] =
          i;
    }
    auto assign = [&](const Row& r) -> Status {
      HUICAI_ASSIGN_OR_RETURN(PersonId id, Int(r[0], "id"));
      persons_[new_index.at(Text(r[1]))].person.id = id;
      return Status::Ok();
    };
    HUICAI_RETURN_IF_ERROR(QueryIn(conn_, dialect_,
                                   "SELECT id, id_number FROM person WHERE id_number IN", {},
                                   new_numbers, "", assign));
    HUICAI_RETURN_IF_ERROR(QueryIn(conn_, dialect_,
                                   "SELECT id, founder FROM person WHERE founder IN", {},
                                   new_founders, "", assign));
    for (const PersonState& st : persons_) {
      if (st.person.id == 0) {
        return Status::Internal("sync batch: a new person was inserted but not found again");
      }
      if (st.changed) NoteChange("person", st.person.id, "upsert");
    }
    return Status::Ok();
  }

  // Records whose ID number is not stored and that name a person to adopt it (LinkedRecord::
  // adopt): that person, still without ID number, takes the number.
  Status Adopt(const std::string& select, std::unordered_map<PersonId, size_t>& by_id) {
    std::vector<Value> ids;
    std::unordered_map<PersonId, std::string> wanted;  // person -> ID number
    for (const LinkedRecord& lr : batch_.records) {
      if (lr.deleted || lr.adopt == 0 || lr.person.id_number.empty()) continue;
      if (person_index_.contains(PersonKey(lr))) continue;
      if (wanted.try_emplace(lr.adopt, lr.person.id_number).second) ids.push_back(I(lr.adopt));
    }
    return QueryIn(conn_, dialect_, select + "WHERE id_number IS NULL AND id IN", {}, ids,
                   " ORDER BY id", [&](const Row& r) -> Status {
                     HUICAI_ASSIGN_OR_RETURN(Person p, PersonFromRow(r));
                     const std::string key = "i" + wanted.at(p.id);
                     if (person_index_.contains(key) || by_id.contains(p.id)) return Status::Ok();
                     p.id_number = wanted.at(p.id);
                     by_id[p.id] = persons_.size();
                     person_index_[key] = persons_.size();
                     persons_.push_back({std::move(p), false, true, {}});
                     return Status::Ok();
                   });
  }

  // The id of the person a live record of the batch resolved to.
  PersonId PersonOf(const LinkedRecord& lr) const {
    return persons_[person_index_.at(PersonKey(lr))].person.id;
  }

  // Looks up the stored partner records of the batch's keys.
  Status LoadRecords() {
    std::unordered_map<std::string, std::vector<Value>> by_kind;  // partner\x1fkind
    std::vector<std::pair<std::string, std::string>> groups;
    for (const LinkedRecord& lr : batch_.records) {
      const std::string& partner = PartnerOf(lr.record);
      std::string key = RecordKey(partner, lr.record.kind, lr.record.source_key);
      if (records_.contains(key)) continue;
      RecordState st;
      st.partner = partner;
      st.kind = lr.record.kind;
      st.source_key = lr.record.source_key;
      records_.emplace(std::move(key), std::move(st));
      std::string group = partner + '\x1f' + lr.record.kind;
      auto [it, added] = by_kind.try_emplace(group);
      if (added) groups.emplace_back(partner, lr.record.kind);
      it->second.push_back(T(lr.record.source_key));
    }
    for (const auto& [partner, kind] : groups) {
      HUICAI_RETURN_IF_ERROR(
          QueryIn(conn_, dialect_,
                  "SELECT id, source_key, fingerprint, person_id FROM partner_record "
                  "WHERE partner = ? AND kind = ? AND source_key IN",
                  {T(partner), T(kind)}, by_kind.at(partner + '\x1f' + kind), "",
                  [&](const Row& r) -> Status {
                    RecordState& st = records_.at(RecordKey(partner, kind, Text(r[1])));
                    HUICAI_ASSIGN_OR_RETURN(st.db_id, Int(r[0], "id"));
                    st.present = true;
                    st.fingerprint = Text(r[2]);
                    if (r[3].has_value()) {
                      HUICAI_ASSIGN_OR_RETURN(st.person_id, Int(r[3], "person_id"));
                    }
                    return Status::Ok();
                  }));
    }
    return Status::Ok();
  }

  TalentState& TalentOf(PersonId id) {
    auto [it, added] = talents_.try_emplace(id);
    if (added) talent_order_.push_back(id);
    return it->second;
  }

  // Applies the records in order, in memory.
  void ApplyRecords() {
    result_.person_ids.assign(batch_.records.size(), 0);
    for (size_t i = 0; i < batch_.records.size(); ++i) {
      const LinkedRecord& lr = batch_.records[i];
      const Record& rec = lr.record;
      RecordState& st = records_.at(RecordKey(PartnerOf(rec), rec.kind, rec.source_key));
      if (lr.deleted) {
        if (!st.present) continue;  // never stored, or already gone: a no-op
        ++result_.deleted;
        st.present = false;
        st.dirty = true;
        if (st.person_id != 0) {
          NoteChange("person", st.person_id, "upsert");
          if (rec.kind == "talent") TalentOf(st.person_id).wanted.reset();
        }
        continue;
      }
      const PersonId person_id = PersonOf(lr);
      result_.person_ids[i] = person_id;
      if (!st.present) {
        ++result_.inserted;
      } else if (st.fingerprint == lr.fingerprint && st.person_id == person_id) {
        ++result_.unchanged;
      } else {
        ++result_.updated;
      }
      if (!st.present || st.fingerprint != lr.fingerprint || st.person_id != person_id) {
        // A bank card account is a number the person is looked up by (the search index keeps a
        // keyed hash of it): a new or changed one changes what the person is found by.
        if (rec.kind == "card_account" && person_id != 0) {
          NoteChange("person", person_id, "upsert");
        }
        st.present = true;
        st.dirty = true;
        st.fingerprint = lr.fingerprint;
        st.person_id = person_id;
        st.source = &lr;
      }
      if (lr.talent.has_value()) {
        Talent t = *lr.talent;
        t.person_id = person_id;
        if (t.name.empty()) t.name = lr.person.name;
        TalentOf(person_id).wanted = std::move(t);
      }
    }
  }

  Status WriteRecords() {
    std::vector<std::vector<Value>> deletes, updates, inserts;
    // Batch order keeps the ids of new rows in the partner's order.
    std::unordered_set<const RecordState*> done;
    for (const LinkedRecord& lr : batch_.records) {
      const Record& rec = lr.record;
      const RecordState& st = records_.at(RecordKey(PartnerOf(rec), rec.kind, rec.source_key));
      if (!st.dirty || !done.insert(&st).second) continue;
      if (st.db_id != 0 && !st.present) {
        deletes.push_back({I(st.db_id)});
      } else if (st.present) {
        const Record& src = st.source->record;
        if (st.db_id != 0) {
          updates.push_back({I(st.person_id), T(internal::EncodeMap(src.fields)), T(st.fingerprint),
                             T(src.watermark), T(now_), T(st.source->link_method),
                             D(st.source->link_probability), T(st.source->link_evidence),
                             I(st.db_id)});
        } else {
          inserts.push_back({T(st.partner), T(st.kind), T(st.source_key), I(st.person_id),
                             T(internal::EncodeMap(src.fields)), T(st.fingerprint),
                             T(src.watermark), T(now_), T(st.source->link_method),
                             D(st.source->link_probability), T(st.source->link_evidence)});
        }
      }
    }
    HUICAI_RETURN_IF_ERROR(
        conn_.ExecuteBatch("DELETE FROM partner_record WHERE id = ?", deletes).status());
    static constexpr std::string_view kRecordSet[] = {
        "person_id", "fields",      "fingerprint",      "watermark",
        "synced_at", "link_method", "link_probability", "link_evidence"};
    HUICAI_RETURN_IF_ERROR(BulkUpdate(conn_, dialect_, "partner_record", kRecordSet,
                                      "ittttt"
                                      "dt",
                                      updates));
    return BulkInsert(conn_, dialect_,
                      "INSERT INTO partner_record (partner, kind, source_key, person_id, fields, "
                      "fingerprint, watermark, synced_at, link_method, link_probability, "
                      "link_evidence)",
                      "tttitttttdt", "", inserts);
  }

  Status WriteTalents() {
    if (talent_order_.empty()) return Status::Ok();
    std::vector<Value> ids;
    ids.reserve(talent_order_.size());
    for (PersonId id : talent_order_) ids.push_back(I(id));
    HUICAI_RETURN_IF_ERROR(
        QueryIn(conn_, dialect_,
                std::string("SELECT ") + kTalentColumns + " FROM talent WHERE person_id IN", {},
                ids, "", [&](const Row& r) -> Status {
                  HUICAI_ASSIGN_OR_RETURN(Talent t, TalentFromRow(r));
                  talents_.at(t.person_id).stored = std::move(t);
                  return Status::Ok();
                }));
    std::vector<std::vector<Value>> upserts, deletes;
    for (PersonId id : talent_order_) {
      const TalentState& st = talents_.at(id);
      if (st.wanted) {
        if (st.stored && SameTalent(*st.stored, *st.wanted)) continue;
        upserts.push_back(TalentValues(*st.wanted, now_));
        NoteChange("talent", id, "upsert");
      } else if (st.stored) {
        deletes.push_back({I(id)});
        NoteChange("talent", id, "delete");
      }
    }
    HUICAI_RETURN_IF_ERROR(
        conn_.ExecuteBatch("DELETE FROM talent WHERE person_id = ?", deletes).status());
    return BulkInsert(conn_, dialect_, kTalentInsertHead, "itittttttttiiit", kTalentUpsertTail,
                      upserts);
  }

  // Inserts the rejections not quarantined before (same partner, source_key and reason).
  Status WriteQuarantine() {
    std::unordered_map<std::string, std::vector<std::string>> keys_by_partner;
    std::vector<std::string> partners;
    for (const Rejection& rej : batch_.rejections) {
      const std::string& partner = rej.partner.empty() ? batch_.partner : rej.partner;
      auto [it, added] = keys_by_partner.try_emplace(partner);
      if (added) partners.push_back(partner);
      it->second.push_back(rej.source_key);
    }
    std::unordered_set<std::string> seen;  // partner\x1fsource_key\x1freason
    for (const std::string& partner : partners) {
      auto& names = keys_by_partner.at(partner);
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
      std::vector<Value> keys;
      keys.reserve(names.size());
      for (const std::string& k : names) keys.push_back(T(k));
      HUICAI_RETURN_IF_ERROR(QueryIn(
          conn_, dialect_,
          "SELECT source_key, reason_code FROM quarantine WHERE partner = ? AND source_key IN",
          {T(partner)}, keys, "", [&](const Row& r) -> Status {
            seen.insert(RecordKey(partner, Text(r[0]), Text(r[1])));
            return Status::Ok();
          }));
    }
    std::vector<std::vector<Value>> inserts;
    for (const Rejection& rej : batch_.rejections) {
      const std::string& partner = rej.partner.empty() ? batch_.partner : rej.partner;
      if (!seen.insert(RecordKey(partner, rej.source_key, rej.reason_code)).second) continue;
      inserts.push_back({T(partner), T(rej.source_key), T(rej.reason_code), T(rej.message),
                         T(internal::EncodeMap(rej.raw)), T(now_)});
    }
    result_.quarantined = static_cast<int>(inserts.size());
    return BulkInsert(conn_, dialect_,
                      "INSERT INTO quarantine (partner, source_key, reason_code, message, raw, "
                      "created_at)",
                      "tttttt", " ON CONFLICT (partner, source_key, reason_code) DO NOTHING",
                      inserts);
  }

  Status WriteChanges() {
    return BulkInsert(conn_, dialect_, "INSERT INTO change_log (entity, entity_id, op, created_at)",
                      "titt", "", changes_);
  }

  odbc::Connection& conn_;
  internal::SqlDialect dialect_;
  const SyncBatch& batch_;
  std::string now_;
  SyncBatchResult result_;
  std::unordered_map<std::string, size_t> person_index_;  // id_number -> persons_
  std::vector<PersonState> persons_;
  std::unordered_map<std::string, RecordState> records_;  // RecordKey -> state
  std::unordered_map<PersonId, TalentState> talents_;
  std::vector<PersonId> talent_order_;
  std::unordered_set<std::string> changed_;  // entity\x1fid already in changes_
  std::vector<std::vector<Value>> changes_;
};

}  // namespace

Result<std::vector<Person>> Store::FindLinkCandidates(std::span<const Date> birth_dates,
                                                      std::span<const std::string> names,
                                                      bool without_id_only, size_t limit) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  std::vector<Value> dates, texts;
  for (const Date& d : birth_dates) dates.push_back(T(FormatDate(d)));
  for (const std::string& n : names) {
    if (!n.empty()) texts.push_back(T(n));
  }
  std::map<PersonId, Person> by_date, by_name;
  auto keep_in = [](std::map<PersonId, Person>& into) {
    return [&into](const Row& r) -> Status {
      HUICAI_ASSIGN_OR_RETURN(Person p, PersonFromRow(r));
      into.emplace(p.id, std::move(p));
      return Status::Ok();
    };
  };
  const std::string select = std::string("SELECT ") + kPersonColumns + " FROM person WHERE " +
                             (without_id_only ? "id_number IS NULL AND " : "");
  HUICAI_RETURN_IF_ERROR(QueryIn(impl_->conn, impl_->dialect, select + "birth_date IN", {}, dates,
                                 "", keep_in(by_date)));
  HUICAI_RETURN_IF_ERROR(
      QueryIn(impl_->conn, impl_->dialect, select + "name IN", {}, texts, "", keep_in(by_name)));
  // Everyone born on one of the days (the strong key, a handful per day); namesakes with
  // other birth dates only up to the limit (a common name may have thousands).
  std::vector<Person> out;
  out.reserve(by_date.size());
  for (auto& [id, p] : by_date) out.push_back(std::move(p));
  for (auto& [id, p] : by_name) {
    if (out.size() >= limit) break;
    if (!by_date.contains(id)) out.push_back(std::move(p));
  }
  return out;
}

namespace {

constexpr const char* kSyncRunColumns =
    "id, partner, status, started_at, finished_at, checkpoint_from, checkpoint_to, batches, "
    "rows_read, inserted, updated, unchanged, quarantined, deleted, message";

Result<SyncRun> SyncRunFromRow(const Row& r) {
  SyncRun run;
  HUICAI_ASSIGN_OR_RETURN(run.id, Int(r[0], "id"));
  run.partner = Text(r[1]);
  run.status = Text(r[2]);
  run.started_at = Text(r[3]);
  run.finished_at = Text(r[4]);
  run.checkpoint_from = Text(r[5]);
  run.checkpoint_to = Text(r[6]);
  std::int64_t* counts[] = {&run.batches,   &run.rows_read,   &run.inserted, &run.updated,
                            &run.unchanged, &run.quarantined, &run.deleted};
  for (size_t i = 0; i < std::size(counts); ++i) {
    HUICAI_ASSIGN_OR_RETURN(*counts[i], Int(r[7 + i], "count"));
  }
  run.message = Text(r[14]);
  return run;
}

}  // namespace

Result<std::pair<std::int64_t, std::vector<SyncRun>>> Store::BeginSyncRun(
    std::string_view partner, std::string_view checkpoint_from) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  std::vector<SyncRun> interrupted;
  HUICAI_ASSIGN_OR_RETURN(
      auto rows, impl_->Query(std::string("SELECT ") + kSyncRunColumns +
                                  " FROM sync_run WHERE partner = ? AND status = 'running' "
                                  "ORDER BY id",
                              {T(partner)}));
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(SyncRun run, SyncRunFromRow(r));
    run.status = "interrupted";
    interrupted.push_back(std::move(run));
  }
  HUICAI_RETURN_IF_ERROR(
      impl_
          ->Exec("UPDATE sync_run SET status = 'interrupted' WHERE partner = ? AND "
                 "status = 'running'",
                 {T(partner)})
          .status());
  HUICAI_RETURN_IF_ERROR(
      impl_
          ->Exec("INSERT INTO sync_run (partner, status, started_at, "
                 "checkpoint_from, checkpoint_to) VALUES (?, 'running', ?, ?, ?)",
                 {T(partner), T(internal::NowUtc()), T(checkpoint_from), T(checkpoint_from)})
          .status());
  HUICAI_ASSIGN_OR_RETURN(
      auto id_rows, impl_->Query("SELECT MAX(id) FROM sync_run WHERE partner = ?", {T(partner)}));
  HUICAI_ASSIGN_OR_RETURN(std::int64_t id, Int(id_rows.at(0)[0], "id"));
  HUICAI_RETURN_IF_ERROR(txn.Commit());
  return std::make_pair(id, std::move(interrupted));
}

Status Store::FinishSyncRun(std::int64_t id, std::string_view status, std::string_view message) {
  if (status != "finished" && status != "failed") {
    return Status::InvalidArgument("a sync run finishes as \"finished\" or \"failed\", not \"" +
                                   std::string(status) + "\"");
  }
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_RETURN_IF_ERROR(
      impl_
          ->Exec("UPDATE sync_run SET status = ?, finished_at = ?, message = ? WHERE id = ?",
                 {T(status), T(internal::NowUtc()), T(message), I(id)})
          .status());
  return txn.Commit();
}

Result<std::vector<SyncRun>> Store::ListSyncRuns(std::string_view partner, size_t limit) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  std::string sql = std::string("SELECT ") + kSyncRunColumns + " FROM sync_run";
  std::vector<Value> params;
  if (!partner.empty()) {
    sql += " WHERE partner = ?";
    params.push_back(T(partner));
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.push_back(I(static_cast<std::int64_t>(limit)));
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(sql, params));
  std::vector<SyncRun> out;
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(SyncRun run, SyncRunFromRow(r));
    out.push_back(std::move(run));
  }
  return out;
}

Result<std::int64_t> Store::CountPersons(bool without_id_only) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(
      auto rows,
      impl_->Query(without_id_only ? "SELECT COUNT(*) FROM person WHERE id_number IS NULL"
                                   : "SELECT COUNT(*) FROM person",
                   {}));
  return Int(rows.at(0)[0], "count");
}

Result<SyncBatchResult> Store::ApplySyncBatch(const SyncBatch& batch) {
  for (size_t i = 0; i < batch.records.size(); ++i) {
    const LinkedRecord& lr = batch.records[i];
    if (lr.record.source_key.empty() || (batch.partner.empty() && lr.record.partner.empty())) {
      return Status::InvalidArgument("sync batch: record " + std::to_string(i) +
                                     " has no partner or source_key");
    }
    if (!lr.deleted && PersonKey(lr) == "f") {
      return Status::InvalidArgument(
          "sync batch: record " + std::to_string(i) + " (" + lr.record.source_key +
          ") names no person (no id_number, passport with nationality, person id or founder); "
          "link it first or quarantine it");
    }
  }
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  HUICAI_ASSIGN_OR_RETURN(SyncBatchResult result,
                          Applier(impl_->conn, impl_->dialect, batch).Run());
  if (batch.run_id != 0) {
    HUICAI_RETURN_IF_ERROR(
        impl_
            ->Exec("UPDATE sync_run SET batches = batches + 1, rows_read = rows_read + ?, "
                   "inserted = inserted + ?, updated = updated + ?, unchanged = unchanged + ?, "
                   "quarantined = quarantined + ?, deleted = deleted + ?, checkpoint_to = ? "
                   "WHERE id = ?",
                   {I(batch.rows_read), I(result.inserted), I(result.updated), I(result.unchanged),
                    I(result.quarantined), I(result.deleted), T(batch.checkpoint), I(batch.run_id)})
            .status());
  }
  if (!batch.checkpoint.empty()) {
    HUICAI_RETURN_IF_ERROR(
        impl_->SetCheckpointTx(PartnerCheckpoint(batch.partner), batch.checkpoint));
  }
  HUICAI_RETURN_IF_ERROR(txn.Commit());
  // PostgreSQL plans each lookup with the parameters' values and the tables' statistics; while
  // a first load grows partner_record from nothing, stale statistics made it filter a whole
  // partner's rows for every batch of keys (23 s for 1,000 keys at 250,000 rows, 1.6 ms after
  // ANALYZE). Refresh them each time the rows written since the last refresh reach the rows
  // written before it (and at least 5,000): a handful of times per load.
  if (impl_->dialect == internal::SqlDialect::kPostgres) {
    impl_->written_since_analyze += result.inserted + result.updated;
    if (impl_->written_since_analyze >=
        std::max<std::int64_t>(5000, impl_->written_before_analyze)) {
      impl_->written_before_analyze += impl_->written_since_analyze;
      impl_->written_since_analyze = 0;
      // Best effort: the batch is committed; a failed refresh only leaves plans as they were.
      (void)impl_->Exec("ANALYZE person, partner_record", {});
    }
  }
  return result;
}

}  // namespace huicai::store
