#!/usr/bin/env bash
# Batch throughput, memory and start-up of `assess`, each measured side by
# side with its baseline in one run, so the ratios hold on any machine.
#
#   bash bench/batch.sh                 # 10,000 and 1,000 generated sheets
#   N=100000 RUNS=3 bash bench/batch.sh
#   BEFORE=/tmp/assess-main bash bench/batch.sh   # also time an older build
#
# Prints medians of RUNS interleaved runs and their ratios. Needs GNU time
# (/usr/bin/time) for peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-10000}
SMALL=${SMALL:-1000}
RUNS=${RUNS:-5}
STARTS=${STARTS:-50}

cargo build --release --quiet --bin assess --example generate_sheets --example parse_only --example stages
bin=target/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/examples/generate_sheets" "$work/big" "$N"
"$bin/examples/generate_sheets" "$work/small" "$SMALL"
cat "$work"/big/* "$work"/small/* > /dev/null   # warm the page cache

# Milliseconds one command takes, wall clock and CPU (user + system, all
# threads); its output and exit code are not the point. CPU time moves
# less than wall time when the machine is shared.
ms() {
  /usr/bin/time -o "$work/took" -f '%e %U %S' "$@" > /dev/null 2>&1 || true
  tail -n 1 "$work/took" | awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# Throughput: the commands take turns, so drift in the machine's load
# falls on all of them alike.
for _ in $(seq "$RUNS"); do
  echo "parse $(ms "$bin/examples/parse_only" "$work/big")"
  echo "serial $(ms "$bin/examples/parse_only" --serial "$work/big")"
  for stage in files events sheet evaluate json; do
    echo "stage_$stage $(ms "$bin/examples/stages" "$stage" "$work/big")"
  done
  echo "json $(ms "$bin/assess" --format json "$work/big")"
  echo "jsonl $(ms "$bin/assess" --format jsonl "$work/big")"
  echo "table $(ms "$bin/assess" --lang en "$work/big")"
  echo "html $(ms "$bin/assess" --format html "$work/big")"
  echo "xlsx $(ms "$bin/assess" --format xlsx "$work/big")"
  if [ -n "${BEFORE:-}" ]; then
    echo "before_json $(ms "$BEFORE" --format json "$work/big")"
    echo "before_table $(ms "$BEFORE" --lang en "$work/big")"
  fi
done > "$work/times"
# The median wall time of a command; `cpu` for its median CPU time.
get() { awk -v k="$1" '$1 == k { print $2 }' "$work/times" | median; }
cpu() { awk -v k="$1" '$1 == k { print $3 }' "$work/times" | median; }
parse=$(get parse); serial=$(get serial); json=$(get json); jsonl=$(get jsonl); table=$(get table)
html=$(get html); xlsx=$(get xlsx)
parse_cpu=$(cpu parse); json_cpu=$(cpu json); jsonl_cpu=$(cpu jsonl); table_cpu=$(cpu table)
html_cpu=$(cpu html); xlsx_cpu=$(cpu xlsx)

# Peak resident memory (KiB) of the streaming formats at two batch sizes.
peak() {
  /usr/bin/time -o "$work/peak" -f %M "$@" > /dev/null 2>&1 || true
  tail -n 1 "$work/peak"
}
jsonl_small=$(peak "$bin/assess" --format jsonl "$work/small")
jsonl_big=$(peak "$bin/assess" --format jsonl "$work/big")
table_small=$(peak "$bin/assess" --lang en "$work/small")
table_big=$(peak "$bin/assess" --lang en "$work/big")
html_small=$(peak "$bin/assess" --format html "$work/small")
html_big=$(peak "$bin/assess" --format html "$work/big")
xlsx_small=$(peak "$bin/assess" --format xlsx "$work/small")
xlsx_big=$(peak "$bin/assess" --format xlsx "$work/big")
parse_big=$(peak "$bin/examples/parse_only" "$work/big")

# Pathological sheets: each must be refused (exit 2) at once, in memory
# proportional to the file. Seconds and peak KiB of one run each.
mkdir -p "$work/bad"
awk 'BEGIN { for (i = 0; i < 65000; i++) printf "{a: " }' > "$work/bad/braces.yaml"  # 260,000 bytes
head -c 262143 /dev/zero | tr '\0' '[' > "$work/bad/brackets.yaml"
{
  printf 'community:\n  name: x\nyear: 2024\nnot_applicable:\n  "1.3": &t '
  head -c 100000 /dev/zero | tr '\0' 'x'
  printf '\nevidence:\n  "7.6": ['
  awk 'BEGIN { for (i = 0; i < 9999; i++) printf "*t, " }'
  printf '*t]\n'
} > "$work/bad/aliases.yaml"                                                # 140 KB
bad() {
  /usr/bin/time -o "$work/peak" -f '%e %M' "$bin/assess" --lang en "$work/bad/$1.yaml" > /dev/null 2>&1 || true
  tail -n 1 "$work/peak"
}
braces=$(bad braces); brackets=$(bad brackets); aliases=$(bad aliases)

# Start-up: assessing one sheet against starting the binary at all.
one() { for _ in $(seq "$STARTS"); do "$@" > /dev/null 2>&1 || true; done; }
elapsed() {
  local start end
  start=$(date +%s%N)
  "$@"
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
version=$(elapsed one "$bin/assess" --version)
single=$(elapsed one "$bin/assess" --format json examples/model-2024.yaml)

cat <<REPORT
machine: $(nproc) cores; $N sheets (batch), $SMALL (small batch); medians of $RUNS runs

throughput on $N sheets          wall ms  × parse-only     CPU ms  × parse-only
  parse-only baseline, all cores  $(printf '%8s' "$parse")    1.00    $(printf '%8s' "$parse_cpu")    1.00
  parse-only baseline, one core   $(printf '%8s' "$serial")    $(ratio "$serial" "$parse")
  assess --format json            $(printf '%8s' "$json")    $(ratio "$json" "$parse")    $(printf '%8s' "$json_cpu")    $(ratio "$json_cpu" "$parse_cpu")
  assess --format jsonl           $(printf '%8s' "$jsonl")    $(ratio "$jsonl" "$parse")    $(printf '%8s' "$jsonl_cpu")    $(ratio "$jsonl_cpu" "$parse_cpu")
  assess (batch summary table)    $(printf '%8s' "$table")    $(ratio "$table" "$parse")    $(printf '%8s' "$table_cpu")    $(ratio "$table_cpu" "$parse_cpu")
  assess --format html (dashboard)$(printf '%8s' "$html")    $(ratio "$html" "$parse")    $(printf '%8s' "$html_cpu")    $(ratio "$html_cpu" "$parse_cpu")
  assess --format xlsx (workbook) $(printf '%8s' "$xlsx")    $(ratio "$xlsx" "$parse")    $(printf '%8s' "$xlsx_cpu")    $(ratio "$xlsx_cpu" "$parse_cpu")

where the time goes (bench/stages.rs: all cores, nothing printed)   CPU ms  × parse-only
$(for stage in files events sheet evaluate json; do
  printf '  up to %-9s %42s    %s\n' "$stage" "$(cpu "stage_$stage")" "$(ratio "$(cpu "stage_$stage")" "$parse_cpu")"
done)

the report formats against JSON on the same $N sheets    wall × json   CPU × json
  assess --format html                 $(ratio "$html" "$json")          $(ratio "$html_cpu" "$json_cpu")
  assess --format xlsx                 $(ratio "$xlsx" "$json")          $(ratio "$xlsx_cpu" "$json_cpu")

peak memory                                  KiB   × at $SMALL sheets
  assess --format jsonl, $SMALL sheets   $(printf '%8s' "$jsonl_small")    1.00
  assess --format jsonl, $N sheets  $(printf '%8s' "$jsonl_big")    $(ratio "$jsonl_big" "$jsonl_small")
  assess summary table, $SMALL sheets    $(printf '%8s' "$table_small")    1.00
  assess summary table, $N sheets   $(printf '%8s' "$table_big")    $(ratio "$table_big" "$table_small")
  assess --format html, $SMALL sheets    $(printf '%8s' "$html_small")    1.00
  assess --format html, $N sheets   $(printf '%8s' "$html_big")    $(ratio "$html_big" "$html_small")
  assess --format xlsx, $SMALL sheets    $(printf '%8s' "$xlsx_small")    1.00
  assess --format xlsx, $N sheets   $(printf '%8s' "$xlsx_big")    $(ratio "$xlsx_big" "$xlsx_small")
  (parse-only baseline, $N sheets   $(printf '%8s' "$parse_big"))

pathological sheets (refused)                 s      peak KiB
  260 KB of nested '{a: '              $(printf '%8s %10s' $braces)
  262,143 nested '['                   $(printf '%8s %10s' $brackets)
  100 KB text aliased 10,000 times     $(printf '%8s %10s' $aliases)

start-up, $STARTS runs each                      ms    × --version
  assess --version                     $(printf '%8s' "$version")    1.00
  assess --format json one sheet       $(printf '%8s' "$single")    $(ratio "$single" "$version")
REPORT
if [ -n "${BEFORE:-}" ]; then
  before_json=$(get before_json); before_table=$(get before_table)
  cat <<REPORT

the same runs, against $BEFORE                ms    × parse-only   this ÷ before
  before: assess --format json         $(printf '%8s' "$before_json")    $(ratio "$before_json" "$parse")           $(ratio "$json" "$before_json")
  before: assess (summary table)       $(printf '%8s' "$before_table")    $(ratio "$before_table" "$parse")           $(ratio "$table" "$before_table")
REPORT
fi
