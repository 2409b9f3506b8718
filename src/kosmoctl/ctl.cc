// ctl.cc: the kosmoctl command table, argument parsing, configuration and
// progress output shared by the subcommands
#include "ctl.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include <pwd.h>
#include <unistd.h>

#include "error.h"
#include "options.h"
#include "text.h"
#include "validate.h"

namespace kosmo::ctl {

namespace {

// A subcommand's texts, apart from the table so that it stays one line per
// command.
struct CommandText {
    const char* summary;
    const char* help;
};

constexpr CommandText kMigrate{
    "apply the database migrations not applied yet",
    "usage: kosmoctl [--config FILE] migrate [--sql-dir DIR]\n"
    "\n"
    "Applies, in order, every DIR/NNN-*.sql not yet recorded in the table\n"
    "schema_version, each in a transaction that records it. MariaDB commits DDL\n"
    "at once: a file failing after a DDL statement leaves that applied (and says\n"
    "so), the rest rolled back. Refuses when the database has a newer version\n"
    "than the newest file (an older kosmoctl).\n"
    "\n"
    "  --sql-dir DIR  the migrations; default: $KOSMO_SQL_DIR, else <bin>/../sql,\n"
    "                 else <bin>/../share/kosmo/sql, else /usr/share/kosmo/sql\n"};

constexpr CommandText kImportMembers{
    "load the member list and issue temporary credentials",
    "usage: kosmoctl [--config FILE] import-members FILE.csv [--out CREDENTIALS.csv]\n"
    "\n"
    "Reads FILE.csv (UTF-8, header insurer_number,symbol,number,name,birth_date,category;\n"
    "birth_date YYYYMMDD; category employee, overseas, seconded, leave or voluntary;\n"
    "\"-\" reads stdin). Every row is checked first: any bad row is reported with its\n"
    "line number and nothing is imported. Then, in one transaction, members are\n"
    "added or updated (never duplicated) and each member without temporary\n"
    "credentials gets new ones.\n"
    "\n"
    "The issued credentials are written as CSV\n"
    "insurer_number,symbol,number,name,temp_user_id,temp_password to CREDENTIALS.csv\n"
    "(mode 0600, must not exist yet) or, without --out, to stdout. It is the only\n"
    "place the temporary passwords ever exist: print the notices from it, then\n"
    "delete it.\n"
    "\n"
    "  --out FILE  write the credentials to FILE instead of stdout\n"};

constexpr CommandText kImportExpenses{
    "load 医療費 claims for the portal (and queue the update notices)",
    "usage: kosmoctl [--config FILE] import-expenses FILE.csv\n"
    "\n"
    "Reads FILE.csv (UTF-8, header\n"
    "insurer_number,symbol,number,claim_id,patient_name,service_month,provider,kind,\n"
    "days,total_cost,self_pay): claim_id 1-32 ASCII letters, digits and '-', unique\n"
    "per insurer; service_month YYYYMM; kind inpatient, outpatient, dental or\n"
    "pharmacy; days 0-31; total_cost and self_pay whole yen, self_pay <= total_cost;\n"
    "the member (insurer_number, symbol, number) must exist.\n"
    "\n"
    "The file is streamed in one transaction: a bad row is reported with its line\n"
    "number and field, and nothing of the file is written. A claim_id imported\n"
    "again replaces that claim. Each registered member whose household gained or\n"
    "changed a claim gets one notice 医療費情報更新のお知らせ (unless they turned\n"
    "notices off), queued in the same transaction and delivered by send-mail;\n"
    "importing the same file again changes nothing and queues nothing. Progress\n"
    "on a terminal; at the end one line: rows read, added, changed, unchanged,\n"
    "notices queued.\n"};

constexpr CommandText kImportEligibility{
    "load 資格 (eligibility) records (and queue the update notices)",
    "usage: kosmoctl [--config FILE] import-eligibility FILE.csv\n"
    "\n"
    "Reads FILE.csv (UTF-8, header\n"
    "insurer_number,symbol,number,branch,name,relationship,birth_date,acquired_on,lost_on):\n"
    "branch two digits, 00 the insured person (relationship self), 01-99 the\n"
    "dependents; relationship self, spouse, child, parent or other; dates YYYYMMDD;\n"
    "lost_on empty while insured; the member (insurer_number, symbol, number) must\n"
    "exist. The same (insurer, symbol, number, branch) imported again updates it.\n"
    "\n"
    "All or nothing, notices (資格情報更新のお知らせ), progress and summary as for\n"
    "import-expenses.\n"};

constexpr CommandText kPurgeExpenses{
    "delete the 医療費 claims older than a month",
    "usage: kosmoctl [--config FILE] purge-expenses --before YYYYMM\n"
    "\n"
    "Deletes every claim whose service month is before YYYYMM (societies keep a\n"
    "limited number of years), in transactions of 10,000 claims. Audited as\n"
    "'purge_expenses'.\n"
    "\n"
    "  --before YYYYMM  the first service month that is kept\n"};

constexpr CommandText kUnlock{
    "lift a member's login and identity-check locks",
    "usage: kosmoctl [--config FILE] unlock (--temp-user-id ID | --user-id ID |\n"
    "                                        --member INSURER:SYMBOL:NUMBER)\n"
    "\n"
    "Clears the failure counts and locks of the member's temporary credentials,\n"
    "permanent account and identity check (step 2).\n"
    "\n"
    "  --temp-user-id ID   the member holding this temporary user ID (XXXX-XXXX)\n"
    "  --user-id ID        the member holding this permanent user ID\n"
    "  --member I,S,N      the member with insurer number I, symbol S and number N\n"};

constexpr CommandText kSendMail{
    "deliver the queued mail now",
    "usage: kosmoctl [--config FILE] send-mail [--senders N]\n"
    "\n"
    "Hands every mail due in the outbox to sendmail (the web processes do this\n"
    "right after each change; this catches up on mail that could not be sent\n"
    "then, and delivers the notices of the imports). Run it from cron or a\n"
    "systemd timer; runs on several hosts at once never send a mail twice.\n"
    "\n"
    "  --senders N   mails handed over at once, each by its own sendmail and\n"
    "                database connection (1 to 32; default: [mail] senders, 4)\n"
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
    "or the database could not be used.\n"};

constexpr CommandText kCheckConfig{
    "check the configuration and the database connection",
    "usage: kosmoctl [--config FILE] check-config\n"
    "\n"
    "Loads the configuration, connects to the database and checks the schema,\n"
    "the template directory and the sendmail program. Prints \"ok\", or each\n"
    "problem found (exit 1).\n"};

constexpr CommandText kPurgeSessions{
    "delete expired sessions",
    "usage: kosmoctl [--config FILE] purge-sessions\n"
    "\n"
    "Deletes the sessions past their idle or absolute time limit. Run it from\n"
    "cron or a systemd timer.\n"};

constexpr CommandText kReissue{
    "issue new temporary credentials to a member not registered yet",
    "usage: kosmoctl [--config FILE] reissue (--member INSURER:SYMBOL:NUMBER |\n"
    "                                         --temp-user-id ID) [--out FILE]\n"
    "\n"
    "Replaces the temporary user ID and password of a member who has not\n"
    "registered (a lost notice): the old ones stop working at once, failure\n"
    "counts and the login lock are cleared, and the member's open sessions end.\n"
    "Refused for a member who has registered. Audited as 'reissue'.\n"
    "\n"
    "The new credentials are written as import-members writes them (CSV\n"
    "insurer_number,symbol,number,name,temp_user_id,temp_password) to FILE\n"
    "(mode 0600, must not exist yet) or, without --out, to stdout.\n"
    "\n"
    "  --member I,S,N     the member with insurer number I, symbol S and number N\n"
    "  --temp-user-id ID  the member holding this temporary user ID (XXXX-XXXX)\n"
    "  --out FILE         write the credentials to FILE instead of stdout\n"};

constexpr CommandText kUnregistered{
    "list the members who have not registered yet (CSV)",
    "usage: kosmoctl [--config FILE] unregistered [--since DATE] [--before DATE]\n"
    "\n"
    "Prints, as CSV on stdout, every member who has temporary credentials and\n"
    "has not registered yet, with the date the credentials were issued:\n"
    "insurer_number,symbol,number,name,category,temp_user_id,issued_at\n"
    "For reminders: e.g. --before 2024-04-01 lists those waiting since before April.\n"
    "\n"
    "  --since DATE   only credentials issued at or after DATE\n"
    "  --before DATE  only credentials issued before DATE\n"
    "DATE is YYYY-MM-DD or \"YYYY-MM-DD HH:MM\", in the database server's clock.\n"};

constexpr CommandText kAudit{
    "show audit events (logins, lockouts, registrations, chores)",
    "usage: kosmoctl [--config FILE] audit [--member INSURER:SYMBOL:NUMBER | --login-id ID]\n"
    "                                      [--since DATE] [--event NAME] [--limit N]\n"
    "\n"
    "Prints the newest N audit events (default 100) that match, oldest first,\n"
    "one a line: time (the database server's clock), event, then\n"
    "member=INSURER,SYMBOL,NUMBER login=ID addr=ADDRESS when known, then the detail,\n"
    "then count=N until=TIME for failed logins repeated within one minute from one\n"
    "address (one row counts them). A typed ID that is not an ID shows as\n"
    "(not an ID, N chars); control and bidi characters are shown escaped.\n"
    "Events: login_ok, login_failed, login_locked, verify_ok (the member's\n"
    "consent to the terms, the latest), verify_failed, verify_locked,\n"
    "registered, mail_sent, mail_failed, import, unlock, reissue.\n"
    "\n"
    "  --member I,S,N  events of this member\n"
    "  --login-id ID   events naming this temporary or permanent user ID (any case),\n"
    "                  and every event of the member who holds it\n"
    "  --since DATE    events at or after DATE (YYYY-MM-DD or \"YYYY-MM-DD HH:MM\")\n"
    "  --event NAME    only this event\n"
    "  --limit N       at most N events (1-100000, default 100)\n"};

constexpr CommandText kOutbox{
    "show the state of the mail queue",
    "usage: kosmoctl [--config FILE] outbox [--limit N]\n"
    "\n"
    "Prints how many mails wait in the outbox, how many of them failed at\n"
    "least once, how many were sent, the oldest waiting one, and the failing\n"
    "mails with their last error (at most N, default 10). `kosmoctl send-mail`\n"
    "delivers what is due.\n"
    "\n"
    "  --limit N  show at most N failing mails\n"};

constexpr CommandText kPublishTerms{
    "publish a new version of the terms of use",
    "usage: kosmoctl [--config FILE] publish-terms VERSION FILE.txt\n"
    "\n"
    "Publishes FILE.txt (UTF-8 text, paragraphs separated by blank lines) as the\n"
    "terms of use VERSION (1-32 of A-Z a-z 0-9 . _ -). The newest version is what\n"
    "step 2 and /terms show; a member whose last consent is older is asked to\n"
    "agree at the next login. A version is published once: publishing it again,\n"
    "an empty file or one that is not UTF-8 is refused and changes nothing.\n"};

constexpr CommandText kConsents{
    "list a member's consents to the terms of use",
    "usage: kosmoctl [--config FILE] consents --member INSURER:SYMBOL:NUMBER\n"
    "\n"
    "Prints every consent of the member, oldest first, as CSV:\n"
    "at,version,client_addr,source (source: verify = step 2, login = the\n"
    "required action at login). Consents are never overwritten.\n"
    "\n"
    "  --member I:S:N  the member (I,S,N is accepted too)\n"};

constexpr CommandText kExpirePassword{
    "make a member change the password at the next login",
    "usage: kosmoctl [--config FILE] expire-password USER_ID\n"
    "\n"
    "Marks the password of the permanent USER_ID expired: the next login shows\n"
    "the page to set a new one, and nothing else opens until that is done.\n"
    "The member's sessions end now.\n"};

constexpr CommandText kNotifyExpiring{
    "mail the reminders of passwords about to expire",
    "usage: kosmoctl [--config FILE] notify-expiring [--days N]\n"
    "\n"
    "Queues パスワード有効期限のお知らせ for every password that expires within N\n"
    "days (default 14), once per password: running it again queues nothing new.\n"
    "`kosmoctl send-mail` (its timer) delivers them. Run daily (kosmo-notify.timer).\n"
    "\n"
    "  --days N  remind N days before expiry (1-365)\n"};

Command command(const char* name, const CommandText& text, decltype(Command::run) run) {
    return {name, text.summary, text.help, run};
}

}  // namespace

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        command("migrate", kMigrate, run_migrate),
        command("import-members", kImportMembers, run_import_members),
        command("import-expenses", kImportExpenses, run_import_expenses),
        command("import-eligibility", kImportEligibility, run_import_eligibility),
        command("purge-expenses", kPurgeExpenses, run_purge_expenses),
        command("unlock", kUnlock, run_unlock),
        command("send-mail", kSendMail, run_send_mail),
        command("check-config", kCheckConfig, run_check_config),
        command("purge-sessions", kPurgeSessions, run_purge_sessions),
        command("reissue", kReissue, run_reissue),
        command("unregistered", kUnregistered, run_unregistered),
        command("audit", kAudit, run_audit),
        command("outbox", kOutbox, run_outbox),
        command("publish-terms", kPublishTerms, run_publish_terms),
        command("consents", kConsents, run_consents),
        command("expire-password", kExpirePassword, run_expire_password),
        command("notify-expiring", kNotifyExpiring, run_notify_expiring),
    };
    return table;
}

Args parse_args(const std::vector<std::string>& args, std::initializer_list<OptionSpec> spec) {
    // --config is main's (see main.cc): accepted here, and left out of the result.
    std::vector<OptionDef> table = {{"--config", "FILE", nullptr}};
    for (const OptionSpec& s : spec)
        table.push_back({s.name, s.takes_value ? "VALUE" : nullptr, nullptr});
    ParsedOptions parsed = parse_options(args, table);
    if (!parsed.error.empty())
        throw UsageError(parsed.error);
    parsed.values.erase("--config");
    Args out;
    out.positional = std::move(parsed.positional);
    out.options = std::move(parsed.values);
    out.help = parsed.help;
    return out;
}

bool print_help_if_asked(const Args& args, const char* command_name) {
    if (!args.help)
        return false;
    for (const auto& c : commands())
        if (std::strcmp(c.name, command_name) == 0)
            std::cout << c.help;
    return true;
}

MemberKey parse_member_key(const std::string& option, const std::string& value) {
    // SPEC writes INSURER:SYMBOL:NUMBER; the comma form came first and stays
    // accepted. One value uses one separator: "a:b,c" is two parts, an error.
    const char sep = value.find(':') != std::string::npos ? ':' : ',';
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        const auto end = value.find(sep, start);
        parts.push_back(normalize_input(value.substr(start, end - start)));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty())
        throw UsageError(option + " takes INSURER:SYMBOL:NUMBER, got '" + value + "'");
    return {parts[0], parts[1], parts[2]};
}

std::string household_key(std::string_view insurer, std::string_view symbol,
                          std::string_view number) {
    std::string key(insurer);
    key += '\x1f';
    key += symbol;
    key += '\x1f';
    key += number;
    return key;
}

unsigned parse_count_option(const std::string& option, const std::string& value, unsigned min,
                            unsigned max) {
    const bool digits =
        !value.empty() && value.size() <= std::to_string(max).size() && all_digits(value);
    const unsigned long n = digits ? std::stoul(value) : 0;
    if (!digits || n < min || n > max)
        throw UsageError(option + " takes a number from " + std::to_string(min) + " to " +
                         std::to_string(max));
    return static_cast<unsigned>(n);
}

std::string parse_time_option(const std::string& option, const std::string& value) {
    // YYYY-MM-DD, then optionally " HH:MM" and ":SS"; checked against the calendar.
    auto digits = [&](std::size_t pos, std::size_t n) {
        if (pos + n > value.size())
            return -1;
        int v = 0;
        for (std::size_t i = pos; i < pos + n; ++i) {
            if (value[i] < '0' || value[i] > '9')
                return -1;
            v = v * 10 + (value[i] - '0');
        }
        return v;
    };
    const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
    int hour = 0, minute = 0, second = 0;
    bool ok = value.size() >= 10 && value[4] == '-' && value[7] == '-' && year >= 1000;
    ok = ok && is_calendar_date(year, month, day);
    if (ok && value.size() > 10) {
        hour = digits(11, 2);
        minute = digits(14, 2);
        ok = (value[10] == ' ' || value[10] == 'T') && value.size() >= 16 && value[13] == ':' &&
             hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59;
        if (ok && value.size() > 16) {
            second = digits(17, 2);
            ok = value.size() == 19 && value[16] == ':' && second >= 0 && second <= 59;
        } else if (ok) {
            ok = value.size() == 16;
        }
    }
    if (!ok)
        throw UsageError(option + " takes YYYY-MM-DD or \"YYYY-MM-DD HH:MM\", got '" + value + "'");
    char out[64];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute,
                  second);
    return out;
}

Config load(const Globals& globals) {
    return load_config(globals.config_path);
}

std::string program_dir() {
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return {};
    std::string path(buf, static_cast<std::size_t>(n));
    auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string read_file(const std::string& path) {
    if (path == "-") {
        std::ostringstream all;
        all << std::cin.rdbuf();
        if (std::cin.bad())
            throw Error("cannot read stdin");
        return all.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot open '" + path + "': " + std::strerror(errno));
    std::ostringstream all;
    all << in.rdbuf();
    if (in.bad())
        throw Error("cannot read '" + path + "': " + std::strerror(errno));
    return all.str();
}

std::string operator_name() {
    // Under sudo the person is SUDO_USER, not root.
    if (const char* sudo = std::getenv("SUDO_USER"); sudo && *sudo)
        return sudo;
    if (struct passwd* pw = getpwuid(getuid()))
        return pw->pw_name;
    return "uid " + std::to_string(getuid());
}

// ---- Progress -------------------------------------------------------------------

Progress::Progress(std::string label, std::uint64_t total)
    : label_(std::move(label)), total_(total), tty_(isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() {
    // An interrupted bar (an exception) still ends its line.
    if (tty_ && !finished_ && last_percent_ >= 0)
        std::cerr << '\n' << std::flush;
}

void Progress::update(std::uint64_t done) {
    if (finished_)
        return;
    if (done > total_)
        done = total_;
    int percent = total_ ? static_cast<int>(done * 100 / total_) : 100;
    if (tty_) {
        auto now = std::chrono::steady_clock::now();
        // Redraw when the number moved, at most ten times a second.
        if (percent != last_percent_ && now - last_draw_ >= std::chrono::milliseconds(100)) {
            last_draw_ = now;
            last_percent_ = percent;
            draw(done);
        }
        return;
    }
    int decile = percent / 10;
    if (decile > last_decile_ && decile > 0) {
        last_decile_ = decile;
        std::cerr << label_ << ": " << decile * 10 << "% (" << done << "/" << total_ << ")\n"
                  << std::flush;
    }
}

void Progress::draw(std::uint64_t done) {
    const int width = 30;
    int filled = total_ ? static_cast<int>(done * width / total_) : width;
    int percent = total_ ? static_cast<int>(done * 100 / total_) : 100;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '.');
    std::cerr << '\r' << label_ << " [" << bar << "] " << percent << "% (" << done << "/" << total_
              << ")" << std::flush;
}

void Progress::finish() {
    if (finished_)
        return;
    if (tty_) {
        draw(total_);
        std::cerr << '\n' << std::flush;
    } else if (last_decile_ < 10) {
        std::cerr << label_ << ": 100% (" << total_ << "/" << total_ << ")\n" << std::flush;
    }
    finished_ = true;
}

}  // namespace kosmo::ctl
