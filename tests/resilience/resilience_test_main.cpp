// resilience_test: the hub survives what production does to it. `huicai sync` killed with
// SIGKILL at its crash points and at random moments, the PostgreSQL hub store restarted while a
// sync runs, and a new partner system added by one mapping file; every scenario ends with a
// clean sync whose store is checked row by row against the generator's gold truth.
#define BOOST_TEST_MODULE resilience_test
#include <boost/test/unit_test.hpp>
