# Rechtop — the verbs. `make run` and `make test` work on a fresh Debian
# bookworm machine: they install missing Debian packages first.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run test unit rules-test golden fuzz bench format clean debug

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) > $(BUILD).configure.log 2>&1 || (cat $(BUILD).configure.log; exit 1)

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The web app with the demo data on the embedded SQLite store.
run: build
	./$(BUILD)/rechtop serve --address 0.0.0.0 --port 8080 --db $(BUILD)/rechtop.db \
	  $(if $(RECHTOP_PUBLIC_URL),--public-url "$(RECHTOP_PUBLIC_URL)")

test: build
	@scripts/test.sh $(BUILD)

# Fuzzes each target for FUZZ_SECONDS (300) seconds; make test only replays the corpora.
fuzz:
	scripts/fuzz.sh $${FUZZ_SECONDS:-300}

bench: build
	./$(BUILD)/bench/rechtop_bench

debug:
	$(MAKE) BUILD=build-debug BUILD_TYPE=Debug CMAKE_FLAGS=-DRECHTOP_SANITIZE=ON build

golden-update: build
	tools/golden.sh --update $(BUILD)

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf build build-debug build-fuzz
