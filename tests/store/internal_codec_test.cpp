// store/internal/codec: EncodeMap writes the very JSON nlohmann's dump wrote before the fast
// path (stored fields and fingerprints of existing hubs must not change), and DecodeMap reads
// it back.
#include <boost/test/unit_test.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/internal/codec.h"

namespace {

using Fields = std::map<std::string, std::string>;

std::string Reference(const Fields& fields) {
  return nlohmann::json(fields).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(codec)

BOOST_AUTO_TEST_CASE(encode_map_writes_the_json_nlohmann_writes) {
  std::string controls;
  for (char c = 1; c < 0x20; ++c) controls.push_back(c);
  controls += "\x7F";
  const std::vector<Fields> cases = {
      {},
      {{"name", "张三"}},
      {{"id_number", "11010519491231002X"}, {"name", "王伟"}, {"birth_date", "1949-12-31"}},
      {{"quote", "say \"hi\""}, {"slash", "a/b\\c"}, {"tabs", "a\tb\nc\rd\be\ff"}},
      {{"controls", controls}},
      {{"", ""}, {"emoji", "😀 〇 ｆｕｌｌ"}},
      {{"hostile", "王伟'); DROP TABLE person;--"}},
  };
  for (const Fields& fields : cases) {
    const std::string encoded = huicai::store::internal::EncodeMap(fields);
    BOOST_TEST(encoded == Reference(fields));
    auto decoded = huicai::store::internal::DecodeMap(encoded);
    BOOST_TEST_REQUIRE(decoded.has_value());
    BOOST_TEST((*decoded == fields));
  }
}

BOOST_AUTO_TEST_CASE(encode_map_replaces_invalid_utf8_as_before) {
  const Fields fields = {{"name", "ab\xFF\xC3"}, {"ok", "李"}, {"bad\xE4", "x"}};
  const std::string encoded = huicai::store::internal::EncodeMap(fields);
  BOOST_TEST(encoded == Reference(fields));
  BOOST_TEST(encoded.find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD
}

BOOST_AUTO_TEST_SUITE_END()
