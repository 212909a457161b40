// Policy texts split into articles: the five scraped documents under tests/data/policies, and
// small hand-made texts for the edge cases.
#include "core/policy.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace huicai {
namespace {

std::string ReadPolicy(const std::string& name) {
  const std::filesystem::path file =
      std::filesystem::path(HUICAI_SOURCE_DIR) / "tests/data/policies" / name;
  std::ifstream in(file);
  BOOST_TEST_REQUIRE(in.good(), "cannot read " << file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

PolicyDocument Parse(const std::string& name) {
  auto doc = ParsePolicyText(ReadPolicy(name));
  BOOST_TEST_REQUIRE(doc.has_value(), doc.status().ToString());
  return std::move(doc).value();
}

const PolicyArticle* Find(const PolicyDocument& doc, const std::string& part,
                          const std::string& number) {
  for (const PolicyArticle& a : doc.articles) {
    if (a.part == part && a.number == number) return &a;
  }
  return nullptr;
}

// No menu, share button, ad, print link or signature of the pages survives in any article.
void ExpectNoDebris(const PolicyDocument& doc) {
  for (const PolicyArticle& a : doc.articles) {
    for (const char* debris :
         {"扫一扫", "手机浏览", "首页", "关闭窗口", "打印", "编辑:", "百姓网", "公务员考试",
          "招工信息", ".pdf", "此件主动公开", "2018年3月6日印发"}) {
      BOOST_TEST(a.text.find(debris) == std::string::npos, a.number << " holds " << debris);
    }
  }
}

BOOST_AUTO_TEST_SUITE(policy_text)

BOOST_AUTO_TEST_CASE(numbered_paragraphs_under_headings_become_articles) {
  const PolicyDocument doc = Parse("000.txt");
  BOOST_TEST(doc.title == "关于加快推进高层次人才服务体系建设的实施意见");
  BOOST_TEST(doc.doc_number.empty());  // the numbers in its text are other documents'
  BOOST_REQUIRE(doc.date.has_value());
  BOOST_TEST(FormatDate(*doc.date) == "2019-07-08");
  BOOST_TEST(doc.articles.size() == 29u);  // preamble and 28 paragraphs
  BOOST_TEST(doc.articles.front().number.empty());
  BOOST_TEST(doc.articles.front().text.starts_with("为深入学习贯彻"));
  const PolicyArticle* green = Find(doc, "", "10.");
  BOOST_REQUIRE(green != nullptr);
  BOOST_TEST(green->heading == "三、丰富完善高层次人才服务政策");
  BOOST_TEST(green->text.starts_with("完善高层次人才服务绿色通道。"));
  BOOST_TEST(Find(doc, "", "28.") != nullptr);
  ExpectNoDebris(doc);
}

BOOST_AUTO_TEST_CASE(two_measures_in_one_notice_are_two_parts_of_clauses) {
  const PolicyDocument doc = Parse("001.txt");
  BOOST_TEST(doc.title.starts_with("关于印发《临沂市高层次人才服务窗口运行办法》"));
  BOOST_TEST(doc.issuer == "临沂市人力资源和社会保障局");
  BOOST_TEST(doc.doc_number == "临人社发〔2021〕5号");
  BOOST_TEST(FormatDate(doc.date.value()) == "2021-06-18");
  const std::string window = "临沂市高层次人才服务窗口运行办法";
  const std::string specialist = "临沂市高层次人才服务专员管理办法";
  const PolicyArticle* first = Find(doc, window, "第一条");
  BOOST_REQUIRE(first != nullptr);
  BOOST_TEST(first->heading == "第一章 总则");
  BOOST_TEST(Find(doc, window, "第二十二条") != nullptr);
  // The specialists' measure starts again at 第一条 with its own chapters.
  const PolicyArticle* again = Find(doc, specialist, "第一条");
  BOOST_REQUIRE(again != nullptr);
  BOOST_TEST(again->heading == "第一章 总则");
  // 第六条: exactly one unit specialist per talent (DOMAIN.md, 001 专员办法 第六条).
  const PolicyArticle* unit = Find(doc, specialist, "第六条");
  BOOST_REQUIRE(unit != nullptr);
  BOOST_TEST(unit->heading == "第二章 高层次人才服务专员构成");
  BOOST_TEST(unit->text.find("单位专员") != std::string::npos);
  // A clause with items keeps them: 第十四条's (一) to (五).
  const PolicyArticle* duties = Find(doc, specialist, "第十四条");
  BOOST_REQUIRE(duties != nullptr);
  BOOST_TEST(duties->text.find("(五)") != std::string::npos);
  // A clause broken over two lines is joined.
  const PolicyArticle* award = Find(doc, specialist, "第二十二条");
  BOOST_REQUIRE(award != nullptr);
  BOOST_TEST(award->text.find("高层次人才评价好的服务专员") != std::string::npos, award->text);
  BOOST_TEST(Find(doc, specialist, "第二十四条") != nullptr);
  ExpectNoDebris(doc);
}

BOOST_AUTO_TEST_CASE(items_lose_the_ads_pasted_before_them) {
  const PolicyDocument doc = Parse("002.txt");
  BOOST_TEST(doc.title ==
             "中共山东省委组织部、山东省人力资源和社会保障厅等六部门关于统筹做好人才服务基层工作的"
             "通知");
  BOOST_TEST(doc.doc_number == "鲁人社字〔2020〕111号");
  BOOST_TEST(FormatDate(doc.date.value()) == "2020-09-25");
  BOOST_TEST(doc.issuer.starts_with("中共山东省委组织部、"));
  // "2021深圳公务员考试报名时间  (二)“千名博士进企业”行动…": the item, without the ad.
  const PolicyArticle* doctors = nullptr;
  for (const PolicyArticle& a : doc.articles) {
    if (a.number == "(二)" && a.heading == "一、统筹省级人才服务基层项目") doctors = &a;
  }
  BOOST_REQUIRE(doctors != nullptr);
  BOOST_TEST(doctors->text.starts_with("“千名博士进企业”行动。"), doctors->text);
  // A section's own paragraph is an article under its heading.
  const PolicyArticle* intro = Find(doc, "", "一、");
  BOOST_REQUIRE(intro != nullptr);
  BOOST_TEST(intro->heading == "一、统筹省级人才服务基层项目");
  BOOST_TEST(intro->text.starts_with("以大力推进基层柔性引才用才"));
  ExpectNoDebris(doc);
}

BOOST_AUTO_TEST_CASE(a_notice_and_its_measure_from_a_city_site) {
  const PolicyDocument doc = Parse("003.txt");
  BOOST_TEST(doc.title == "关于印发《威海市高层次人才驿站管理暂行办法》的通知");
  BOOST_TEST(doc.issuer == "威海市人力资源和社会保障局");
  BOOST_TEST(doc.doc_number == "威人组发〔2020〕10号");
  BOOST_TEST(FormatDate(doc.date.value()) == "2020-12-15");
  const std::string measure = "威海市高层次人才驿站管理暂行办法";
  // 第五条: the four types of talent station (DOMAIN.md, 003 第五条).
  const PolicyArticle* types = Find(doc, measure, "第五条");
  BOOST_REQUIRE(types != nullptr);
  for (const char* type : {"创新型", "创业型", "服务型", "综合型"}) {
    BOOST_TEST(types->text.find(type) != std::string::npos, type);
  }
  BOOST_TEST(Find(doc, measure, "第十八条") != nullptr);
  BOOST_TEST(doc.articles.size() == 19u);  // preamble and 18 clauses
  ExpectNoDebris(doc);
}

BOOST_AUTO_TEST_CASE(items_with_paragraphs_under_them_give_both_levels) {
  const PolicyDocument doc = Parse("004.txt");
  BOOST_TEST(doc.title == "辽宁省人才服务全面振兴三年行动计划(2018—2020年)");
  BOOST_TEST(doc.issuer == "中共辽宁省委办公厅");
  BOOST_TEST(FormatDate(doc.date.value()) == "2018-03-06");
  const PolicyArticle* northwest = Find(doc, "", "15.");
  BOOST_REQUIRE(northwest != nullptr);
  BOOST_TEST(northwest->heading == "二、重点任务 > (三)坚持以用为本");
  BOOST_TEST(northwest->text.starts_with("实施人才服务辽西北计划。"));
  const PolicyArticle* last = Find(doc, "", "26.");
  BOOST_REQUIRE(last != nullptr);
  // The signature pasted into the sentence by the page is cut out of it.
  BOOST_TEST(last->text.find("宣传优秀人才事迹") != std::string::npos, last->text);
  ExpectNoDebris(doc);
}

BOOST_AUTO_TEST_CASE(full_width_markers_and_dates_read_like_half_width_ones) {
  const std::string text =
      "关于做好专家服务基层工作的通知\n"
      "示市人社发〔２０２４〕３号\n"
      "\n"
      "第一条　为做好专家服务基层工作，制定本办法。\n"
      "第二条　专家每年服务基层不少于１５天。\n"
      "（一）服务天数由派出单位统计；\n"
      "示例市人力资源和社会保障局\n"
      "2024年3月1日\n";
  auto doc = ParsePolicyText(text);
  BOOST_TEST_REQUIRE(doc.has_value(), doc.status().ToString());
  BOOST_TEST(doc->articles.size() == 2u);
  BOOST_TEST(doc->articles[1].number == "第二条");
  BOOST_TEST(doc->articles[1].text.find("（一）服务天数") != std::string::npos);
  BOOST_TEST(doc->issuer == "示例市人力资源和社会保障局");
  BOOST_TEST(doc->doc_number == "示市人社发〔２０２４〕３号");  // full-width digits count
  BOOST_TEST(FormatDate(doc->date.value()) == "2024-03-01");
}

BOOST_AUTO_TEST_CASE(refuses_text_without_title_or_articles_and_bad_utf8) {
  auto no_title = ParsePolicyText("首页\n新闻\n第一条 这里没有标题。\n");
  BOOST_REQUIRE(!no_title.has_value());
  BOOST_TEST((no_title.error().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(no_title.error().message().find("no title") != std::string::npos);
  auto no_articles = ParsePolicyText("关于做好某项工作的通知\n只有一句话，没有条款。\n");
  BOOST_REQUIRE(!no_articles.has_value());
  BOOST_TEST(no_articles.error().message().find("no articles") != std::string::npos);
  auto gbk = ParsePolicyText(std::string("\xb9\xd8\xd3\xda", 4));  // 关于 in GBK
  BOOST_REQUIRE(!gbk.has_value());
  BOOST_TEST(gbk.error().message().find("UTF-8") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace huicai
