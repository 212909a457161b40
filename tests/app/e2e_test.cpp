// End to end: the `huicai` binary as a user runs it — the demo pipeline on a small dataset,
// check-id, and the C++ client against a running `huicai serve`.
#define BOOST_TEST_MODULE app_test
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>

#include "core/mask.h"
#include "core/service.h"
#include "core/types.h"
#include "exchange/client.h"

namespace fs = std::filesystem;

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
};

// Runs a shell command; stdout captured, stderr passed through.
Run RunCommand(const std::string& command) {
  Run run;
  FILE* pipe = ::popen(command.c_str(), "r");
  BOOST_REQUIRE(pipe != nullptr);
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string Huicai() { return HUICAI_BINARY; }

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("huicai-e2e-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// The demo's data, made once for the whole suite.
struct DemoFixture {
  TempDir dir;
  Run demo;
  fs::path config;
  DemoFixture() {
    demo = RunCommand("cd " + dir.path.string() + " && HUICAI_TODAY=2026-11-24 " + Huicai() +
                      " demo --talents 400 --needs 30 --dir " + (dir.path / "demo").string());
    config = dir.path / "demo" / "huicai.toml";
  }
};

DemoFixture& Demo() {
  static DemoFixture fixture;
  return fixture;
}

// A running `huicai serve` on a free port; stopped with SIGTERM. With `log`, it logs every
// call (-v) into that file instead of the test's stderr.
class ServeProcess {
 public:
  explicit ServeProcess(const fs::path& config, const fs::path& log = {}) {
    int fds[2];
    BOOST_REQUIRE(::pipe(fds) == 0);
    pid_ = ::fork();
    BOOST_REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      if (log.empty()) {
        ::execl(HUICAI_BINARY, HUICAI_BINARY, "-c", config.c_str(), "serve", "--port", "0",
                static_cast<char*>(nullptr));
      } else {
        const int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (err < 0 || ::dup2(err, STDERR_FILENO) < 0) ::_exit(126);
        ::execl(HUICAI_BINARY, HUICAI_BINARY, "-v", "-c", config.c_str(), "serve", "--port", "0",
                static_cast<char*>(nullptr));
      }
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = ::fdopen(fds[0], "r");
    char line[512] = {0};
    BOOST_REQUIRE_MESSAGE(std::fgets(line, sizeof line, out_) != nullptr,
                          "huicai serve printed nothing");
    const std::string text = line;
    const auto colon = text.rfind(':');
    BOOST_REQUIRE_MESSAGE(
        text.find("listening on") != std::string::npos && colon != std::string::npos,
        "unexpected first line: " << text);
    port_ = std::stoi(text.substr(colon + 1));
  }
  int Stop() {
    if (pid_ <= 0) return exit_code_;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    std::fclose(out_);
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_code_;
  }
  ~ServeProcess() { Stop(); }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  int port_ = 0;
  int exit_code_ = -1;
};

}  // namespace

BOOST_AUTO_TEST_CASE(demo_runs_the_whole_pipeline_and_agrees_with_gold_truth) {
  const auto& demo = Demo().demo;
  BOOST_TEST_INFO("demo output:\n" << demo.out);
  BOOST_REQUIRE_EQUAL(demo.exit_code, 0);
  BOOST_TEST(demo.out.find("1. Partner databases written") != std::string::npos);
  BOOST_TEST(demo.out.find("(agrees)") != std::string::npos);
  BOOST_TEST(demo.out.find("needs filled") != std::string::npos);
  BOOST_TEST(demo.out.find("score ") != std::string::npos);  // proposals printed with scores
  BOOST_TEST(fs::exists(Demo().config));
}

BOOST_AUTO_TEST_CASE(demo_output_shows_no_id_number_or_card_unmasked) {
  const std::string& out = Demo().demo.out;
  BOOST_REQUIRE(!out.empty());
  size_t run = 0;
  size_t longest = 0;
  for (char c : out) {
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  BOOST_TEST(longest < 15u, "a run of " << longest << " digits in the demo output");
  BOOST_TEST(out.find("****") != std::string::npos);  // masked keys are shown
}

BOOST_AUTO_TEST_CASE(search_after_demo_finds_talents_in_a_region_by_name) {
  const Run run =
      RunCommand(Huicai() + " -c " + Demo().config.string() + " search --region 山东 --json");
  BOOST_REQUIRE_EQUAL(run.exit_code, 0);
  BOOST_TEST(run.out.find("\"region_prefix\": \"37\"") != std::string::npos);
  BOOST_TEST(run.out.find("\"person_id\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(quarantine_listing_masks_names_and_identifiers_in_raw_values) {
  const Run run = RunCommand(Huicai() + " -c " + Demo().config.string() +
                             " quarantine list --partner police --reason bad_id_check --json");
  BOOST_REQUIRE_EQUAL(run.exit_code, 0);
  BOOST_REQUIRE(run.out.find("\"XM\"") != std::string::npos);
  // Every police name in the raw values is masked (张* style), and no ID number is whole.
  size_t at = 0;
  int names = 0;
  while ((at = run.out.find("\"XM\": \"", at)) != std::string::npos) {
    at += 7;
    const size_t end = run.out.find('"', at);
    BOOST_TEST(run.out.substr(at, end - at).find('*') != std::string::npos);
    ++names;
  }
  BOOST_TEST(names > 0);
  size_t digits = 0, longest = 0;
  for (char c : run.out) {
    digits = (c >= '0' && c <= '9') ? digits + 1 : 0;
    longest = std::max(longest, digits);
  }
  BOOST_TEST(longest < 15u);
}

BOOST_AUTO_TEST_CASE(sync_status_lists_the_demo_runs_and_checkpoints_stay_masked) {
  const Run run = RunCommand(Huicai() + " -c " + Demo().config.string() + " sync status --json");
  BOOST_REQUIRE_EQUAL(run.exit_code, 0);
  // One finished run per partner, newest first.
  size_t finished = 0;
  for (size_t at = 0; (at = run.out.find("\"status\": \"finished\"", at)) != std::string::npos;
       ++at) {
    ++finished;
  }
  BOOST_TEST(finished == 6u);
  BOOST_TEST(run.out.find("\"partner\": \"insurance\"") != std::string::npos);
  size_t digits = 0, longest = 0;
  for (char c : run.out) {
    digits = (c >= '0' && c <= '9') ? digits + 1 : 0;
    longest = std::max(longest, digits);
  }
  BOOST_TEST(longest < 15u);  // checkpoints hold keys such as ID numbers: masked
}

BOOST_AUTO_TEST_CASE(person_show_says_how_each_record_was_linked) {
  // Old degrees without ID number were linked by name, birth date and gender: find one.
  bool seen_probabilistic = false;
  for (int id = 1; id <= 400 && !seen_probabilistic; ++id) {
    const Run run = RunCommand(Huicai() + " -c " + Demo().config.string() + " person show " +
                               std::to_string(id));
    if (run.exit_code != 0) continue;
    BOOST_REQUIRE(run.out.find("How each record was linked") != std::string::npos);
    if (run.out.find("probabilistic") == std::string::npos) continue;
    seen_probabilistic = true;
    // The evidence waterfall: each field's weight, the prior and the probability.
    BOOST_TEST(run.out.find("birth_date") != std::string::npos);
    BOOST_TEST(run.out.find("probability") != std::string::npos);
    BOOST_TEST(run.out.find("prior") != std::string::npos);
  }
  BOOST_TEST(seen_probabilistic);
}

BOOST_AUTO_TEST_CASE(quarantine_resolve_refuses_a_row_that_is_not_for_review) {
  const Run list = RunCommand(Huicai() + " -c " + Demo().config.string() +
                              " quarantine list --reason bad_id_check --limit 1 --json");
  BOOST_REQUIRE_EQUAL(list.exit_code, 0);
  const size_t at = list.out.find("\"id\": ");
  BOOST_REQUIRE(at != std::string::npos);
  const std::string id = list.out.substr(at + 6, list.out.find_first_of(",\n", at) - at - 6);
  const Run run = RunCommand(Huicai() + " -c " + Demo().config.string() + " quarantine resolve " +
                             id + " --new-person 2>&1");
  BOOST_TEST(run.exit_code != 0);
  BOOST_TEST(run.out.find("still fails validation") != std::string::npos, run.out);
  const Run neither = RunCommand(Huicai() + " -c " + Demo().config.string() +
                                 " quarantine resolve " + id + " 2>&1");
  BOOST_TEST(neither.exit_code != 0);
  BOOST_TEST(neither.out.find("--new-person") != std::string::npos, neither.out);
}

BOOST_AUTO_TEST_CASE(a_planner_reads_the_round_answers_a_proposal_and_sees_it_counted) {
  const std::string h = Huicai() + " -c " + Demo().config.string();
  const Run report = RunCommand(h + " match report");
  BOOST_REQUIRE_EQUAL(report.exit_code, 0);
  for (const char* line : {"needs filled", "priority-area needs filled", "15-day pace", "Gini",
                           "greedy baseline", "proven optimal", "Answers so far"}) {
    BOOST_TEST(report.out.find(line) != std::string::npos, line);
  }
  // Take the first proposal of the round and decline it: the freed place is re-matched.
  const Run listed = RunCommand(h + " proposals --json");
  BOOST_REQUIRE_EQUAL(listed.exit_code, 0);
  const auto field = [&](const std::string& name) {
    const size_t at = listed.out.find("\"" + name + "\": ");
    BOOST_REQUIRE(at != std::string::npos);
    const size_t from = at + name.size() + 4;
    return listed.out.substr(from, listed.out.find_first_of(",\n", from) - from);
  };
  const std::string need = field("need_id"), expert = field("person_id");
  const Run explain = RunCommand(h + " match explain " + need + " " + expert);
  BOOST_REQUIRE_EQUAL(explain.exit_code, 0);
  BOOST_TEST(explain.out.find("cost part") != std::string::npos, explain.out);
  BOOST_TEST(explain.out.find("proposed in round") != std::string::npos, explain.out);
  const Run no_reason = RunCommand(h + " proposals decline " + need + " " + expert + " 2>&1");
  BOOST_TEST(no_reason.exit_code != 0);
  BOOST_TEST(no_reason.out.find("--reason") != std::string::npos, no_reason.out);
  const Run declined =
      RunCommand(h + " proposals decline " + need + " " + expert + " --reason 出差 --json");
  BOOST_REQUIRE_EQUAL(declined.exit_code, 0);
  BOOST_TEST(declined.out.find("\"declined\"") != std::string::npos, declined.out);
  BOOST_TEST(declined.out.find("\"rematched\"") != std::string::npos, declined.out);
  const Run again = RunCommand(h + " proposals accept " + need + " " + expert + " 2>&1");
  BOOST_TEST(again.exit_code != 0);  // a declined proposal cannot be accepted
  BOOST_TEST(again.out.find("is declined") != std::string::npos, again.out);
  const Run after = RunCommand(h + " match report --json");
  BOOST_REQUIRE_EQUAL(after.exit_code, 0);
  BOOST_TEST(after.out.find("\"declined\": 1") != std::string::npos, after.out);
}

BOOST_AUTO_TEST_CASE(link_two_csv_files_by_a_mapping_writes_the_pairs_and_judges_them) {
  TempDir dir;
  const std::string header =
      "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, "
      "state, date_of_birth, soc_sec_id\n";
  {
    std::ofstream left(dir.path / "a.csv");
    left << header
         << "rec-1-org, john, smith, 12, main street, , richmond, 3121, vic, 19700101, "
            "1234567\n"
         << "rec-2-org, mary, jones, 7, king street, , carlton, 3053, vic, 19820315, 7654321\n"
         << "rec-3-org, peter, brown, 99, high street, , kew, 3101, vic, 19550720, 1111111\n";
    std::ofstream right(dir.path / "b.csv");
    right << header
          << "rec-1-dup-0, jon, smith, 12, main street, , richmond, 3121, vic, "
             "19700101, 1234567\n"
          << "rec-2-dup-0, mary, jnoes, 7, king st, , carlton, 3053, vic, 19820315, 7654321\n";
  }
  const std::string mapping = std::string(HUICAI_SOURCE_DIR) + "/config/linkage/febrl.toml";
  const Run run = RunCommand(Huicai() + " link --left " + (dir.path / "a.csv").string() +
                             " --right " + (dir.path / "b.csv").string() + " --mapping " + mapping +
                             " --out " + (dir.path / "pairs.csv").string() + " --json");
  BOOST_REQUIRE_EQUAL(run.exit_code, 0);
  BOOST_TEST(run.out.find("\"f1\": 1.0") != std::string::npos, run.out);
  std::ifstream pairs(dir.path / "pairs.csv");
  std::string line, all;
  while (std::getline(pairs, line)) all += line + "\n";
  BOOST_TEST(all.find("rec-1-org,rec-1-dup-0,") != std::string::npos, all);
  BOOST_TEST(all.find("rec-2-org,rec-2-dup-0,") != std::string::npos, all);
  BOOST_TEST(all.find("rec-3-org") == std::string::npos, all);

  const Run missing =
      RunCommand(Huicai() + " link --left " + (dir.path / "a.csv").string() + " --right " +
                 (dir.path / "none.csv").string() + " --mapping " + mapping + " 2>&1");
  BOOST_TEST(missing.exit_code != 0);
  BOOST_TEST(missing.out.find("none.csv") != std::string::npos, missing.out);
}

BOOST_AUTO_TEST_CASE(search_with_an_unknown_region_name_fails_with_a_clear_error) {
  const Run run = RunCommand(Huicai() + " -c " + Demo().config.string() +
                             " search 果树 --region 不存在的地方 2>&1");
  BOOST_TEST(run.exit_code == 1);
  BOOST_TEST(run.out.find("no region named") != std::string::npos);
}

// A planner imports the published policy texts, indexes them and asks in plain words.
BOOST_AUTO_TEST_CASE(policy_texts_are_imported_once_and_found_by_plain_questions) {
  BOOST_REQUIRE_EQUAL(Demo().demo.exit_code, 0);
  const std::string h = Huicai() + " -c " + Demo().config.string();
  const std::string data = std::string(HUICAI_SOURCE_DIR) + "/tests/data/policies/";
  TempDir dir;
  std::ofstream(dir.path / "menu.txt") << "首页\n新闻中心\n扫一扫\n";  // not a policy text
  const Run imported = RunCommand(h + " policy import " + data + "000.txt " + data + "003.txt " +
                                  (dir.path / "menu.txt").string() + " --json");
  BOOST_TEST(imported.exit_code == 1, imported.out);  // one file refused
  BOOST_TEST(imported.out.find("\"outcome\": \"new\"") != std::string::npos, imported.out);
  BOOST_TEST(imported.out.find("\"outcome\": \"refused\"") != std::string::npos, imported.out);
  BOOST_TEST(imported.out.find("no title found") != std::string::npos, imported.out);
  const Run again = RunCommand(h + " policy import " + data + "003.txt --json");
  BOOST_REQUIRE_EQUAL(again.exit_code, 0);
  BOOST_TEST(again.out.find("\"outcome\": \"unchanged\"") != std::string::npos, again.out);
  BOOST_REQUIRE_EQUAL(RunCommand(h + " index").exit_code, 0);

  const Run stations = RunCommand(h + " search --kind policy 人才驿站 评估 --limit 1 --json");
  BOOST_REQUIRE_EQUAL(stations.exit_code, 0);
  BOOST_TEST(stations.out.find("\"number\": \"第十六条\"") != std::string::npos, stations.out);
  BOOST_TEST(stations.out.find("威人组发〔2020〕10号") != std::string::npos, stations.out);
  const Run days = RunCommand(h + " policy search 每年 服务基层 天数 --limit 1");
  BOOST_REQUIRE_EQUAL(days.exit_code, 0);
  BOOST_TEST(days.out.find("不少于15天") != std::string::npos, days.out);
  const Run listed = RunCommand(h + " policy list");
  BOOST_REQUIRE_EQUAL(listed.exit_code, 0);
  BOOST_TEST(listed.out.find("关于加快推进高层次人才服务体系建设的实施意见") != std::string::npos,
             listed.out);
  // The same question over the API (searchPolicies, 1.3).
  {
    ServeProcess serve(Demo().config);
    auto client = huicai::exchange::Client::Connect("127.0.0.1", serve.port());
    BOOST_REQUIRE_MESSAGE(client.has_value(), client.status().ToString());
    huicai::search::PolicyQuery q;
    q.text = "人才驿站 评估";
    q.limit = 1;
    auto page = client->SearchPolicies(q);
    BOOST_REQUIRE_MESSAGE(page.has_value(), page.status().ToString());
    BOOST_REQUIRE_EQUAL(page->hits.size(), 1u);
    BOOST_TEST(page->hits[0].number == "第十六条");
    BOOST_TEST(serve.Stop() == 0);
  }
  // Talent filters do not apply to policies, and say so.
  const Run mixed = RunCommand(h + " search --kind policy 驿站 --tier A 2>&1");
  BOOST_TEST(mixed.exit_code != 0);
  BOOST_TEST(mixed.out.find("drop them when searching policies") != std::string::npos, mixed.out);
}

BOOST_AUTO_TEST_CASE(search_facets_count_all_matches_and_narrow_down) {
  BOOST_REQUIRE_EQUAL(Demo().demo.exit_code, 0);
  const std::string h = Huicai() + " -c " + Demo().config.string();
  const Run all = RunCommand(h + " search 果树 --facets --limit 1 --json");
  BOOST_REQUIRE_EQUAL(all.exit_code, 0);
  BOOST_TEST(all.out.find("\"facets\"") != std::string::npos, all.out);
  BOOST_TEST(all.out.find("\"province\": {\n      \"37\"") != std::string::npos, all.out);
  const Run table = RunCommand(h + " search 果树 --facets --limit 1");
  BOOST_REQUIRE_EQUAL(table.exit_code, 0);
  BOOST_TEST(table.out.find("--discipline 210") != std::string::npos, table.out);
  BOOST_TEST(table.out.find("农学") != std::string::npos, table.out);
  BOOST_TEST(table.out.find("山东省") != std::string::npos, table.out);
  // 大棚 is what a county says; experts write 设施农业 (config/synonyms.txt).
  const Run greenhouse = RunCommand(h + " search 大棚 --limit 3 --json");
  BOOST_REQUIRE_EQUAL(greenhouse.exit_code, 0);
  BOOST_TEST(greenhouse.out.find("设施农业") != std::string::npos, greenhouse.out);
  // The same filters typed into the text.
  const Run typed = RunCommand(h + " search 果树 地区：临沂 --json");
  BOOST_REQUIRE_EQUAL(typed.exit_code, 0);
  BOOST_TEST(typed.out.find("\"region_prefix\": \"3713\"") != std::string::npos, typed.out);
  const Run bad = RunCommand(h + " search 果树 等级:Z 2>&1");
  BOOST_TEST(bad.exit_code == 1);
  BOOST_TEST(bad.out.find("A, B, C or D") != std::string::npos, bad.out);
}

BOOST_AUTO_TEST_CASE(stations_are_imported_from_a_list_and_searched_by_kind_and_type) {
  BOOST_REQUIRE_EQUAL(Demo().demo.exit_code, 0);
  const std::string h = Huicai() + " -c " + Demo().config.string();
  TempDir dir;
  const fs::path csv = dir.path / "stations.csv";
  std::ofstream(csv)
      << "name,kind,host_unit,region,type,disciplines,description\n"
         "蒙阴县蜜桃人才驿站,人才驿站,蒙阴县科学技术局,蒙阴县,创新型,210；21020,"
         "组织蜜桃栽培专家开展技术对接\n"
         "费县中医药专家服务基地,base,费县中医医院,371325,,360,\"中医药专家, 义诊\"\n"
         "无名驿站,station,,火星县,服务型,,\n"
         "坏类型驿站,station,,371324,超级型,,\n";
  const Run imported = RunCommand(h + " station import " + csv.string());
  BOOST_TEST(imported.exit_code == 1, imported.out);  // two rows refused, each with its line
  BOOST_TEST(imported.out.find("2 added, 0 updated, 0 unchanged, 2 refused") != std::string::npos,
             imported.out);
  BOOST_TEST(imported.out.find("line 4: region \"火星县\"") != std::string::npos, imported.out);
  BOOST_TEST(imported.out.find("line 5: type \"超级型\"") != std::string::npos, imported.out);
  const Run again = RunCommand(h + " station import " + csv.string() + " --json");
  BOOST_TEST(again.out.find("\"unchanged\": 2") != std::string::npos, again.out);
  BOOST_REQUIRE_EQUAL(RunCommand(h + " index").exit_code, 0);

  const Run peach = RunCommand(h + " search --kind station 蜜桃 --json");
  BOOST_REQUIRE_EQUAL(peach.exit_code, 0);
  BOOST_TEST(peach.out.find("\"name\": \"蒙阴县蜜桃人才驿站\"") != std::string::npos, peach.out);
  BOOST_TEST(peach.out.find("\"type\": \"创新型\"") != std::string::npos, peach.out);
  BOOST_TEST(peach.out.find("\"region_code\": \"371328\"") != std::string::npos, peach.out);
  const Run bases = RunCommand(h + " search --kind station 中医药 类型:基地 --facets");
  BOOST_REQUIRE_EQUAL(bases.exit_code, 0);
  BOOST_TEST(bases.out.find("费县中医药专家服务基地") != std::string::npos, bases.out);
  BOOST_TEST(bases.out.find("蒙阴县蜜桃人才驿站") == std::string::npos, bases.out);
  BOOST_TEST(bases.out.find("类型:base") != std::string::npos, bases.out);
  const Run typed = RunCommand(h + " search --kind station --type 创新型 --json");
  BOOST_REQUIRE_EQUAL(typed.exit_code, 0);
  BOOST_TEST(typed.out.find("\"type\": \"服务型\"") == std::string::npos, typed.out);
  BOOST_TEST(typed.out.find("蒙阴县蜜桃人才驿站") != std::string::npos, typed.out);
  // The demo's needs name the stations and bases that host their projects and activities.
  const Run listed = RunCommand(h + " station list --json");
  BOOST_TEST(listed.out.find("人才驿站\"") != std::string::npos, listed.out);
  // 类型:驿站 typed into a plain search routes to stations (and keeps bases out).
  const Run routed = RunCommand(h + " search 类型:驿站 蜜桃");
  BOOST_REQUIRE_EQUAL(routed.exit_code, 0);
  BOOST_TEST(routed.out.find("蒙阴县蜜桃人才驿站") != std::string::npos, routed.out);
  BOOST_TEST(routed.out.find("专家服务基地") == std::string::npos, routed.out);
  const Run mixed = RunCommand(h + " search --kind station 蜜桃 --tier A 2>&1");
  BOOST_TEST(mixed.exit_code != 0);
  BOOST_TEST(mixed.out.find("drop them when searching stations") != std::string::npos, mixed.out);
}

BOOST_AUTO_TEST_CASE(check_id_accepts_a_valid_number_and_names_the_failed_check) {
  Run ok = RunCommand(Huicai() + " check-id 11010519491231002X --json");
  BOOST_TEST(ok.exit_code == 0);
  BOOST_TEST(ok.out.find("\"birth_date\": \"1949-12-31\"") != std::string::npos);
  BOOST_TEST(ok.out.find("110105********002X") != std::string::npos);
  Run bad = RunCommand(Huicai() + " check-id 110105194912310021");
  BOOST_TEST(bad.exit_code == 1);
  BOOST_TEST(bad.out.find("check") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(client_calls_a_running_server) {
  BOOST_REQUIRE_EQUAL(Demo().demo.exit_code, 0);
  ServeProcess serve(Demo().config);
  auto client = huicai::exchange::Client::Connect("127.0.0.1", serve.port());
  BOOST_REQUIRE_MESSAGE(client.has_value(), client.status().ToString());

  huicai::exchange::TalentSearch query;
  query.region_prefix = "37";
  query.limit = 5;
  auto hits = client->SearchTalents(query);
  BOOST_REQUIRE_MESSAGE(hits.has_value(), hits.status().ToString());
  BOOST_REQUIRE(!hits->empty());
  BOOST_TEST(hits->size() <= 5u);

  // 1.4: a page with the total, snippets and facets; needs too.
  huicai::exchange::TalentSearch paged;
  paged.text = "果树";
  paged.facets = true;
  paged.limit = 3;
  auto page = client->SearchTalentPage(paged);
  BOOST_REQUIRE_MESSAGE(page.has_value(), page.status().ToString());
  BOOST_REQUIRE(!page->hits.empty());
  BOOST_TEST(page->estimated_total >= page->hits.size());
  BOOST_REQUIRE(page->facets.has_value());
  BOOST_TEST(page->facets->province.at("37") == page->estimated_total);
  BOOST_TEST(page->hits[0].snippet.find("【") != std::string::npos, page->hits[0].snippet);
  huicai::search::NeedQuery needs;
  needs.facets = true;
  needs.limit = 2;
  auto found = client->SearchNeeds(needs);
  BOOST_REQUIRE_MESSAGE(found.has_value(), found.status().ToString());
  BOOST_TEST(found->hits.size() == 2u);
  BOOST_REQUIRE(found->facets.has_value());
  BOOST_TEST(found->facets->status.at("open") > 0u);
  // 1.5: the demo's talent stations, with their snippets and facets.
  huicai::search::StationQuery stations;
  stations.text = "人才驿站";
  stations.kind = huicai::StationKind::kStation;
  stations.facets = true;
  stations.limit = 3;
  auto hosts = client->SearchStations(stations);
  BOOST_REQUIRE_MESSAGE(hosts.has_value(), hosts.status().ToString());
  BOOST_REQUIRE(!hosts->hits.empty());
  BOOST_TEST(hosts->hits.size() <= 3u);
  BOOST_TEST(hosts->estimated_total >= hosts->hits.size());
  for (const auto& hit : hosts->hits) {
    BOOST_TEST(hit.station_id > 0);
    BOOST_TEST(hit.name.find("人才驿站") != std::string::npos, hit.name);
    BOOST_TEST((hit.kind == huicai::StationKind::kStation));
    BOOST_TEST(!hit.host_unit.empty());
    BOOST_TEST(hit.region_code.substr(0, 2) == "37");
  }
  BOOST_TEST(hosts->hits[0].snippet.find("【") != std::string::npos, hosts->hits[0].snippet);
  BOOST_REQUIRE(hosts->facets.has_value());
  BOOST_TEST(hosts->facets->kind.at("station") == hosts->estimated_total);
  BOOST_TEST(hosts->facets->kind.count("base") == 0u);
  huicai::search::StationQuery too_many;
  too_many.limit = 5000;
  auto refused_page = client->SearchStations(too_many);
  BOOST_TEST((refused_page.status().code() == huicai::StatusCode::kInvalidArgument));
  BOOST_TEST(refused_page.status().message().find("query.limit") != std::string::npos);

  const auto& first = hits->front().talent;
  auto talent = client->GetTalent(first.person_id);
  BOOST_REQUIRE_MESSAGE(talent.has_value(), talent.status().ToString());
  BOOST_TEST(talent->name == first.name);
  BOOST_TEST(talent->region_code.substr(0, 2) == "37");

  auto missing = client->GetTalent(987654321);
  BOOST_REQUIRE(!missing.has_value());
  BOOST_TEST(static_cast<int>(missing.error().code()) ==
             static_cast<int>(huicai::StatusCode::kNotFound));

  huicai::Need need;
  need.unit = "兰陵县农业农村局";
  need.region_code = "371324";
  need.title = "大蒜病虫害防治技术指导";
  need.description = "需要专家到田间指导大蒜病虫害防治";
  need.days = 5;
  need.headcount = 1;
  need.window_start = {2026, 12, 1};
  need.window_end = {2027, 3, 31};
  huicai::Need bad = need;
  bad.disciplines.clear();
  auto refused = client->PostNeed(bad);
  BOOST_REQUIRE(!refused.has_value());
  BOOST_TEST(static_cast<int>(refused.error().code()) ==
             static_cast<int>(huicai::StatusCode::kInvalidArgument));
  BOOST_TEST(refused.error().message().find("discipline") != std::string::npos);

  need.disciplines = {"210"};
  auto id = client->PostNeed(need);
  BOOST_REQUIRE_MESSAGE(id.has_value(), id.status().ToString());
  BOOST_TEST(*id > 0);
  auto proposals = client->ListProposals(*id);
  BOOST_REQUIRE_MESSAGE(proposals.has_value(), proposals.status().ToString());
  BOOST_TEST(proposals->empty());  // not matched yet

  BOOST_TEST(serve.Stop() == 0);
}

BOOST_AUTO_TEST_CASE(a_python_client_calls_a_mutual_tls_server_and_a_plain_one_is_refused) {
  // A peer in another language: Debian's python3-thrift, code generated from the IDL.
  BOOST_REQUIRE_EQUAL(Demo().demo.exit_code, 0);
  const fs::path python = "/usr/bin/python3";
  if (!fs::exists(python) || RunCommand(python.string() + " -c 'import thrift'").exit_code != 0) {
    BOOST_TEST_MESSAGE("SKIPPED: python3-thrift is not installed (scripts/setup installs it)");
    return;
  }
  TempDir dir;
  const Run certs = RunCommand(Huicai() + " certs init --dir " + (dir.path / "certs").string() +
                               " --agencies education,police");
  BOOST_REQUIRE_MESSAGE(certs.exit_code == 0, certs.out);
  // The demo's configuration with mutual TLS added to [serve].
  std::ifstream in(Demo().config);
  std::stringstream text;
  text << in.rdbuf();
  std::string config = text.str();
  const fs::path c = dir.path / "certs";
  const std::string tls = "tls_cert = \"" + (c / "server.pem").string() + "\"\ntls_key = \"" +
                          (c / "server.key").string() + "\"\ntls_ca = \"" +
                          (c / "ca.pem").string() + "\"\ntls_crl = \"" + (c / "crl.pem").string() +
                          "\"\nagencies = [\"education\"]\n";
  const auto serve_at = config.find("[serve]\n");
  if (serve_at == std::string::npos) {
    config += "\n[serve]\n" + tls;
  } else {
    config.insert(serve_at + 8, tls);
  }
  const fs::path tls_config = Demo().config.parent_path() / "huicai-tls.toml";
  std::ofstream(tls_config) << config;
  ServeProcess serve(tls_config);

  const Run gen = RunCommand("thrift --gen py -out " + dir.path.string() + " " +
                             std::string(HUICAI_SOURCE_DIR) + "/exchange/idl/huicai.thrift");
  BOOST_REQUIRE_EQUAL(gen.exit_code, 0);
  std::ofstream(dir.path / "client.py")
      << "import sys\n"
         "sys.path.insert(0, sys.argv[1])\n"
         "from thrift.transport import TSSLSocket, TSocket, TTransport\n"
         "from thrift.protocol import TBinaryProtocol\n"
         "from huicai_thrift import HubService\n"
         "def call(agency):\n"
         "    if agency:\n"
         "        c = sys.argv[1] + '/certs/'\n"
         "        sock = TSSLSocket.TSSLSocket('localhost', int(sys.argv[2]), ca_certs=c + "
         "'ca.pem', certfile=c + agency + '.pem', keyfile=c + agency + '.key')\n"
         "    else:\n"
         "        sock = TSocket.TSocket('localhost', int(sys.argv[2]))\n"
         "    t = TTransport.TFramedTransport(sock)\n"
         "    client = HubService.Client(TBinaryProtocol.TBinaryProtocol(t, True, True))\n"
         "    t.open()\n"
         "    try:\n"
         "        return client.getApiVersion()\n"
         "    finally:\n"
         "        t.close()\n"
         "print('education', call('education'))\n"
         "for who in ['police', None]:\n"
         "    try:\n"
         "        call(who)\n"
         "        print(who, 'let in')\n"
         "    except Exception as e:\n"
         "        print(who, 'refused')\n";
  const Run py = RunCommand(python.string() + " -W ignore " + (dir.path / "client.py").string() +
                            " " + dir.path.string() + " " + std::to_string(serve.port()));
  BOOST_REQUIRE_MESSAGE(py.exit_code == 0, py.out);
  BOOST_TEST(py.out.find("education 1.") != std::string::npos, py.out);    // the API version
  BOOST_TEST(py.out.find("police refused") != std::string::npos, py.out);  // not in agencies
  BOOST_TEST(py.out.find("None refused") != std::string::npos, py.out);    // no TLS at all
  BOOST_TEST(serve.Stop() == 0);
}

// The demo's configuration with mutual TLS in [serve] for `agencies` (certificates in
// `certs`) and `access` appended (the [access.*] tables); written beside the demo's config.
fs::path TlsConfig(const fs::path& certs, const std::string& agencies, const std::string& access,
                   const std::string& name) {
  std::ifstream in(Demo().config);
  std::stringstream text;
  text << in.rdbuf();
  std::string config = text.str();
  const std::string tls = "tls_cert = \"" + (certs / "server.pem").string() + "\"\ntls_key = \"" +
                          (certs / "server.key").string() + "\"\ntls_ca = \"" +
                          (certs / "ca.pem").string() + "\"\ntls_crl = \"" +
                          (certs / "crl.pem").string() + "\"\nagencies = [" + agencies + "]\n";
  const auto serve_at = config.find("[serve]\n");
  BOOST_REQUIRE(serve_at != std::string::npos);
  config.insert(serve_at + 8, tls);
  config += "\n" + access;
  const fs::path file = Demo().config.parent_path() / name;
  std::ofstream(file) << config;
  return file;
}

huicai::exchange::Client ConnectAs(const fs::path& certs, const std::string& agency, int port) {
  auto client = huicai::exchange::Client::Connect(
      "127.0.0.1", port, 10000,
      huicai::exchange::ClientTls{certs / (agency + ".pem"), certs / (agency + ".key"),
                                  certs / "ca.pem"});
  BOOST_REQUIRE_MESSAGE(client.has_value(), client.status().ToString());
  return std::move(*client);
}

// One green-channel request to three departments through a running `huicai serve` over mutual
// TLS, against the demo's SQLite hub: two answer in time, housing answers late; the daily
// escalation chases only housing, once; the archive holds every step (000 §14-15, 001 第十三条).
BOOST_AUTO_TEST_CASE(a_request_to_three_departments_through_serve_escalates_the_late_one) {
  using huicai::ServiceItemStatus;
  BOOST_REQUIRE_EQUAL(Demo().demo.exit_code, 0);
  TempDir dir;
  const fs::path certs = dir.path / "certs";
  const Run made = RunCommand(Huicai() + " certs init --dir " + certs.string() +
                              " --agencies window,police,health,housing");
  BOOST_REQUIRE_MESSAGE(made.exit_code == 0, made.out);
  const std::string department =
      "methods = [\"updateItem\", \"getServiceRequest\"]\nfields = [\"name\"]\n";
  const fs::path config = TlsConfig(
      certs, "\"window\", \"police\", \"health\", \"housing\"",
      "[access.window]\nmethods = [\"getTalent\", \"submitServiceRequest\", "
      "\"getServiceRequest\", \"getServiceArchive\"]\nfields = [\"*\"]\n\n"
      "[access.police]\n" +
          department + "\n[access.health]\n" + department + "\n[access.housing]\n" + department,
      "huicai-green.toml");
  const std::string h = Huicai() + " -c " + config.string();

  ::setenv("HUICAI_TODAY", "2026-11-24", 1);  // a Tuesday; the serve process inherits it
  ServeProcess serve(config);
  ::unsetenv("HUICAI_TODAY");
  auto window = ConnectAs(certs, "window", serve.port());
  // The first card holder among the demo's talents.
  huicai::PersonId holder = 0;
  for (huicai::PersonId id = 1; id <= 400 && holder == 0; ++id) {
    auto talent = window.GetTalent(id);
    if (talent.has_value() && talent->tier != huicai::TalentTier::kNone) holder = id;
  }
  BOOST_REQUIRE_MESSAGE(holder != 0, "no card holder among the demo's first 400 persons");

  auto request = window.SubmitServiceRequest(holder, {"hukou", "medical", "housing"}, "落户");
  BOOST_REQUIRE_MESSAGE(request.has_value(), request.status().ToString());
  BOOST_REQUIRE_EQUAL(request->items.size(), 3u);
  BOOST_TEST(request->window == "window");
  std::map<std::string, huicai::ServiceItem> item;
  for (const auto& i : request->items) item[i.department] = i;
  BOOST_REQUIRE_EQUAL(item.count("police") + item.count("health") + item.count("housing"), 3u);
  // 5, 3 and 10 working days after Tuesday 2026-11-24.
  BOOST_TEST(huicai::FormatDate(item["police"].deadline) == "2026-12-01");
  BOOST_TEST(huicai::FormatDate(item["health"].deadline) == "2026-11-27");
  BOOST_TEST(huicai::FormatDate(item["housing"].deadline) == "2026-12-08");

  auto police = ConnectAs(certs, "police", serve.port());
  auto health = ConnectAs(certs, "health", serve.port());
  // A department answers its own items only.
  auto foreign = police.UpdateItem(item["health"].id, ServiceItemStatus::kDone);
  BOOST_REQUIRE(!foreign.has_value());
  BOOST_TEST((foreign.error().code() == huicai::StatusCode::kPermissionDenied));
  BOOST_TEST(foreign.error().message().find("health") != std::string::npos,
             foreign.error().message());
  BOOST_REQUIRE(police.UpdateItem(item["police"].id, ServiceItemStatus::kReceived).has_value());
  auto police_done = police.UpdateItem(item["police"].id, ServiceItemStatus::kDone);
  BOOST_REQUIRE_MESSAGE(police_done.has_value(), police_done.status().ToString());
  BOOST_TEST((police_done->status == ServiceItemStatus::kDone));
  BOOST_REQUIRE(health.UpdateItem(item["health"].id, ServiceItemStatus::kDone).has_value());
  // Done is final.
  auto twice = health.UpdateItem(item["health"].id, ServiceItemStatus::kDone);
  BOOST_REQUIRE(!twice.has_value());
  BOOST_TEST((twice.error().code() == huicai::StatusCode::kInvalidArgument));

  // Housing says nothing. The daily run on Wednesday 2026-12-09, one working day past its
  // deadline, chases housing and nothing else; a second run the same day adds nothing.
  const Run escalate = RunCommand("HUICAI_TODAY=2026-12-09 " + h + " service escalate --json");
  BOOST_REQUIRE_MESSAGE(escalate.exit_code == 0, escalate.out);
  BOOST_TEST(escalate.out.find("\"housing\"") != std::string::npos, escalate.out);
  BOOST_TEST(escalate.out.find("\"police\"") == std::string::npos, escalate.out);
  BOOST_TEST(escalate.out.find("\"health\"") == std::string::npos, escalate.out);
  const Run again = RunCommand("HUICAI_TODAY=2026-12-09 " + h + " service escalate --json");
  BOOST_REQUIRE_EQUAL(again.exit_code, 0);
  BOOST_TEST(again.out.find("\"housing\"") == std::string::npos, again.out);

  // The window sees the progress through the server.
  auto progress = window.GetServiceRequest(request->id);
  BOOST_REQUIRE_MESSAGE(progress.has_value(), progress.status().ToString());
  BOOST_TEST(!progress->AllDone());
  for (const auto& i : progress->items) {
    if (i.department == "housing") {
      BOOST_TEST((i.status == ServiceItemStatus::kSubmitted));
      BOOST_TEST(i.escalations == 1);
    } else {
      BOOST_TEST((i.status == ServiceItemStatus::kDone));
      BOOST_TEST(i.escalations == 0);
    }
  }
  // Housing answers late; the request is complete.
  auto housing = ConnectAs(certs, "housing", serve.port());
  BOOST_REQUIRE(housing.UpdateItem(item["housing"].id, ServiceItemStatus::kDone).has_value());
  auto finished = window.GetServiceRequest(request->id);
  BOOST_REQUIRE(finished.has_value());
  BOOST_TEST(finished->AllDone());

  // The archive: three submitted, police received, three done, one escalation.
  auto archive = window.GetServiceArchive(holder);
  BOOST_REQUIRE_MESSAGE(archive.has_value(), archive.status().ToString());
  std::map<std::string, int> actions;
  for (const auto& e : *archive) {
    if (e.request_id == request->id) ++actions[e.action];
  }
  BOOST_TEST(actions["submitted"] == 3);
  BOOST_TEST(actions["received"] == 1);
  BOOST_TEST(actions["done"] == 3);
  BOOST_TEST(actions["escalated"] == 1);
  // A department without the archive right is refused.
  auto not_granted = police.GetServiceArchive(holder);
  BOOST_REQUIRE(!not_granted.has_value());
  BOOST_TEST((not_granted.error().code() == huicai::StatusCode::kPermissionDenied));
  BOOST_TEST(serve.Stop() == 0);

  // Every answer is on the audit record under the department that gave it.
  const Run audited = RunCommand(h + " audit show --agency housing --json");
  BOOST_REQUIRE_EQUAL(audited.exit_code, 0);
  BOOST_TEST(audited.out.find("\"updateItem\"") != std::string::npos, audited.out);
}

// What an agency sends and reads through a running `huicai serve`: records with a receipt each
// (a bad ID number quarantined with its reason, a good record linked to its person), the change
// feed, and the person with the fields granted whole or masked.
BOOST_AUTO_TEST_CASE(an_agency_sends_records_and_follows_changes_through_serve) {
  BOOST_REQUIRE_EQUAL(Demo().demo.exit_code, 0);
  TempDir dir;
  const fs::path certs = dir.path / "certs";
  const Run made =
      RunCommand(Huicai() + " certs init --dir " + certs.string() + " --agencies education");
  BOOST_REQUIRE_MESSAGE(made.exit_code == 0, made.out);
  const fs::path config = TlsConfig(
      certs, "\"education\"",
      "[access.education]\nmethods = [\"getPerson\", \"submitRecords\", \"changesSince\"]\n"
      "fields = [\"name\", \"gender\"]\nmasked = [\"idNumber\"]\nkinds = [\"degree\", "
      "\"person\"]\n",
      "huicai-records.toml");
  ServeProcess serve(config);
  auto education = ConnectAs(certs, "education", serve.port());

  auto before = education.ChangesSince(0, 10000);
  BOOST_REQUIRE_MESSAGE(before.has_value(), before.status().ToString());
  std::int64_t cursor = before->last_seq;
  while (before->more) {
    before = education.ChangesSince(cursor, 10000);
    BOOST_REQUIRE(before.has_value());
    cursor = before->last_seq;
  }

  huicai::Record good;
  good.kind = "degree";
  good.source_key = "e2e-degree-1";
  good.fields = {{"id_number", "11010519491231002X"}, {"name", "李华"},   {"gender", "2"},
                 {"birth_date", "1949-12-31"},        {"degree", "博士"}, {"school", "山东大学"}};
  huicai::Record bad = good;
  bad.source_key = "e2e-degree-2";
  bad.fields["id_number"] = "110105194912310021";  // wrong check character
  auto receipts = education.SubmitRecords({good, bad});
  BOOST_REQUIRE_MESSAGE(receipts.has_value(), receipts.status().ToString());
  BOOST_REQUIRE_EQUAL(receipts->size(), 2u);
  BOOST_TEST((*receipts)[0].accepted);
  BOOST_TEST((*receipts)[0].person_id > 0);
  BOOST_TEST(!(*receipts)[1].accepted);
  BOOST_TEST(!(*receipts)[1].reason_code.empty());
  BOOST_TEST((*receipts)[1].message.find("110105194912310021") == std::string::npos,
             "the refused number is echoed: " << (*receipts)[1].message);
  // Sending the same batch again changes nothing and gives the same receipts.
  auto resent = education.SubmitRecords({good, bad});
  BOOST_REQUIRE(resent.has_value());
  BOOST_TEST((*resent)[0].person_id == (*receipts)[0].person_id);
  BOOST_TEST(!(*resent)[1].accepted);

  // The new person shows up in the feed, and reads back with the ID number masked.
  auto after = education.ChangesSince(cursor, 10000);
  BOOST_REQUIRE_MESSAGE(after.has_value(), after.status().ToString());
  bool seen = false;
  for (const auto& c : after->changes) {
    seen = seen || (c.entity == "person" && c.entity_id == (*receipts)[0].person_id);
  }
  BOOST_TEST(seen);
  auto person = education.GetPerson((*receipts)[0].person_id);
  BOOST_REQUIRE_MESSAGE(person.has_value(), person.status().ToString());
  BOOST_TEST(person->person.name == "李华");
  BOOST_TEST(person->person.id_number == "110105********002X");
  BOOST_TEST(person->person.mobile.empty());
  BOOST_TEST(serve.Stop() == 0);
}

// A grassroots unit answers through a running `huicai serve`: it reads its need's proposals,
// accepts one, declines another (the place is re-matched at once), and the round's report
// counts the answers.
BOOST_AUTO_TEST_CASE(a_unit_answers_proposals_through_serve_and_the_report_counts_them) {
  using huicai::ProposalStatus;
  BOOST_REQUIRE_EQUAL(Demo().demo.exit_code, 0);
  ServeProcess serve(Demo().config);
  auto client = huicai::exchange::Client::Connect("127.0.0.1", serve.port());
  BOOST_REQUIRE_MESSAGE(client.has_value(), client.status().ToString());
  auto before = client->GetMatchReport();
  BOOST_REQUIRE_MESSAGE(before.has_value(), before.status().ToString());

  // A need of the round with two proposals nobody answered yet.
  huicai::NeedId need = 0;
  std::vector<huicai::Proposal> open;
  for (huicai::NeedId id = 1; id <= 30 && need == 0; ++id) {
    auto proposals = client->ListProposals(id);
    if (!proposals.has_value()) continue;
    open.clear();
    for (const auto& p : *proposals) {
      if (p.status == ProposalStatus::kProposed) open.push_back(p);
    }
    if (open.size() >= 2) need = id;
  }
  BOOST_REQUIRE_MESSAGE(need != 0, "no demo need with two open proposals");

  auto accepted = client->AcceptProposal(need, open[0].person_id);
  BOOST_REQUIRE_MESSAGE(accepted.has_value(), accepted.status().ToString());
  BOOST_TEST((accepted->proposal.status == ProposalStatus::kAccepted));
  auto empty_reason = client->DeclineProposal(need, open[1].person_id, "");
  BOOST_REQUIRE(!empty_reason.has_value());
  BOOST_TEST((empty_reason.error().code() == huicai::StatusCode::kInvalidArgument));
  auto declined = client->DeclineProposal(need, open[1].person_id, "农忙，无法出行");
  BOOST_REQUIRE_MESSAGE(declined.has_value(), declined.status().ToString());
  BOOST_TEST((declined->proposal.status == ProposalStatus::kDeclined));
  BOOST_TEST(declined->proposal.note == "农忙，无法出行");
  for (const auto& p : declined->rematched) BOOST_TEST(p.person_id != open[1].person_id);
  // Accepting what was declined is refused with the status named.
  auto late = client->AcceptProposal(need, open[1].person_id);
  BOOST_REQUIRE(!late.has_value());
  BOOST_TEST(late.error().message().find("declined") != std::string::npos, late.error().message());

  // The report counts both answers.
  auto after = client->GetMatchReport();
  BOOST_REQUIRE_MESSAGE(after.has_value(), after.status().ToString());
  BOOST_TEST(after->round == before->round);
  BOOST_TEST(after->accepted == before->accepted + 1);
  BOOST_TEST(after->declined == before->declined + 1);
  BOOST_TEST(serve.Stop() == 0);
}

// A talent of the demo working in Shandong with an ID number and a mobile, as the hub database
// holds them (the API never hands numbers out): person id, ID number, mobile.
struct HeldNumbers {
  huicai::PersonId person = 0;
  std::string id_number, mobile;
};
HeldNumbers DemoTalentNumbers() {
  const fs::path db = Demo().config.parent_path() / "hub.db";
  const Run row = RunCommand(
      "sqlite3 -separator ' ' " + db.string() +
      " \"SELECT p.id, p.id_number, p.mobile FROM person p JOIN talent t ON t.person_id = p.id "
      "WHERE p.id_number IS NOT NULL AND p.mobile <> '' AND t.region_code LIKE '37%' "
      "ORDER BY p.id LIMIT 1\"");
  BOOST_REQUIRE_EQUAL(row.exit_code, 0);
  HeldNumbers held;
  std::istringstream(row.out) >> held.person >> held.id_number >> held.mobile;
  BOOST_REQUIRE_MESSAGE(held.person > 0 && held.id_number.size() == 18 && held.mobile.size() == 11,
                        "no demo talent with an ID number and a mobile: " << row.out);
  return held;
}

// Exact lookup through a running `huicai serve` on the demo's data, over the hub operator's
// plain connection (no agency: every kind allowed): found by ID number and by mobile as typed;
// a malformed number gets the hub's message naming the check. No number, whole or masked, is
// in the server's log, the audit log or any message.
BOOST_AUTO_TEST_CASE(a_talent_is_looked_up_by_number_through_serve_and_no_number_is_kept) {
  using huicai::IdentifierKind;
  BOOST_REQUIRE_EQUAL(Demo().demo.exit_code, 0);
  const HeldNumbers held = DemoTalentNumbers();
  std::string bad_id = held.id_number;  // the right digits, a wrong check character
  bad_id[17] = bad_id[17] == '0' ? '1' : '0';
  const std::string short_mobile = held.mobile.substr(0, 10);
  TempDir dir;
  const fs::path log = dir.path / "serve.log";
  std::vector<std::string> messages;
  {
    ServeProcess serve(Demo().config, log);
    auto client = huicai::exchange::Client::Connect("127.0.0.1", serve.port());
    BOOST_REQUIRE_MESSAGE(client.has_value(), client.status().ToString());
    auto by_id = client->LookupTalent(IdentifierKind::kIdNumber, held.id_number);
    BOOST_REQUIRE_MESSAGE(by_id.has_value(), by_id.status().ToString());
    BOOST_REQUIRE_EQUAL(by_id->hits.size(), 1u);
    BOOST_TEST(by_id->estimated_total == 1u);
    BOOST_TEST(by_id->hits[0].talent.person_id == held.person);
    BOOST_TEST(!by_id->hits[0].talent.name.empty());  // a plain connection sees every field
    auto by_mobile = client->LookupTalent(
        IdentifierKind::kMobile, "+86 " + held.mobile.substr(0, 3) + " " +
                                     held.mobile.substr(3, 4) + " " + held.mobile.substr(7));
    BOOST_REQUIRE_MESSAGE(by_mobile.has_value(), by_mobile.status().ToString());
    bool mobile_found = false;
    for (const auto& hit : by_mobile->hits) mobile_found |= hit.talent.person_id == held.person;
    BOOST_TEST(mobile_found);
    auto wrong = client->LookupTalent(IdentifierKind::kIdNumber, bad_id);
    BOOST_REQUIRE(!wrong.has_value());
    BOOST_TEST((wrong.error().code() == huicai::StatusCode::kInvalidArgument));
    BOOST_TEST(wrong.error().message().starts_with("ID number: check character is "),
               wrong.error().message());
    auto too_short = client->LookupTalent(IdentifierKind::kMobile, short_mobile);
    BOOST_REQUIRE(!too_short.has_value());
    BOOST_TEST((too_short.error().code() == huicai::StatusCode::kInvalidArgument));
    BOOST_TEST(too_short.error().message() == "mobile: mobile number must have 11 digits, got 10");
    messages = {wrong.error().message(), too_short.error().message()};
    BOOST_TEST(serve.Stop() == 0);
  }
  std::ifstream in(log);
  std::stringstream logged;
  logged << in.rdbuf();
  BOOST_TEST(logged.str().find("lookupTalent") != std::string::npos, logged.str());
  const std::string h = Huicai() + " -c " + Demo().config.string();
  const Run audit = RunCommand(h + " audit show --json --limit 100000");
  BOOST_REQUIRE_EQUAL(audit.exit_code, 0);
  BOOST_TEST(audit.out.find("\"lookup:id_number\"") != std::string::npos, audit.out);
  BOOST_TEST(audit.out.find("\"lookup:mobile\"") != std::string::npos);
  BOOST_TEST(audit.out.find("\"person:" + std::to_string(held.person) + "\"") != std::string::npos);
  // What the database keeps of the audit log, read around the hub.
  const Run stored = RunCommand("sqlite3 " + (Demo().config.parent_path() / "hub.db").string() +
                                " \"SELECT * FROM audit_log\"");
  BOOST_REQUIRE_EQUAL(stored.exit_code, 0);
  BOOST_TEST(stored.out.find("lookup:id_number") != std::string::npos);
  for (const std::string& number :
       {held.id_number, huicai::MaskSensitive(held.id_number), bad_id,
        huicai::MaskSensitive(bad_id), held.mobile, huicai::MaskSensitive(held.mobile),
        held.mobile.substr(3), short_mobile}) {
    BOOST_TEST(logged.str().find(number) == std::string::npos, number << " in the serve log");
    BOOST_TEST(audit.out.find(number) == std::string::npos, number << " in audit show");
    BOOST_TEST(stored.out.find(number) == std::string::npos, number << " in audit_log");
    for (const std::string& message : messages) {
      BOOST_TEST(message.find(number) == std::string::npos, number << " in " << message);
    }
  }
}

// The agency's rights decide who may look up by which number (huicai.toml [access.*] through
// `huicai serve` over mutual TLS): police sees ID numbers whole and finds the talent with its
// fields only; education sees them masked and is refused; health sees them whole but only in
// Beijing, and gets an empty page.
BOOST_AUTO_TEST_CASE(an_agency_looks_up_by_the_numbers_it_sees_whole_inside_its_regions) {
  using huicai::IdentifierKind;
  BOOST_REQUIRE_EQUAL(Demo().demo.exit_code, 0);
  const HeldNumbers held = DemoTalentNumbers();
  TempDir dir;
  const fs::path certs = dir.path / "certs";
  const Run made = RunCommand(Huicai() + " certs init --dir " + certs.string() +
                              " --agencies police,education,health");
  BOOST_REQUIRE_MESSAGE(made.exit_code == 0, made.out);
  const fs::path config = TlsConfig(
      certs, "\"police\", \"education\", \"health\"",
      "[access.police]\nmethods = [\"lookupTalent\"]\nfields = [\"name\", \"idNumber\"]\n"
      "regions = [\"37\"]\n\n"
      "[access.education]\nmethods = [\"lookupTalent\"]\nfields = [\"name\"]\n"
      "masked = [\"idNumber\", \"mobile\"]\nregions = [\"37\"]\n\n"
      "[access.health]\nmethods = [\"lookupTalent\"]\nfields = [\"*\"]\nregions = [\"11\"]\n",
      "huicai-lookup.toml");
  ServeProcess serve(config);
  auto police = ConnectAs(certs, "police", serve.port());
  auto found = police.LookupTalent(IdentifierKind::kIdNumber, held.id_number);
  BOOST_REQUIRE_MESSAGE(found.has_value(), found.status().ToString());
  BOOST_REQUIRE_EQUAL(found->hits.size(), 1u);
  const huicai::Talent& talent = found->hits[0].talent;
  BOOST_TEST(talent.person_id == held.person);
  BOOST_TEST(!talent.name.empty());
  BOOST_TEST(talent.card_number.empty());  // not granted
  BOOST_TEST(talent.employer.empty());
  BOOST_TEST(talent.region_code.empty());
  // police does not see mobiles: refused by that kind.
  auto by_mobile = police.LookupTalent(IdentifierKind::kMobile, held.mobile);
  BOOST_REQUIRE(!by_mobile.has_value());
  BOOST_TEST((by_mobile.error().code() == huicai::StatusCode::kPermissionDenied));
  auto education = ConnectAs(certs, "education", serve.port());
  auto masked = education.LookupTalent(IdentifierKind::kIdNumber, held.id_number);
  BOOST_REQUIRE(!masked.has_value());
  BOOST_TEST((masked.error().code() == huicai::StatusCode::kPermissionDenied));
  const std::string why = masked.error().message();
  BOOST_TEST(why.find("education") != std::string::npos, why);
  BOOST_TEST(why.find("lookupTalent") != std::string::npos, why);
  BOOST_TEST(why.find("id_number") != std::string::npos, why);
  BOOST_TEST(why.find(held.id_number) == std::string::npos, why);
  auto health = ConnectAs(certs, "health", serve.port());
  auto elsewhere = health.LookupTalent(IdentifierKind::kIdNumber, held.id_number);
  BOOST_REQUIRE_MESSAGE(elsewhere.has_value(), elsewhere.status().ToString());
  BOOST_TEST(elsewhere->hits.empty());
  BOOST_TEST(elsewhere->estimated_total == 0u);
  BOOST_TEST(serve.Stop() == 0);
  // The refusal is audited under education with the kind, without the number.
  const Run audit = RunCommand(Huicai() + " -c " + config.string() +
                               " audit show --agency education --json --limit 100000");
  BOOST_REQUIRE_EQUAL(audit.exit_code, 0);
  BOOST_TEST(audit.out.find("\"lookup:id_number\"") != std::string::npos, audit.out);
  BOOST_TEST(audit.out.find("\"PermissionDenied\"") != std::string::npos, audit.out);
  BOOST_TEST(audit.out.find(held.id_number) == std::string::npos, audit.out);
}

BOOST_AUTO_TEST_CASE(every_api_call_is_audited_and_an_altered_entry_is_named) {
  BOOST_REQUIRE_EQUAL(Demo().demo.exit_code, 0);
  const std::string h = Huicai() + " -c " + Demo().config.string();
  {
    ServeProcess serve(Demo().config);
    auto client = huicai::exchange::Client::Connect("127.0.0.1", serve.port());
    BOOST_REQUIRE_MESSAGE(client.has_value(), client.status().ToString());
    BOOST_REQUIRE(client->GetTalent(1).has_value());
    BOOST_REQUIRE(!client->GetTalent(987654321).has_value());  // audited as NotFound
    BOOST_TEST(serve.Stop() == 0);
  }
  const Run show = RunCommand(h + " audit show --json");
  BOOST_REQUIRE_EQUAL(show.exit_code, 0);
  BOOST_TEST(show.out.find("\"person:1\"") != std::string::npos, show.out);
  BOOST_TEST(show.out.find("\"NotFound\"") != std::string::npos, show.out);
  const Run intact = RunCommand(h + " audit verify");
  BOOST_TEST(intact.exit_code == 0, intact.out);
  BOOST_TEST(intact.out.find("intact") != std::string::npos, intact.out);

  // Someone with the database file changes what entry 1 says was returned.
  const fs::path db = Demo().config.parent_path() / "hub.db";
  BOOST_REQUIRE(fs::exists(db));
  const Run tamper = RunCommand("sqlite3 " + db.string() +
                                " \"UPDATE audit_log SET subjects = '[]' WHERE seq = 1\"");
  BOOST_REQUIRE_EQUAL(tamper.exit_code, 0);
  const Run caught = RunCommand(h + " audit verify");
  BOOST_TEST(caught.exit_code == 1, caught.out);
  BOOST_TEST(caught.out.find("TAMPERED") != std::string::npos, caught.out);
  BOOST_TEST(caught.out.find("entry 1") != std::string::npos, caught.out);
}
