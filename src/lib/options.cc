// options.cc: the one command-line parser of every program, on getopt_long(3)
#include "options.h"

#include <getopt.h>

#include <algorithm>
#include <cstring>

namespace kosmo {

namespace {

const OptionDef kHelp{"--help", nullptr, "this text"};

// getopt_long's val of the I-th long option: above every short option
// character, so one number tells the option in every return and in optopt.
constexpr int kFirstLong = 256;

// ARGS as getopt wants them: a program-name slot, writable NUL-terminated
// copies (getopt's prototype allows it to permute them) and a closing nullptr.
class Argv {
public:
    explicit Argv(const std::vector<std::string>& args) : strings_(args) {
        strings_.insert(strings_.begin(), "kosmo");
        for (std::string& s : strings_)
            pointers_.push_back(s.data());
        pointers_.push_back(nullptr);
    }
    Argv(const Argv&) = delete;  // pointers_ point into this strings_
    Argv& operator=(const Argv&) = delete;
    int argc() const { return static_cast<int>(strings_.size()); }
    char** argv() { return pointers_.data(); }
    const char* operator[](int i) const { return pointers_[i]; }

private:
    std::vector<std::string> strings_;
    std::vector<char*> pointers_;
};

// One parse: the table with --help last, its getopt_long form, the result.
class Parser {
public:
    Parser(const std::vector<std::string>& args, const std::vector<OptionDef>& table,
           ParseMode mode);
    ParsedOptions run();

private:
    bool step(int c, int at);
    bool take(int index, int at);
    bool option_error(int index, int at, const char* what);
    bool unknown(const std::string& name);
    std::string typed_name(int at) const;

    Argv argv_;
    std::vector<OptionDef> defs_;
    std::vector<option> longopts_;
    ParseMode mode_;
    ParsedOptions out_;
};

Parser::Parser(const std::vector<std::string>& args, const std::vector<OptionDef>& table,
               ParseMode mode)
    : argv_(args), defs_(table), mode_(mode) {
    defs_.push_back(kHelp);
    for (std::size_t i = 0; i < defs_.size(); ++i)
        longopts_.push_back({defs_[i].name + 2, defs_[i].value ? required_argument : no_argument,
                             nullptr, kFirstLong + static_cast<int>(i)});
    longopts_.push_back({nullptr, 0, nullptr, 0});
}

ParsedOptions Parser::run() {
    // '+' stops at the first positional; '-' hands each positional back in
    // its place (order kept, argv never permuted). Either also overrides
    // $POSIXLY_CORRECT. ':' reports a missing value apart from the rest.
    const char* optstring = mode_.stop_at_positional ? "+:h" : "-:h";
    optind = 0;  // glibc: a full re-initialisation, not just a rewind
    opterr = 0;  // we word the errors ourselves
    for (;;) {
        // Nothing is permuted and a long option is always a whole element
        // (short clusters hold only -h), so argv[optind] before the call is
        // where a long option returned by it was typed.
        const int at = std::max(optind, 1);
        const int c = getopt_long(argv_.argc(), argv_.argv(), optstring, longopts_.data(), nullptr);
        if (c == -1)
            break;
        if (!step(c, at))
            return out_;
    }
    // What follows "--", or the first positional with '+'.
    for (int i = optind; i < argv_.argc(); ++i)
        out_.positional.emplace_back(argv_[i]);
    return out_;
}

// Handles one return C of getopt_long for the element ARGV[AT]; false when
// it is a usage error (stored in out_.error), which ends the parse.
bool Parser::step(int c, int at) {
    if (c == 1) {
        out_.positional.emplace_back(optarg);
        return true;
    }
    if (c == 'h') {
        out_.help = true;
        return true;
    }
    if (c >= kFirstLong)
        return take(c - kFirstLong, at);
    // ':' and '?' name a known long option in optopt: it lacks its value
    // (':'), or it is a flag given "=VALUE" ('?').
    if (optopt >= kFirstLong)
        return option_error(optopt - kFirstLong, at, c == ':' ? "needs a value" : "takes no value");
    if (optopt != 0)  // '?' for a short option
        return unknown(std::string("-") + static_cast<char>(optopt));
    return unknown(typed_name(at));  // '?' for a long one, or an ambiguous prefix
}

// Stores the option INDEX matched at ARGV[AT].
bool Parser::take(int index, int at) {
    const std::string name = defs_[index].name;
    if (typed_name(at) != name) {
        optind = at + 1;  // a separate value is not the abbreviation's
        return unknown(typed_name(at));
    }
    if (index + 1 == static_cast<int>(defs_.size())) {
        out_.help = true;
        return true;
    }
    if (!out_.values.emplace(name, optarg ? optarg : "").second) {
        out_.error = "option '" + name + "' given twice";
        return false;
    }
    return true;
}

// The error WHAT of the option INDEX typed at ARGV[AT]; an abbreviation of
// it is an unknown option.
bool Parser::option_error(int index, int at, const char* what) {
    const std::string name = defs_[index].name;
    if (typed_name(at) != name)
        return unknown(typed_name(at));
    out_.error = "option '" + name + "' " + what;
    return false;
}

bool Parser::unknown(const std::string& name) {
    if (mode_.skip_unknown)
        return true;
    out_.error = "unknown option '" + name + "' (try --help)";
    return false;
}

// The option name written at ARGV[AT], without any "=VALUE".
std::string Parser::typed_name(int at) const {
    const char* arg = argv_[at];
    return std::string(arg, std::strcspn(arg, "="));
}

std::string option_label(const OptionDef& d) {
    std::string label = d.name;
    if (d.value)
        label += std::string(" ") + d.value;
    return label;
}

}  // namespace

std::string ParsedOptions::get(const std::string& name) const {
    const auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
}

ParsedOptions parse_options(const std::vector<std::string>& args,
                            const std::vector<OptionDef>& table, ParseMode mode) {
    return Parser(args, table, mode).run();
}

std::vector<std::string> arguments(int argc, char** argv) {
    return argc > 1 ? std::vector<std::string>(argv + 1, argv + argc) : std::vector<std::string>();
}

std::string option_help(const std::vector<OptionDef>& table, HelpLayout layout) {
    std::vector<const OptionDef*> listed;
    for (const OptionDef& d : table)
        if (d.help)
            listed.push_back(&d);
    if (layout.list_help)
        listed.push_back(&kHelp);
    std::size_t width = 0;
    for (const OptionDef* d : listed)
        width = std::max(width, option_label(*d).size());
    const std::string gap(layout.gap, ' ');
    const std::string indent(2 + width + layout.gap, ' ');
    std::string out;
    for (const OptionDef* d : listed) {
        std::string label = option_label(*d);
        label.resize(width, ' ');
        out += "  " + label + gap;
        for (const char* p = d->help; *p; ++p) {
            out += *p;
            if (*p == '\n')
                out += indent;
        }
        out += '\n';
    }
    return out;
}

}  // namespace kosmo
