// society.cc: kosmoctl society add, set, list and show: the societies the
// site serves are data, added and changed here (SPEC "Many societies on
// one site")
#include <iostream>

#include "ctl.h"
#include "db.h"
#include "error.h"
#include "log.h"
#include "q/societies.h"
#include "society.h"
#include "text.h"
#include "validate.h"

namespace kosmo::ctl {

namespace {

// The insurer number argument, normalized; a wrong one is a usage error.
std::string insurer_argument(const Args& args) {
    return parse_insurer_number("insurer number", args.positional[0]);
}

// S with the settings ARGS gives (the options add and set share).
void apply_options(const Args& args, Society& s) {
    if (args.has("--name")) {
        const std::string name(trim(args.get("--name"), Spaces::Ascii));
        const long length = clean_length(name);  // -1: not UTF-8, or a control character
        if (length < 1 || length > 100)
            throw UsageError("--name takes the society's name, 1-100 characters on one line");
        s.name = name;
    }
    if (args.has("--company-domains")) {
        std::string bad;
        auto domains = parse_domains(args.get("--company-domains"), &bad);
        if (!domains)
            throw UsageError("--company-domains: '" + printable_text(bad) + "' is not a domain");
        s.company_domains = *domains;
    }
    if (args.has("--features")) {
        auto features = parse_features(args.get("--features"));
        if (!features)
            throw UsageError("--features takes a list of expenses, eligibility and benefits");
        s.features = *features;
    }
    if (args.has("--mfa")) {
        const std::string value = args.get("--mfa");
        if (value == "site")
            s.mfa.reset();
        else if (auto mfa = parse_mfa(value))
            s.mfa = mfa;
        else
            throw UsageError("--mfa takes off, optional, required or site");
    }
    if (args.has("--keep-months"))
        s.keep_months =
            parse_count_option("--keep-months", args.get("--keep-months"), 0, kMaxKeepMonths);
}

// The lines of `society show`, and of each society in `society list`.
void print_society(const q::SocietyCounts& c) {
    const Society& s = c.society;
    std::cout << s.insurer_number << "  " << s.name << "\n"
              << "  company domains: "
              << (s.company_domains.empty() ? "(any address)" : domains_text(s.company_domains))
              << "\n"
              << "  features:        "
              << (features_text(s.features).empty() ? "(none)" : features_text(s.features)) << "\n"
              << "  mfa:             " << (s.mfa ? mfa_text(*s.mfa) : "site (the site's policy)")
              << "\n"
              << "  keep months:     "
              << (s.keep_months ? std::to_string(s.keep_months) : std::string("0 (all)")) << "\n"
              << "  members:         " << c.members << " (" << c.accounts << " registered)\n"
              << "  added:           " << c.created_at << "\n";
}

// What add and set audit: the name and settings as show prints them, on
// one line (the name's spaces escaped, so that each field stays one word).
std::string settings_detail(const Society& s) {
    return "insurer=" + s.insurer_number + " name=" + printable_text(s.name, true) +
           " domains=" + domains_text(s.company_domains) +
           " features=" + features_text(s.features) +
           " mfa=" + (s.mfa ? mfa_text(*s.mfa) : "site") +
           " keep_months=" + std::to_string(s.keep_months) + " operator=" + operator_name();
}

int run_society_add(const Globals& globals, const Args& args) {
    Society s;
    s.insurer_number = insurer_argument(args);
    args.required("--name", "name the society with --name NAME");
    apply_options(args, s);

    Config config = load(globals);
    Db db(config.db);
    const bool added = in_transaction(db, [&](Db& db) {
        if (!q::society_insert(db, s))
            return false;
        audit(db, "society_added", std::nullopt, "", "", settings_detail(s));
        return true;
    });
    if (!added) {
        std::cerr << "kosmoctl society add: " << s.insurer_number
                  << " is a society already; change it with 'kosmoctl society set'\n";
        return kExitFailure;
    }
    std::cout << "added society " << s.insurer_number << " (" << s.name << ")\n";
    return kExitOk;
}

int run_society_set(const Globals& globals, const Args& args) {
    const std::string number = insurer_argument(args);
    if (args.options.empty())
        throw UsageError("nothing to change: give at least one option");

    Config config = load(globals);
    Db db(config.db);
    const auto changed = in_transaction(db, [&](Db& db) -> std::optional<Society> {
        auto s = q::society_get(db, number);
        if (!s)
            return std::nullopt;
        apply_options(args, *s);
        if (!q::society_update(db, *s))
            return std::nullopt;
        audit(db, "society_changed", std::nullopt, "", "", settings_detail(*s));
        return s;
    });
    if (!changed) {
        std::cerr << "kosmoctl society set: " << number
                  << " is not a society; add it with 'kosmoctl society add'\n";
        return kExitFailure;
    }
    std::cout << "changed society " << number << " (" << changed->name << ")\n";
    return kExitOk;
}

int run_society_list(const Globals& globals, const Args&) {
    Config config = load(globals);
    Db db(config.db);
    const auto all = q::societies_counted(db);
    for (const auto& c : all)
        std::cout << c.society.insurer_number << "  " << c.society.name << "  members " << c.members
                  << ", registered " << c.accounts << "\n";
    std::cerr << all.size() << (all.size() == 1 ? " society\n" : " societies\n");
    return kExitOk;
}

int run_society_show(const Globals& globals, const Args& args) {
    const std::string number = insurer_argument(args);
    Config config = load(globals);
    Db db(config.db);
    const auto found = q::societies_counted(db, number);
    if (found.empty()) {
        std::cerr << "kosmoctl society show: " << number << " is not a society\n";
        return kExitFailure;
    }
    print_society(found.front());
    return kExitOk;
}

// The settings' options, shared by add and set.
const std::vector<OptionDef> kSettings = {
    {"--name", "NAME", "the society's name, as members read it (サンプル健康保険組合)"},
    {"--company-domains", "D1,D2", "the domains an employee's address must have (empty: any)"},
    {"--features", "LIST",
     "the portal pages offered: any of expenses, eligibility,\n"
     "benefits (default: all; empty: none)"},
    {"--mfa", "POLICY",
     "the second factor (二段階認証): off, optional, required,\n"
     "or site (the site's policy; the default)"},
    {"--keep-months", "N", "months of claims and benefit decisions kept (0 = all)"},
};

constexpr Arguments kOneSociety = exactly(1, "expected the society's INSURER_NUMBER");

}  // namespace

const Command kSocietyAdd{
    "society add",
    "add a society (健康保険組合) to the site",
    "INSURER_NUMBER --name NAME [--company-domains D1,D2]\n"
    "                                            [--features LIST] [--mfa POLICY]\n"
    "                                            [--keep-months N]",
    "Adds the society INSURER_NUMBER (8 digits, its check digit verified). Its\n"
    "members are then imported with import-members; step 2 matches the\n"
    "保険者番号 they type against it, and from step 2 on every page and mail names\n"
    "it. Refused when the number is a society already.\n",
    kSettings,
    kOneSociety,
    run_society_add,
};

const Command kSocietySet{
    "society set",
    "change a society's name or settings",
    "INSURER_NUMBER [--name NAME] [--company-domains D1,D2]\n"
    "                                            [--features LIST] [--mfa POLICY]\n"
    "                                            [--keep-months N]",
    "Changes what the options give and keeps the rest. A page taken out of\n"
    "--features leaves the menu of the society's members at once and its URL\n"
    "answers 404; the records stay in the database.\n",
    kSettings,
    kOneSociety,
    run_society_set,
};

const Command kSocietyList{
    "society list",
    "list the societies with their counts of members and registered accounts",
    "",
    "Prints one line per society: its insurer number, its name, how many members\n"
    "are imported and how many of them have registered.\n",
    {},
    kNoArguments,
    run_society_list,
};

const Command kSocietyShow{
    "society show",
    "show one society's settings and counts",
    "INSURER_NUMBER",
    "Prints the society's name, company domains, features, second-factor policy,\n"
    "retention and counts.\n",
    {},
    kOneSociety,
    run_society_show,
};

}  // namespace kosmo::ctl
