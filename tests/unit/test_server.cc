// test_server.cc: the command line of every FastCGI binary (run_fcgi_main
// before it serves: --help, and the usage errors that exit 2)
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "server.h"

using namespace kosmo;

namespace {

Response nothing(Context&) {
    return Response();
}

const std::vector<Route> kRoutes = {
    {"GET", "/test/page", nothing},
    {"POST", "/test/form", nothing},
};

// What run_fcgi_main printed and returned for ARGS (after the program name).
struct Run {
    int rc = -1;
    std::string out, err;
};

// Reads back what FD received while redirected to a temp file.
class Capture {
public:
    explicit Capture(int fd) : fd_(fd), saved_(::dup(fd)) {
        char name[] = "/tmp/kosmo-test-server.XXXXXX";
        const int tmp = ::mkstemp(name);
        BOOST_REQUIRE(tmp >= 0 && saved_ >= 0);
        path_ = name;
        std::fflush(nullptr);
        ::dup2(tmp, fd_);
        ::close(tmp);
    }
    Capture(const Capture&) = delete;
    Capture& operator=(const Capture&) = delete;
    ~Capture() {
        restore();
        ::unlink(path_.c_str());
    }

    std::string text() {
        restore();
        std::ifstream in(path_);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

private:
    void restore() {
        if (saved_ < 0)
            return;
        std::fflush(nullptr);
        ::dup2(saved_, fd_);
        ::close(saved_);
        saved_ = -1;
    }
    int fd_;
    int saved_;
    std::string path_;
};

Run run(std::vector<std::string> args) {
    args.insert(args.begin(), "kosmo-test.fcgi");
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    Run r;
    Capture out(1), err(2);
    r.rc = run_fcgi_main(static_cast<int>(args.size()), argv.data(), "kosmo-test.fcgi",
                         "a test of the server's command line", kRoutes);
    r.err = err.text();
    r.out = out.text();
    return r;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(server)

BOOST_AUTO_TEST_CASE(help_lists_options_and_routes) {
    const Run r = run({"--help"});
    BOOST_TEST(r.rc == 0);
    BOOST_TEST(r.err.empty());
    BOOST_TEST(has(r.out, "usage: kosmo-test.fcgi [--config FILE] [--socket PATH]"));
    BOOST_TEST(has(r.out, "a test of the server's command line"));
    BOOST_TEST(has(r.out, "--threads N"));
    BOOST_TEST(has(r.out, "  GET   /test/page\n"));
    BOOST_TEST(has(r.out, "  POST  /test/form\n"));
    BOOST_TEST(has(r.out, "/healthz"));
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2_with_the_program_name) {
    struct Case {
        std::vector<std::string> args;
        const char* says;
    };
    const Case cases[] = {
        {{"--threads", "0"}, "thread count '0' is not between 1 and 256"},
        {{"--threads", "257"}, "thread count '257' is not between 1 and 256"},
        {{"--threads", "four"}, "thread count 'four'"},
        {{"--socket-mode", "999"}, "bad socket mode '999'"},
        {{"--socket", ""}, "option '--socket' needs a path"},
        {{"extra"}, "unexpected argument 'extra' (try --help)"},
        {{"--no-such-option"}, "unknown option '--no-such-option' (try --help)"},
        // getopt_long would take --thr for --threads: options.cc refuses it.
        {{"--thr", "4"}, "unknown option '--thr' (try --help)"},
    };
    for (const Case& c : cases) {
        const Run r = run(c.args);
        BOOST_TEST_CONTEXT("args: " << c.args.front()) {
            BOOST_TEST(r.rc == 2);
            BOOST_TEST(r.out.empty());
            BOOST_TEST(has(r.err, std::string("kosmo-test.fcgi: ") + c.says));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
