// test_log.cc: the request and error lines on stderr
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
    BOOST_TEST(cap.text() ==
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
    BOOST_TEST(cap.text() ==
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

BOOST_AUTO_TEST_SUITE_END()
