#!/usr/bin/env bash
# On the GPU machine (runtime staged, carry .dev/app): bash bench/gpu/profile.sh MODEL EPOCHS [mode ...]
# Trains MODEL on the synthetic set (batch 128, imgsz 640, AMP, 16 workers) once per mode: "off" (plain timing),
# "cpu" (per-phase time the training thread spends) and "sync" (per-phase GPU time, synchronising at every phase
# boundary). Epoch lines and step_profile JSON lines go to $OUT/profile-MODEL-MODE.log.
set -uo pipefail
out="${OUT:-/tmp/out}"; mkdir -p "$out"
m="$1"; epochs="$2"; shift 2
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
modes=("$@"); [ ${#modes[@]} -eq 0 ] && modes=(off cpu sync)
for mode in "${modes[@]}"; do
  rm -rf /tmp/runs/prof
  JAVA_OPTS="-Xmx32g -Djava.awt.headless=true -Dyolo.train.profile=$mode" bash .dev/app/java.sh \
    dev.yolojava.samples.Train model=$m.yaml data=/tmp/synth/data.yaml epochs=$epochs batch=128 imgsz=640 device=0 \
    workers=16 plots=false val=false save_dir=/tmp/runs/prof > "$out/profile-$m-$mode.log" 2>&1
  echo "== $m $mode"; grep -E "epoch [0-9]+/|step_profile|Exception|Error" "$out/profile-$m-$mode.log" | cut -c1-400 | head -12
done
