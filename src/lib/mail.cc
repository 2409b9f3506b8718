// mail.cc: mail composition, the outbox and the sendmail pipe
#include "mail.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <set>
#include <system_error>
#include <thread>

#include "error.h"
#include "log.h"
#include "password.h"
#include "q/outbox.h"
#include "text.h"

extern char** environ;

namespace kosmo {

namespace {

// 42 bytes of UTF-8 make 56 base64 characters and a 68-character word, so
// even the first line ("Subject: " + word) stays within 78 characters.
constexpr std::size_t kWordBytes = 42;
constexpr std::size_t kMaxDetail = 300;

std::string encode_words(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t end = i;
        while (end < s.size()) {
            const std::size_t n =
                std::min(utf8_sequence_length(std::uint8_t(s[end])), s.size() - end);
            if (end - i + n > kWordBytes)
                break;
            end += n;
        }
        if (!out.empty())
            out += "\n ";  // folding: LF plus a space continues the header
        out += "=?UTF-8?B?" + base64(s.substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

// A phrase (display name) that needs neither quoting nor encoding.
bool plain_phrase(std::string_view s) {
    if (s.empty())
        return false;
    for (char c : s)
        if (!(std::isalnum(std::uint8_t(c)) && std::uint8_t(c) < 0x80) &&
            (c == '\0' || !std::strchr(" !#$%&'*+-/=?^_`{|}~", c)))
            return false;
    return true;
}

std::string rfc5322_date(std::time_t t) {
    static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&t, &tm);
    // Names from tables, not strftime: the server's locale must not leak in.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
                  tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

std::string from_domain(const Config& config) {
    const auto at = config.mail_from.rfind('@');
    if (at == std::string::npos || at + 1 == config.mail_from.size())
        return "localhost";
    return config.mail_from.substr(at + 1);
}

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    int get() const { return fd_; }
    void reset() {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = -1;
    }
    int* out() { return &fd_; }

private:
    int fd_ = -1;
};

struct Pipe {
    Fd read, write;
};

bool make_pipe(Pipe& p) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return false;
    *p.read.out() = fds[0];
    *p.write.out() = fds[1];
    return true;
}

struct FileActions {
    posix_spawn_file_actions_t fa;
    FileActions() { posix_spawn_file_actions_init(&fa); }
    ~FileActions() { posix_spawn_file_actions_destroy(&fa); }
    FileActions(const FileActions&) = delete;
    FileActions& operator=(const FileActions&) = delete;
};

struct SpawnAttr {
    posix_spawnattr_t attr;
    SpawnAttr() { posix_spawnattr_init(&attr); }
    ~SpawnAttr() { posix_spawnattr_destroy(&attr); }
    SpawnAttr(const SpawnAttr&) = delete;
    SpawnAttr& operator=(const SpawnAttr&) = delete;
};

// Blocks SIGPIPE in this thread while it lives, and swallows a SIGPIPE the
// writes raised, so a sendmail that exits early yields EPIPE, not a dead
// server (other threads are not affected).
class SigpipeBlock {
public:
    SigpipeBlock() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &set_, &old_);
    }
    ~SigpipeBlock() {
        sigset_t pending;
        if (!was_pending_ && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1) {
            const timespec zero{0, 0};
            while (sigtimedwait(&set_, nullptr, &zero) < 0 && errno == EINTR) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    SigpipeBlock(const SigpipeBlock&) = delete;
    SigpipeBlock& operator=(const SigpipeBlock&) = delete;

private:
    sigset_t set_, old_;
    bool was_pending_ = false;
};

std::string describe_status(int status) {
    if (WIFEXITED(status))
        return "exit " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return "killed by signal " + std::to_string(WTERMSIG(status));
    return "status " + std::to_string(status);
}

// One line of the child's output for the detail: no control characters.
std::string tidy_output(const std::string& out) {
    std::string s;
    for (char c : out) {
        if (s.size() >= 200)
            break;
        s += std::uint8_t(c) < 0x20 || c == 0x7f ? ' ' : c;
    }
    const auto e = s.find_last_not_of(' ');
    return e == std::string::npos ? "" : s.substr(0, e + 1);
}

// The sendmail child. Killed (its whole process group) and reaped when its
// owner goes out of scope unreaped, so neither a timeout nor an exception
// inside the pump can leave a zombie or a hung sendmail behind.
class Child {
public:
    explicit Child(pid_t pid) : pid_(pid) {}
    ~Child() {
        if (!reaped_)
            kill_and_reap();
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // 1 when it has exited (status() holds how), 0 while it runs, -1 when it
    // cannot be waited for (errno says why; someone else reaped it).
    int poll() {
        const pid_t w = ::waitpid(pid_, &status_, WNOHANG);
        if (w == pid_)
            reaped_ = true;
        if (w < 0 && errno != EINTR)
            reaped_ = true;  // nothing left to reap
        return w == pid_ ? 1 : w < 0 && errno != EINTR ? -1 : 0;
    }
    void kill_and_reap() {
        ::kill(-pid_, SIGKILL);
        ::kill(pid_, SIGKILL);
        while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
        }
        reaped_ = true;
    }
    int status() const { return status_; }

private:
    pid_t pid_;
    int status_ = 0;
    bool reaped_ = false;
};

// Starts ARGV with IN's read end as stdin and OUT's write end as stdout and
// stderr, in its own process group, with default signals. Returns 0 or the
// error of posix_spawnp.
int spawn_sendmail(const std::vector<std::string>& argv, const Pipe& in, const Pipe& out,
                   pid_t& pid) {
    FileActions fa;
    posix_spawn_file_actions_adddup2(&fa.fa, in.read.get(), 0);
    posix_spawn_file_actions_adddup2(&fa.fa, out.write.get(), 1);
    posix_spawn_file_actions_adddup2(&fa.fa, out.write.get(), 2);
    // The server's sockets (database, FastCGI) must not live on in sendmail.
    posix_spawn_file_actions_addclosefrom_np(&fa.fa, 3);

    SpawnAttr sa;
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int sig : {SIGPIPE, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2})
        sigaddset(&defaults, sig);
    posix_spawnattr_setsigmask(&sa.attr, &none);
    posix_spawnattr_setsigdefault(&sa.attr, &defaults);
    // Its own process group, so a timeout kills whatever it started too.
    posix_spawnattr_setpgroup(&sa.attr, 0);
    posix_spawnattr_setflags(
        &sa.attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    return posix_spawnp(&pid, args[0], &fa.fa, &sa.attr, args.data(), environ);
}

void set_nonblocking(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// The message into the child's stdin, its output (the first kMaxDetail
// bytes) out of its stdout, without blocking.
class Pump {
public:
    Pump(Fd& to_child, Fd& from_child, std::string_view message)
        : in_(to_child), out_(from_child), message_(message) {
        if (message_.empty())
            in_.reset();
    }

    // Waits at most WAIT_MS for either pipe, then moves what it can.
    // Returns false (errno set) when poll fails.
    bool run_once(int wait_ms) {
        pollfd fds[2];
        nfds_t n = 0;
        if (in_.get() >= 0)
            fds[n++] = {in_.get(), POLLOUT, 0};
        if (output_open_)
            fds[n++] = {out_.get(), POLLIN, 0};
        if (n > 0) {
            if (::poll(fds, n, wait_ms) < 0 && errno != EINTR)
                return false;
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
        }
        feed();
        drain();
        return true;
    }

    // True while a pipe is still open (poll wakes on it).
    bool open() const { return in_.get() >= 0 || output_open_; }

    // True when the child did not take the whole message.
    bool short_write() const { return write_failed_ || written_ < message_.size(); }
    const std::string& output() const { return output_; }

private:
    void feed() {
        if (in_.get() < 0)
            return;
        while (written_ < message_.size()) {
            const ssize_t w = ::write(in_.get(), message_.data() + written_,
                                      std::min<std::size_t>(message_.size() - written_, 65536));
            if (w > 0) {
                written_ += std::size_t(w);
                continue;
            }
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0 && errno != EAGAIN)
                write_failed_ = true;  // EPIPE: it stopped reading; its exit code tells why
            break;
        }
        if (written_ == message_.size() || write_failed_)
            in_.reset();  // EOF tells sendmail the message is complete
    }

    void drain() {
        if (!output_open_)
            return;
        char buf[4096];
        ssize_t r;
        while ((r = ::read(out_.get(), buf, sizeof buf)) > 0)
            if (output_.size() < kMaxDetail)
                output_.append(buf,
                               std::min<std::size_t>(std::size_t(r), kMaxDetail - output_.size()));
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
            output_open_ = false;
    }

    Fd& in_;
    Fd& out_;
    std::string_view message_;
    std::size_t written_ = 0;
    bool write_failed_ = false;
    bool output_open_ = true;
    std::string output_;
};

// The outcome told by the child's exit STATUS and what the pump saw.
DeliveryResult classify_exit(int status, const Pump& pump, const std::string& program) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && pump.short_write())
        return {Delivery::TryLater, "'" + program + "' exited 0 before reading the whole message"};
    std::string detail = describe_status(status);
    const std::string said = tidy_output(pump.output());
    if (!said.empty())
        detail += ": " + said;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return {Delivery::Sent, detail};
    if (WIFEXITED(status) && WEXITSTATUS(status) == 75)
        return {Delivery::TryLater, detail};
    return {Delivery::Failed, detail};
}

// Back-off for the Nth failed attempt: 1, 2, 4 … minutes, at most 6 hours.
unsigned backoff_seconds(unsigned attempt) {
    const unsigned cap = 6 * 3600;
    if (attempt == 0)
        attempt = 1;
    if (attempt > 10)
        return cap;
    return std::min(cap, 60u << (attempt - 1));
}

}  // namespace

bool header_safe(std::string_view s) {
    return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::string encode_rfc2047(std::string_view s) {
    bool plain = s.find("=?") == std::string_view::npos;
    for (char c : s)
        if (std::uint8_t(c) < 0x20 || std::uint8_t(c) > 0x7e)
            plain = false;
    return plain ? std::string(s) : encode_words(s);
}

std::optional<std::string> compose_mail(const Config& config, const MailContent& mail,
                                        std::string_view message_id, std::time_t date) {
    if (!header_safe(mail.to) || !header_safe(mail.subject) || !header_safe(message_id) ||
        !header_safe(config.mail_from) || !header_safe(config.site_name) || mail.to.empty())
        return std::nullopt;

    std::string from = config.mail_from;
    if (!config.site_name.empty()) {
        // The site name as display name: plain when it can stand bare,
        // encoded otherwise (quoting rules are easier to get wrong).
        const std::string name =
            plain_phrase(config.site_name) ? config.site_name : encode_words(config.site_name);
        from = name + " <" + config.mail_from + ">";
    }

    // text/plain is canonically CRLF before base64 (RFC 2045); the headers
    // keep LF, which sendmail turns into CRLF itself.
    std::string canonical;
    canonical.reserve(mail.body.size() + mail.body.size() / 32);
    for (std::size_t i = 0; i < mail.body.size(); ++i) {
        if (mail.body[i] == '\n' && (i == 0 || mail.body[i - 1] != '\r'))
            canonical += '\r';
        canonical += mail.body[i];
    }
    const std::string encoded = base64(canonical);

    std::string m;
    m.reserve(encoded.size() + encoded.size() / 76 + 512);
    m += "From: " + from + "\n";
    m += "To: " + mail.to + "\n";
    m += "Subject: " + encode_rfc2047(mail.subject) + "\n";
    m += "Date: " + rfc5322_date(date) + "\n";
    m += "Message-ID: " + std::string(message_id) + "\n";
    m += "MIME-Version: 1.0\n";
    m += "Content-Type: text/plain; charset=UTF-8\n";
    m += "Content-Transfer-Encoding: base64\n";
    // An automatic mail: vacation responders should not answer it (RFC 3834).
    m += "Auto-Submitted: auto-generated\n";
    m += "\n";
    for (std::size_t i = 0; i < encoded.size(); i += 76)
        m += encoded.substr(i, 76) + "\n";
    return m;
}

std::string new_message_id(const Config& config) {
    return "<" + random_token(18) + "@" + from_domain(config) + ">";
}

DeliveryResult pipe_to_sendmail(const std::vector<std::string>& argv, std::string_view message,
                                unsigned timeout_seconds) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::seconds(timeout_seconds);
    if (argv.empty())
        return {Delivery::Failed, "no sendmail command configured"};

    Pipe in, out;
    if (!make_pipe(in) || !make_pipe(out))
        return {Delivery::TryLater, std::string("cannot create pipe: ") + std::strerror(errno)};
    SigpipeBlock sigpipe_block;
    pid_t pid = -1;
    if (const int err = spawn_sendmail(argv, in, out, pid); err != 0)
        return {Delivery::Failed, "cannot spawn '" + argv[0] + "': " + std::strerror(err)};
    Child child(pid);
    in.read.reset();
    out.write.reset();
    set_nonblocking(in.write.get());
    set_nonblocking(out.read.get());

    Pump pump(in.write, out.read, message);
    // Once both pipes are done only waitpid can tell the exit: checked after
    // 1, 2, 4 … 20 ms, since sendmail usually exits right after its input.
    int idle_ms = 1;
    for (;;) {
        const auto now = Clock::now();
        if (now >= deadline) {
            child.kill_and_reap();
            return {Delivery::Failed, "timeout after " + std::to_string(timeout_seconds) +
                                          "s, killed '" + argv[0] + "'"};
        }
        // Short polls: the child's exit is seen by waitpid, not by a pipe
        // closing (a daemon it leaves behind may keep the pipe open).
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
        int wait_ms = int(std::min<long long>(left.count() + 1, 20));
        if (!pump.open()) {
            wait_ms = std::min(wait_ms, idle_ms);
            idle_ms = std::min(idle_ms * 2, 20);
        }
        if (!pump.run_once(wait_ms))
            return {Delivery::TryLater, std::string("poll failed: ") + std::strerror(errno)};
        const int exited = child.poll();
        if (exited > 0)
            return classify_exit(child.status(), pump, argv[0]);
        if (exited < 0)
            // Someone else reaped it (a SIGCHLD handler): the outcome is unknown.
            return {Delivery::TryLater,
                    std::string("cannot wait for '") + argv[0] + "': " + std::strerror(errno)};
    }
}

std::optional<std::uint64_t> queue_mail(Db& db, std::string_view kind, std::string_view dedupe_key,
                                        std::string_view to, std::string_view message) {
    return q::outbox_insert(db, kind, dedupe_key, to, message);
}

namespace {

// Rows per claim of a wave with one sender: small enough that a killed
// sender strands few (they wait for their claim to expire).
constexpr unsigned kSendBatch = 100;
// With several senders each claims its share of that, so a queue of 150
// mails is split between 4 senders rather than one taking 100 and leaving
// the rest idle; at least 10, since each claim costs a statement.
constexpr unsigned kMinSendBatch = 10;

// How long a claim lasts: past the sendmail timeout, so no second sender
// can take the row while this one may still hand it over.
unsigned claim_seconds_of(const Config& config) {
    return config.sendmail_timeout_seconds + 60;
}

// Pipes one claimed mail to sendmail and records the outcome in its row.
void deliver_claimed(Db& db, const Config& config, std::uint64_t id, const std::string& message,
                     unsigned attempts, SendReport& report) {
    const std::string name = "mail " + std::to_string(id);
    const DeliveryResult r =
        pipe_to_sendmail(config.sendmail, message, config.sendmail_timeout_seconds);
    // The row and its audit event in one commit (one log flush, not two).
    if (r.outcome == Delivery::Sent) {
        in_transaction(db, [&](Db& d) {
            q::outbox_mark_sent(d, id);
            audit(d, "mail_sent", std::nullopt, "", "", name);
        });
        ++report.sent;
        report.lines.push_back(name + ": sent");
        return;
    }
    // Failed as well as TryLater stays queued: a mail is never dropped; the
    // error goes to the outbox row, the audit table and stderr; each
    // further attempt waits twice as long.
    const unsigned retry = backoff_seconds(attempts);
    const std::string line = name + ": " +
                             (r.outcome == Delivery::TryLater ? "deferred" : "failed") + " (" +
                             r.detail + "), next try in " + std::to_string(retry / 60) + " min";
    in_transaction(db, [&](Db& d) {
        q::outbox_mark_failed(d, id, r.detail, retry);
        audit(d, "mail_failed", std::nullopt, "", "", line);
    });
    log_error("kosmo", "-", "cannot deliver " + line);
    ++report.deferred;
    report.lines.push_back(line);
}

// A name no other sender uses: this host, this process, and random bytes.
std::string claimer_name() {
    char host[64] = {};
    gethostname(host, sizeof host - 1);
    std::string name = std::string(host).substr(0, 30) + ":" + std::to_string(getpid()) + ":" +
                       hex(random_bytes(8));
    return name;
}

// Claims one batch for CLAIMER; 0 when nothing is due.
std::uint64_t claim_batch(Db& db, const std::string& claimer, unsigned claim_seconds,
                          unsigned batch) {
    for (;;) {
        try {
            return q::outbox_claim_batch(db, claimer, claim_seconds, batch);
        } catch (const DbRetry&) {
            // Two senders' claims met (deadlock): the next try sees theirs.
        }
    }
}

// One sender's part of a wave, on DB: batches claimed in one statement
// each, so two senders (threads, or two hosts' timers) never own the same
// row. Once the batch's claim is old (claim_covers), each row's claim is
// renewed right before its sendmail, so a batch that takes long never lets
// its last rows fall to another sender meanwhile. STOP is read before each
// mail, never during one: a mail handed to sendmail is always recorded.
// What is left claimed is given back at the end; a sender killed midway
// leaves its rows to the next run once they expire.
void drain_queue(Db& db, const Config& config, unsigned batch, const std::atomic<bool>& stop,
                 SendReport& report) {
    const unsigned claim_seconds = claim_seconds_of(config);
    const std::string claimer = claimer_name();
    while (!stop.load()) {
        const auto claimed_at = std::chrono::steady_clock::now();  // before: errs on the old side
        if (claim_batch(db, claimer, claim_seconds, batch) == 0)
            break;
        for (const auto& mail : q::outbox_claimed(db, claimer)) {
            if (stop.load())
                break;
            if (!claim_covers(claimed_at, claim_seconds, config.sendmail_timeout_seconds) &&
                !q::outbox_renew_claim(db, mail.id, claimer, claim_seconds)) {
                report.lines.push_back("mail " + std::to_string(mail.id) +
                                       ": taken by another sender");
                continue;
            }
            deliver_claimed(db, config, mail.id, mail.message, mail.attempts, report);
        }
    }
    report.released += unsigned(q::outbox_release_claims(db, claimer));
}

struct SenderRun {
    SendReport report;
    std::exception_ptr error;
};

// A sender thread: its own connection (a MYSQL handle is never shared
// between threads), closed before the thread ends.
void run_sender(const Config& config, unsigned batch, const std::atomic<bool>& stop,
                SenderRun& run) {
    try {
        Db db(config.db);
        drain_queue(db, config, batch, stop, run.report);
    } catch (...) {
        run.error = std::current_exception();
    }
}

// The threads of a wave, joined however the wave ends.
class SenderThreads {
public:
    SenderThreads() = default;
    SenderThreads(const SenderThreads&) = delete;
    SenderThreads& operator=(const SenderThreads&) = delete;
    ~SenderThreads() { join(); }
    template <typename F>
    void start(F&& f) {
        threads_.emplace_back(std::forward<F>(f));
    }
    void join() {
        for (auto& t : threads_)
            if (t.joinable())
                t.join();
    }

private:
    std::vector<std::thread> threads_;
};

// The reports of RUNS as one; rethrows the first error.
SendReport merge_runs(std::vector<SenderRun>& runs) {
    SendReport total;
    for (auto& run : runs) {
        if (run.error)
            std::rethrow_exception(run.error);
        total.sent += run.report.sent;
        total.deferred += run.report.deferred;
        total.released += run.report.released;
        for (auto& line : run.report.lines)
            total.lines.push_back(std::move(line));
    }
    return total;
}

}  // namespace

bool claim_covers(std::chrono::steady_clock::time_point claimed, unsigned claim_seconds,
                  unsigned timeout) {
    const auto left =
        claimed + std::chrono::seconds(claim_seconds) - std::chrono::steady_clock::now();
    return left > std::chrono::seconds(timeout + 30);
}

unsigned wave_batch_size(unsigned senders) {
    return std::max(kMinSendBatch, kSendBatch / std::max(senders, 1u));
}

SendReport deliver_mail(Db& db, const Config& config, std::uint64_t id) {
    SendReport report;
    const std::string name = "mail " + std::to_string(id);
    if (!q::outbox_claim(db, id, claim_seconds_of(config)))
        return report;
    auto mail = q::outbox_message(db, id);
    if (!mail) {
        report.lines.push_back(name + ": gone from the outbox");
        return report;
    }
    deliver_claimed(db, config, id, mail->message, mail->attempts, report);
    return report;
}

SendReport deliver_wave(Db& db, const Config& config, unsigned senders,
                        const std::atomic<bool>& stop) {
    senders = std::clamp(senders, 1u, kMaxMailSenders);
    // Connected here, before any other thread exists: the connector's
    // one-time library set-up (run by the first mysql_init) is not safe to
    // race. Connector/C 3 needs no mysql_thread_init/end per thread.
    db.ping();
    const unsigned batch = wave_batch_size(senders);
    std::vector<SenderRun> runs(senders);
    {
        SenderThreads threads;
        try {
            for (unsigned i = 1; i < senders; ++i)
                threads.start([&config, batch, &stop, &run = runs[i]] {
                    run_sender(config, batch, stop, run);
                });
        } catch (const std::system_error& e) {
            // Fewer threads than asked: the ones started do the work.
            log_error("kosmo", "-", std::string("cannot start a sender thread: ") + e.what());
        }
        try {
            drain_queue(db, config, batch, stop, runs[0].report);
        } catch (...) {
            runs[0].error = std::current_exception();
        }
    }
    return merge_runs(runs);
}

}  // namespace kosmo
