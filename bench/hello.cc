// hello.cc: the bare FastCGI ceiling of `make bench`: N threads answering
// every request with the same bytes from memory
//
//   build/bench-hello.fcgi --socket PATH --response FILE [--threads N]
//
// FILE is a whole FastCGI response (CGI headers, blank line, body), which
// tools/bench copies from the product's own login page, so both move the
// same bytes through nginx. Like the product's server loop, each thread
// calls FCGX_Accept_r on the shared socket with no lock around it; unlike
// it, nothing is parsed, rendered or logged. Stops on SIGTERM or SIGINT.
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>

#include <fcgiapp.h>

namespace {

struct Options {
    std::string socket;
    std::string response_file;
    unsigned threads = 4;
};

[[noreturn]] void usage_error(const std::string& why) {
    std::fprintf(stderr,
                 "bench-hello: %s\nusage: bench-hello.fcgi --socket PATH --response FILE "
                 "[--threads N]\n",
                 why.c_str());
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc)
            usage_error("option '" + arg + "' needs a value");
        const std::string value = argv[++i];
        if (arg == "--socket") {
            o.socket = value;
        } else if (arg == "--response") {
            o.response_file = value;
        } else if (arg == "--threads") {
            const long n = std::strtol(value.c_str(), nullptr, 10);
            if (n < 1 || n > 256)
                usage_error("bad thread count '" + value + "'");
            o.threads = static_cast<unsigned>(n);
        } else {
            usage_error("unknown option '" + arg + "'");
        }
    }
    if (o.socket.empty() || o.response_file.empty())
        usage_error("--socket and --response are required");
    return o;
}

// A unix socket of our own, made as the product makes its own (mode 0660,
// the same backlog), so the comparison differs only in the work per request.
int listen_unix(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path)
        usage_error("socket path '" + path + "' is too long");
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    ::unlink(path.c_str());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 ||
        ::chmod(path.c_str(), 0660) != 0 || ::listen(fd, 128) != 0) {
        std::fprintf(stderr, "bench-hello: cannot listen on '%s': %s\n", path.c_str(),
                     std::strerror(errno));
        std::exit(1);
    }
    return fd;
}

void serve(int listen_fd, const std::string* response) {
    FCGX_Request req;
    if (FCGX_InitRequest(&req, listen_fd, 0) != 0)
        return;
    const int size = static_cast<int>(response->size());
    while (FCGX_Accept_r(&req) >= 0) {
        FCGX_PutStr(response->data(), size, req.out);
        FCGX_Finish_r(&req);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    std::ifstream in(o.response_file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "bench-hello: cannot read '%s'\n", o.response_file.c_str());
        return 1;
    }
    const auto response = std::make_unique<std::string>(std::istreambuf_iterator<char>(in),
                                                        std::istreambuf_iterator<char>());
    // Taken by sigwait() below, never by a worker: libfcgi would otherwise
    // install its own SIGTERM handler, which only asks the loop to stop.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    if (FCGX_Init() != 0) {
        std::fprintf(stderr, "bench-hello: cannot initialise libfcgi\n");
        return 1;
    }
    const int fd = listen_unix(o.socket);
    for (unsigned i = 0; i < o.threads; ++i)
        std::thread(serve, fd, response.get()).detach();
    int sig = 0;
    while (sigwait(&stop, &sig) != 0) {
    }
    // The workers sit in accept(): nothing of theirs needs finishing.
    ::unlink(o.socket.c_str());
    std::_Exit(0);
}
