// Boost.Test entry point for the unit tests.
#define BOOST_TEST_MODULE shipshape unit tests
#include <boost/test/unit_test.hpp>
