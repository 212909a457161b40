// exchange_fuzz: libFuzzer target for the exchange server's request path. Each input is the
// bytes one connection sends: they go through the server's framed transport, its strict binary
// protocol with the server's limits, the generated HubServiceProcessor and the real HubHandler
// over a seeded FakeBackend, all in memory (no sockets). Thrift exceptions on bad input are the
// expected way to refuse it (the server then closes that connection); anything else that goes
// wrong traps: a sanitizer report, a reply that is not one well-formed frame holding one Thrift
// reply, or a call record that carries an ID number, phone or card.
// Thread-safety: libFuzzer calls LLVMFuzzerTestOneInput from one thread; state is static.
#include <thrift/TApplicationException.h>
#include <thrift/Thrift.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/protocol/TProtocolException.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TTransportException.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "core/types.h"
#include "exchange/backend.h"
#include "exchange/internal/handler.h"
#include "exchange/internal/transport.h"
#include "exchange/server.h"
#include "huicai_thrift_gen/HubService.h"
#include "tests/exchange/fake_backend.h"
#include "tests/exchange/fuzz/fuzz_world.h"

namespace huicai::exchange::fuzz {
namespace {

namespace tt = apache::thrift::transport;
namespace tp = apache::thrift::protocol;

// The backend keeps what calls post (needs, records, service requests); it is rebuilt after
// this many inputs so a long run neither grows without bound nor slows down (getServiceArchive
// returns every event).
constexpr int kInputsPerWorld = 2000;

Talent MakeTalent(PersonId id, std::string name, TalentTier tier, std::string card) {
  Talent t;
  t.person_id = id;
  t.name = std::move(name);
  t.tier = tier;
  t.card_number = std::move(card);
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

Need MakeNeed(NeedId id, NeedStatus status) {
  Need n;
  n.id = id;
  n.unit = "沂南县苹果合作社";
  n.unit_credit_code = "93371321MA3C12345X";
  n.region_code = "371321";
  n.title = "苹果腐烂病防治";
  n.description = "连续两年腐烂病严重，需要专家现场指导";
  n.disciplines = {"21020"};
  n.days = 10;
  n.headcount = 2;
  n.window_start = Date{2026, 3, 1};
  n.window_end = Date{2026, 6, 30};
  n.status = status;
  return n;
}

Proposal MakeProposal(NeedId need, PersonId person, ProposalStatus status) {
  Proposal p;
  p.need_id = need;
  p.person_id = person;
  p.round = kRound;
  p.score = 0.875;
  p.parts = {{"text", 0.5, "shared terms: 苹果 腐烂病"}, {"region", 0.375, "same city 3713"}};
  p.status = status;
  return p;
}

std::unique_ptr<testing::FakeBackend> MakeBackend() {
  auto backend = std::make_unique<testing::FakeBackend>();
  backend->AddTalent(MakeTalent(kTalentId, "王晓明", TalentTier::kB, kCardNumber));
  backend->AddTalent(MakeTalent(kOtherTalentId, "Anna Berg", TalentTier::kA, "SD2024A000007"));
  backend->SetHolderId(kTalentId, kHolderIdNumber);

  Person holder;
  holder.id = kTalentId;
  holder.id_number = kHolderIdNumber;
  holder.name = "王晓明";
  holder.gender = Gender::kMale;
  holder.birth_date = Date{1980, 1, 1};
  holder.region_code = "371302";
  holder.nationality = "CHN";
  holder.mobile = kHolderMobile;
  backend->AddPerson(holder);
  Person other;
  other.id = kPersonId;
  other.name = "李娜";
  other.gender = Gender::kFemale;
  other.region_code = "371321";
  other.nationality = "CHN";
  other.passport = "E12345678";
  backend->AddPerson(other);

  backend->AddNeed(MakeNeed(kOpenNeedId, NeedStatus::kOpen));
  backend->AddNeed(MakeNeed(kMatchedNeedId, NeedStatus::kMatched));
  backend->AddProposals(kOpenNeedId,
                        {MakeProposal(kOpenNeedId, kTalentId, ProposalStatus::kProposed),
                         MakeProposal(kOpenNeedId, kOtherTalentId, ProposalStatus::kAccepted)});
  backend->AddProposals(kMatchedNeedId,
                        {MakeProposal(kMatchedNeedId, kTalentId, ProposalStatus::kCompleted)});

  backend->AddChange({1, "talent", kTalentId, "upsert", "371302"});
  backend->AddChange({2, "need", kOpenNeedId, "upsert", "371321"});
  backend->AddChange({3, "proposal", kOpenNeedId, "upsert", "371321"});
  backend->AddChange({4, "person", kPersonId, "delete", ""});

  MatchSummary summary;
  summary.round = kRound;
  summary.ran_at = "2026-11-20T08:00:00Z";
  summary.needs = 2;
  summary.needs_filled = 1;
  summary.slots = 4;
  summary.proposals = 3;
  summary.mean_score = 0.8;
  summary.optimal = true;
  summary.unfilled = {{kMatchedNeedId, "no expert with discipline 21020 left"}};
  backend->SetMatchSummary(summary);
  return backend;
}

bool Contains(std::string_view text, std::string_view secret) {
  return text.find(secret) != std::string_view::npos;
}

// The call log must never carry an ID number, phone or card (STYLE and server.h).
void CheckCallRecord(const CallRecord& record) {
  auto leaks = [](std::string_view text) {
    return Contains(text, kHolderIdNumber) || Contains(text, kHolderMobile) ||
           Contains(text, kCardNumber);
  };
  if (leaks(record.message)) __builtin_trap();
  for (const std::string& s : record.subjects) {
    if (leaks(s)) __builtin_trap();
  }
  for (const std::string& s : record.fields) {
    if (leaks(s)) __builtin_trap();
  }
}

// One backend, hook and handler for many inputs, as one server connection would have them.
struct World {
  World()
      : limits{ServerOptions{}.max_frame_bytes, ServerOptions{}.max_container_items,
               ServerOptions{}.max_string_bytes},
        frames(limits),
        protocols(internal::MakeProtocolFactory(limits)),
        hook(&CheckCallRecord) {
    Rebuild();
  }

  void Rebuild() {
    processor.reset();
    handler.reset();
    backend = MakeBackend();
    handler = std::make_shared<internal::HubHandler>(*backend, hook, "127.0.0.1:40000",
                                                     /*tls=*/nullptr, /*rights=*/nullptr,
                                                     /*limiter=*/nullptr);
    processor = std::make_unique<internal::wire::HubServiceProcessor>(handler);
    inputs = 0;
  }

  internal::WireLimits limits;
  internal::LimitedFramedTransportFactory frames;
  std::shared_ptr<tp::TProtocolFactory> protocols;
  internal::CallHook hook;
  std::unique_ptr<testing::FakeBackend> backend;
  std::shared_ptr<internal::HubHandler> handler;  // shared: the generated processor wants one
  std::unique_ptr<internal::wire::HubServiceProcessor> processor;
  int inputs = 0;
};

World& TheWorld() {
  static World* world = [] {
    internal::SetDiagnosticSink({});  // Thrift's "received invalid message type" lines: dropped
    return new World();               // never destroyed: libFuzzer may exit from any input
  }();
  return *world;
}

std::uint32_t BigEndian32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

struct MessageHead {
  std::string name;
  tp::TMessageType type = tp::T_CALL;
  std::int32_t seq = 0;
};

// Reads the head of the one strict-binary message framed in `frame` (frame length included);
// when `whole`, the message body is skipped too and must end exactly at the frame's end.
// Throws TException when it does not decode.
MessageHead ReadFramedMessage(const std::uint8_t* frame, std::size_t size, bool whole) {
  if (size < 4) throw tt::TTransportException(tt::TTransportException::END_OF_FILE);
  const std::uint32_t declared = BigEndian32(frame);
  if (declared > size - 4) throw tt::TTransportException(tt::TTransportException::END_OF_FILE);
  auto payload = std::make_shared<tt::TMemoryBuffer>(const_cast<std::uint8_t*>(frame + 4), declared,
                                                     tt::TMemoryBuffer::OBSERVE);
  tp::TBinaryProtocol reader(payload, 0, 0, /*strict_read=*/true, /*strict_write=*/true);
  MessageHead head;
  reader.readMessageBegin(head.name, head.type, head.seq);
  if (whole) {
    reader.skip(tp::T_STRUCT);
    reader.readMessageEnd();
    if (payload->available_read() != 0) __builtin_trap();  // bytes after the message
  }
  return head;
}

// What a client relies on: no reply at all (the server closes the connection), or exactly one
// frame whose declared length is the bytes that follow, holding one strict-binary REPLY or
// EXCEPTION message that decodes to its end and answers the request's method and sequence id.
void CheckReply(const std::uint8_t* request, std::size_t request_size, const std::string& reply) {
  if (reply.empty()) return;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(reply.data());
  if (reply.size() < 4 || BigEndian32(bytes) == 0 || BigEndian32(bytes) != reply.size() - 4) {
    __builtin_trap();  // not one frame
  }
  MessageHead answer;
  MessageHead asked;
  try {
    answer = ReadFramedMessage(bytes, reply.size(), /*whole=*/true);
  } catch (const apache::thrift::TException&) {
    __builtin_trap();  // the server wrote something its own clients cannot read
  }
  if (answer.type != tp::T_REPLY && answer.type != tp::T_EXCEPTION) __builtin_trap();
  try {
    asked = ReadFramedMessage(request, request_size, /*whole=*/false);
  } catch (const apache::thrift::TException&) {
    __builtin_trap();  // answered a request whose head does not even decode
  }
  if (answer.name != asked.name || answer.seq != asked.seq) __builtin_trap();
}

}  // namespace
}  // namespace huicai::exchange::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using huicai::exchange::fuzz::TheWorld;
  namespace tt = apache::thrift::transport;
  huicai::exchange::fuzz::World& world = TheWorld();
  if (++world.inputs > huicai::exchange::fuzz::kInputsPerWorld) world.Rebuild();

  // OBSERVE reads libFuzzer's buffer in place (never writes it). An empty input gets an empty
  // buffer of its own: TMemoryBuffer would otherwise memcpy zero bytes from a null pointer.
  // Sizes past 4 GiB cannot arrive (libFuzzer's -max_len is far below).
  auto in = size == 0 ? std::make_shared<tt::TMemoryBuffer>()
                      : std::make_shared<tt::TMemoryBuffer>(const_cast<std::uint8_t*>(data),
                                                            static_cast<std::uint32_t>(size),
                                                            tt::TMemoryBuffer::OBSERVE);
  auto out = std::make_shared<tt::TMemoryBuffer>();
  // As TThreadPoolServer does for each connection: one factory-made transport and protocol each
  // way over the connection's bytes.
  auto in_frames = world.frames.getTransport(in);
  auto out_frames = world.frames.getTransport(out);
  auto in_protocol = world.protocols->getProtocol(in_frames);
  auto out_protocol = world.protocols->getProtocol(out_frames);
  try {
    world.processor->process(in_protocol, out_protocol, nullptr);
  } catch (const apache::thrift::TException&) {
    // Malformed, truncated or oversized input: the server drops that connection.
  }
  huicai::exchange::fuzz::CheckReply(data, size, out->getBufferAsString());
  return 0;
}
