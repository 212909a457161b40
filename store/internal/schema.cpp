#include "store/internal/schema.h"

namespace huicai::store::internal {
namespace {

// Version 1: every table of the hub. `write_lock` is the one row every writing transaction
// updates first: it serialises writers (SQLite takes its write lock up front instead of failing
// a read-then-write upgrade; PostgreSQL commits change_log rows in seq order).
const char* const kV1[] = {
    R"sql(CREATE TABLE write_lock (
  id INTEGER PRIMARY KEY,
  n BIGINT NOT NULL))sql",     R"sql(INSERT INTO write_lock (id, n) VALUES (1, 0))sql",
    R"sql(CREATE TABLE person (
  id {ID},
  id_number TEXT UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  gender INTEGER NOT NULL DEFAULT 0,
  birth_date TEXT,
  region_code TEXT NOT NULL DEFAULT '',
  nationality TEXT NOT NULL DEFAULT '',
  passport TEXT NOT NULL DEFAULT '',
  mobile TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL))sql",
    R"sql(CREATE TABLE talent (
  person_id BIGINT PRIMARY KEY REFERENCES person (id),
  name TEXT NOT NULL DEFAULT '',
  tier INTEGER NOT NULL DEFAULT 0,
  card_number TEXT NOT NULL DEFAULT '',
  employer TEXT NOT NULL DEFAULT '',
  employer_credit_code TEXT NOT NULL DEFAULT '',
  disciplines TEXT NOT NULL DEFAULT '[]',
  industries TEXT NOT NULL DEFAULT '[]',
  title TEXT NOT NULL DEFAULT '',
  specialties TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL DEFAULT '',
  days_available INTEGER NOT NULL DEFAULT 0,
  grassroots_days_served INTEGER NOT NULL DEFAULT 0,
  in_programme INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL))sql",
    R"sql(CREATE TABLE need (
  id {ID},
  unit TEXT NOT NULL,
  unit_credit_code TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  disciplines TEXT NOT NULL DEFAULT '[]',
  days INTEGER NOT NULL DEFAULT 0,
  headcount INTEGER NOT NULL DEFAULT 1,
  window_start TEXT NOT NULL,
  window_end TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  updated_at TEXT NOT NULL))sql",
    R"sql(CREATE TABLE proposal (
  need_id BIGINT NOT NULL REFERENCES need (id),
  person_id BIGINT NOT NULL REFERENCES person (id),
  round TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  parts TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'proposed',
  updated_at TEXT NOT NULL,
  PRIMARY KEY (need_id, person_id)))sql",
    R"sql(CREATE TABLE partner_record (
  id {ID},
  partner TEXT NOT NULL,
  kind TEXT NOT NULL,
  source_key TEXT NOT NULL,
  person_id BIGINT REFERENCES person (id),
  fields TEXT NOT NULL,
  fingerprint TEXT NOT NULL CHECK (fingerprint <> ''),
  watermark TEXT NOT NULL DEFAULT '',
  synced_at TEXT NOT NULL,
  UNIQUE (partner, kind, source_key)))sql",
    R"sql(CREATE TABLE quarantine (
  id {ID},
  partner TEXT NOT NULL,
  source_key TEXT NOT NULL,
  reason_code TEXT NOT NULL CHECK (reason_code <> ''),
  message TEXT NOT NULL,
  raw TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (partner, source_key, reason_code)))sql",
    R"sql(CREATE TABLE change_log (
  seq {ID},
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  op TEXT NOT NULL,
  created_at TEXT NOT NULL))sql",
    R"sql(CREATE TABLE checkpoint (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL))sql",
};

// Version 2: indexes for the lookups the hub makes often.
const char* const kV2[] = {
    "CREATE INDEX partner_record_person ON partner_record (person_id)",
    "CREATE INDEX need_status ON need (status)",
    "CREATE INDEX talent_programme ON talent (in_programme)",
    "CREATE INDEX quarantine_partner ON quarantine (partner, reason_code)",
};

// Version 3: persons without an ID number (linked by passport or probabilistically) and how
// each partner record found its person. `founder` names what created an ID-less person
// ("pp:NATIONALITY:PASSPORT", or the first record's key), so a replayed batch finds it again.
const char* const kV3[] = {
    "ALTER TABLE person ADD COLUMN founder TEXT",
    "CREATE UNIQUE INDEX person_founder ON person (founder)",
    "CREATE INDEX person_birth_date ON person (birth_date)",
    "CREATE INDEX person_name ON person (name)",
    "CREATE INDEX person_passport ON person (passport)",
    "ALTER TABLE partner_record ADD COLUMN link_method TEXT NOT NULL DEFAULT 'id'",
    "ALTER TABLE partner_record ADD COLUMN link_probability DOUBLE PRECISION NOT NULL DEFAULT 1",
    "ALTER TABLE partner_record ADD COLUMN link_evidence TEXT NOT NULL DEFAULT ''",
};

// Version 4: one row per sync run of a partner, its counts kept in the transaction of every
// batch, so a run killed midway still says exactly what it committed.
const char* const kV4[] = {
    R"sql(CREATE TABLE sync_run (
  id {ID},
  partner TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  checkpoint_from TEXT NOT NULL DEFAULT '',
  checkpoint_to TEXT NOT NULL DEFAULT '',
  batches BIGINT NOT NULL DEFAULT 0,
  rows_read BIGINT NOT NULL DEFAULT 0,
  inserted BIGINT NOT NULL DEFAULT 0,
  updated BIGINT NOT NULL DEFAULT 0,
  unchanged BIGINT NOT NULL DEFAULT 0,
  quarantined BIGINT NOT NULL DEFAULT 0,
  deleted BIGINT NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT ''))sql",
    "CREATE INDEX sync_run_partner ON sync_run (partner, id)",
};

// Version 5: partial indexes for the persons still without ID number, which every batch of
// keyed records looks among for one to adopt (a handful, against a whole province).
const char* const kV5[] = {
    "CREATE INDEX person_unkeyed_birth_date ON person (birth_date) WHERE id_number IS NULL",
    "CREATE INDEX person_unkeyed_name ON person (name) WHERE id_number IS NULL",
};

// Version 6: the proposal lifecycle (days served when completed, a decline's reason) and the
// report of each matching round as the planner saw it.
const char* const kV6[] = {
    "ALTER TABLE proposal ADD COLUMN days_served INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE proposal ADD COLUMN note TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX proposal_person ON proposal (person_id, status)",
    R"sql(CREATE TABLE match_round (
  id {ID},
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  report TEXT NOT NULL))sql",
};

// Version 7: projects of expert service bases and activities of talent stations are needs of
// another kind, with a host.
const char* const kV7[] = {
    "ALTER TABLE need ADD COLUMN kind TEXT NOT NULL DEFAULT 'need'",
    "ALTER TABLE need ADD COLUMN host TEXT NOT NULL DEFAULT ''",
};

// Version 8: the audit log, a hash chain of every call to the hub (see Store::AppendAudit).
// seq is written by the store (last + 1, under a lock), never by the identity default, so a
// rolled-back append leaves no gap.
const char* const kV8[] = {
    R"sql(CREATE TABLE audit_log (
  seq {ID},
  at TEXT NOT NULL,
  agency TEXT NOT NULL,
  method TEXT NOT NULL,
  subjects TEXT NOT NULL,
  fields TEXT NOT NULL,
  outcome TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL))sql",
    "CREATE INDEX audit_agency ON audit_log (agency, at)",
};

// Version 9: talent cards are looked up by number (verifyCard at departments' windows).
const char* const kV9[] = {
    "CREATE INDEX talent_card ON talent (card_number)",
};

// Version 10: green-channel service requests (并联办理 / 限时办结): a request taken at a window,
// one item per matter routed to a department with its deadline in working days, and every
// step as an event (the talent's service archive). `due` is the promised date after a delay,
// else the deadline, so overdue items are one index range; `last_escalated` ("YYYY-MM-DD" or
// '') lets escalation run once per lapse. ("window" is reserved in PostgreSQL: window_name.)
const char* const kV10[] = {
    R"sql(CREATE TABLE service_request (
  id {ID},
  person_id BIGINT NOT NULL REFERENCES person (id),
  window_name TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  submitted_on TEXT NOT NULL,
  created_at TEXT NOT NULL))sql",
    R"sql(CREATE TABLE service_item (
  id {ID},
  request_id BIGINT NOT NULL REFERENCES service_request (id),
  matter TEXT NOT NULL CHECK (matter <> ''),
  title TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL CHECK (department <> ''),
  status TEXT NOT NULL DEFAULT 'submitted',
  deadline TEXT NOT NULL,
  promised TEXT,
  due TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  done_on TEXT,
  escalations INTEGER NOT NULL DEFAULT 0,
  last_escalated TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  UNIQUE (request_id, matter)))sql",
    R"sql(CREATE TABLE service_event (
  seq {ID},
  request_id BIGINT NOT NULL REFERENCES service_request (id),
  item_id BIGINT NOT NULL DEFAULT 0,
  at TEXT NOT NULL,
  actor TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''))sql",
    "CREATE INDEX service_request_person ON service_request (person_id, id)",
    "CREATE INDEX service_item_request ON service_item (request_id)",
    "CREATE INDEX service_item_due ON service_item (status, due)",
    "CREATE INDEX service_event_request ON service_event (request_id, seq)",
};

// Version 11: policy documents split into articles (core/policy.h). A document is known by the
// hash of its content, so importing the same text twice changes nothing.
const char* const kV11[] = {
    R"sql(CREATE TABLE policy_document (
  id {ID},
  title TEXT NOT NULL CHECK (title <> ''),
  issuer TEXT NOT NULL DEFAULT '',
  doc_number TEXT NOT NULL DEFAULT '',
  issued_on TEXT,
  source TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL UNIQUE,
  imported_at TEXT NOT NULL))sql",
    R"sql(CREATE TABLE policy_article (
  id {ID},
  document_id BIGINT NOT NULL REFERENCES policy_document (id),
  seq INTEGER NOT NULL,
  number TEXT NOT NULL DEFAULT '',
  heading TEXT NOT NULL DEFAULT '',
  part TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  UNIQUE (document_id, seq)))sql",
    "CREATE INDEX policy_document_title ON policy_document (title, doc_number)",
};

// Version 12: talent stations and expert service bases (core Station), known by name within
// their region.
const char* const kV12[] = {
    R"sql(CREATE TABLE station (
  id {ID},
  name TEXT NOT NULL CHECK (name <> ''),
  kind TEXT NOT NULL,
  host_unit TEXT NOT NULL DEFAULT '',
  region_code TEXT NOT NULL,
  type TEXT NOT NULL,
  disciplines TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  UNIQUE (name, region_code)))sql",
};

std::vector<std::vector<std::string>> Build(const char* identity) {
  std::vector<std::vector<std::string>> out;
  auto add = [&](auto& statements) {
    std::vector<std::string> migration;
    for (const char* sql : statements) {
      std::string s = sql;
      for (size_t at = s.find("{ID}"); at != std::string::npos; at = s.find("{ID}")) {
        s.replace(at, 4, identity);
      }
      migration.push_back(std::move(s));
    }
    out.push_back(std::move(migration));
  };
  add(kV1);
  add(kV2);
  add(kV3);
  add(kV4);
  add(kV5);
  add(kV6);
  add(kV7);
  add(kV8);
  add(kV9);
  add(kV10);
  add(kV11);
  add(kV12);
  return out;
}

}  // namespace

const std::vector<std::vector<std::string>>& Migrations(SqlDialect dialect) {
  static const auto sqlite = Build("INTEGER PRIMARY KEY");
  static const auto postgres = Build("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  return dialect == SqlDialect::kSqlite ? sqlite : postgres;
}

}  // namespace huicai::store::internal
