// hash_gate.h: how many password hashes run at once, shared fairly among client addresses
#ifndef KOSMO_HASH_GATE_H
#define KOSMO_HASH_GATE_H

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace kosmo {

// Bounds how many scrypt hashes run at once in one process, so a flood of
// logins cannot exhaust memory (each hash at ln=17,r=8 takes 128 MiB).
// Also bounds how many requests wait for a slot: a worker thread that waits
// serves nothing else, so past MAX_WAITING a request is refused at once and
// the other threads stay free for the pages that need no hash.
//
// Fair among clients (SECURITY.md "Logins under a flood"), unless
// PER_CLIENT is 0: one client address holds and waits for at most
// PER_CLIENT places at once, so a flooding address cannot fill the queue;
// it holds at most all slots but one (one slot, of one), so another address
// finds a slot free or next; and a freed slot goes to the waiter whose
// address holds the fewest slots, of those the address granted one longest
// ago (then the oldest waiter): the addresses take turns, so a flood that
// always waits does not win back each slot it frees from members who came
// after it.
class HashGate {
public:
    HashGate(unsigned slots, unsigned max_waiting, unsigned per_client = 0);
    HashGate(const HashGate&) = delete;
    HashGate& operator=(const HashGate&) = delete;

    // Holds one slot for its lifetime.
    class Slot {
    public:
        Slot(HashGate* gate, std::string client) : gate_(gate), client_(std::move(client)) {}
        Slot(Slot&& other) noexcept : gate_(other.gate_), client_(std::move(other.client_)) {
            other.gate_ = nullptr;
        }
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        Slot& operator=(Slot&&) = delete;
        ~Slot();

    private:
        HashGate* gate_;
        std::string client_;
    };

    // Why no slot came.
    enum class Refusal {
        Busy,        // all slots taken and the queue full, or WAIT passed (503)
        ClientBusy,  // CLIENT holds or waits for its PER_CLIENT places already (429)
    };

    struct Admission {
        std::optional<Slot> slot;         // empty when refused
        Refusal refusal = Refusal::Busy;  // why, when refused

        explicit operator bool() const { return slot.has_value(); }
        void reset() { slot.reset(); }
        // The answer to a refusal: 429 for the client's own excess, else 503.
        int status() const { return refusal == Refusal::ClientBusy ? 429 : 503; }
    };

    // A slot for CLIENT (the request's address), waiting up to WAIT for one.
    [[nodiscard]] Admission acquire(std::string_view client, std::chrono::milliseconds wait);

    unsigned waiting() const;  // how many wait now

private:
    struct Places {
        unsigned held = 0;
        unsigned waiting = 0;
        std::uint64_t last_grant = 0;  // grants_ when it last got a slot; 0: not since idle
    };
    struct Waiter {
        std::string client;
        bool granted = false;
    };
    bool may_hold_another(const Places& places) const;
    void grant(Places& places);
    Admission refuse(Refusal why, const std::string& client);
    Admission wait_for_grant(const std::string& client, std::chrono::milliseconds wait,
                             std::unique_lock<std::mutex>& lock);
    void grant_freed_slots();
    void release(const std::string& client);
    void forget_if_idle(const std::string& client);

    mutable std::mutex mutex_;
    std::condition_variable granted_;
    unsigned free_;
    std::uint64_t grants_ = 0;  // slots granted so far: the clock of the turns
    const unsigned max_waiting_;
    const unsigned per_client_;
    const unsigned hold_cap_;     // slots one client may hold (all but one), with PER_CLIENT
    std::list<Waiter*> waiters_;  // oldest first; each lives on its waiting thread's stack
    std::map<std::string, Places, std::less<>> clients_;  // only clients with places
};

// The waiters a HashGate of SLOTS allows in a program of THREADS workers:
// all but the hashing ones and one, which stays free for other pages.
unsigned hash_waiters_for(unsigned threads, unsigned slots);

}  // namespace kosmo

#endif
