# Thin wrapper over Meson for the two commands (make run, make test) and the rest.
# Every target that builds first installs the Debian packages it needs (scripts/deps.sh is
# idempotent and fast when everything is present).

DATA_DIR ?= ./regie-data
LISTEN ?= 127.0.0.1:8080
BUILD := build
ASAN := build-asan
PG := build-pg

.PHONY: all deps build web run test test-fast bench check-long fuzz clean format analyze

all: build

deps:
	@bash scripts/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

$(ASAN)/build.ninja:
	CC=clang meson setup $(ASAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false -Dtest_hooks=true

# the API tests a second time, on PostgreSQL (tests/pg/suite.py needs the test hooks)
$(PG)/build.ninja:
	meson setup $(PG) --buildtype=debugoptimized -Dtest_hooks=true

build: deps $(BUILD)/build.ninja web
	ninja -C $(BUILD)

web:
	@bash scripts/web.sh

run: build
	@if [ ! -f "$(DATA_DIR)/regie.db" ]; then \
		$(BUILD)/regie init --data-dir "$(DATA_DIR)" && \
		$(BUILD)/regie demo --data-dir "$(DATA_DIR)"; \
	fi
	$(BUILD)/regie serve --data-dir "$(DATA_DIR)" --listen "$(LISTEN)" --web-dir web/dist

test: deps $(BUILD)/build.ninja $(ASAN)/build.ninja $(PG)/build.ninja web
	@bash scripts/test.sh

bench: build
	@bash scripts/bench.sh

check-long: deps $(BUILD)/build.ninja $(ASAN)/build.ninja $(PG)/build.ninja web
	@REGIE_LONG=1 bash scripts/test.sh

fuzz: deps
	@bash tests/fuzz/run.sh 60

analyze: deps
	@bash scripts/analyze.sh

clean:
	rm -rf $(BUILD) $(ASAN) $(PG) build-fuzz build-analyze-clang build-analyze-gcc web/dist
