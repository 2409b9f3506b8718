// ctl.cc: the kosmoctl command table and the opening every subcommand
// shares (its --help, its options and arguments), argument parsing,
// configuration and progress output shared by the subcommands
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
#include "log.h"
#include "options.h"
#include "q/societies.h"
#include "text.h"
#include "validate.h"

namespace kosmo::ctl {

namespace {

// The usage error when POSITIONAL does not fit EXPECTED.
void check_arguments(const Arguments& expected, const std::vector<std::string>& positional) {
    if (positional.size() < expected.min)
        throw UsageError(expected.missing);
    if (positional.size() > expected.max)
        throw UsageError(expected.too_many
                             ? expected.too_many
                             : "unexpected argument '" + positional[expected.max] + "'");
}

}  // namespace

const std::vector<const Command*>& commands() {
    static const std::vector<const Command*> table = {
        &kMigrate,        &kSocietyAdd,     &kSocietySet,     &kSocietyList,
        &kSocietyShow,    &kImportMembers,  &kImportExpenses, &kImportEligibility,
        &kImportBenefits, &kPurgeExpenses,  &kPurgeBenefits,  &kUnlock,
        &kSendMail,       &kCheckConfig,    &kPurgeSessions,  &kReissue,
        &kUnregistered,   &kAudit,          &kOutbox,         &kPublishTerms,
        &kConsents,       &kExpirePassword, &kNotifyExpiring, &kPurgeRecords,
        &kMfaReset,
    };
    return table;
}

std::string help_text(const Command& command) {
    std::string out = "usage: kosmoctl [--config FILE] ";
    out += command.name;
    if (*command.synopsis)
        out += std::string(" ") + command.synopsis;
    out += "\n\n";
    out += command.description;
    const std::string options = option_help(command.options, {false, command.option_gap});
    if (!options.empty())
        out += "\n" + options;
    return out + command.epilogue;
}

int dispatch(const Command& command, const Globals& globals, const std::vector<std::string>& args) {
    // --config is main's (see main.cc): accepted here, and left out of what
    // the command sees.
    std::vector<OptionDef> table = {{"--config", "FILE", nullptr}};
    table.insert(table.end(), command.options.begin(), command.options.end());
    ParsedOptions parsed = parse_options(args, table);
    if (!parsed.error.empty())
        throw UsageError(parsed.error);
    if (parsed.help) {
        std::cout << help_text(command);
        return kExitOk;
    }
    check_arguments(command.arguments, parsed.positional);
    parsed.values.erase("--config");
    return command.run(globals, Args{std::move(parsed.positional), std::move(parsed.values)});
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

std::string parse_insurer_number(const std::string& what, const std::string& value) {
    const std::string number = normalize_input(value);
    switch (validate_insurer_number(number)) {
    case Reason::Ok:
        return number;
    case Reason::InsurerNumberCheckDigit:
        throw UsageError(what + " '" + printable_text(number) + "' has a wrong check digit");
    default:
        throw UsageError(what + " '" + printable_text(number) +
                         "' is not an insurer number (8 digits)");
    }
}

std::string society_option(Db& db, const Args& args) {
    const std::string number = parse_insurer_number("--society", args.get("--society"));
    if (!q::society_get(db, number))
        throw Error("--society " + number + " is not a society (kosmoctl society list)");
    return number;
}

ImportSocieties import_societies(Db& db, const Args& args) {
    ImportSocieties out;
    if (args.has("--society"))
        out.only = society_option(db, args);
    for (auto& number : q::society_numbers(db))
        out.numbers.insert(std::move(number));
    return out;
}

const OptionDef kImportSocietyOption{"--society", "INSURER_NUMBER",
                                     "the file is that society's: a row of another society is a\n"
                                     "bad row"};

const OptionDef kReportSocietyOption{"--society", "INSURER_NUMBER",
                                     "cover only this society: its members, their events\n"
                                     "and mails (kosmoctl society list)"};

std::string society_label(const std::string& number, const std::string& name) {
    if (number.empty())
        return "none";
    return name.empty() ? number : number + " " + printable_text(name);
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
