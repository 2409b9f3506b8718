// scrypt.cc: times kosmo's password hash at given scrypt costs, for
// `make bench` and docs/PERFORMANCE.md
//
//   build/bench-scrypt ln=17,r=8,p=1 [COUNT]
//   build/bench-scrypt --defaults     the defaults of [security], KEY=VALUE lines
//
// Prints one line: "ln=17,r=8,p=1 mib=128 wall_ms=... cpu_ms=... peak_rss_mib=...",
// the median wall and CPU time of COUNT (default 3) calls of hash_password
// (salt, scrypt, encoding: what a login or a registration pays), and the
// process's peak RSS, so one process per cost gives that cost's memory.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "config.h"
#include "password.h"

namespace {

double clock_ms(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    // The costs a configuration without these keys gets.
    if (argc == 2 && std::string(argv[1]) == "--defaults") {
        const kosmo::Config c;
        const kosmo::ScryptParams& p = c.password_hash;
        const kosmo::ScryptParams& t = c.temp_password_hash;
        std::printf("password_scrypt=ln=%u,r=%u,p=%u\n", p.log2_n, p.r, p.p);
        std::printf("temp_password_scrypt=ln=%u,r=%u,p=%u\n", t.log2_n, t.r, t.p);
        std::printf("max_concurrent_hashes=%u\n", c.max_concurrent_hashes);
        return 0;
    }
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: bench-scrypt ln=N,r=R,p=P [COUNT]\n");
        return 2;
    }
    kosmo::ScryptParams params;
    if (std::sscanf(argv[1], "ln=%u,r=%u,p=%u", &params.log2_n, &params.r, &params.p) != 3) {
        std::fprintf(stderr, "bench-scrypt: bad cost '%s' (want ln=N,r=R,p=P)\n", argv[1]);
        return 2;
    }
    const int count = argc == 3 ? std::atoi(argv[2]) : 3;
    if (count < 1) {
        std::fprintf(stderr, "bench-scrypt: bad count '%s'\n", argv[2]);
        return 2;
    }
    std::vector<double> wall, cpu;
    try {
        for (int i = 0; i < count; ++i) {
            const double w0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
            const std::string h = kosmo::hash_password("correct horse battery", params);
            wall.push_back(clock_ms(CLOCK_MONOTONIC) - w0);
            cpu.push_back(clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0);
            if (!kosmo::verify_password("correct horse battery", h)) {
                std::fprintf(stderr, "bench-scrypt: the hash does not verify\n");
                return 1;
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-scrypt: %s\n", e.what());
        return 1;
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const double mib = 128.0 * params.r * double(1ull << params.log2_n) / (1 << 20);
    std::printf("ln=%u,r=%u,p=%u mib=%g wall_ms=%.3f cpu_ms=%.3f peak_rss_mib=%.1f\n",
                params.log2_n, params.r, params.p, mib, median(wall), median(cpu),
                ru.ru_maxrss / 1024.0);
    return 0;
}
