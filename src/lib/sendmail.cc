// sendmail.cc: the sendmail pipe: one message to a child's stdin, its exit
// and output read back, killed at the timeout
#include "sendmail.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <thread>

extern char** environ;

namespace kosmo {

namespace {

constexpr std::size_t kMaxDetail = 300;

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

}  // namespace

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

}  // namespace kosmo
