#include "core/status.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/support/print.h"

namespace huicai {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return Status::InvalidArgument(std::to_string(n) + " is odd");
  return n / 2;
}

Result<int> Quarter(int n) {
  HUICAI_ASSIGN_OR_RETURN(int half, Half(n));
  HUICAI_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int n) {
  HUICAI_RETURN_IF_ERROR(Half(n).status());
  return Status::Ok();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(status)

BOOST_AUTO_TEST_CASE(with_context_prefixes_message_and_keeps_code) {
  const Status s = Status::Unavailable("connection refused").WithContext("partner tax");
  BOOST_TEST(s.code() == StatusCode::kUnavailable);
  BOOST_TEST(s.message() == "partner tax: connection refused");
  BOOST_TEST(s.ToString() == "Unavailable: partner tax: connection refused");
}

BOOST_AUTO_TEST_CASE(with_context_on_ok_stays_ok) {
  BOOST_TEST(Status::Ok().WithContext("anything").ok());
  BOOST_TEST(Status::Ok().ToString() == "OK");
}

BOOST_AUTO_TEST_CASE(assign_or_return_passes_values_and_errors_through) {
  const auto ok = Quarter(12);
  BOOST_REQUIRE(ok.has_value());
  BOOST_TEST(*ok == 3);
  const auto odd = Quarter(6);  // 6 -> 3 -> odd
  BOOST_REQUIRE(!odd.has_value());
  BOOST_TEST(odd.error().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(odd.error().message() == "3 is odd");
}

BOOST_AUTO_TEST_CASE(return_if_error_returns_first_failure) {
  BOOST_TEST(CheckEven(4).ok());
  const Status s = CheckEven(5);
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(s.message() == "5 is odd");
}

BOOST_AUTO_TEST_CASE(result_status_is_ok_when_it_holds_a_value) {
  const Result<std::string> r = std::string("x");
  BOOST_TEST(r.status().ok());
  BOOST_TEST(static_cast<bool>(r));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace huicai
