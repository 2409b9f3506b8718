// report.cc: kosmoctl unregistered, audit and outbox, the read-only reports
// an operator runs for reminders, questions from members and the mail queue
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "csv.h"
#include "ctl.h"
#include "db.h"
#include "error.h"
#include "log.h"
#include "q/accounts.h"
#include "q/audit.h"
#include "q/members.h"
#include "q/outbox.h"
#include "q/societies.h"
#include "q/temp_credentials.h"
#include "validate.h"

namespace kosmo::ctl {

namespace {

// N from --limit, within [1, MAX]. Throws UsageError.
unsigned parse_limit(const std::string& value, unsigned max) {
    unsigned long n = 0;
    bool ok = !value.empty() && value.size() <= 9;
    for (char c : value) {
        if (c < '0' || c > '9')
            ok = false;
        else
            n = n * 10 + static_cast<unsigned>(c - '0');
    }
    if (!ok || n < 1 || n > max)
        throw UsageError("--limit takes a number from 1 to " + std::to_string(max) + ", got '" +
                         value + "'");
    return static_cast<unsigned>(n);
}

// What an operator's terminal shows of a value someone typed (log.h).
std::string printable(const std::string& s, bool spaces = false) {
    return printable_text(s, spaces);
}

// "45s", "12m", "3h 5m", "2d 4h".
std::string age_text(std::int64_t seconds) {
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        return std::to_string(seconds) + "s";
    std::int64_t minutes = seconds / 60;
    if (minutes < 60)
        return std::to_string(minutes) + "m";
    std::int64_t hours = minutes / 60;
    if (hours < 48)
        return std::to_string(hours) + "h " + std::to_string(minutes % 60) + "m";
    return std::to_string(hours / 24) + "d " + std::to_string(hours % 24) + "h";
}

void flush_stdout() {
    if (std::fflush(stdout) != 0 || std::ferror(stdout))
        throw Error("cannot write to stdout: " + std::string(std::strerror(errno)));
}

int run_unregistered(const Globals& globals, const Args& args) {
    std::string since, before;
    if (args.has("--since"))
        since = parse_time_option("--since", args.get("--since"));
    if (args.has("--before"))
        before = parse_time_option("--before", args.get("--before"));

    Config config = load(globals);
    Db db(config.db);
    const std::string society = args.has("--society") ? society_option(db, args) : "";
    auto rows = q::members_unregistered(db, society, since, before);
    std::string out =
        "insurer_number,symbol,number,name,category,temp_user_id,issued_at,society_name\n";
    for (const auto& r : rows)
        out += csv_line({r.insurer_number, r.symbol, r.number, r.name, r.category, r.temp_user_id,
                         r.issued_at, r.society_name});
    std::fwrite(out.data(), 1, out.size(), stdout);
    flush_stdout();
    std::cerr << rows.size() << " member" << (rows.size() == 1 ? "" : "s")
              << (society.empty() ? "" : " of society " + society)
              << (rows.size() == 1 ? " has" : " have") << " not registered yet\n";
    return kExitOk;
}

}  // namespace

const Command kUnregistered{
    "unregistered",
    "list the members who have not registered yet (CSV)",
    "[--society INSURER_NUMBER] [--since DATE] [--before DATE]",
    "Prints, as CSV on stdout, every member who has temporary credentials and\n"
    "has not registered yet, with the date the credentials were issued and the\n"
    "name of the member's society, by society:\n"
    "insurer_number,symbol,number,name,category,temp_user_id,issued_at,society_name\n"
    "For reminders: e.g. --before 2024-04-01 lists those waiting since before April;\n"
    "--society 06279996 only that society's members (the columns stay the same).\n",
    {kReportSocietyOption,
     {"--since", "DATE", "only credentials issued at or after DATE"},
     {"--before", "DATE", "only credentials issued before DATE"}},
    kNoArguments,
    run_unregistered,
    "DATE is YYYY-MM-DD or \"YYYY-MM-DD HH:MM\", in the database server's clock.\n",
};

namespace {

int run_audit(const Globals& globals, const Args& args) {
    if (args.has("--member") && args.has("--login-id"))
        throw UsageError("give --member or --login-id, not both");
    if (args.has("--login-id") && args.get("--login-id").empty())
        throw UsageError("option '--login-id' needs a value");
    if (args.has("--event") && args.get("--event").empty())
        throw UsageError("option '--event' needs a value");
    q::AuditQuery query;
    std::optional<MemberKey> key;
    if (args.has("--member"))
        key = parse_member_key("--member", args.get("--member"));
    if (args.has("--since"))
        query.since = parse_time_option("--since", args.get("--since"));
    query.event = args.get("--event");
    unsigned limit = args.has("--limit") ? parse_limit(args.get("--limit"), 100000) : 100;
    query.limit = limit + 1;  // one more: tells whether older events were left out

    Config config = load(globals);
    Db db(config.db);
    if (args.has("--society"))
        query.society = society_option(db, args);
    if (key && !query.society.empty() && key->insurer_number != query.society) {
        std::cerr << "kosmoctl audit: member '" << key->text() << "' is not of society "
                  << query.society << "\n";
        return kExitFailure;
    }
    if (key) {
        query.member_id = q::member_id_by_key(db, key->insurer_number, key->symbol, key->number);
        if (!query.member_id) {
            std::cerr << "kosmoctl audit: no member '" << key->text() << "'\n";
            return kExitFailure;
        }
    } else if (args.has("--login-id")) {
        query.login_id = normalize_input(args.get("--login-id"));
        // Step 2 events name the member, not the ID: find the holder too.
        if (auto t = q::temp_login_by_id(db, query.login_id))
            query.member_id = t->member_id;
        else if (auto a = q::account_login_by_user_id(db, query.login_id, config.password_max_days))
            query.member_id = a->member_id;
    }

    auto rows = q::audit_find(db, query);
    bool more = rows.size() > limit;
    std::string out;
    for (std::size_t i = more ? 1 : 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        out += r.at + " " + printable(r.event, true);
        if (r.insurer_number)
            out += " member=" + printable(*r.insurer_number + "," + r.symbol.value_or("") + "," +
                                              r.number.value_or(""),
                                          true);
        if (r.login_id)
            out += " login=" + printable(*r.login_id, true);
        if (r.client_addr)
            out += " addr=" + printable(*r.client_addr, true);
        if (r.detail && !r.detail->empty())
            out += " " + printable(*r.detail);
        // Repeats of a failed login within a minute share one row.
        if (r.count > 1)
            out += " count=" + std::to_string(r.count) + " until=" + r.last_at.value_or("");
        out += '\n';
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    flush_stdout();
    if (rows.empty())
        std::cerr << "no matching events\n";
    else if (more)
        std::cerr << "(the newest " << limit
                  << " shown; older ones match too: --limit or --since)\n";
    return kExitOk;
}

}  // namespace

const Command kAudit{
    "audit",
    "show audit events (logins, lockouts, registrations, chores)",
    "[--society INSURER_NUMBER] [--member INSURER:SYMBOL:NUMBER | --login-id ID]\n"
    "                                      [--since DATE] [--event NAME] [--limit N]",
    "Prints the newest N audit events (default 100) that match, oldest first,\n"
    "one a line: time (the database server's clock), event, then\n"
    "member=INSURER,SYMBOL,NUMBER login=ID addr=ADDRESS when known, then the detail,\n"
    "then count=N until=TIME for failed logins repeated within one minute from one\n"
    "address (one row counts them). A typed ID that is not an ID shows as\n"
    "(not an ID, N chars); control and bidi characters are shown escaped.\n"
    "Events: login_ok, login_failed, login_locked, verify_ok (the member's\n"
    "consent to the terms, the latest), verify_failed, verify_locked,\n"
    "registered, mail_sent, mail_failed, import, unlock, reissue; the second\n"
    "factor's at login: factor_mail_sent, factor_mail_limit, factor_ok,\n"
    "factor_failed, factor_locked (the code step waits), those of its settings in\n"
    "登録情報の変更, and factor_reset (kosmoctl mfa-reset, with its reason).\n"
    "\n"
    "The society of a line: a member's event names it in member=INSURER,…; an\n"
    "operator's chore for one society names it in its detail (society=NUMBER,\n"
    "or insurer=NUMBER for society add and set); a line with neither is the\n"
    "site's (a login with an unknown ID, a mail handed to sendmail, a chore over\n"
    "every society). --society keeps the events of that society's members and\n"
    "the chores that name it.\n",
    {kReportSocietyOption,
     {"--member", "INSURER:SYMBOL:NUMBER", "events of this member"},
     {"--login-id", "ID",
      "events naming this temporary or permanent user ID (any case),\n"
      "and every event of the member who holds it"},
     {"--since", "DATE", "events at or after DATE (YYYY-MM-DD or \"YYYY-MM-DD HH:MM\")"},
     {"--event", "NAME", "only this event"},
     {"--limit", "N", "at most N events (1-100000, default 100)"}},
    kNoArguments,
    run_audit,
};

namespace {

// The status of each society's mails, when the outbox holds the mails of
// more than one (the mails of no society counting as one).
void print_outbox_societies(Db& db) {
    const auto societies = q::outbox_status_by_society(db);
    if (societies.size() < 2)
        return;
    std::cout << "by society:\n";
    for (const auto& s : societies)
        std::cout << "  " << society_label(s.insurer_number, s.name) << ": waiting "
                  << s.status.queued << " (failed at least once: " << s.status.failing << "), sent "
                  << s.status.sent << "\n";
}

// The failing mails of SOCIETY ("" every society), at most LIMIT of FAILING.
void print_outbox_failing(Db& db, const std::string& society, unsigned limit,
                          std::uint64_t failing_count) {
    auto failing = q::outbox_failing(db, limit, society);
    if (failing.empty())
        return;
    std::cout << "failing, most recent first:\n";
    for (const auto& r : failing)
        std::cout << "  id=" << r.id
                  << " society=" << (r.insurer_number.empty() ? "none" : r.insurer_number)
                  << " kind=" << printable(r.kind, true) << " to=" << printable(r.recipient, true)
                  << " attempts=" << r.attempts << " queued=\"" << r.created_at << "\" next=\""
                  << r.next_attempt_at << "\" error: " << printable(r.last_error) << "\n";
    if (failing.size() < failing_count)
        std::cout << "  (" << failing_count - failing.size() << " more: --limit)\n";
}

int run_outbox(const Globals& globals, const Args& args) {
    unsigned limit = args.has("--limit") ? parse_limit(args.get("--limit"), 10000) : 10;

    Config config = load(globals);
    Db db(config.db);
    const std::string society = args.has("--society") ? society_option(db, args) : "";
    if (!society.empty()) {
        const auto s = q::society_get(db, society);
        std::cout << "society: " << society_label(society, s ? s->name : "") << "\n";
    }
    auto status = q::outbox_status(db, society);
    std::cout << "waiting: " << status.queued << " (failed at least once: " << status.failing
              << ")\nsent: " << status.sent << "\n";
    if (auto oldest = q::outbox_oldest_queued(db, society))
        std::cout << "oldest waiting: queued " << oldest->created_at << " ("
                  << age_text(oldest->age_seconds) << " ago)\n";
    if (society.empty())
        print_outbox_societies(db);
    print_outbox_failing(db, society, limit, status.failing);
    std::cout << std::flush;
    if (!std::cout)
        throw Error("cannot write to stdout");
    return kExitOk;
}

}  // namespace

const Command kOutbox{
    "outbox",
    "show the state of the mail queue",
    "[--society INSURER_NUMBER] [--limit N]",
    "Prints how many mails wait in the outbox, how many of them failed at\n"
    "least once, how many were sent, the oldest waiting one, and the failing\n"
    "mails with their last error (at most N, default 10). `kosmoctl send-mail`\n"
    "delivers what is due.\n"
    "\n"
    "Each failing mail names the society of the member it is for (society=NUMBER;\n"
    "society=none for a mail queued before societies were kept). When the\n"
    "outbox holds the mails of more than one society, the counts follow for each\n"
    "(\"by society:\"). With --society every count and line is that society's,\n"
    "after a first line naming it.\n",
    {kReportSocietyOption, {"--limit", "N", "show at most N failing mails"}},
    kNoArguments,
    run_outbox,
};

}  // namespace kosmo::ctl
