// test_factor.cc: TOTP against RFC 6238 (through liboath), the drift window
// and the replay rule, Base32 against RFC 4648, the otpauth URI, the QR
// code's SVG, mail and recovery codes, their normalisation and hashes
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "error.h"
#include "factor.h"
#include "random.h"

using namespace kosmo;

BOOST_TEST_DONT_PRINT_LOG_VALUE(kosmo::FactorNeed)

namespace {

// RFC 6238 Appendix B's SHA-1 key.
const std::string kRfcKey = "12345678901234567890";

const std::string kServerSecret =
    *unhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

bool in_alphabet(const std::string& s, std::string_view alphabet) {
    return s.find_first_not_of(alphabet) == std::string::npos;
}

// An element of an SVG: its name ("svg", "rect/" when empty, "/svg" when
// closing) and its attributes.
struct Element {
    std::string name;
    std::map<std::string, std::string> attributes;
};

// The elements of SVG, which must be tags only (a final newline aside), each
// attribute name="value" once, the values without <, >, & or quotes; a
// failed check ends the test.
std::vector<Element> elements_of(const std::string& svg) {
    std::vector<Element> out;
    std::size_t i = 0;
    while (i < svg.size() && svg.compare(i, std::string::npos, "\n") != 0) {
        BOOST_REQUIRE(svg[i] == '<');
        const std::size_t end = svg.find('>', i);
        BOOST_REQUIRE(end != std::string::npos);
        std::string tag = svg.substr(i + 1, end - i - 1);
        const bool empty = !tag.empty() && tag.back() == '/';
        if (empty)
            tag.pop_back();
        Element e;
        std::size_t p = tag.find(' ');
        e.name = tag.substr(0, p) + (empty ? "/" : "");
        while (p != std::string::npos) {
            const std::size_t eq = tag.find("=\"", p);
            BOOST_REQUIRE(eq != std::string::npos);
            const std::string name = tag.substr(p + 1, eq - p - 1);
            const std::size_t close = tag.find('"', eq + 2);
            BOOST_REQUIRE(close != std::string::npos);
            const std::string value = tag.substr(eq + 2, close - eq - 2);
            BOOST_REQUIRE(!name.empty());
            BOOST_REQUIRE(
                in_alphabet(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-"));
            BOOST_REQUIRE(value.find_first_of("<>&") == std::string::npos);
            BOOST_REQUIRE(e.attributes.emplace(name, value).second);
            BOOST_REQUIRE((close + 1 == tag.size() || tag[close + 1] == ' '));
            p = close + 1 == tag.size() ? std::string::npos : close + 1;
        }
        out.push_back(std::move(e));
        i = end + 1;
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(factor)

BOOST_AUTO_TEST_CASE(totp_rfc6238_sha1_vectors) {
    // Appendix B's 8-digit values; a 6-digit code is their last six digits
    // (both are the same truncated value modulo a power of ten).
    const std::pair<std::time_t, std::string> vectors[] = {
        {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
        {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
    };
    for (const auto& [t, eight] : vectors) {
        BOOST_TEST_CONTEXT("T=" << t) {
            const std::string code = totp_code(kRfcKey, totp_step(t));
            BOOST_TEST(code == eight.substr(2));
            const TotpResult r = check_totp(kRfcKey, code, t, 0);
            BOOST_TEST((r.check == TotpCheck::Accepted));
            BOOST_TEST(r.step == std::int64_t(t / 30));
        }
    }
}

BOOST_AUTO_TEST_CASE(totp_steps) {
    BOOST_TEST(totp_step(0) == 0);
    BOOST_TEST(totp_step(29) == 0);
    BOOST_TEST(totp_step(30) == 1);
    BOOST_TEST(totp_step(59) == 1);
    BOOST_TEST(totp_step(1111111111) == 37037037);
    BOOST_TEST(totp_step(-5) == 0);
    // Leading zeros are kept: the 1111111109 vector's code starts with one.
    BOOST_TEST(totp_code(kRfcKey, totp_step(1111111109)) == "081804");
    BOOST_CHECK_THROW(totp_code("", 1), CryptoError);
    BOOST_CHECK_THROW(totp_code(kRfcKey, -1), CryptoError);
}

BOOST_AUTO_TEST_CASE(totp_window_one_step_either_way) {
    const std::time_t now = 1111111111;
    const std::int64_t step = totp_step(now);
    for (int d = -1; d <= 1; ++d) {
        BOOST_TEST_CONTEXT("drift " << d) {
            const TotpResult r = check_totp(kRfcKey, totp_code(kRfcKey, step + d), now, 0);
            BOOST_TEST((r.check == TotpCheck::Accepted));
            BOOST_TEST(r.step == step + d);
        }
    }
    for (int d : {-3, -2, 2, 3}) {
        BOOST_TEST_CONTEXT("drift " << d) {
            const std::string code = totp_code(kRfcKey, step + d);
            // Unless the code happens to be one of the window's as well.
            bool in_window = false;
            for (int w = -1; w <= 1; ++w)
                in_window = in_window || code == totp_code(kRfcKey, step + w);
            BOOST_REQUIRE(!in_window);
            const TotpResult r = check_totp(kRfcKey, code, now, 0);
            BOOST_TEST((r.check == TotpCheck::Wrong));
            BOOST_TEST(r.step == 0);
        }
    }
    // The window's edges in seconds: the last second of a step still takes
    // the next step's code, the first second of the step after next does not.
    const std::string next = totp_code(kRfcKey, step + 1);
    BOOST_TEST((check_totp(kRfcKey, next, (step - 1) * 30 + 29, 0).check == TotpCheck::Wrong));
    BOOST_TEST((check_totp(kRfcKey, next, step * 30, 0).check == TotpCheck::Accepted));
    BOOST_TEST((check_totp(kRfcKey, next, (step + 2) * 30 + 29, 0).check == TotpCheck::Accepted));
    BOOST_TEST((check_totp(kRfcKey, next, (step + 3) * 30, 0).check == TotpCheck::Wrong));
}

BOOST_AUTO_TEST_CASE(totp_replay_refused) {
    const std::time_t now = 1234567890;
    const std::int64_t step = totp_step(now);
    const std::string code = totp_code(kRfcKey, step);
    const TotpResult first = check_totp(kRfcKey, code, now, 0);
    BOOST_TEST((first.check == TotpCheck::Accepted));
    // The same code again, even a step later while it is still in the window.
    for (std::time_t t : {now, now + 30}) {
        const TotpResult again = check_totp(kRfcKey, code, t, first.step);
        BOOST_TEST((again.check == TotpCheck::Replayed));
        BOOST_TEST(again.step == step);
    }
    // An older code of the window after a newer one was accepted: refused.
    const TotpResult older = check_totp(kRfcKey, totp_code(kRfcKey, step - 1), now, first.step);
    BOOST_TEST((older.check == TotpCheck::Replayed));
    BOOST_TEST(older.step == step - 1);
    // The next step's code is new.
    const TotpResult newer = check_totp(kRfcKey, totp_code(kRfcKey, step + 1), now, first.step);
    BOOST_TEST((newer.check == TotpCheck::Accepted));
    BOOST_TEST(newer.step == step + 1);
    // A wrong code stays wrong, whatever was accepted before.
    std::string wrong = code;
    wrong[0] = wrong[0] == '9' ? '0' : char(wrong[0] + 1);
    BOOST_TEST((check_totp(kRfcKey, wrong, now, first.step).check == TotpCheck::Wrong));
    BOOST_TEST((check_totp(kRfcKey, "", now, 0).check == TotpCheck::Wrong));
    BOOST_TEST((check_totp(kRfcKey, code + "0", now, 0).check == TotpCheck::Wrong));
}

BOOST_AUTO_TEST_CASE(totp_on_many_threads) {
    // The codes do not depend on what other threads compute at the same time.
    std::vector<std::thread> threads;
    std::vector<int> wrong(4, 0);
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&wrong, i] {
            for (int n = 0; n < 500; ++n)
                wrong[i] += totp_code(kRfcKey, totp_step(2000000000)) != "279037";
        });
    for (auto& t : threads)
        t.join();
    BOOST_TEST(wrong == std::vector<int>(4, 0));
}

BOOST_AUTO_TEST_CASE(new_secrets) {
    const std::string a = new_totp_secret(), b = new_totp_secret();
    BOOST_TEST(a.size() == 20u);
    BOOST_TEST(b.size() == 20u);
    BOOST_TEST(a != b);
    BOOST_TEST(base32(a).size() == 32u);
}

BOOST_AUTO_TEST_CASE(base32_rfc4648_vectors) {
    const std::pair<std::string, std::string> vectors[] = {
        {"", ""},
        {"f", "MY"},
        {"fo", "MZXQ"},
        {"foo", "MZXW6"},
        {"foob", "MZXW6YQ"},
        {"fooba", "MZXW6YTB"},
        {"foobar", "MZXW6YTBOI"},
    };
    for (const auto& [bytes, text] : vectors) {
        BOOST_TEST(base32(bytes) == text);
        BOOST_TEST(base32_decode(text).value_or("?") == bytes);
    }
    BOOST_TEST(base32(kRfcKey) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    BOOST_TEST(base32_decode("mzxw6ytboi").value_or("?") == "foobar");
    BOOST_TEST(base32_decode("MZXW 6YTB OI").value_or("?") == "foobar");
    BOOST_TEST(base32_decode("MZXW6YTBOI======").value_or("?") == "foobar");
    BOOST_TEST(!base32_decode("MZXW6YTBO1"));  // 1 is no Base32 digit
    BOOST_TEST(!base32_decode("MZXW6YTBO!"));
    const std::string key = new_totp_secret();
    BOOST_TEST(base32_decode(in_groups(base32(key), 4)).value_or("?") == key);
}

BOOST_AUTO_TEST_CASE(key_in_groups_of_four) {
    BOOST_TEST(in_groups(base32(kRfcKey), 4) == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
    BOOST_TEST(in_groups("ABCDEF", 4) == "ABCD EF");
    BOOST_TEST(in_groups("ABCD", 4) == "ABCD");
    BOOST_TEST(in_groups("", 4) == "");
}

BOOST_AUTO_TEST_CASE(otpauth_uri_for_the_apps) {
    BOOST_TEST(otpauth_uri("KOSMO Communication Web", "tanaka01", kRfcKey) ==
               "otpauth://totp/KOSMO%20Communication%20Web:tanaka01"
               "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=KOSMO%20Communication%20Web"
               "&algorithm=SHA1&digits=6&period=30");
    // UTF-8 percent-encoded; a ':' of a name never passes for the separator.
    BOOST_TEST(otpauth_uri("健保:web", "a&b", "f") ==
               "otpauth://totp/%E5%81%A5%E4%BF%9D%3Aweb:a%26b"
               "?secret=MY&issuer=%E5%81%A5%E4%BF%9D%3Aweb&algorithm=SHA1&digits=6&period=30");
}

BOOST_AUTO_TEST_CASE(qr_code_as_svg) {
    const std::string uri = otpauth_uri("KOSMO Communication Web", "tanaka01", new_totp_secret());
    const std::string svg = qr_svg(uri);
    BOOST_TEST(svg.rfind("<svg", 0) == 0u);
    BOOST_TEST(svg.find("<script") == std::string::npos);
    BOOST_TEST(svg.find("href") == std::string::npos);
    // Well formed: the svg element around an empty rect and an empty path,
    // every attribute quoted, nothing else.
    const std::vector<Element> elements = elements_of(svg);
    BOOST_REQUIRE(elements.size() == 4u);
    BOOST_TEST(elements[0].name == "svg");
    BOOST_TEST(elements[1].name == "rect/");
    BOOST_TEST(elements[2].name == "path/");
    BOOST_TEST(elements[3].name == "/svg");
    BOOST_TEST(elements[3].attributes.empty());
    auto& svg_attributes = elements[0].attributes;
    BOOST_TEST(svg_attributes.at("xmlns") == "http://www.w3.org/2000/svg");
    BOOST_TEST(svg_attributes.at("shape-rendering") == "crispEdges");
    // The viewBox holds the code and a quiet zone of 4 modules each side: a
    // QR code is 21 + 4k modules wide (k = its version - 1).
    std::istringstream view_box(svg_attributes.at("viewBox"));
    int x0 = -1, y0 = -1, size = 0, height = 0;
    view_box >> x0 >> y0 >> size >> height;
    BOOST_TEST((x0 == 0 && y0 == 0 && size == height));
    BOOST_TEST(size >= 8 + 21);
    BOOST_TEST((size - 8 - 21) % 4 == 0);
    BOOST_TEST(elements[1].attributes.at("fill") == "#fff");
    // Every dark run lies inside the code, off the quiet zone, and the
    // finder pattern's top row (7 dark modules) opens the path at (4,4).
    const std::string& d = elements[2].attributes.at("d");
    BOOST_TEST(d.rfind("M4 4h7v1h-7z", 0) == 0u);
    std::istringstream path(d);
    int runs = 0;
    for (;;) {
        char m = 0, h = 0, v = 0, h2 = 0, z = 0;
        int x = 0, y = 0, w = 0, one = 0, back = 0;
        if (!(path >> m))
            break;
        path >> x >> y >> h >> w >> v >> one >> h2 >> back >> z;
        BOOST_REQUIRE((path && m == 'M' && h == 'h' && v == 'v' && one == 1 && h2 == 'h' &&
                       back == -w && z == 'z'));
        BOOST_TEST((x >= 4 && y >= 4 && w >= 1 && x + w <= size - 4 && y < size - 4));
        ++runs;
    }
    BOOST_TEST(runs > size);
    // One text, one picture; another key, another picture.
    BOOST_TEST(qr_svg(uri) == svg);
    BOOST_TEST(qr_svg(otpauth_uri("KOSMO Communication Web", "tanaka01", new_totp_secret())) !=
               svg);
    BOOST_CHECK_THROW(qr_svg(std::string(8000, 'x')), Error);  // more than version 40 holds
    BOOST_CHECK_THROW(qr_svg(std::string("a\0b", 3)), Error);
}

BOOST_AUTO_TEST_CASE(typed_six_digit_codes) {
    BOOST_TEST(typed_code("123456").value_or("?") == "123456");
    BOOST_TEST(typed_code("012345").value_or("?") == "012345");
    BOOST_TEST(typed_code(" 123 456 ").value_or("?") == "123456");
    BOOST_TEST(typed_code("123-456").value_or("?") == "123456");
    BOOST_TEST(typed_code("１２３４５６").value_or("?") == "123456");
    BOOST_TEST(typed_code("１２３\u3000４５６").value_or("?") == "123456");
    BOOST_TEST(typed_code("123－456").value_or("?") == "123456");
    BOOST_TEST(!typed_code(""));
    BOOST_TEST(!typed_code("12345"));
    BOOST_TEST(!typed_code("1234567"));
    BOOST_TEST(!typed_code("12345a"));
    BOOST_TEST(!typed_code("12345\t6"));
}

BOOST_AUTO_TEST_CASE(mail_codes_six_digits_spread) {
    std::set<std::string> seen;
    std::vector<std::set<char>> at(6);
    for (int i = 0; i < 1000; ++i) {
        const std::string code = new_mail_code();
        BOOST_REQUIRE(code.size() == 6u);
        BOOST_REQUIRE(in_alphabet(code, "0123456789"));
        BOOST_TEST(typed_code(code).value_or("?") == code);
        seen.insert(code);
        for (std::size_t p = 0; p < 6; ++p)
            at[p].insert(code[p]);
    }
    // Not a test of the distribution: only that every place varies over
    // every digit and codes hardly repeat (a miss here has odds below 1e-40).
    for (const auto& digits : at)
        BOOST_TEST(digits.size() == 10u);
    BOOST_TEST(seen.size() >= 990u);
}

BOOST_AUTO_TEST_CASE(recovery_codes_format) {
    const std::vector<std::string> codes = new_recovery_codes();
    BOOST_TEST(codes.size() == 10u);
    BOOST_TEST(std::set<std::string>(codes.begin(), codes.end()).size() == 10u);
    for (const auto& code : codes) {
        BOOST_TEST(code.size() == 10u);
        BOOST_TEST(in_alphabet(code, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"));
        const std::string shown = recovery_code_display(code);
        BOOST_TEST(shown.size() == 11u);
        BOOST_TEST(shown[5] == '-');
        BOOST_TEST(shown.substr(0, 5) + shown.substr(6) == code);
        BOOST_TEST(typed_recovery_code(shown).value_or("?") == code);
    }
    BOOST_TEST(new_recovery_codes() != codes);
}

BOOST_AUTO_TEST_CASE(recovery_codes_as_typed) {
    const std::string code = "7KQ2XM9RT4";
    for (const char* typed :
         {"7KQ2X-M9RT4", "7kq2x-m9rt4", "7KQ2X M9RT4", " 7KQ2XM9RT4 ", "７ＫＱ２Ｘ－Ｍ９ＲＴ４",
          "７ｋｑ２ｘ\u3000ｍ９ｒｔ４", "7KQ2X‐M9RT4", "7KQ2X - M9RT4"})
        BOOST_TEST(typed_recovery_code(typed).value_or("?") == code, typed);
    // Letters read for digits: O as 0, I and L as 1.
    BOOST_TEST(typed_recovery_code("O0IL1-oil10").value_or("?") == "0011101110");
    BOOST_TEST(!typed_recovery_code("7KQ2X-M9RTU"));  // U is not in the alphabet
    BOOST_TEST(!typed_recovery_code("7KQ2X-M9RT"));
    BOOST_TEST(!typed_recovery_code("7KQ2X-M9RT44"));
    BOOST_TEST(!typed_recovery_code("7KQ2X_M9RT4"));
    BOOST_TEST(!typed_recovery_code("7KQ2X.M9RT4"));
    BOOST_TEST(!typed_recovery_code(""));
}

BOOST_AUTO_TEST_CASE(code_hashes_keyed_and_bound) {
    const std::string h = code_hash(kServerSecret, CodeKind::Recovery, 42, "7KQ2XM9RT4");
    BOOST_TEST(h.size() == 32u);
    BOOST_TEST(h == code_hash(kServerSecret, CodeKind::Recovery, 42, "7KQ2XM9RT4"));
    BOOST_TEST(code_matches(kServerSecret, CodeKind::Recovery, 42, "7KQ2XM9RT4", h));
    BOOST_TEST(!code_matches(kServerSecret, CodeKind::Recovery, 42, "7KQ2XM9RT5", h));
    BOOST_TEST(!code_matches(kServerSecret, CodeKind::Recovery, 43, "7KQ2XM9RT4", h));
    BOOST_TEST(!code_matches(kServerSecret, CodeKind::Mail, 42, "7KQ2XM9RT4", h));
    BOOST_TEST(!code_matches(random_bytes(32), CodeKind::Recovery, 42, "7KQ2XM9RT4", h));
    BOOST_TEST(!code_matches(kServerSecret, CodeKind::Recovery, 42, "7KQ2XM9RT4", h.substr(1)));
    // "4" then "2X" and "42" then "X" must not meet: the parts are separated.
    BOOST_TEST(code_hash(kServerSecret, CodeKind::Mail, 4, "2123456") !=
               code_hash(kServerSecret, CodeKind::Mail, 42, "123456"));
    // The hash of a typed code is the hash of the code shown.
    const std::string shown = recovery_code_display("7KQ2XM9RT4");
    BOOST_TEST(code_matches(kServerSecret, CodeKind::Recovery, 42,
                            typed_recovery_code(shown).value_or("?"), h));
    const std::string mail = new_mail_code();
    BOOST_TEST(code_matches(kServerSecret, CodeKind::Mail, 7, mail,
                            code_hash(kServerSecret, CodeKind::Mail, 7, mail)));
    BOOST_CHECK_THROW(code_hash("", CodeKind::Mail, 7, mail), CryptoError);
}

BOOST_AUTO_TEST_CASE(policy_resolution) {
    using P = MfaPolicy;
    using N = FactorNeed;
    // An app once set up is asked for under every policy.
    for (P p : {P::Off, P::Optional, P::Required})
        for (bool mail_on : {false, true})
            BOOST_TEST(factor_needed(p, true, mail_on) == N::App);
    BOOST_TEST(factor_needed(P::Required, false, false) == N::Mail);
    BOOST_TEST(factor_needed(P::Required, false, true) == N::Mail);
    BOOST_TEST(factor_needed(P::Optional, false, false) == N::None);
    BOOST_TEST(factor_needed(P::Optional, false, true) == N::Mail);
    BOOST_TEST(factor_needed(P::Off, false, false) == N::None);
    BOOST_TEST(factor_needed(P::Off, false, true) == N::None);
    // Site, society and member together: a society's own policy wins.
    BOOST_TEST(factor_needed(mfa_in_force(P::Off, P::Required), false, false) == N::Mail);
    BOOST_TEST(factor_needed(mfa_in_force(P::Required, P::Off), false, true) == N::None);
    BOOST_TEST(factor_needed(mfa_in_force(P::Required, P::Optional), false, true) == N::Mail);
}

BOOST_AUTO_TEST_SUITE_END()
