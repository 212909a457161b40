// The public headers of exchange/ speak core types only: no Thrift name leaks through them.
#include <boost/test/unit_test.hpp>

#include "exchange/backend.h"
#include "exchange/certs.h"
#include "exchange/client.h"
#include "exchange/server.h"

#if defined(_THRIFT_THRIFT_H_) || defined(THRIFT_SOCKET) || \
    defined(_THRIFT_TAPPLICATIONEXCEPTION_H_)
#error "a public header of exchange/ includes Thrift"
#endif
#if defined(OPENSSL_VERSION_NUMBER) || defined(HEADER_X509_H) || defined(OPENSSL_X509_H)
#error "a public header of exchange/ includes OpenSSL"
#endif

BOOST_AUTO_TEST_SUITE(public_headers)

BOOST_AUTO_TEST_CASE(public_headers_compile_without_thrift) {
  // Reaching this line means the #error above did not fire.
  huicai::exchange::ServerOptions options;
  BOOST_TEST(options.max_frame_bytes == 16 << 20);
}

BOOST_AUTO_TEST_SUITE_END()
