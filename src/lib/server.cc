// server.cc: the command line, the worker threads, the route table and the
// one per-request catch
#include "server.h"

#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

#include <fcgiapp.h>
#include <openssl/crypto.h>

#include "cluster.h"
#include "error.h"
#include "log.h"
#include "options.h"
#include "render.h"
#include "session.h"
#include "text.h"

namespace kosmo {

namespace {

constexpr int kListenBacklog = 128;
// Interrupts a worker blocked in accept() at shutdown.
constexpr int kWakeSignal = SIGUSR1;
constexpr unsigned kMaxThreads = 256;
// A binary that answered nothing for this long gives its free memory back.
constexpr time_t kIdleTrimSeconds = 5;

struct Options {
    std::string config_path;  // --config, else $KOSMO_CONFIG, else the default
    std::string socket;
    std::optional<unsigned> threads;
    mode_t socket_mode = 0660;
    bool help = false;
};

const std::vector<OptionDef> kOptions = {
    {"--config", "FILE",
     "the configuration (default: $KOSMO_CONFIG, else\n"
     "/etc/kosmo/kosmo.conf)"},
    {"--socket", "PATH",
     "create the unix socket PATH and serve on it; without it,\n"
     "serve the listening socket on fd 0 (spawn-fcgi, systemd\n"
     "StandardInput=socket)"},
    {"--socket-mode", "MODE", "permissions of the socket, octal (default 0660)"},
    {"--threads", "N", "worker threads (default: [server] threads of the config)"},
};

// S as a number in BASE; nullopt when it is not one (or does not fit).
std::optional<unsigned> to_unsigned(const std::string& s, int base) {
    char* end = nullptr;
    errno = 0;
    const unsigned long v = std::strtoul(s.c_str(), &end, base);
    if (s.empty() || *end != '\0' || errno != 0 || s[0] == '-' || v > 0xFFFFFFFFul)
        return std::nullopt;
    return static_cast<unsigned>(v);
}

// Fills O from the command line; returns the usage error, "" when none.
std::string parse_command_line(int argc, char** argv, Options& o) {
    const ParsedOptions p = parse_options(arguments(argc, argv), kOptions);
    if (!p.error.empty())
        return p.error;
    if (!p.positional.empty())
        return "unexpected argument '" + p.positional.front() + "' (try --help)";
    o.help = p.help;
    o.config_path = config_path(p.get("--config"));
    if (p.has("--socket") && p.get("--socket").empty())
        return "option '--socket' needs a path";
    o.socket = p.get("--socket");
    if (p.has("--threads")) {
        const std::string v = p.get("--threads");
        o.threads = to_unsigned(v, 10);
        if (!o.threads || *o.threads < 1 || *o.threads > kMaxThreads)
            return "thread count '" + v + "' is not between 1 and " + std::to_string(kMaxThreads);
    }
    if (p.has("--socket-mode")) {
        const std::string v = p.get("--socket-mode");
        const std::optional<unsigned> mode = to_unsigned(v, 8);
        if (!mode || *mode > 0777)
            return "bad socket mode '" + v + "'";
        o.socket_mode = static_cast<mode_t>(*mode);
    }
    return "";
}

void print_usage(const char* program, const char* summary, const std::vector<Route>& routes) {
    std::string u;
    u += "usage: " + std::string(program) +
         " [--config FILE] [--socket PATH] [--socket-mode MODE] [--threads N]\n\n";
    u += std::string(summary) + "\n\n";
    u += "A FastCGI server of kosmo, the first-login registration of KOSMO Communication Web.\n\n";
    u += "options:\n" + option_help(kOptions) + "\n";
    u += "routes:\n";
    for (const Route& r : routes) {
        char line[160];
        std::snprintf(line, sizeof line, "  %-5s %s\n", r.method, r.path);
        u += line;
    }
    u += "  GET   /healthz  (200 \"ok\" when the database answers and is synced, else 503)\n\n";
    u += "Stops on SIGTERM or SIGINT after the requests in progress.\n";
    std::fputs(u.c_str(), stdout);
}

// The listening socket: one we created (and unlink at the end) or fd 0.
class Listener {
public:
    Listener() = default;
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
    ~Listener() {
        if (fd_ >= 0 && owned_)
            ::close(fd_);
        // Only our own socket: a newer process may already have replaced it.
        struct stat st {};
        if (!path_.empty() && ::lstat(path_.c_str(), &st) == 0 && st.st_dev == dev_ &&
            st.st_ino == ino_)
            ::unlink(path_.c_str());
    }

    // Creates the unix socket PATH with MODE. A stale socket is replaced;
    // any other file there is left alone. Throws Error.
    void open_unix(const std::string& path, mode_t mode) {
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        if (path.size() >= sizeof addr.sun_path)
            throw Error("socket path '" + path + "' is too long");
        std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);

        struct stat st {};
        if (::lstat(path.c_str(), &st) == 0) {
            if (!S_ISSOCK(st.st_mode))
                throw Error("'" + path + "' exists and is not a socket");
            if (::unlink(path.c_str()) != 0)
                throw Error("cannot remove stale socket '" + path + "': " + std::strerror(errno));
        }
        // Created here rather than by FCGX_OpenSocket, which would take a
        // path with a colon for a TCP address and gives no reason on failure.
        fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        owned_ = true;
        if (fd_ < 0)
            throw Error(std::string("cannot create a unix socket: ") + std::strerror(errno));
        if (::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0)
            throw Error("cannot bind '" + path + "': " + std::strerror(errno));
        path_ = path;
        if (::lstat(path.c_str(), &st) == 0) {
            dev_ = st.st_dev;
            ino_ = st.st_ino;
        }
        // Before listen(): nobody can connect while the mode is still the umask's.
        if (::chmod(path.c_str(), mode) != 0)
            throw Error("cannot chmod '" + path + "': " + std::strerror(errno));
        if (::listen(fd_, kListenBacklog) != 0)
            throw Error("cannot listen on '" + path + "': " + std::strerror(errno));
    }

    // The socket spawn-fcgi or systemd passed on fd 0. Throws Error.
    void use_fd0() {
        struct stat st {};
        int type = 0;
        socklen_t len = sizeof type;
        if (::fstat(0, &st) != 0 || !S_ISSOCK(st.st_mode) ||
            ::getsockopt(0, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_STREAM)
            throw Error(
                "fd 0 is not a listening socket: give --socket PATH, or start under "
                "spawn-fcgi or systemd");
        ::fcntl(0, F_SETFD, FD_CLOEXEC);
        fd_ = 0;
        owned_ = false;
    }

    int fd() const { return fd_; }
    const std::string& path() const { return path_; }

    // New connections fail at once (the path is gone) while the workers
    // finish; the socket itself is closed at the end. A socket on fd 0 may
    // be shared (spawn-fcgi -F, systemd) and is left as it is.
    void stop() {
        if (!path_.empty() && owned_) {
            struct stat st {};
            if (::lstat(path_.c_str(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_)
                ::unlink(path_.c_str());
            path_.clear();
        }
    }

private:
    int fd_ = -1;
    bool owned_ = false;
    std::string path_;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
};

// One FCGX_Request for the life of a worker thread.
class FcgiRequest {
public:
    explicit FcgiRequest(int listen_fd) {
        // accept() interrupted by kWakeSignal returns instead of retrying.
        if (FCGX_InitRequest(&req_, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
            throw Error("cannot initialise a fastcgi request");
    }
    ~FcgiRequest() {
        FCGX_Finish_r(&req_);
        FCGX_Free(&req_, 1);
    }
    FcgiRequest(const FcgiRequest&) = delete;
    FcgiRequest& operator=(const FcgiRequest&) = delete;
    FCGX_Request& get() { return req_; }

private:
    FCGX_Request req_{};
};

extern "C" void on_wake_signal(int) {}

// A worker thread and what the main thread needs to stop it.
struct Worker {
    std::thread thread;
    std::atomic<bool> in_accept{false};
    std::atomic<bool> done{false};
};

// What every worker shares; all of it is immutable or thread-safe.
struct Shared {
    const Config& config;
    const Renderer& renderer;
    HashGate& hashes;
    const std::vector<Route>& routes;
    std::string log_name;  // the program without ".fcgi"
    int listen_fd;
    std::atomic<bool>& stopping;
    std::atomic<std::uint64_t>& served;  // requests answered, for the idle trim
};

// Every response leaves with the security headers, redirects and plain
// text included; a rendered page already has them, but not HSTS.
void finish_headers(Response& res, bool https) {
    bool csp = false, hsts = false;
    for (const auto& h : res.headers) {
        csp = csp || iequals(h.first, "Content-Security-Policy");
        hsts = hsts || iequals(h.first, "Strict-Transport-Security");
    }
    if (!csp)
        add_security_headers(res, https);
    else if (https && !hsts)
        res.header("Strict-Transport-Security", "max-age=31536000");
}

// The error page, or plain text if even that fails: answering must not throw.
Response safe_error_page(const Shared& sh, const Request& req, int status) {
    try {
        return error_page(sh.renderer, sh.config, status);
    } catch (const std::exception& e) {
        log_error(sh.log_name, req.request_id,
                  std::string("cannot render the error page: ") + e.what());
    } catch (...) {
        log_error(sh.log_name, req.request_id, "cannot render the error page");
    }
    Response res;
    res.status = status;
    res.content_type = "text/plain; charset=utf-8";
    res.body = std::to_string(status) + " " + status_text(status) + "\n";
    return res;
}

// GET /healthz: 200 "ok" when this thread's connection answers a ping
// (Db::ping replaces a stale one first) and its node may serve (a Galera
// node must be Synced), else 503: a load balancer then takes this host out.
Response healthz(const Shared& sh, const Request& req, Db& db) {
    Response res;
    res.content_type = "text/plain; charset=utf-8";
    try {
        db.ping();
        const auto unsynced = node_unsynced(db);
        if (!unsynced) {
            res.body = "ok\n";
            return res;
        }
        log_error(sh.log_name, req.request_id,
                  "database node unavailable for 'healthz': " + *unsynced);
    } catch (const std::exception& e) {
        log_error(sh.log_name, req.request_id,
                  std::string("database unavailable for 'healthz': ") + e.what());
    }
    res.status = 503;
    res.body = "unavailable\n";
    return res;
}

// Which route REQ asks for: the health check, a route, or, when the path
// is known but not with this method, none and the methods it allows.
struct RouteMatch {
    bool health = false;
    bool known_path = false;
    const Route* route = nullptr;
    std::string allow;
};

RouteMatch match_route(const Shared& sh, const Request& req) {
    const bool head = req.method == "HEAD";
    RouteMatch m;
    auto consider = [&](const char* method, const char* path) {
        if (req.path != path)
            return false;
        m.known_path = true;
        const bool is_get = std::strcmp(method, "GET") == 0;
        if (!m.allow.empty())
            m.allow += ", ";
        m.allow += method;
        if (is_get)
            m.allow += ", HEAD";
        return req.method == method || (head && is_get);
    };
    m.health = consider("GET", "/healthz");
    for (const Route& r : sh.routes)
        if (consider(r.method, r.path) && !m.route)
            m.route = &r;
    return m;
}

// The route of the request, or the 404/405 answer.
Response dispatch(const Shared& sh, const Request& req, Db& db,
                  std::vector<std::function<void(Db&, const Config&)>>& after) {
    const RouteMatch m = match_route(sh, req);
    if (m.health)
        return healthz(sh, req, db);
    if (!m.known_path)
        return safe_error_page(sh, req, 404);
    if (!m.route) {
        Response res = safe_error_page(sh, req, 405);
        res.header("Allow", m.allow);
        return res;
    }
    const Route* route = m.route;

    Context ctx{sh.config, req, db, sh.renderer, sh.hashes, std::string(), false, {}, {}};
    const bool secure = sh.config.secure_cookies || req.https;
    const std::string& cookie = req.cookie(session_cookie_name(secure));
    if (token_well_formed(cookie)) {
        ctx.token = cookie;
    } else {
        // A fresh visitor gets a token at once: the login form's CSRF
        // token is derived from it, so the page needs no database.
        ctx.token = random_token();
        ctx.set_token = true;
    }

    Response res;
    if (req.method == "POST" &&
        !csrf_valid(sh.config.secret_bytes, ctx.token, req.field(kCsrfField))) {
        res = safe_error_page(sh, req, 403);
    } else {
        const std::string what = "'" + req.method + " " + req.path + "'";
        try {
            res = route->handler(ctx);
            after = std::move(ctx.after_response);
        } catch (const DbUnavailable& e) {
            log_error(sh.log_name, req.request_id,
                      "database unavailable in " + what + ": " + e.what());
            return safe_error_page(sh, req, 503);
        } catch (const DbRetry& e) {
            // Still losing conflicts after kTransactionAttempts (a hot row
            // under a flood): nothing was applied, the member may send again.
            log_error(sh.log_name, req.request_id, "database busy in " + what + ": " + e.what());
            return safe_error_page(sh, req, 503);
        } catch (const DbError& e) {
            // The connection may be left mid-result or mid-transaction: the
            // next request gets a fresh one.
            db.drop();
            log_error(sh.log_name, req.request_id, "handler " + what + " failed: " + e.what());
            return safe_error_page(sh, req, 500);
        } catch (const std::exception& e) {
            log_error(sh.log_name, req.request_id, "handler " + what + " failed: " + e.what());
            return safe_error_page(sh, req, 500);
        } catch (...) {
            log_error(sh.log_name, req.request_id, "handler " + what + " failed");
            return safe_error_page(sh, req, 500);
        }
    }
    if (ctx.set_token)
        res.header("Set-Cookie", session_cookie(ctx.token, secure));
    return res;
}

// One request from accept to the log line; never throws.
void serve_one(const Shared& sh, Db& db, FCGX_Request& fcgx) {
    const auto start = std::chrono::steady_clock::now();
    Request req;
    Response res;
    std::vector<std::function<void(Db&, const Config&)>> after;
    try {
        RequestLimits limits;
        limits.max_body = sh.config.max_body;
        const ReadResult read = read_request(fcgx, limits, req);
        if (read.status != 0)
            res = safe_error_page(sh, req, read.status);
        else
            res = dispatch(sh, req, db, after);
    } catch (const std::exception& e) {
        log_error(sh.log_name, req.request_id, std::string("request failed: ") + e.what());
        res = safe_error_page(sh, req, 500);
        after.clear();
    } catch (...) {
        log_error(sh.log_name, req.request_id, "request failed");
        res = safe_error_page(sh, req, 500);
        after.clear();
    }
    try {
        finish_headers(res, req.https);
        if (req.method == "HEAD")
            res.body.clear();
        write_response(fcgx, res);
    } catch (...) {
        // Out of memory while writing: the connection is simply closed.
    }
    FCGX_Finish_r(&fcgx);
    if (sh.config.log_requests) {
        const std::chrono::duration<double, std::milli> ms =
            std::chrono::steady_clock::now() - start;
        log_request(sh.log_name, req, res.status, ms.count());
    }

    for (auto& task : after) {
        try {
            task(db, sh.config);
        } catch (const std::exception& e) {
            log_error(sh.log_name, req.request_id,
                      std::string("after-response task failed: ") + e.what());
        } catch (...) {
            log_error(sh.log_name, req.request_id, "after-response task failed");
        }
    }
}

void run_worker(const Shared& sh, Worker& self) noexcept {
    try {
        Db db(sh.config.db);
        FcgiRequest request(sh.listen_fd);
        for (;;) {
            // Set before stopping is checked: the main thread then either
            // sees it and interrupts the accept, or this thread sees stopping.
            self.in_accept = true;
            if (sh.stopping.load())
                break;
            const int rc = FCGX_Accept_r(&request.get());
            self.in_accept = false;
            if (rc < 0) {
                if (sh.stopping.load())
                    break;
                if (rc == -EINTR)
                    continue;
                log_error(sh.log_name, "-",
                          "cannot accept a fastcgi request (code " + std::to_string(rc) + ")");
                // A broken listener must not become a busy loop.
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
                continue;
            }
            serve_one(sh, db, request.get());
            sh.served.fetch_add(1, std::memory_order_relaxed);
        }
    } catch (const std::exception& e) {
        log_error(sh.log_name, "-", std::string("worker thread stopped: ") + e.what());
    } catch (...) {
        log_error(sh.log_name, "-", "worker thread stopped");
    }
    self.in_accept = false;
    self.done = true;
}

// Lets every worker finish its request and leave. FCGX_ShutdownPending is
// not used: with it, libfcgi's OS_Accept can spin on a closed descriptor.
void stop_workers(std::atomic<bool>& stopping, Listener& listener,
                  std::vector<std::unique_ptr<Worker>>& workers) {
    stopping = true;
    listener.stop();
    for (;;) {
        bool all_done = true;
        for (auto& w : workers) {
            if (w->done.load())
                continue;
            all_done = false;
            // Repeated, since a signal that comes just before accept() is lost.
            if (w->in_accept.load())
                pthread_kill(w->thread.native_handle(), kWakeSignal);
        }
        if (all_done)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (auto& w : workers)
        w->thread.join();
}

// The database is not needed to start (it may come up later); say so early.
void probe_database(const Config& config, const std::string& log_name) {
    try {
        Db(config.db).ping();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: warning: database not reachable at start, serving anyway: %s\n",
                     log_name.c_str(), e.what());
    }
}

std::string without_suffix(std::string s, const std::string& suffix) {
    if (s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0)
        s.erase(s.size() - suffix.size());
    return s;
}

// Small at rest (docs/PERFORMANCE.md): one malloc arena for all the workers
// rather than one each (their requests are short, the lock is not
// contended), and a fixed mmap threshold, so that glibc does not raise it
// after the first large buffer and keep later ones in the heap. The heap's
// free top is given back past 512 KiB, not 128: at 128 the portal trimmed
// after every second 医療費情報 page (a brk, which flushes the TLB of every
// core, then three page faults a request to grow again); at 512 never, for
// at most 512 KiB kept.
void tune_malloc() {
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024);
}

// OpenSSL and the signals, before any thread starts. Returns the signals
// that stop the process (taken by sigtimedwait in wait_for_stop).
sigset_t prepare_process() {
    // Before anything touches OpenSSL (libmariadb initialises it at the first
    // connect): no openssl.cnf and no error-string tables. The binaries use
    // OpenSSL only for digests, HMAC, scrypt and random bytes, and speak no
    // TLS, so neither changes what they do; loading them cost each binary
    // ~0.6 MiB of resident memory (docs/PERFORMANCE.md).
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, nullptr);

    // A client that hangs up must not kill the process on our next write.
    ::signal(SIGPIPE, SIG_IGN);
    // Blocked before any thread starts, so no worker is interrupted by them
    // (sendmail gets a clean mask from sendmail.cc).
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    // Without SA_RESTART, so that it interrupts accept().
    struct sigaction wake {};
    wake.sa_handler = on_wake_signal;
    sigemptyset(&wake.sa_mask);
    ::sigaction(kWakeSignal, &wake, nullptr);
    return stop_signals;
}

// The worker count: --threads, else the config's. Throws ConfigError.
unsigned thread_count(const Options& options, const Config& config) {
    const unsigned threads = options.threads.value_or(config.threads);
    if (threads < 1 || threads > kMaxThreads)
        throw ConfigError("threads must be between 1 and " + std::to_string(kMaxThreads));
    return threads;
}

// Opens the listening socket of OPTIONS (--socket, else fd 0). Throws Error.
void open_listener(Listener& listener, const Options& options) {
    if (FCGX_Init() != 0)
        throw Error("cannot initialise libfcgi");
    if (options.socket.empty())
        listener.use_fd0();
    else
        listener.open_unix(options.socket, options.socket_mode);
}

// Starts THREADS workers into WORKERS; on failure stops those started and
// throws Error.
void start_workers(const Shared& shared, unsigned threads, std::atomic<bool>& stopping,
                   Listener& listener, std::vector<std::unique_ptr<Worker>>& workers) {
    try {
        for (unsigned i = 0; i < threads; ++i) {
            workers.push_back(std::make_unique<Worker>());
            Worker& w = *workers.back();
            w.thread = std::thread(run_worker, std::cref(shared), std::ref(w));
        }
    } catch (const std::system_error& e) {
        workers.pop_back();  // its thread never started
        stop_workers(stopping, listener, workers);
        throw Error(std::string("cannot start worker threads: ") + e.what());
    }
}

// Waits for one of STOP_SIGNALS and returns it. Meanwhile, once requests
// stop coming, what the workers' allocations left free goes back to the
// system: malloc keeps it otherwise, and a binary at rest would hold the
// high-water mark of its busiest minute (docs/PERFORMANCE.md).
int wait_for_stop(const sigset_t& stop_signals, const std::atomic<std::uint64_t>& served) {
    std::uint64_t seen = 0;
    bool trimmed = true;
    for (;;) {
        timespec tick{kIdleTrimSeconds, 0};
        const int sig = sigtimedwait(&stop_signals, nullptr, &tick);
        if (sig > 0)
            return sig;
        if (errno != EAGAIN)
            continue;  // EINTR
        const std::uint64_t now = served.load(std::memory_order_relaxed);
        if (now != seen) {
            seen = now;
            trimmed = false;
        } else if (!trimmed) {
            malloc_trim(0);
            trimmed = true;
        }
    }
}

// Loads, listens, serves until a stop signal, and stops. Throws what
// startup throws (ConfigError, TemplateError, Error).
int serve(const Options& options, const std::vector<Route>& routes, const std::string& log_name,
          const sigset_t& stop_signals) {
    const Config config = load_config(options.config_path);
    const unsigned threads = thread_count(options, config);
    const Renderer renderer(config.template_dir);
    HashGate hashes(config.max_concurrent_hashes,
                    hash_waiters_for(threads, config.max_concurrent_hashes),
                    config.hashes_per_address);
    Listener listener;
    open_listener(listener, options);
    probe_database(config, log_name);

    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> served{0};
    const Shared shared{config,   renderer,      hashes,   routes,
                        log_name, listener.fd(), stopping, served};
    std::vector<std::unique_ptr<Worker>> workers;
    start_workers(shared, threads, stopping, listener, workers);
    std::fprintf(stderr, "%s: serving on %s with %u threads\n", log_name.c_str(),
                 listener.path().empty() ? "fd 0" : ("'" + listener.path() + "'").c_str(), threads);
    const int sig = wait_for_stop(stop_signals, served);
    std::fprintf(stderr, "%s: stopping on signal %d\n", log_name.c_str(), sig);
    stop_workers(stopping, listener, workers);
    std::fprintf(stderr, "%s: stopped\n", log_name.c_str());
    return 0;
}

}  // namespace

int run_fcgi_main(int argc, char** argv, const char* program, const char* summary,
                  const std::vector<Route>& routes) {
    tune_malloc();
    Options options;
    if (const std::string error = parse_command_line(argc, argv, options); !error.empty()) {
        std::fprintf(stderr, "%s: %s\n", program, error.c_str());
        return 2;
    }
    if (options.help) {
        print_usage(program, summary, routes);
        return 0;
    }
    const sigset_t stop_signals = prepare_process();
    try {
        return serve(options, routes, without_suffix(program, ".fcgi"), stop_signals);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fatal: %s\n", e.what());
        return 1;
    }
}

}  // namespace kosmo
