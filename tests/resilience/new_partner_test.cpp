// A new partner system (the border inspection's entry-exit records, tests/data/partners/
// customs.toml) joins the hub by its mapping file alone: its rows land linked to the persons
// already known by ID number, and its bad rows go to quarantine with the reason.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "connectors/writer.h"
#include "store/store.h"
#include "tests/resilience/fixtures.h"

namespace fs = std::filesystem;
using namespace huicai;
using namespace huicai::resilience;

namespace {

// Full-width digits (and X) as some partner systems store them.
std::string FullWidth(const std::string& id) {
  std::string out;
  for (char c : id) {
    if (c >= '0' && c <= '9') {
      const unsigned code = 0xFF10u + static_cast<unsigned>(c - '0');
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += c;
    }
  }
  return out;
}

// The same number with a different, wrong check character.
std::string WrongCheck(std::string id) {
  id.back() = id.back() == '0' ? '1' : '0';
  return id;
}

bool HasLongDigitRun(const std::string& text) {
  size_t run = 0;
  for (char c : text) {
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    if (run >= 15) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(new_partner)

BOOST_AUTO_TEST_CASE(
    a_partner_added_by_a_mapping_file_alone_lands_linked_and_quarantines_bad_rows) {
  TempDir dir("huicai-customs");
  const Dataset data = MakeDataset(dir.path(), 60, 100);
  fs::copy_file(fs::path(HUICAI_SOURCE_DIR) / "tests" / "data" / "partners" / "customs.toml",
                data.mappings / "customs.toml");
  HubFiles files;
  files.store_connection = SqliteHub(dir.path() / "hub.db");
  files.mappings = data.mappings;
  files.partner_data = data.partner_data;
  files.index_dir = dir.path() / "index";
  const fs::path config = dir.path() / "huicai.toml";
  WriteHubConfig(config, files);
  const fs::path log = dir.path() / "sync.log";

  // The persons the new partner's rows will name come from the card register.
  const Exit registry = RunHuicai({"-c", config.string(), "sync", "registry"}, {}, log);
  BOOST_TEST_INFO("output:\n" << registry.out);
  BOOST_REQUIRE_EQUAL(registry.code, 0);
  std::vector<Person> persons;
  {
    auto store = store::Store::Open({.connection_string = files.store_connection});
    BOOST_REQUIRE_MESSAGE(store.has_value(), store.status().ToString());
    auto talents = store->ListTalents();
    BOOST_REQUIRE_MESSAGE(talents.has_value(), talents.status().ToString());
    for (const Talent& t : *talents) {
      auto person = store->GetPerson(t.person_id);
      BOOST_REQUIRE(person.has_value());
      // Resident ID numbers only: full-width and check-character cases need digits.
      if (person->id_number.size() == 18 && person->id_number[0] != '9') {
        persons.push_back(*person);
      }
      if (persons.size() == 12) break;
    }
  }
  BOOST_REQUIRE_EQUAL(persons.size(), 12u);

  // The partner's table: two crossings per person (out and back), then five bad rows.
  RowTable table;
  table.name = "CRJ_JL";
  table.columns = {"CRJ_JLBH", "ZJHM", "XM", "CRJBS", "CRJRQ", "KADM", "GJDQ", "RKSJ"};
  table.column_types = {"text", "text", "text", "text", "text", "text", "text", "integer"};
  long watermark = 1735660800;  // 2025-01-01 00:00 +08
  int serial = 0;
  auto add = [&](std::optional<std::string> id, const std::string& name,
                 const std::string& dir_flag, const std::string& date, const std::string& port) {
    char key[32];
    std::snprintf(key, sizeof key, "CRJ2025%06d", ++serial);
    // Two rows share each watermark: the resume must go by (watermark, key).
    watermark += serial % 2;
    table.rows.push_back({std::string(key), std::move(id), name, dir_flag, date, port, "KOR",
                          std::to_string(watermark)});
  };
  for (size_t i = 0; i < persons.size(); ++i) {
    const std::string id = i == 0 ? FullWidth(persons[i].id_number) : persons[i].id_number;
    add(id, persons[i].name, "1", "2025.3." + std::to_string(i + 1), i % 2 ? "tao" : "JNA");
    add(id, persons[i].name, "2", "2025.4." + std::to_string(i + 1), "QDG");
  }
  add(WrongCheck(persons[0].id_number), persons[0].name, "1", "2025.5.1", "JNA");  // bad_id_check
  add(persons[1].id_number, persons[1].name, "1", "2025.2.30", "JNA");             // bad_date
  add(persons[2].id_number, persons[2].name, "9", "2025.5.2", "JNA");              // bad_code
  add(persons[3].id_number, persons[3].name, "2", "2025.5.3", "PEK");              // bad_code
  add(std::nullopt, persons[4].name, "2", "2025.5.4", "RZG");                      // missing
  const Status written = connectors::WriteTable(
      "DRIVER=SQLite3;Database=" + (data.partner_data / "customs.db").string(), table);
  BOOST_REQUIRE_MESSAGE(written.ok(), written.ToString());

  const Exit synced = RunHuicai({"-c", config.string(), "sync", "customs", "--json"}, {}, log);
  BOOST_TEST_INFO("output:\n" << synced.out);
  BOOST_REQUIRE_EQUAL(synced.code, 0);
  BOOST_TEST(synced.out.find("\"partner\": \"customs\"") != std::string::npos);
  BOOST_TEST(synced.out.find("\"inserted\": 24") != std::string::npos);
  BOOST_TEST(synced.out.find("\"quarantined\": 5") != std::string::npos);
  BOOST_TEST(!HasLongDigitRun(synced.out), "an ID number shown unmasked");

  auto store = store::Store::Open({.connection_string = files.store_connection});
  BOOST_REQUIRE_MESSAGE(store.has_value(), store.status().ToString());
  auto count = store->CountPartnerRecords("customs");
  BOOST_REQUIRE(count.has_value());
  BOOST_TEST(*count == 24);
  auto reasons = store->QuarantineCountsByReason("customs");
  BOOST_REQUIRE(reasons.has_value());
  const std::map<std::string, std::int64_t> expected_reasons = {
      {"bad_code", 2}, {"bad_date", 1}, {"bad_id_check", 1}, {"missing_field", 1}};
  BOOST_TEST(*reasons == expected_reasons);
  auto quarantined = store->ListQuarantine("customs", 100);
  BOOST_REQUIRE(quarantined.has_value());
  for (const auto& entry : *quarantined) {
    BOOST_TEST(!entry.rejection.message.empty());
    BOOST_TEST(!HasLongDigitRun(entry.rejection.message),
               "quarantine message shows an ID number: " << entry.rejection.message);
  }

  // Each person now carries the crossings, fields as mapped (codes looked up, dates in ISO);
  // the full-width ID number linked to the same person after normalisation.
  for (size_t i = 0; i < persons.size(); ++i) {
    BOOST_TEST_CONTEXT("person " << i) {
      auto found = store->FindPersonByIdNumber(persons[i].id_number);
      BOOST_REQUIRE(found.has_value());
      BOOST_TEST(found->id == persons[i].id);
      auto records = store->ListPartnerRecords(persons[i].id);
      BOOST_REQUIRE(records.has_value());
      std::map<std::string, std::map<std::string, std::string>> crossings;  // direction -> fields
      for (const auto& r : *records) {
        if (r.partner == "customs") crossings[r.fields.at("direction")] = r.fields;
      }
      BOOST_REQUIRE_EQUAL(crossings.size(), 2u);
      BOOST_TEST(crossings["exit"]["crossed_on"] ==
                 "2025-03-" + std::string(i + 1 < 10 ? "0" : "") + std::to_string(i + 1));
      BOOST_TEST(crossings["exit"]["port"] == (i % 2 ? "青岛胶东国际机场" : "济南遥墙国际机场"));
      BOOST_TEST(crossings["entry"]["port"] == "青岛港");
      BOOST_TEST(crossings["entry"]["country"] == "KOR");
      BOOST_TEST(crossings["entry"]["id_number"] == persons[i].id_number);
    }
  }

  // Synced again: nothing new, nothing doubled; a full sync runs the new partner with the others.
  const Exit again = RunHuicai({"-c", config.string(), "sync", "--json"}, {}, log);
  BOOST_TEST_INFO("output:\n" << again.out);
  BOOST_REQUIRE_EQUAL(again.code, 0);
  BOOST_TEST(again.out.find("\"partner\": \"customs\"") != std::string::npos);
  auto after = store->CountPartnerRecords("customs");
  BOOST_REQUIRE(after.has_value());
  BOOST_TEST(*after == 24);
  auto reasons_after = store->QuarantineCountsByReason("customs");
  BOOST_REQUIRE(reasons_after.has_value());
  BOOST_TEST(*reasons_after == expected_reasons);
  CheckGoldTruth(files.store_connection, data.gold);  // the six shipped partners, untouched
}

BOOST_AUTO_TEST_SUITE_END()
