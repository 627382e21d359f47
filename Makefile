# Two commands on a fresh machine: `make demo` and `make test`. Each creates .venv.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench train fuzz browser

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) on PATH (or: make PY=python3 ...)"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,ray]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/tamis demo --preset web --output demo-output

test: $(STAMP) browser
	$(BIN)/ruff check src tests bench scripts fuzz
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts fuzz

bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/speed.py

# Retrains every shipped model from ../shared/bench (~1 hour on 2 cores). The date model's
# page-type gate reads the HTML line model's cross-validated page types, so it comes after.
train: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[train]'
	$(BIN)/python scripts/train_line_model.py
	$(BIN)/python scripts/train_line_model.py --mode html
	$(BIN)/python scripts/train_html_title.py
	$(BIN)/python scripts/train_html_date.py

# Coverage-guided fuzzing (atheris) of the WARC reader and the HTML extractor, FUZZ_SECONDS each.
# Crashes land in fuzz/crashes/; copy one to fuzz/regressions/<target>-<name> to make it a test.
FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[fuzz]'
	$(BIN)/python fuzz/seeds.py
	mkdir -p fuzz/crashes
	$(BIN)/python fuzz/fuzz_warc.py fuzz/corpus/warc -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=fuzz/crashes/warc- -print_final_stats=1
	$(BIN)/python fuzz/fuzz_html.py fuzz/corpus/html -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=8192 -malloc_limit_mb=2048 -artifact_prefix=fuzz/crashes/html- -print_final_stats=1

# Headless Chromium for the report's browser tests (Debian packages). Without root or sudo
# the browser tests skip and say why.
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-noto-cjk >/dev/null || \
	  { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-noto-cjk >/dev/null; }; \
	elif sudo -n true 2>/dev/null; then sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-noto-cjk >/dev/null; \
	else echo "note: cannot install chromium (no root/sudo): the report's browser tests will be skipped"; fi
