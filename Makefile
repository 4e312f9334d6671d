# Faultline: `make run` and `make test` do all set-up on a fresh machine through `make setup`.
PY      := .venv/bin/python
SHARED  ?= ../shared
DB      ?= data/faultline.duckdb
GPKG    := build/qgis/usr/share/qgis/resources/data/world_map.gpkg
GAZ     := geo/data/build/.built
PORT    ?= 8501

.PHONY: setup run test lint eval bench train clean

setup: .venv/.installed build/.apt $(GAZ)

build/.apt:
	@mkdir -p build
	command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }
	touch $@

$(GPKG):
	@mkdir -p build/qgis
	cd build && { ls qgis-common_*.deb >/dev/null 2>&1 || apt-get download qgis-common || \
	  { apt-get update -q && apt-get download qgis-common; }; }
	dpkg -x build/qgis-common_*.deb build/qgis
	touch $@

.venv/.installed: requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e . --config-settings editable_mode=compat
	touch $@

$(GAZ): .venv/.installed $(GPKG) $(wildcard geo/*.py geo/data/*.json geo/data/*.tsv)
	$(PY) -m geo.build --gpkg $(GPKG)
	touch $@

run: setup
	$(PY) -m pipeline run --input data/samples/seed.jsonl --db $(DB)
	FAULTLINE_DB=$(DB) $(PY) -m streamlit run streamlit_app.py --server.port $(PORT) --server.headless true

test: setup lint
	$(PY) -m pytest -q tests

lint: .venv/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

eval: setup
	@if [ ! -d "$(SHARED)/eval" ]; then echo "make eval: $(SHARED)/eval not found, skipping"; exit 0; fi; \
	set -e; mkdir -p build/eval; \
	for set in geo quotes; do \
	  echo "== $$set ($(SHARED)/eval/$${set}_dev.jsonl)"; \
	  $(PY) -m pipeline extract -q $(SHARED)/eval/$${set}_dev.jsonl -o build/eval/$$set.jsonl 2>build/eval/$$set.log; \
	  python3 $(SHARED)/eval/score.py $$set $(SHARED)/eval/$${set}_dev.jsonl build/eval/$$set.jsonl; \
	done; \
	echo "== indicators ($(SHARED)/eval/indicators_dev.jsonl)"; \
	$(PY) -m pipeline extract -q $(SHARED)/eval/indicators_dev.jsonl -o build/eval/indicators.jsonl 2>build/eval/indicators.log; \
	python3 $(SHARED)/eval/score.py indicators $(SHARED)/eval/indicators_dev.jsonl build/eval/indicators.jsonl; \
	echo "== indicators, hand-written sentences (tests/data/indicators_eval.jsonl)"; \
	$(PY) -m pipeline extract -q tests/data/indicators_eval.jsonl -o build/eval/indicators_sentences.jsonl 2>>build/eval/indicators.log; \
	python3 $(SHARED)/eval/score.py indicators tests/data/indicators_eval.jsonl build/eval/indicators_sentences.jsonl | tail -n 1; \
	echo "== seed"; \
	$(PY) -m pipeline extract -q $(SHARED)/seed/articles.jsonl -o build/eval/seed.jsonl 2>build/eval/seed.log; \
	python3 $(SHARED)/eval/score.py seed $(SHARED)/eval/seed_gold.json build/eval/seed.jsonl

train: setup
	@if [ ! -d "$(SHARED)/corpus" ]; then echo "make train: $(SHARED)/corpus not found, skipping"; exit 0; fi; \
	$(PY) -m pipeline.indicators.train --shared $(SHARED)

bench: setup
	$(PY) -m bench --shared $(SHARED) --out build/bench.json

clean:
	rm -rf build geo/data/build .venv $(DB) $(DB).work $(DB).snapshots
