#!/usr/bin/env bash
# The composite action's check step (action.yml): runs `coi-pipeline check` on INPUT_PATHS into
# INPUT_OUT and tells later steps where the outputs are. Kept out of action.yml so that a test can
# run it locally with GITHUB_* variables pointing into a temporary directory.
set -euo pipefail
out="${INPUT_OUT:-coi-pipeline-out}"
# `paths`: one path per line (a YAML block, `paths: |`), inner spaces kept, the line trimmed;
# a single line is split at whitespace (`paths: letters/ corpus.jsonl`).
if [[ "${INPUT_PATHS:-}" == *$'\n'* ]]; then
  paths=()
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"  # leading and trailing whitespace (and a CR) off
    line="${line%"${line##*[![:space:]]}"}"
    [[ -n "$line" ]] && paths+=("$line")
  done <<< "$INPUT_PATHS"
else
  read -r -a paths <<< "${INPUT_PATHS:-}"
fi
read -r -a extra <<< "${INPUT_ARGS:-}"
status=0
coi-pipeline check --no-progress --fail-on "${INPUT_FAIL_ON:-warning}" -o "$out" \
  ${INPUT_CONFIG:+--config "$INPUT_CONFIG"} "${extra[@]}" "${paths[@]}" || status=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "out=$out"
    echo "sarif=$out/findings.sarif"
    echo "exit-code=$status"
  } >> "$GITHUB_OUTPUT"
fi
exit "$status"
