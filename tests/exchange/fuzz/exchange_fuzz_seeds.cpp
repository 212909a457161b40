// exchange_fuzz_seeds DIR: writes the starting corpus of exchange_fuzz into DIR, one file per
// request. Each file is a real call serialised by the generated HubServiceClient through the
// client's own stack (framed transport, strict binary protocol) into memory, so the fuzzer
// starts from what a partner really sends and mutates from there.
// Exit status: 0 when every seed was written, 1 on a usage or write error (message on stderr).
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "huicai_thrift_gen/HubService.h"
#include "tests/exchange/fuzz/fuzz_world.h"

namespace {

namespace tt = apache::thrift::transport;
namespace tp = apache::thrift::protocol;
namespace wire = huicai::exchange::thrift;
namespace world = huicai::exchange::fuzz;

using Call = std::function<void(wire::HubServiceClient&)>;

// The bytes `call` puts on the wire: one frame.
std::string Serialise(const Call& call) {
  auto memory = std::make_shared<tt::TMemoryBuffer>();
  auto framed = std::make_shared<tt::TFramedTransport>(memory);
  auto protocol = std::make_shared<tp::TBinaryProtocol>(framed, 0, 0, /*strict_read=*/true,
                                                        /*strict_write=*/true);
  wire::HubServiceClient client(protocol);
  call(client);  // send_* writes the message and flushes the frame
  return memory->getBufferAsString();
}

wire::Need SampleNeed(std::int64_t id) {
  wire::Need need;
  need.id = id;
  need.unit = "沂南县苹果合作社";
  need.unitCreditCode = "93371321MA3C12345X";
  need.regionCode = "371321";
  need.title = "苹果腐烂病防治";
  need.description = "连续两年腐烂病严重，需要专家现场指导";
  need.disciplines = {"21020", "210"};
  need.days = 10;
  need.headcount = 2;
  need.windowStart = "2026-03-01";
  need.windowEnd = "2026-06-30";
  need.kind = wire::NeedKind::PROJECT;
  need.host = "沂南县专家服务基地";
  return need;
}

std::vector<wire::PartnerRecord> SampleRecords() {
  std::vector<wire::PartnerRecord> records(3);
  records[0].kind = "identity";
  records[0].sourceKey = "police|1";
  records[0].fields = {
      {"id_number", "371321199207150043"}, {"name", "李娜"}, {"region_code", "371321"}};
  records[0].watermark = "2026-11-20T08:00:00Z";
  records[1].kind = "degree";
  records[1].sourceKey = "education|7";
  records[1].fields = {{"degree", "doctor"}, {"discipline", "21020"}};
  records[2].kind = "identity";
  records[2].sourceKey = "police|2";
  records[2].deleted = true;
  return records;
}

std::map<std::string, Call> Seeds() {
  std::map<std::string, Call> seeds;
  seeds["getApiVersion"] = [](wire::HubServiceClient& c) { c.send_getApiVersion(); };
  seeds["getTalent"] = [](wire::HubServiceClient& c) { c.send_getTalent(world::kTalentId); };
  seeds["getTalent_missing"] = [](wire::HubServiceClient& c) { c.send_getTalent(-7); };
  seeds["searchTalents"] = [](wire::HubServiceClient& c) {
    wire::TalentQuery query;
    query.text = "果树";
    query.regionPrefix = "3713";
    query.__set_tier(wire::TalentTier::B);
    query.disciplinePrefix = "210";
    query.limit = 5;
    c.send_searchTalents(query);
  };
  seeds["searchTalents_bad"] = [](wire::HubServiceClient& c) {
    wire::TalentQuery query;
    query.text = "(";
    query.limit = 5000;
    c.send_searchTalents(query);
  };
  seeds["postNeed"] = [](wire::HubServiceClient& c) { c.send_postNeed(SampleNeed(0)); };
  seeds["listProposals"] = [](wire::HubServiceClient& c) {
    c.send_listProposals(world::kOpenNeedId);
  };
  seeds["verifyCard"] = [](wire::HubServiceClient& c) {
    c.send_verifyCard(world::kCardNumber, world::kHolderIdNumber);
  };
  seeds["getPerson"] = [](wire::HubServiceClient& c) { c.send_getPerson(world::kTalentId); };
  seeds["getPerson_passport"] = [](wire::HubServiceClient& c) {
    c.send_getPerson(world::kPersonId);
  };
  seeds["submitRecords"] = [](wire::HubServiceClient& c) { c.send_submitRecords(SampleRecords()); };
  seeds["changesSince"] = [](wire::HubServiceClient& c) { c.send_changesSince(1, 2); };
  seeds["updateNeed"] = [](wire::HubServiceClient& c) {
    c.send_updateNeed(SampleNeed(world::kOpenNeedId));
  };
  seeds["acceptProposal"] = [](wire::HubServiceClient& c) {
    c.send_acceptProposal(world::kOpenNeedId, world::kTalentId);
  };
  seeds["declineProposal"] = [](wire::HubServiceClient& c) {
    c.send_declineProposal(world::kOpenNeedId, world::kOtherTalentId, "生病住院");
  };
  seeds["completeProposal"] = [](wire::HubServiceClient& c) {
    c.send_completeProposal(world::kMatchedNeedId, world::kTalentId, 12);
  };
  seeds["getMatchReport"] = [](wire::HubServiceClient& c) { c.send_getMatchReport(world::kRound); };
  seeds["submitServiceRequest"] = [](wire::HubServiceClient& c) {
    c.send_submitServiceRequest(world::kTalentId, {"hukou", "housing", "children_school"},
                                "急需办理");
  };
  seeds["updateItem"] = [](wire::HubServiceClient& c) {
    c.send_updateItem(101, wire::ServiceItemStatus::DELAYED, "材料不全", "2026-12-15");
  };
  seeds["getServiceRequest"] = [](wire::HubServiceClient& c) { c.send_getServiceRequest(1); };
  seeds["getServiceArchive"] = [](wire::HubServiceClient& c) {
    c.send_getServiceArchive(world::kTalentId);
  };
  seeds["searchPolicies"] = [](wire::HubServiceClient& c) {
    wire::PolicyQuery q;
    q.text = "人才驿站 评估";
    q.limit = 5;
    c.send_searchPolicies(q);
  };
  return seeds;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: exchange_fuzz_seeds DIR   (writes one request per file into DIR)\n";
    return 1;
  }
  const std::filesystem::path dir = argv[1];
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    std::cerr << "exchange_fuzz_seeds: cannot create " << dir << ": " << error.message() << "\n";
    return 1;
  }
  int written = 0;
  for (const auto& [name, call] : Seeds()) {
    const std::string bytes = Serialise(call);
    std::ofstream file(dir / (name + ".bin"), std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!file) {
      std::cerr << "exchange_fuzz_seeds: cannot write " << (dir / (name + ".bin")) << "\n";
      return 1;
    }
    ++written;
  }
  std::cout << "exchange_fuzz_seeds: " << written << " requests in " << dir.string() << "\n";
  return 0;
}
