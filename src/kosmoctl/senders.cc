// senders.cc: kosmoctl send-mail's senders: the outbox's due mail
// delivered by several threads at once, each on a connection of its own
#include "senders.h"

#include <unistd.h>

#include <algorithm>
#include <exception>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "db.h"
#include "error.h"
#include "log.h"
#include "q/outbox.h"
#include "random.h"

namespace kosmo::ctl {

namespace {

// Rows per claim of a wave with one sender: small enough that a killed
// sender strands few (they wait for their claim to expire).
constexpr unsigned kSendBatch = 100;
// With several senders each claims its share of that, so a queue of 150
// mails is split between 4 senders rather than one taking 100 and leaving
// the rest idle; at least 10, since each claim costs a statement.
constexpr unsigned kMinSendBatch = 10;

// A name no other sender uses: this host, this process, and random bytes.
std::string claimer_name() {
    char host[64] = {};
    gethostname(host, sizeof host - 1);
    std::string name = std::string(host).substr(0, 30) + ":" + std::to_string(getpid()) + ":" +
                       hex(random_bytes(8));
    return name;
}

// Claims one batch of SOCIETY's mails ("" any) for CLAIMER; 0 when
// nothing is due.
std::uint64_t claim_batch(Db& db, const std::string& claimer, unsigned claim_seconds,
                          unsigned batch, const std::string& society) {
    for (;;) {
        try {
            return q::outbox_claim_batch(db, claimer, claim_seconds, batch, society);
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
void drain_queue(Db& db, const Config& config, unsigned batch, const std::string& society,
                 const std::atomic<bool>& stop, WaveReport& wave) {
    const unsigned claim_seconds = claim_seconds_of(config);
    const std::string claimer = claimer_name();
    SendReport& report = wave.total;
    while (!stop.load()) {
        const auto claimed_at = std::chrono::steady_clock::now();  // before: errs on the old side
        if (claim_batch(db, claimer, claim_seconds, batch, society) == 0)
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
            // deliver_claimed counts the mail as sent or deferred: so does
            // its society.
            const unsigned sent = report.sent, deferred = report.deferred;
            deliver_claimed(db, config, mail.id, mail.message, mail.attempts, report);
            auto& of_society = wave.societies[mail.insurer_number];
            of_society.sent += report.sent - sent;
            of_society.deferred += report.deferred - deferred;
        }
    }
    report.released += unsigned(q::outbox_release_claims(db, claimer));
}

struct SenderRun {
    WaveReport report;
    std::exception_ptr error;
};

// A sender thread: its own connection (a MYSQL handle is never shared
// between threads), closed before the thread ends.
void run_sender(const Config& config, unsigned batch, const std::string& society,
                const std::atomic<bool>& stop, SenderRun& run) {
    try {
        Db db(config.db);
        drain_queue(db, config, batch, society, stop, run.report);
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
WaveReport merge_runs(std::vector<SenderRun>& runs) {
    WaveReport wave;
    SendReport& total = wave.total;
    for (auto& run : runs) {
        if (run.error)
            std::rethrow_exception(run.error);
        const SendReport& report = run.report.total;
        total.sent += report.sent;
        total.deferred += report.deferred;
        total.released += report.released;
        for (auto& line : run.report.total.lines)
            total.lines.push_back(std::move(line));
        for (const auto& [number, sends] : run.report.societies) {
            wave.societies[number].sent += sends.sent;
            wave.societies[number].deferred += sends.deferred;
        }
    }
    return wave;
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

std::vector<std::string> society_summary(const std::map<std::string, SocietySends>& societies,
                                         const std::map<std::string, std::string>& labels) {
    std::vector<std::string> lines;
    if (societies.size() < 2)
        return lines;
    auto line = [&](const std::string& number, const SocietySends& sends) {
        const auto label = labels.find(number);
        lines.push_back("  " + (label == labels.end() ? number : label->second) + ": sent " +
                        std::to_string(sends.sent) + ", deferred " +
                        std::to_string(sends.deferred));
    };
    // The mails of no society ("", first in the map) last, as kosmoctl
    // outbox lists them.
    for (const auto& [number, sends] : societies)
        if (!number.empty())
            line(number, sends);
    if (const auto none = societies.find(""); none != societies.end())
        line(none->first, none->second);
    return lines;
}

WaveReport deliver_wave(Db& db, const Config& config, unsigned senders,
                        const std::atomic<bool>& stop, const std::string& society) {
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
                threads.start([&config, batch, &society, &stop, &run = runs[i]] {
                    run_sender(config, batch, society, stop, run);
                });
        } catch (const std::system_error& e) {
            // Fewer threads than asked: the ones started do the work.
            log_error("kosmo", "-", std::string("cannot start a sender thread: ") + e.what());
        }
        try {
            drain_queue(db, config, batch, society, stop, runs[0].report);
        } catch (...) {
            runs[0].error = std::current_exception();
        }
    }
    return merge_runs(runs);
}

}  // namespace kosmo::ctl
