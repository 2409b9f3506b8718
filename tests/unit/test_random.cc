// test_random.cc: kernel CSPRNG bytes and the hex that writes them
#include <boost/test/unit_test.hpp>

#include <set>

#include "random.h"

using namespace kosmo;

BOOST_AUTO_TEST_SUITE(kernel_random)

BOOST_AUTO_TEST_CASE(random_bytes_lengths_and_variety) {
    BOOST_TEST(random_bytes(0).empty());
    BOOST_TEST(random_bytes(1).size() == 1u);
    BOOST_TEST(random_bytes(300).size() == 300u);  // more than one call of getrandom may need
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i)
        seen.insert(random_bytes(16));
    BOOST_TEST(seen.size() == 100u);
}

BOOST_AUTO_TEST_CASE(hex_round_trip) {
    BOOST_TEST(hex("") == "");
    BOOST_TEST(hex(std::string("\x00\x01\xab\xff", 4)) == "0001abff");
    BOOST_TEST(unhex("0001ABff").value() == std::string("\x00\x01\xab\xff", 4));
    const std::string bytes = random_bytes(32);
    BOOST_TEST(unhex(hex(bytes)).value() == bytes);
    BOOST_TEST(!unhex("abc"));  // odd length
    BOOST_TEST(!unhex("zz"));
    BOOST_TEST(!unhex("0x"));
}

BOOST_AUTO_TEST_SUITE_END()
