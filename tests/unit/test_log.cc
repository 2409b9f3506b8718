// test_log.cc: the request and error lines on stderr, what the audit keeps of a
// typed login ID, and the escaping of values printed for an operator
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "log.h"

using namespace kosmo;

namespace {

// Sends fd 2 to a temporary file while it lives; text() is what came.
class StderrCapture {
public:
    StderrCapture() {
        char path[] = "/tmp/kosmo-test-log.XXXXXX";
        fd_ = ::mkstemp(path);
        BOOST_REQUIRE(fd_ >= 0);
        ::unlink(path);
        saved_ = ::dup(2);
        ::dup2(fd_, 2);
    }
    ~StderrCapture() {
        restore();
        ::close(fd_);
    }
    std::string text() {
        restore();
        std::string out;
        char buf[4096];
        ssize_t n;
        ::lseek(fd_, 0, SEEK_SET);
        while ((n = ::read(fd_, buf, sizeof buf)) > 0)
            out.append(buf, static_cast<std::size_t>(n));
        return out;
    }

private:
    void restore() {
        if (saved_ >= 0) {
            ::dup2(saved_, 2);
            ::close(saved_);
            saved_ = -1;
        }
    }
    int fd_ = -1;
    int saved_ = -1;
};

Request sample_request() {
    Request req;
    req.method = "POST";
    req.path = "/login";
    req.query = "token=query-secret";
    req.remote_addr = "127.0.0.1";
    req.request_id = "0f3c9a";
    req.form["password"] = "form-secret";
    req.cookies["kosmo_session"] = "cookie-secret";
    return req;
}

}  // namespace

// Not "log": the suite is a namespace, and ::log is a builtin.
BOOST_AUTO_TEST_SUITE(logging)

BOOST_AUTO_TEST_CASE(request_line) {
    StderrCapture cap;
    log_request("kosmo-login", sample_request(), 303, 0.414);
    BOOST_TEST(
        cap.text() ==
        "kosmo-login: req=0f3c9a method=POST path=/login status=303 ms=0.41 addr=127.0.0.1\n");
}

BOOST_AUTO_TEST_CASE(request_line_never_carries_secrets) {
    StderrCapture cap;
    log_request("kosmo-login", sample_request(), 200, 1);
    const std::string line = cap.text();
    BOOST_TEST(line.find("secret") == std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(request_line_escapes_what_a_client_sent) {
    Request req;
    req.method = "GET";
    req.path = "/a b\nkosmo-login: req=forged status=200";
    StderrCapture cap;
    log_request("kosmo-login", req, 404, 0);
    const std::string line = cap.text();
    BOOST_TEST(line ==
               "kosmo-login: req=- method=GET path=/a%20b%0Akosmo-login:%20req=forged%20status=200 "
               "status=404 ms=0.00 addr=-\n");
}

BOOST_AUTO_TEST_CASE(error_line) {
    StderrCapture cap;
    log_error("kosmo-verify", "r1", "cannot prepare statement 'member_by_id'\nsecond line");
    BOOST_TEST(
        cap.text() ==
        "kosmo-verify: req=r1 error: cannot prepare statement 'member_by_id'%0Asecond line\n");
}

BOOST_AUTO_TEST_CASE(concurrent_lines_stay_whole) {
    const int threads = 8, lines = 200;
    std::string text;
    {
        StderrCapture cap;
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([t] {
                Request req = sample_request();
                req.request_id = "thread" + std::to_string(t) + std::string(100, 'x');
                for (int i = 0; i < lines; ++i)
                    log_request("kosmo-login", req, 200, i);
            });
        for (auto& w : workers)
            w.join();
        text = cap.text();
    }
    std::istringstream in(text);
    std::string line;
    int count = 0;
    while (std::getline(in, line)) {
        ++count;
        BOOST_TEST(line.rfind("kosmo-login: req=thread", 0) == 0u, line);
        BOOST_TEST(line.find(" addr=127.0.0.1") == line.size() - 15, line);
    }
    BOOST_TEST(count == threads * lines);
}

BOOST_AUTO_TEST_CASE(audit_login_id_keeps_well_formed_ids) {
    BOOST_TEST(audit_login_id("ABCD-EF23") == "ABCD-EF23");
    BOOST_TEST(audit_login_id("abcd-ef23") == "abcd-ef23");  // the login matches any case
    BOOST_TEST(audit_login_id("tanaka01") == "tanaka01");    // permanent: 8 letters and digits
    BOOST_TEST(audit_login_id("abcdefghij123") == "abcdefghij123");  // 13
    BOOST_TEST(audit_login_id("") == "");
}

BOOST_AUTO_TEST_CASE(audit_login_id_hides_anything_else) {
    // Typed passwords and junk: neither the text nor a hash of it is kept.
    BOOST_TEST(audit_login_id("Kiwi4321x!") == "(not an ID, 10 chars)");
    BOOST_TEST(audit_login_id("secret") == "(not an ID, 6 chars)");           // too short
    BOOST_TEST(audit_login_id("abcdefghij1234") == "(not an ID, 14 chars)");  // too long
    BOOST_TEST(audit_login_id("ABCD-EF2") == "(not an ID, 8 chars)");         // temp, one short
    BOOST_TEST(audit_login_id("ABCDE-F23") == "(not an ID, 9 chars)");        // hyphen misplaced
    BOOST_TEST(audit_login_id("ABCD-EF2!") == "(not an ID, 9 chars)");
    BOOST_TEST(audit_login_id("パスワード12") == "(not an ID, 7 chars)");  // characters, not bytes
    BOOST_TEST(audit_login_id("tanaka 01") == "(not an ID, 9 chars)");
    BOOST_TEST(audit_login_id("\xFF\xFE") == "(not an ID, 2 chars)");
}

BOOST_AUTO_TEST_CASE(printable_text_escapes_c0_del_and_backslash) {
    BOOST_TEST(printable_text("plain テキスト") == "plain テキスト");
    BOOST_TEST(printable_text("a\nb\rc\td") == "a\\x0ab\\x0dc\\x09d");
    BOOST_TEST(printable_text(std::string("x\0y", 3)) == "x\\x00y");
    BOOST_TEST(printable_text("\x1b[31mred") == "\\x1b[31mred");
    BOOST_TEST(printable_text("del\x7f") == "del\\x7f");
    BOOST_TEST(printable_text("a\\x0a") == "a\\x5cx0a");  // an escape cannot be faked
    BOOST_TEST(printable_text("a b") == "a b");
    BOOST_TEST(printable_text("a b", true) == "a\\x20b");
}

BOOST_AUTO_TEST_CASE(printable_text_escapes_c1_separators_and_bidi) {
    BOOST_TEST(printable_text("\xC2\x80") == "\\u{0080}");  // C1, first
    BOOST_TEST(printable_text("\xC2\x9B"
                              "2J") == "\\u{009B}2J");      // CSI
    BOOST_TEST(printable_text("\xC2\x9F") == "\\u{009F}");  // C1, last
    BOOST_TEST(printable_text("\xC2\xA0") == "\xC2\xA0");   // NBSP is printable
    BOOST_TEST(printable_text("a\xE2\x80\xA8"
                              "b\xE2\x80\xA9") == "a\\u{2028}b\\u{2029}");
    BOOST_TEST(printable_text("\xD8\x9C") == "\\u{061C}");  // ARABIC LETTER MARK
    BOOST_TEST(printable_text("\xE2\x80\x8E\xE2\x80\x8F") == "\\u{200E}\\u{200F}");
    BOOST_TEST(printable_text("\xE2\x80\xAA") == "\\u{202A}");
    BOOST_TEST(printable_text("evil\xE2\x80\xAEtxt.exe") == "evil\\u{202E}txt.exe");
    BOOST_TEST(printable_text("\xE2\x81\xA6\xE2\x81\xA9") == "\\u{2066}\\u{2069}");
    BOOST_TEST(printable_text("\xE2\x80\xA9\xE2\x80\xAF") ==
               "\\u{2029}\xE2\x80\xAF");                           // 202F stays
    BOOST_TEST(printable_text("\xE2\x81\xA5") == "\xE2\x81\xA5");  // 2065 stays
}

BOOST_AUTO_TEST_CASE(printable_text_escapes_invalid_utf8_bytes) {
    BOOST_TEST(printable_text("\xFF") == "\\xff");
    BOOST_TEST(printable_text("a\xE2\x80") == "a\\xe2\\x80");              // cut off
    BOOST_TEST(printable_text("\xC0\x8A") == "\\xc0\\x8a");                // overlong LF
    BOOST_TEST(printable_text("\xED\xA0\x80") == "\\xed\\xa0\\x80");       // surrogate
    BOOST_TEST(printable_text("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");  // emoji stays
}

BOOST_AUTO_TEST_SUITE_END()
