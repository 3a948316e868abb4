# Tòa Soạn — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test install lint format messages bench-import audit clean

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

# axe-core for the browser tests (package.json; toasoan/tests/browser). Without
# it they skip, which CI (CI=true) counts as a failure; .ci/run installs it.
NODE_STAMP := node_modules/.package-lock.json

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null && npm ci --no-audit --no-fund --silent \
	|| echo "axe-core not installed (npm ci): the axe tests (toasoan/tests/browser) will skip"

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	PORT=$(PORT) $(BIN)/python manage.py load_demo_content
	PORT=$(PORT) scripts/run-dev.sh

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=toasoan.settings.test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# makemessages with msgmerge's --no-fuzzy-matching (Django has no option for
# it): a new or changed message arrives with an empty msgstr, which
# toasoan/tests/test_catalogues.py then names, instead of a translation guessed
# from a similar message ("All sections" once became "chuyên mục").
# toasoan/locale_admin is kept by hand (see its README) and only compiled here.
MAKEMESSAGES = import sys; \
	from django.core.management import execute_from_command_line; \
	from django.core.management.commands.makemessages import Command; \
	Command.msgmerge_options = [*Command.msgmerge_options, "--no-fuzzy-matching"]; \
	execute_from_command_line(["django-admin", *sys.argv[1:]])

messages: $(STAMP)
	cd toasoan && ../$(BIN)/python -P -c '$(MAKEMESSAGES)' makemessages -l vi --no-obsolete --ignore='*/tests/*' --ignore='tests/*'
	cd toasoan && ../$(BIN)/django-admin compilemessages -l vi
	for po in toasoan/locale_admin/vi/LC_MESSAGES/*.po; do msgfmt --check -o "$${po%.po}.mo" "$$po" || exit 1; done

# Known vulnerabilities in the runtime dependencies (docs/security.md).
audit: $(STAMP)
	$(BIN)/python scripts/audit_dependencies.py

bench-import: $(STAMP)
	$(BIN)/python bench/import_legacy.py --files 10000

clean:
	rm -rf $(VENV) node_modules db.sqlite3 db.sqlite3-wal db.sqlite3-shm
