// sendmail.h: the sendmail pipe: one message to a child's stdin, its exit
// and output read back, killed at the timeout
#ifndef KOSMO_SENDMAIL_H
#define KOSMO_SENDMAIL_H

#include <string>
#include <string_view>
#include <vector>

namespace kosmo {

enum class Delivery { Sent, TryLater, Failed };
struct DeliveryResult {
    Delivery outcome = Delivery::Failed;
    std::string detail;  // "exit 75", "timeout after 30s", "cannot spawn ..."
};

// Runs ARGV (no shell, posix_spawn), writes MESSAGE to its stdin and waits
// at most TIMEOUT_SECONDS (then kills it). Exit 0 is Sent, 75 (EX_TEMPFAIL)
// TryLater, anything else Failed.
DeliveryResult pipe_to_sendmail(const std::vector<std::string>& argv, std::string_view message,
                                unsigned timeout_seconds);

}  // namespace kosmo

#endif
