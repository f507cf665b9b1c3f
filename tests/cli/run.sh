#!/usr/bin/env bash
# Command-line tests of `rechtop` on bad input (issue 17): every case runs the
# built binary and checks its exit code, a pattern in its stderr and the
# files it leaves behind (a failed command keeps the old output files byte
# for byte and leaves no temporary file; an output naming an input is
# refused; numbers are validated; whole-file inputs are bounded; impossible
# dates, NUL bytes and invalid UTF-8 are rejected with their place).
#
#   tests/cli/run.sh [BUILD_DIR]        (default: build)
#
# Prints one line per case and "N passed, M failed"; exits 1 on a failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
case "$BUILD" in
  /*) RECHTOP=$BUILD/rechtop ;;
  *) RECHTOP=$PWD/$BUILD/rechtop ;;
esac
[ -x "$RECHTOP" ] || { echo "run.sh: $RECHTOP is missing; build it first" >&2; exit 2; }
export LC_ALL=C
unset RECHTOP_RIGHTS

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cli-tests.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
export RECHTOP_JIT_CACHE="$WORK/jit"

passed=0
failed=0
CASE=""
PROBLEMS=()

# run ARGS...: runs rechtop with a time limit; the exit code goes to $code,
# stdout and stderr to $WORK/out and $WORK/err.
run() {
  timeout 20 "$RECHTOP" "$@" > "$WORK/out" 2> "$WORK/err"
  code=$?
}

begin() {
  CASE=$1
  PROBLEMS=()
}
problem() { PROBLEMS+=("$1"); }
expect_code() {
  if [ "$1" = nonzero ]; then
    [ "$code" -ne 0 ] || problem "exit code 0, expected non-zero"
    [ "$code" -ne 124 ] || problem "timed out"
    [ "$code" -ne 70 ] || problem "internal error (exit 70)"
  else
    [ "$code" -eq "$1" ] || problem "exit code $code, expected $1"
  fi
}
expect_err() { grep -qF -- "$1" "$WORK/err" || problem "stderr lacks: $1"; }
expect_no_err() { ! grep -qF -- "$1" "$WORK/err" || problem "stderr has: $1"; }
expect_same() { cmp -s "$1" "$2" || problem "$1 differs from $2"; }
expect_missing() { [ ! -e "$1" ] || problem "$1 exists"; }
# No temporary output file (.NAME.XXXXXX) is left in directory $1.
expect_no_temp() {
  local left
  left=$(find "$1" -maxdepth 1 -name '.*.??????' | head -1)
  [ -z "$left" ] || problem "temporary file left: $left"
}
end() {
  if [ ${#PROBLEMS[@]} -eq 0 ]; then
    passed=$((passed + 1))
    echo "ok   $CASE"
  else
    failed=$((failed + 1))
    echo "FAIL $CASE: ${PROBLEMS[*]}"
    sed 's/^/     stderr: /' "$WORK/err" | head -5
  fi
}

# ---------------------------------------------------------------------------
# Fixtures: a small population, a worklist and counts from a good scan, rule
# files of our own (so that no test can damage rights/), and bad populations.

mkdir -p "$WORK/rules" "$WORK/out.d"
cp bench/allowance/allowance.rop "$WORK/rules/"
"$RECHTOP" synth --persons 200 --seed 7 > "$WORK/pop.csv" || { echo "run.sh: synth failed" >&2; exit 2; }
"$RECHTOP" scan "$WORK/pop.csv" --engine batch --date 2025-03-01 --out "$WORK/worklist.csv" \
  --counts "$WORK/counts.csv" 2> /dev/null || { echo "run.sh: the good scan failed" >&2; exit 2; }
cp "$WORK/worklist.csv" "$WORK/worklist.good"
cp "$WORK/counts.csv" "$WORK/counts.good"
cp "$WORK/pop.csv" "$WORK/pop.good"
# A bad cell on line 150, after households that fill the worklist.
awk -F, 'NR == 150 { OFS = ","; $2 = $2 ",\"x" } { print }' "$WORK/pop.csv" > "$WORK/bad.csv"
# Line 5 with a NUL byte, and with an invalid UTF-8 byte, in its neighbourhood cell (column 3).
column_of() { sed -n 1p "$WORK/pop.csv" | tr ',' '\n' | grep -n "^$1\$" | cut -d: -f1; }
[ "$(column_of neighbourhood)" = 3 ] || { echo "run.sh: synth's third column is not neighbourhood" >&2; exit 2; }
awk -F, 'NR == 5 { OFS = ","; $3 = "No" "\001" "rd" } { print }' "$WORK/pop.csv" | tr '\001' '\000' > "$WORK/nul.csv"
awk -F, 'NR == 5 { OFS = ","; $3 = "Zu" "\377" "id" } { print }' "$WORK/pop.csv" > "$WORK/latin1.csv"

# ---------------------------------------------------------------------------
# 1. Output files are replaced whole, and only on success.

begin "scan: a failed scan keeps the worklist and counts byte for byte"
run scan "$WORK/bad.csv" --engine batch --date 2025-03-01 --out "$WORK/worklist.csv" --counts "$WORK/counts.csv"
expect_code 1
expect_err "bad.csv:150:"
expect_same "$WORK/worklist.csv" "$WORK/worklist.good"
expect_same "$WORK/counts.csv" "$WORK/counts.good"
expect_no_temp "$WORK"
end

begin "scan: a failed scan creates no worklist"
run scan "$WORK/bad.csv" --engine batch --date 2025-03-01 --out "$WORK/out.d/new.csv" --counts "$WORK/out.d/counts.csv"
expect_code 1
expect_missing "$WORK/out.d/new.csv"
expect_missing "$WORK/out.d/counts.csv"
expect_no_temp "$WORK/out.d"
end

begin "scan: bad rules keep the worklist"
printf 'define x = (\n' > "$WORK/broken.rop"
run scan "$WORK/pop.csv" --engine batch --rights "$WORK/broken.rop" --out "$WORK/worklist.csv"
expect_code nonzero
expect_err "broken.rop:1:13: error"
expect_same "$WORK/worklist.csv" "$WORK/worklist.good"
end

begin "scan: an output in a missing directory fails before the scan"
run scan "$WORK/pop.csv" --engine batch --out "$WORK/no/such/dir/worklist.csv"
expect_code 1
expect_err "no/such/dir/worklist.csv: cannot write file: No such file or directory"
end

begin "scan: a good scan replaces the worklist"
printf 'old\n' > "$WORK/out.d/replaced.csv"
run scan "$WORK/pop.csv" --engine batch --date 2025-03-01 --out "$WORK/out.d/replaced.csv"
expect_code 0
expect_same "$WORK/out.d/replaced.csv" "$WORK/worklist.good"
expect_no_temp "$WORK/out.d"
end

begin "synth --out: the file equals stdout, written whole"
run synth --persons 200 --seed 7
cp "$WORK/out" "$WORK/synth.stdout"
printf 'old\n' > "$WORK/out.d/synth.csv"
run synth --persons 200 --seed 7 --out "$WORK/out.d/synth.csv"
expect_code 0
expect_same "$WORK/out.d/synth.csv" "$WORK/synth.stdout"
expect_same "$WORK/out.d/synth.csv" "$WORK/pop.good"
[ ! -s "$WORK/out" ] || problem "synth --out also wrote to stdout"
expect_no_temp "$WORK/out.d"
end

begin "sql --out: the file equals stdout; failing rules keep it"
run sql "$WORK/rules"
cp "$WORK/out" "$WORK/sql.stdout"
run sql "$WORK/rules" --out "$WORK/out.d/rules.sql"
expect_code 0
expect_same "$WORK/out.d/rules.sql" "$WORK/sql.stdout"
run sql "$WORK/broken.rop" --out "$WORK/out.d/rules.sql"
expect_code 2
expect_same "$WORK/out.d/rules.sql" "$WORK/sql.stdout"
expect_no_temp "$WORK/out.d"
end

begin "sql --out with --sqlite-db is refused"
run sql --population "$WORK/pop.csv" --sqlite-db "$WORK/out.d/x.db" --out "$WORK/out.d/x.sql"
expect_code nonzero
expect_err "--out"
expect_missing "$WORK/out.d/x.db"
expect_missing "$WORK/out.d/x.sql"
end

begin "sql --sqlite-db: a failed load creates no database file"
run sql --population "$WORK/bad.csv" --sqlite-db "$WORK/out.d/pop.db" --date 2025-03-01
expect_code 1
expect_err "bad.csv:150:"
expect_err "the file was not created"
expect_missing "$WORK/out.d/pop.db"
expect_no_temp "$WORK/out.d"
run sql --population "$WORK/pop.csv" --sqlite-db "$WORK/out.d/pop.db" --date 2025-03-01
expect_code 0
[ -s "$WORK/out.d/pop.db" ] || problem "the good load wrote no database"
end

begin "export-hsds --out: the file equals stdout"
run import-hsds data/demo/dendermonde/directory.hsds.json --db "$WORK/directory.db"
expect_code 0
run export-hsds --db "$WORK/directory.db"
cp "$WORK/out" "$WORK/export.stdout"
run export-hsds --db "$WORK/directory.db" --out "$WORK/out.d/export.json"
expect_code 0
expect_same "$WORK/out.d/export.json" "$WORK/export.stdout"
[ -s "$WORK/out.d/export.json" ] || problem "empty export"
end

# ---------------------------------------------------------------------------
# 2. An output naming an input is refused before anything is written.

begin "scan --out naming the population is refused"
run scan "$WORK/pop.csv" --engine batch --out "$WORK/pop.csv"
expect_code 1
expect_err "--out $WORK/pop.csv names the population"
expect_same "$WORK/pop.csv" "$WORK/pop.good"
end

begin "scan --out naming the population by another path is refused"
ln -s "$WORK/pop.csv" "$WORK/pop.link"
run scan "$WORK/pop.csv" --engine batch --out "$WORK/out.d/../pop.link"
expect_code 1
expect_err "names the population"
expect_same "$WORK/pop.csv" "$WORK/pop.good"
end

begin "scan --counts naming the population is refused"
run scan "$WORK/pop.csv" --engine batch --out "$WORK/out.d/w.csv" --counts "$WORK/pop.csv"
expect_code 1
expect_err "--counts $WORK/pop.csv names the population"
expect_same "$WORK/pop.csv" "$WORK/pop.good"
expect_missing "$WORK/out.d/w.csv"
end

begin "scan --out and --counts naming the same file are refused"
run scan "$WORK/pop.csv" --engine batch --out "$WORK/worklist.csv" --counts "$WORK/out.d/../worklist.csv"
expect_code 1
expect_err "--out and --counts name the same file"
expect_same "$WORK/worklist.csv" "$WORK/worklist.good"
end

begin "scan --out naming a rule file is refused"
cp "$WORK/rules/allowance.rop" "$WORK/allowance.good"
run scan "$WORK/pop.csv" --engine batch --rights "$WORK/rules" --out "$WORK/rules/allowance.rop"
expect_code 1
expect_err "names a rule file"
expect_same "$WORK/rules/allowance.rop" "$WORK/allowance.good"
end

begin "sql --sqlite-db naming the population is refused"
run sql --population "$WORK/pop.csv" --sqlite-db "$WORK/pop.csv"
expect_code 1
expect_err "--sqlite-db $WORK/pop.csv names the population"
expect_same "$WORK/pop.csv" "$WORK/pop.good"
end

begin "sql --out naming a rule file is refused"
run sql "$WORK/rules" --out "$WORK/rules/allowance.rop"
expect_code 1
expect_err "names a rule file"
expect_same "$WORK/rules/allowance.rop" "$WORK/allowance.good"
end

begin "export-hsds --out naming its database is refused"
cp "$WORK/directory.db" "$WORK/directory.good"
run export-hsds --db "$WORK/directory.db" --out "$WORK/directory.db"
expect_code 1
expect_err "names the service directory database"
expect_same "$WORK/directory.db" "$WORK/directory.good"
end

begin "import-hsds --db naming the HSDS file is refused"
cp data/demo/dendermonde/directory.hsds.json "$WORK/directory.hsds.json"
run import-hsds "$WORK/directory.hsds.json" --db "$WORK/directory.hsds.json"
expect_code 1
expect_err "--db $WORK/directory.hsds.json names the HSDS file"
expect_same "$WORK/directory.hsds.json" data/demo/dendermonde/directory.hsds.json
end

# Regression: an imported logo_path was served as data_dir/logo_path, so
# "/etc/passwd" or "../../etc/hostname" leaked any file to every visitor.
for evil in /etc/passwd ../../../../etc/hostname dendermonde/../../x.png dendermonde/logo.svg; do
  begin "import-hsds refuses logo_path $evil"
  sed "s|\"logo_path\": \"dendermonde/logo.png\"|\"logo_path\": \"$evil\"|" data/demo/dendermonde/directory.hsds.json \
    > "$WORK/evil.hsds.json"
  grep -qF "\"logo_path\": \"$evil\"" "$WORK/evil.hsds.json" || problem "fixture: logo_path not replaced"
  run import-hsds "$WORK/evil.hsds.json" --db "$WORK/evil.db"
  expect_code 1
  expect_err "logo_path '$evil'"
  end
done

# Issue 18: another town's local rights are listed only when asked for.
begin "check lists only the household's own municipal rights; --all-municipalities lists all"
run check data/demo/household.json --date 2025-03-01
expect_code 0
grep -qF '"municipality": "Blankenberge"' "$WORK/out" && problem "Blankenberge's rights listed for a Dendermonde household"
grep -qF '"spec_id": "leefloon"' "$WORK/out" || problem "no spec_id in the results"
run check data/demo/household.json --date 2025-03-01 --all-municipalities
expect_code 0
grep -qF '"municipality": "Blankenberge"' "$WORK/out" || problem "--all-municipalities did not list Blankenberge's rights"
grep -qF '"spec_id": "uitpas_kansentarief"' "$WORK/out" || problem "a UiTPAS variant lacks its spec_id"
end

begin "synth --out /dev/stdout writes the device, not over it"
timeout 20 "$RECHTOP" synth --persons 200 --seed 7 --out /dev/stdout 2> "$WORK/err" | cat > "$WORK/out.d/piped.csv"
code=${PIPESTATUS[0]}
expect_code 0
expect_same "$WORK/out.d/piped.csv" "$WORK/pop.good"
[ -L /dev/stdout ] || problem "/dev/stdout is no longer a symbolic link"
end

# ---------------------------------------------------------------------------
# 3. Numeric options: digits within a range, or a message naming the option.

begin "synth --persons -5 is refused at once"
run synth --persons -5
expect_code nonzero
expect_err "--persons"
[ ! -s "$WORK/out" ] || problem "wrote a population"
end

for value in 0 100000001 1e3 0x10 ' 5' 18446744073709551616 abc; do
  begin "synth --persons '$value' is refused"
  run synth --persons "$value"
  expect_code nonzero
  expect_err "--persons"
  end
done

begin "synth --seed -1 is refused"
run synth --persons 5 --seed -1
expect_code nonzero
expect_err "--seed"
end

for option in "scan:--threads:0" "scan:--threads:-1" "scan:--chunk:-5" "sql:--chunk:0" \
  "check:--max-input:-1" "dump:--max-input:0" "import-hsds:--max-input:-7"; do
  IFS=: read -r command name value <<< "$option"
  begin "$command $name $value is refused"
  case "$command" in
    scan) run scan "$WORK/pop.csv" --engine batch --out "$WORK/out.d/n.csv" "$name" "$value" ;;
    sql) run sql "$WORK/rules" "$name" "$value" ;;
    check) run check data/demo/household.json "$name" "$value" ;;
    dump) run dump --stage ast "$WORK/rules/allowance.rop" "$name" "$value" ;;
    import-hsds) run import-hsds data/demo/dendermonde/directory.hsds.json --db "$WORK/n.db" "$name" "$value" ;;
  esac
  expect_code nonzero
  expect_err "$name"
  end
done

for value in 0 -1 65536 80x; do
  begin "serve --port $value is refused before serving"
  run serve --port "$value" --db "$WORK/serve.db"
  expect_code nonzero
  expect_err "--port"
  expect_no_err "serving on"
  end
done

begin "serve --threads -2 is refused before serving"
run serve --threads -2 --db "$WORK/serve.db"
expect_code nonzero
expect_err "--threads"
expect_no_err "serving on"
end

# ---------------------------------------------------------------------------
# 4. Whole-file inputs are bounded (--max-input, rule files).

begin "check /dev/urandom stops at the size limit"
run check /dev/urandom
expect_code 1
expect_err "/dev/urandom: larger than the limit of 16777216 bytes"
end

begin "check - (stdin) stops at the size limit"
head -c 20000000 /dev/zero | timeout 20 "$RECHTOP" check - > "$WORK/out" 2> "$WORK/err"
code=$?
expect_code 1
expect_err "<stdin>: larger than the limit of 16777216 bytes"
end

begin "check --max-input 100 refuses the demo household"
run check data/demo/household.json --max-input 100
expect_code 1
expect_err "data/demo/household.json: larger than the limit of 100 bytes"
end

begin "check --max-input lets a larger limit through"
run check data/demo/household.json --max-input 100000 --rights "$WORK/rules"
expect_code 0
end

begin "import-hsds /dev/urandom stops at the size limit"
run import-hsds /dev/urandom --db "$WORK/u.db"
expect_code 1
expect_err "/dev/urandom: larger than the limit of 16777216 bytes"
end

begin "dump --stage ast --max-input 10 refuses a rule file"
run dump --stage ast "$WORK/rules/allowance.rop" --max-input 10
expect_code 1
expect_err "larger than the limit of 10 bytes"
end

begin "a rule file above 16 MiB is refused"
mkdir -p "$WORK/big"
{ echo '# big'; head -c 17000000 /dev/zero | tr '\0' '#'; echo; } > "$WORK/big/big.rop"
run lint "$WORK/big"
expect_code 2
grep -qF "big.rop:0:0: error: the file is larger than 16777216 bytes" "$WORK/out" || problem "no size diagnostic"
end

# ---------------------------------------------------------------------------
# 5. Impossible dates.

household_with() {  # household_with SED-EXPRESSION FILE
  sed "$1" data/demo/household.json > "$2"
}

begin "check: birth date 0000-01-01 is refused with its JSON path"
household_with 's/"1991-04-12"/"0000-01-01"/' "$WORK/h0.json"
run check "$WORK/h0.json" --rights "$WORK/rules"
expect_code 1
expect_err '$.household.persons[0].birth_date: 0000-01-01 is outside the supported dates 1800-01-01..2200-12-31'
end

begin "check: birth date 9999-12-31 is refused with its JSON path"
household_with 's/"2016-09-03"/"9999-12-31"/' "$WORK/h9.json"
run check "$WORK/h9.json" --rights "$WORK/rules"
expect_code 1
expect_err '$.household.persons[1].birth_date: 9999-12-31 is outside the supported dates'
end

begin "check: a birth after the reference date is refused"
household_with 's/"2020-01-20"/"2031-05-01"/' "$WORK/hf.json"
run check "$WORK/hf.json" --rights "$WORK/rules"
expect_code 1
expect_err 'hf.json: $.household.persons[2].birth_date: 2031-05-01 is after the reference date 2025-03-01'
end

begin "check --date before a birth is refused"
run check data/demo/household.json --rights "$WORK/rules" --date 2018-01-01
expect_code 1
expect_err '$.household.persons[2].birth_date: 2020-01-20 is after the reference date 2018-01-01'
end

begin "check --date 0001-01-01 is refused"
run check data/demo/household.json --rights "$WORK/rules" --date 0001-01-01
expect_code 1
expect_err '--date: 0001-01-01 is outside the supported dates'
end

begin "scan: a population birth date in year 9999 is refused"
awk -F, -v col="$(column_of birth_date)" 'NR == 7 { OFS = ","; $col = "9999-12-31" } { print }' "$WORK/pop.csv" > "$WORK/y9999.csv"
run scan "$WORK/y9999.csv" --engine batch --out "$WORK/out.d/y.csv"
expect_code 1
expect_err "y9999.csv:7: column 'birth_date': '9999-12-31' is outside the supported dates"
expect_missing "$WORK/out.d/y.csv"
end

# ---------------------------------------------------------------------------
# 6. NUL and invalid UTF-8 in a population cell.

begin "scan: a NUL byte in a cell names line and column"
run scan "$WORK/nul.csv" --engine batch --out "$WORK/out.d/nul.csv"
expect_code 1
expect_err "nul.csv:5: column 'neighbourhood': a NUL byte"
expect_missing "$WORK/out.d/nul.csv"
end

begin "scan: invalid UTF-8 in a cell names line and column"
run scan "$WORK/latin1.csv" --engine batch --out "$WORK/out.d/latin1.csv"
expect_code 1
expect_err "latin1.csv:5: column 'neighbourhood': invalid UTF-8"
expect_missing "$WORK/out.d/latin1.csv"
end

begin "sql: a NUL byte in a cell is refused by the load too"
run sql --population "$WORK/nul.csv" --sqlite-db "$WORK/out.d/nul.db"
expect_code 1
expect_err "nul.csv:5: column 'neighbourhood': a NUL byte"
expect_missing "$WORK/out.d/nul.db"
end

# ---------------------------------------------------------------------------
# 7. Invalid UTF-8 in a rule file.

# Latin-1 in the right's name, which `check` prints in its JSON output.
mkdir -p "$WORK/badutf"
sed '0,/^  name "/s//  name "caf\xe9 /' bench/allowance/allowance.rop > "$WORK/badutf/allowance.rop"
badline=$(grep -n '^  name "caf' "$WORK/badutf/allowance.rop" | cut -d: -f1)

begin "lint: invalid UTF-8 in a rule file has file:line:col"
run lint "$WORK/badutf"
expect_code 2
grep -qF "allowance.rop:$badline:12: error: invalid UTF-8 (byte 0xe9)" "$WORK/out" || problem "no file:line:col diagnostic"
end

begin "check: a rule file with invalid UTF-8 is a rule error, not an internal one"
run check data/demo/household.json --rights "$WORK/badutf"
expect_code 2
expect_err "invalid UTF-8"
expect_no_err "internal error"
end

# ---------------------------------------------------------------------------
# 6. Other spellings and lenient reading (docs/household.md).

begin "check: the official region name gives the same answer as our code"
household_with 's/"region": "flanders"/"region": "Vlaams Gewest"/' "$WORK/hr.json"
run check data/demo/household.json
cp "$WORK/out" "$WORK/hr.good"
run check "$WORK/hr.json"
expect_code 0
expect_same "$WORK/out" "$WORK/hr.good"
end

begin "check: a typo is refused naming its path; --lenient lists it in ignored_fields"
household_with 's/"birth_date": "1991-04-12"/"birth_dat": "1991-04-12"/; s/"tenure": "tenant"/"tenure": "tennant"/' "$WORK/ht.json"
run check "$WORK/ht.json" --rights "$WORK/rules"
expect_code 1
expect_err "ht.json: \$.household.persons[0].birth_dat: unknown field 'birth_dat' (did you mean 'birth_date'?)"
run check "$WORK/ht.json" --rights "$WORK/rules" --lenient
expect_code 0
grep -qF '"path": "$.household.persons[0].birth_dat"' "$WORK/out" || problem "no ignored birth_dat in the output"
grep -qF '"path": "$.housing.tenure"' "$WORK/out" || problem "no ignored tenure in the output"
run check "$WORK/ht.json" --rights "$WORK/rules" --lenient --format text
expect_code 0
expect_err "ht.json: \$.housing.tenure: ignored: 'tennant' is not an allowed value (did you mean 'tenant'?)"
end

begin "check: a household in the spec appendix's vocabulary gives the answers of the same household in our codes"
cat > "$WORK/appendix.json" <<'JSON'
{"reference_date": "2024-06-01",
 "municipality": {"name": "Dendermonde", "postcode": "9200", "region": "Vlaams Gewest"},
 "household": {"living_situation": "single_parent", "persons": [
   {"id": "moeder", "birth_date": "1990-02-01", "relationship_to_applicant": "self",
    "incomes": [{"kind": "salary", "amount": 1250.50, "period": "month", "basis": "net"}],
    "statuses": [{"status": "leefloon", "since": "2024-01-01", "category": 3}]},
   {"id": "kind", "birth_date": "2020-05-05", "relationship_to_applicant": "child", "incomes": [], "statuses": []}]},
 "income_history": {"household_gross_taxable_income_annual": {"year": 2023, "amount": 18000},
                    "household_gross_taxable_income_prev_month": 1500},
 "housing": {"tenure": "private_rent", "rent_monthly": 700, "heating_fuel": "mains_gas",
             "owned_real_estate": [{"type": "building_land", "KI_non_indexed": 120}]}}
JSON
sed -e 's/"Vlaams Gewest"/"flanders"/; s/"salary"/"employment"/; s/"category": 3/"category": "cat3"/' \
    -e 's/"prev_month": 1500/"prev_month": {"month": "2024-05", "amount": 1500}/' \
    -e 's/"private_rent"/"tenant"/; s/"mains_gas"/"natural_gas"/; s/"building_land", "KI_non_indexed"/"land", "ki_non_indexed"/' \
    "$WORK/appendix.json" > "$WORK/ours.json"
run check "$WORK/ours.json"
expect_code 0
cp "$WORK/out" "$WORK/ours.out"
run check "$WORK/appendix.json"
expect_code 0
sed 's/appendix\.json/ours.json/g' "$WORK/out" > "$WORK/appendix.out"
expect_same "$WORK/appendix.out" "$WORK/ours.out"
grep -qF '"status": "eligible"' "$WORK/ours.out" || problem "no eligible right: the household does not exercise the rules"
end

# ---------------------------------------------------------------------------
# The search log (issue 21, item 4): `serve` counts searches that find
# nothing; `search-log` lists them and exports CSV.

begin "search-log without --db says it is required"
run search-log
expect_code nonzero
expect_err "--db is required"
end

begin "search-log on a missing database file says so and creates nothing"
run search-log --db "$WORK/out.d/no-such.db"
expect_code 1
expect_err "--db $WORK/out.d/no-such.db: no such database file"
expect_missing "$WORK/out.d/no-such.db"
end

# http_get PORT TARGET: the answer's status line, over bash's /dev/tcp (no curl needed).
http_get() {
  local reply
  exec 3<> "/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$2" >&3
  reply=$(timeout 10 cat <&3)
  exec 3<&-
  printf '%s\n' "$reply" | head -1
}

begin "serve counts searches that found nothing; search-log lists them per municipality"
port=$((20000 + RANDOM % 30000))
timeout 60 "$RECHTOP" serve --port "$port" --db "$WORK/log.db" > "$WORK/serve.out" 2> "$WORK/serve.err" &
serve_pid=$!
for _ in $(seq 1 100); do
  (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
  sleep 0.1
done
for target in "/zoeken?q=Fietsherstel%2C+0470123456&gemeente=leuven" "/zoeken?q=fietsherstel&gemeente=leuven" \
              "/zoeken?q=fietsherstel" "/zoeken?q=leefloon&gemeente=leuven" "/zoeken?q=zwembad&gemeente=herent"; do
  status=$(http_get "$port" "$target")
  case "$status" in "HTTP/1.1 200"*) ;; *) problem "GET $target: '$status'" ;; esac
done
kill "$serve_pid" 2> /dev/null
wait "$serve_pid" 2> /dev/null
today=$(date -u +%F)
run search-log --db "$WORK/log.db"
expect_code 0
grep -qE "^leuven +2  $today  $today  fietsherstel\$" "$WORK/out" || problem "no 'leuven 2 fietsherstel' row"
grep -qE "^\(geen\) +1  $today  $today  fietsherstel\$" "$WORK/out" || problem "no row for the search without a town"
grep -qE "^herent +1 .* zwembad\$" "$WORK/out" || problem "no herent row"
grep -q "leefloon" "$WORK/out" && problem "a search that found something is listed"
grep -q "0470" "$WORK/out" && problem "a phone number is listed"
grep -q "fietsherstel\|zwembad" "$WORK/serve.err" && problem "the server log holds a query"
run search-log --db "$WORK/log.db" --gemeente leuven
expect_code 0
[ "$(grep -c fietsherstel "$WORK/out")" = 1 ] || problem "--gemeente leuven lists other towns"
grep -q zwembad "$WORK/out" && problem "--gemeente leuven lists herent's search"
end

begin "search-log --csv writes the rows as CSV, whole"
printf 'old\n' > "$WORK/out.d/misses.csv"
run search-log --db "$WORK/log.db" --csv "$WORK/out.d/misses.csv"
expect_code 0
printf 'municipality,query,count,first_seen,last_seen\n,fietsherstel,1,%s,%s\nherent,zwembad,1,%s,%s\nleuven,fietsherstel,2,%s,%s\n' \
  "$today" "$today" "$today" "$today" "$today" "$today" > "$WORK/misses.expected"
expect_same "$WORK/out.d/misses.csv" "$WORK/misses.expected"
expect_err "3 searches that found nothing written to"
expect_no_temp "$WORK/out.d"
run search-log --db "$WORK/log.db" --gemeente herent --csv "$WORK/out.d/herent.csv"
expect_code 0
printf 'municipality,query,count,first_seen,last_seen\nherent,zwembad,1,%s,%s\n' "$today" "$today" > "$WORK/herent.expected"
expect_same "$WORK/out.d/herent.csv" "$WORK/herent.expected"
end

begin "search-log refuses a bad --gemeente and keeps the old CSV"
cp "$WORK/out.d/misses.csv" "$WORK/misses.before"
run search-log --db "$WORK/log.db" --gemeente "Leu ven" --csv "$WORK/out.d/misses.csv"
expect_code 1
expect_err "--gemeente 'Leu ven' is not a municipality id"
expect_same "$WORK/out.d/misses.csv" "$WORK/misses.before"
end

begin "search-log --csv naming its database is refused"
cp "$WORK/log.db" "$WORK/log.before"
run search-log --db "$WORK/log.db" --csv "$WORK/log.db"
expect_code 1
expect_err "--csv $WORK/log.db names the database"
expect_same "$WORK/log.db" "$WORK/log.before"
end

begin "search-log --csv in a missing directory fails and writes nothing"
run search-log --db "$WORK/log.db" --csv "$WORK/no/such/dir/misses.csv"
expect_code 1
expect_err "no/such/dir/misses.csv: cannot write file"
end

begin "search-log on a database without misses says so"
run import-hsds data/demo/leuven/directory.hsds.json --db "$WORK/empty-log.db"
run search-log --db "$WORK/empty-log.db" --gemeente leuven
expect_code 0
grep -qF "Geen zoekopdrachten zonder resultaat in leuven." "$WORK/out" || problem "stdout: $(cat "$WORK/out")"
end

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
