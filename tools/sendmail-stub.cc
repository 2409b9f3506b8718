// sendmail-stub.cc: a stand-in for sendmail that keeps each mail as a file
// (build/sendmail-stub, the private stack's [mail] sendmail).
//
//   sendmail-stub DIR [sendmail options, e.g. -t -i]
//
// Stores standard input as DIR/<unix time, 9 decimals>-<pid>-<n>.eml,
// written under a temporary name first and then linked to a name nobody
// has, so a reader never sees half a mail and no mail replaces another.
// The options are accepted and ignored. For fault-injection tests:
//   DIR/.exit  exit with the number it holds, storing nothing (75: try later)
//   DIR/.hang  sleep for an hour (the caller's timeout must kill us)
//
// One small program rather than a script, so that what a benchmark of
// kosmoctl send-mail measures is kosmo's work and one process start per
// mail, as with a real MTA's sendmail, not a shell starting three more.
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

constexpr int kTryLater = 75;  // EX_TEMPFAIL: the caller keeps the mail queued

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

// mkdir -p DIR.
bool make_dirs(const std::string& dir) {
    for (std::size_t at = 1; at <= dir.size(); ++at) {
        if (at != dir.size() && dir[at] != '/')
            continue;
        const std::string part = dir.substr(0, at);
        if (::mkdir(part.c_str(), 0777) != 0 && errno != EEXIST)
            return false;
    }
    return true;
}

bool write_all(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

// Copies standard input to FD (or only reads it when FD is -1).
bool copy_stdin(int fd) {
    char buf[16384];
    for (;;) {
        const ssize_t r = ::read(0, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return false;
        if (r == 0)
            return true;
        if (fd >= 0 && !write_all(fd, buf, static_cast<std::size_t>(r)))
            return false;
    }
}

// The number DIR/.exit holds (its digits), 1 when it holds none.
int exit_code_in(const std::string& path) {
    std::string digits;
    if (FILE* f = std::fopen(path.c_str(), "r")) {
        for (int c; (c = std::fgetc(f)) != EOF;)
            if (c >= '0' && c <= '9')
                digits += static_cast<char>(c);
        std::fclose(f);
    }
    return digits.empty() ? 1 : std::atoi(digits.c_str());
}

// Links TMP to the first free DIR/<time>-<pid>-<n>.eml.
bool publish(const std::string& dir, const std::string& tmp) {
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "%lld.%09ld-%d-", static_cast<long long>(now.tv_sec),
                  now.tv_nsec, static_cast<int>(::getpid()));
    for (int n = 0; n < 1000; ++n) {
        const std::string name = dir + "/" + stamp + std::to_string(n) + ".eml";
        if (::link(tmp.c_str(), name.c_str()) == 0)
            return true;
        if (errno != EEXIST)
            return false;
    }
    return false;
}

int store(const std::string& dir) {
    const std::string tmp = dir + "/.tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return kTryLater;
    bool ok = copy_stdin(fd);
    ok = ::close(fd) == 0 && ok;
    ok = ok && publish(dir, tmp);
    ::unlink(tmp.c_str());
    return ok ? 0 : kTryLater;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '\0') {
        std::fprintf(stderr, "usage: sendmail-stub DIR [-t -i ...]\n");
        return 64;  // EX_USAGE
    }
    const std::string dir = argv[1];
    if (!make_dirs(dir))
        return kTryLater;
    if (exists(dir + "/.exit")) {
        copy_stdin(-1);
        return exit_code_in(dir + "/.exit");
    }
    if (exists(dir + "/.hang")) {
        ::sleep(3600);
        return kTryLater;
    }
    return store(dir);
}
