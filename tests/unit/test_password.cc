// test_password.cc: scrypt strings, encodings, random strings
#include <boost/test/unit_test.hpp>

#include <set>
#include <thread>

#include "error.h"
#include "password.h"

using namespace kosmo;

namespace {

const ScryptParams kFast{10, 8, 1};

// Replaces the part between the Nth and (N+1)th '$' of ENCODED.
std::string with_field(const std::string& encoded, int n, const std::string& value) {
    std::size_t start = 0;
    for (int i = 0; i < n; ++i)
        start = encoded.find('$', start) + 1;
    const auto end = encoded.find('$', start);
    return encoded.substr(0, start) + value + (end == std::string::npos ? "" : encoded.substr(end));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(password)

BOOST_AUTO_TEST_CASE(hash_round_trip) {
    const std::string h = hash_password("correct horse 1", kFast);
    BOOST_TEST(h.rfind("$scrypt$ln=10,r=8,p=1$", 0) == 0u);
    BOOST_TEST(verify_password("correct horse 1", h));
    BOOST_TEST(!verify_password("correct horse 2", h));
    BOOST_TEST(!verify_password("", h));
    BOOST_TEST(!verify_password("Correct horse 1", h));
}

BOOST_AUTO_TEST_CASE(hash_layout) {
    const std::string h = hash_password("pw", kFast);
    // "", "scrypt", params, salt, key
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto d = h.find('$', start);
        parts.push_back(h.substr(start, d - start));
        if (d == std::string::npos)
            break;
        start = d + 1;
    }
    BOOST_REQUIRE_EQUAL(parts.size(), 5u);
    BOOST_TEST(parts[3].size() == 22u);  // 16 bytes, no padding
    BOOST_TEST(parts[4].size() == 43u);  // 32 bytes, no padding
    BOOST_TEST(base64_decode(parts[3])->size() == 16u);
    BOOST_TEST(base64_decode(parts[4])->size() == 32u);
}

BOOST_AUTO_TEST_CASE(salt_differs_each_time) {
    BOOST_TEST(hash_password("same", kFast) != hash_password("same", kFast));
}

BOOST_AUTO_TEST_CASE(empty_and_long_and_multibyte_passwords) {
    const std::string empty = hash_password("", kFast);
    BOOST_TEST(verify_password("", empty));
    BOOST_TEST(!verify_password("x", empty));
    const std::string long_pw(128, 'a');
    BOOST_TEST(verify_password(long_pw, hash_password(long_pw, kFast)));
    BOOST_TEST(!verify_password(long_pw + "a", hash_password(long_pw, kFast)));
    const std::string ja = "さくら2024ねこ";
    BOOST_TEST(verify_password(ja, hash_password(ja, kFast)));
    const std::string with_nul("ab\0cd1234", 9);
    const std::string h = hash_password(with_nul, kFast);
    BOOST_TEST(verify_password(with_nul, h));
    BOOST_TEST(!verify_password("ab", h));
}

BOOST_AUTO_TEST_CASE(tampered_strings_are_false) {
    const std::string h = hash_password("secret123", kFast);
    BOOST_TEST(verify_password("secret123", h));
    const std::vector<std::string> bad = {
        "",
        "$scrypt$",
        "scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$" + std::string(43, 'A'),
        h.substr(1),
        h + "$",
        h + "*",                            // not base64
        h.substr(0, h.rfind('$')),          // missing key
        with_field(h, 2, "ln=10,r=8"),      // missing p
        with_field(h, 2, "ln=10,p=1,r=8"),  // wrong order
        with_field(h, 2, "ln=10,r=8,p=1,x=2"),
        with_field(h, 2, "ln=010,r=8,p=1"),  // leading zero
        with_field(h, 2, "ln=-1,r=8,p=1"),
        with_field(h, 2, "ln=9,r=8,p=1"),   // below the floor
        with_field(h, 2, "ln=23,r=8,p=1"),  // absurd memory
        with_field(h, 2, "ln=40,r=8,p=1"),
        with_field(h, 2, "ln=4294967297,r=8,p=1"),
        with_field(h, 2, "ln=22,r=32,p=1"),  // 16 GiB
        with_field(h, 2, "ln=10,r=0,p=1"),
        with_field(h, 2, "ln=10,r=33,p=1"),
        with_field(h, 2, "ln=10,r=8,p=0"),
        with_field(h, 2, "ln=10,r=8,p=17"),
        with_field(h, 1, "scrypt2"),
        with_field(h, 3, "!!!!"),                      // bad base64 salt
        with_field(h, 3, "AAAA"),                      // salt too short
        with_field(h, 3, "AAAAAAAAAAAAAAAAAAAAAA=="),  // padding
        with_field(h, 4, "A"),                         // impossible base64 length
        with_field(h, 4, ""),                          // empty key
        with_field(h, 4, std::string(43, '*')),
    };
    for (const auto& s : bad) {
        BOOST_TEST(!verify_password("secret123", s), s);
        BOOST_TEST(!hash_params(s).has_value(), s);
        BOOST_TEST(needs_rehash(s, kFast), s);
    }
    // The same salt and key under other parameters no longer match.
    BOOST_TEST(!verify_password("secret123", with_field(h, 2, "ln=11,r=8,p=1")));
    BOOST_TEST(!verify_password("secret123", with_field(h, 2, "ln=10,r=7,p=1")));
}

BOOST_AUTO_TEST_CASE(params_and_rehash) {
    const std::string h = hash_password("pw12345678", ScryptParams{11, 4, 2});
    auto p = hash_params(h);
    BOOST_REQUIRE(p.has_value());
    BOOST_TEST(p->log2_n == 11u);
    BOOST_TEST(p->r == 4u);
    BOOST_TEST(p->p == 2u);
    BOOST_TEST(verify_password("pw12345678", h));
    BOOST_TEST(!needs_rehash(h, ScryptParams{11, 4, 2}));
    BOOST_TEST(needs_rehash(h, ScryptParams{12, 4, 2}));
    BOOST_TEST(needs_rehash(h, ScryptParams{11, 8, 2}));
    BOOST_TEST(needs_rehash(h, ScryptParams{11, 4, 1}));
    BOOST_TEST(needs_rehash("not a hash", ScryptParams{11, 4, 2}));
}

// The one test at the production cost: proves the OpenSSL memory cap is
// raised (its 32 MiB default refuses N=2^17, r=8).
BOOST_AUTO_TEST_CASE(default_cost_works) {
    const ScryptParams defaults;
    BOOST_TEST(defaults.log2_n == 17u);
    BOOST_TEST(defaults.r == 8u);
    const std::string h = hash_password("Sakura2024x", defaults);
    BOOST_TEST(h.rfind("$scrypt$ln=17,r=8,p=1$", 0) == 0u);
    BOOST_TEST(verify_password("Sakura2024x", h));
}

BOOST_AUTO_TEST_CASE(dummy_hash_is_cached_and_unknown) {
    const std::string& a = dummy_hash(kFast);
    const std::string& b = dummy_hash(kFast);
    BOOST_TEST(&a == &b);
    BOOST_TEST(hash_params(a).has_value());
    BOOST_TEST(!needs_rehash(a, kFast));
    BOOST_TEST(!verify_password("", a));
    BOOST_TEST(!verify_password("password1", a));
    const std::string& c = dummy_hash(ScryptParams{11, 8, 1});
    BOOST_TEST(c != a);
    BOOST_TEST(hash_params(c)->log2_n == 11u);
    BOOST_TEST(&dummy_hash(kFast) == &a);
    // It looks like any other hash of these parameters: same form, same
    // lengths, so verifying against it costs what a real one costs.
    const std::string real = hash_password("Sakura2024x", kFast);
    BOOST_TEST(a.size() == real.size());
    BOOST_TEST(a.rfind(real.substr(0, real.find('$', 8) + 1), 0) == 0u);
}

BOOST_AUTO_TEST_CASE(dummy_hash_from_threads) {
    const ScryptParams p{10, 2, 1};
    std::vector<const std::string*> seen(4);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&, i] { seen[i] = &dummy_hash(p); });
    for (auto& t : threads)
        t.join();
    for (auto* s : seen)
        BOOST_TEST(s == seen[0]);
}

BOOST_AUTO_TEST_CASE(base64_round_trips) {
    BOOST_TEST(base64("") == "");
    BOOST_TEST(base64("f") == "Zg==");
    BOOST_TEST(base64("fo") == "Zm8=");
    BOOST_TEST(base64("foo") == "Zm9v");
    BOOST_TEST(base64("foobar") == "Zm9vYmFy");
    BOOST_TEST(base64url("\xfb\xff") == "-_8");
    BOOST_TEST(base64("\xfb\xff") == "+/8=");
    for (std::size_t n = 0; n < 70; ++n) {
        const std::string bytes = random_bytes(n);
        BOOST_TEST(*base64_decode(base64(bytes)) == bytes);
        BOOST_TEST(*base64_decode(base64url(bytes)) == bytes);
        BOOST_TEST(base64url(bytes).find_first_of("+/=") == std::string::npos);
    }
    BOOST_TEST(*base64_decode("Zg") == "f");
    BOOST_TEST(*base64_decode("Zm8") == "fo");
    BOOST_TEST(*base64_decode("") == "");
}

BOOST_AUTO_TEST_CASE(base64_decode_rejects) {
    for (const char* s : {"Z", "Zg=", "Zg===", "=", "==", "Zh", "Zm9", "Zm 9v", "Zm9v\n",
                          "Z=g=", "Zm9v====", "Zm9v*"})
        BOOST_TEST(!base64_decode(s).has_value(), s);
}

BOOST_AUTO_TEST_CASE(hex_round_trips) {
    BOOST_TEST(hex("") == "");
    BOOST_TEST(hex(std::string("\x00\x01\xab\xff", 4)) == "0001abff");
    BOOST_TEST(*unhex("0001ABff") == std::string("\x00\x01\xab\xff", 4));
    const std::string bytes = random_bytes(40);
    BOOST_TEST(*unhex(hex(bytes)) == bytes);
    BOOST_TEST(!unhex("abc").has_value());
    BOOST_TEST(!unhex("zz").has_value());
    BOOST_TEST(!unhex("0x").has_value());
    BOOST_TEST(unhex("")->empty());
}

BOOST_AUTO_TEST_CASE(digests) {
    BOOST_TEST(hex(sha256("")) ==
               "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(hex(sha256("abc")) ==
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // RFC 4231 test case 2
    BOOST_TEST(hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    BOOST_TEST(hmac_sha256("", "x").size() == 32u);
    BOOST_TEST(hmac_sha256("k", "") != hmac_sha256("k", "x"));
}

BOOST_AUTO_TEST_CASE(constant_time_equal_cases) {
    BOOST_TEST(constant_time_equal("", ""));
    BOOST_TEST(constant_time_equal("abc", "abc"));
    BOOST_TEST(!constant_time_equal("abc", "abd"));
    BOOST_TEST(!constant_time_equal("abc", "ab"));
    BOOST_TEST(!constant_time_equal("", "a"));
    BOOST_TEST(constant_time_equal(std::string("a\0b", 3), std::string("a\0b", 3)));
    BOOST_TEST(!constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

BOOST_AUTO_TEST_CASE(random_values) {
    BOOST_TEST(random_bytes(0).empty());
    BOOST_TEST(random_bytes(33).size() == 33u);
    BOOST_TEST(random_bytes(32) != random_bytes(32));
    BOOST_TEST(random_token().size() == 43u);
    BOOST_TEST(random_token(16).size() == 22u);
    BOOST_TEST(random_token().find_first_not_of(
                   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(random_string_alphabet_and_length) {
    const std::string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::set<char> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string s = random_string(12, alphabet);
        BOOST_TEST(s.size() == 12u);
        BOOST_TEST(s.find_first_not_of(alphabet) == std::string::npos);
        seen.insert(s.begin(), s.end());
    }
    // 2400 draws from 32 characters: every one appears.
    BOOST_TEST(seen.size() == alphabet.size());
    BOOST_TEST(random_string(0, alphabet).empty());
    BOOST_TEST(random_string(5, "x") == "xxxxx");
    // An alphabet that does not divide 256 still yields only its characters.
    const std::string s = random_string(500, "abc");
    BOOST_TEST(s.find_first_not_of("abc") == std::string::npos);
    BOOST_CHECK_THROW(random_string(3, ""), Error);
}

BOOST_AUTO_TEST_SUITE_END()
