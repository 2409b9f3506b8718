// test_hash_gate.cc: the hash slots, their waiters, and their fair share among client addresses
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "hash_gate.h"

using namespace kosmo;
using std::chrono::milliseconds;

namespace {

HashGate::Admission now(HashGate& gate, const char* client = "127.0.0.1") {
    return gate.acquire(client, milliseconds(0));
}

// Waits (a guard, not a timing) until GATE has N waiters.
void until_waiting(const HashGate& gate, unsigned n) {
    for (int i = 0; i < 60000 && gate.waiting() != n; ++i)
        std::this_thread::sleep_for(milliseconds(1));
    BOOST_REQUIRE(gate.waiting() == n);
}

// A thread of CLIENT waiting (minutes: in effect for ever) for a slot of
// GATE, which it holds until let_go() or its end.
class Waiter {
public:
    Waiter(HashGate& gate, const char* client)
        : thread_([this, &gate, client] {
              auto slot = gate.acquire(client, std::chrono::minutes(5));
              got_.set_value(static_cast<bool>(slot));
              release_.wait();
          }) {}
    Waiter(const Waiter&) = delete;
    Waiter& operator=(const Waiter&) = delete;
    ~Waiter() {
        let_go();
        thread_.join();
    }
    // Whether a slot came: waits for the answer (a guard, not a timing:
    // only a broken gate leaves a due waiter unanswered for 60 s).
    bool got() {
        return result_.wait_for(std::chrono::seconds(60)) == std::future_status::ready &&
               result_.get();
    }
    bool answered() { return result_.wait_for(milliseconds(0)) == std::future_status::ready; }
    void let_go() {
        if (!let_go_) {
            let_go_ = true;
            let_go_promise_.set_value();
        }
    }

private:
    std::promise<bool> got_;
    std::future<bool> result_ = got_.get_future();
    std::promise<void> let_go_promise_;
    std::shared_future<void> release_ = let_go_promise_.get_future().share();
    bool let_go_ = false;
    std::thread thread_;  // last: it starts once the rest exists
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hash_gate)

BOOST_AUTO_TEST_CASE(bounds_and_releases) {
    HashGate gate(2, 8);
    {
        auto a = now(gate);
        auto b = now(gate);
        BOOST_TEST(static_cast<bool>(a));
        BOOST_TEST(static_cast<bool>(b));
        auto c = gate.acquire("127.0.0.1", milliseconds(30));
        BOOST_TEST(!c);
        BOOST_TEST(c.status() == 503);
        {
            auto moved = std::move(a);  // a moved-from slot releases nothing
        }
        auto d = now(gate);
        BOOST_TEST(static_cast<bool>(d));
        BOOST_TEST(!now(gate));
    }
    // All released on scope exit.
    auto e = now(gate);
    auto f = now(gate);
    BOOST_TEST(static_cast<bool>(e));
    BOOST_TEST(static_cast<bool>(f));
}

BOOST_AUTO_TEST_CASE(waiter_gets_freed_slot) {
    HashGate gate(1, 8);
    auto held = now(gate);
    BOOST_REQUIRE(static_cast<bool>(held));
    Waiter w(gate, "127.0.0.1");
    until_waiting(gate, 1);
    held.reset();
    BOOST_TEST(w.got());
    BOOST_TEST(gate.waiting() == 0u);
}

BOOST_AUTO_TEST_CASE(never_exceeds_slots) {
    HashGate gate(3, 8, 2);
    std::atomic<int> inside{0}, most{0};
    std::vector<std::thread> threads;
    const char* clients[] = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&, client = clients[i % 4]] {
            for (int k = 0; k < 50; ++k) {
                auto s = gate.acquire(client, std::chrono::seconds(30));
                if (!s)
                    continue;
                const int in = ++inside;
                int m = most.load();
                while (in > m && !most.compare_exchange_weak(m, in)) {
                }
                std::this_thread::yield();
                --inside;
            }
        });
    for (auto& t : threads)
        t.join();
    BOOST_TEST(most.load() <= 3);
    BOOST_TEST(most.load() >= 1);
    BOOST_TEST(gate.waiting() == 0u);
    // Every slot came back: three at once again.
    auto a = now(gate, "a"), b = now(gate, "b"), c = now(gate, "c");
    BOOST_TEST((a && b && c));
}

BOOST_AUTO_TEST_CASE(refuses_past_its_waiters) {
    HashGate gate(1, 1);
    auto held = now(gate);
    BOOST_REQUIRE(static_cast<bool>(held));
    Waiter first(gate, "127.0.0.1");
    until_waiting(gate, 1);
    // The one allowed waiter waits: a second is refused without waiting,
    // though it would wait minutes. (A guard, not a timing: it answers at
    // once, and only a broken gate would still be waiting after 60 s.)
    auto second = std::async(std::launch::async, [&] {
        return static_cast<bool>(gate.acquire("127.0.0.2", std::chrono::minutes(2)));
    });
    BOOST_REQUIRE(second.wait_for(std::chrono::seconds(60)) == std::future_status::ready);
    BOOST_TEST(!second.get());
    BOOST_TEST(gate.waiting() == 1u);
    held.reset();
    BOOST_TEST(first.got());
    BOOST_TEST(gate.waiting() == 0u);
}

BOOST_AUTO_TEST_CASE(one_client_takes_at_most_its_share) {
    HashGate gate(4, 8, 2);
    auto a1 = now(gate, "flood"), a2 = now(gate, "flood");
    BOOST_TEST((a1 && a2));
    // Two free slots, yet the flooding address's third is refused at once.
    auto a3 = gate.acquire("flood", std::chrono::minutes(5));
    BOOST_TEST(!a3);
    BOOST_TEST(a3.status() == 429);
    // Other addresses are not: they take the free slots.
    auto b = now(gate, "member-1"), c = now(gate, "member-2");
    BOOST_TEST((b && c));
    // Its share comes back with its slots.
    a1.reset();
    BOOST_TEST(static_cast<bool>(now(gate, "flood")));
}

BOOST_AUTO_TEST_CASE(one_client_leaves_one_slot_to_the_others) {
    HashGate gate(2, 8, 2);
    auto f1 = now(gate, "flood");
    BOOST_REQUIRE(static_cast<bool>(f1));
    // A slot is free, but not to the address holding the other: it waits
    // (here: no wait at all, so it is refused) …
    auto f2 = now(gate, "flood");
    BOOST_TEST(!f2);
    BOOST_TEST(f2.status() == 503);
    // … and another address takes it at once.
    auto member = now(gate, "member");
    BOOST_TEST(static_cast<bool>(member));
}

BOOST_AUTO_TEST_CASE(a_capped_waiter_is_served_when_its_own_slot_frees) {
    HashGate gate(2, 8, 2);
    auto f1 = now(gate, "flood");
    Waiter f2(gate, "flood");  // waits though a slot is free
    until_waiting(gate, 1);
    BOOST_TEST(!f2.answered());
    auto member = now(gate, "member");  // the free slot
    BOOST_TEST(static_cast<bool>(member));
    f1.reset();  // the flood holds none now: its waiter's turn
    BOOST_TEST(f2.got());
    BOOST_TEST(gate.waiting() == 0u);
}

BOOST_AUTO_TEST_CASE(without_a_share_one_client_may_take_every_slot) {
    HashGate gate(2, 8, 0);
    auto a = now(gate, "one"), b = now(gate, "one");
    BOOST_TEST((a && b));
}

BOOST_AUTO_TEST_CASE(waiting_counts_toward_the_share) {
    HashGate gate(1, 8, 2);
    auto held = now(gate, "flood");
    Waiter queued(gate, "flood");
    until_waiting(gate, 1);
    auto third = gate.acquire("flood", std::chrono::minutes(5));
    BOOST_TEST(!third);
    BOOST_TEST(third.status() == 429);
    BOOST_TEST(gate.waiting() == 1u);
    held.reset();
    BOOST_TEST(queued.got());
}

BOOST_AUTO_TEST_CASE(freed_slot_goes_to_the_address_holding_fewest) {
    HashGate gate(2, 8);
    auto f1 = now(gate, "flood"), f2 = now(gate, "flood");
    BOOST_REQUIRE((f1 && f2));
    Waiter flood_waits(gate, "flood");  // first in the queue
    until_waiting(gate, 1);
    Waiter member_waits(gate, "member");  // second
    until_waiting(gate, 2);
    // The flood still holds one slot, the member none: the member's turn,
    // though the flood's waiter came first.
    f1.reset();
    BOOST_TEST(member_waits.got());
    BOOST_TEST(!flood_waits.answered());
    BOOST_TEST(gate.waiting() == 1u);
    f2.reset();
    BOOST_TEST(flood_waits.got());
}

BOOST_AUTO_TEST_CASE(equal_holders_are_served_oldest_first) {
    HashGate gate(1, 8);
    auto held = now(gate, "x");
    Waiter first(gate, "a");
    until_waiting(gate, 1);
    Waiter second(gate, "b");
    until_waiting(gate, 2);
    held.reset();
    BOOST_TEST(first.got());
    BOOST_TEST(!second.answered());
    first.let_go();
    BOOST_TEST(second.got());
}

BOOST_AUTO_TEST_CASE(a_flood_does_not_win_back_the_slot_it_frees) {
    HashGate gate(2, 8, 2);
    auto f1 = now(gate, "flood");
    Waiter flood_waits(gate, "flood");  // first in the queue, capped
    until_waiting(gate, 1);
    auto m1 = now(gate, "member 1");  // the other slot
    BOOST_REQUIRE(static_cast<bool>(m1));
    Waiter m2_waits(gate, "member 2");  // second in the queue
    until_waiting(gate, 2);
    // Both hold none once the flood lets go; the flood was granted a slot
    // more recently than member 2 (never): member 2's turn.
    f1.reset();
    BOOST_TEST(m2_waits.got());
    BOOST_TEST(!flood_waits.answered());
    m1.reset();
    BOOST_TEST(flood_waits.got());
}

BOOST_AUTO_TEST_CASE(waiters_leave_a_thread_free) {
    BOOST_TEST(hash_waiters_for(4, 2) == 1u);
    BOOST_TEST(hash_waiters_for(8, 2) == 5u);
    BOOST_TEST(hash_waiters_for(3, 2) == 0u);
    BOOST_TEST(hash_waiters_for(1, 2) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
