#include "core/pinyin.h"

#if defined(U_ICU_VERSION) || defined(U_ICUDATA_NAME)
#error "core/pinyin.h leaks ICU"
#endif

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace huicai {
namespace {

using Tokens = std::vector<std::string>;

Tokens Pinyin(std::string_view han) {
  auto tokens = NamePinyin(han);
  BOOST_REQUIRE_MESSAGE(tokens.has_value(), tokens.status().ToString());
  return tokens.value();
}

NameKey Analysed(std::string_view name) {
  auto key = AnalyseName(name);
  BOOST_REQUIRE_MESSAGE(key.has_value(), key.status().ToString());
  return key.value();
}

std::string Joined(const Tokens& tokens) {
  std::string out;
  for (const auto& t : tokens) out += t;
  return out;
}

// FoldPinyin's answer as printable text: nullopt is kNotPinyin.
constexpr std::string_view kNotPinyin = "(not pinyin)";
std::string Fold(std::string_view typed) {
  return FoldPinyin(typed).value_or(std::string(kNotPinyin));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pinyin)

BOOST_AUTO_TEST_CASE(fold_pinyin_ignores_spacing_case_tones_and_full_width) {
  BOOST_TEST(Fold("zhangwei") == "zhangwei");
  BOOST_TEST(Fold("zhang wei") == "zhangwei");
  BOOST_TEST(Fold("Zhang Wei") == "zhangwei");
  BOOST_TEST(Fold("  ZHANG\tWEI ") == "zhangwei");
  BOOST_TEST(Fold("zhāng wěi") == "zhangwei");
  BOOST_TEST(Fold("ZHĀNG Wěi") == "zhangwei");
  BOOST_TEST(Fold("zha\u0304ng we\u030Ci") == "zhangwei");  // decomposed tone marks
  BOOST_TEST(Fold("zhang1 wei3") == "zhangwei");
  BOOST_TEST(Fold("zhang1wei3") == "zhangwei");
  BOOST_TEST(Fold("ｚｈａｎｇ\xE3\x80\x80ｗｅｉ") == "zhangwei");  // full width
  BOOST_TEST(Fold("Ouyang Xiu-ming") == "ouyangxiuming");
  BOOST_TEST(Fold("Zhōnghuá Rénmín Gònghéguó") == "zhonghuarenmingongheguo");
}

BOOST_AUTO_TEST_CASE(fold_pinyin_splits_at_apostrophes) {
  BOOST_TEST(Fold("xi'an") == "xian");
  BOOST_TEST(Fold("Xī’ān") == "xian");
  BOOST_TEST(Fold("ｘｉ＇ａｎ") == "xian");
  BOOST_TEST(Fold("Tian'e") == "tiane");
}

BOOST_AUTO_TEST_CASE(fold_pinyin_writes_u_umlaut_as_v) {
  BOOST_TEST(Fold("lü") == "lv");
  BOOST_TEST(Fold("lv") == "lv");
  BOOST_TEST(Fold("nü") == "nv");
  BOOST_TEST(Fold("NÜ") == "nv");
  BOOST_TEST(Fold("Lǚ Xīn") == "lvxin");
  BOOST_TEST(Fold("lu\u0308 xin") == "lvxin");  // decomposed ü
  BOOST_TEST(Fold("lu:3 xin1") == "lvxin");     // CC-CEDICT
  BOOST_TEST(Fold("lüè") == "lve");
  BOOST_TEST(Fold("lue") == "lve");  // lüe, the dots dropped
  BOOST_TEST(Fold("nue") == "nve");
  BOOST_TEST(Fold("lu'e") == "lue");       // lu + e
  BOOST_TEST(Fold("LYU Xin") == "lvxin");  // GB/T 28039, passports
  BOOST_TEST(Fold("nyu") == "nv");
  BOOST_TEST(Fold("xinyu") == "xinyu");   // xin + yu, not xi + nyu
  BOOST_TEST(Fold("xue yu") == "xueyu");  // ü after j q x y stays u
}

BOOST_AUTO_TEST_CASE(fold_pinyin_takes_single_vowel_and_r_syllables) {
  BOOST_TEST(Fold("a") == "a");
  BOOST_TEST(Fold("O") == "o");
  BOOST_TEST(Fold("e") == "e");
  BOOST_TEST(Fold("ai ei ao ou an en ang eng er") == "aieiaoouanenangenger");
  BOOST_TEST(Fold("zhi chi shi ri zi ci si") == "zhichishirizicisi");
  BOOST_TEST(Fold("zhuang chuang shuang") == "zhuangchuangshuang");
}

BOOST_AUTO_TEST_CASE(fold_pinyin_rejects_what_is_not_wholly_pinyin) {
  BOOST_TEST(Fold("smith") == kNotPinyin);
  BOOST_TEST(Fold("abc") == kNotPinyin);
  BOOST_TEST(Fold("john") == kNotPinyin);
  BOOST_TEST(Fold("Zhang Smith") == kNotPinyin);
  BOOST_TEST(Fold("张伟") == kNotPinyin);
  BOOST_TEST(Fold("zhang 伟") == kNotPinyin);
  BOOST_TEST(Fold("") == kNotPinyin);
  BOOST_TEST(Fold("  ' - ") == kNotPinyin);
  BOOST_TEST(Fold("huar") == kNotPinyin);  // erhua is not in the table
  BOOST_TEST(Fold("jv") == kNotPinyin);    // ü after j is written u
  BOOST_TEST(Fold("zhang wei!") == kNotPinyin);
  BOOST_TEST(Fold("1zhang") == kNotPinyin);
  BOOST_TEST(Fold("zhang 1") == kNotPinyin);
  BOOST_TEST(Fold("zhang11") == kNotPinyin);
  BOOST_TEST(Fold("zhang6") == kNotPinyin);
  BOOST_TEST(Fold("ma:") == kNotPinyin);
  BOOST_TEST(Fold("n") == kNotPinyin);  // interjections are not name syllables
}

BOOST_AUTO_TEST_CASE(name_pinyin_is_surname_then_given_name) {
  BOOST_TEST(Pinyin("张伟") == (Tokens{"zhang", "wei"}));
  BOOST_TEST(Pinyin("王小明") == (Tokens{"wang", "xiaoming"}));
  BOOST_TEST(Pinyin("欧阳修") == (Tokens{"ouyang", "xiu"}));
  BOOST_TEST(Pinyin("王") == (Tokens{"wang"}));
  BOOST_TEST(Pinyin("").empty());
}

BOOST_AUTO_TEST_CASE(name_pinyin_reads_polyphonic_surnames_as_surnames) {
  BOOST_TEST(Pinyin("单雄信") == (Tokens{"shan", "xiongxin"}));
  BOOST_TEST(Pinyin("曾国藩") == (Tokens{"zeng", "guofan"}));
  BOOST_TEST(Pinyin("解缙") == (Tokens{"xie", "jin"}));
  BOOST_TEST(Pinyin("仇英") == (Tokens{"qiu", "ying"}));
  BOOST_TEST(Pinyin("区志坚") == (Tokens{"ou", "zhijian"}));
  BOOST_TEST(Pinyin("查良镛") == (Tokens{"zha", "liangyong"}));
  BOOST_TEST(Pinyin("朴树") == (Tokens{"piao", "shu"}));
  BOOST_TEST(Pinyin("乐嘉") == (Tokens{"yue", "jia"}));
  BOOST_TEST(Pinyin("尉迟恭") == (Tokens{"yuchi", "gong"}));
  BOOST_TEST(Pinyin("尉缭") == (Tokens{"yu", "liao"}));
  // the same characters inside a given name keep their common reading
  BOOST_TEST(Pinyin("王单") == (Tokens{"wang", "dan"}));
  BOOST_TEST(Pinyin("李乐") == (Tokens{"li", "le"}));
}

BOOST_AUTO_TEST_CASE(name_pinyin_writes_u_umlaut_as_v_as_fold_pinyin_does) {
  // ICU's Latin-ASCII gives "lu", "nu", "lue": 吕 would be 卢 and 女 努.
  BOOST_TEST(Pinyin("吕鑫") == (Tokens{"lv", "xin"}));
  BOOST_TEST(Pinyin("吕女") == (Tokens{"lv", "nv"}));
  BOOST_TEST(Pinyin("张略") == (Tokens{"zhang", "lve"}));
  BOOST_TEST(Pinyin("卢鑫") == (Tokens{"lu", "xin"}));
  BOOST_TEST(Pinyin("徐菊") == (Tokens{"xu", "ju"}));
  for (std::string_view typed : {"Lǚ Xīn", "lü xin", "lv xin", "lyu xin", "LV3 XIN1"}) {
    BOOST_TEST(Fold(typed) == Joined(Pinyin("吕鑫")), typed);
  }
  for (std::string_view han : {"张伟", "单雄信", "曾国藩", "尉迟恭", "吕女", "张略", "欧阳修"}) {
    const std::string joined = Joined(Pinyin(han));
    BOOST_TEST(Fold(joined) == joined, han);
  }
}

BOOST_AUTO_TEST_CASE(analyse_name_keys_chinese_and_latin_names_alike) {
  const NameKey chinese = Analysed("王小明");
  BOOST_TEST(chinese.han == "王小明");
  BOOST_TEST(chinese.tokens == (Tokens{"wang", "xiaoming"}));
  BOOST_TEST(chinese.sorted_key == "wang xiaoming");
  BOOST_TEST(chinese.joined == "wangxiaoming");
  BOOST_TEST(chinese.initials == "wx");
  BOOST_TEST(!chinese.latin);
  const NameKey latin = Analysed("Xiaoming WANG");
  BOOST_TEST(latin.latin);
  BOOST_TEST(latin.sorted_key == chinese.sorted_key);
  BOOST_TEST(Analysed("陳偉").han == "陈伟");
  BOOST_TEST(Analysed("José  GARCÍA").tokens == (Tokens{"jose", "garcia"}));
  BOOST_TEST(Analysed("O'Neil").tokens == (Tokens{"oneil"}));
  BOOST_TEST(Analysed("  ").empty());
}

BOOST_AUTO_TEST_CASE(analyse_name_meets_u_umlaut_names_in_latin_letters) {
  const std::string lv_xin = Analysed("吕鑫").sorted_key;
  BOOST_TEST(lv_xin == "lv xin");
  BOOST_TEST(Analysed("Lü Xin").sorted_key == lv_xin);
  BOOST_TEST(Analysed("XIN Lǚ").sorted_key == lv_xin);
  BOOST_TEST(Analysed("LYU Xin").sorted_key == lv_xin);
  BOOST_TEST(Analysed("Lv Xin").sorted_key == lv_xin);
  BOOST_TEST(Analysed("卢鑫").sorted_key != lv_xin);
  BOOST_TEST(Analysed("Müller").tokens == (Tokens{"muller"}));  // not pinyin: accents dropped
}

BOOST_AUTO_TEST_CASE(to_simplified_converts_han_only) {
  auto s = ToSimplified("陳偉 Chan");
  BOOST_REQUIRE(s.has_value());
  BOOST_TEST(s.value() == "陈伟 Chan");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai
