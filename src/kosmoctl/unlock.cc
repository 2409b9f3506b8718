// unlock.cc: kosmoctl unlock: lifts a member's login and identity-check locks
#include <iostream>

#include "ctl.h"
#include "db.h"
#include "error.h"
#include "log.h"
#include "q/accounts.h"
#include "q/members.h"
#include "q/temp_credentials.h"
#include "validate.h"

namespace kosmo::ctl {

namespace {

int run_unlock(const Globals& globals, const Args& args) {
    if (args.options.size() != 1)
        throw UsageError("name the member with exactly one of --temp-user-id, --user-id, --member");
    // Plain references, not a structured binding: C++17 lambdas (below)
    // cannot capture one.
    const std::string& option = args.options.begin()->first;
    const std::string& value = args.options.begin()->second;
    if (value.empty())
        throw UsageError("option '" + option + "' needs a value");

    Config config = load(globals);
    Db db(config.db);

    std::optional<std::int64_t> member_id;
    std::string what;
    if (option == "--temp-user-id") {
        what = "temporary user ID '" + value + "'";
        if (auto t = q::temp_login_by_id(db, normalize_input(value)))
            member_id = t->member_id;
    } else if (option == "--user-id") {
        what = "user ID '" + value + "'";
        if (auto a =
                q::account_login_by_user_id(db, normalize_input(value), config.password_max_days))
            member_id = a->member_id;
    } else {
        const MemberKey key = parse_member_key(option, value);
        what = "member '" + key.text() + "'";
        member_id = q::member_id_by_key(db, key.insurer_number, key.symbol, key.number);
    }
    if (!member_id) {
        std::cerr << "kosmoctl unlock: no " << what << "\n";
        return kExitFailure;
    }

    bool found = in_transaction(db, [&](Db& db) {
        if (!q::member_unlock(db, *member_id))
            return false;
        audit(db, "unlock", *member_id, option == "--member" ? "" : value, "",
              "by=" + option.substr(2) + " operator=" + operator_name());
        return true;
    });
    if (!found) {
        std::cerr << "kosmoctl unlock: no " << what << "\n";
        return kExitFailure;
    }
    auto m = q::member_by_id(db, *member_id);
    std::cout << "unlocked member " << m->insurer_number << "," << m->symbol << "," << m->number
              << " (" << m->name << ")\n";
    return kExitOk;
}

}  // namespace

const Command kUnlock{
    "unlock",
    "lift a member's login and identity-check locks",
    "(--temp-user-id ID | --user-id ID |\n"
    "                                        --member INSURER:SYMBOL:NUMBER)",
    "Clears the failure counts and locks of the member's temporary credentials,\n"
    "permanent account and identity check (step 2).\n",
    {{"--temp-user-id", "ID", "the member holding this temporary user ID\n(XXXX-XXXX)"},
     {"--user-id", "ID", "the member holding this permanent user ID"},
     {"--member", "INSURER:SYMBOL:NUMBER",
      "the member with this insurer number, symbol\nand number"}},
    kNoArguments,
    run_unlock,
};

}  // namespace kosmo::ctl
