#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <optional>

#include "connectors/partner.h"
#include "connectors/writer.h"
#include "tests/connectors/fixtures.h"

namespace hc = huicai::connectors;
using hc::testing::TempDir;
using hc::testing::WithCheckChar;
using hc::testing::WithWrongCheckChar;
using huicai::Record;
using huicai::Rejection;
using huicai::RowTable;
using huicai::Status;
using huicai::StatusCode;
using Cell = std::optional<std::string>;

namespace {

const std::string kHostile = "王伟'); DROP TABLE person;--";

struct ReadAll {
  std::vector<Record> records;
  std::vector<Rejection> rejections;
  std::vector<hc::Checkpoint> checkpoints;  // after each batch
  std::vector<std::string> order;           // source keys of records and rejections, in order
};

// Reads everything after `from`, collecting every batch.
Status Read(const hc::PartnerConfig& config, const hc::Checkpoint& from, ReadAll& out) {
  return hc::ReadPartner(config, from, [&](hc::MappedBatch&& batch) {
    BOOST_TEST(batch.records.size() + batch.rejections.size() <= config.batch_rows);
    for (auto& r : batch.records) {
      out.order.push_back(r.source_key);
      out.records.push_back(std::move(r));
    }
    for (auto& r : batch.rejections) {
      out.order.push_back(r.source_key);
      out.rejections.push_back(std::move(r));
    }
    out.checkpoints.push_back(batch.last);
    return Status::Ok();
  });
}

hc::FieldMapping Field(std::string target, std::string column, std::vector<std::string> transforms,
                       std::vector<std::string> checks, bool required = false) {
  return hc::FieldMapping{std::move(target), std::move(column), std::move(transforms),
                          std::move(checks), required};
}

// A police-like partner with a unit column, written to `dir`/police.db.
hc::PartnerConfig PoliceConfig(const TempDir& dir) {
  hc::PartnerConfig config;
  config.name = "police";
  config.kind = "identity";
  config.connection = dir.Connection("police.db");
  config.table = "RK_PERSON";
  config.key_columns = {"RYBH"};
  config.key_types = {"text"};
  config.watermark_column = "UPDATE_SEQ";
  config.watermark_type = "integer";
  config.batch_rows = 3;
  config.fields = {
      Field("id_number", "GMSFHM", {"halfwidth", "upper"}, {"id_number"}, true),
      Field("name", "XM", {}, {"name"}, true),
      Field("birth_date", "CSRQ", {"halfwidth", "date:slash"}, {}),
      Field("unit", "DWMC", {}, {}),
  };
  return config;
}

const Record* FindRecord(const ReadAll& all, const std::string& key) {
  for (const auto& r : all.records) {
    if (r.source_key == key) return &r;
  }
  return nullptr;
}

const Rejection* FindRejection(const ReadAll& all, const std::string& key) {
  for (const auto& r : all.rejections) {
    if (r.source_key == key) return &r;
  }
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reading)

BOOST_AUTO_TEST_CASE(dirty_rows_become_records_or_rejections_never_lost) {
  TempDir dir;
  const std::string id1 = WithCheckChar("37010219800105123");
  const std::string id5 = WithCheckChar("37010219750312002");
  std::string id5_fullwidth;  // full-width digits, lowercase x stays ASCII
  for (char c : id5) {
    if (c >= '0' && c <= '9') {
      id5_fullwidth += "\xEF\xBC";
      id5_fullwidth += static_cast<char>(0x90 + (c - '0'));
    } else {
      id5_fullwidth += static_cast<char>(c == 'X' ? 'x' : c);
    }
  }
  RowTable table{
      "RK_PERSON",
      {"RYBH", "GMSFHM", "XM", "CSRQ", "DWMC", "UPDATE_SEQ"},
      {"text", "text", "text", "text", "text", "integer"},
      {
          {"P001", id1, "张三", "1980/1/5", "济南市农科院", "1"},
          {"P002", WithWrongCheckChar("37010219800105123"), "李明", "1980/1/5", Cell{}, "1"},
          {"P003", id1, "王芳", "1980/2/30", Cell{}, "2"},
          {"P004", id1, "赵六", "1980/1/5", Cell{}, "2"},
          {"P004", id1, "赵六", "1980/1/5", Cell{}, "2"},  // exact duplicate
          {"P005", id5_fullwidth, "孙七", "1975/3/12", Cell{}, "3"},
          {"P006", "370102800105123", "周八", "1980/1/5", Cell{}, "3"},  // 15 digits
          {"P007", id1, "\xC2\xA0李四\xE3\x80\x80", "1980/1/5", Cell{}, "3"},
          {"P008", id1, kHostile, "1980/1/5", Cell{}, "4"},
          {"P009", id1, "吴九", "1980/1/5", kHostile, "4"},
          {"P010", id1, Cell{}, "1980/1/5", Cell{}, "4"},
      }};
  BOOST_TEST_REQUIRE(
      hc::WriteTable(dir.Connection("police.db"), RowTable{"person", {"id"}, {"integer"}, {{"1"}}})
          .ok());
  Status written = hc::WriteTable(dir.Connection("police.db"), table);
  BOOST_TEST_REQUIRE(written.ok(), written.ToString());

  ReadAll all;
  Status status = Read(PoliceConfig(dir), {}, all);
  BOOST_TEST_REQUIRE(status.ok(), status.ToString());
  // Ten distinct rows: each exactly once, in watermark then key order.
  const std::vector<std::string> order = {"P001", "P002", "P003", "P004", "P005",
                                          "P006", "P007", "P008", "P009", "P010"};
  BOOST_TEST(all.order.size() == order.size());
  BOOST_TEST(all.records.size() == 6u);
  BOOST_TEST(all.rejections.size() == 4u);

  const Record* p1 = FindRecord(all, "P001");
  BOOST_TEST_REQUIRE(p1 != nullptr);
  BOOST_TEST(p1->partner == "police");
  BOOST_TEST(p1->kind == "identity");
  BOOST_TEST(p1->watermark == "1");
  BOOST_TEST(p1->fields.at("id_number") == id1);
  BOOST_TEST(p1->fields.at("birth_date") == "1980-01-05");
  BOOST_TEST(p1->fields.at("unit") == "济南市农科院");
  BOOST_TEST(FindRecord(all, "P004") != nullptr);
  BOOST_TEST_REQUIRE(FindRecord(all, "P005") != nullptr);
  BOOST_TEST(FindRecord(all, "P005")->fields.at("id_number") == id5);
  BOOST_TEST_REQUIRE(FindRecord(all, "P006") != nullptr);
  BOOST_TEST(FindRecord(all, "P006")->fields.at("id_number") == id1);
  BOOST_TEST_REQUIRE(FindRecord(all, "P007") != nullptr);
  BOOST_TEST(FindRecord(all, "P007")->fields.at("name") == "李四");
  BOOST_TEST_REQUIRE(FindRecord(all, "P009") != nullptr);
  BOOST_TEST(FindRecord(all, "P009")->fields.at("unit") == kHostile);

  const Rejection* p2 = FindRejection(all, "P002");
  BOOST_TEST_REQUIRE(p2 != nullptr);
  BOOST_TEST(p2->reason_code == "bad_id_check");
  BOOST_TEST(p2->partner == "police");
  BOOST_TEST(p2->raw.at("XM") == "李明");
  BOOST_TEST(p2->message.find("GMSFHM") != std::string::npos, p2->message);
  const Rejection* p3 = FindRejection(all, "P003");
  BOOST_TEST_REQUIRE(p3 != nullptr);
  BOOST_TEST(p3->reason_code == "bad_date");
  BOOST_TEST(p3->message.find("CSRQ") != std::string::npos, p3->message);
  const Rejection* p8 = FindRejection(all, "P008");
  BOOST_TEST_REQUIRE(p8 != nullptr);
  BOOST_TEST(p8->reason_code == "bad_name");
  BOOST_TEST(p8->raw.at("XM") == kHostile);
  const Rejection* p10 = FindRejection(all, "P010");
  BOOST_TEST_REQUIRE(p10 != nullptr);
  BOOST_TEST(p10->reason_code == "missing_field");

  // The hostile strings were data: both tables are still there and read the same.
  ReadAll again;
  BOOST_TEST_REQUIRE(Read(PoliceConfig(dir), {}, again).ok());
  BOOST_TEST(again.order == all.order, boost::test_tools::per_element());
  hc::PartnerConfig person = PoliceConfig(dir);
  person.table = "person";
  person.key_columns = {"id"};
  person.watermark_column = "id";
  person.fields = {Field("id", "id", {}, {})};
  ReadAll persons;
  Status person_status = Read(person, {}, persons);
  BOOST_TEST_REQUIRE(person_status.ok(), person_status.ToString());
  BOOST_TEST(persons.records.size() == 1u);
}

BOOST_AUTO_TEST_CASE(exact_duplicate_across_a_batch_boundary_is_read_once) {
  TempDir dir;
  const std::string id = WithCheckChar("37010219800105123");
  // batch_rows is 3: the duplicate of P003 opens the second batch.
  RowTable table{"RK_PERSON",
                 {"RYBH", "GMSFHM", "XM", "CSRQ", "DWMC", "UPDATE_SEQ"},
                 {"text", "text", "text", "text", "text", "integer"},
                 {
                     {"P001", id, "张三", "1980/1/5", Cell{}, "1"},
                     {"P002", id, "李四", "1980/1/5", Cell{}, "2"},
                     {"P003", id, "王五", "1980/1/5", Cell{}, "3"},
                     {"P003", id, "王五", "1980/1/5", Cell{}, "3"},
                     {"P004", id, "赵六", "1980/1/5", Cell{}, "4"},
                     {"P004", id, "赵六", "1980/1/5", "另一个单位", "4"},  // differs: kept
                 }};
  BOOST_TEST_REQUIRE(hc::WriteTable(dir.Connection("police.db"), table).ok());
  std::vector<std::string> order;
  std::int64_t duplicates = 0;
  Status status = hc::ReadPartner(PoliceConfig(dir), {}, [&](hc::MappedBatch&& batch) {
    duplicates += batch.duplicates;
    for (const auto& r : batch.records) order.push_back(r.source_key);
    return Status::Ok();
  });
  BOOST_TEST_REQUIRE(status.ok(), status.ToString());
  const std::vector<std::string> expected = {"P001", "P002", "P003", "P004", "P004"};
  BOOST_TEST(order == expected, boost::test_tools::per_element());
  BOOST_TEST(duplicates == 1);
}

BOOST_AUTO_TEST_CASE(resume_inside_a_shared_watermark_misses_and_repeats_nothing) {
  TempDir dir;
  // Composite key (text, integer) and many rows sharing watermark 100; tax_year 9 < 10 must
  // compare as numbers.
  RowTable table{"tax_income_annual",
                 {"taxpayer_id", "tax_year", "income_yuan", "modified_at"},
                 {"text", "integer", "real", "integer"},
                 {}};
  const std::vector<std::pair<std::string, std::string>> keys = {
      {"A", "10"},   {"A", "9"},    {"B", "2021"}, {"A|x", "2020"},
      {"C", "2020"}, {"B", "2020"}, {"D", "1"}};
  for (size_t i = 0; i < keys.size(); ++i) {
    table.rows.push_back(
        {keys[i].first, keys[i].second, std::to_string(1000 * i) + ".5", i == 6 ? "101" : "100"});
  }
  table.rows.push_back({"A", "1", "1.0", "99"});
  BOOST_TEST_REQUIRE(hc::WriteTable(dir.Connection("tax.db"), table).ok());

  hc::PartnerConfig config;
  config.name = "tax";
  config.kind = "income";
  config.connection = dir.Connection("tax.db");
  config.table = "tax_income_annual";
  config.key_columns = {"taxpayer_id", "tax_year"};
  config.key_types = {"text", "integer"};
  config.watermark_column = "modified_at";
  config.watermark_type = "integer";
  config.batch_rows = 2;
  config.fields = {Field("income", "income_yuan", {}, {}), Field("tax_year", "tax_year", {}, {})};

  ReadAll full;
  BOOST_TEST_REQUIRE(Read(config, {}, full).ok());
  const std::vector<std::string> expected = {"A|1",    "A|9",    "A|10",   "A\\|x|2020",
                                             "B|2020", "B|2021", "C|2020", "D|1"};
  BOOST_TEST(full.order == expected, boost::test_tools::per_element());
  BOOST_TEST(full.checkpoints.size() == 4u);
  BOOST_TEST(full.records[2].fields.at("tax_year") == "10");

  // Resume from the checkpoint after every row, through its stored text form.
  for (size_t i = 0; i < full.records.size(); ++i) {
    const hc::Checkpoint at{full.records[i].watermark, full.records[i].source_key};
    auto decoded = hc::DecodeCheckpoint(hc::EncodeCheckpoint(at));
    BOOST_TEST_REQUIRE(decoded.ok());
    ReadAll rest;
    Status status = Read(config, *decoded, rest);
    BOOST_TEST_REQUIRE(status.ok(), status.ToString());
    std::vector<std::string> tail(expected.begin() + static_cast<long>(i) + 1, expected.end());
    BOOST_TEST(rest.order == tail, boost::test_tools::per_element());
  }
  // And from each batch's own checkpoint.
  size_t seen = 0;
  for (const hc::Checkpoint& checkpoint : full.checkpoints) {
    seen += 2;
    ReadAll rest;
    BOOST_TEST_REQUIRE(Read(config, checkpoint, rest).ok());
    BOOST_TEST(rest.order.size() == expected.size() - std::min(seen, expected.size()));
  }
}

BOOST_AUTO_TEST_CASE(on_batch_error_stops_the_read_and_is_returned) {
  TempDir dir;
  RowTable table{"t", {"k", "w", "v"}, {"text", "integer", "text"}, {}};
  for (int i = 0; i < 5; ++i) table.rows.push_back({"k" + std::to_string(i), "1", "x"});
  BOOST_TEST_REQUIRE(hc::WriteTable(dir.Connection("t.db"), table).ok());
  hc::PartnerConfig config;
  config.name = "t";
  config.connection = dir.Connection("t.db");
  config.table = "t";
  config.key_columns = {"k"};
  config.key_types = {"text"};
  config.watermark_column = "w";
  config.watermark_type = "integer";
  config.batch_rows = 2;
  config.fields = {Field("v", "v", {}, {})};
  int calls = 0;
  Status status = hc::ReadPartner(config, {}, [&](hc::MappedBatch&&) {
    ++calls;
    return Status::DataError("store full");
  });
  BOOST_TEST(calls == 1);
  BOOST_TEST(status.code() == StatusCode::kDataError);
  BOOST_TEST(status.message() == "store full");
}

BOOST_AUTO_TEST_CASE(rows_marked_deleted_become_tombstones_with_their_key_only) {
  TempDir dir;
  // The third row is a deletion whose content would not even validate: it must not matter.
  RowTable table{"t", {"k", "w", "op", "v"}, {"text", "integer", "text", "text"}, {}};
  table.rows.push_back({"a", "1", "U", "110105194912310021"});
  table.rows.push_back({"b", "2", "", "11010519491231002X"});
  table.rows.push_back({"c", "3", "D", "garbage"});
  BOOST_TEST_REQUIRE(hc::WriteTable(dir.Connection("t.db"), table).ok());
  hc::PartnerConfig config;
  config.name = "t";
  config.kind = "identity";
  config.connection = dir.Connection("t.db");
  config.table = "t";
  config.key_columns = {"k"};
  config.key_types = {"text"};
  config.watermark_column = "w";
  config.watermark_type = "integer";
  config.tombstone_column = "op";
  config.tombstone_values = {"D"};
  config.fields = {Field("id_number", "v", {}, {"id_number"}, true)};
  std::vector<Record> records;
  std::vector<Rejection> rejections;
  Status status = hc::ReadPartner(config, {}, [&](hc::MappedBatch&& batch) {
    for (auto& r : batch.records) records.push_back(std::move(r));
    for (auto& r : batch.rejections) rejections.push_back(std::move(r));
    return Status::Ok();
  });
  BOOST_TEST_REQUIRE(status.ok(), status.ToString());
  BOOST_REQUIRE_EQUAL(records.size(), 2u);
  BOOST_TEST(!records[0].deleted);
  BOOST_TEST(records[1].source_key == "c");
  BOOST_TEST(records[1].deleted);
  BOOST_TEST(records[1].fields.empty());
  BOOST_REQUIRE_EQUAL(rejections.size(), 1u);  // row a: wrong check character, not a deletion
  BOOST_TEST(rejections[0].source_key == "a");
}

BOOST_AUTO_TEST_CASE(a_tombstone_column_needs_its_values) {
  TempDir dir;
  const auto file = dir.path() / "p.toml";
  std::ofstream(file) << "kind = \"identity\"\ntable = \"t\"\nkey_columns = [\"k\"]\n"
                         "watermark_column = \"w\"\ntombstone_column = \"op\"\n"
                         "[[fields]]\ntarget = \"v\"\ncolumn = \"v\"\n";
  auto config = hc::LoadPartnerConfig(file);
  BOOST_TEST_REQUIRE(!config.ok());
  BOOST_TEST(config.status().message().find("tombstone_values") != std::string::npos,
             config.status().message());
}

BOOST_AUTO_TEST_CASE(mapping_a_missing_column_or_table_is_invalid_argument_naming_it) {
  TempDir dir;
  BOOST_TEST_REQUIRE(hc::WriteTable(dir.Connection("police.db"),
                                    RowTable{"RK_PERSON",
                                             {"RYBH", "GMSFHM", "XM", "CSRQ", "UPDATE_SEQ"},
                                             {},
                                             {{"P1", "x", "y", "z", "1"}}})
                         .ok());
  auto ignore = [](hc::MappedBatch&&) { return Status::Ok(); };
  Status column = hc::ReadPartner(PoliceConfig(dir), {}, ignore);  // maps DWMC
  BOOST_TEST(column.code() == StatusCode::kInvalidArgument, column.ToString());
  BOOST_TEST(column.message().find("column DWMC") != std::string::npos, column.message());
  hc::PartnerConfig other = PoliceConfig(dir);
  other.table = "NO_SUCH_TABLE";
  Status table = hc::ReadPartner(other, {}, ignore);
  BOOST_TEST(table.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(table.message().find("NO_SUCH_TABLE") != std::string::npos, table.message());
}

BOOST_AUTO_TEST_CASE(unreachable_database_or_driver_is_an_error_not_a_crash) {
  TempDir dir;
  auto ignore = [](hc::MappedBatch&&) { return Status::Ok(); };
  hc::PartnerConfig config = PoliceConfig(dir);
  config.connection = "DRIVER=SQLite3;Database=" + (dir.path() / "no" / "such" / "dir.db").string();
  Status folder = hc::ReadPartner(config, {}, ignore);
  BOOST_TEST(folder.code() == StatusCode::kUnavailable, folder.ToString());
  // A missing file with NoCreat=1 (as the shipped mappings say) is refused, not created empty.
  const auto missing = dir.path() / "missing.db";
  config.connection = "DRIVER=SQLite3;Database=" + missing.string() + ";NoCreat=1";
  Status file = hc::ReadPartner(config, {}, ignore);
  BOOST_TEST(file.code() == StatusCode::kUnavailable, file.ToString());
  BOOST_TEST(file.message().find("partner police") != std::string::npos, file.message());
  BOOST_TEST(!std::filesystem::exists(missing));
  config.connection = "DRIVER=NoSuchDriverHuicai;Database=x.db";
  Status driver = hc::ReadPartner(config, {}, ignore);
  BOOST_TEST(!driver.ok());
  BOOST_TEST(driver.message().find("NoSuchDriverHuicai") != std::string::npos, driver.message());
  config.connection = "DRIVER=SQLite3;Database=${HUICAI_TEST_UNSET_Z}/police.db";
  ::unsetenv("HUICAI_TEST_UNSET_Z");
  Status env = hc::ReadPartner(config, {}, ignore);
  BOOST_TEST(env.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(env.message().find("HUICAI_TEST_UNSET_Z") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(write_table_refuses_unsafe_names_and_ragged_rows) {
  TempDir dir;
  Status name = hc::WriteTable(dir.Connection("w.db"), RowTable{"t; DROP", {"a"}, {}, {}});
  BOOST_TEST(name.code() == StatusCode::kInvalidArgument);
  Status ragged = hc::WriteTable(dir.Connection("w.db"), RowTable{"t", {"a", "b"}, {}, {{"1"}}});
  BOOST_TEST(ragged.code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(write_table_appends_without_replace) {
  TempDir dir;
  RowTable table{"t", {"k", "w"}, {"text", "integer"}, {{"a", "1"}}};
  BOOST_TEST_REQUIRE(hc::WriteTable(dir.Connection("w.db"), table).ok());
  table.rows = {{"b", "2"}};
  BOOST_TEST_REQUIRE(hc::WriteTable(dir.Connection("w.db"), table, /*replace=*/false).ok());
  hc::PartnerConfig config;
  config.name = "w";
  config.connection = dir.Connection("w.db");
  config.table = "t";
  config.key_columns = {"k"};
  config.key_types = {"text"};
  config.watermark_column = "w";
  config.watermark_type = "integer";
  config.fields = {Field("k", "k", {}, {})};
  ReadAll all;
  BOOST_TEST_REQUIRE(Read(config, {}, all).ok());
  BOOST_TEST(all.order == (std::vector<std::string>{"a", "b"}), boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(hc::WriteTable(dir.Connection("w.db"), table).ok());
  ReadAll replaced;
  BOOST_TEST_REQUIRE(Read(config, {}, replaced).ok());
  BOOST_TEST(replaced.order == (std::vector<std::string>{"b"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
