// floor.cc: the floors of `make bench`: only the database work of a passing
// POST /verify, of a passing POST /login/code (an app's code), and of the
// logged-in GETs of 医療費情報 and 給付金のお知らせ
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
// The GETs, on a second connection of the thread (autocommit on, as the
// product reads), each first the product's session read (q/sessions.cc
// session_get: the session with its member, account and society):
//   /floor/expenses   医療費情報's statement (q/records.cc): the newest
//                     year's claims with the years with claims; two round trips
//   /floor/expenses1  the same in one round trip: CALL bench_expenses, a
//                     procedure this program creates in the database at
//                     start (the bench's, not a migration), answering the
//                     session, the years and the claims as three result sets
//   /floor/expenses1j the same in one round trip: one SELECT joining the
//                     session's row to the newest year's claims (each row
//                     repeats the session), the years as a GROUP_CONCAT
//   /floor/benefits   給付金のお知らせ's (q/household_benefits.cc): the years
//                     with decisions, the newest year's decisions
//   /floor/notice?id=ID  支給決定通知書's: the household's one decision
// each answering its rows as bare lines of HTML (a card a claim or
// decision). ?pad=N fills the body up to N bytes with an HTML comment, so
// that nginx and wrk carry as many bytes as for the product's page (the
// bench passes the page's size).
// No CSRF check, form decoding, template, escaping, log or retry: the bench
// sends only correct, plain-digit forms and its own generated rows, and
// what the product spends beyond this file is the cost the comparison is
// made to show. Stops on SIGTERM.
#include <signal.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
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
#include <utility>
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
    StmtPtr session, claims, call, joined, benefit_years, benefits, benefit;
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
                            cfg["name"].c_str(), 0, cfg["socket"].c_str(), CLIENT_MULTI_RESULTS))
        die(std::string("cannot connect: ") + mysql_error(db.get()));
    return db;
}

// The product's session read (q/sessions.cc session_get): the session with
// its member, account and society, in the product's column order (the
// stage 0, expired 6, the household 9-11), of the idle and absolute limits
// in minutes and the password's days (each "?" when prepared), then
// (FLOOR_SESSION_WHERE) the session's hash.
#define FLOOR_SESSION_COLUMNS(IDLE, ABSOLUTE, DAYS)                                             \
    "SELECT s.stage, s.member_id, s.account_id, s.pending_user_id, s.pending_email,"            \
    " s.pending_password_hash, s.last_seen_at < NOW(6) - INTERVAL " IDLE                        \
    " MINUTE"                                                                                   \
    " OR s.created_at < NOW(6) - INTERVAL " ABSOLUTE                                            \
    " MINUTE,"                                                                                  \
    " s.last_seen_at < NOW(6) - INTERVAL 1 MINUTE,"                                             \
    " m.id, m.insurer_number, m.symbol, m.number, m.name, DATE_FORMAT(m.birth_date, '%Y%m%d')," \
    " m.category, m.verify_failures, m.verify_locked_at IS NOT NULL,"                           \
    " DATE_FORMAT(s.created_at, '%Y-%m-%d %H:%i:%s.%f'),"                                       \
    " a.id, a.user_id, a.email,"                                                                \
    " DATE_FORMAT(a.password_changed_at + INTERVAL NULLIF(" DAYS                                \
    ", 0) DAY, '%Y%m%d'), a.notices,"                                                           \
    " so.insurer_number, so.name, so.company_domains, so.features, so.mfa, so.keep_months"
#define FLOOR_SESSION_FROM                                       \
    " FROM sessions s LEFT JOIN members m ON m.id = s.member_id" \
    " LEFT JOIN accounts a ON a.id = s.account_id"               \
    " LEFT JOIN societies so ON so.insurer_number = m.insurer_number"
#define FLOOR_SESSION_WHERE " WHERE s.id_hash = ?"
// The household's columns, of a claim and of a decision.
#define FLOOR_HOUSEHOLD " WHERE insurer_number = ? AND symbol = ? AND number = ?"
#define FLOOR_CLAIM_COLUMNS \
    "service_month, patient_name, provider, kind, days, total_cost, self_pay, claim_id"
#define FLOOR_DECISION_COLUMNS                                                     \
    "SELECT decision_id, DATE_FORMAT(decided_on, '%Y-%m-%d'), kind, patient_name," \
    " service_month, DATE_FORMAT(paid_on, '%Y-%m-%d'), amount FROM benefit_decisions"

// /floor/expenses1's procedure: the session read's three parameters and
// the hash in, its three result sets out (p_ and v_ names: a parameter or
// variable named as a column would be read instead of the column). The
// household is read again inside (a lookup by the same keys, no round
// trip) so that a session that is not the portal's reads no claims; the
// newest year is MAX's.
const char* const kCallProcedure =
    "CREATE OR REPLACE PROCEDURE bench_expenses(IN p_idle INT, IN p_absolute INT, IN p_days INT,"
    " IN p_hash BINARY(32))\n"
    "BEGIN\n"
    " DECLARE v_ins TYPE OF expense_claims.insurer_number;\n"
    " DECLARE v_sym TYPE OF expense_claims.symbol;\n"
    " DECLARE v_num TYPE OF expense_claims.number;\n"
    " DECLARE v_year INT;\n"
    " " FLOOR_SESSION_COLUMNS("p_idle", "p_absolute", "p_days") FLOOR_SESSION_FROM
    " WHERE s.id_hash = p_hash;\n"
    " SELECT m.insurer_number, m.symbol, m.number INTO v_ins, v_sym, v_num FROM sessions s"
    "  JOIN members m ON m.id = s.member_id WHERE s.id_hash = p_hash AND s.stage = 10;\n"
    " SELECT DISTINCT service_month DIV 100 FROM expense_claims"
    "  WHERE insurer_number = v_ins AND symbol = v_sym AND number = v_num ORDER BY 1 DESC;\n"
    " SELECT MAX(service_month) DIV 100 INTO v_year FROM expense_claims"
    "  WHERE insurer_number = v_ins AND symbol = v_sym AND number = v_num;\n"
    " SELECT " FLOOR_CLAIM_COLUMNS
    " FROM expense_claims"
    "  WHERE insurer_number = v_ins AND symbol = v_sym AND number = v_num"
    "  AND service_month BETWEEN v_year * 100 + 1 AND v_year * 100 + 12"
    "  ORDER BY service_month DESC;\n"
    "END";

// The portal's statements, as the product sends them, and the two ways of
// one round trip.
void prepare_portal(Conn& c) {
    MYSQL* m = c.portal.get();
    c.session =
        prepare(m, FLOOR_SESSION_COLUMNS("?", "?", "?") FLOOR_SESSION_FROM FLOOR_SESSION_WHERE);
    // The product's one statement for the newest year's claims and the
    // household's years (q/records.cc household_claims_year).
    c.claims =
        prepare(m, "SELECT " FLOOR_CLAIM_COLUMNS
                   ", (SELECT GROUP_CONCAT(DISTINCT service_month DIV 100"
                   "  ORDER BY service_month DIV 100 DESC) FROM expense_claims" FLOOR_HOUSEHOLD
                   ") FROM expense_claims" FLOOR_HOUSEHOLD
                   " AND service_month > (SELECT MAX(service_month) DIV 100 * 100"
                   " FROM expense_claims" FLOOR_HOUSEHOLD ") ORDER BY service_month DESC");
    c.call = prepare(m, "CALL bench_expenses(?, ?, ?, ?)");
    // The years, and the claims from the newest year's first month on. That
    // bound is found by the session's hash (a second parameter), not by the
    // joined member: uncorrelated, it is computed once a statement. No ORDER
    // BY: on the outer join's rows it costs a temporary table and a sort
    // (ANALYZE: most of the statement's time); the rows come in the key's
    // order and expenses_join_answer puts them newest first.
    c.joined = prepare(
        m, FLOOR_SESSION_COLUMNS("?", "?", "?")
        ", (SELECT GROUP_CONCAT(DISTINCT y.service_month DIV 100"
        "  ORDER BY y.service_month DIV 100 DESC) FROM expense_claims y"
        "  WHERE y.insurer_number = m.insurer_number AND y.symbol = m.symbol"
        "  AND y.number = m.number),"
        " c.service_month, c.patient_name, c.provider, c.kind, c.days, c.total_cost, c.self_pay,"
        " c.claim_id" FLOOR_SESSION_FROM
        " LEFT JOIN expense_claims c ON s.stage = 10 AND c.insurer_number = m.insurer_number"
        " AND c.symbol = m.symbol AND c.number = m.number AND c.service_month >"
        " (SELECT MAX(x.service_month) DIV 100 * 100 FROM sessions s2"
        "  JOIN members m2 ON m2.id = s2.member_id JOIN expense_claims x"
        "  ON x.insurer_number = m2.insurer_number AND x.symbol = m2.symbol"
        "  AND x.number = m2.number WHERE s2.id_hash = ?)" FLOOR_SESSION_WHERE);
    c.benefit_years =
        prepare(m, "SELECT DISTINCT YEAR(decided_on) FROM benefit_decisions" FLOOR_HOUSEHOLD
                   " ORDER BY 1 DESC");
    c.benefits = prepare(m, FLOOR_DECISION_COLUMNS FLOOR_HOUSEHOLD
                         " AND decided_on BETWEEN ? AND ? ORDER BY decided_on DESC");
    c.benefit =
        prepare(m, FLOOR_DECISION_COLUMNS
                " WHERE insurer_number = ? AND decision_id = ? AND symbol = ? AND number = ?");
}

// The procedure of /floor/expenses1 made (again) in the database of CFG,
// before the threads prepare its CALL.
void create_procedure(std::map<std::string, std::string> cfg) {
    MysqlPtr db = open_db(cfg);
    if (mysql_real_query(db.get(), kCallProcedure, std::strlen(kCallProcedure)) != 0)
        die(std::string("cannot create the procedure bench_expenses: ") + mysql_error(db.get()));
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

// Statement S run with PARAMS, text but those BYTES marks (hashes) sent as
// bytes; false when it failed.
bool execute(MYSQL_STMT* s, const std::vector<std::string>& params, std::vector<bool> bytes) {
    std::vector<MYSQL_BIND> in(params.size());
    std::vector<unsigned long> in_len(params.size());
    bytes.resize(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
        in_len[i] = params[i].size();
        in[i] = bind_of(bytes[i] ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING,
                        const_cast<char*>(params[i].data()), in_len[i], &in_len[i]);
    }
    return mysql_stmt_bind_param(s, in.data()) == 0 && mysql_stmt_execute(s) == 0;
}

// The marks for execute of N parameters, those from FIRST on bytes.
std::vector<bool> bytes_from(std::size_t first, std::size_t n) {
    std::vector<bool> bytes(n);
    for (std::size_t i = first; i < n; ++i)
        bytes[i] = true;
    return bytes;
}

// Every row of S's current result set, each column as text (at most 256
// bytes of it), the result set then freed.
Rows fetch_rows(MYSQL_STMT* s) {
    Rows out;
    const unsigned n = mysql_stmt_field_count(s);
    std::vector<std::array<char, 256>> buf(n);
    std::vector<unsigned long> len(n);
    std::vector<my_bool> null(n);
    std::vector<MYSQL_BIND> res(n);
    for (unsigned i = 0; i < n; ++i) {
        res[i] = bind_of(MYSQL_TYPE_STRING, buf[i].data(), buf[i].size(), &len[i]);
        res[i].is_null = &null[i];
    }
    if (n > 0 && mysql_stmt_bind_result(s, res.data()) == 0)
        for (int got; (got = mysql_stmt_fetch(s)) == 0 || got == MYSQL_DATA_TRUNCATED;) {
            out.emplace_back(n);
            for (unsigned i = 0; i < n; ++i)
                out.back()[i].assign(buf[i].data(),
                                     null[i] ? 0 : std::min<unsigned long>(len[i], 256));
        }
    mysql_stmt_free_result(s);
    return out;
}

// Every row of statement S run with PARAMS (those from BINARY on sent as
// bytes, as execute), each column as text.
Rows rows_of(MYSQL_STMT* s, const std::vector<std::string>& params,
             std::size_t binary = std::string::npos) {
    return execute(s, params, bytes_from(binary, params.size())) ? fetch_rows(s) : Rows();
}

// The session read's parameters for TOKEN: the product's limits (30 and
// 120 minutes, a password valid 360 days), then its hash.
std::vector<std::string> session_params(const std::string& token) {
    unsigned char hash[32];
    sha256(token, hash);
    return {"30", "120", "360", std::string(reinterpret_cast<char*>(hash), 32)};
}

// The household (insurer number, symbol, number) of SESSION, the session
// read's rows, when it is one logged-in portal session not expired;
// empty otherwise.
std::vector<std::string> household_of(const Rows& session) {
    if (session.empty() || session[0][0] != "10" || session[0][6] != "0")
        return {};
    return {session[0][9], session[0][10], session[0][11]};
}

const char* const kToLogin = "Status: 303 See Other\r\nLocation: /login\r\n\r\n";

// A 200 answer of BODY, made up to PAD bytes with an HTML comment (or
// spaces, when fewer than a comment's 8 are missing).
std::string html_answer(std::string body, std::size_t pad) {
    if (body.size() + 8 <= pad)
        body += "<!--" + std::string(pad - body.size() - 8, 'x') + "-->\n";
    else if (body.size() < pad)
        body.append(pad - body.size(), ' ');
    return "Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
           "Cache-Control: no-store\r\n\r\n" +
           body;
}

// A card a row of ROWS, its columns from FIRST on as text, in a list.
std::string cards(const Rows& rows, std::size_t first = 0) {
    std::string out = "<!DOCTYPE html><ul>\n";
    for (const auto& row : rows) {
        out += "<li class=\"card\">";
        for (std::size_t i = first; i < row.size(); ++i)
            out += row[i] + " ";
        out += "</li>\n";
    }
    return out + "</ul>\n";
}

// One GET /floor/expenses: the newest year's claims of the session's
// household, in the product's two round trips.
std::string expenses_answer(Conn& c, const std::string& token, std::size_t pad) {
    const auto household = household_of(rows_of(c.session.get(), session_params(token), 3));
    if (household.empty())
        return kToLogin;
    std::vector<std::string> params;
    for (int i = 0; i < 3; ++i)
        params.insert(params.end(), household.begin(), household.end());
    Rows claims = rows_of(c.claims.get(), params);
    for (auto& claim : claims)
        claim.pop_back();  // the years, which the floor does not show
    return html_answer(cards(claims), pad);
}

// One GET /floor/expenses1: the same in one round trip, the procedure's
// result sets (the session, the years, the claims) and its status read.
std::string expenses_call_answer(Conn& c, const std::string& token, std::size_t pad) {
    MYSQL_STMT* s = c.call.get();
    std::vector<Rows> sets;
    if (!execute(s, session_params(token), bytes_from(3, 4)))
        return "Status: 500 Internal Server Error\r\n\r\n";
    for (;;) {
        if (mysql_stmt_field_count(s) > 0)
            sets.push_back(fetch_rows(s));
        // Every result, the CALL's status last, read before the next
        // statement on this connection.
        if (mysql_stmt_next_result(s) != 0)
            break;
    }
    if (sets.size() != 3)
        return "Status: 500 Internal Server Error\r\n\r\n";
    if (household_of(sets[0]).empty())
        return kToLogin;
    return html_answer(cards(sets[2]), pad);
}

// One GET /floor/expenses1j: the same in one SELECT, the claims from column
// 30 of each row (a household without claims: one row, a NULL claim),
// newest month first.
std::string expenses_join_answer(Conn& c, const std::string& token, std::size_t pad) {
    auto params = session_params(token);
    params.push_back(params.back());
    Rows rows = rows_of(c.joined.get(), params, 3);
    if (household_of(rows).empty())
        return kToLogin;
    if (rows.size() == 1 && rows[0][30].empty())
        rows.clear();
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a[30] > b[30]; });
    return html_answer(cards(rows, 30), pad);
}

// One GET /floor/benefits: the newest year's decisions of the session's
// household, in the product's two round trips.
std::string benefits_answer(Conn& c, const std::string& token, std::size_t pad) {
    const auto household = household_of(rows_of(c.session.get(), session_params(token), 3));
    if (household.empty())
        return kToLogin;
    const Rows years = rows_of(c.benefit_years.get(), household);
    Rows decisions;
    if (!years.empty()) {
        auto params = household;
        params.push_back(years[0][0] + "-01-01");
        params.push_back(years[0][0] + "-12-31");
        decisions = rows_of(c.benefits.get(), params);
    }
    return html_answer(cards(decisions), pad);
}

// One GET /floor/notice?id=ID: the household's decision ID, in two round
// trips; 404 when it has none of that ID.
std::string notice_answer(Conn& c, const std::string& token, const std::string& id,
                          std::size_t pad) {
    const auto household = household_of(rows_of(c.session.get(), session_params(token), 3));
    if (household.empty())
        return kToLogin;
    const Rows decision = rows_of(c.benefit.get(), {household[0], id, household[1], household[2]});
    if (decision.empty())
        return "Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nno such decision\n";
    return html_answer(cards(decision), pad);
}

// The body of REQ's POST (at most 4 KiB: the bench's forms are short).
std::string form_of(FCGX_Request& req) {
    const char* length = FCGX_GetParam("CONTENT_LENGTH", req.envp);
    char body[4096];
    const long want = length ? std::strtol(length, nullptr, 10) : 0;
    const int got = want > 0 && want < 4096 ? FCGX_GetStr(body, static_cast<int>(want), req.in) : 0;
    return std::string(body, got > 0 ? got : 0);
}

// Statement S run with PARAMS (text, but the ones BYTES marks sent as
// bytes, as execute): how many rows it changed, -1 when it failed.
long long run(MYSQL_STMT* s, const std::vector<std::string>& params, std::vector<bool> bytes) {
    if (!execute(s, params, std::move(bytes)))
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

// The answer to REQ of the session TOKEN, by its path.
std::string answer(Conn& c, FCGX_Request& req, const std::string& token) {
    const char* path_param = FCGX_GetParam("DOCUMENT_URI", req.envp);
    const char* query_param = FCGX_GetParam("QUERY_STRING", req.envp);
    const std::string path = path_param ? path_param : "", query = query_param ? query_param : "";
    // At most 1 MiB: the pages are tens of KiB.
    const std::size_t pad =
        std::min(std::strtoul(value_of(query, "pad", '&').c_str(), nullptr, 10), 1ul << 20);
    if (path == "/floor/expenses")
        return expenses_answer(c, token, pad);
    if (path == "/floor/expenses1")
        return expenses_call_answer(c, token, pad);
    if (path == "/floor/expenses1j")
        return expenses_join_answer(c, token, pad);
    if (path == "/floor/benefits")
        return benefits_answer(c, token, pad);
    if (path == "/floor/notice")
        return notice_answer(c, token, value_of(query, "id", '&'), pad);
    if (path == "/floor/code")
        return code_answer(c, req, token);
    return verify_answer(c, req, token);
}

void serve(int listen_fd, const std::map<std::string, std::string>* cfg) {
    Conn c = connect(*cfg);
    FCGX_Request req;
    if (FCGX_InitRequest(&req, listen_fd, 0) != 0)
        return;
    while (FCGX_Accept_r(&req) >= 0) {
        const char* cookie = FCGX_GetParam("HTTP_COOKIE", req.envp);
        const std::string out =
            answer(c, req, value_of(cookie ? cookie : "", "kosmo_session", ';'));
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
    create_procedure(*cfg);
    const int fd = listen_unix(socket);
    for (long i = 0; i < threads; ++i)
        std::thread(serve, fd, cfg.get()).detach();
    int sig = 0;
    while (sigwait(&stop, &sig) != 0) {
    }
    ::unlink(socket.c_str());
    std::_Exit(0);
}
