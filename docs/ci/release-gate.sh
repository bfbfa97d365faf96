#!/bin/sh
# Release gate: audit the candidate model's output against the last released model's report.
# Exit code: 0 pass (warnings allowed), 1 a finding failed or regressed, 2 the audit could not run.
# Used as is by the GitHub Actions workflow and the GitLab CI job next to it.
#   FAIRAUDIT_CONFIG    the audit config (default: fairaudit.yml)
#   FAIRAUDIT_BASELINE  the released model's JSON report (default: baseline/fairaudit-report.json);
#                       when it does not exist yet (--baseline-optional), change rules are skipped
#                       and every report says so
#   FAIRAUDIT_OUT       where reports go (default: reports)
set -u
config="${FAIRAUDIT_CONFIG:-fairaudit.yml}"
baseline="${FAIRAUDIT_BASELINE:-baseline/fairaudit-report.json}"
out="${FAIRAUDIT_OUT:-reports}"
fairaudit="${FAIRAUDIT:-npx --no-install fairaudit}"

$fairaudit validate "$config" || exit 2
$fairaudit audit --config "$config" --baseline "$baseline" --baseline-optional --format terminal,json,csv,junit,markdown,html --out "$out"
status=$?
# A readable diff for the merge-request comment, when there is something to compare with.
if [ -f "$baseline" ] && [ -f "$out/fairaudit-report.json" ]; then
  $fairaudit compare "$baseline" "$out/fairaudit-report.json" --format markdown --out "$out/comment.md" || true
fi
exit "$status"
