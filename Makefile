# apptrail: set-up, build, demo and tests on a Debian machine.
# `make demo` and `make test` install what is missing first (apt packages, Python test tools).

APT_PACKAGES := libcurl4-openssl-dev libxlsxwriter-dev libssl-dev zlib1g-dev libsqlite3-dev sqlite3 curl python3 python3-pip openssl
PIP_PACKAGES := jsonschema pyyaml openpyxl
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build release demo test clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	@python3 -c "import jsonschema, yaml, openpyxl" 2>/dev/null || python3 -m pip install --quiet $(PIP_PACKAGES)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product apptrail

demo: release
	.build/release/apptrail demo

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build demo exports
