// hub: outbound batches for partners — the month's allowance payments for the talent-card
// bank and the matching tax withholding report, built from the store and written by
// connectors/ with a detached signature.
#include "connectors/outbound.h"

#include <spdlog/spdlog.h>

#include "hub/hub.h"
#include "hub/internal/impl.h"

namespace huicai::hub {

namespace {

struct Payee {
  std::string name, id_number, card_number;
  std::int64_t amount_fen = 0;
};

bool ValidPeriod(std::string_view period) {
  return period.size() == 7 && period[4] == '-' &&
         ParseIsoDate(std::string(period) + "-01").has_value();
}

std::int64_t MonthlyAllowance(const AllowanceSettings& a, TalentTier tier) {
  switch (tier) {
    case TalentTier::kA:
      return a.tier_a_fen;
    case TalentTier::kB:
      return a.tier_b_fen;
    case TalentTier::kC:
      return a.tier_c_fen;
    case TalentTier::kD:
      return a.tier_d_fen;
    case TalentTier::kNone:
      break;
  }
  return 0;
}

// Individual income tax withheld on labour remuneration (IIT Law art. 6 and the withholding
// rules): 800 yuan deducted up to 4,000, 20 % deducted above; 20 % rate, 30 % above 20,000 of
// taxable income less 2,000, 40 % above 50,000 less 7,000. All in fen.
std::int64_t LabourRemunerationTax(std::int64_t gross) {
  const std::int64_t taxable =
      gross <= 400000 ? std::max<std::int64_t>(0, gross - 80000) : gross * 8 / 10;
  if (taxable <= 2000000) return taxable * 20 / 100;
  if (taxable <= 5000000) return taxable * 30 / 100 - 200000;
  return taxable * 40 / 100 - 700000;
}

}  // namespace

// Checks the period and makes the output folder.
static Status Prepare(std::string_view period, const std::filesystem::path& dir) {
  if (!ValidPeriod(period)) {
    return Status::InvalidArgument("period must be a month as YYYY-MM, got \"" +
                                   std::string(period) + "\"");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Unavailable("cannot create " + dir.string() + ": " + ec.message());
  return Status::Ok();
}

// Signs and writes the formatted batch and fills in where it went.
static Status Write(std::string_view id, const std::string& text, const std::filesystem::path& dir,
                    const std::filesystem::path& private_key_pem, OutboundReport& report) {
  HUICAI_ASSIGN_OR_RETURN(connectors::WrittenBatch written,
                          connectors::WriteSignedBatch(dir, id, text, private_key_pem));
  report.file = written.file.string();
  report.signature = written.signature.string();
  report.sha256 = written.sha256_hex;
  report.already_existed = written.already_existed;
  return Status::Ok();
}

// Talents with a tier, their ID number and the card account the bank holds for them.
static Result<std::vector<Payee>> Payees(store::Store& store, const AllowanceSettings& settings,
                                         std::int64_t& skipped) {
  HUICAI_ASSIGN_OR_RETURN(std::vector<Talent> talents, store.ListTalents());
  std::vector<Payee> payees;
  for (const Talent& t : talents) {
    const std::int64_t amount = MonthlyAllowance(settings, t.tier);
    if (amount <= 0) continue;
    HUICAI_ASSIGN_OR_RETURN(Person person, store.GetPerson(t.person_id));
    HUICAI_ASSIGN_OR_RETURN(auto records, store.ListPartnerRecords(t.person_id));
    std::string card;
    for (const auto& r : records) {
      if (r.kind != "card_account") continue;
      auto it = r.fields.find("card_number");
      if (it != r.fields.end()) card = it->second;  // the newest account wins
    }
    if (card.empty() || person.id_number.empty()) {
      ++skipped;
      continue;
    }
    payees.push_back({person.name.empty() ? t.name : person.name, person.id_number, card, amount});
  }
  return payees;
}

// One outbound file for the month's payees: `format` gives its id, text and summary.
struct OutboundText {
  std::string id, text, summary;
};

template <typename Format>
static Result<OutboundReport> WriteForPayees(store::Store& store, const AllowanceSettings& settings,
                                             std::string_view period,
                                             const std::filesystem::path& dir,
                                             const std::filesystem::path& private_key_pem,
                                             std::string_view what, Format&& format) {
  HUICAI_RETURN_IF_ERROR(Prepare(period, dir));
  OutboundReport report;
  HUICAI_ASSIGN_OR_RETURN(std::vector<Payee> payees, Payees(store, settings, report.skipped));
  for (const Payee& p : payees) report.total_fen += p.amount_fen;
  report.lines = static_cast<std::int64_t>(payees.size());
  HUICAI_ASSIGN_OR_RETURN(OutboundText out, format(payees));
  HUICAI_RETURN_IF_ERROR(Write(out.id, out.text, dir, private_key_pem, report));
  report.summary = std::move(out.summary);
  spdlog::info("{} {}: {}", what, out.id, report.summary);
  return report;
}

Result<OutboundReport> Hub::WriteAllowancePayments(std::string_view period,
                                                   const std::filesystem::path& dir,
                                                   const std::filesystem::path& private_key_pem) {
  const AllowanceSettings& settings = impl_->config_.allowance;
  return WriteForPayees(
      impl_->store_, settings, period, dir, private_key_pem, "allowance batch",
      [&](const std::vector<Payee>& payees) -> Result<OutboundText> {
        connectors::PaymentBatch batch;
        batch.batch_id = "ALW-" + std::string(period);
        batch.period = std::string(period);
        batch.payer_name = settings.payer_name;
        batch.payer_account = settings.payer_account;
        batch.payer_credit_code = settings.payer_credit_code;
        batch.value_date = *ParseIsoDate(std::string(period) + "-25");
        for (const Payee& p : payees) {
          batch.lines.push_back(
              {p.name, p.id_number, p.card_number, p.amount_fen, "专家津贴 " + batch.period});
        }
        HUICAI_ASSIGN_OR_RETURN(std::string text, connectors::FormatPaymentBatch(batch));
        return OutboundText{batch.batch_id, std::move(text), connectors::DescribeBatch(batch)};
      });
}

Result<OutboundReport> Hub::WriteWithholdingReport(std::string_view period,
                                                   const std::filesystem::path& dir,
                                                   const std::filesystem::path& private_key_pem) {
  const AllowanceSettings& settings = impl_->config_.allowance;
  return WriteForPayees(
      impl_->store_, settings, period, dir, private_key_pem, "withholding report",
      [&](const std::vector<Payee>& payees) -> Result<OutboundText> {
        connectors::WithholdingReport tax;
        tax.report_id = "WHT-" + std::string(period);
        tax.period = std::string(period);
        tax.withholding_agent_name = settings.payer_name;
        tax.withholding_agent_credit_code = settings.payer_credit_code;
        for (const Payee& p : payees) {
          tax.lines.push_back(
              {p.name, p.id_number, p.amount_fen, LabourRemunerationTax(p.amount_fen), "02"});
        }
        HUICAI_ASSIGN_OR_RETURN(std::string text, connectors::FormatWithholdingReport(tax));
        return OutboundText{tax.report_id, std::move(text),
                            connectors::DescribeWithholdingReport(tax)};
      });
}

Status GenerateOutboundKey(const std::filesystem::path& private_pem,
                           const std::filesystem::path& public_pem) {
  std::error_code ec;
  if (private_pem.has_parent_path())
    std::filesystem::create_directories(private_pem.parent_path(), ec);
  if (public_pem.has_parent_path())
    std::filesystem::create_directories(public_pem.parent_path(), ec);
  return connectors::GenerateSigningKey(private_pem, public_pem);
}

Status VerifyOutbound(const std::filesystem::path& file, const std::filesystem::path& public_pem) {
  return connectors::VerifySignedBatch(file, public_pem);
}

}  // namespace huicai::hub
