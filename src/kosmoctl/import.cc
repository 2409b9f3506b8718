// import.cc: kosmoctl import-members: checks the whole member CSV, then in
// one transaction upserts the members and issues temporary credentials
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <fcntl.h>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "credentials.h"
#include "ctl.h"
#include "db.h"
#include "error.h"
#include "log.h"
#include "password.h"
#include "queries.h"

namespace kosmo::ctl {

namespace {

// The formats of the common brief: a temporary ID can never be a permanent
// one (the hyphen), and neither holds look-alike characters (0/O, 1/I/l).
// Members per upsert round between progress updates.
constexpr std::size_t kUpsertChunk = 10 * q::kImportBatch;
// All hashing threads together stay below this much scrypt memory.
constexpr std::uint64_t kHashMemoryBudget = 1ull << 30;

int today_local() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

std::string member_key(std::string_view insurer, std::string_view symbol, std::string_view number) {
    std::string key(insurer);
    key += '\x1f';
    key += symbol;
    key += '\x1f';
    key += number;
    return key;
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
        if (drawn.insert(id).second) return id;
    }
}

// Hashes every password with PARAMS on a few threads; the slow part of an
// import (one scrypt per member).
void hash_all(std::vector<Issue>& issues, const ScryptParams& params) {
    if (issues.empty()) return;
    std::uint64_t per_hash = 128ull * params.r * (1ull << params.log2_n);
    std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
    threads = std::min<std::size_t>({threads, issues.size(), 16,
                                     std::max<std::uint64_t>(1, kHashMemoryBudget / per_hash)});

    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&] {
        try {
            while (!failed) {
                std::size_t i = next++;
                if (i >= issues.size()) break;
                issues[i].hash = hash_password(issues[i].password, params);
                ++done;
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(error_mutex);
            if (!error) error = std::current_exception();
            failed = true;
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work);

    Progress progress("hashing passwords", issues.size());
    while (done < issues.size() && !failed) {
        progress.update(done);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    progress.finish();
}

// The --out file: written to a temporary name (mode 0600) inside the
// transaction, given its name only after COMMIT, never over an existing
// file (it may hold credentials not printed yet).
class CredentialsFile {
public:
    explicit CredentialsFile(std::string path) : path_(std::move(path)) {
        struct stat st;
        if (lstat(path_.c_str(), &st) == 0)
            throw Error("'" + path_ + "' exists already (it may hold credentials not printed yet);"
                        " choose another name or remove it");
        std::string pattern = path_ + ".tmp-XXXXXX";
        fd_ = mkstemp(pattern.data());  // mode 0600
        if (fd_ < 0)
            throw Error("cannot create a file next to '" + path_ + "': " + std::strerror(errno));
        tmp_ = pattern;
    }
    ~CredentialsFile() {
        if (fd_ >= 0) close(fd_);
        if (!keep_) unlink(tmp_.c_str());
    }
    CredentialsFile(const CredentialsFile&) = delete;
    CredentialsFile& operator=(const CredentialsFile&) = delete;

    // Replaces the content with DATA and flushes it to disk. Throws Error.
    void write(const std::string& data) {
        if (ftruncate(fd_, 0) != 0 || lseek(fd_, 0, SEEK_SET) != 0) fail("cannot truncate");
        std::size_t off = 0;
        while (off < data.size()) {
            ssize_t n = ::write(fd_, data.data() + off, data.size() - off);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("cannot write");
            off += static_cast<std::size_t>(n);
        }
        if (fsync(fd_) != 0) fail("cannot flush");
    }

    // Gives the file its name (after COMMIT). Throws Error, keeping the
    // temporary file, whose name the message gives.
    void publish() {
        keep_ = true;  // from here on it holds issued credentials
        int rc = renameat2(AT_FDCWD, tmp_.c_str(), AT_FDCWD, path_.c_str(), RENAME_NOREPLACE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
            // A file system without RENAME_NOREPLACE: link() never replaces either.
            rc = link(tmp_.c_str(), path_.c_str());
            if (rc == 0) unlink(tmp_.c_str());
        }
        if (rc != 0)
            throw Error("the credentials are in '" + tmp_ + "': cannot name it '" + path_ + "': " +
                        std::strerror(errno));
    }

private:
    [[noreturn]] void fail(const char* what) {
        throw Error(std::string(what) + " '" + tmp_ + "': " + std::strerror(errno));
    }
    std::string path_, tmp_;
    int fd_ = -1;
    bool keep_ = false;
};

}  // namespace

int run_import_members(const Globals& globals, const std::vector<std::string>& argv) {
    Args args = parse_args(argv, {{"--out", true}});
    if (print_help_if_asked(args, "import-members")) return kExitOk;
    if (args.positional.size() != 1)
        throw UsageError(args.positional.empty() ? "the member file FILE.csv is missing"
                                                 : "only one member file at a time");
    if (args.has("--out") && args.get("--out").empty()) throw UsageError("--out needs a file name");
    const std::string file = args.positional[0];

    Config config = load(globals);

    // 1. Check every row before anything is written.
    ImportCheck check = check_import_csv(read_file(file), today_local(), config.insurer_number);
    if (!check.errors.empty()) {
        for (const auto& e : check.errors) std::cerr << file << ": " << e << "\n";
        std::cerr << "kosmoctl import-members: " << check.errors.size() << " problem"
                  << (check.errors.size() == 1 ? "" : "s") << " in '" << file
                  << "'; nothing was imported\n";
        return kExitFailure;
    }
    const auto& members = check.members;

    std::unique_ptr<CredentialsFile> out;
    if (args.has("--out")) out = std::make_unique<CredentialsFile>(args.get("--out"));

    Db db(config.db);
    db.set_io_timeout(600);  // a large upsert or its COMMIT may take a while

    // 2. Who is new, who lacks credentials (read before the long hashing, so
    //    the transaction stays short; checked again inside it).
    std::map<std::string, bool> known;  // key -> has credentials
    for (const auto& row : q::members_keys(db))
        known.emplace(member_key(row.insurer_number, row.symbol, row.number), row.has_temp);
    std::size_t fresh = 0;
    std::vector<Issue> issues;
    std::unordered_set<std::string> drawn;
    for (std::size_t i = 0; i < members.size(); ++i) {
        const auto& m = members[i];
        auto it = known.find(member_key(m.insurer_number, m.symbol, m.number));
        if (it == known.end()) ++fresh;
        if (it != known.end() && it->second) continue;
        Issue issue;
        issue.member = i;
        issue.temp_user_id = draw_unique_temp_user_id(drawn);
        issue.password = draw_temp_password();
        issues.push_back(std::move(issue));
    }

    // 3. The slow part, outside any transaction.
    hash_all(issues, config.temp_password_hash);

    // 4. One transaction: members, credentials, audit, the --out file.
    std::string csv;
    std::size_t issued = 0, skipped = 0;
    in_transaction(db, [&](Db& db) {
        Progress progress("writing to the database", members.size() + issues.size());
        std::vector<q::MemberData> rows;
        for (std::size_t start = 0; start < members.size(); start += kUpsertChunk) {
            rows.clear();
            std::size_t end = std::min(members.size(), start + kUpsertChunk);
            for (std::size_t i = start; i < end; ++i) {
                const auto& m = members[i];
                rows.push_back({m.insurer_number, m.symbol, m.number, m.name, m.birth_date,
                                category_name(m.category)});
            }
            q::member_upsert_many(db, rows);
            progress.update(end);
        }

        std::map<std::string, std::pair<std::int64_t, bool>> ids;  // key -> id, has credentials
        for (const auto& row : q::members_keys(db))
            ids.emplace(member_key(row.insurer_number, row.symbol, row.number), std::make_pair(row.id, row.has_temp));

        std::vector<std::pair<Issue*, std::int64_t>> todo;
        skipped = 0;
        for (auto& issue : issues) {
            const auto& m = members[issue.member];
            auto it = ids.find(member_key(m.insurer_number, m.symbol, m.number));
            if (it == ids.end())
                throw DbError("member '" + m.symbol + "," + m.number + "' vanished during the import");
            issue.skipped = it->second.second;
            if (issue.skipped)
                ++skipped;
            else
                todo.emplace_back(&issue, it->second.first);
        }

        auto insert_one = [&](Issue& issue, std::int64_t id) {
            while (!q::temp_insert(db, id, issue.temp_user_id, issue.hash))
                issue.temp_user_id = draw_unique_temp_user_id(drawn);  // taken in the database
        };
        std::vector<q::TempData> batch;
        for (std::size_t start = 0; start < todo.size(); start += q::kImportBatch) {
            std::size_t end = std::min(todo.size(), start + q::kImportBatch);
            batch.clear();
            for (std::size_t i = start; i < end; ++i)
                batch.push_back({todo[i].second, todo[i].first->temp_user_id, todo[i].first->hash});
            if (batch.size() != q::kImportBatch || !q::temp_insert_batch(db, batch)) {
                // A short tail, or an ID taken already: one by one, redrawing.
                for (std::size_t i = start; i < end; ++i) insert_one(*todo[i].first, todo[i].second);
            }
            progress.update(members.size() + end);
        }
        issued = todo.size();

        csv = kCredentialsHeader;
        csv += '\n';
        for (const auto& [issue, id] : todo) {
            const auto& m = members[issue->member];
            csv += csv_line({m.insurer_number, m.symbol, m.number, m.name, issue->temp_user_id,
                             issue->password});
        }
        audit(db, "import", std::nullopt, "", "",
              "file=" + file + " members=" + std::to_string(members.size()) +
                  " new=" + std::to_string(fresh) + " credentials=" + std::to_string(issued) +
                  " operator=" + operator_name());
        if (out) out->write(csv);
        progress.finish();
    });

    // 5. Committed: now the credentials may appear under their name.
    if (out) {
        out->publish();
    } else {
        std::fwrite(csv.data(), 1, csv.size(), stdout);
        if (std::fflush(stdout) != 0 || std::ferror(stdout))
            throw Error("cannot write the issued credentials to stdout: " +
                        std::string(std::strerror(errno)) + " (they are committed: re-issue them)");
    }
    if (skipped)
        std::cerr << "kosmoctl import-members: " << skipped << " member" << (skipped == 1 ? "" : "s")
                  << " got credentials from another run meanwhile; none issued for them here\n";
    std::cerr << "imported " << members.size() << " members (" << fresh << " new, "
              << members.size() - fresh << " updated), issued " << issued << " credentials\n";
    if (out) std::cerr << "credentials written to '" << args.get("--out") << "'\n";
    return kExitOk;
}

}  // namespace kosmo::ctl
