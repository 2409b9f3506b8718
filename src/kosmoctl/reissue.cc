// reissue.cc: kosmoctl reissue: new temporary credentials for a member who
// has not registered, replacing the old ones
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>

#include <fcntl.h>
#include <unistd.h>

#include "csv.h"
#include "credentials.h"
#include "ctl.h"
#include "db.h"
#include "error.h"
#include "log.h"
#include "password.h"
#include "queries.h"
#include "validate.h"

namespace kosmo::ctl {

namespace {

// The --out file. Created (mode 0600, never over an existing file) before
// anything changes, filled inside the transaction so a failed write rolls
// it back, and removed again unless kept after COMMIT.
class OutFile {
public:
    explicit OutFile(std::string path) : path_(std::move(path)) {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd_ < 0 && errno == EEXIST)
            throw Error("'" + path_ + "' exists already (it may hold credentials not printed yet);"
                        " choose another name or remove it");
        if (fd_ < 0) throw Error("cannot create '" + path_ + "': " + std::strerror(errno));
    }
    ~OutFile() {
        ::close(fd_);
        if (!keep_) ::unlink(path_.c_str());
    }
    OutFile(const OutFile&) = delete;
    OutFile& operator=(const OutFile&) = delete;

    // Replaces the content with DATA (a retried transaction writes again)
    // and flushes it to disk. Throws Error.
    void write(const std::string& data) {
        if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0) fail("cannot truncate");
        std::size_t off = 0;
        while (off < data.size()) {
            ssize_t n = ::write(fd_, data.data() + off, data.size() - off);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("cannot write");
            off += static_cast<std::size_t>(n);
        }
        if (::fsync(fd_) != 0) fail("cannot flush");
    }
    void keep() { keep_ = true; }

private:
    [[noreturn]] void fail(const char* what) {
        throw Error(std::string(what) + " '" + path_ + "': " + std::strerror(errno));
    }
    std::string path_;
    int fd_ = -1;
    bool keep_ = false;
};

}  // namespace

int run_reissue(const Globals& globals, const std::vector<std::string>& argv) {
    Args args = parse_args(argv, {{"--member", true}, {"--temp-user-id", true}, {"--out", true}});
    if (print_help_if_asked(args, "reissue")) return kExitOk;
    if (!args.positional.empty()) throw UsageError("unexpected argument '" + args.positional[0] + "'");
    if (args.has("--member") == args.has("--temp-user-id"))
        throw UsageError("name the member with exactly one of --member, --temp-user-id");
    if (args.has("--temp-user-id") && args.get("--temp-user-id").empty())
        throw UsageError("option '--temp-user-id' needs a value");
    if (args.has("--out") && args.get("--out").empty()) throw UsageError("--out needs a file name");
    std::optional<MemberKey> key;
    if (args.has("--member")) key = parse_member_key("--member", args.get("--member"));

    Config config = load(globals);
    Db db(config.db);

    std::optional<std::int64_t> member_id;
    std::string what;
    if (key) {
        what = "member '" + key->text() + "'";
        member_id = q::member_id_by_key(db, key->insurer_number, key->symbol, key->number);
    } else {
        std::string id = normalize_input(args.get("--temp-user-id"));
        what = "temporary user ID '" + id + "'";
        if (auto t = q::temp_login_by_id(db, id)) member_id = t->member_id;
    }
    if (!member_id) {
        std::cerr << "kosmoctl reissue: no " << what << "\n";
        return kExitFailure;
    }
    auto member = q::member_by_id(db, *member_id);
    if (!member) throw DbError("member " + std::to_string(*member_id) + " vanished");
    const std::string who = "member " + member->insurer_number + "," + member->symbol + "," +
                            member->number + " (" + member->name + ")";
    auto refuse = [&] {
        std::cerr << "kosmoctl reissue: " << who
                  << " has registered already: temporary credentials are for the first login"
                     " only (a locked account: kosmoctl unlock)\n";
        return kExitFailure;
    };
    // Checked again under lock below; this spares the hash and the file.
    if (q::account_exists_for_member(db, *member_id)) return refuse();

    std::unique_ptr<OutFile> out;
    if (args.has("--out")) out = std::make_unique<OutFile>(args.get("--out"));

    const std::string password = draw_temp_password();
    const std::string hash = hash_password(password, config.temp_password_hash);
    std::string temp_user_id, previous, csv;
    bool registered = in_transaction(db, [&](Db& db) {
        // The lock keeps a registration from retiring the old credentials
        // between this check and the replacement.
        auto state = q::temp_lock_for_member(db, *member_id);
        if ((state && state->retired) || q::account_exists_for_member(db, *member_id)) return true;
        previous = state ? state->temp_user_id : "";
        do {
            temp_user_id = draw_temp_user_id();
        } while (!q::temp_replace(db, *member_id, temp_user_id, hash));
        // A session opened with the old credentials must not go on either.
        auto ended = q::session_delete_for_member(db, *member_id);
        audit(db, "reissue", *member_id, temp_user_id, "",
              "previous=" + (previous.empty() ? std::string("none") : previous) +
                  " sessions_ended=" + std::to_string(ended) + " operator=" + operator_name());
        csv = kCredentialsHeader;
        csv += '\n';
        csv += csv_line({member->insurer_number, member->symbol, member->number, member->name,
                         temp_user_id, password});
        if (out) out->write(csv);
        return false;
    });
    if (registered) return refuse();

    if (out) {
        out->keep();
    } else {
        std::fwrite(csv.data(), 1, csv.size(), stdout);
        if (std::fflush(stdout) != 0 || std::ferror(stdout))
            throw Error("cannot write the new credentials to stdout: " +
                        std::string(std::strerror(errno)) + " (they are committed: reissue again)");
    }
    std::cerr << "reissued the temporary credentials of " << who << ": " << temp_user_id;
    if (!previous.empty()) std::cerr << " replaces " << previous << ", which no longer works";
    std::cerr << "\n";
    if (out) std::cerr << "credentials written to '" << args.get("--out") << "'\n";
    return kExitOk;
}

}  // namespace kosmo::ctl
