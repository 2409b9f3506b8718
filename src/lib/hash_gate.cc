// hash_gate.cc: the slots of the password hashing, granted fairly among client addresses
#include "hash_gate.h"

#include <tuple>

namespace kosmo {

HashGate::HashGate(unsigned slots, unsigned max_waiting, unsigned per_client)
    : free_(slots),
      max_waiting_(max_waiting),
      per_client_(per_client),
      hold_cap_(per_client == 0 ? slots
                : slots > 1     ? slots - 1
                                : 1) {}

HashGate::Slot::~Slot() {
    if (gate_)
        gate_->release(client_);
}

HashGate::Admission HashGate::acquire(std::string_view client_view,
                                      std::chrono::milliseconds wait) {
    const std::string client(client_view);
    std::unique_lock<std::mutex> lock(mutex_);
    Places& places = clients_[client];
    if (per_client_ != 0 && places.held + places.waiting >= per_client_)
        return refuse(Refusal::ClientBusy, client);
    // A free slot means nobody waits who may take it: a release hands slots
    // to such waiters first.
    if (free_ > 0 && may_hold_another(places)) {
        grant(places);
        return {Slot(this, client), Refusal::Busy};
    }
    if (waiters_.size() >= max_waiting_)
        return refuse(Refusal::Busy, client);
    return wait_for_grant(client, wait, lock);
}

HashGate::Admission HashGate::wait_for_grant(const std::string& client,
                                             std::chrono::milliseconds wait,
                                             std::unique_lock<std::mutex>& lock) {
    Waiter me{client};
    const auto at = waiters_.insert(waiters_.end(), &me);
    ++clients_[client].waiting;
    granted_.wait_for(lock, wait, [&] { return me.granted; });
    // grant_freed_slots() has counted a granted waiter as holding already.
    if (me.granted)
        return {Slot(this, client), Refusal::Busy};
    waiters_.erase(at);
    --clients_[client].waiting;
    return refuse(Refusal::Busy, client);
}

HashGate::Admission HashGate::refuse(Refusal why, const std::string& client) {
    forget_if_idle(client);
    return {std::nullopt, why};
}

bool HashGate::may_hold_another(const Places& places) const {
    return places.held < hold_cap_;
}

void HashGate::grant(Places& places) {
    --free_;
    ++places.held;
    places.last_grant = ++grants_;
}

// Each free slot to the waiter whose client holds the fewest slots now, of
// those the client granted one longest ago, then the oldest waiter; none to
// a client at its hold cap (the slot stays free for another address).
// Called with the mutex held.
void HashGate::grant_freed_slots() {
    while (free_ > 0) {
        auto best = waiters_.end();
        const Places* best_places = nullptr;
        for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
            const Places& p = clients_[(*it)->client];
            if (may_hold_another(p) &&
                (!best_places || std::tie(p.held, p.last_grant) <
                                     std::tie(best_places->held, best_places->last_grant))) {
                best = it;
                best_places = &p;
            }
        }
        if (best == waiters_.end())
            return;
        Places& places = clients_[(*best)->client];
        --places.waiting;
        grant(places);
        (*best)->granted = true;
        waiters_.erase(best);
    }
}

void HashGate::release(const std::string& client) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        --clients_[client].held;
        forget_if_idle(client);
        ++free_;
        grant_freed_slots();
    }
    granted_.notify_all();
}

void HashGate::forget_if_idle(const std::string& client) {
    const auto it = clients_.find(client);
    if (it != clients_.end() && it->second.held == 0 && it->second.waiting == 0)
        clients_.erase(it);
}

unsigned HashGate::waiting() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<unsigned>(waiters_.size());
}

unsigned hash_waiters_for(unsigned threads, unsigned slots) {
    return threads > slots + 1 ? threads - slots - 1 : 0;
}

}  // namespace kosmo
