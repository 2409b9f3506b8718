# Makefile: builds kosmo into build/, runs its tests and its private stack.
#
# Targets: all (default), check, check-units, check-security, run, install, deb, bench, fuzz, format,
#          clean, distclean.
# Knobs:   V=1 (full commands), SANITIZE=1 (ASan + UBSan), PORT=8080 (make run),
#          GALERA=1 (make run on three Galera nodes and two hosts),
#          FUZZ_SECONDS=60 (make fuzz: seconds per target),
#          DESTDIR, prefix, bindir, sbindir, datadir, sysconfdir, runstatedir,
#          systemdunitdir, sysusersdir (make install).
# Order of settings: the defaults below, then config.mk (written by
# ./configure, which this Makefile runs when needed), then config.mk.local
# (site overrides, never committed), then the command line.
# Packages: only check, check-security, run, bench and fuzz call
# tools/install-deps (INSTALL_DEPS); all, install and ./configure never install
# anything or reach the network, as a package build wants.

all::

# Every core builds, unless the command line says how many (-j1 ...): the
# compiles are most of a clean build's time, and each file is its own job.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc)
endif

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
runstatedir = $(localstatedir)/run
systemdunitdir = $(prefix)/lib/systemd/system
sysusersdir = $(prefix)/lib/sysusers.d

FCGI_LIBS = -lfcgi
CTEMPLATE_LIBS = -lctemplate
MARIADB_CFLAGS = -I/usr/include/mariadb
MARIADB_LIBS = -lmariadb
OPENSSL_CFLAGS =
OPENSSL_LIBS = -lssl -lcrypto
OATH_LIBS = -loath
QRENCODE_LIBS = -lqrencode
BOOST_TEST_LIBS = -lboost_unit_test_framework

INSTALL = install
PORT = 8080
# The installed nginx site's limit on form POSTs per client address.
NGINX_POST_RATE = 10r/s
NGINX_POST_BURST = 20
PERF_ANCHORS = ../shared/perf-anchors

# clean, distclean, format and deb (which builds in a copy of the tree) need no
# configuration; everything else does (and so makes it first on a fresh tree).
ifeq ($(filter-out clean distclean format deb,$(or $(MAKECMDGOALS),all)),)
else
-include config.mk
endif
-include config.mk.local

# --- flags the user cannot drop -----------------------------------------------
KOSMO_CXXFLAGS = -std=c++17 -Wall -Wextra -Werror
ifeq ($(SANITIZE),1)
# Undefined behaviour stops the program, as a memory error does: a unit
# test or kosmoctl run cannot pass with a report only on its stderr.
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
endif
ALL_CPPFLAGS = -Isrc/lib $(MARIADB_CFLAGS) $(OPENSSL_CFLAGS) $(CPPFLAGS)
ALL_CXXFLAGS = $(CXXFLAGS) $(SANITIZE_FLAGS) $(KOSMO_CXXFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SANITIZE_FLAGS)
KOSMO_LIBS = $(FCGI_LIBS) $(CTEMPLATE_LIBS) $(MARIADB_LIBS) $(OPENSSL_LIBS) $(OATH_LIBS) $(QRENCODE_LIBS) \
	-pthread $(LIBS)
# The web binaries link every library shared, libstdc++ and ctemplate too, so
# a security update of either reaches them without a rebuild. Their memory
# is judged by what each keeps to itself (USS, tools/bench), not by RSS,
# which counts the shared libraries' pages.
WEB_LIBS = $(KOSMO_LIBS)

ifneq ($(V),1)
QUIET_CXX  = @printf '  %-7s %s\n' CXX $<;
QUIET_AR   = @printf '  %-7s %s\n' AR $@;
QUIET_LINK = @printf '  %-7s %s\n' LINK $@;
QUIET_GEN  = @printf '  %-7s %s\n' GEN $@;
endif

# --- what is built --------------------------------------------------------------
objs = $(patsubst %.cc,build/obj/%.o,$(wildcard $(1)/*.cc))

LIB_OBJS := $(call objs,src/lib) $(call objs,src/lib/q)
LOGIN_OBJS := $(call objs,src/login)
VERIFY_OBJS := $(call objs,src/verify)
REGISTER_OBJS := $(call objs,src/register)
PORTAL_OBJS := $(call objs,src/portal)
KOSMOCTL_OBJS := $(call objs,src/kosmoctl)
UNIT_OBJS := $(call objs,tests/unit)
BENCH_OBJS := $(call objs,bench)

# A program whose directory has no source yet is left out, with a note, so
# the rest still builds while the tree grows.
program = $(if $(2),$(1),$(info note: no sources in $(3)/ yet, $(1) not built))
PROGRAMS := $(strip \
	$(call program,build/kosmo-login.fcgi,$(LOGIN_OBJS),src/login) \
	$(call program,build/kosmo-verify.fcgi,$(VERIFY_OBJS),src/verify) \
	$(call program,build/kosmo-register.fcgi,$(REGISTER_OBJS),src/register) \
	$(call program,build/kosmo-portal.fcgi,$(PORTAL_OBJS),src/portal) \
	$(call program,build/kosmoctl,$(KOSMOCTL_OBJS),src/kosmoctl))

ALL_OBJS := $(LIB_OBJS) $(LOGIN_OBJS) $(VERIFY_OBJS) $(REGISTER_OBJS) $(PORTAL_OBJS) $(KOSMOCTL_OBJS) $(UNIT_OBJS) \
	$(BENCH_OBJS)

.DELETE_ON_ERROR:
.PHONY: all check check-units check-security run install deb bench fuzz fuzz-build format deps clean distclean FORCE

all:: build/libkosmo.a $(PROGRAMS)

# --- configuration ----------------------------------------------------------------
# A fresh tree (or a changed configure.ac) gets its configure script and
# config.mk here; make then restarts with config.mk read. A missing build
# dependency stops configure, which names its Debian package.
#
# The goals that test or run kosmo first get their packages (`deps`, with the
# groups those goals need): through config.mk, so that on a fresh Debian
# machine, as root, `make check` installs the compiler and libraries before
# configure looks for them. Other goals never run it.
INSTALL_DEPS = tools/install-deps
DEPS_GOALS = check check-security check-package run bench fuzz
# check runs the Galera family (t85NN); make run GALERA=1 starts a cluster.
DEPS_GROUPS = $(sort $(patsubst check-security,security,$(filter check-security bench fuzz,$(MAKECMDGOALS))) \
	$(if $(filter check,$(MAKECMDGOALS))$(GALERA),galera) \
	$(if $(filter check-package,$(MAKECMDGOALS)),package))
ifneq ($(filter $(DEPS_GOALS),$(MAKECMDGOALS)),)
config.mk: | deps
endif
deps:
	$(INSTALL_DEPS) $(DEPS_GROUPS)

config.mk: configure.ac config.mk.in
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

# Every unit-test file must see the same Boost.Test linkage as main.cc. A
# program's own file under test is included by its directory
# ("portal/household.h").
$(UNIT_OBJS): ALL_CPPFLAGS += -DBOOST_TEST_DYN_LINK -Isrc

build/libkosmo.a: $(LIB_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	$(QUIET_AR)$(AR) rcs $@ $^

link = $(QUIET_LINK)$(CXX) $(ALL_CXXFLAGS) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) build/libkosmo.a
link_bare = $(QUIET_LINK)$(CXX) $(ALL_CXXFLAGS) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^)

build/kosmo-login.fcgi: $(LOGIN_OBJS) build/libkosmo.a build/.web-libs
	$(link) $(WEB_LIBS)
build/kosmo-verify.fcgi: $(VERIFY_OBJS) build/libkosmo.a build/.web-libs
	$(link) $(WEB_LIBS)
build/kosmo-register.fcgi: $(REGISTER_OBJS) build/libkosmo.a build/.web-libs
	$(link) $(WEB_LIBS)
build/kosmo-portal.fcgi: $(PORTAL_OBJS) build/libkosmo.a build/.web-libs
	$(link) $(WEB_LIBS)
# Relinks the web binaries (only) when WEB_LIBS changes.
build/.web-libs: FORCE
	@mkdir -p build
	@libs='$(subst ','\'',$(WEB_LIBS))'; \
	test x"$$libs" = x"$$(cat $@ 2>/dev/null)" || printf '%s\n' "$$libs" >$@
build/kosmoctl: $(KOSMOCTL_OBJS) build/libkosmo.a
	$(link) $(KOSMO_LIBS)
# The unit tests link the programs' files they test, never a program's main.cc.
UNIT_TESTED_OBJS := build/obj/src/kosmoctl/senders.o build/obj/src/portal/household.o
UNIT_TESTED_OBJS += build/obj/src/portal/benefit_view.o
build/unit-tests: $(UNIT_OBJS) $(UNIT_TESTED_OBJS) build/libkosmo.a
	$(link) $(BOOST_TEST_LIBS) $(KOSMO_LIBS)

# make bench only: the bare FastCGI ceiling, the step-2 floor, the scrypt timer
# and the app keys and codes of the code step's rounds.
build/bench-hello.fcgi: build/obj/bench/hello.o
	$(link_bare) $(FCGI_LIBS) -pthread $(LIBS)
build/bench-floor.fcgi: build/obj/bench/floor.o
	$(link_bare) $(FCGI_LIBS) $(MARIADB_LIBS) $(OPENSSL_LIBS) -pthread $(LIBS)
build/bench-scrypt: build/obj/bench/scrypt.o build/libkosmo.a
	$(link) $(KOSMO_LIBS)
build/bench-totp: build/obj/bench/totp.o build/libkosmo.a
	$(link) $(KOSMO_LIBS)

-include $(ALL_OBJS:.o=.d)

# --- the web server's own error pages --------------------------------------------------
# nginx (and the Apache example) answer some errors themselves (413, 429,
# 502 …). Their pages are the binaries' error.tpl in the one layout, with the
# same texts, written here by tools/error-pages.cc; build/static/ is the
# whole static directory (the css with them) that the stack and make install
# serve.
ERROR_PAGES := $(patsubst %,build/static/%.html,400 404 405 413 414 429 501 50x)
STATIC_OUT := build/static/kosmo.css $(ERROR_PAGES)
ERROR_PAGES_OBJ := build/obj/tools/error-pages.o

all:: $(STATIC_OUT)

build/kosmo-error-pages: $(ERROR_PAGES_OBJ) build/libkosmo.a
	$(link) $(KOSMO_LIBS)
build/static/%.html: build/kosmo-error-pages $(wildcard templates/*.tpl templates/mail/*.tpl)
	@mkdir -p $(@D)
	$(QUIET_GEN)build/kosmo-error-pages templates $* > $@
build/static/kosmo.css: static/kosmo.css
	@mkdir -p $(@D)
	$(QUIET_GEN)cp $< $@

-include $(ERROR_PAGES_OBJ:.o=.d)

# The private stack's sendmail (tools/stack, the tests, the bench): keeps
# each mail as a file, one process a mail like a real MTA's sendmail.
# Test tooling, so never with SANITIZE's flags; the C++ runtime linked in,
# since loading libstdc++ was a third of its start (2.6 of 9 ms a mail).
all:: build/sendmail-stub
build/sendmail-stub: tools/sendmail-stub.cc build/.flags
	$(QUIET_LINK)$(CXX) $(CXXFLAGS) $(KOSMO_CXXFLAGS) -static-libstdc++ -static-libgcc -o $@ $<

# --- tests and the private stack ------------------------------------------------------
# deps (through config.mk) has installed the packages, and the browser
# tests' npm packages whenever their lock file changed.
check: all build/unit-tests | deps
	tests/run

# systemd-analyze verify of every unit as the Debian package installs it
# (tests/integration/t0003-units.sh, which check runs among the others).
check-units: all
	tests/run t0003

# The security scanners, sqlmap and wapiti (`tools/install-deps security`),
# each bounded in time, against private stacks: tests/integration/t86*.sh,
# through tests/run, so it ends with "N passed, N failed" too. Knobs
# (KOSMO_SQLMAP_SECONDS, KOSMO_WAPITI_SECONDS, ...): SECURITY.md.
check-security: all | deps
	tests/run t86

# The Debian package under a real systemd (docs/PACKAGE-TEST.md), as root:
# make deb, lintian, then the package installed with apt in a Debian 12
# booted under systemd-nspawn (its root cached in build/package-root/, made
# when absent; the network only then). Ends with "N passed, N failed".
.PHONY: check-package
check-package:
	tests/package/run

# GALERA=1: three Galera nodes (var/galera/cluster) and two sets of the
# programs, on nodes 1 and 2, behind each upstream.
run: all | deps
	$(if $(GALERA),KOSMO_STACK_GALERA=1 tools/stack run var/galera $(PORT),tools/stack run var $(PORT))

# A private stack on a free port, measured against two ceilings (nginx static,
# a bare libfcgi responder) and the PHP-FPM anchors in $(PERF_ANCHORS)
# (PERF_ANCHORS= leaves them out): one table. Among its rows the portal's:
# GET 医療費情報 logged in, kosmoctl import-expenses of 1,000,000 claims and
# send-mail of the notices it queued. Knobs (REPS, DUR, ...): tools/bench.
bench: all build/bench-hello.fcgi build/bench-floor.fcgi build/bench-scrypt build/bench-totp | deps
	PERF_ANCHORS='$(PERF_ANCHORS)' tools/bench

# --- fuzzing --------------------------------------------------------------------------------
# One libFuzzer target per tests/fuzz/fuzz_NAME.cc, built by clang into
# build/fuzz/ (with the library compiled again there, apart from build/obj/)
# and run for FUZZ_SECONDS each by tests/fuzz/run, which ends with one line
# "N passed, N failed". clang comes with `tools/install-deps fuzz`.
FUZZ_CXX = clang++
FUZZ_SECONDS = 60
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CXXFLAGS = -g -O1 $(FUZZ_SANITIZE) -fsanitize=fuzzer-no-link $(KOSMO_CXXFLAGS)
FUZZ_LIB_OBJS := $(patsubst %.cc,build/fuzz/obj/%.o,$(wildcard src/lib/*.cc src/lib/q/*.cc))
FUZZ_MAIN_OBJS := $(patsubst %.cc,build/fuzz/obj/%.o,$(wildcard tests/fuzz/fuzz_*.cc))
FUZZ_TARGETS := $(patsubst tests/fuzz/%.cc,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.cc))

fuzz: | deps
	@$(MAKE) --no-print-directory fuzz-build
	tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build: $(FUZZ_TARGETS)

build/fuzz/.flags: FORCE
	@mkdir -p build/fuzz
	@flags='$(subst ','\'',$(FUZZ_CXX) $(ALL_CPPFLAGS) $(FUZZ_CXXFLAGS) $(LDFLAGS) $(KOSMO_LIBS))'; \
	if test x"$$flags" != x"$$(cat $@ 2>/dev/null)"; then printf '%s\n' "$$flags" >$@; fi

build/fuzz/obj/%.o: %.cc build/fuzz/.flags
	@mkdir -p $(@D)
	$(QUIET_CXX)$(FUZZ_CXX) $(ALL_CPPFLAGS) $(FUZZ_CXXFLAGS) -MMD -MP -c -o $@ $<

build/fuzz/libkosmo.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	$(QUIET_AR)$(AR) rcs $@ $^

$(FUZZ_TARGETS): build/fuzz/%: build/fuzz/obj/tests/fuzz/%.o build/fuzz/libkosmo.a
	$(QUIET_LINK)$(FUZZ_CXX) $(FUZZ_SANITIZE) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< \
		build/fuzz/libkosmo.a $(KOSMO_LIBS)

-include $(FUZZ_LIB_OBJS:.o=.d) $(FUZZ_MAIN_OBJS:.o=.d)

# --- install ------------------------------------------------------------------------------
# The programs, their data (templates, build/static, sql, and the web server
# templates under nginx/), and, with the directories of this installation
# filled in: the systemd units (systemd/*.in), the configuration
# (etc/kosmo.conf.example) and the nginx and Apache sites. An existing
# configuration or site is never overwritten: the new one goes next to it
# as NAME.example. /var/run is /run on every systemd system, and systemd
# warns about the old name, so the sockets go to /run/kosmo then.
kosmo_datadir = $(datadir)/kosmo
kosmo_confdir = $(sysconfdir)/kosmo
kosmo_rundir = $(patsubst /var/run,/run,$(runstatedir))/kosmo

install_exprs = -e 's|@sbindir@|$(sbindir)|g' -e 's|@bindir@|$(bindir)|g' \
	-e 's|@sysconfdir@|$(sysconfdir)|g' -e 's|@pkgdatadir@|$(kosmo_datadir)|g' \
	-e 's|@rundir@|$(kosmo_rundir)|g' -e 's|@LOGIN_SOCK@|$(kosmo_rundir)/login.sock|g' \
	-e 's|@VERIFY_SOCK@|$(kosmo_rundir)/verify.sock|g' \
	-e 's|@REGISTER_SOCK@|$(kosmo_rundir)/register.sock|g' \
	-e 's|@PORTAL_SOCK@|$(kosmo_rundir)/portal.sock|g' \
	-e 's|@STATIC_DIR@|$(kosmo_datadir)/static|g' \
	-e 's|@FASTCGI_CONF@|$(kosmo_datadir)/nginx/kosmo-fastcgi.conf|g' -e 's|@SERVER_NAME@|localhost|g' \
	-e 's|@POST_RATE@|$(NGINX_POST_RATE)|g' -e 's|@POST_BURST@|$(NGINX_POST_BURST)|g'
install_subst = sed $(install_exprs)
# The sites' comments explain the placeholders: they stay as they are.
site_subst = sed -e '/^[[:space:]]*\#/b' $(install_exprs)

install: all
	$(INSTALL) -d -m 755 '$(DESTDIR)$(sbindir)' '$(DESTDIR)$(bindir)' '$(DESTDIR)$(kosmo_datadir)' \
		'$(DESTDIR)$(kosmo_confdir)' '$(DESTDIR)$(systemdunitdir)' '$(DESTDIR)$(sysusersdir)'
	$(INSTALL) -m 755 $(filter %.fcgi,$(PROGRAMS)) '$(DESTDIR)$(sbindir)'
	$(INSTALL) -m 755 $(filter build/kosmoctl,$(PROGRAMS)) '$(DESTDIR)$(bindir)'
	@set -e; for dir in templates sql nginx; do \
		test -d $$dir || continue; \
		find $$dir -type f | while read -r f; do \
			$(INSTALL) -D -m 644 "$$f" '$(DESTDIR)$(kosmo_datadir)'/"$$f"; \
		done; \
	done
	$(INSTALL) -d -m 755 '$(DESTDIR)$(kosmo_datadir)/static'
	$(INSTALL) -m 644 $(STATIC_OUT) '$(DESTDIR)$(kosmo_datadir)/static'
	@set -e; for f in systemd/*.in; do \
		n=$$(basename "$$f" .in); echo "  GEN     $(DESTDIR)$(systemdunitdir)/$$n"; \
		$(install_subst) "$$f" > '$(DESTDIR)$(systemdunitdir)'/"$$n"; \
		chmod 644 '$(DESTDIR)$(systemdunitdir)'/"$$n"; \
	done
	$(INSTALL) -m 644 systemd/*.timer '$(DESTDIR)$(systemdunitdir)'
	$(INSTALL) -m 644 systemd/kosmo.sysusers '$(DESTDIR)$(sysusersdir)/kosmo.conf'
	@set -e; umask 077; \
	conf() { \
		dest='$(DESTDIR)$(kosmo_confdir)'/$$1; mode=$$2; shift 2; \
		if test -e "$$dest"; then \
			echo "  KEEP    $$dest (the new one: $$dest.example)"; dest=$$dest.example; \
		else \
			echo "  GEN     $$dest"; \
		fi; \
		"$$@" > "$$dest"; chmod $$mode "$$dest"; \
	}; \
	conf kosmo.conf 640 $(install_subst) etc/kosmo.conf.example; \
	conf nginx-site.conf 644 $(site_subst) -e 's|@LISTEN@|80|g' nginx/kosmo.conf.in; \
	conf apache-site.conf 644 $(site_subst) -e 's|@LISTEN@|*:80|g' nginx/apache-kosmo.conf.in

# --- the Debian package ---------------------------------------------------------------
# kosmo_VERSION_ARCH.deb (debian/, dpkg-buildpackage -us -uc -b) in build/deb/,
# built in a copy of the tree there and checked by lintian: tools/build-deb.
deb:
	tools/build-deb

# --- formatting ---------------------------------------------------------------------------
# The one style of .clang-format, applied in place to every C++ file.
# clang-format comes with `tools/install-deps format`.
CLANG_FORMAT = clang-format
format:
	@command -v $(CLANG_FORMAT) > /dev/null || \
		{ echo "$(CLANG_FORMAT) not found: install the Debian package clang-format (tools/install-deps format)" >&2; exit 1; }
	find src tests bench -path tests/browser/node_modules -prune -o \( -name '*.cc' -o -name '*.h' \) -print | \
		sort | xargs $(CLANG_FORMAT) -i

# --- cleaning ------------------------------------------------------------------------------
# var/ (the stack's database and mail) is kept: it is data, not a build output.
clean:
	rm -rf build

distclean: clean
	rm -rf config.mk config.status config.log configure configure~ autom4te.cache
