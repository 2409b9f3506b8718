// fuzz.h: what the libFuzzer targets share: a check that names the broken promise before aborting
#ifndef KOSMO_FUZZ_H
#define KOSMO_FUZZ_H

#include <cstdio>
#include <cstdlib>

// libFuzzer keeps the input that aborts; the line says which promise it broke.
#define FUZZ_REQUIRE(condition)                                                             \
    do {                                                                                    \
        if (!(condition)) {                                                                 \
            std::fprintf(stderr, "fuzz: broken promise at %s:%d: %s\n", __FILE__, __LINE__, \
                         #condition);                                                       \
            std::abort();                                                                   \
        }                                                                                   \
    } while (0)

#endif
