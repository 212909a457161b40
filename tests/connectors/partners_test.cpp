// The six shipped mapping files against tables shaped as docs/data-formats.md describes.
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <map>

#include "connectors/partner.h"
#include "connectors/writer.h"
#include "tests/connectors/fixtures.h"

namespace hc = huicai::connectors;
using hc::testing::TempDir;
using huicai::Record;
using huicai::RowTable;
using huicai::Status;

namespace {

struct Sample {
  RowTable table;
  std::map<std::string, std::string> expected;  // Record fields to check
};

std::map<std::string, Sample> Samples() {
  const std::string id = hc::testing::WithCheckChar("37010219800105123");
  const std::string uscc = hc::testing::WithCreditCheck("91370100MA3C00012");
  const std::string card = hc::testing::WithLuhn("621700123456789012");
  std::map<std::string, Sample> s;
  s["registry"] = {
      {"talent_card",
       {"card_no", "id_number", "name", "tier", "employer", "employer_uscc", "disciplines",
        "industries", "title", "specialties", "region", "days_available", "days_served",
        "in_programme", "passport_no", "nationality", "updated_at"},
       {"text", "text", "text", "text", "text", "text", "text", "text", "text", "text", "text",
        "integer", "integer", "text", "text", "text", "text"},
       {{"SD2023A000123", id, "张三", "a", "山东农业大学", uscc, "210;21020", "A01", "研究员",
         "果树病虫害", "370102", "30", "5", "1", "e 1234 5678", "chn", "2024-01-02 03:04:05"}}},
      {{"tier", "A"},
       {"employer_credit_code", uscc},
       {"disciplines", "210;21020"},
       {"in_programme", "1"},
       {"days_available", "30"},
       {"passport", "E 1234 5678"},
       {"nationality", "CHN"}}};
  s["police"] = {
      {"RK_PERSON",
       {"RYBH", "GMSFHM", "XM", "XB", "CSRQ", "HJDZ_XZQH", "GJ", "SJHM", "HZHM", "UPDATE_SEQ"},
       {"text", "text", "text", "text", "text", "text", "text", "text", "text", "integer"},
       {{"R0001", id, "张三", "1", "1980/1/5", "370102", "CHN", "13812345678", "ｅ12345678", "7"}}},
      {{"id_number", id},
       {"gender", "1"},
       {"birth_date", "1980-01-05"},
       {"region", "370102"},
       {"nationality", "CHN"},
       {"mobile", "13812345678"},
       {"passport", "E12345678"}}};
  s["education"] = {
      {"xl_degree",
       {"zsbh", "zjhm", "xm", "xlcc", "xwdm", "xkdm", "byyx", "byrq", "csrq", "xb", "gxsj"},
       {},
       {{"1042212005000123", id, "张三", "10", "1", "210", "中国农业大学", "20050701", "19800105",
         "1", "2023-05-06 07:08:09"}}},
      {{"level", "postgraduate"},
       {"degree", "doctor"},
       {"graduated", "2005-07-01"},
       {"birth_date", "1980-01-05"},
       {"gender", "1"}}};
  s["tax"] = {{"tax_income_annual",
               {"taxpayer_id", "taxpayer_name", "tax_year", "income_yuan", "tax_paid_yuan",
                "withholding_agent_uscc", "modified_at"},
               {"text", "text", "integer", "real", "real", "text", "integer"},
               {{id, "张三", "2023", "350000.5", "42000", uscc, "1704038400"}}},
              {{"tax_year", "2023"}, {"withholding_credit_code", uscc}}};
  s["bank"] = {{"CARD_ACCT",
                {"CARD_NO", "CUST_IDNO", "CUST_NAME", "OPEN_DATE", "BRANCH", "TS"},
                {"text", "text", "text", "text", "text", "integer"},
                {{card, id, "张三", "2019年3月5日", "济南分行", "3"}}},
               {{"card_number", card}, {"opened", "2019-03-05"}, {"branch", "济南分行"}}};
  s["insurance"] = {
      {"si_insured",
       {"sfzh", "xm", "xzlx", "dwmc", "dwtyxydm", "cbrq", "last_modified"},
       {},
       {{id, "张三", "110", "山东农业大学", uscc, "201903", "2024-02-03 04:05:06"}}},
      {{"insurance_type", "pension"}, {"unit", "山东农业大学"}, {"since", "2019-03"}}};
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(partners)

BOOST_AUTO_TEST_CASE(each_shipped_mapping_reads_its_documented_table) {
  TempDir dir;
  ::setenv("HUICAI_PARTNER_DIR", dir.path().c_str(), 1);
  auto configs =
      hc::LoadPartnerConfigs(std::filesystem::path(HUICAI_SOURCE_DIR) / "config" / "partners");
  BOOST_TEST_REQUIRE(configs.ok(), configs.status().ToString());
  auto samples = Samples();
  for (const hc::PartnerConfig& config : *configs) {
    BOOST_TEST_CONTEXT("partner " << config.name) {
      BOOST_TEST_REQUIRE(samples.count(config.name) == 1u);
      const Sample& sample = samples.at(config.name);
      Status written = hc::WriteTable(
          "DRIVER=SQLite3;Database=" + (dir.path() / (config.name + ".db")).string(), sample.table);
      BOOST_TEST_REQUIRE(written.ok(), written.ToString());
      std::vector<Record> records;
      std::vector<huicai::Rejection> rejections;
      Status status = hc::ReadPartner(config, {}, [&](hc::MappedBatch&& batch) {
        for (auto& r : batch.records) records.push_back(std::move(r));
        for (auto& r : batch.rejections) rejections.push_back(std::move(r));
        return Status::Ok();
      });
      BOOST_TEST_REQUIRE(status.ok(), status.ToString());
      for (const auto& r : rejections) BOOST_TEST_MESSAGE(r.reason_code << ": " << r.message);
      BOOST_TEST_REQUIRE(records.size() == 1u);
      BOOST_TEST(rejections.empty());
      BOOST_TEST(records[0].kind == config.kind);
      for (const auto& [field, value] : sample.expected) {
        BOOST_TEST_CONTEXT("field " << field) {
          BOOST_TEST_REQUIRE(records[0].fields.count(field) == 1u);
          BOOST_TEST(records[0].fields.at(field) == value);
        }
      }
    }
  }
  ::unsetenv("HUICAI_PARTNER_DIR");
}

BOOST_AUTO_TEST_SUITE_END()
