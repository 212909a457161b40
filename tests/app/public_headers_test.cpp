// Every folder's public headers together: they compile as one unit and leak no third-party
// library (ODBC, Xapian, Eigen, LEMON, Thrift, toml++) into their includers (STYLE.md).
#include <boost/test/unit_test.hpp>

#include "connectors/outbound.h"
#include "connectors/partner.h"
#include "connectors/writer.h"
#include "core/codes.h"
#include "core/config_dir.h"
#include "core/id_number.h"
#include "core/mask.h"
#include "core/regions.h"
#include "core/status.h"
#include "core/text.h"
#include "core/types.h"
#include "core/validate.h"
#include "exchange/backend.h"
#include "exchange/client.h"
#include "exchange/server.h"
#include "hub/config.h"
#include "hub/generate.h"
#include "hub/hub.h"
#include "hub/synth.h"
#include "matcher/assign.h"
#include "matcher/candidates.h"
#include "matcher/field_linkage.h"
#include "matcher/linkage.h"
#include "matcher/score.h"
#include "odbc/odbc.h"
#include "search/index.h"
#include "store/store.h"

BOOST_AUTO_TEST_CASE(public_headers_leak_no_third_party_library) {
#ifdef SQL_SUCCESS
  BOOST_ERROR("an ODBC header (SQL_SUCCESS) leaks through a public header");
#endif
#ifdef XAPIAN_VERSION
  BOOST_ERROR("a Xapian header (XAPIAN_VERSION) leaks through a public header");
#endif
#ifdef EIGEN_WORLD_VERSION
  BOOST_ERROR("an Eigen header (EIGEN_WORLD_VERSION) leaks through a public header");
#endif
#ifdef LEMON_VERSION
  BOOST_ERROR("a LEMON header (LEMON_VERSION) leaks through a public header");
#endif
#if defined(THRIFT_UNUSED_VARIABLE) || defined(_THRIFT_THRIFT_H_)
  BOOST_ERROR("a Thrift header leaks through a public header");
#endif
#ifdef TOML_VERSION_MAJOR
  BOOST_ERROR("a toml++ header leaks through a public header");
#endif
  BOOST_TEST(huicai::StatusCodeName(huicai::StatusCode::kOk) == "OK");
}
