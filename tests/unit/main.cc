// main.cc: the Boost.Test module of the unit tests; the cases are in test_<libfile>.cc
#ifndef BOOST_TEST_DYN_LINK
#define BOOST_TEST_DYN_LINK
#endif
#define BOOST_TEST_MODULE kosmo
#include <boost/test/unit_test.hpp>
