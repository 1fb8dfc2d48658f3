# apptrail: set-up, build, demo and tests on a Debian machine.
# `make demo` and `make test` install what is missing first (apt packages, Python test tools).

# chromium renders the reports' HTML page in the tests, as a mail reader would show it.
# man-db checks the installed manual (`man --warnings`); binutils strips the installed binaries.
APT_PACKAGES := libcurl4-openssl-dev libxlsxwriter-dev libssl-dev zlib1g-dev libsqlite3-dev sqlite3 curl python3 python3-pip openssl chromium \
	man-db binutils
# Datasette serves a warehouse with contrib/datasette/metadata.yml in the tests; 1.0 moves canned queries out of
# the metadata file, so the 0.6x line.
PIP_PACKAGES := jsonschema pyyaml openpyxl pillow 'datasette>=0.64,<1'
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# `make install PREFIX=/opt/apptrail DESTDIR=/tmp/stage`: a stripped release binary that needs no Swift toolchain
# (only libcurl, libsqlite3, libxlsxwriter, libcrypto, zlib), the simulator kestra-sim that the docs use, their
# completions, the man page, and the queries and reports (built into the binary too; these copies can be edited).
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(DESTDIR)$(PREFIX)/bin
SHAREDIR = $(DESTDIR)$(PREFIX)/share
# Release builds have a scratch folder of their own: `swift test` holds .build's lock while it runs, and the
# install test builds from inside it.
RELEASE_SCRATCH := .build-release
RELEASE_FLAGS := -c release --static-swift-stdlib --scratch-path $(RELEASE_SCRATCH)
RELEASE_BIN := $(RELEASE_SCRATCH)/release/apptrail
RELEASE_SIM := $(RELEASE_SCRATCH)/release/kestra-sim
# The manual's date is the last commit's, so that the same tree gives the same page.
MAN_DATE := $(shell git log -1 --format=%cs 2>/dev/null || date +%Y-%m-%d)

FUZZ_SECONDS ?= 600
# The bounded fuzzing run of `make test` (CI); `make fuzz` is the longer one.
CI_FUZZ_SECONDS ?= 60

.PHONY: deps build release release-sim man demo test reliability fuzz install uninstall clean datasette-metadata format format-check

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	@# Debian 12's own pip refuses to install beside apt's packages (PEP 668) unless told to.
	@python3 -c "import jsonschema, yaml, openpyxl, PIL, datasette" 2>/dev/null || python3 -m pip install --quiet $(PIP_PACKAGES) \
		|| python3 -m pip install --quiet --break-system-packages $(PIP_PACKAGES)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product apptrail

# The simulator is installed too (the docs use it), but `make demo` needs only apptrail, which runs it built in.
release-sim: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product kestra-sim

# swift-argument-parser's manual generator, run on the release binary, then apptrail's own sections
# (ENVIRONMENT, FILES, EXIT STATUS, EXAMPLES) from docs/man; see scripts/finish_manual.py.
man: release
	$(SWIFT) build -c release --scratch-path $(RELEASE_SCRATCH) --product generate-manual
	mkdir -p $(RELEASE_SCRATCH)/man
	$(RELEASE_SCRATCH)/release/generate-manual $(RELEASE_BIN) --date $(MAN_DATE) --output-directory $(RELEASE_SCRATCH)/man
	python3 scripts/finish_manual.py $(RELEASE_SCRATCH)/man/apptrail.1 docs/man/apptrail.sections.mdoc $(RELEASE_SCRATCH)/man/apptrail.1

demo: release
	$(RELEASE_BIN) demo

# contrib/datasette/metadata.yml made again after a change of the schema, docs/warehouse.md or queries/
# (DatasetteTests fails until it is). The queries are the built-in ones: no APPTRAIL_QUERIES, and ./queries is theirs.
datasette-metadata:
	$(SWIFT) build --product apptrail
	APPTRAIL_QUERIES= .build/debug/apptrail datasette-metadata --db apptrail.db --out contrib/datasette/metadata.yml

# The install test builds a release binary: it runs alone, after the other suites.
test: deps
	@# The code is as `make format` leaves it (the rules are in .swift-format).
	$(MAKE) format-check
	@# Package.swift declares exactly what each target imports, and docs/architecture.md says the same.
	SWIFT=$(SWIFT) python3 scripts/check_package_graph.py
	$(SWIFT) build --build-tests
	@# In-process simulators serve on Swift's cooperative thread pool, which end-to-end tests would hold while
	@# they wait for processes: the two kinds run one after the other.
	$(SWIFT) test --skip-build --skip EndToEndTests
	$(SWIFT) test --skip-build --filter EndToEndTests
	APPTRAIL_INSTALL_TEST=1 $(SWIFT) test --skip-build --filter InstallTests
	scripts/fuzz.sh $(CI_FUZZ_SECONDS)

# swift-format ships with the toolchain; .swift-format holds the project's line length and rules.
FORMAT_PATHS := Package.swift Sources Tests bench Plugins

format:
	$(SWIFT) format format --in-place --recursive --parallel $(FORMAT_PATHS)

format-check:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)

install: release release-sim man
	install -d $(BINDIR) $(SHAREDIR)/apptrail/queries $(SHAREDIR)/apptrail/reports $(SHAREDIR)/man/man1 \
		$(SHAREDIR)/bash-completion/completions $(SHAREDIR)/zsh/site-functions $(SHAREDIR)/fish/vendor_completions.d
	install -s -m 0755 $(RELEASE_BIN) $(BINDIR)/apptrail
	install -s -m 0755 $(RELEASE_SIM) $(BINDIR)/kestra-sim
	install -m 0644 queries/*.sql $(SHAREDIR)/apptrail/queries/
	install -m 0644 reports/*.yaml $(SHAREDIR)/apptrail/reports/
	install -m 0644 $(RELEASE_SCRATCH)/man/apptrail.1 $(SHAREDIR)/man/man1/apptrail.1
	$(RELEASE_BIN) --generate-completion-script bash > $(SHAREDIR)/bash-completion/completions/apptrail
	$(RELEASE_BIN) --generate-completion-script zsh > $(SHAREDIR)/zsh/site-functions/_apptrail
	$(RELEASE_BIN) --generate-completion-script fish > $(SHAREDIR)/fish/vendor_completions.d/apptrail.fish
	chmod 0644 $(SHAREDIR)/bash-completion/completions/apptrail $(SHAREDIR)/zsh/site-functions/_apptrail \
		$(SHAREDIR)/fish/vendor_completions.d/apptrail.fish
	@echo "installed $(BINDIR)/apptrail"

uninstall:
	rm -f $(BINDIR)/apptrail $(BINDIR)/kestra-sim $(SHAREDIR)/man/man1/apptrail.1 $(SHAREDIR)/bash-completion/completions/apptrail \
		$(SHAREDIR)/zsh/site-functions/_apptrail $(SHAREDIR)/fish/vendor_completions.d/apptrail.fish
	rm -rf $(SHAREDIR)/apptrail

# The reliability suites alone, with the figures of docs/reliability.md.
reliability: deps
	scripts/reliability.sh

# libFuzzer over the page decoder and ingest (scripts/fuzz.sh), in .build-fuzz: make fuzz FUZZ_SECONDS=300
fuzz: deps
	scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build .build-release .build-fuzz demo exports
