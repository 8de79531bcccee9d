#!/usr/bin/env bash
# The measurements a model is shipped on (docs/training.md "Shipping a model"): synthetic TEST per task (network,
# gate ablation), the integrity verdict (synthetic TEST pooled, cvip_copymove, untouched camera photos of the TEST
# source split; docs/verdict.md) and the fusion table on every labelled real dev set (docs/fusion.md).
# Usage: scripts/measure-model.sh MODEL_DIR OUT_DIR   (resumable: a step whose result exists is skipped)
set -euo pipefail
cd "$(dirname "$0")/.."
model="$1"
out="$2"
shared="${OMNIIML_SHARED:-$(cd ../shared 2>/dev/null && pwd || echo /work/shared)}"
dev="$shared/data/dev"
mkdir -p "$out"
step() { # step NAME RESULT_FILE COMMAND...: runs COMMAND unless RESULT_FILE exists, timing it into $out/times.txt
  local name="$1" result="$2"; shift 2
  if [ -e "$result" ]; then echo "== $name: done before ($result)"; return; fi
  echo "== $name"
  local t0=$SECONDS
  "$@"
  echo "$name $((SECONDS - t0)) s" >> "$out/times.txt"
}
detect() { ./omniiml detect --model "$model" --no-explain --format json --overwrite "$@" > /dev/null; }

step "eval-synth (TEST, 24 per task, gate ablation)" "$out/eval-synth.json" \
  ./omniiml train eval-synth --model "$model" --split test --per-task 24 --gate ALL --json "$out/eval-synth.json"

# The synthetic TEST split of docs/verdict.md: 60 per task, seed 20261127, 256 px; the data is the same for every model.
synth="$out/../synth-test-20261127"
for t in natural document face scene_text; do
  step "synth TEST $t" "$synth/$t/manifest.json" \
    ./omniiml synth --split test --task "$t" --count 60 --seed 20261127 --size 256 --out "$synth/$t"
  step "detect synthetic TEST $t" "$out/pred-$t/.done" bash -c "$(declare -f detect); model='$model'; \
    detect --out '$out/pred-$t' '$synth/$t'/Tp/* && touch '$out/pred-$t/.done'"
  step "eval synthetic TEST $t" "$out/eval-$t.json" ./omniiml eval --data "$synth/$t" --pred "$out/pred-$t" --json "$out/eval-$t.json"
done
# Pooled: one manifest over the four sets (ids prefixed by task), predictions linked under the same ids.
pooled_data="$out/synth-test-all"
pooled_pred="$out/pred-synth-test-all"
if [ ! -e "$out/eval-synth-test-all.json" ]; then
  mkdir -p "$pooled_data" "$pooled_pred"
  python3 - "$synth" "$out" "$pooled_data" "$pooled_pred" <<'PY'
import json, os, sys
synth, out, data, pred = sys.argv[1:]
samples = []
for t in ["natural", "document", "face", "scene_text"]:
    m = json.load(open(os.path.join(synth, t, "manifest.json")))
    for s in m["samples"]:
        sid = t + "-" + s.get("id", os.path.splitext(os.path.basename(s["image"]))[0])
        old = s.get("id", os.path.splitext(os.path.basename(s["image"]))[0])
        mask = s.get("mask")
        samples.append({"id": sid, "task": t, "image": os.path.join(synth, t, s["image"]),
                        "mask": None if mask in (None, "Negative") else os.path.join(synth, t, mask)})
        for suffix in ["_prob.png", "_mask.png", ".json"]:
            src = os.path.join(out, "pred-" + t, old + suffix)
            dst = os.path.join(pred, sid + suffix)
            if os.path.exists(src) and not os.path.lexists(dst):
                os.symlink(src, dst)
json.dump({"version": 1, "name": "synth-test-20261127-pooled", "samples": samples},
          open(os.path.join(data, "manifest.json"), "w"), indent=1)
PY
fi
step "eval synthetic TEST pooled" "$out/eval-synth-test-all.json" \
  ./omniiml eval --data "$pooled_data" --pred "$pooled_pred" --json "$out/eval-synth-test-all.json"

step "detect cvip_copymove" "$out/cvip/.done" bash -c "$(declare -f detect); model='$model'; \
  detect --out '$out/cvip' '$dev'/cvip_copymove/{tampered,originals}/*.png && touch '$out/cvip/.done'"
step "eval cvip_copymove" "$out/eval-cvip.json" ./omniiml eval --data "$dev/cvip_copymove" --pred "$out/cvip" --json "$out/eval-cvip.json"

# Untouched camera photos of the TEST source split (docs/verdict.md names them).
camera="$out/camera-test-set"
mkdir -p "$camera"
python3 - "$shared/data/sources/natural_camera/img" "$camera/manifest.json" <<'PY'
import json, os, sys
src, manifest = sys.argv[1:]
names = ["mde_Casio QV-3000EX", "mde_FujiFilm FinePix2650", "mde_HTC One", "mde_Pentax Optio 430", "mde_Sony Mavica"]
json.dump({"version": 1, "name": "natural-camera-test", "samples": [
    {"id": n, "image": os.path.join(src, n + ".jpg"), "mask": None, "task": "natural"} for n in names]},
    open(manifest, "w"), indent=1)
PY
step "detect camera TEST photos" "$out/camera/.done" bash -c "$(declare -f detect); model='$model'; \
  detect --out '$out/camera' \"$shared/data/sources/natural_camera/img/mde_Casio QV-3000EX.jpg\" \
  \"$shared/data/sources/natural_camera/img/mde_FujiFilm FinePix2650.jpg\" \"$shared/data/sources/natural_camera/img/mde_HTC One.jpg\" \
  \"$shared/data/sources/natural_camera/img/mde_Pentax Optio 430.jpg\" \"$shared/data/sources/natural_camera/img/mde_Sony Mavica.jpg\" \
  && touch '$out/camera/.done'"
step "eval camera TEST photos" "$out/eval-camera.json" ./omniiml eval --data "$camera" --pred "$out/camera" --json "$out/eval-camera.json"

step "fusion measure (real dev sets)" "$out/measure/.done" bash -c "./omniiml fusion measure --model '$model' --out '$out/measure' \
  '$dev/cvip_copymove' '$dev/noso_copymove' '$dev/nist16_sample' '$dev/casia_jpeg_samples' '$dev/columbia_sample' \
  '$dev/casia2_samples' '$dev/real_documents' > '$out/fusion-measure.txt' && touch '$out/measure/.done'"
echo "== done; times in $out/times.txt"
