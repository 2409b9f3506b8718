// mail.cc: kosmoctl send-mail: delivers the mail due in the outbox
#include <iostream>

#include "ctl.h"
#include "db.h"
#include "mail.h"
#include "queries.h"

namespace kosmo::ctl {

int run_send_mail(const Globals& globals, const std::vector<std::string>& argv) {
    Args args = parse_args(argv, {});
    if (print_help_if_asked(args, "send-mail"))
        return kExitOk;
    if (!args.positional.empty())
        throw UsageError("unexpected argument '" + args.positional[0] + "'");

    Config config = load(globals);
    Db db(config.db);
    SendReport report = deliver_mail(db, config);
    for (const auto& line : report.lines)
        std::cout << line << "\n";
    auto status = q::outbox_status(db);
    std::cout << "sent " << report.sent << ", deferred " << report.deferred
              << "; queue: " << status.queued << " waiting (" << status.failing << " with errors), "
              << status.sent << " sent in all\n";
    return kExitOk;
}

}  // namespace kosmo::ctl
