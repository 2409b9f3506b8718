// test_sendmail.cc: the sendmail pipe: outcomes by exit status, large
// messages, early exits, signals, the timeout, inherited descriptors
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sendmail.h"

using namespace kosmo;

namespace {

struct TempPath {
    std::string path;
    TempPath() {
        char tmpl[] = "/tmp/kosmo-mail-XXXXXX";
        const int fd = mkstemp(tmpl);
        BOOST_REQUIRE(fd >= 0);
        close(fd);
        path = tmpl;
    }
    ~TempPath() { std::remove(path.c_str()); }
    std::string read() const {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(sendmail)

BOOST_AUTO_TEST_CASE(sendmail_sent_and_message_delivered) {
    TempPath out;
    const std::string msg =
        "From: webmaster@kosmoweb.jp\nTo: taro@example.co.jp\n"
        "Subject: =?UTF-8?B?5omL57aa44GN?=\n\n5bGx55Sw\n";
    const auto r = pipe_to_sendmail({"sh", "-c", "cat > \"$0\"", out.path}, msg, 10);
    BOOST_TEST(int(r.outcome) == int(Delivery::Sent), r.detail);
    BOOST_TEST(out.read() == msg);
}

BOOST_AUTO_TEST_CASE(sendmail_large_message) {
    // Larger than a pipe buffer: the writes must not block forever.
    TempPath out;
    const std::string big(1 << 20, 'x');
    const auto r = pipe_to_sendmail({"sh", "-c", "cat > \"$0\"", out.path}, big, 30);
    BOOST_TEST(int(r.outcome) == int(Delivery::Sent), r.detail);
    BOOST_TEST(out.read() == big);
}

BOOST_AUTO_TEST_CASE(sendmail_try_later) {
    const auto r = pipe_to_sendmail({"sh", "-c", "cat >/dev/null; exit 75"}, "hello\n", 10);
    BOOST_TEST(int(r.outcome) == int(Delivery::TryLater), r.detail);
    BOOST_TEST(r.detail.find("exit 75") != std::string::npos, r.detail);
}

BOOST_AUTO_TEST_CASE(sendmail_try_later_without_reading) {
    // It exits before reading: the write meets EPIPE, the server lives on.
    const auto r = pipe_to_sendmail({"sh", "-c", "exit 75"}, std::string(1 << 20, 'x'), 10);
    BOOST_TEST(int(r.outcome) == int(Delivery::TryLater), r.detail);
}

BOOST_AUTO_TEST_CASE(sendmail_from_many_threads) {
    // Early exits in several threads at once: each thread's SIGPIPE stays
    // its own and none kills the process.
    std::vector<std::thread> threads;
    std::atomic<int> try_later{0};
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            for (int k = 0; k < 3; ++k)
                if (pipe_to_sendmail({"sh", "-c", "exit 75"}, std::string(1 << 18, 'x'), 10)
                        .outcome == Delivery::TryLater)
                    ++try_later;
        });
    for (auto& t : threads)
        t.join();
    BOOST_TEST(try_later.load() == 12);
}

BOOST_AUTO_TEST_CASE(sendmail_gets_stop_signals_back_while_sender_blocks_them) {
    // kosmoctl send-mail blocks SIGTERM in its senders (a watcher takes
    // it): sendmail must not inherit that, or systemd could not stop it.
    std::string detail;
    std::thread sender([&] {
        sigset_t term;
        sigemptyset(&term);
        sigaddset(&term, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &term, nullptr);
        detail = pipe_to_sendmail({"sh", "-c", "kill -TERM $$; sleep 5"}, "", 10).detail;
    });
    sender.join();
    BOOST_TEST(detail.find("killed by signal " + std::to_string(SIGTERM)) != std::string::npos,
               detail);
}

BOOST_AUTO_TEST_CASE(sendmail_failed) {
    const auto r = pipe_to_sendmail({"false"}, "hello\n", 10);
    BOOST_TEST(int(r.outcome) == int(Delivery::Failed), r.detail);
    BOOST_TEST(r.detail.find("exit 1") != std::string::npos, r.detail);
}

BOOST_AUTO_TEST_CASE(sendmail_error_output_in_detail) {
    const auto r =
        pipe_to_sendmail({"sh", "-c", "cat >/dev/null; echo 'no such user' >&2; exit 67"}, "x", 10);
    BOOST_TEST(int(r.outcome) == int(Delivery::Failed), r.detail);
    BOOST_TEST(r.detail.find("exit 67") != std::string::npos, r.detail);
    BOOST_TEST(r.detail.find("no such user") != std::string::npos, r.detail);
}

BOOST_AUTO_TEST_CASE(sendmail_timeout_kills) {
    const auto start = std::chrono::steady_clock::now();
    const auto r = pipe_to_sendmail({"sleep", "10"}, "hello\n", 1);
    const auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST(int(r.outcome) == int(Delivery::Failed), r.detail);
    BOOST_TEST(r.detail.find("timeout") != std::string::npos, r.detail);
    BOOST_TEST((took < std::chrono::seconds(9)));
}

BOOST_AUTO_TEST_CASE(sendmail_timeout_kills_its_children) {
    TempPath marker;
    std::remove(marker.path.c_str());
    // The shell's child would touch the file after 2 s if it survived.
    const auto r =
        pipe_to_sendmail({"sh", "-c", "(sleep 2; touch \"$0\") & sleep 10", marker.path}, "x", 1);
    BOOST_TEST(int(r.outcome) == int(Delivery::Failed), r.detail);
    sleep(3);
    BOOST_TEST(access(marker.path.c_str(), F_OK) != 0);
}

BOOST_AUTO_TEST_CASE(sendmail_missing_program) {
    const auto r = pipe_to_sendmail({"/nonexistent/sendmail", "-t"}, "hello\n", 5);
    BOOST_TEST(int(r.outcome) == int(Delivery::Failed), r.detail);
    BOOST_TEST(r.detail.find("/nonexistent/sendmail") != std::string::npos, r.detail);
    BOOST_TEST(int(pipe_to_sendmail({}, "x", 5).outcome) == int(Delivery::Failed));
}

BOOST_AUTO_TEST_CASE(sendmail_sees_no_inherited_fds) {
    // Only stdin, stdout and stderr reach the child.
    TempPath out;
    const int extra = dup(2);
    BOOST_REQUIRE(extra > 2);
    const auto r = pipe_to_sendmail(
        {"sh", "-c", "cat >/dev/null; ls /proc/self/fd > \"$0\"", out.path}, "x", 10);
    close(extra);
    BOOST_TEST(int(r.outcome) == int(Delivery::Sent), r.detail);
    std::istringstream fds(out.read());
    std::string fd;
    while (fds >> fd)
        BOOST_TEST((fd == "0" || fd == "1" || fd == "2" || fd == "3"), fd);  // 3: ls's own dir fd
}

BOOST_AUTO_TEST_SUITE_END()
