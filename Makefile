# Makefile: builds kosmo into build/, runs its tests and its private stack.
#
# Targets: all (default), check, run, install, bench, clean, distclean.
# Knobs:   V=1 (full commands), SANITIZE=1 (ASan + UBSan), PORT=8080 (make run),
#          DESTDIR, prefix, bindir, sbindir, datadir (make install).
# Order of settings: the defaults below, then config.mk (written by
# ./configure, which this Makefile runs when needed, after tools/install-deps),
# then config.mk.local (site overrides, never committed), then the command line.

all::

# --- defaults -----------------------------------------------------------------
CXX = g++
CXXFLAGS = -g -O2
CPPFLAGS =
LDFLAGS =
LIBS =
AR = ar

prefix = /usr/local
exec_prefix = $(prefix)
bindir = $(exec_prefix)/bin
sbindir = $(exec_prefix)/sbin
datarootdir = $(prefix)/share
datadir = $(datarootdir)
sysconfdir = $(prefix)/etc
localstatedir = $(prefix)/var

FCGI_LIBS = -lfcgi
CTEMPLATE_LIBS = -lctemplate
MARIADB_CFLAGS = -I/usr/include/mariadb
MARIADB_LIBS = -lmariadb
OPENSSL_CFLAGS =
OPENSSL_LIBS = -lssl -lcrypto
BOOST_TEST_LIBS = -lboost_unit_test_framework

INSTALL = install
PORT = 8080
BENCH_PORT = 18081
PERF_ANCHORS = ../shared/perf-anchors

# clean and distclean need no configuration; everything else does (and so
# makes it first on a fresh tree).
ifeq ($(filter-out clean distclean,$(or $(MAKECMDGOALS),all)),)
else
-include config.mk
endif
-include config.mk.local

# --- flags the user cannot drop -----------------------------------------------
KOSMO_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror
ifeq ($(SANITIZE),1)
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer
endif
ALL_CPPFLAGS = -Isrc/lib $(MARIADB_CFLAGS) $(OPENSSL_CFLAGS) $(CPPFLAGS)
ALL_CXXFLAGS = $(CXXFLAGS) $(SANITIZE_FLAGS) $(KOSMO_CXXFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SANITIZE_FLAGS)
KOSMO_LIBS = $(FCGI_LIBS) $(CTEMPLATE_LIBS) $(MARIADB_LIBS) $(OPENSSL_LIBS) -pthread $(LIBS)

ifneq ($(V),1)
QUIET_CXX  = @printf '  %-7s %s\n' CXX $<;
QUIET_AR   = @printf '  %-7s %s\n' AR $@;
QUIET_LINK = @printf '  %-7s %s\n' LINK $@;
QUIET_GEN  = @printf '  %-7s %s\n' GEN $@;
endif

# --- what is built --------------------------------------------------------------
objs = $(patsubst %.cc,build/obj/%.o,$(wildcard $(1)/*.cc))

LIB_OBJS := $(call objs,src/lib)
LOGIN_OBJS := $(call objs,src/login)
VERIFY_OBJS := $(call objs,src/verify)
REGISTER_OBJS := $(call objs,src/register)
KOSMOCTL_OBJS := $(call objs,src/kosmoctl)
UNIT_OBJS := $(call objs,tests/unit)

# A program whose directory has no source yet is left out, with a note, so
# the rest still builds while the tree grows.
program = $(if $(2),$(1),$(info note: no sources in $(3)/ yet, $(1) not built))
PROGRAMS := $(strip \
	$(call program,build/kosmo-login.fcgi,$(LOGIN_OBJS),src/login) \
	$(call program,build/kosmo-verify.fcgi,$(VERIFY_OBJS),src/verify) \
	$(call program,build/kosmo-register.fcgi,$(REGISTER_OBJS),src/register) \
	$(call program,build/kosmoctl,$(KOSMOCTL_OBJS),src/kosmoctl))

ALL_OBJS := $(LIB_OBJS) $(LOGIN_OBJS) $(VERIFY_OBJS) $(REGISTER_OBJS) $(KOSMOCTL_OBJS) $(UNIT_OBJS)

.DELETE_ON_ERROR:
.PHONY: all check run install bench clean distclean FORCE

all:: build/libkosmo.a $(PROGRAMS)

# --- configuration ----------------------------------------------------------------
# A fresh tree (or a changed configure.ac) gets its packages, its configure
# script and config.mk here; make then restarts with config.mk read.
config.mk: configure.ac config.mk.in
	tools/install-deps
	@if test ! -f configure || test configure.ac -nt configure; then \
		echo '  AUTOCONF configure'; autoconf || exit 1; fi
	@if test -f config.status; then \
		./config.status --recheck && ./config.status; \
	else \
		./configure; \
	fi

# Rebuild everything when the compiler or its flags change (SANITIZE=1 ...).
build/.flags: FORCE
	@mkdir -p build
	@flags='$(subst ','\'',$(CXX) $(ALL_CPPFLAGS) $(ALL_CXXFLAGS) $(ALL_LDFLAGS) $(KOSMO_LIBS))'; \
	if test x"$$flags" != x"$$(cat $@ 2>/dev/null)"; then \
		test ! -f $@ || echo '  * new build flags'; \
		printf '%s\n' "$$flags" >$@; \
	fi

# --- compile and link -----------------------------------------------------------------
build/obj/%.o: %.cc build/.flags
	@mkdir -p $(@D)
	$(QUIET_CXX)$(CXX) $(ALL_CPPFLAGS) $(ALL_CXXFLAGS) -MMD -MP -c -o $@ $<

# Every unit-test file must see the same Boost.Test linkage as main.cc.
$(UNIT_OBJS): ALL_CPPFLAGS += -DBOOST_TEST_DYN_LINK

build/libkosmo.a: $(LIB_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	$(QUIET_AR)$(AR) rcs $@ $^

link = $(QUIET_LINK)$(CXX) $(ALL_CXXFLAGS) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) build/libkosmo.a

build/kosmo-login.fcgi: $(LOGIN_OBJS) build/libkosmo.a
	$(link) $(KOSMO_LIBS)
build/kosmo-verify.fcgi: $(VERIFY_OBJS) build/libkosmo.a
	$(link) $(KOSMO_LIBS)
build/kosmo-register.fcgi: $(REGISTER_OBJS) build/libkosmo.a
	$(link) $(KOSMO_LIBS)
build/kosmoctl: $(KOSMOCTL_OBJS) build/libkosmo.a
	$(link) $(KOSMO_LIBS)
build/unit-tests: $(UNIT_OBJS) build/libkosmo.a
	$(link) $(BOOST_TEST_LIBS) $(KOSMO_LIBS)

-include $(ALL_OBJS:.o=.d)

# --- tests and the private stack ------------------------------------------------------
check: all build/unit-tests
	tests/run

run: all
	tools/stack run var $(PORT)

# Starts a stack on BENCH_PORT and measures its login page side by side with
# the reference points in $(PERF_ANCHORS) (needs wrk and php-fpm; see there).
bench: all
	@test -f $(PERF_ANCHORS)/measure.sh || \
		{ echo "bench: $(PERF_ANCHORS)/measure.sh not found (make bench PERF_ANCHORS=DIR)" >&2; exit 1; }
	KOSMO_ACCESS_LOG=off tools/stack start build/bench-var $(BENCH_PORT)
	PROJECT_URL=http://127.0.0.1:$(BENCH_PORT)/login \
	PROJECT_PIDS="$$(tools/stack pids build/bench-var)" \
	ONLY="$${ONLY:-static fcgi php-login project}" \
		bash $(PERF_ANCHORS)/measure.sh; \
	rc=$$?; tools/stack stop build/bench-var; exit $$rc

# --- install ------------------------------------------------------------------------------
kosmo_datadir = $(datadir)/kosmo

install: all
	$(INSTALL) -d -m 755 '$(DESTDIR)$(sbindir)' '$(DESTDIR)$(bindir)' '$(DESTDIR)$(kosmo_datadir)'
	$(INSTALL) -m 755 $(filter %.fcgi,$(PROGRAMS)) '$(DESTDIR)$(sbindir)'
	$(INSTALL) -m 755 $(filter build/kosmoctl,$(PROGRAMS)) '$(DESTDIR)$(bindir)'
	@set -e; for dir in templates static sql nginx; do \
		test -d $$dir || continue; \
		find $$dir -type f | while read -r f; do \
			$(INSTALL) -D -m 644 "$$f" '$(DESTDIR)$(kosmo_datadir)'/"$$f"; \
		done; \
	done

# --- cleaning ------------------------------------------------------------------------------
# var/ (the stack's database and mail) is kept: it is data, not a build output.
clean:
	rm -rf build

distclean: clean
	rm -rf config.mk config.status config.log configure configure~ autom4te.cache
