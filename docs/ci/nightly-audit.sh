#!/bin/sh
# Nightly audit of a live campaign: append the run to a history file and render the trends.
# Run from cron or a systemd timer (see docs/ci/README.md). Exit code: 1 when the audit failed
# or a metric drifts toward its bound, 2 when it could not run.
#   FAIRAUDIT_CONFIG   the audit config (default: fairaudit.yml)
#   FAIRAUDIT_HISTORY  the history file (default: audits.jsonl)
#   FAIRAUDIT_OUT      where the trend page goes (default: reports)
set -u
config="${FAIRAUDIT_CONFIG:-fairaudit.yml}"
history="${FAIRAUDIT_HISTORY:-audits.jsonl}"
out="${FAIRAUDIT_OUT:-reports}"
fairaudit="${FAIRAUDIT:-npx --no-install fairaudit}"

$fairaudit audit --config "$config" --history "$history" --quiet
audit=$?
[ "$audit" -eq 2 ] && exit 2
mkdir -p "$out"
$fairaudit history "$history" --format html --out "$out/trends.html"
$fairaudit history "$history" --fail-on-drift
drift=$?
[ "$audit" -ne 0 ] && exit "$audit"
exit "$drift"
