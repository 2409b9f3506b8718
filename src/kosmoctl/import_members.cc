// import_members.cc: kosmoctl import-members: checks the whole member CSV,
// then in one transaction upserts the members and issues temporary
// credentials
#include <algorithm>
#include <atomic>
#include <exception>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include "credentials.h"
#include "csv.h"
#include "ctl.h"
#include "db.h"
#include "error.h"
#include "log.h"
#include "password.h"
#include "q/batch.h"
#include "q/members.h"
#include "q/temp_credentials.h"
#include "text.h"

namespace kosmo::ctl {

namespace {

// Members per upsert round between progress updates. (The formats of the
// credentials themselves are credentials.h's.)
constexpr std::size_t kUpsertChunk = 10 * q::kImportBatch;
// All hashing threads together stay below this much scrypt memory.
constexpr std::uint64_t kHashMemoryBudget = 1ull << 30;

std::string member_key(const ImportMember& m) {
    return household_key(m.insurer_number, m.symbol, m.number);
}

// What the database holds of a member already.
struct Known {
    std::int64_t id = 0;
    bool has_credentials = false;
};

// Every member in the database, by household_key.
std::map<std::string, Known> known_members(Db& db) {
    std::map<std::string, Known> out;
    for (const auto& row : q::members_keys(db))
        out.emplace(household_key(row.insurer_number, row.symbol, row.number),
                    Known{row.id, row.has_temp});
    return out;
}

// One credential to issue: for members[member].
struct Issue {
    std::size_t member = 0;
    std::string temp_user_id;
    std::string password;
    std::string hash;
    bool skipped = false;  // the member got credentials from elsewhere meanwhile
};

// A new temporary user ID not drawn before in this run.
std::string draw_unique_temp_user_id(std::unordered_set<std::string>& drawn) {
    for (;;) {
        std::string id = draw_temp_user_id();
        if (drawn.insert(id).second)
            return id;
    }
}

// Hashes every password with PARAMS on a few threads; the slow part of an
// import (one scrypt per member).
void hash_all(std::vector<Issue>& issues, const ScryptParams& params) {
    if (issues.empty())
        return;
    std::uint64_t per_hash = 128ull * params.r * (1ull << params.log2_n);
    std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
    threads = std::min<std::size_t>(
        {threads, issues.size(), 16, std::max<std::uint64_t>(1, kHashMemoryBudget / per_hash)});

    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&] {
        try {
            while (!failed) {
                std::size_t i = next++;
                if (i >= issues.size())
                    break;
                issues[i].hash = hash_password(issues[i].password, params);
                ++done;
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(error_mutex);
            if (!error)
                error = std::current_exception();
            failed = true;
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t)
        pool.emplace_back(work);

    Progress progress("hashing passwords", issues.size());
    while (done < issues.size() && !failed) {
        progress.update(done);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (auto& t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
    progress.finish();
}

// The command line of import-members.
struct ImportArgs {
    std::string file;  // the member CSV
    std::string out;   // --out FILE, or "" for stdout
};

// Throws UsageError.
ImportArgs parse_import_args(const Args& args) {
    if (args.has("--out") && args.get("--out").empty())
        throw UsageError("--out needs a file name");
    return {args.positional[0], args.get("--out")};
}

// Prints every problem of CHECK; true when there was one.
bool report_problems(const std::string& file, const ImportCheck& check) {
    if (check.errors.empty())
        return false;
    for (const auto& e : check.errors)
        std::cerr << file << ": " << e << "\n";
    std::cerr << "kosmoctl import-members: " << check.errors.size() << " problem"
              << (check.errors.size() == 1 ? "" : "s") << " in '" << file
              << "'; nothing was imported\n";
    return true;
}

// Draws credentials for every member new or without any (read before the
// long hashing, so the transaction stays short; checked again inside it).
// FRESH counts the members not in the database yet.
std::vector<Issue> plan_issues(Db& db, const std::vector<ImportMember>& members,
                               std::unordered_set<std::string>& drawn, std::size_t& fresh) {
    const auto known = known_members(db);
    std::vector<Issue> issues;
    fresh = 0;
    for (std::size_t i = 0; i < members.size(); ++i) {
        auto it = known.find(member_key(members[i]));
        if (it == known.end())
            ++fresh;
        if (it != known.end() && it->second.has_credentials)
            continue;
        issues.push_back({i, draw_unique_temp_user_id(drawn), draw_temp_password(), {}, false});
    }
    return issues;
}

void upsert_members(Db& db, const std::vector<ImportMember>& members, Progress& progress) {
    std::vector<q::MemberData> rows;
    for (std::size_t start = 0; start < members.size(); start += kUpsertChunk) {
        rows.clear();
        const std::size_t end = std::min(members.size(), start + kUpsertChunk);
        for (std::size_t i = start; i < end; ++i) {
            const auto& m = members[i];
            rows.push_back({m.insurer_number, m.symbol, m.number, m.name, m.birth_date,
                            category_name(m.category)});
        }
        q::member_upsert_many(db, rows);
        progress.update(end);
    }
}

// A credential to insert: the issue and its member's id.
using Todo = std::vector<std::pair<Issue*, std::int64_t>>;

// The issues whose member still lacks credentials (inside the transaction);
// the others are marked skipped.
Todo match_issues(Db& db, const std::vector<ImportMember>& members, std::vector<Issue>& issues) {
    const auto ids = known_members(db);
    Todo todo;
    for (auto& issue : issues) {
        const auto& m = members[issue.member];
        auto it = ids.find(member_key(m));
        if (it == ids.end())
            throw DbError("member '" + m.symbol + "," + m.number + "' vanished during the import");
        issue.skipped = it->second.has_credentials;
        if (!issue.skipped)
            todo.emplace_back(&issue, it->second.id);
    }
    return todo;
}

// Inserts TODO in batches; a temporary ID taken in the database meanwhile
// is redrawn. DONE_BEFORE is where the progress stands at the start.
void insert_credentials(Db& db, Todo& todo, std::unordered_set<std::string>& drawn,
                        Progress& progress, std::size_t done_before) {
    auto insert_one = [&](Issue& issue, std::int64_t id) {
        while (!q::temp_insert(db, id, issue.temp_user_id, issue.hash))
            issue.temp_user_id = draw_unique_temp_user_id(drawn);  // taken in the database
    };
    std::vector<q::TempData> batch;
    for (std::size_t start = 0; start < todo.size(); start += q::kImportBatch) {
        const std::size_t end = std::min(todo.size(), start + q::kImportBatch);
        batch.clear();
        for (std::size_t i = start; i < end; ++i)
            batch.push_back({todo[i].second, todo[i].first->temp_user_id, todo[i].first->hash});
        if (batch.size() != q::kImportBatch || !q::temp_insert_batch(db, batch)) {
            // A short tail, or an ID taken already: one by one, redrawing.
            for (std::size_t i = start; i < end; ++i)
                insert_one(*todo[i].first, todo[i].second);
        }
        progress.update(done_before + end);
    }
}

// The credentials file: header, then one line per issued credential.
std::string credentials_csv(const std::vector<ImportMember>& members, const Todo& todo) {
    std::string csv = kCredentialsHeader;
    csv += '\n';
    for (const auto& [issue, id] : todo) {
        const auto& m = members[issue->member];
        csv += csv_line(
            {m.insurer_number, m.symbol, m.number, m.name, issue->temp_user_id, issue->password});
    }
    return csv;
}

// What one import did, for the audit event and the summary.
struct ImportCounts {
    std::size_t members = 0, fresh = 0, issued = 0, skipped = 0;
};

void print_summary(const ImportCounts& n, const std::string& out) {
    if (n.skipped)
        std::cerr << "kosmoctl import-members: " << n.skipped << " member"
                  << (n.skipped == 1 ? "" : "s")
                  << " got credentials from another run meanwhile; none issued for them here\n";
    std::cerr << "imported " << n.members << " members (" << n.fresh << " new, "
              << n.members - n.fresh << " updated), issued " << n.issued << " credentials\n";
    if (!out.empty())
        std::cerr << "credentials written to '" << out << "'\n";
}

int run_import_members(const Globals& globals, const Args& command_line) {
    const ImportArgs args = parse_import_args(command_line);
    Config config = load(globals);
    Db db(config.db);
    db.set_io_timeout(600);  // a large upsert or its COMMIT may take a while

    // 1. Check every row before anything is written.
    const ImportSocieties societies = import_societies(db, command_line);
    const ImportCheck check = check_import_csv(read_file(args.file), today_in_japan(), societies);
    if (report_problems(args.file, check))
        return kExitFailure;
    const auto& members = check.members;

    std::unique_ptr<CredentialsFile> out;
    if (!args.out.empty())
        out = std::make_unique<CredentialsFile>(args.out);

    // 2. Who is new, who lacks credentials; 3. the slow hashing, outside any
    // transaction.
    ImportCounts n;
    n.members = members.size();
    std::unordered_set<std::string> drawn;
    std::vector<Issue> issues = plan_issues(db, members, drawn, n.fresh);
    hash_all(issues, config.temp_password_hash);

    // 4. One transaction: members, credentials, audit, the --out file.
    std::string csv;
    in_transaction(db, [&](Db& db) {
        Progress progress("writing to the database", members.size() + issues.size());
        upsert_members(db, members, progress);
        Todo todo = match_issues(db, members, issues);
        insert_credentials(db, todo, drawn, progress, members.size());
        n.issued = todo.size();
        n.skipped = issues.size() - todo.size();
        csv = credentials_csv(members, todo);
        audit(db, "import", std::nullopt, "", "",
              "file=" + args.file + (societies.only.empty() ? "" : " society=" + societies.only) +
                  " members=" + std::to_string(n.members) + " new=" + std::to_string(n.fresh) +
                  " credentials=" + std::to_string(n.issued) + " operator=" + operator_name());
        if (out)
            out->write(csv);
        progress.finish();
    });

    // 5. Committed: now the credentials may appear under their name.
    hand_over_credentials(out.get(), csv, "reissue them");
    print_summary(n, args.out);
    return kExitOk;
}

}  // namespace

const Command kImportMembers{
    "import-members",
    "load the member list and issue temporary credentials",
    "FILE.csv [--society INSURER_NUMBER] [--out CREDENTIALS.csv]",
    "Reads FILE.csv (UTF-8, header insurer_number,symbol,number,name,birth_date,category;\n"
    "birth_date YYYYMMDD; category employee, overseas, seconded, leave or voluntary;\n"
    "\"-\" reads stdin). Every row is checked first: any bad row is reported with its\n"
    "line number and nothing is imported (a row whose insurer_number is not a\n"
    "society, or with --society another society's, is a bad row). Then, in one\n"
    "transaction, members are\n"
    "added or updated (never duplicated) and each member without temporary\n"
    "credentials gets new ones.\n"
    "\n"
    "The issued credentials are written as CSV\n"
    "insurer_number,symbol,number,name,temp_user_id,temp_password to CREDENTIALS.csv\n"
    "(mode 0600, must not exist yet) or, without --out, to stdout. It is the only\n"
    "place the temporary passwords ever exist: print the notices from it, then\n"
    "delete it.\n",
    {kImportSocietyOption, {"--out", "FILE", "write the credentials to FILE instead of stdout"}},
    {1, 1, "the member file FILE.csv is missing", "only one member file at a time"},
    run_import_members,
};

}  // namespace kosmo::ctl
