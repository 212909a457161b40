#pragma once
// Sample values with every field set to something other than its default, and field-by-field
// checks, so a round trip that drops or mixes up any field fails.
#include <boost/test/unit_test.hpp>
#include <ostream>

#include "core/status.h"
#include "core/types.h"
#include "exchange/backend.h"
#include "tests/support/print.h"

namespace huicai::exchange::testing {

inline Talent SampleTalent(PersonId id = 42) {
  Talent t;
  t.person_id = id;
  t.name = "王晓明";
  t.tier = TalentTier::kB;
  t.card_number = "SD2023B000123";
  t.employer = "山东农业大学";
  t.employer_credit_code = "12370000495570146B";
  t.disciplines = {"210", "21020"};
  t.industries = {"A01", "A05"};
  t.title = "研究员";
  t.specialties = "果树 病虫害 防治";
  t.region_code = "371302";
  t.days_available = 30;
  t.grassroots_days_served = 7;
  t.in_programme = true;
  return t;
}

inline Need SampleNeed() {
  Need n;
  n.id = 17;
  n.unit = "沂南县苹果合作社";
  n.unit_credit_code = "93371321MA3C12345X";
  n.region_code = "371321";
  n.title = "苹果腐烂病防治";
  n.description = "连续两年腐烂病严重，需要专家现场指导";
  n.disciplines = {"21020"};
  n.days = 10;
  n.headcount = 2;
  n.window_start = Date{2024, 3, 1};
  n.window_end = Date{2024, 6, 30};
  n.status = NeedStatus::kMatched;
  return n;
}

inline Station SampleStation(StationId id = 5) {
  Station s;
  s.id = id;
  s.name = "蒙阴县蜜桃人才驿站";
  s.kind = StationKind::kStation;
  s.host_unit = "蒙阴县科学技术局";
  s.region_code = "371328";
  s.type = StationType::kInnovation;
  s.disciplines = {"210", "21020"};
  s.description = "组织蜜桃栽培专家开展技术对接";
  return s;
}

inline Proposal SampleProposal(NeedId need = 17, PersonId person = 42) {
  Proposal p;
  p.need_id = need;
  p.person_id = person;
  p.round = "2024-03-r1";
  p.score = 0.875;
  p.parts = {{"text", 0.5, "shared terms: 苹果 腐烂病"},
             {"region", 0.25, "same city 3713"},
             {"load", 0.125, "7 of 30 days used"}};
  p.status = ProposalStatus::kAccepted;
  return p;
}

inline void CheckSameTalent(const Talent& a, const Talent& b) {
  BOOST_TEST(a.person_id == b.person_id);
  BOOST_TEST(a.name == b.name);
  BOOST_TEST(static_cast<int>(a.tier) == static_cast<int>(b.tier));
  BOOST_TEST(a.card_number == b.card_number);
  BOOST_TEST(a.employer == b.employer);
  BOOST_TEST(a.employer_credit_code == b.employer_credit_code);
  BOOST_TEST(a.disciplines == b.disciplines, boost::test_tools::per_element());
  BOOST_TEST(a.industries == b.industries, boost::test_tools::per_element());
  BOOST_TEST(a.title == b.title);
  BOOST_TEST(a.specialties == b.specialties);
  BOOST_TEST(a.region_code == b.region_code);
  BOOST_TEST(a.days_available == b.days_available);
  BOOST_TEST(a.grassroots_days_served == b.grassroots_days_served);
  BOOST_TEST(a.in_programme == b.in_programme);
}

inline void CheckSameNeed(const Need& a, const Need& b) {
  BOOST_TEST(a.id == b.id);
  BOOST_TEST(a.unit == b.unit);
  BOOST_TEST(a.unit_credit_code == b.unit_credit_code);
  BOOST_TEST(a.region_code == b.region_code);
  BOOST_TEST(a.title == b.title);
  BOOST_TEST(a.description == b.description);
  BOOST_TEST(a.disciplines == b.disciplines, boost::test_tools::per_element());
  BOOST_TEST(a.days == b.days);
  BOOST_TEST(a.headcount == b.headcount);
  BOOST_TEST(FormatDate(a.window_start) == FormatDate(b.window_start));
  BOOST_TEST(FormatDate(a.window_end) == FormatDate(b.window_end));
  BOOST_TEST(static_cast<int>(a.status) == static_cast<int>(b.status));
}

inline void CheckSameProposal(const Proposal& a, const Proposal& b) {
  BOOST_TEST(a.need_id == b.need_id);
  BOOST_TEST(a.person_id == b.person_id);
  BOOST_TEST(a.round == b.round);
  BOOST_TEST(a.score == b.score);
  BOOST_TEST_REQUIRE(a.parts.size() == b.parts.size());
  for (size_t i = 0; i < a.parts.size(); ++i) {
    BOOST_TEST(a.parts[i].name == b.parts[i].name);
    BOOST_TEST(a.parts[i].value == b.parts[i].value);
    BOOST_TEST(a.parts[i].detail == b.parts[i].detail);
  }
  BOOST_TEST(static_cast<int>(a.status) == static_cast<int>(b.status));
}

}  // namespace huicai::exchange::testing
