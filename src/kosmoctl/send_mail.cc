// send_mail.cc: kosmoctl send-mail: delivers the mail due in the outbox
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <ctime>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "ctl.h"
#include "db.h"
#include "mail.h"
#include "q/outbox.h"
#include "q/societies.h"
#include "senders.h"

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

// The labels of the societies whose mails WAVE handled (society_label).
std::map<std::string, std::string> society_labels(Db& db, const WaveReport& wave) {
    std::map<std::string, std::string> labels;
    for (const auto& [number, sends] : wave.societies) {
        const auto society = number.empty() ? std::nullopt : q::society_get(db, number);
        labels[number] = society_label(number, society ? society->name : "");
    }
    return labels;
}

int run_send_mail(const Globals& globals, const Args& args) {
    Config config = load(globals);
    const unsigned senders =
        args.has("--senders")
            ? parse_count_option("--senders", args.get("--senders"), 1, kMaxMailSenders)
            : config.mail_senders;
    Db db(config.db);
    const std::string society = args.has("--society") ? society_option(db, args) : "";
    StopSignals signals;
    const WaveReport wave = deliver_wave(db, config, senders, signals.stop(), society);
    const SendReport& report = wave.total;
    for (const auto& line : report.lines)
        std::cout << line << "\n";
    if (signals.stop().load())
        std::cout << "stopped early: " << report.released
                  << " claimed mails given back for the next run\n";
    auto status = q::outbox_status(db, society);
    std::cout << "sent " << report.sent << ", deferred " << report.deferred
              << "; queue: " << status.queued << " waiting (" << status.failing << " with errors), "
              << status.sent << " sent in all\n";
    for (const auto& line : society_summary(wave.societies, society_labels(db, wave)))
        std::cout << line << "\n";
    return kExitOk;
}

}  // namespace

const Command kSendMail{
    "send-mail",
    "deliver the queued mail now",
    "[--society INSURER_NUMBER] [--senders N]",
    "Hands every mail due in the outbox to sendmail (the web processes do this\n"
    "right after each change; this catches up on mail that could not be sent\n"
    "then, and delivers the notices of the imports). Run it from cron or a\n"
    "systemd timer; runs on several hosts at once never send a mail twice.\n"
    "\n"
    "It prints a line per mail, then its summary: \"sent N, deferred M; queue: …\"\n"
    "for the whole run, and when the mails of more than one society went out a\n"
    "line per society after it (\"  06279996 NAME: sent N, deferred M\"; none:\n"
    "mails queued before societies were kept). With --society it sends only the\n"
    "mails for that society's members, and its queue counts are that society's.\n",
    {kReportSocietyOption,
     {"--senders", "N",
      "mails handed over at once, each by its own sendmail and\n"
      "database connection (1 to 32; default: [mail] senders, 4)"}},
    kNoArguments,
    run_send_mail,
    "\n"
    "SIGTERM, SIGINT or SIGHUP stops it cleanly: it claims no more mail, lets\n"
    "the sendmail processes running finish and records them, gives back the\n"
    "mails it had claimed but not started (the next run takes them at once),\n"
    "prints \"stopped early\" and its summary and exits 0. No mail is sent\n"
    "twice then. Only SIGKILL leaves mails unrecorded: the ones in flight (at\n"
    "most N) may be sent again once their claims expire (the sendmail timeout\n"
    "plus a minute), and the others it had claimed wait as long.\n"
    "\n"
    "Exit status: 0 when it ran to the end or was stopped (a mail sendmail\n"
    "refused stays queued and is shown as deferred); 1 when the configuration\n"
    "or the database could not be used, or --society is not a society.\n",
    3,  // the option texts' column as it has always been
};

}  // namespace kosmo::ctl
