// test_db.cc: what the database layer does without a server: rows as text,
// and a clean DbUnavailable when MariaDB cannot be reached
#include <boost/test/unit_test.hpp>

#include "db.h"
#include "q/members.h"

using namespace kosmo;

namespace {

Row row(std::initializer_list<std::optional<std::string>> cols) {
    return Row(std::vector<std::optional<std::string>>(cols));
}

DbConfig unreachable() {
    DbConfig c;
    c.socket = "/nonexistent/kosmo-test/mysqld.sock";
    c.user = "nobody";
    c.name = "kosmo_test";
    return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(db)

BOOST_AUTO_TEST_CASE(row_text_and_null) {
    auto r = row({std::string("abc"), std::nullopt, std::string("")});
    BOOST_TEST(r.size() == 3u);
    BOOST_TEST(r.str(0) == "abc");
    BOOST_TEST(r.is_null(1));
    BOOST_TEST(r.str(1) == "");
    BOOST_TEST(!r.is_null(2));
    BOOST_CHECK_THROW(r.str(3), std::out_of_range);
}

BOOST_AUTO_TEST_CASE(row_numbers) {
    auto r =
        row({std::string("42"), std::string("-7"), std::nullopt, std::string("9223372036854775807"),
             std::string("12x"), std::string(""), std::string("1.5")});
    BOOST_TEST(r.num(0) == 42);
    BOOST_TEST(r.num(1) == -7);
    BOOST_TEST(r.num(2) == 0);
    BOOST_TEST(r.num(3) == INT64_MAX);
    BOOST_CHECK_THROW(r.num(4), DbError);
    BOOST_CHECK_THROW(r.num(5), DbError);
    BOOST_CHECK_THROW(r.num(6), DbError);
}

BOOST_AUTO_TEST_CASE(unreachable_server_is_unavailable) {
    Db db(unreachable());
    try {
        db.stmt("probe", "SELECT 1");
        BOOST_FAIL("no exception");
    } catch (const DbUnavailable& e) {
        std::string msg = e.what();
        BOOST_TEST(msg.find("cannot connect to database 'kosmo_test'") == 0u);
        BOOST_TEST(msg.find("/nonexistent/kosmo-test/mysqld.sock") != std::string::npos);
    }
    // Each use tries again, and fails the same way.
    BOOST_CHECK_THROW(q::member_by_id(db, 1), DbUnavailable);
    BOOST_CHECK_THROW(db.exec_raw("SELECT 1"), DbUnavailable);
}

BOOST_AUTO_TEST_CASE(ping_unreachable_server) {
    Db db(unreachable());
    for (int i = 0; i < 2; ++i) {  // no state is left behind by a failed ping
        try {
            db.ping();
            BOOST_FAIL("no exception");
        } catch (const DbUnavailable& e) {
            const std::string msg = e.what();
            BOOST_TEST(msg.find("cannot connect to database 'kosmo_test'") == 0u, msg);
            BOOST_TEST(msg.find("/nonexistent/kosmo-test/mysqld.sock") != std::string::npos, msg);
        }
    }
    BOOST_TEST(!db.in_transaction());
}

BOOST_AUTO_TEST_CASE(transaction_on_unreachable_server) {
    Db db(unreachable());
    BOOST_CHECK_THROW(db.begin(), DbUnavailable);
    BOOST_TEST(!db.in_transaction());
    db.rollback();  // nothing to roll back: no effect, no exception
    BOOST_CHECK_THROW(in_transaction(db, [](Db&) { return 1; }), DbUnavailable);
    BOOST_CHECK_THROW(db.commit(), DbError);  // no transaction is open
}

BOOST_AUTO_TEST_SUITE_END()
