# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= runs/demo
# llama.cpp (the local model server in tests) is compiled on install; a native build can use CPU features
# (AMX) the machine advertises but faults on, so build for a portable AVX2 baseline.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

.PHONY: demo test setup setup-test system-deps lerobot-env clean

system-deps:
	@bash scripts/system-deps.sh

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

setup: system-deps $(BIN)/python
	$(BIN)/python -m pip install -q -e .

setup-test: system-deps $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"

demo: setup
	$(BIN)/embodia demo --out $(OUT); status=$$?; [ $$status -le 1 ] || exit $$status

# LeRobot's own environment (Python 3.12, large torch), for `embodia record --lerobot` and its loader test.
LEROBOT_VENV := .venv-lerobot
lerobot-env: $(LEROBOT_VENV)/.installed

$(LEROBOT_VENV)/.installed: requirements/lerobot.txt pyproject.toml scripts/lerobot-env.sh
	bash scripts/lerobot-env.sh $(LEROBOT_VENV)

test: setup-test lerobot-env
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup tests

clean:
	rm -rf $(VENV) $(LEROBOT_VENV) runs .pytest_cache
