// test_totp_key.cc: an app's key sealed at rest: round trip, fresh nonces,
// and nothing opened with another server secret, account or any byte changed
#include <boost/test/unit_test.hpp>

#include "error.h"
#include "factor.h"
#include "password.h"
#include "random.h"
#include "totp_key.h"

using namespace kosmo;

namespace {

const std::string kServerSecret =
    *unhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

// The three '$'-separated fields of SEALED.
std::vector<std::string> fields(const std::string& sealed) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto d = sealed.find('$', start);
        out.push_back(sealed.substr(start, d - start));
        if (d == std::string::npos)
            return out;
        start = d + 1;
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(totp_key)

BOOST_AUTO_TEST_CASE(round_trip) {
    const std::string key = new_totp_secret();
    const std::string sealed = seal_totp_secret(kServerSecret, 42, key);
    BOOST_TEST(open_totp_secret(kServerSecret, 42, sealed).value_or("?") == key);
    const auto f = fields(sealed);
    BOOST_REQUIRE(f.size() == 3u);
    BOOST_TEST(f[0] == "v1");
    BOOST_TEST(base64_decode(f[1])->size() == 12u);       // the nonce
    BOOST_TEST(base64_decode(f[2])->size() == 20u + 16);  // the key and the tag
    // The key itself appears nowhere, in any spelling.
    BOOST_TEST(sealed.find(base64url(key)) == std::string::npos);
    BOOST_TEST(sealed.find(base32(key)) == std::string::npos);
    BOOST_TEST(
        open_totp_secret(kServerSecret, 0, seal_totp_secret(kServerSecret, 0, "")).value_or("?") ==
        "");
}

BOOST_AUTO_TEST_CASE(each_seal_differs) {
    const std::string key = new_totp_secret();
    const std::string a = seal_totp_secret(kServerSecret, 42, key);
    const std::string b = seal_totp_secret(kServerSecret, 42, key);
    BOOST_TEST(a != b);
    BOOST_TEST(fields(a)[1] != fields(b)[1]);
    BOOST_TEST(open_totp_secret(kServerSecret, 42, b).value_or("?") == key);
}

BOOST_AUTO_TEST_CASE(another_server_secret_or_account_opens_nothing) {
    const std::string sealed = seal_totp_secret(kServerSecret, 42, new_totp_secret());
    BOOST_TEST(!open_totp_secret(random_bytes(32), 42, sealed));
    std::string near = kServerSecret;
    near.back() ^= 1;
    BOOST_TEST(!open_totp_secret(near, 42, sealed));
    BOOST_TEST(!open_totp_secret(kServerSecret, 43, sealed));
    BOOST_CHECK_THROW(seal_totp_secret("", 42, "k"), CryptoError);
}

BOOST_AUTO_TEST_CASE(any_changed_byte_refused) {
    const std::string sealed = seal_totp_secret(kServerSecret, 42, new_totp_secret());
    const auto f = fields(sealed);
    const std::string nonce = *base64_decode(f[1]), body = *base64_decode(f[2]);
    // Every byte of the nonce, the ciphertext and the tag, one bit at a time.
    for (std::size_t i = 0; i < nonce.size(); ++i) {
        std::string n = nonce;
        n[i] ^= 0x01;
        BOOST_TEST(!open_totp_secret(kServerSecret, 42, "v1$" + base64url(n) + "$" + f[2]),
                   "nonce byte " << i);
    }
    for (std::size_t i = 0; i < body.size(); ++i) {
        std::string b = body;
        b[i] ^= 0x80;
        BOOST_TEST(!open_totp_secret(kServerSecret, 42, "v1$" + f[1] + "$" + base64url(b)),
                   "body byte " << i);
    }
    // Cut short, or lengthened.
    BOOST_TEST(!open_totp_secret(kServerSecret, 42,
                                 "v1$" + f[1] + "$" + base64url(body.substr(0, body.size() - 1))));
    BOOST_TEST(!open_totp_secret(kServerSecret, 42, "v1$" + f[1] + "$" + base64url(body + "x")));
}

BOOST_AUTO_TEST_CASE(malformed_strings_open_nothing) {
    const std::string sealed = seal_totp_secret(kServerSecret, 42, new_totp_secret());
    const auto f = fields(sealed);
    for (const std::string& bad : {
             std::string(),
             std::string("v1"),
             std::string("v1$"),
             std::string("v1$$"),
             "v2$" + f[1] + "$" + f[2],
             "V1$" + f[1] + "$" + f[2],
             "v1$" + f[1] + "$" + f[2] + "$",
             "v1$" + f[1] + "$" + f[2] + "!",
             "v1$" + f[1].substr(4) + "$" + f[2],
             "v1$" + f[1] + "$" + base64url(std::string(15, 'x')),
             "v1$" + f[2] + "$" + f[1],
         })
        BOOST_TEST(!open_totp_secret(kServerSecret, 42, bad), bad);
    BOOST_TEST(open_totp_secret(kServerSecret, 42, sealed).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
