// floor.cc: the floors of `make bench`: only the database work of a passing
// POST /verify, of a passing POST /login/code (an app's code), and of a
// logged-in GET of 医療費情報
//
//   build/bench-floor.fcgi --socket PATH --config KOSMO_CONF [--threads N]
//
// POST /floor/verify, per request, on one connection per thread, in one
// transaction with one COMMIT: the session with its member (read), the
// session moved to a new ID and stage 2, the consent row of the history
// (sql/002-door.sql). The same statements as the product's
// (src/lib/q/sessions.cc), four round trips: the read opens the transaction
// (autocommit off), so no START TRANSACTION is sent.
// POST /floor/code, on the same connection, the least a passing code step
// can ask of the database, in one transaction and five round trips: one
// read (opening the transaction) of all it must know — the session, its
// account's key and last step and code-step wait, whether the client's
// address is locked, and what the login's next stage is (password expired,
// terms pending) —, then the account's step stored (the product's
// statement), the audit event, the session moved to a new ID at that
// stage, and the commit. The code itself is not checked (the key is read,
// not opened: the bench sends right codes only, and the checking is CPU
// that build/bench-totp times apart).
// GET /floor/expenses, on a second connection of the thread (autocommit
// on, as the product reads): the portal's three statements
// (src/lib/q/sessions.cc session_get, src/lib/q/records.cc), the newest
// year with claims, and the year's claims as bare lines of HTML.
// No CSRF check, form decoding, template, escaping, log or retry: the bench
// sends only correct, plain-digit forms and its own generated claims, and
// what the product spends beyond this file is the cost the comparison is
// made to show. Stops on SIGTERM.
#include <signal.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fcgiapp.h>
#include <mysql.h>
#include <openssl/evp.h>

namespace {

[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "bench-floor: %s\n", why.c_str());
    std::exit(1);
}

// The [db] section of a kosmo.conf, "key = value" lines: what tools/bench has.
std::map<std::string, std::string> read_db_section(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        die("cannot read '" + path + "'");
    std::map<std::string, std::string> db;
    std::string line, section;
    auto trim = [](std::string s) {
        s.erase(0, s.find_first_not_of(" \t\r"));
        s.erase(s.find_last_not_of(" \t\r") + 1);
        return s;
    };
    while (std::getline(in, line)) {
        line = trim(line);
        if (!line.empty() && line[0] == '[')
            section = line;
        const auto eq = line.find('=');
        if (section == "[db]" && eq != std::string::npos)
            db[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
    }
    return db;
}

struct MysqlClose {
    void operator()(MYSQL* m) const { mysql_close(m); }
};
struct StmtClose {
    void operator()(MYSQL_STMT* s) const { mysql_stmt_close(s); }
};
using MysqlPtr = std::unique_ptr<MYSQL, MysqlClose>;
using StmtPtr = std::unique_ptr<MYSQL_STMT, StmtClose>;

MYSQL_BIND bind_of(enum_field_types type, void* data, unsigned long size, unsigned long* length) {
    MYSQL_BIND b{};
    b.buffer_type = type;
    b.buffer = data;
    b.buffer_length = size;
    b.length = length;
    return b;
}

// One thread's connections and their statements, prepared once: step 2's
// in a transaction, the portal's reads on their own.
struct Conn {
    MysqlPtr db;
    StmtPtr read, move, consent;
    StmtPtr code_read, code_step, code_audit, code_move;
    MysqlPtr portal;
    StmtPtr session, years, claims;
};

StmtPtr prepare(MYSQL* m, const char* sql) {
    StmtPtr s(mysql_stmt_init(m));
    if (!s || mysql_stmt_prepare(s.get(), sql, std::strlen(sql)) != 0)
        die(std::string("cannot prepare: ") + mysql_error(m));
    return s;
}

MysqlPtr open_db(std::map<std::string, std::string>& cfg) {
    MysqlPtr db(mysql_init(nullptr));
    mysql_optionsv(db.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
    // As the product's connections: UTC, so NOW(6) compares as it does there.
    mysql_optionsv(db.get(), MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
    if (!mysql_real_connect(db.get(), "localhost", cfg["user"].c_str(), cfg["password"].c_str(),
                            cfg["name"].c_str(), 0, cfg["socket"].c_str(), 0))
        die(std::string("cannot connect: ") + mysql_error(db.get()));
    return db;
}

// The portal's statements, as the product sends them.
void prepare_portal(Conn& c) {
    c.session = prepare(
        c.portal.get(),
        "SELECT s.stage, s.member_id, s.account_id, s.pending_user_id, s.pending_email,"
        " s.pending_password_hash, s.last_seen_at < NOW(6) - INTERVAL ? MINUTE"
        " OR s.created_at < NOW(6) - INTERVAL ? MINUTE,"
        " s.last_seen_at < NOW(6) - INTERVAL 1 MINUTE,"
        " m.id, m.insurer_number, m.symbol, m.number, m.name, DATE_FORMAT(m.birth_date, '%Y%m%d'),"
        " m.category, m.verify_failures, m.verify_locked_at IS NOT NULL,"
        " DATE_FORMAT(s.created_at, '%Y-%m-%d %H:%i:%s.%f'),"
        " a.id, a.user_id, a.email, DATE_FORMAT(a.password_changed_at + INTERVAL ? DAY, '%Y%m%d'),"
        " a.notices"
        " FROM sessions s LEFT JOIN members m ON m.id = s.member_id"
        " LEFT JOIN accounts a ON a.id = s.account_id WHERE s.id_hash = ?");
    c.years = prepare(c.portal.get(),
                      "SELECT DISTINCT service_month DIV 100 FROM expense_claims"
                      " WHERE insurer_number = ? AND symbol = ? AND number = ? ORDER BY 1 DESC");
    c.claims = prepare(
        c.portal.get(),
        "SELECT service_month, patient_name, provider, kind, days, total_cost, self_pay,"
        " claim_id FROM expense_claims WHERE insurer_number = ? AND symbol = ? AND number = ?"
        " AND service_month BETWEEN ? AND ? ORDER BY service_month DESC");
}

// The code step's statements (the product's limits: sessions 30 and 120
// minutes, passwords 360 days; its terms in force as q/helpers.h finds them).
void prepare_code(Conn& c) {
    c.code_read = prepare(
        c.db.get(),
        "SELECT s.stage, s.member_id, s.account_id, a.user_id, COALESCE(a.totp_key, ''),"
        " a.totp_last_step, a.factor_locked_until IS NOT NULL AND a.factor_locked_until > NOW(6),"
        " s.last_seen_at < NOW(6) - INTERVAL 30 MINUTE OR s.created_at < NOW(6) - INTERVAL 120 MINUTE,"
        " EXISTS (SELECT 1 FROM login_addr_failures WHERE client_addr = ? AND locked_until > NOW(6)),"
        " a.password_expired <> 0 OR a.password_changed_at < NOW(6) - INTERVAL 360 DAY,"
        " COALESCE((SELECT t.seq FROM members m JOIN terms_versions t"
        "  ON t.insurer_number IN ('', m.insurer_number) WHERE m.id = s.member_id"
        "  ORDER BY t.insurer_number <> '' DESC, t.seq DESC LIMIT 1), 0) >"
        " COALESCE((SELECT MAX(k.terms_seq) FROM consents k WHERE k.member_id = s.member_id), 0)"
        " FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.id_hash = ?");
    c.code_step = prepare(c.db.get(),
                          "UPDATE accounts SET totp_last_step = ?, factor_failures = 0"
                          " WHERE id = ? AND totp_last_step < ? AND totp_key IS NOT NULL");
    c.code_audit = prepare(c.db.get(),
                           "INSERT INTO audit_events (at, event, member_id, login_id, client_addr,"
                           " detail) VALUES (NOW(6), 'factor_ok', ?, ?, ?, 'app code')");
    c.code_move = prepare(c.db.get(),
                          "UPDATE sessions SET id_hash = ?, stage = ?, last_seen_at = NOW(6)"
                          " WHERE id_hash = ? AND stage = 13");
}

Conn connect(std::map<std::string, std::string> cfg) {
    Conn c;
    c.db = open_db(cfg);
    c.portal = open_db(cfg);
    prepare_portal(c);
    mysql_autocommit(c.db.get(), 0);
    prepare_code(c);
    // session_get's test of the idle and absolute limits (30, 120 minutes),
    // its join to the member, with the columns step 2 compares.
    c.read = prepare(c.db.get(),
                     "SELECT s.stage, s.member_id, m.insurer_number,"
                     " DATE_FORMAT(m.birth_date, '%Y%m%d'), m.verify_locked_at IS NOT NULL,"
                     " s.last_seen_at < NOW(6) - INTERVAL 30 MINUTE"
                     " OR s.created_at < NOW(6) - INTERVAL 120 MINUTE"
                     " FROM sessions s JOIN members m ON m.id = s.member_id WHERE s.id_hash = ?");
    c.move =
        prepare(c.db.get(),
                "UPDATE sessions s JOIN members m ON m.id = s.member_id"
                " SET s.id_hash = ?, s.stage = 2, s.last_seen_at = NOW(6), m.verify_failures = 0"
                " WHERE s.id_hash = ? AND s.stage = 1 AND m.verify_locked_at IS NULL");
    c.consent = prepare(c.db.get(),
                        "INSERT INTO consents (member_id, terms_seq, at, client_addr, source)"
                        " SELECT ?, MAX(seq), NOW(6), ?, 'verify' FROM terms_versions"
                        " HAVING MAX(seq) IS NOT NULL");
    return c;
}

struct Member {
    long long stage = 0, id = 0, locked = 0, expired = 0;
    char insurer[32] = {}, birth[16] = {};
    unsigned long insurer_len = 0, birth_len = 0;
};

// The session of ID_HASH with its member; false when there is none.
bool read_session(Conn& c, unsigned char* id_hash, Member& m) {
    unsigned long hash_len = 32;
    MYSQL_BIND in = bind_of(MYSQL_TYPE_BLOB, id_hash, 32, &hash_len);
    MYSQL_BIND out[6] = {
        bind_of(MYSQL_TYPE_LONGLONG, &m.stage, 0, nullptr),
        bind_of(MYSQL_TYPE_LONGLONG, &m.id, 0, nullptr),
        bind_of(MYSQL_TYPE_STRING, m.insurer, sizeof m.insurer - 1, &m.insurer_len),
        bind_of(MYSQL_TYPE_STRING, m.birth, sizeof m.birth - 1, &m.birth_len),
        bind_of(MYSQL_TYPE_LONGLONG, &m.locked, 0, nullptr),
        bind_of(MYSQL_TYPE_LONGLONG, &m.expired, 0, nullptr),
    };
    MYSQL_STMT* s = c.read.get();
    if (mysql_stmt_bind_param(s, &in) || mysql_stmt_execute(s) || mysql_stmt_bind_result(s, out))
        return false;
    const int got = mysql_stmt_fetch(s);
    mysql_stmt_free_result(s);
    return got == 0;
}

// Step 2's transaction after the read: true when the session moved to NEW_HASH.
bool move_and_consent(Conn& c, unsigned char* old_hash, unsigned char* new_hash, long long member,
                      const char* addr) {
    unsigned long hash_len = 32, addr_len = std::strlen(addr);
    MYSQL_BIND move[2] = {bind_of(MYSQL_TYPE_BLOB, new_hash, 32, &hash_len),
                          bind_of(MYSQL_TYPE_BLOB, old_hash, 32, &hash_len)};
    MYSQL_BIND consent[2] = {
        bind_of(MYSQL_TYPE_LONGLONG, &member, 0, nullptr),
        bind_of(MYSQL_TYPE_STRING, const_cast<char*>(addr), addr_len, &addr_len)};
    MYSQL_STMT* m = c.move.get();
    MYSQL_STMT* k = c.consent.get();
    return !mysql_stmt_bind_param(m, move) && !mysql_stmt_execute(m) &&
           mysql_stmt_affected_rows(m) == 1 && !mysql_stmt_bind_param(k, consent) &&
           !mysql_stmt_execute(k) && !mysql_commit(c.db.get());
}

// The value of NAME in "a=1; b=2" (a cookie header) or "a=1&b=2" (a form).
std::string value_of(const std::string& text, const std::string& name, char sep) {
    for (std::size_t at = 0; at < text.size();) {
        while (at < text.size() && text[at] == ' ')
            ++at;
        std::size_t end = text.find(sep, at);
        if (end == std::string::npos)
            end = text.size();
        if (text.compare(at, name.size() + 1, name + "=") == 0)
            return text.substr(at + name.size() + 1, end - at - name.size() - 1);
        at = end + 1;
    }
    return {};
}

// A new session token as the product makes one: 32 random bytes, base64url.
std::string new_token() {
    unsigned char raw[32];
    if (getrandom(raw, sizeof raw, 0) != sizeof raw)
        die("no random bytes");
    unsigned char b64[48];
    EVP_EncodeBlock(b64, raw, sizeof raw);
    std::string t(reinterpret_cast<char*>(b64), 43);  // 44 with the one '='
    for (char& ch : t)
        ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
    return t;
}

void sha256(const std::string& data, unsigned char* out) {
    EVP_Digest(data.data(), data.size(), out, nullptr, EVP_sha256(), nullptr);
}

using Rows = std::vector<std::vector<std::string>>;

// Every row of statement S run with PARAMS, each column as text. The
// params are text, but the one at BINARY (a hash), sent as bytes.
Rows rows_of(MYSQL_STMT* s, const std::vector<std::string>& params,
             std::size_t binary = std::string::npos) {
    std::vector<MYSQL_BIND> in(params.size());
    std::vector<unsigned long> in_len(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        in_len[i] = params[i].size();
        in[i] = bind_of(i == binary ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING,
                        const_cast<char*>(params[i].data()), in_len[i], &in_len[i]);
    }
    Rows out;
    if (mysql_stmt_bind_param(s, in.data()) || mysql_stmt_execute(s))
        return out;
    const unsigned n = mysql_stmt_field_count(s);
    std::vector<std::array<char, 256>> buf(n);
    std::vector<unsigned long> len(n);
    std::vector<my_bool> null(n);
    std::vector<MYSQL_BIND> res(n);
    for (unsigned i = 0; i < n; ++i) {
        res[i] = bind_of(MYSQL_TYPE_STRING, buf[i].data(), buf[i].size(), &len[i]);
        res[i].is_null = &null[i];
    }
    if (mysql_stmt_bind_result(s, res.data()) == 0)
        while (mysql_stmt_fetch(s) == 0) {
            out.emplace_back(n);
            for (unsigned i = 0; i < n; ++i)
                out.back()[i].assign(buf[i].data(), null[i] ? 0 : len[i]);
        }
    mysql_stmt_free_result(s);
    return out;
}

// One GET /floor/expenses: the newest year's claims of the session's household.
std::string expenses_answer(Conn& c, const std::string& token) {
    unsigned char hash[32];
    sha256(token, hash);
    // The product's limits: 30 and 120 minutes, a password valid 360 days.
    const Rows session = rows_of(
        c.session.get(), {"30", "120", "360", std::string(reinterpret_cast<char*>(hash), 32)}, 3);
    if (session.size() != 1 || session[0][0] != "10" || session[0][6] != "0")
        return "Status: 303 See Other\r\nLocation: /login\r\n\r\n";
    const std::vector<std::string> household{session[0][9], session[0][10], session[0][11]};
    const Rows years = rows_of(c.years.get(), household);
    std::string page =
        "Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        "Cache-Control: no-store\r\n\r\n<!DOCTYPE html><ul>\n";
    if (!years.empty()) {
        auto params = household;
        params.push_back(years[0][0] + "01");
        params.push_back(years[0][0] + "12");
        for (const auto& claim : rows_of(c.claims.get(), params)) {
            page += "<li class=\"card\">";
            for (const auto& field : claim)
                page += field + " ";
            page += "</li>\n";
        }
    }
    return page + "</ul>\n";
}

// The body of REQ's POST (at most 4 KiB: the bench's forms are short).
std::string form_of(FCGX_Request& req) {
    const char* length = FCGX_GetParam("CONTENT_LENGTH", req.envp);
    char body[4096];
    const long want = length ? std::strtol(length, nullptr, 10) : 0;
    const int got = want > 0 && want < 4096 ? FCGX_GetStr(body, static_cast<int>(want), req.in) : 0;
    return std::string(body, got > 0 ? got : 0);
}

// Statement S run with PARAMS (text, but the ones flagged in BINARY sent
// as bytes): how many rows it changed, -1 when it failed.
long long run(MYSQL_STMT* s, const std::vector<std::string>& params, std::vector<bool> binary) {
    std::vector<MYSQL_BIND> in(params.size());
    std::vector<unsigned long> len(params.size());
    binary.resize(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        len[i] = params[i].size();
        in[i] = bind_of(binary[i] ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING,
                        const_cast<char*>(params[i].data()), len[i], &len[i]);
    }
    if (mysql_stmt_bind_param(s, in.data()) || mysql_stmt_execute(s))
        return -1;
    return static_cast<long long>(mysql_stmt_affected_rows(s));
}

// One POST /login/code of the session TOKEN with a (right) app code: the
// answer's CGI head.
std::string code_answer(Conn& c, FCGX_Request& req, const std::string& token) {
    const char* addr_param = FCGX_GetParam("REMOTE_ADDR", req.envp);
    const std::string addr = addr_param ? addr_param : "";
    const std::string form = form_of(req);
    unsigned char hash[32];
    sha256(token, hash);
    const std::string old_hash(reinterpret_cast<char*>(hash), 32);
    const Rows row = token.size() == 43 ? rows_of(c.code_read.get(), {addr, old_hash}, 1) : Rows();
    // stage 13, an app, no wait, not expired, the address not locked.
    if (row.size() != 1 || row[0][0] != "13" || row[0][4].empty() || row[0][6] != "0" ||
        row[0][7] != "0" || row[0][8] != "0") {
        mysql_rollback(c.db.get());
        return "Status: 303 See Other\r\nLocation: /login\r\n\r\n";
    }
    if (value_of(form, "csrf", '&').empty() || value_of(form, "code", '&').size() != 6) {
        mysql_rollback(c.db.get());
        return "Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nno code\n";
    }
    const std::string& member = row[0][1];
    const std::string step = std::to_string(std::time(nullptr) / 30);
    const std::string stage = row[0][9] == "1" ? "11" : row[0][10] == "1" ? "12" : "10";
    const std::string fresh = new_token();
    sha256(fresh, hash);
    const std::string new_hash(reinterpret_cast<char*>(hash), 32);
    if (run(c.code_step.get(), {step, row[0][2], step}, {}) != 1 ||
        run(c.code_audit.get(), {member, row[0][3], addr}, {}) != 1 ||
        run(c.code_move.get(), {new_hash, stage, old_hash}, {true, false, true}) != 1 ||
        mysql_commit(c.db.get()) != 0) {
        mysql_rollback(c.db.get());
        return "Status: 500 Internal Server Error\r\n\r\n";
    }
    return std::string("Status: 303 See Other\r\nLocation: ") +
           (stage == "10"   ? "/menu"
            : stage == "11" ? "/password/expired"
                            : "/terms/new") +
           "\r\nSet-Cookie: kosmo_session=" + fresh +
           "; Path=/; HttpOnly; SameSite=Strict\r\nCache-Control: no-store\r\n\r\n";
}

// One POST /verify of the session TOKEN; the answer's CGI head (and body).
std::string verify_answer(Conn& c, FCGX_Request& req, const std::string& token) {
    const char* addr = FCGX_GetParam("REMOTE_ADDR", req.envp);
    const std::string form = form_of(req);
    unsigned char old_hash[32], new_hash[32];
    sha256(token, old_hash);
    Member m;
    const bool found = token.size() == 43 && read_session(c, old_hash, m);
    if (!found || m.stage != 1 || m.locked || m.expired) {
        mysql_rollback(c.db.get());
        return "Status: 303 See Other\r\nLocation: /login\r\n\r\n";
    }
    if (value_of(form, "agree", '&') != "1" || value_of(form, "csrf", '&').empty() ||
        value_of(form, "insurer_number", '&') != std::string(m.insurer, m.insurer_len) ||
        value_of(form, "birth_date", '&') != std::string(m.birth, m.birth_len)) {
        mysql_rollback(c.db.get());
        return "Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nmismatch\n";
    }
    const std::string fresh = new_token();
    sha256(fresh, new_hash);
    if (!move_and_consent(c, old_hash, new_hash, m.id, addr ? addr : "")) {
        mysql_rollback(c.db.get());
        return "Status: 500 Internal Server Error\r\n\r\n";
    }
    return "Status: 303 See Other\r\nLocation: /register\r\nSet-Cookie: kosmo_session=" + fresh +
           "; Path=/; HttpOnly; SameSite=Strict\r\nCache-Control: no-store\r\n\r\n";
}

void serve(int listen_fd, const std::map<std::string, std::string>* cfg) {
    Conn c = connect(*cfg);
    FCGX_Request req;
    if (FCGX_InitRequest(&req, listen_fd, 0) != 0)
        return;
    while (FCGX_Accept_r(&req) >= 0) {
        const char* path = FCGX_GetParam("DOCUMENT_URI", req.envp);
        const char* cookie = FCGX_GetParam("HTTP_COOKIE", req.envp);
        const std::string token = value_of(cookie ? cookie : "", "kosmo_session", ';');
        const std::string out =
            path && std::strcmp(path, "/floor/expenses") == 0 ? expenses_answer(c, token)
            : path && std::strcmp(path, "/floor/code") == 0   ? code_answer(c, req, token)
                                                              : verify_answer(c, req, token);
        FCGX_PutStr(out.data(), static_cast<int>(out.size()), req.out);
        FCGX_Finish_r(&req);
    }
}

// Made as the product makes its socket (mode 0660, the same backlog).
int listen_unix(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path)
        die("socket path '" + path + "' is too long");
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    ::unlink(path.c_str());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 ||
        ::chmod(path.c_str(), 0660) != 0 || ::listen(fd, 128) != 0)
        die("cannot listen on '" + path + "': " + std::strerror(errno));
    return fd;
}

}  // namespace

int main(int argc, char** argv) {
    std::string socket, config;
    long threads = 8;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--socket")
            socket = argv[i + 1];
        else if (arg == "--config")
            config = argv[i + 1];
        else if (arg == "--threads")
            threads = std::strtol(argv[i + 1], nullptr, 10);
        else
            die("unknown option '" + arg + "'");
    }
    if (socket.empty() || config.empty() || threads < 1 || threads > 256 || argc % 2 == 0)
        die("usage: bench-floor.fcgi --socket PATH --config KOSMO_CONF [--threads N]");
    const auto cfg =
        std::make_unique<const std::map<std::string, std::string>>(read_db_section(config));
    // Taken by sigwait() below, never by a worker (as in bench/hello.cc).
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    if (mysql_library_init(0, nullptr, nullptr) != 0 || FCGX_Init() != 0)
        die("cannot initialise");
    const int fd = listen_unix(socket);
    for (long i = 0; i < threads; ++i)
        std::thread(serve, fd, cfg.get()).detach();
    int sig = 0;
    while (sigwait(&stop, &sig) != 0) {
    }
    ::unlink(socket.c_str());
    std::_Exit(0);
}
