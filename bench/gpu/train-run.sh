# Sourced by the bench/gpu scripts: one yolov8n training run on the synthetic set, its log and results.csv
# appended to $summary. Needs $summary and $logs set; `base` holds the arguments every run shares.
[ -d /tmp/synth ] || python3 .dev/app/synth_dataset.py /tmp/synth > /dev/null
base=(model=yolov8n.yaml data=/tmp/synth/data.yaml imgsz=640 workers=16 cache=ram seed=0 plots=False val=False device=0)

train_run() { # name, app dir (jars and java.sh), extra JAVA_OPTS, args...
  local name="$1" app="$2" opts="$3"; shift 3
  mkdir -p "$logs"
  rm -rf "/tmp/runs/$name"
  local t0=$(date +%s.%N)
  JAVA_OPTS="-Xmx32g -Djava.awt.headless=true $opts" bash "$app/java.sh" dev.yolojava.samples.Train "${base[@]}" \
    save_dir="/tmp/runs/$name" "$@" > "$logs/$name.log" 2>&1
  local rc=$? t1=$(date +%s.%N)
  {
    echo "== $name app=$app opts='$opts' args='$*' rc=$rc wall_s=$(awk "BEGIN{print $t1 - $t0}")"
    grep -E "epoch [0-9]+/[0-9]+:|Training |AutoBatch|determin|Exception|Error|WARN|at dev" "$logs/$name.log" | head -40
    cat "/tmp/runs/$name/results.csv" 2>/dev/null
  } >> "$summary"
}
