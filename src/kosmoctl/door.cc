// door.cc: kosmoctl publish-terms, consents, expire-password and
// notify-expiring: the operators' side of the door (issue 12)
#include <iostream>

#include "ctl.h"
#include "db.h"
#include "error.h"
#include "log.h"
#include "mail_template.h"
#include "delivery.h"
#include "q/accounts.h"
#include "q/members.h"
#include "q/sessions.h"
#include "q/terms.h"
#include "render.h"
#include "terms.h"
#include "validate.h"

namespace kosmo::ctl {

namespace {

const char* terms_problem_text(TermsProblem p) {
    switch (p) {
    case TermsProblem::None:
        return "";
    case TermsProblem::VersionInvalid:
        return "is not 1-32 of A-Z a-z 0-9 . _ - (starting with a letter or digit)";
    case TermsProblem::Empty:
        return "has no text";
    case TermsProblem::NotUtf8:
        return "is not UTF-8 text";
    case TermsProblem::TooLong:
        return "is larger than 1 MiB";
    }
    return "";
}

// CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace

int run_publish_terms(const Globals& globals, const std::vector<std::string>& argv) {
    Args args = parse_args(argv, {});
    if (print_help_if_asked(args, "publish-terms"))
        return kExitOk;
    if (args.positional.size() != 2)
        throw UsageError("expected VERSION and FILE.txt");
    const std::string& version = args.positional[0];
    if (auto p = check_terms_version(version); p != TermsProblem::None)
        throw UsageError("version '" + version + "' " + terms_problem_text(p));
    const std::string text = read_file(args.positional[1]);
    if (auto p = check_terms_text(text); p != TermsProblem::None) {
        std::cerr << "kosmoctl publish-terms: '" << args.positional[1] << "' "
                  << terms_problem_text(p) << "; nothing published\n";
        return kExitFailure;
    }
    // Stored without a byte order mark, paragraphs as they are.
    const std::string body = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? text.substr(3) : text;

    Config config = load(globals);
    Db db(config.db);
    const bool published = in_transaction(db, [&](Db& db) {
        if (!q::terms_publish(db, version, body))
            return false;
        audit(db, "terms_published", std::nullopt, "", "",
              "version " + version + " operator=" + operator_name());
        return true;
    });
    if (!published) {
        std::cerr << "kosmoctl publish-terms: version '" << version
                  << "' is published already; nothing changed\n";
        return kExitFailure;
    }
    std::cout << "published terms version " << version << " (" << terms_paragraphs(body).size()
              << " paragraphs)\n";
    return kExitOk;
}

int run_consents(const Globals& globals, const std::vector<std::string>& argv) {
    Args args = parse_args(argv, {{"--member", true}});
    if (print_help_if_asked(args, "consents"))
        return kExitOk;
    if (!args.positional.empty())
        throw UsageError("unexpected argument '" + args.positional[0] + "'");
    if (!args.has("--member"))
        throw UsageError("name the member with --member INSURER:SYMBOL:NUMBER");
    std::string value = args.get("--member");
    if (value.find(',') == std::string::npos)
        for (char& c : value)
            if (c == ':')
                c = ',';
    const MemberKey key = parse_member_key("--member", value);

    Config config = load(globals);
    Db db(config.db);
    auto member_id = q::member_id_by_key(db, key.insurer_number, key.symbol, key.number);
    if (!member_id) {
        std::cerr << "kosmoctl consents: no member '" << key.text() << "'\n";
        return kExitFailure;
    }
    std::cout << "at,version,client_addr,source\n";
    for (const auto& c : q::consents_of_member(db, *member_id))
        std::cout << csv_field(c.at) << ',' << csv_field(c.version) << ','
                  << csv_field(c.client_addr) << ',' << csv_field(c.source) << '\n';
    return kExitOk;
}

int run_expire_password(const Globals& globals, const std::vector<std::string>& argv) {
    Args args = parse_args(argv, {});
    if (print_help_if_asked(args, "expire-password"))
        return kExitOk;
    if (args.positional.size() != 1)
        throw UsageError("expected one USER_ID");
    const std::string user_id = normalize_input(args.positional[0]);

    Config config = load(globals);
    Db db(config.db);
    auto member_id = in_transaction(db, [&](Db& db) -> std::optional<std::int64_t> {
        auto id = q::account_mark_expired(db, user_id);
        if (!id)
            return std::nullopt;
        // A session logged in before the mark would otherwise keep going.
        q::session_delete_member_all_but(db, *id, "");
        audit(db, "password_expired_marked", *id, user_id, "", "operator=" + operator_name());
        return id;
    });
    if (!member_id) {
        std::cerr << "kosmoctl expire-password: no user ID '" << user_id << "'\n";
        return kExitFailure;
    }
    std::cout << "the password of " << user_id
              << " is expired: it must be changed at the next login\n";
    return kExitOk;
}

int run_notify_expiring(const Globals& globals, const std::vector<std::string>& argv) {
    Args args = parse_args(argv, {{"--days", true}});
    if (print_help_if_asked(args, "notify-expiring"))
        return kExitOk;
    if (!args.positional.empty())
        throw UsageError("unexpected argument '" + args.positional[0] + "'");
    const unsigned days =
        args.has("--days") ? parse_count_option("--days", args.get("--days"), 1, 365) : 14;
    Config config = load(globals);
    Renderer renderer(config.template_dir);
    Db db(config.db);
    unsigned queued = 0, known = 0;
    for (const auto& e : q::accounts_expiring(db, config.password_max_days, days)) {
        ctemplate::TemplateDictionary dict("mail");
        dict.SetValue("NAME", e.account.name);
        dict.SetValue("USER_ID", e.account.user_id);
        dict.SetValue("EXPIRES_ON", e.account.expires_on);
        const std::string message =
            templated_mail(renderer, config, "mail/password-expiring.tpl", e.account.email, dict);
        // The key names the password (account and the time it was set), so
        // a second run, or a second day, queues nothing new for it.
        const bool added = in_transaction(db, [&](Db& db) {
            if (!queue_mail(db, "password-expiring", "password-expiring:" + e.dedupe_tag,
                            e.account.email, message))
                return false;
            audit(db, "expiry_notice_queued", e.account.member_id, e.account.user_id, "",
                  "expires " + e.account.expires_on);
            return true;
        });
        ++(added ? queued : known);
    }
    std::cout << "queued " << queued << " expiry reminder" << (queued == 1 ? "" : "s") << " ("
              << known << " already queued before)\n";
    return kExitOk;
}

}  // namespace kosmo::ctl
