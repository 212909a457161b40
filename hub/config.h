#pragma once
// hub: the hub's configuration (huicai.toml), read once at start-up by the app.
// Thread-safety: plain values.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/mask.h"
#include "core/status.h"
#include "search/index.h"

namespace huicai::hub {

struct MatchSettings {
  size_t candidates = 100;  // experts per need from search (K)
  double weight_text = 0.45;
  double weight_discipline = 0.35;
  double weight_region = 0.20;
  double load_step = 0.15;   // extra cost per further call of one expert in a round
  double pace_bonus = 0.2;   // bonus for programme experts behind the 15-day pace
  double reach_bonus = 0.1;  // further bonus when a need's days bring such an expert to the pace
  int required_days = 15;    // grassroots days a year (000 §12)
  double min_score = 0.05;
  double old_revolutionary_weight = 1.3;
  double underdeveloped_weight = 1.2;
  // Candidates in the need's field come from the need's county, widening to its city and so
  // on up to the first region_digits digits (2 = province) only while fewer than K are there.
  int region_digits = 2;
  bool widen = true;
  double solve_seconds = 20;  // branch and bound budget of a round before it settles for a
                              // plan proven within a stated bound
};

struct SyncSettings {
  int retries = 3;        // further attempts after a partner is unavailable (08xxx, HYT00, ...)
  int backoff_ms = 1000;  // wait before the first retry; doubles on each further one
};

// Probabilistic linkage during sync, for records without an ID number or passport
// (docs/linkage.md): decisions on the posterior match probability against stored persons.
struct LinkSettings {
  double link_probability = 0.9;    // at or above: the record joins the person
  double review_probability = 0.5;  // between the two: the record waits in the review queue
  // Below review_probability for every candidate: the record founds a new person when true,
  // else it waits in quarantine ("no_match") for a person to arrive.
  bool create_persons = true;
};

// Monthly expert allowances paid through the talent-card bank, and who pays them.
struct AllowanceSettings {
  std::int64_t tier_a_fen = 500000;  // per month, 分, by talent tier
  std::int64_t tier_b_fen = 300000;
  std::int64_t tier_c_fen = 200000;
  std::int64_t tier_d_fen = 100000;
  std::string payer_name = "山东省人才发展服务中心";
  std::string payer_account = "37001600000052000001";
  std::string payer_credit_code = "12370000MB1234567N";  // GB 32100 (demo value): set the real one
};

// ---- [service]: green-channel matters (绿色通道) and the working-day calendar their deadlines
// are counted in (docs/services.md).
struct ServiceMatter {
  std::string title;       // e.g. 户籍办理
  std::string department;  // the agency's certificate common name, e.g. "police"
  int days = 5;            // working days from submission to the deadline (限时办结), 1..365
};

struct ServiceSettings {
  std::vector<std::string> holidays;  // "YYYY-MM-DD" days off on weekdays (法定节假日)
  std::vector<std::string> workdays;  // "YYYY-MM-DD" weekend days worked instead (调休)
  std::map<std::string, ServiceMatter> matters;  // [service.matters.KEY], key e.g. "hukou"
};

struct HubConfig {
  std::filesystem::path file;  // where it was read from; empty = defaults
  std::string store_connection = "DRIVER=SQLite3;Database=var/hub.db;Timeout=10000";
  std::filesystem::path partner_mappings;  // folder of partner mapping files
  std::filesystem::path partner_data = "var/partners";
  std::filesystem::path index_dir = "var/index";
  // [search] shards: several Xapian databases searched as one, each a local folder or
  // tcp://HOST:PORT served by xapian-tcpsrv (docs/operations.md); empty: index_dir alone.
  std::vector<search::ShardSpec> index_shards;
  // [search] segmentation: "ngrams" (default) or "words" (ICU dictionary words), for a new or
  // rebuilt index (docs/search.md has the comparison).
  search::Segmentation index_segmentation = search::Segmentation::kNgram;
  // [search] lookup_key: a file holding the secret key of the index's number hashes (exact
  // lookup by ID number, mobile or card). Made (32 random bytes, mode 0600) by the first index
  // run when missing; every process reading the index needs the same file, and a new key needs
  // `huicai index --rebuild`. Keep it out of backups of the index.
  std::filesystem::path lookup_key_file = "var/lookup.key";
  SyncSettings sync;
  LinkSettings link;
  AllowanceSettings allowance;
  MatchSettings match;
  ServiceSettings service;  // [service]
  std::string serve_host = "127.0.0.1";
  int serve_port = 9090;
  int serve_threads = 8;
  // [serve] read_connections: store connections `huicai serve` reads through (ReadPool in
  // hub/serving.h), 1..256.
  int serve_read_connections = 4;
  // Mutual TLS for `huicai serve` ([serve] tls_cert, tls_key, tls_ca, tls_crl, agencies);
  // plain TCP while tls_cert is empty. `huicai certs init` makes development files.
  std::filesystem::path serve_tls_cert, serve_tls_key, serve_tls_ca, serve_tls_crl;
  std::vector<std::string> serve_agencies;  // certificate common names let in (default deny)
  // [access.AGENCY] methods, fields, masked, regions, kinds = [...], rate (requests a second,
  // 0 = no limit), burst: what each agency may call, see and send over mutual TLS
  // (exchange::AgencyRights says what each means); an agency without a section may call nothing.
  struct AccessGrant {
    std::vector<std::string> methods, fields, masked, regions, kinds;
    double rate = 0;
    int burst = 0;
  };
  std::map<std::string, AccessGrant> access;
  MaskPatterns mask;
  bool allow_unmasked =
      false;  // [mask] allow_unmasked: may `person show --unmasked` show IDs whole
  std::string log_level = "warn";
};

// Reads a huicai.toml. Missing keys keep their defaults; relative data paths are resolved against
// `base` (normally the working directory), the mapping folder against the file's own folder. ${VAR}
// in the store connection is expanded from the environment. InvalidArgument: the file does not
// parse or a value has the wrong type (the message names the file, line and key); NotFound: the
// file does not exist.
Result<HubConfig> LoadConfig(const std::filesystem::path& file, const std::filesystem::path& base);

// Defaults with relative paths resolved against `base`.
HubConfig DefaultConfig(const std::filesystem::path& base);

}  // namespace huicai::hub
