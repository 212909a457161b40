// Tests of connectors/outbound.h: payment and withholding layouts, signed atomic writes,
// idempotence by batch id, masking in log summaries, and verification by the openssl CLI.
#include "connectors/outbound.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using huicai::Date;
using huicai::StatusCode;
using namespace huicai::connectors;

namespace {

// Valid test identities: GB 11643 check chars, Luhn cards, GB 32100 credit code.
constexpr const char* kId1 = "371302198003151235";
constexpr const char* kId2 = "11010519491231002X";
constexpr const char* kCard1 = "621700123456789003";
constexpr const char* kCard2 = "6228480012345671";
constexpr const char* kCreditCode = "91371300MA3C123450";

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "huicai-outbound-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

PaymentBatch SmallBatch() {
  PaymentBatch batch;
  batch.batch_id = "ALW-2026-11-0001";
  batch.period = "2026-11";
  batch.payer_name = "临沂市人才服务中心";
  batch.payer_account = "3701 0000 1234 5678";
  batch.payer_credit_code = kCreditCode;
  batch.value_date = Date{2026, 11, 20};
  batch.lines.push_back({"张三", kId1, "6217 0012 3456 7890 03", 150000, "专家服务津贴"});
  batch.lines.push_back({"李四", kId2, kCard2, 85050, ""});
  return batch;
}

WithholdingReport SmallReport() {
  WithholdingReport report;
  report.report_id = "IIT-2026-11-0001";
  report.period = "2026-11";
  report.withholding_agent_name = "临沂市人才服务中心";
  report.withholding_agent_credit_code = kCreditCode;
  report.lines.push_back({"张三", kId1, 150000, 22000, "02"});
  report.lines.push_back({"李四", kId2, 85050, 0, "劳务报酬"});
  return report;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::set<std::string> FileNames(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

// Runs a shell command quietly; returns its exit status.
int Run(const std::string& command) {
  const int rc = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string Quote(const fs::path& path) { return "'" + path.string() + "'"; }

// The command docs/outbound.md gives the bank for each algorithm.
std::string OpensslVerifyCommand(SignatureAlgorithm algorithm, const fs::path& public_pem,
                                 const fs::path& file) {
  const std::string sig = Quote(fs::path(file.string() + ".sig"));
  switch (algorithm) {
    case SignatureAlgorithm::kEcdsaP256Sha256:
      return "openssl dgst -sha256 -verify " + Quote(public_pem) + " -signature " + sig + " " +
             Quote(file);
    case SignatureAlgorithm::kSm2Sm3:
      return "openssl dgst -sm3 -verify " + Quote(public_pem) +
             " -sigopt distid:1234567812345678 -signature " + sig + " " + Quote(file);
    case SignatureAlgorithm::kEd25519:
      return "openssl pkeyutl -verify -pubin -inkey " + Quote(public_pem) + " -rawin -in " +
             Quote(file) + " -sigfile " + sig;
  }
  return "false";
}

struct Keys {
  fs::path private_pem;
  fs::path public_pem;
};

Keys MakeKeys(const fs::path& dir,
              SignatureAlgorithm algorithm = SignatureAlgorithm::kEcdsaP256Sha256) {
  const std::string stem(SignatureAlgorithmName(algorithm));
  Keys keys{dir / (stem + "-private.pem"), dir / (stem + "-public.pem")};
  const huicai::Status status = GenerateSigningKey(keys.private_pem, keys.public_pem, algorithm);
  BOOST_REQUIRE_MESSAGE(status.ok(), status.ToString());
  return keys;
}

// A folder for batches apart from the keys, so listings show only batch files.
fs::path BatchDir(const TempDir& temp) {
  const fs::path dir = temp.path() / "out";
  fs::create_directory(dir);
  return dir;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outbound)

BOOST_AUTO_TEST_CASE(formats_payment_batch_with_header_details_and_trailer) {
  const huicai::Result<std::string> text = FormatPaymentBatch(SmallBatch());
  BOOST_REQUIRE_MESSAGE(text.ok(), text.status().ToString());
  const std::string expected =
      "H|HCPAY|1|ALW-2026-11-0001|2026-11|临沂市人才服务中心|3701000012345678|"
      "91371300MA3C123450|20261120|CNY\r\n"
      "D|000001|张三|371302198003151235|621700123456789003|150000|专家服务津贴\r\n"
      "D|000002|李四|11010519491231002X|6228480012345671|85050|\r\n"
      "T|2|235050\r\n";
  BOOST_TEST(text.value() == expected);
}

BOOST_AUTO_TEST_CASE(formats_withholding_report_with_income_item_and_totals) {
  const huicai::Result<std::string> text = FormatWithholdingReport(SmallReport());
  BOOST_REQUIRE_MESSAGE(text.ok(), text.status().ToString());
  const std::string expected =
      "H|HCIIT|1|IIT-2026-11-0001|2026-11|临沂市人才服务中心|91371300MA3C123450\r\n"
      "D|000001|张三|371302198003151235|02|劳务报酬所得|150000|22000\r\n"
      "D|000002|李四|11010519491231002X|02|劳务报酬所得|85050|0\r\n"
      "T|2|235050|22000\r\n";
  BOOST_TEST(text.value() == expected);
}

BOOST_AUTO_TEST_CASE(refuses_empty_batch) {
  PaymentBatch batch = SmallBatch();
  batch.lines.clear();
  const auto text = FormatPaymentBatch(batch);
  BOOST_REQUIRE(!text.ok());
  BOOST_TEST((text.error().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(text.error().message().find("no lines") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refuses_non_positive_amount_naming_the_line) {
  PaymentBatch batch = SmallBatch();
  batch.lines[1].amount_fen = 0;
  const auto text = FormatPaymentBatch(batch);
  BOOST_REQUIRE(!text.ok());
  BOOST_TEST((text.error().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(text.error().message().find("payment line 2") != std::string::npos);
  BOOST_TEST(text.error().message().find("amount must be positive") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refuses_card_failing_luhn_without_repeating_it) {
  PaymentBatch batch = SmallBatch();
  batch.lines[0].card_number = "621700123456789004";
  const auto text = FormatPaymentBatch(batch);
  BOOST_REQUIRE(!text.ok());
  BOOST_TEST((text.error().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(text.error().message().find("payment line 1") != std::string::npos);
  BOOST_TEST(text.error().message().find("Luhn") != std::string::npos);
  BOOST_TEST(text.error().message().find("621700123456789004") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_id_with_bad_check_char_naming_the_line) {
  PaymentBatch batch = SmallBatch();
  batch.lines[1].id_number = "110105194912310021";
  const auto text = FormatPaymentBatch(batch);
  BOOST_REQUIRE(!text.ok());
  BOOST_TEST(text.error().message().find("payment line 2") != std::string::npos);
  BOOST_TEST(text.error().message().find("check character") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refuses_bad_batch_id_period_and_separator_in_memo) {
  PaymentBatch bad_id = SmallBatch();
  bad_id.batch_id = "ALW 2026/11";
  const auto id_text = FormatPaymentBatch(bad_id);
  BOOST_REQUIRE(!id_text.ok());
  BOOST_TEST(id_text.error().message().find("batch id") != std::string::npos);

  PaymentBatch long_id = SmallBatch();
  long_id.batch_id = std::string(41, 'A');
  BOOST_TEST(!FormatPaymentBatch(long_id).ok());

  PaymentBatch bad_period = SmallBatch();
  bad_period.period = "2026-13";
  const auto period_text = FormatPaymentBatch(bad_period);
  BOOST_REQUIRE(!period_text.ok());
  BOOST_TEST(period_text.error().message().find("period") != std::string::npos);

  PaymentBatch bad_memo = SmallBatch();
  bad_memo.lines[1].memo = "a|b";
  const auto memo_text = FormatPaymentBatch(bad_memo);
  BOOST_REQUIRE(!memo_text.ok());
  BOOST_TEST(memo_text.error().message().find("payment line 2") != std::string::npos);
  BOOST_TEST(memo_text.error().message().find("separator") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refuses_tax_above_gross_and_self_declared_income) {
  WithholdingReport too_much = SmallReport();
  too_much.lines[0].tax_fen = 150001;
  const auto text = FormatWithholdingReport(too_much);
  BOOST_REQUIRE(!text.ok());
  BOOST_TEST((text.error().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(text.error().message().find("withholding line 1") != std::string::npos);

  WithholdingReport business = SmallReport();
  business.lines[1].income_type = "05";
  const auto business_text = FormatWithholdingReport(business);
  BOOST_REQUIRE(!business_text.ok());
  BOOST_TEST(business_text.error().message().find("withholding line 2") != std::string::npos);
  BOOST_TEST(business_text.error().message().find("经营所得") != std::string::npos);

  WithholdingReport unknown = SmallReport();
  unknown.lines[1].income_type = "0400";
  BOOST_TEST(!FormatWithholdingReport(unknown).ok());
}

BOOST_AUTO_TEST_CASE(writes_and_verifies_signed_batch) {
  TempDir temp;
  const Keys keys = MakeKeys(temp.path());
  const fs::path dir = BatchDir(temp);
  const huicai::Result<WrittenBatch> written =
      WriteSignedBatch(dir, "T-1", "abc", keys.private_pem);
  BOOST_REQUIRE_MESSAGE(written.ok(), written.status().ToString());
  BOOST_TEST(written->file == dir / "T-1.txt");
  BOOST_TEST(written->signature == dir / "T-1.txt.sig");
  BOOST_TEST(!written->already_existed);
  BOOST_TEST(written->sha256_hex ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(ReadFile(written->file) == "abc");
  const huicai::Status verified = VerifySignedBatch(written->file, keys.public_pem);
  BOOST_TEST(verified.ok(), verified.ToString());
  BOOST_TEST((FileNames(dir) == std::set<std::string>{"T-1.txt", "T-1.txt.sig"}));
}

BOOST_AUTO_TEST_CASE(altered_byte_fails_verification_with_data_error) {
  TempDir temp;
  const Keys keys = MakeKeys(temp.path());
  const auto content = FormatPaymentBatch(SmallBatch());
  BOOST_REQUIRE(content.ok());
  const auto written =
      WriteSignedBatch(BatchDir(temp), "ALW-2026-11-0001", *content, keys.private_pem);
  BOOST_REQUIRE_MESSAGE(written.ok(), written.status().ToString());
  std::string text = ReadFile(written->file);
  const std::size_t at = text.find("150000");
  BOOST_REQUIRE(at != std::string::npos);
  text[at] = '9';  // 150000 fen -> 950000 fen
  WriteFile(written->file, text);
  const huicai::Status verified = VerifySignedBatch(written->file, keys.public_pem);
  BOOST_TEST((verified.code() == StatusCode::kDataError));
  BOOST_TEST(verified.message().find("does not match") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(signature_from_another_key_fails_verification) {
  TempDir temp;
  const Keys keys = MakeKeys(temp.path());
  const fs::path other_dir = temp.path() / "other";
  fs::create_directory(other_dir);
  const Keys other = MakeKeys(other_dir);
  const auto written = WriteSignedBatch(BatchDir(temp), "T-2", "content", keys.private_pem);
  BOOST_REQUIRE(written.ok());
  BOOST_TEST((VerifySignedBatch(written->file, other.public_pem).code() == StatusCode::kDataError));
}

BOOST_AUTO_TEST_CASE(rewrite_with_same_id_and_content_touches_nothing) {
  TempDir temp;
  const Keys keys = MakeKeys(temp.path());
  const fs::path dir = BatchDir(temp);
  const auto first = WriteSignedBatch(dir, "ALW-1", "same content\r\n", keys.private_pem);
  BOOST_REQUIRE(first.ok());
  struct stat file_before {};
  struct stat sig_before {};
  BOOST_REQUIRE(::stat(first->file.c_str(), &file_before) == 0);
  BOOST_REQUIRE(::stat(first->signature.c_str(), &sig_before) == 0);
  const std::string signature_before = ReadFile(first->signature);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));

  const auto second = WriteSignedBatch(dir, "ALW-1", "same content\r\n", keys.private_pem);
  BOOST_REQUIRE_MESSAGE(second.ok(), second.status().ToString());
  BOOST_TEST(second->already_existed);
  BOOST_TEST(second->sha256_hex == first->sha256_hex);
  struct stat file_after {};
  struct stat sig_after {};
  BOOST_REQUIRE(::stat(first->file.c_str(), &file_after) == 0);
  BOOST_REQUIRE(::stat(first->signature.c_str(), &sig_after) == 0);
  BOOST_TEST(file_after.st_ino == file_before.st_ino);
  BOOST_TEST(file_after.st_mtim.tv_sec == file_before.st_mtim.tv_sec);
  BOOST_TEST(file_after.st_mtim.tv_nsec == file_before.st_mtim.tv_nsec);
  BOOST_TEST(sig_after.st_ino == sig_before.st_ino);
  BOOST_TEST(sig_after.st_mtim.tv_nsec == sig_before.st_mtim.tv_nsec);
  BOOST_TEST(ReadFile(first->signature) == signature_before);
  BOOST_TEST((FileNames(dir) == std::set<std::string>{"ALW-1.txt", "ALW-1.txt.sig"}));
}

BOOST_AUTO_TEST_CASE(reused_id_with_different_content_is_data_error_and_keeps_file) {
  TempDir temp;
  const Keys keys = MakeKeys(temp.path());
  const fs::path dir = BatchDir(temp);
  const auto first = WriteSignedBatch(dir, "ALW-2", "first\r\n", keys.private_pem);
  BOOST_REQUIRE(first.ok());
  const auto second = WriteSignedBatch(dir, "ALW-2", "second\r\n", keys.private_pem);
  BOOST_REQUIRE(!second.ok());
  BOOST_TEST((second.error().code() == StatusCode::kDataError));
  BOOST_TEST(second.error().message().find("batch id reused with different content") !=
             std::string::npos);
  BOOST_TEST(ReadFile(first->file) == "first\r\n");
  BOOST_TEST(VerifySignedBatch(first->file, keys.public_pem).ok());
  BOOST_TEST((FileNames(dir) == std::set<std::string>{"ALW-2.txt", "ALW-2.txt.sig"}));
}

BOOST_AUTO_TEST_CASE(missing_signature_is_remade_for_existing_identical_file) {
  TempDir temp;
  const Keys keys = MakeKeys(temp.path());
  const fs::path dir = BatchDir(temp);
  const auto first = WriteSignedBatch(dir, "ALW-3", "payload", keys.private_pem);
  BOOST_REQUIRE(first.ok());
  fs::remove(first->signature);  // as after a crash between the file and its signature
  BOOST_TEST((VerifySignedBatch(first->file, keys.public_pem).code() == StatusCode::kNotFound));
  const auto again = WriteSignedBatch(dir, "ALW-3", "payload", keys.private_pem);
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(again->already_existed);
  BOOST_TEST(VerifySignedBatch(first->file, keys.public_pem).ok());
}

BOOST_AUTO_TEST_CASE(refuses_missing_folder_bad_id_and_unsupported_key) {
  TempDir temp;
  const Keys keys = MakeKeys(temp.path());
  BOOST_TEST((WriteSignedBatch(temp.path() / "nope", "A-1", "x", keys.private_pem).error().code() ==
              StatusCode::kNotFound));
  BOOST_TEST((WriteSignedBatch(temp.path(), "../A-1", "x", keys.private_pem).error().code() ==
              StatusCode::kInvalidArgument));
  BOOST_TEST(
      (WriteSignedBatch(temp.path(), "A-1", "x", temp.path() / "missing.pem").error().code() ==
       StatusCode::kNotFound));
  // A public key where the private key belongs, and an RSA key: both refused by name.
  const auto wrong = WriteSignedBatch(temp.path(), "A-1", "x", keys.public_pem);
  BOOST_REQUIRE(!wrong.ok());
  BOOST_TEST((wrong.error().code() == StatusCode::kInvalidArgument));
  const fs::path rsa = temp.path() / "rsa.pem";
  BOOST_REQUIRE(
      Run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out " + Quote(rsa)) == 0);
  const auto rsa_written = WriteSignedBatch(temp.path(), "A-1", "x", rsa);
  BOOST_REQUIRE(!rsa_written.ok());
  BOOST_TEST((rsa_written.error().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(rsa_written.error().message().find("RSA") != std::string::npos);
  BOOST_TEST(!fs::exists(temp.path() / "A-1.txt"));
}

BOOST_AUTO_TEST_CASE(generated_private_key_is_owner_only_and_never_overwritten) {
  TempDir temp;
  const Keys keys = MakeKeys(temp.path());
  const fs::perms perms = fs::status(keys.private_pem).permissions();
  BOOST_TEST(((perms & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none));
  const std::string before = ReadFile(keys.private_pem);
  const huicai::Status again = GenerateSigningKey(keys.private_pem, temp.path() / "new.pem");
  BOOST_TEST((again.code() == StatusCode::kInvalidArgument));
  BOOST_TEST(ReadFile(keys.private_pem) == before);
  BOOST_TEST(!fs::exists(temp.path() / "new.pem"));
}

BOOST_AUTO_TEST_CASE(openssl_command_line_verifies_each_algorithm) {
  for (const SignatureAlgorithm algorithm :
       {SignatureAlgorithm::kEcdsaP256Sha256, SignatureAlgorithm::kSm2Sm3,
        SignatureAlgorithm::kEd25519}) {
    BOOST_TEST_CONTEXT(SignatureAlgorithmName(algorithm)) {
      TempDir temp;
      const Keys keys = MakeKeys(temp.path(), algorithm);
      const auto key = SigningKey::Load(keys.private_pem);
      BOOST_REQUIRE(key.ok());
      BOOST_TEST((key->algorithm() == algorithm));
      const auto content = FormatPaymentBatch(SmallBatch());
      BOOST_REQUIRE(content.ok());
      const auto written = WriteSignedBatch(BatchDir(temp), "ALW-2026-11-0001", *content, *key);
      BOOST_REQUIRE_MESSAGE(written.ok(), written.status().ToString());
      BOOST_TEST(VerifySignedBatch(written->file, keys.public_pem).ok());
      BOOST_TEST(Run(OpensslVerifyCommand(algorithm, keys.public_pem, written->file)) == 0);

      std::string text = ReadFile(written->file);
      text[text.size() - 3] = text[text.size() - 3] == '0' ? '1' : '0';
      WriteFile(written->file, text);
      BOOST_TEST(Run(OpensslVerifyCommand(algorithm, keys.public_pem, written->file)) != 0);
      BOOST_TEST(
          (VerifySignedBatch(written->file, keys.public_pem).code() == StatusCode::kDataError));
    }
  }
}

BOOST_AUTO_TEST_CASE(summary_for_logs_masks_card_and_id_numbers) {
  const std::string summary = DescribeBatch(SmallBatch());
  BOOST_TEST(summary.find(kId1) == std::string::npos);
  BOOST_TEST(summary.find(kId2) == std::string::npos);
  BOOST_TEST(summary.find(kCard1) == std::string::npos);
  BOOST_TEST(summary.find("6217 0012 3456 7890 03") == std::string::npos);
  BOOST_TEST(summary.find(kCard2) == std::string::npos);
  BOOST_TEST(summary.find("3701000012345678") == std::string::npos);
  BOOST_TEST(summary.find("371302********1235") != std::string::npos);
  BOOST_TEST(summary.find("5671") != std::string::npos);
  BOOST_TEST(summary.find("2 lines, total 2350.50 yuan") != std::string::npos);
  BOOST_TEST(summary.find("ALW-2026-11-0001") != std::string::npos);

  const std::string report = DescribeWithholdingReport(SmallReport());
  BOOST_TEST(report.find(kId1) == std::string::npos);
  BOOST_TEST(report.find("gross 2350.50 yuan, tax 220.00 yuan") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
