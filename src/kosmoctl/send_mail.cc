// send_mail.cc: kosmoctl send-mail: delivers the mail due in the outbox
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <ctime>
#include <iostream>
#include <thread>

#include "ctl.h"
#include "db.h"
#include "mail.h"
#include "queries.h"

namespace kosmo::ctl {

namespace {

// SIGTERM (systemctl stop), SIGINT (Ctrl-C) and SIGHUP (a closed terminal)
// ask for a clean stop. They are blocked before the sender threads start
// (so the threads inherit the mask and no sendmail pipe or database read is
// interrupted; sendmail gets a clean mask at spawn) and taken by one
// watcher thread with sigtimedwait: no handler, so nothing unsafe can run
// in one. The mask stays blocked to the end: a second signal must not kill
// the process before it prints its summary.
class StopSignals {
public:
    StopSignals() {
        sigemptyset(&set_);
        for (int sig : {SIGTERM, SIGINT, SIGHUP})
            sigaddset(&set_, sig);
        pthread_sigmask(SIG_BLOCK, &set_, nullptr);
        watcher_ = std::thread([this] { watch(); });
    }
    ~StopSignals() {
        done_ = true;
        watcher_.join();
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    const std::atomic<bool>& stop() const { return stop_; }

private:
    void watch() {
        while (!done_.load()) {
            timespec tick{0, 100 * 1000 * 1000};
            if (sigtimedwait(&set_, nullptr, &tick) > 0)
                stop_ = true;
        }
    }

    sigset_t set_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> done_{false};
    std::thread watcher_;
};

}  // namespace

int run_send_mail(const Globals& globals, const std::vector<std::string>& argv) {
    Args args = parse_args(argv, {{"--senders", true}});
    if (print_help_if_asked(args, "send-mail"))
        return kExitOk;
    if (!args.positional.empty())
        throw UsageError("unexpected argument '" + args.positional[0] + "'");

    Config config = load(globals);
    const unsigned senders =
        args.has("--senders")
            ? parse_count_option("--senders", args.get("--senders"), 1, kMaxMailSenders)
            : config.mail_senders;
    Db db(config.db);
    StopSignals signals;
    SendReport report = deliver_wave(db, config, senders, signals.stop());
    for (const auto& line : report.lines)
        std::cout << line << "\n";
    if (signals.stop().load())
        std::cout << "stopped early: " << report.released
                  << " claimed mails given back for the next run\n";
    auto status = q::outbox_status(db);
    std::cout << "sent " << report.sent << ", deferred " << report.deferred
              << "; queue: " << status.queued << " waiting (" << status.failing << " with errors), "
              << status.sent << " sent in all\n";
    return kExitOk;
}

}  // namespace kosmo::ctl
