#!/usr/bin/env bash
# Issue 15 item 2: pretrained vs random init vs tiny, one budget (500 steps), then synthetic TEST per task.
set -uo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=1 OMNIIML_JAVA_OPTS="-Xmx3g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"
for n in mnv2 random tiny; do
  out=runs/ablation-init/$n
  if [ ! -f $out/done ]; then
    if [ -d $out/checkpoints/last ]; then r="--out $out --resume"; else r="--config ablation-init-$n --out $out"; fi
    nice -n 10 ./omniiml train $r --no-progress-bar > runs/ablation-init/$n.train.log 2>&1 && touch $out/done
  fi
  nice -n 10 ./omniiml train eval-synth --model $out/checkpoints/last --split test --per-task 24 --gate ALL --json runs/ablation-init/$n.test.json > runs/ablation-init/$n.test.log 2>&1
done
echo finished > runs/ablation-init/finished
