// reissue.cc: kosmoctl reissue: new temporary credentials for a member who
// has not registered, replacing the old ones
#include <iostream>
#include <memory>
#include <optional>

#include "credentials.h"
#include "csv.h"
#include "ctl.h"
#include "db.h"
#include "error.h"
#include "log.h"
#include "password.h"
#include "q/accounts.h"
#include "q/members.h"
#include "q/sessions.h"
#include "q/temp_credentials.h"
#include "validate.h"

namespace kosmo::ctl {

namespace {

// The command line of reissue: the member by key or by temporary user ID.
struct ReissueArgs {
    std::optional<MemberKey> key;
    std::string temp_user_id;  // normalized; used when there is no key
    std::string out;           // --out FILE, or "" for stdout
};

// Throws UsageError.
ReissueArgs parse_reissue_args(const Args& args) {
    ReissueArgs r;
    if (args.has("--member") == args.has("--temp-user-id"))
        throw UsageError("name the member with exactly one of --member, --temp-user-id");
    if (args.has("--temp-user-id") && args.get("--temp-user-id").empty())
        throw UsageError("option '--temp-user-id' needs a value");
    if (args.has("--out") && args.get("--out").empty())
        throw UsageError("--out needs a file name");
    if (args.has("--member"))
        r.key = parse_member_key("--member", args.get("--member"));
    r.temp_user_id = normalize_input(args.get("--temp-user-id"));
    r.out = args.get("--out");
    return r;
}

// The member ARGS names, or nullopt (after saying so on stderr).
std::optional<q::Member> find_member(Db& db, const ReissueArgs& args) {
    std::optional<std::int64_t> member_id;
    std::string what;
    if (args.key) {
        what = "member '" + args.key->text() + "'";
        member_id =
            q::member_id_by_key(db, args.key->insurer_number, args.key->symbol, args.key->number);
    } else {
        what = "temporary user ID '" + args.temp_user_id + "'";
        if (auto t = q::temp_login_by_id(db, args.temp_user_id))
            member_id = t->member_id;
    }
    if (!member_id) {
        std::cerr << "kosmoctl reissue: no " << what << "\n";
        return std::nullopt;
    }
    auto member = q::member_by_id(db, *member_id);
    if (!member)
        throw DbError("member " + std::to_string(*member_id) + " vanished");
    return member;
}

std::string describe(const q::Member& m) {
    return "member " + m.insurer_number + "," + m.symbol + "," + m.number + " (" + m.name + ")";
}

// A member of another society than --society's: refused before anything
// is drawn or written.
int refuse_society(const std::string& member, const std::string& society) {
    std::cerr << "kosmoctl reissue: " << member << " is not of society " << society
              << "; nothing reissued\n";
    return kExitFailure;
}

int refuse(const q::Member& m) {
    std::cerr << "kosmoctl reissue: " << describe(m)
              << " has registered already: temporary credentials are for the first login"
                 " only (a locked account: kosmoctl unlock)\n";
    return kExitFailure;
}

// What a reissue replaced and handed out.
struct Reissued {
    std::string temp_user_id, previous, csv;
};

// In the caller's transaction: replaces M's credentials by a new ID and
// HASH (of PASSWORD), ends M's sessions and writes the audit event; nullopt
// when M has registered meanwhile.
std::optional<Reissued> replace_credentials(Db& db, const q::Member& m, const std::string& password,
                                            const std::string& hash) {
    // The lock keeps a registration from retiring the old credentials
    // between this check and the replacement.
    auto state = q::temp_lock_for_member(db, m.id);
    if ((state && state->retired) || q::account_exists_for_member(db, m.id))
        return std::nullopt;
    Reissued r;
    r.previous = state ? state->temp_user_id : "";
    do {
        r.temp_user_id = draw_temp_user_id();
    } while (!q::temp_replace(db, m.id, r.temp_user_id, hash));
    // A session opened with the old credentials must not go on either.
    auto ended = q::session_delete_member_all_but(db, m.id, "");
    audit(db, "reissue", m.id, r.temp_user_id, "",
          "previous=" + (r.previous.empty() ? std::string("none") : r.previous) +
              " sessions_ended=" + std::to_string(ended) + " operator=" + operator_name());
    r.csv = kCredentialsHeader;
    r.csv += '\n';
    r.csv += csv_line({m.insurer_number, m.symbol, m.number, m.name, r.temp_user_id, password});
    return r;
}

int run_reissue(const Globals& globals, const Args& command_line) {
    const ReissueArgs args = parse_reissue_args(command_line);
    Config config = load(globals);
    Db db(config.db);
    const std::string society =
        command_line.has("--society") ? society_option(db, command_line) : "";
    if (args.key && !society.empty() && args.key->insurer_number != society)
        return refuse_society("member " + args.key->text(), society);
    const auto member = find_member(db, args);
    if (!member)
        return kExitFailure;
    if (!society.empty() && member->insurer_number != society)
        return refuse_society(describe(*member), society);
    // Checked again under lock below; this spares the hash and the file.
    if (q::account_exists_for_member(db, member->id))
        return refuse(*member);

    std::unique_ptr<CredentialsFile> out;
    if (!args.out.empty())
        out = std::make_unique<CredentialsFile>(args.out);
    const std::string password = draw_temp_password();
    const std::string hash = hash_password(password, config.temp_password_hash);
    const auto done = in_transaction(db, [&](Db& db) {
        auto r = replace_credentials(db, *member, password, hash);
        if (r && out)
            out->write(r->csv);
        return r;
    });
    if (!done)
        return refuse(*member);

    hand_over_credentials(out.get(), done->csv, "reissue again");
    std::cerr << "reissued the temporary credentials of " << describe(*member) << ": "
              << done->temp_user_id;
    if (!done->previous.empty())
        std::cerr << " replaces " << done->previous << ", which no longer works";
    std::cerr << "\n";
    if (out)
        std::cerr << "credentials written to '" << out->path() << "'\n";
    return kExitOk;
}

}  // namespace

const Command kReissue{
    "reissue",
    "issue new temporary credentials to a member not registered yet",
    "(--member INSURER:SYMBOL:NUMBER |\n"
    "                                         --temp-user-id ID) [--society INSURER_NUMBER]\n"
    "                                         [--out FILE]",
    "Replaces the temporary user ID and password of a member who has not\n"
    "registered (a lost notice): the old ones stop working at once, failure\n"
    "counts and the login lock are cleared, and the member's open sessions end.\n"
    "Refused for a member who has registered. Audited as 'reissue'.\n"
    "\n"
    "The new credentials are written as import-members writes them (CSV\n"
    "insurer_number,symbol,number,name,temp_user_id,temp_password) to FILE\n"
    "(mode 0600, must not exist yet) or, without --out, to stdout.\n"
    "\n"
    "With --society, the member must be of that society: a member of another\n"
    "one (by --member or by --temp-user-id) is refused and nothing changes, so\n"
    "an operator working for one society cannot reissue another's notice.\n",
    {{"--member", "INSURER:SYMBOL:NUMBER",
      "the member with this insurer number, symbol and number"},
     {"--temp-user-id", "ID", "the member holding this temporary user ID (XXXX-XXXX)"},
     {"--society", "INSURER_NUMBER", "refuse a member of another society"},
     {"--out", "FILE", "write the credentials to FILE instead of stdout"}},
    kNoArguments,
    run_reissue,
};

}  // namespace kosmo::ctl
