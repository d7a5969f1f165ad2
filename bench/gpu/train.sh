#!/usr/bin/env bash
# On the GPU machine (runtime staged, carry .dev/app): bash bench/gpu/train.sh NAME MODEL [key=value ...]
# Trains on the synthetic benchmark set (written to /tmp/synth once) and copies results.csv and the log to $OUT.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
name="$1"; model="$2"; shift 2
export JAVA_OPTS="${JAVA_OPTS:--Xmx32g -Djava.awt.headless=true}"
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
rm -rf "/tmp/runs/$name"
bash .dev/app/java.sh dev.yolojava.samples.Train model="$model" data=/tmp/synth/data.yaml save_dir="/tmp/runs/$name" \
  "$@" > "$out/$name.log" 2>&1
rc=$?
grep -E "epoch [0-9]+/|optimizer|trained|Exception|Error|at dev" "$out/$name.log" | head -60
cp "/tmp/runs/$name/results.csv" "$out/$name-results.csv" 2>/dev/null
exit $rc
