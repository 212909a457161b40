// Outbound batch layouts: the payment file for the bank and the withholding report for the
// tax bureau (docs/outbound.md), and the masked summaries for logs.
#include "connectors/internal/outbound_format.h"

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "connectors/outbound.h"
#include "core/id_number.h"
#include "core/mask.h"
#include "core/text.h"
#include "core/validate.h"

namespace huicai::connectors {
namespace internal {

Status CheckOutboundId(std::string_view id, std::string_view what) {
  if (id.empty() || id.size() > 40) {
    return Status::InvalidArgument(std::string(what) + " must have 1 to 40 characters, got " +
                                   std::to_string(id.size()));
  }
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) {
      return Status::InvalidArgument(std::string(what) + " may contain only A-Z a-z 0-9 and '-'" +
                                     ", found a different character at position " +
                                     std::to_string(i + 1));
    }
  }
  return Status::Ok();
}

std::string FenToYuan(std::int64_t fen) {
  // Work in unsigned so INT64_MIN does not overflow on negation.
  const bool negative = fen < 0;
  const std::uint64_t magnitude =
      negative ? static_cast<std::uint64_t>(-(fen + 1)) + 1U : static_cast<std::uint64_t>(fen);
  std::string cents = std::to_string(magnitude % 100U);
  if (cents.size() < 2) cents.insert(0, "0");
  return (negative ? "-" : "") + std::to_string(magnitude / 100U) + "." + cents;
}

}  // namespace internal

namespace {

constexpr std::string_view kEol = "\r\n";
constexpr std::size_t kMaxDescribedLines = 10;

struct IncomeType {
  std::string_view code;
  std::string_view name;  // full name as in Article 2 of the IIT Law
};
// Article 2 of the Individual Income Tax Law; 05 经营所得 is declared by the taxpayer.
constexpr std::array<IncomeType, 8> kIncomeTypes = {{
    {"01", "工资、薪金所得"},
    {"02", "劳务报酬所得"},
    {"03", "稿酬所得"},
    {"04", "特许权使用费所得"},
    {"06", "利息、股息、红利所得"},
    {"07", "财产租赁所得"},
    {"08", "财产转让所得"},
    {"09", "偶然所得"},
}};

Result<IncomeType> ParseIncomeType(std::string_view raw) {
  const std::string text = Trim(raw);
  for (const IncomeType& type : kIncomeTypes) {
    if (text == type.code || text == type.name) return type;
    constexpr std::string_view kSuffix = "所得";
    const std::string_view short_name = type.name.substr(0, type.name.size() - kSuffix.size());
    if (text == short_name) return type;
  }
  if (text == "05" || text == "经营所得") {
    return Status::InvalidArgument(
        "income type 05 经营所得 is declared by the taxpayer, not withheld; leave it out");
  }
  return Status::InvalidArgument(
      "income type must be an Article 2 IIT item code 01-04 or 06-09 (e.g. 02 for 劳务报酬所得)"
      " or its Chinese name, got '" +
      text + "'");
}

// Free text inside a '|'-separated line: UTF-8, no separator, no control characters.
Status CheckFreeText(std::string_view text, std::string_view what, std::size_t max_code_points,
                     bool required) {
  if (!IsValidUtf8(text)) return Status::InvalidArgument(std::string(what) + " is not UTF-8");
  if (required && Trim(text).empty()) {
    return Status::InvalidArgument(std::string(what) + " is empty");
  }
  const std::u32string cps = DecodeUtf8(text);
  if (cps.size() > max_code_points) {
    return Status::InvalidArgument(std::string(what) + " is longer than " +
                                   std::to_string(max_code_points) + " characters");
  }
  for (const char32_t cp : cps) {
    if (cp == U'|') {
      return Status::InvalidArgument(std::string(what) +
                                     " contains '|', the field separator; remove it");
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      return Status::InvalidArgument(std::string(what) +
                                     " contains a control character (line break or tab?)");
    }
  }
  return Status::Ok();
}

Status CheckPeriod(std::string_view period) {
  const bool shape = period.size() == 7 && period[4] == '-';
  if (shape) {
    const std::optional<Date> first = ParseIsoDate(std::string(period) + "-01");
    if (first.has_value()) return Status::Ok();
  }
  return Status::InvalidArgument("period must be a month as YYYY-MM, got '" +
                                 std::string(period.substr(0, 20)) + "'");
}

Result<std::string> NormaliseAccount(std::string_view raw) {
  std::string digits;
  for (const char c : Trim(raw)) {
    if (c == ' ' || c == '-') continue;
    if (c < '0' || c > '9') {
      return Status::InvalidArgument("payer account may contain only digits, spaces and dashes");
    }
    digits.push_back(c);
  }
  if (digits.size() < 6 || digits.size() > 32) {
    return Status::InvalidArgument("payer account must have 6 to 32 digits, got " +
                                   std::to_string(digits.size()));
  }
  return digits;
}

std::string CompactDate(const Date& date) {
  std::string iso = FormatDate(date);
  std::string out;
  for (const char c : iso) {
    if (c != '-') out.push_back(c);
  }
  return out;
}

std::string Pad6(std::size_t n) {
  std::string s = std::to_string(n);
  if (s.size() < 6) s.insert(0, 6 - s.size(), '0');
  return s;
}

bool AddChecked(std::int64_t& total, std::int64_t amount) {
  if (amount > std::numeric_limits<std::int64_t>::max() - total) return false;
  total += amount;
  return true;
}

Status LineError(std::string_view kind, std::size_t number, const Status& status) {
  return status.WithContext(std::string(kind) + " line " + std::to_string(number));
}

// Digits only when the value is digits with spaces or dashes, so masks keep real digits.
std::string CompactNumber(std::string_view raw) {
  std::string digits;
  for (const char c : Trim(raw)) {
    if (c == ' ' || c == '-') continue;
    if (c < '0' || c > '9') return Trim(raw);
    digits.push_back(c);
  }
  return digits;
}

std::string CountOf(std::size_t lines) {
  return std::to_string(lines) + (lines == 1 ? " line" : " lines");
}

void AppendField(std::string& out, std::string_view field) {
  out.push_back('|');
  out.append(field);
}

}  // namespace

Result<std::string> FormatPaymentBatch(const PaymentBatch& batch) {
  HUICAI_RETURN_IF_ERROR(internal::CheckOutboundId(batch.batch_id, "batch id"));
  HUICAI_RETURN_IF_ERROR(CheckPeriod(batch.period));
  HUICAI_RETURN_IF_ERROR(CheckFreeText(batch.payer_name, "payer name", 100, true));
  HUICAI_ASSIGN_OR_RETURN(const std::string account, NormaliseAccount(batch.payer_account));
  Result<std::string> credit = NormaliseCreditCode(batch.payer_credit_code);
  if (!credit) return credit.error().WithContext("payer credit code");
  if (!IsValidDate(batch.value_date)) {
    return Status::InvalidArgument("value date is not a calendar day: " +
                                   FormatDate(batch.value_date));
  }
  if (batch.lines.empty()) {
    return Status::InvalidArgument("payment batch " + batch.batch_id +
                                   " has no lines; a batch pays at least one payee");
  }

  std::string out = "H|HCPAY|1";
  AppendField(out, batch.batch_id);
  AppendField(out, batch.period);
  AppendField(out, Trim(batch.payer_name));
  AppendField(out, account);
  AppendField(out, credit.value());
  AppendField(out, CompactDate(batch.value_date));
  AppendField(out, "CNY");
  out.append(kEol);

  std::int64_t total = 0;
  for (std::size_t i = 0; i < batch.lines.size(); ++i) {
    const PaymentLine& line = batch.lines[i];
    const std::size_t number = i + 1;
    Result<std::string> name = NormalisePersonName(line.payee_name);
    if (!name) return LineError("payment", number, name.error().WithContext("payee name"));
    Result<IdNumberInfo> id = ParseIdNumber(line.id_number);
    if (!id) return LineError("payment", number, id.error().WithContext("ID number"));
    Result<std::string> card = NormaliseBankCard(line.card_number);
    if (!card) return LineError("payment", number, card.error());
    if (line.amount_fen <= 0) {
      return LineError("payment", number,
                       Status::InvalidArgument("amount must be positive, got " +
                                               std::to_string(line.amount_fen) + " fen"));
    }
    Status memo = CheckFreeText(line.memo, "memo", 60, false);
    if (!memo.ok()) return LineError("payment", number, memo);
    if (!AddChecked(total, line.amount_fen)) {
      return LineError("payment", number,
                       Status::InvalidArgument("batch total overflows; split the batch"));
    }
    out.append("D");
    AppendField(out, Pad6(number));
    AppendField(out, name.value());
    AppendField(out, id->number);
    AppendField(out, card.value());
    AppendField(out, std::to_string(line.amount_fen));
    AppendField(out, Trim(line.memo));
    out.append(kEol);
  }
  out.append("T");
  AppendField(out, std::to_string(batch.lines.size()));
  AppendField(out, std::to_string(total));
  out.append(kEol);
  return out;
}

Result<std::string> FormatWithholdingReport(const WithholdingReport& report) {
  HUICAI_RETURN_IF_ERROR(internal::CheckOutboundId(report.report_id, "report id"));
  HUICAI_RETURN_IF_ERROR(CheckPeriod(report.period));
  HUICAI_RETURN_IF_ERROR(
      CheckFreeText(report.withholding_agent_name, "withholding agent name", 100, true));
  Result<std::string> credit = NormaliseCreditCode(report.withholding_agent_credit_code);
  if (!credit) return credit.error().WithContext("withholding agent credit code");
  if (report.lines.empty()) {
    return Status::InvalidArgument("withholding report " + report.report_id +
                                   " has no lines; a report lists at least one taxpayer");
  }

  std::string out = "H|HCIIT|1";
  AppendField(out, report.report_id);
  AppendField(out, report.period);
  AppendField(out, Trim(report.withholding_agent_name));
  AppendField(out, credit.value());
  out.append(kEol);

  std::int64_t total_gross = 0;
  std::int64_t total_tax = 0;
  for (std::size_t i = 0; i < report.lines.size(); ++i) {
    const WithholdingLine& line = report.lines[i];
    const std::size_t number = i + 1;
    Result<std::string> name = NormalisePersonName(line.taxpayer_name);
    if (!name) return LineError("withholding", number, name.error().WithContext("taxpayer name"));
    Result<IdNumberInfo> id = ParseIdNumber(line.id_number);
    if (!id) return LineError("withholding", number, id.error().WithContext("ID number"));
    Result<IncomeType> type = ParseIncomeType(line.income_type);
    if (!type) return LineError("withholding", number, type.error());
    if (line.gross_fen <= 0) {
      return LineError("withholding", number,
                       Status::InvalidArgument("gross income must be positive, got " +
                                               std::to_string(line.gross_fen) + " fen"));
    }
    if (line.tax_fen < 0 || line.tax_fen > line.gross_fen) {
      return LineError("withholding", number,
                       Status::InvalidArgument("tax withheld must be between 0 and the gross " +
                                               std::to_string(line.gross_fen) + " fen, got " +
                                               std::to_string(line.tax_fen)));
    }
    if (!AddChecked(total_gross, line.gross_fen) || !AddChecked(total_tax, line.tax_fen)) {
      return LineError("withholding", number,
                       Status::InvalidArgument("report total overflows; split the report"));
    }
    out.append("D");
    AppendField(out, Pad6(number));
    AppendField(out, name.value());
    AppendField(out, id->number);
    AppendField(out, type->code);
    AppendField(out, type->name);
    AppendField(out, std::to_string(line.gross_fen));
    AppendField(out, std::to_string(line.tax_fen));
    out.append(kEol);
  }
  out.append("T");
  AppendField(out, std::to_string(report.lines.size()));
  AppendField(out, std::to_string(total_gross));
  AppendField(out, std::to_string(total_tax));
  out.append(kEol);
  return out;
}

std::string DescribeBatch(const PaymentBatch& batch) {
  // Sums in unsigned arithmetic: the input may be unvalidated, and wrapping beats UB here.
  std::uint64_t total = 0;
  for (const PaymentLine& line : batch.lines) total += static_cast<std::uint64_t>(line.amount_fen);
  std::string out = "payment batch " + MaskSensitive(batch.batch_id) + " period " +
                    MaskSensitive(batch.period) + " payer " + MaskSensitive(batch.payer_name) +
                    " account " + MaskBankCard(CompactNumber(batch.payer_account)) +
                    " value date " + FormatDate(batch.value_date) + ": " +
                    CountOf(batch.lines.size()) + ", total " +
                    internal::FenToYuan(static_cast<std::int64_t>(total)) + " yuan";
  for (std::size_t i = 0; i < batch.lines.size() && i < kMaxDescribedLines; ++i) {
    const PaymentLine& line = batch.lines[i];
    out += "; " + std::to_string(i + 1) + " " + MaskName(line.payee_name) + " " +
           MaskIdNumber(Trim(line.id_number)) + " " +
           MaskBankCard(CompactNumber(line.card_number)) + " " +
           internal::FenToYuan(line.amount_fen);
  }
  if (batch.lines.size() > kMaxDescribedLines) {
    out += "; ... " + std::to_string(batch.lines.size() - kMaxDescribedLines) + " more";
  }
  return out;
}

std::string DescribeWithholdingReport(const WithholdingReport& report) {
  std::uint64_t gross = 0;
  std::uint64_t tax = 0;
  for (const WithholdingLine& line : report.lines) {
    gross += static_cast<std::uint64_t>(line.gross_fen);
    tax += static_cast<std::uint64_t>(line.tax_fen);
  }
  std::string out = "withholding report " + MaskSensitive(report.report_id) + " period " +
                    MaskSensitive(report.period) + " agent " +
                    MaskSensitive(report.withholding_agent_name) + ": " +
                    CountOf(report.lines.size()) + ", gross " +
                    internal::FenToYuan(static_cast<std::int64_t>(gross)) + " yuan, tax " +
                    internal::FenToYuan(static_cast<std::int64_t>(tax)) + " yuan";
  for (std::size_t i = 0; i < report.lines.size() && i < kMaxDescribedLines; ++i) {
    const WithholdingLine& line = report.lines[i];
    out += "; " + std::to_string(i + 1) + " " + MaskName(line.taxpayer_name) + " " +
           MaskIdNumber(Trim(line.id_number)) + " " + MaskSensitive(line.income_type) + " " +
           internal::FenToYuan(line.gross_fen) + "/" + internal::FenToYuan(line.tax_fen);
  }
  if (report.lines.size() > kMaxDescribedLines) {
    out += "; ... " + std::to_string(report.lines.size() - kMaxDescribedLines) + " more";
  }
  return out;
}

}  // namespace huicai::connectors
