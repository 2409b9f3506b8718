// senders.h: kosmoctl send-mail's senders: the outbox's due mail delivered
// by several threads at once, each on a connection of its own
#ifndef KOSMO_SENDERS_H
#define KOSMO_SENDERS_H

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "config.h"
#include "delivery.h"

namespace kosmo {
class Db;
}

namespace kosmo::ctl {

// What a wave handed to sendmail and deferred of one society's mails.
struct SocietySends {
    unsigned sent = 0, deferred = 0;
};

// A wave's report: the total, and the same by the insurer number of the
// society each mail is for ("" for a mail of no society, queued before
// societies were kept).
struct WaveReport {
    SendReport total;
    std::map<std::string, SocietySends> societies;
};

// Delivers every due row with SENDERS (1..kMaxMailSenders) at once: the
// calling thread on DB and SENDERS - 1 threads on connections of their own,
// each with its own claimer name, claiming batches of
// wave_batch_size(SENDERS), each row then handled as deliver_claimed
// handles it; SOCIETY (an insurer number, "" = every mail) claims only the
// mails for that society's members. Once STOP is set (a signal handler may
// set it) no sender claims or starts another mail: the sendmail processes
// running finish and are recorded, the rows claimed but not started are
// released (total.released) for the next run. The reports are summed.
// Throws the first sender's DbUnavailable after every sender has ended.
WaveReport deliver_wave(Db& db, const Config& config, unsigned senders,
                        const std::atomic<bool>& stop, const std::string& society = "");

// The lines of send-mail's summary after its total, one a society by
// insurer number, the mails of no society last: "  LABEL: sent N,
// deferred M" (LABELS by insurer number, else the number); none when the
// mails of one society or fewer were handled.
std::vector<std::string> society_summary(const std::map<std::string, SocietySends>& societies,
                                         const std::map<std::string, std::string>& labels);

// Rows one sender claims per statement when SENDERS share the queue.
unsigned wave_batch_size(unsigned senders);

// Whether a claim of CLAIM_SECONDS made at CLAIMED still covers a sendmail
// of at most TIMEOUT seconds started now, with half a minute to spare for
// the two clocks. Only when it does not is a row's claim renewed before
// its sendmail: in the usual case, a batch that goes fast, a statement and
// a commit a mail are saved.
bool claim_covers(std::chrono::steady_clock::time_point claimed, unsigned claim_seconds,
                  unsigned timeout);

}  // namespace kosmo::ctl

#endif
